package account

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// What a password link is for, and how long it works.
const (
	// LinkReset is a link to replace a forgotten password: 1 hour.
	LinkReset = "reset"
	// LinkInvite is a link for a person just added to choose their first
	// password: 7 days.
	LinkInvite = "invite"
)

// LinkTTL is how long a link of each purpose works.
var LinkTTL = map[string]time.Duration{LinkReset: time.Hour, LinkInvite: 7 * 24 * time.Hour}

// MaxLinksPerHour is how many password links one person may be sent in an
// hour, so that the form cannot flood their mailbox.
const MaxLinksPerHour = 3

// ErrTooManyLinks says a person was sent MaxLinksPerHour links in the past
// hour already.
var ErrTooManyLinks = errors.New("too many password links for this person in the past hour")

// ErrLinkInvalid says a password link is unknown, used or expired.
var ErrLinkInvalid = errors.New("this link does not work any more: it was used, or it expired")

// IssuePasswordLink makes a single-use link token for a person, inside the
// caller's transaction (the one that puts the e-mail carrying it in the
// outbox). Only its hash is kept. It returns the token and when it expires,
// or ErrTooManyLinks.
func (s *Store) IssuePasswordLink(
	ctx context.Context,
	tx store.Querier,
	userID int64,
	purpose string,
) (string, time.Time, error) {
	ttl, ok := LinkTTL[purpose]
	if !ok {
		return "", time.Time{}, fmt.Errorf("password link: unknown purpose %q", purpose)
	}
	now := s.now()
	var recent int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_links WHERE user_id = $1 AND created_at > $2`,
		userID, now.Add(-time.Hour)).Scan(&recent); err != nil {
		return "", time.Time{}, fmt.Errorf("count password links: %w", err)
	}
	if recent >= MaxLinksPerHour {
		return "", time.Time{}, ErrTooManyLinks
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", time.Time{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(b[:])
	expires := now.Add(ttl)
	if _, err := tx.ExecContext(ctx, `INSERT INTO password_links (user_id, token_hash, purpose, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, userID, hashToken(token), purpose, now, expires); err != nil {
		return "", time.Time{}, fmt.Errorf("save password link: %w", err)
	}
	return token, expires, nil
}

// PasswordLinkUser returns the person a working link belongs to, and its
// purpose, or ErrLinkInvalid.
func (s *Store) PasswordLinkUser(ctx context.Context, token string) (*User, string, error) {
	var userID int64
	var purpose string
	err := s.db.QueryRowContext(ctx, `SELECT l.user_id, l.purpose FROM password_links l JOIN users u ON u.id = l.user_id
		WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.disabled_at IS NULL`,
		hashToken(token), s.now()).Scan(&userID, &purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrLinkInvalid
	}
	if err != nil {
		return nil, "", fmt.Errorf("read password link: %w", err)
	}
	u, err := s.UserByID(ctx, userID)
	return u, purpose, err
}

// UsePasswordLink sets the password of the link's person, once: the link is
// spent, every other link of theirs too, and every session of theirs ends.
// What is wrong is said by field (new_password, confirm_password), or
// ErrLinkInvalid.
func (s *Store) UsePasswordLink(ctx context.Context, token, password, confirm string) (*User, error) {
	u, _, err := s.PasswordLinkUser(ctx, token)
	if err != nil {
		return nil, err
	}
	if password != confirm {
		return nil, &errs.ValidationError{
			Fields: map[string]string{"confirm_password": "does not match the new password"},
		}
	}
	if msg := ValidatePassword(password); msg != "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"new_password": msg}}
	}
	hash, err := s.cost.hash(password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE password_links SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, hashToken(token), now)
		if err != nil {
			return fmt.Errorf("spend password link: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrLinkInvalid // spent by another request a moment ago
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`,
			u.ID, now); err != nil {
			return fmt.Errorf("spend password links: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = FALSE, updated_at = `+
			`$2 WHERE id = $3`,
			hash, now, u.ID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		revoked, err := endSignIns(ctx, tx, u.ID, now)
		if err != nil {
			return err
		}
		return Record(
			ctx,
			tx,
			Actor{UserID: u.ID, Label: u.Email},
			Event{At: now, Action: "password", EntityType: "user",
				EntityID: fmt.Sprint(u.ID), Summary: "chose a new password from a link sent by e-mail" +
					revokedTokens(revoked)},
		)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
