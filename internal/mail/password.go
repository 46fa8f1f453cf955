package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// PasswordLinkPath is the page a password link opens, with ?token=.
const PasswordLinkPath = "/password/reset"

// PasswordLinkData is what a password link message says.
type PasswordLinkData struct {
	Site    string
	Name    string
	Link    string
	Expires string // how long the link works, in words
	Invited bool   // a first password (an invitation), not a forgotten one
}

// RequestPasswordReset sends a link to choose a new password to the person
// whose account has this address, if there is one; anyone may ask. It
// says nothing either way: an unknown address, a disabled account and a
// person sent too many links already all return nil, so that the answer
// never tells whether an address has an account. base is where Backbone is
// reached (https://backbone.example.org), for the link.
func (o *Outbox) RequestPasswordReset(ctx context.Context, email, base string) error {
	email = strings.TrimSpace(email)
	if CheckAddress("email", email) != nil {
		return &errs.ValidationError{
			Fields: map[string]string{"email": "is not an e-mail address (like name@example.org)"},
		}
	}
	u, err := o.accounts.UserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && u.DisabledAt != nil) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = o.sendPasswordLink(ctx, u, account.LinkReset, base, nil)
	if errors.Is(err, account.ErrTooManyLinks) {
		return nil
	}
	return err
}

// SendPasswordLink sends a person a link to choose their password, for
// platform admins (ManageUsers): invited for a person just added (a link
// that works 7 days), otherwise as for a forgotten password (1 hour). It
// returns the person's address.
func (o *Outbox) SendPasswordLink(
	ctx context.Context,
	actor account.Actor,
	userID int64,
	invited bool,
	base string,
) (string, error) {
	if err := o.accounts.Check(ctx, actor, account.ManageUsers, account.Platform); err != nil {
		return "", err
	}
	u, err := o.accounts.UserByID(ctx, userID)
	if err != nil {
		return "", err
	}
	purpose := account.LinkReset
	if invited {
		purpose = account.LinkInvite
	}
	_, err = o.sendPasswordLink(ctx, u, purpose, base, &actor)
	if errors.Is(err, account.ErrTooManyLinks) {
		return "", &errs.ConflictError{
			Field: "email",
			Message: fmt.Sprintf(
				"%s was sent %d password links in the past hour already; wait before sending another",
				u.Email,
				account.MaxLinksPerHour,
			),
		}
	}
	if err != nil {
		return "", err
	}
	return u.Email, nil
}

// sendPasswordLink issues a link and puts the message carrying it in the
// outbox, in one transaction; by is the admin who sent it, nil when the
// person asked themselves.
func (o *Outbox) sendPasswordLink(
	ctx context.Context,
	u *account.User,
	purpose, base string,
	by *account.Actor,
) (int64, error) {
	var id int64
	err := o.db.Tx(ctx, func(tx *sql.Tx) error {
		token, _, err := o.accounts.IssuePasswordLink(ctx, tx, u.ID, purpose)
		if err != nil {
			return err
		}
		expires := "1 hour"
		if account.LinkTTL[purpose] >= 24*time.Hour {
			expires = fmt.Sprintf("%d days", int(account.LinkTTL[purpose].Hours()/24))
		}
		kind := "password_reset"
		if purpose == account.LinkInvite {
			kind = "invitation"
		}
		site := strings.TrimRight(base, "/")
		m, err := Compose(kind, u.Email, o.now(), PasswordLinkData{Site: site, Name: u.Name,
			Link: site + PasswordLinkPath + "?token=" + url.QueryEscape(token), Expires: expires,
			Invited: purpose == account.LinkInvite})
		if err != nil {
			return err
		}
		id, err = Enqueue(ctx, tx, m)
		if err != nil || by == nil {
			return err
		}
		return account.Record(ctx, tx, *by, account.Event{At: o.now(), Action: "password_link", EntityType: "user",
			EntityID: fmt.Sprint(u.ID), Summary: fmt.Sprintf("sent %s a link to choose a password by e-mail", u.Email)})
	})
	if err == nil {
		o.Wake()
	}
	return id, err
}
