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

const mailHelp = `Usage: backbone mail test ADDRESS [flags]

  test      put a test message to ADDRESS in the outbox and send it now
            through the mail server (the one saved on the settings page,
            or --smtp-url / BACKBONE_SMTP_URL), then say what the server
            answered

Every subcommand takes --db and --help.
`

func runMail(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "mail", args, map[string]func(context.Context, env, []string) error{
		"test": mailTest,
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
				"The test message to %s is in the outbox, not sent: no mail server is set (--smtp-url, BACKBONE_SMTP_URL or the settings page).\n",
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
