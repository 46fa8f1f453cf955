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

// Sign-in throttling, as OWASP advises against guessing ("Blocking Brute
// Force Attacks", "Slow Down Online Guessing Attacks with Device Cookies"):
// failures slow sign-in down with a growing wait, never a lock that the
// right password cannot open from the account's own browsers.
//
//   - A trusted device (a browser that signed in to the account before and
//     holds its signed device cookie: Device) is slowed down only by its
//     own failures: DeviceFailures within LoginWindow.
//   - Any other attempt waits after PairFailures from its address for the
//     account, after AccountFailures for the account from anywhere (a
//     guessing attack spread over many addresses), and after
//     MaxFailuresPerIP from its address for any account.
//
// Each wait starts at 30 s past the threshold and doubles with each further
// failure, up to 15 minutes, counted from the last failure. So an attacker
// elsewhere never keeps the owner out of a browser they have used, and a
// crowd behind one proxy (see --trusted-proxies) is not shut out by one
// guesser. Counted in the database, so it holds across several servers.
const (
	PairFailures     = 5
	AccountFailures  = 20
	MaxFailuresPerIP = 50
	DeviceFailures   = 5
	LoginWindow      = 15 * time.Minute
	firstWait        = 30 * time.Second
	// MaxLoginFailures is the failures from one address for one account
	// before a wait: PairFailures.
	MaxLoginFailures   = PairFailures
	invalidCredentials = "the email or password is not right"
)

// ErrBadCredentials is returned for an unknown email or a wrong password (the
// same error for both, so that the login form does not reveal who has an account).
var ErrBadCredentials = errors.New(invalidCredentials)

// LockedError says that sign-in for an email from this browser or address
// must wait.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string {
	if e.RetryAfter < time.Minute {
		return fmt.Sprintf("too many failed sign-in attempts; try again in %d seconds", int(e.RetryAfter.Seconds())+1)
	}
	mins := int(e.RetryAfter.Minutes() + 0.999)
	return fmt.Sprintf("too many failed sign-in attempts; try again in %d minute(s)", mins)
}

// Attempt is one sign-in: the e-mail and password typed, the address it
// came from and the browser's device cookie, if any (Store.Device).
type Attempt struct {
	Email, Password, IP, Device string
}

// SignIn is what a successful sign-in gives: the user, and the device
// cookie to keep in that browser from now on.
type SignIn struct {
	User   *User
	Device string
}

// AttackAlert tells of an account whose failed sign-ins from untrusted
// browsers just reached AccountFailures: someone may be guessing its
// password. The web handler e-mails it to the administrators and the
// account's owner.
type AttackAlert struct {
	Email     string
	Failures  int
	Addresses int
}

// Authenticate checks an email and password and returns the user (see
// SignIn for the device cookie to keep).
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (*User, error) {
	in, _, err := s.SignIn(ctx, Attempt{Email: email, Password: password, IP: ip})
	if err != nil {
		return nil, err
	}
	return in.User, nil
}

// SignIn checks an attempt. A wait refuses it before the password is
// checked (LockedError); a wrong one is counted, and when it brings the
// account's failures to AccountFailures the alert is returned beside
// ErrBadCredentials.
func (s *Store) SignIn(ctx context.Context, a Attempt) (*SignIn, *AttackAlert, error) {
	email := strings.ToLower(strings.TrimSpace(a.Email))
	now := s.now()
	device, err := s.deviceOf(ctx, a.Device, email)
	if err != nil {
		return nil, nil, err
	}
	if wait, err := s.wait(ctx, email, a.IP, device, now); err != nil {
		return nil, nil, err
	} else if wait > 0 {
		return nil, nil, &LockedError{RetryAfter: wait}
	}
	var hash string
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE lower(email) = $1 AND disabled_at IS NULL`,
		email).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		_, _ = CheckPassword(s.dummyHash(), a.Password)
		alert, err := s.fail(ctx, email, a.IP, device, now)
		return nil, alert, err
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find user: %w", err)
	}
	ok, err := CheckPassword(hash, a.Password)
	if err != nil {
		return nil, nil, fmt.Errorf("check password of %s: %w", email, err)
	}
	if !ok {
		alert, err := s.fail(ctx, email, a.IP, device, now)
		return nil, alert, err
	}
	u, err := s.UserByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The owner is in: their own failures from here, or on this
		// browser, are forgiven; an attack's from elsewhere still count.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1 AND (ip = $2 OR device <> '')`,
			email, a.IP); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, now, id)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("record login: %w", err)
	}
	cookie := a.Device
	if device == "" {
		if cookie, err = s.newDevice(ctx, email); err != nil {
			return nil, nil, err
		}
	}
	return &SignIn{User: u, Device: cookie}, nil, nil
}

