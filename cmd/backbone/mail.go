package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"backbone/internal/account"
	"backbone/internal/config"
	"backbone/internal/mail"
	"backbone/internal/store"
)

const mailHelp = `Usage: backbone mail <test|server> [flags]

  test      put a test message to ADDRESS in the outbox and send it now
            through the mail server (the one saved on the settings page,
            or --smtp-url / BACKBONE_SMTP_URL), then say what the server
            answered: backbone mail test you@example.org
  server    print the mail server saved in the settings (never its
            password), or save one as the settings page does:
            --set smtp://user:password@host:port?tls=starttls [--from ADDRESS]
            (--password-stdin reads the password instead of the URL), or
            --clear to stop using a saved one

Every subcommand takes --db and --help.
`

func runMail(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "mail", args, map[string]func(context.Context, env, []string) error{
		"test": mailTest, "server": mailServer,
	}, mailHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func mailTest(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "mail test", "Sends a test message to ADDRESS through the outbox, to check the mail server.")
	c := dbConfig(fs)
	config.MailFlags(fs, c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("mail test needs one ADDRESS, like backbone mail test you@example.org")
	}
	to := fs.Arg(0)
	if err := mail.CheckAddress("ADDRESS", to); err != nil {
		return usagef("%v", err)
	}
	if err := c.CheckMail(); err != nil {
		return usagef("%v", err)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		o, err := mail.NewOutbox(
			db,
			account.NewStore(db),
			mail.Options{SMTPURL: c.SMTPURL, MailFrom: c.MailFrom, Site: strings.TrimRight(c.BaseURL, "/")},
		)
		if err != nil {
			return err
		}
		id, err := o.SendTest(ctx, cli, to)
		if err != nil {
			return err
		}
		setup, err := o.Setup(ctx)
		if err != nil {
			return err
		}
		if !setup.Sending() {
			fmt.Fprintf(
				e.stdout,
				"The test message to %s is in the outbox, not sent: no mail server is set (--smtp-url, BACKBONE_SMTP_URL or the "+
					"settings page).\n",
				to,
			)
			return nil
		}
		w := mail.NewWorker(o, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if _, err := w.RunOnce(ctx); err != nil {
			return err
		}
		m, err := o.Get(ctx, cli, id)
		if err != nil {
			return err
		}
		switch m.Status {
		case mail.StatusSent:
			fmt.Fprintf(e.stdout, "Sent a test message to %s through %s, from %s.\n", to, setup.Server, setup.From)
			return nil
		case mail.StatusFailed:
			return fmt.Errorf("the mail server %s refused the test message: %s", setup.Server, m.LastError)
		default:
			return fmt.Errorf(
				"the test message to %s was not sent yet (%s); it stays in the outbox and the server will try again: %s",
				to,
				m.Status,
				m.LastError,
			)
		}
	})
}

func mailServer(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "mail server", "Prints or saves the mail server kept in the settings (the settings page's).")
	c := dbConfig(fs)
	set := fs.String("set", "", "save this server: smtp://user[:password]@host:port?tls=none|starttls|tls")
	from := fs.String("from", "", "with --set: the sender, like \"Backbone <backbone@example.org>\"")
	pwStdin := fs.Bool("password-stdin", false, "with --set: read the server's password from standard input")
	clear := fs.Bool("clear", false, "stop using the saved server (one given with --smtp-url stays)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *set != "" && *clear {
		return usagef("--set and --clear cannot go together")
	}
	if (*from != "" || *pwStdin) && *set == "" {
		return usagef("--from and --password-stdin go with --set")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		o, err := mail.NewOutbox(db, account.NewStore(db), mail.Options{})
		if err != nil {
			return err
		}
		if *set != "" || *clear {
			in := mail.ServerInput{URL: *set, From: *from}
			if *pwStdin {
				pw, err := io.ReadAll(io.LimitReader(e.stdin, 4096))
				if err != nil {
					return fmt.Errorf("read the password: %w", err)
				}
				in.Password = strings.TrimRight(string(pw), "\r\n")
			}
			if _, err := o.SaveServer(ctx, cli, in); err != nil {
				return err
			}
		}
		v, err := o.View(ctx, cli)
		if err != nil {
			return err
		}
		if v.SMTPURL == "" {
			fmt.Fprintln(e.stdout, "No mail server is saved: messages stay in the outbox "+
				"(a server started with --smtp-url is used when given).")
			return nil
		}
		fmt.Fprintf(e.stdout, "Mail server: %s (password: %s)\nSender: %s\n", v.SMTPURL,
			map[bool]string{true: "saved", false: "none"}[v.HasPassword], v.From)
		return nil
	})
}
