package account_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestSignInThrottle: failures slow sign-in down with a growing wait, an
// attack spread over many addresses never keeps the owner out of a browser
// that signed in before, and it is reported once.
func TestSignInThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := clock.Ticking(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), 0)
		db.Clock = c
		s := account.NewStore(db)
		if _, err := s.CreateUser(ctx, sys, account.NewUser{Email: "ana@example.org", Name: "Ana",
			Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		sign := func(pw, ip, device string) (*account.SignIn, *account.AttackAlert, error) {
			return s.SignIn(ctx, account.Attempt{Email: "ana@example.org", Password: pw, IP: ip, Device: device})
		}
		// Ana signs in from her office browser: it gets its device cookie.
		in, _, err := sign("long enough pw", "10.0.0.1", "")
		if err != nil || in.Device == "" {
			t.Fatalf("first sign-in: %v %+v", err, in)
		}
		device := in.Device

		// Five failures from one address: that address waits 30 s, then
		// 1 minute after a sixth.
		for i := 0; i < account.PairFailures; i++ {
			if _, _, err := sign("wrong", "10.0.0.2", ""); !errors.Is(err, account.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		var locked *account.LockedError
		if _, _, err := sign("long enough pw", "10.0.0.2", ""); !errors.As(err, &locked) ||
			locked.RetryAfter != 30*time.Second {
			t.Fatalf("the pair's wait: %v", err)
		}
		c.Advance(31 * time.Second)
		if _, _, err := sign("wrong", "10.0.0.2", ""); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("after the wait: %v", err)
		}
		if _, _, err := sign("wrong", "10.0.0.2", ""); !errors.As(err, &locked) || locked.RetryAfter != time.Minute {
			t.Fatalf("the doubled wait: %v", err)
		}

		// An attack from many addresses: the 20th failure of the account
		// raises the alert, once; new browsers then wait, Ana's does not.
		var alerts []*account.AttackAlert
		for i := account.PairFailures + 1; i < account.AccountFailures; i++ {
			_, alert, err := sign("wrong", fmt.Sprintf("192.0.2.%d", i), "")
			if !errors.Is(err, account.ErrBadCredentials) {
				t.Fatalf("attack %d: %v", i, err)
			}
			if alert != nil {
				alerts = append(alerts, alert)
			}
		}
		if len(alerts) != 1 || alerts[0].Failures != account.AccountFailures || alerts[0].Addresses != 15 {
			t.Fatalf("alerts %+v", alerts)
		}
		if _, _, err := sign("long enough pw", "198.51.100.7", ""); !errors.As(err, &locked) {
			t.Fatalf("a new browser during the attack: %v", err)
		}
		if in, _, err := sign("long enough pw", "10.0.0.1", device); err != nil || in.Device != device {
			t.Fatalf("Ana's own browser during the attack: %v", err)
		}
		// A forged or another account's cookie is no device.
		forged := device[:len(device)-1] + "0"
		if forged == device {
			forged = device[:len(device)-1] + "1"
		}
		if _, _, err := sign("long enough pw", "198.51.100.7", forged); !errors.As(err, &locked) {
			t.Fatalf("a forged device cookie: %v", err)
		}

		// A device's own failures slow it down after five.
		for i := 0; i < account.DeviceFailures; i++ {
			_, _, _ = sign("wrong", "10.0.0.1", device)
		}
		if _, _, err := sign("long enough pw", "10.0.0.1", device); !errors.As(err, &locked) {
			t.Fatalf("a device's own failures: %v", err)
		}
		// Waits end: 15 minutes later everything is forgotten.
		c.Advance(account.LoginWindow + time.Second)
		if _, _, err := sign("long enough pw", "198.51.100.7", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in_attack'
			AND entity_id = 'ana@example.org'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("attack audited %d times: %v", n, err)
		}
	})
}

// TestSignInThrottleByAddress: 50 failures from one address (a proxy, say)
// slow down new browsers from it, whatever the account; a browser that
// signed in before still gets in.
func TestSignInThrottleByAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.Clock = clock.Ticking(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), 0)
		s := account.NewStore(db)
		if _, err := s.CreateUser(ctx, sys, account.NewUser{Email: "ben@example.org",
			Name: "Ben", Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		in, _, err := s.SignIn(ctx, account.Attempt{Email: "ben@example.org", Password: "long enough pw",
			IP: "10.1.1.1"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < account.MaxFailuresPerIP; i++ {
			_, _, _ = s.SignIn(ctx, account.Attempt{Email: fmt.Sprintf("guess%d@example.org", i), Password: "x",
				IP: "10.1.1.1"})
		}
		var locked *account.LockedError
		if _, _, err := s.SignIn(ctx, account.Attempt{Email: "ben@example.org", Password: "long enough pw",
			IP: "10.1.1.1"}); !errors.As(err, &locked) {
			t.Fatalf("a new browser behind the busy address: %v", err)
		}
		if _, _, err := s.SignIn(ctx, account.Attempt{Email: "ben@example.org", Password: "long enough pw",
			IP: "10.1.1.1", Device: in.Device}); err != nil {
			t.Fatalf("Ben's own browser behind the busy address: %v", err)
		}
	})
}

// TestSessionAbsoluteAge: a session used every hour still ends a week after
// its sign-in.
func TestSessionAbsoluteAge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := clock.Ticking(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), 0)
		db.Clock = c
		s := account.NewStore(db)
		u, err := s.CreateUser(ctx, sys, account.NewUser{Email: "cy@example.org", Name: "Cy", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := s.CreateSession(ctx, u, 12*time.Hour, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for h := 1; h < 7*24; h++ {
			c.Advance(time.Hour)
			if _, _, err := s.SessionUser(ctx, token, 12*time.Hour); err != nil {
				t.Fatalf("hour %d: %v", h, err)
			}
		}
		c.Advance(time.Hour)
		if _, _, err := s.SessionUser(ctx, token, 12*time.Hour); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("a week after sign-in: %v", err)
		}
	})
}

// TestNewPasswordRevokesTokens: a password set by an administrator, chosen
// from a link or changed revokes the person's API tokens with their
// sessions, and the audit says so.
func TestNewPasswordRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		if _, err := s.CreateUser(ctx, sys, account.NewUser{Email: "di@example.org", Name: "Di",
			Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		secret, _, err := s.CreateToken(ctx, sys, "di@example.org", "sync", 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, sys, "di@example.org", "another long pw"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("a token after a new password: %v", err)
		}
		events, err := s.ListAudit(ctx, account.AuditFilter{EntityType: "user", Limit: 5})
		if err != nil || len(events) == 0 || !strings.Contains(events[0].Summary, "its API token was revoked") {
			t.Fatalf("audit: %v %+v", err, events)
		}
	})
}
