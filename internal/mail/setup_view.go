package mail

import (
	"context"

	"backbone/internal/account"
)

// ServerView is the mail server in use as an admin reads it: never its
// password, only whether it has one.
type ServerView struct {
	SMTPURL     string `json:"smtp_url"` // without the password; "" for none
	HasPassword bool   `json:"has_password"`
	From        string `json:"from"`
	Source      string `json:"source"` // settings, flag, demo, or "" for none
	Sending     bool   `json:"sending"`
	// FlagSet says the server was started with --smtp-url, which a server
	// saved in the settings replaces.
	FlagSet bool `json:"flag_set"`
}

// View is the setup for a platform admin (ViewMail).
func (o *Outbox) View(ctx context.Context, actor account.Actor) (ServerView, error) {
	if err := o.accounts.Check(ctx, actor, account.ViewMail, account.Platform); err != nil {
		return ServerView{}, err
	}
	s, err := o.Setup(ctx)
	if err != nil {
		return ServerView{}, err
	}
	return s.View(), nil
}

// View is how an admin reads a setup.
func (s Setup) View() ServerView {
	v := ServerView{From: s.From, Source: s.Source, Sending: s.Sending(), FlagSet: s.FlagSet}
	if s.Server != nil {
		v.SMTPURL, v.HasPassword = s.Server.String(), s.Server.Password != ""
	}
	return v
}
