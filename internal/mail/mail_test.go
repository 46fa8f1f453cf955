package mail_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"backbone/internal/account"
	"backbone/internal/mail"
	"backbone/internal/store"
	"backbone/internal/testutil/mailpit"
	"backbone/internal/testutil/storetest"
)

var admin = account.Actor{System: true, Label: "cli"}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want mail.Server
		err  string
	}{
		{"smtp://u:p%40ss@mail.example.org:587?tls=starttls", mail.Server{Host: "mail.example.org", Port: 587, User: "u",
			Password: "p@ss", TLS: "starttls"}, ""},
		{"smtp://mail.example.org?tls=tls", mail.Server{Host: "mail.example.org", Port: 465, TLS: "tls"}, ""},
		{"smtp://127.0.0.1:1025?tls=none", mail.Server{Host: "127.0.0.1", Port: 1025, TLS: "none"}, ""},
		{"http://mail.example.org", mail.Server{}, "must start with smtp://"},
		{"smtp://:25", mail.Server{}, "no host name"},
		{"smtp://mail.example.org:99999", mail.Server{}, "is not a port number"},
		{"smtp://mail.example.org?tls=maybe", mail.Server{}, `tls="maybe" is not none, starttls or tls`},
		{"smtp://mail.example.org?ssl=1", mail.Server{}, `unknown option "ssl"`},
		{"smtp://user:secret@mail example.org", mail.Server{}, "cannot be read"},
	} {
		got, err := mail.ParseURL("--smtp-url", tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "--smtp-url: ") {
				t.Errorf("ParseURL(%q) = %v, want an error naming --smtp-url with %q", tc.in, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseURL(%q) repeats the password: %v", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if strings.Contains(got.String(), "p@ss") || strings.Contains(got.String(), "p%40ss") {
			t.Errorf("String() shows the password: %s", got.String())
		}
	}
}

// fakeSMTP is an SMTP server whose answers a test chooses: answer(n) is
// what the n-th DATA (from 1) gets, nil for OK.
type fakeSMTP struct {
	mu       sync.Mutex
	answer   func(n int) error
	tries    int
	accepted []string // the raw messages taken
}

func (f *fakeSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &fakeSession{f: f}, nil }

type fakeSession struct{ f *fakeSMTP }

func (s *fakeSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *fakeSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *fakeSession) Reset()                               {}
func (s *fakeSession) Logout() error                        { return nil }
func (s *fakeSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.tries++
	if s.f.answer != nil {
		if err := s.f.answer(s.f.tries); err != nil {
			return err
		}
	}
	s.f.accepted = append(s.f.accepted, string(b))
	return nil
}

func (f *fakeSMTP) count() (tries, accepted int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tries, len(f.accepted)
}

// startFake runs a fake SMTP server and returns its URL.
func startFake(t *testing.T, answer func(n int) error) (*fakeSMTP, string) {
	t.Helper()
	f := &fakeSMTP{answer: answer}
	s := smtp.NewServer(f)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { s.Close() })
	return f, "smtp://" + ln.Addr().String() + "?tls=none"
}

// closedPort returns the URL of a port nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "smtp://" + addr + "?tls=none"
}

