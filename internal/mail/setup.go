package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Keys of the mail settings in the settings table.
const (
	settingSMTPURL  = "smtp_url"
	settingMailFrom = "mail_from"
)

// Where a mail setting comes from.
const (
	FromNowhere = ""         // not set: nothing is sent
	FromFlag    = "flag"     // --smtp-url or BACKBONE_SMTP_URL
	FromPage    = "settings" // the settings page (or the API), which wins
	FromDemo    = "demo"     // serve --demo: never sent
)

// Setup is the mail server messages go through now.
type Setup struct {
	Server *Server // nil: no mail server, messages stay in the outbox
	From   string  // the sender's address
	Source string  // FromFlag, FromPage, FromDemo or FromNowhere
	// FlagSet says the server was started with --smtp-url, which a server
	// saved on the settings page replaces.
	FlagSet bool
}

// Sending says whether messages are sent.
func (s Setup) Sending() bool { return s.Server != nil }

// Setup reads the mail server in use. It reads no permission: the worker
// calls it; pages show it only to platform admins.
func (o *Outbox) Setup(ctx context.Context) (Setup, error) {
	out := Setup{FlagSet: o.flag != nil}
	if o.demo {
		out.Source = FromDemo
		return out, nil
	}
	url, err := o.setting(ctx, settingSMTPURL)
	if err != nil {
		return Setup{}, err
	}
	from, err := o.setting(ctx, settingMailFrom)
	if err != nil {
		return Setup{}, err
	}
	switch {
	case url != "":
		srv, err := ParseURL("smtp_url", url)
		if err != nil {
			return Setup{}, fmt.Errorf("the mail server saved on the settings page: %w", err)
		}
		out.Server, out.Source = &srv, FromPage
	case o.flag != nil:
		srv := *o.flag
		out.Server, out.Source = &srv, FromFlag
	}
	out.From = from
	if out.From == "" {
		out.From = o.flagFrom
	}
	if out.From == "" && out.Server != nil {
		out.From = "Backbone <backbone@" + out.Server.Host + ">"
	}
	return out, nil
}

func (o *Outbox) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := o.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// ServerInput is what a platform admin saves on the settings page.
type ServerInput struct {
	// URL is smtp://user[:password]@host:port?tls=...; "" stops using a
	// server saved here (the one the server was started with, if any,
	// takes its place).
	URL string
	// Password replaces the URL's; when both are empty and the user and
	// host have not changed, the password saved before is kept, so that
	// the page never needs to show it.
	Password string
	From     string // the sender's address, "" for the one the server was started with
}

// SaveServer saves the mail server and sender address on the settings
// page, for platform admins (ChangeSettings). The audit log keeps the
// server without its password.
func (o *Outbox) SaveServer(ctx context.Context, actor account.Actor, in ServerInput) (Setup, error) {
	if err := o.accounts.Check(ctx, actor, account.ChangeSettings, account.Platform); err != nil {
		return Setup{}, err
	}
	in.URL, in.From = strings.TrimSpace(in.URL), strings.TrimSpace(in.From)
	fields := map[string]string{}
	var srv Server
	if in.URL != "" {
		var err error
		srv, err = ParseURL("smtp_url", in.URL)
		if err != nil {
			fields["smtp_url"] = strings.TrimPrefix(err.Error(), "smtp_url: ")
		}
	}
	if err := CheckFrom("mail_from", in.From); err != nil {
		fields["mail_from"] = "is not an e-mail address (like Backbone <backbone@example.org>)"
	}
	if len(fields) > 0 {
		return Setup{}, &errs.ValidationError{Fields: fields}
	}
	oldURL, err := o.setting(ctx, settingSMTPURL)
	if err != nil {
		return Setup{}, err
	}
	oldFrom, err := o.setting(ctx, settingMailFrom)
	if err != nil {
		return Setup{}, err
	}
	var old *Server
	if oldURL != "" {
		if s, err := ParseURL("smtp_url", oldURL); err == nil {
			old = &s
		}
	}
	newURL := ""
	if in.URL != "" {
		if in.Password != "" {
			srv.Password = in.Password
		} else if srv.Password == "" && old != nil && old.User == srv.User && old.Host == srv.Host {
			srv.Password = old.Password
		}
		newURL = srv.URL(true)
	}
	describe := func(url string) string {
		if url == "" {
			return "none"
		}
		s, err := ParseURL("smtp_url", url)
		if err != nil {
			return "unreadable"
		}
		return s.String()
	}
	now := o.now()
	err = o.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, kv := range []struct{ key, old, new, what string }{
			{settingSMTPURL, oldURL, newURL, "mail server"},
			{settingMailFrom, oldFrom, in.From, "sender address"},
		} {
			if kv.old == kv.new {
				continue
			}
			if kv.new == "" {
				if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, kv.key); err != nil {
					return fmt.Errorf("save setting %s: %w", kv.key, err)
				}
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at =
				excluded.updated_at`, kv.key, kv.new, now); err != nil {
				return fmt.Errorf("save setting %s: %w", kv.key, err)
			}
			before, after := kv.old, kv.new
			if kv.key == settingSMTPURL {
				before, after = describe(kv.old), describe(kv.new)
			}
			if before == "" {
				before = "none"
			}
			if after == "" {
				after = "none"
			}
			summary := "set the " + kv.what + " to " + after + " (was " + before + ")"
			if kv.key == settingSMTPURL && before == after {
				summary = "changed the mail server's password"
			}
			if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "update", EntityType: "settings",
				EntityID: kv.key, Summary: summary}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Setup{}, err
	}
	return o.Setup(ctx)
}