// wait is how long an attempt must wait, 0 when it may go on: see the
// throttling rules above.
func (s *Store) wait(ctx context.Context, email, ip, device string, now time.Time) (time.Duration, error) {
	since := now.Add(-LoginWindow)
	type rule struct {
		where     string
		arg       any
		threshold int
	}
	rules := []rule{{`device = $1`, device, DeviceFailures}}
	if device == "" {
		rules = []rule{
			{`email = $1 AND ip = $3 AND device = ''`, email, PairFailures},
			{`email = $1 AND device = ''`, email, AccountFailures},
			{`ip = $1 AND device = ''`, ip, MaxFailuresPerIP},
		}
	}
	var longest time.Duration
	for _, r := range rules {
		var n int
		var last time.Time
		args := []any{r.arg, since}
		if strings.Contains(r.where, "$3") {
			args = append(args, ip)
		}
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE `+r.where+` AND at > $2`,
			args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("count login failures: %w", err)
		}
		if n < r.threshold {
			continue
		}
		if err := s.db.QueryRowContext(ctx, `SELECT at FROM login_failures WHERE `+r.where+
			` AND at > $2 ORDER BY at DESC LIMIT 1`, args...).Scan(&last); err != nil {
			return 0, fmt.Errorf("find the last login failure: %w", err)
		}
		if w := last.Add(backoff(n - r.threshold)).Sub(now); w > longest {
			longest = w
		}
	}
	return longest, nil
}

// backoff is the wait after over failures past a threshold: 30 s, then
// doubling, at most 15 minutes.
func backoff(over int) time.Duration {
	w := firstWait << min(over, 5)
	return min(w, LoginWindow)
}

// fail counts a failed attempt, and returns the alert when it brings the
// account's untrusted failures to AccountFailures.
func (s *Store) fail(ctx context.Context, email, ip, device string, now time.Time) (*AttackAlert, error) {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_failures (email, ip, device, at) VALUES ($1, $2, $3, $4)`,
		email, ip, device, now); err != nil {
		return nil, fmt.Errorf("count login failure: %w", err)
	}
	if device != "" {
		return nil, ErrBadCredentials
	}
	var n, addresses int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT ip) FROM login_failures
		WHERE email = $1 AND device = '' AND at > $2`, email, now.Add(-LoginWindow)).Scan(&n, &addresses); err != nil {
		return nil, fmt.Errorf("count login failures: %w", err)
	}
	if n != AccountFailures {
		return nil, ErrBadCredentials
	}
	if err := Record(ctx, s.db, Actor{Label: "system"}, Event{At: now, Action: "sign_in_attack", EntityType: "login",
		EntityID: email, Summary: fmt.Sprintf("%d failed sign-ins for %s from %d address(es) in %d minutes: "+
			"sign-in from new browsers slowed down", n, email, addresses, int(LoginWindow.Minutes()))}); err != nil {
		return nil, err
	}
	return &AttackAlert{Email: email, Failures: n, Addresses: addresses}, ErrBadCredentials
}

// IsBadLogin reports whether err means the credentials were refused (not a
// fault of the server).
func IsBadLogin(err error) bool {
	var locked *LockedError
	return errors.Is(err, ErrBadCredentials) || errors.As(err, &locked) || errors.Is(err, errs.ErrUnauthenticated)
}