func newOutbox(t *testing.T, db *store.DB, url string) *mail.Outbox {
	t.Helper()
	o, err := mail.NewOutbox(
		db,
		account.NewStore(db),
		mail.Options{SMTPURL: url, MailFrom: "Backbone <backbone@example.org>", Site: "http://backbone.example.org"},
	)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func newWorker(o *mail.Outbox) *mail.Worker {
	w := mail.NewWorker(o, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.MaxAttempts = 3
	return w
}

func entry(t *testing.T, o *mail.Outbox, id int64) mail.Entry {
	t.Helper()
	e, err := o.Get(context.Background(), admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestWorkerFaults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := storetest.Clock(t, db)

		t.Run("no mail server: stays queued, nobody tries", func(t *testing.T) {
			o := newOutbox(t, db, "")
			id, err := o.SendTest(ctx, admin, "ana@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if n, err := newWorker(o).RunOnce(ctx); n != 0 || err != nil {
				t.Fatalf("RunOnce = %d, %v; want nothing claimed", n, err)
			}
			if e := entry(t, o, id); e.Status != mail.StatusQueued || e.Attempts != 0 {
				t.Fatalf("message %+v, want queued and never tried", e)
			}
			demo, err := mail.NewOutbox(db, account.NewStore(db), mail.Options{SMTPURL: closedPort(t), Demo: true})
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := newWorker(demo).RunOnce(ctx); n != 0 {
				t.Fatalf("with --demo the worker claimed %d messages", n)
			}
			// Leave the outbox empty for the next cases.
			if _, err := db.ExecContext(ctx, `DELETE FROM mail_outbox`); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("server down: retried with backoff, then failed", func(t *testing.T) {
			o := newOutbox(t, db, closedPort(t))
			id, err := o.SendTest(ctx, admin, "ben@example.org")
			if err != nil {
				t.Fatal(err)
			}
			w := newWorker(o)
			start := clk.Now()
			if n, err := w.RunOnce(ctx); n != 1 || err != nil {
				t.Fatalf("RunOnce = %d, %v", n, err)
			}
			e := entry(t, o, id)
			if e.Status != mail.StatusQueued || e.Attempts != 1 ||
				!strings.Contains(e.LastError, "cannot reach the mail server") {
				t.Fatalf("after one try: %+v", e)
			}
			if d := e.NextAttemptAt.Sub(start); d < time.Minute || d > time.Minute+time.Second {
				t.Fatalf("next try in %s, want 1 minute", d)
			}
			if n, _ := w.RunOnce(ctx); n != 0 {
				t.Fatalf("a message not yet due was tried again")
			}
			clk.Advance(time.Minute)
			w.RunOnce(ctx)
			e = entry(t, o, id)
			if e.Attempts != 2 || e.NextAttemptAt.Sub(clk.Now()) < time.Minute+50*time.Second {
				t.Fatalf("second wait should be 2 minutes: %+v at %s", e, clk.Now())
			}
			clk.Advance(2 * time.Minute)
			w.RunOnce(ctx)
			e = entry(t, o, id)
			if e.Status != mail.StatusFailed || !strings.HasPrefix(e.LastError, "gave up after 3 tries: cannot reach") {
				t.Fatalf("after 3 tries: %+v", e)
			}
		})

		t.Run("4xx then OK: retried, sent once", func(t *testing.T) {
			f, url := startFake(t, func(n int) error {
				if n == 1 {
					return &smtp.SMTPError{
						Code:         451,
						EnhancedCode: smtp.EnhancedCode{4, 3, 0},
						Message:      "Try again later",
					}
				}
				return nil
			})
			o := newOutbox(t, db, url)
			id, _ := o.SendTest(ctx, admin, "cleo@example.org")
			w := newWorker(o)
			w.RunOnce(ctx)
			e := entry(t, o, id)
			if e.Status != mail.StatusQueued || e.LastError != "451 4.3.0 Try again later" {
				t.Fatalf("after a 451: %+v", e)
			}
			clk.Advance(time.Minute)
			w.RunOnce(ctx)
			clk.Advance(time.Hour)
			w.RunOnce(ctx)
			e = entry(t, o, id)
			if e.Status != mail.StatusSent || e.SentAt == nil || e.Attempts != 2 {
				t.Fatalf("after the retry: %+v", e)
			}
			if tries, got := f.count(); tries != 2 || got != 1 {
				t.Fatalf("server saw %d tries and took %d messages, want 2 and 1", tries, got)
			}
		})

		t.Run("5xx: failed with the server's answer, resent by an admin", func(t *testing.T) {
			fail := true
			_, url := startFake(t, func(int) error {
				if fail {
					return &smtp.SMTPError{
						Code:         550,
						EnhancedCode: smtp.EnhancedCode{5, 1, 1},
						Message:      "No such user here",
					}
				}
				return nil
			})
			o := newOutbox(t, db, url)
			id, _ := o.SendTest(ctx, admin, "dee@example.org")
			w := newWorker(o)
			w.RunOnce(ctx)
			e := entry(t, o, id)
			if e.Status != mail.StatusFailed || e.LastError != "550 5.1.1 No such user here" || e.Attempts != 1 {
				t.Fatalf("after a 550: %+v", e)
			}
			if _, err := o.Resend(ctx, admin, id); err != nil {
				t.Fatal(err)
			}
			fail = false
			w.RunOnce(ctx)
			if e := entry(t, o, id); e.Status != mail.StatusSent {
				t.Fatalf("after resend: %+v", e)
			}
			if _, err := o.Resend(ctx, admin, id); err == nil {
				t.Fatal("a sent message was resent")
			}
		})

		t.Run("enqueue rolls back with the change that caused it", func(t *testing.T) {
			o := newOutbox(t, db, "")
			boom := errors.New("boom")
			m, err := mail.Compose("test", "eve@example.org", clk.Now(), mail.TestData{Sender: "x"})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := mail.Enqueue(ctx, tx, m); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			list, _ := o.List(ctx, admin, mail.Filter{})
			for _, e := range list {
				if e.To == "eve@example.org" {
					t.Fatal("a message of a rolled-back transaction is in the outbox")
				}
			}
		})
	})
}

// Two workers on one database, as two instances would run, send each
// message once.
func TestWorkersRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, url := startFake(t, nil)
		o := newOutbox(t, db, url)
		const n = 60
		for i := 0; i < n; i++ {
			if _, err := o.SendTest(ctx, admin, "p"+string(rune('a'+i%26))+"@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for range 2 {
			w := newWorker(o)
			w.Batch = 7
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					c, err := w.RunOnce(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if c == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		if tries, got := f.count(); tries != n || got != n {
			t.Fatalf("server saw %d tries and took %d messages, want %d each", tries, got, n)
		}
		ids := map[string]bool{}
		for _, raw := range f.accepted {
			for _, line := range strings.Split(raw, "\r\n") {
				if strings.HasPrefix(line, "Message-ID: <backbone-") {
					id := strings.SplitN(strings.TrimPrefix(line, "Message-ID: <backbone-"), "-", 2)[0]
					if ids[id] {
						t.Fatalf("message %s sent twice", id)
					}
					ids[id] = true
				}
			}
		}
		if len(ids) != n {
			t.Fatalf("%d distinct messages, want %d", len(ids), n)
		}
		c, _ := o.Counts(ctx, admin)
		if c[mail.StatusSent] != n {
			t.Fatalf("counts %v", c)
		}
	})
}

// A test message arrives at a real SMTP server with its headers and both
// parts.
func TestMailpit(t *testing.T) {
	mp := mailpit.Start(t)
	db := storetest.SQLite(t)
	ctx := context.Background()
	o := newOutbox(t, db, mp.SMTPURL())
	id, err := o.SendTest(ctx, account.Actor{System: true, Label: "ana@example.org"}, "zoe@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := newWorker(o).RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("RunOnce = %d, %v", n, err)
	}
	if e := entry(t, o, id); e.Status != mail.StatusSent {
		t.Fatalf("status %+v", e)
	}
	m := mp.WaitFor(t, "zoe@example.org")
	if m.Subject != "Backbone test message" || m.From.Address != "backbone@example.org" || m.From.Name != "Backbone" {
		t.Errorf("subject %q from %+v", m.Subject, m.From)
	}
	if !strings.Contains(m.Text, "ana@example.org sent it from the settings page") || strings.Contains(m.Text, "<") {
		t.Errorf("text part: %q", m.Text)
	}
	if !strings.Contains(m.HTML, `<a href="http://backbone.example.org">`) || !strings.Contains(m.HTML, "<h1") {
		t.Errorf("HTML part: %q", m.HTML)
	}
	if got := m.Headers["X-Backbone-Kind"]; len(got) != 1 || got[0] != "test" {
		t.Errorf("X-Backbone-Kind %v", got)
	}
	if got := m.Headers["Message-Id"]; len(got) != 1 || !strings.HasPrefix(got[0], "<backbone-") {
		t.Errorf("Message-ID %v (headers %v)", got, m.Headers)
	}
	if _, ok := m.Headers["List-Unsubscribe"]; ok {
		t.Errorf("a test message has List-Unsubscribe")
	}
}

func newWorkerB(o *mail.Outbox) *mail.Worker {
	return mail.NewWorker(o, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestPasswordLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := storetest.Clock(t, db)
		accounts := account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))
		o, err := mail.NewOutbox(db, accounts, mail.Options{})
		if err != nil {
			t.Fatal(err)
		}
		u, err := accounts.CreateUser(
			ctx,
			admin,
			account.NewUser{Email: "rosa@example.org", Name: "Rosa", Password: "first password 1"},
		)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := accounts.CreateSession(ctx, u, time.Hour, "", ""); err != nil {
			t.Fatal(err)
		}
		queued := func() []mail.Entry {
			list, err := o.List(ctx, admin, mail.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		tokenOf := func(e mail.Entry) string {
			i := strings.Index(e.Text, "token=")
			if i < 0 {
				t.Fatalf("no link in %q", e.Text)
			}
			return strings.Fields(e.Text[i+len("token="):])[0]
		}
		if err := o.RequestPasswordReset(ctx, "nobody@example.org", "https://bb.example.org"); err != nil ||
			len(queued()) != 0 {
			t.Fatalf("an unknown address: %v, %d queued", err, len(queued()))
		}
		if err := o.RequestPasswordReset(ctx, "not an address", "https://bb.example.org"); err == nil {
			t.Fatal("a malformed address was taken")
		}
		if err := o.RequestPasswordReset(ctx, "Rosa@example.org", "https://bb.example.org"); err != nil {
			t.Fatal(err)
		}
		first := queued()[0]
		if first.Kind != "password_reset" ||
			!strings.Contains(first.Text, "https://bb.example.org/password/reset?token=") {
			t.Fatalf("message: %+v", first)
		}
		old := tokenOf(first)
		var stored int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_links WHERE token_hash = $1`, old).Scan(&stored)
		if stored != 0 {
			t.Fatal("the token is stored as it is, not hashed")
		}
		clk.Advance(time.Hour + time.Second)
		if _, _, err := accounts.PasswordLinkUser(ctx, old); !errors.Is(err, account.ErrLinkInvalid) {
			t.Fatalf("an expired link: %v", err)
		}
		for range 4 {
			if err := o.RequestPasswordReset(ctx, "rosa@example.org", "https://bb.example.org"); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(queued()); n != 1+account.MaxLinksPerHour {
			t.Fatalf("%d messages, want %d: the fourth in an hour is not sent", n, 1+account.MaxLinksPerHour)
		}
		token := tokenOf(queued()[0])
		if _, err := accounts.UsePasswordLink(ctx, token, "a new password 2", "another one"); err == nil {
			t.Fatal("passwords that differ were taken")
		}
		if _, err := accounts.UsePasswordLink(ctx, token, "a new password 2", "a new password 2"); err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.Authenticate(ctx, "rosa@example.org", "a new password 2", ""); err != nil {
			t.Fatalf("the new password does not sign in: %v", err)
		}
		var sessions int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, u.ID).Scan(&sessions)
		if sessions != 0 {
			t.Fatalf("%d sessions left", sessions)
		}
		if _, err := accounts.UsePasswordLink(ctx, token, "a third password", "a third password"); !errors.Is(
			err,
			account.ErrLinkInvalid,
		) {
			t.Fatalf("a link used twice: %v", err)
		}
		if _, _, err := accounts.PasswordLinkUser(ctx, tokenOf(queued()[1])); !errors.Is(err, account.ErrLinkInvalid) {
			t.Fatalf("another link of the same person still works: %v", err)
		}
	})
}
