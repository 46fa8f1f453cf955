package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/errs"
)

// Login throttling: after MaxLoginFailures failed attempts for one email (or
// from one address) within LoginWindow, further attempts are refused until
// the window has passed. Counted in the database, so it holds across
// several app servers.
const (
	MaxLoginFailures   = 5
	MaxFailuresPerIP   = 50
	LoginWindow        = 15 * time.Minute
	invalidCredentials = "the email or password is not right"
)

// ErrBadCredentials is returned for an unknown email or a wrong password (the
// same error for both, so that the login form does not reveal who has an account).
var ErrBadCredentials = errors.New(invalidCredentials)

// LockedError says that logins for an email or from an address are paused.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string {
	mins := int(e.RetryAfter.Minutes() + 0.999)
	if mins < 1 {
		mins = 1
	}
	return fmt.Sprintf("too many failed sign-in attempts; try again in %d minute(s)", mins)
}

// Authenticate checks an email and password and returns the user. Failed
// attempts are counted, and a locked email or address is refused before
// the password is even checked.
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now()
	since := now.Add(-LoginWindow)
	var nEmail, nIP int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $2`, email, since).Scan(&nEmail); err != nil {
		return nil, fmt.Errorf("count login failures: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2`, ip, since).Scan(&nIP); err != nil {
		return nil, fmt.Errorf("count login failures: %w", err)
	}
	if nEmail >= MaxLoginFailures || nIP >= MaxFailuresPerIP {
		// The lock lifts when the oldest failure in the window ages out.
		var oldest time.Time
		err := s.db.QueryRowContext(ctx, `SELECT at FROM login_failures WHERE (email = $1 OR ip = $2) AND at > $3 ORDER BY at LIMIT 1`, email, ip, since).Scan(&oldest)
		if err != nil {
			return nil, fmt.Errorf("find oldest login failure: %w", err)
		}
		return nil, &LockedError{RetryAfter: oldest.Add(LoginWindow).Sub(now)}
	}
	var hash string
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE lower(email) = $1 AND disabled_at IS NULL`, email).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		_, _ = CheckPassword(s.dummyHash(), password)
		return nil, s.fail(ctx, email, ip, now)
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("check password of %s: %w", email, err)
	}
	if !ok {
		return nil, s.fail(ctx, email, ip, now)
	}
	u, err := s.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1`, email); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, now, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record login: %w", err)
	}
	return u, nil
}

func (s *Store) fail(ctx context.Context, email, ip string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)`, email, ip, now); err != nil {
		return fmt.Errorf("count login failure: %w", err)
	}
	return ErrBadCredentials
}

// IsBadLogin reports whether err means the credentials were refused (not a
// fault of the server).
func IsBadLogin(err error) bool {
	var locked *LockedError
	return errors.Is(err, ErrBadCredentials) || errors.As(err, &locked) || errors.Is(err, errs.ErrUnauthenticated)
}
