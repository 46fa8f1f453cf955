package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/mail"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/mailpit"
	"backbone/internal/testutil/wait"
)

// TestBrowserMail is a platform admin setting up e-mail in a real browser:
// with no mail server a test message waits in the outbox, shown as it
// would arrive; the admin sets a (real, Mailpit) SMTP server on the
// settings page, sends a test message, and the Mail page shows it sent;
// it arrived in Mailpit with both parts. The password is never shown back.
func TestBrowserMail(t *testing.T) {
	mp := mailpit.Start(t)
	b := browser.Start(t)
	f := newDemoFixture(t)
	base := f.a.URL
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.a.StartMail(ctx)

	b.Go(base + "/login")
	b.Fill("#email", "admin@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	b.Go(base + "/settings")
	if !b.HasText("#mail-status", "No mail server is set") {
		t.Fatalf("mail status: %q", b.Text("#mail"))
	}
	b.Fill("#test_to", "first@example.org")
	b.Submit("#mail-test-form button[type=submit]")
	if !b.HasText("#mail-status", "Not sent: no mail server") ||
		!b.HasText("#mail-text", "sent it from the settings page") {
		t.Fatalf("the waiting message: %q", b.Text("main"))
	}

	b.Go(base + "/settings")
	b.Fill("#smtp_url", "smtp://bob:hunter22@"+mp.SMTPAddr+"?tls=maybe")
	b.Submit("#mail-form button[type=submit]")
	if !b.HasText("#mail", `tls="maybe" is not none, starttls or tls`) || strings.Contains(b.Text("main"), "hunter22") {
		t.Fatalf("a bad URL: %q", b.Text("#mail"))
	}
	b.Fill("#smtp_url", mp.SMTPURL())
	b.Fill("#mail_from", "Bay Area Hub <hub@example.org>")
	b.Submit("#mail-form button[type=submit]")
	if !b.HasText("#mail-status", "Messages are sent through smtp://"+mp.SMTPAddr) {
		t.Fatalf("after saving: %q", b.Text("#mail"))
	}
	b.Fill("#test_to", "zoe@example.org")
	b.Submit("#mail-test-form button[type=submit]")
	got := mp.WaitFor(t, "zoe@example.org")
	if got.Subject != "Backbone test message" || got.From.Address != "hub@example.org" ||
		!strings.Contains(got.Text, "admin@example.org sent it") || !strings.Contains(got.HTML, "<h1") {
		t.Fatalf("arrived: %+v", got)
	}
	// The earlier message, waiting for a server, went too.
	mp.WaitFor(t, "first@example.org")

	bothSent := wait.Until(10*time.Second, 200*time.Millisecond, func() bool {
		b.Go(base + "/mail")
		return strings.Count(b.Text("#mail-list"), "Sent") >= 2
	})
	if !bothSent {
		t.Fatalf("the Mail page does not show both sent: %q", b.Text("#mail-list"))
	}
	b.Click("#mail-list a")
	if !b.HasText("#mail-to", "zoe@example.org") || !b.HasText("#mail-status", "Sent") {
		t.Fatalf("the message page: %q", b.Text("main"))
	}
	var frameText string
	wait.Until(5*time.Second, 50*time.Millisecond, func() bool {
		b.Eval(`(() => {
			const f = document.querySelector('iframe.mail-html');
			try { return f.contentDocument ? 'same-origin' : ''; } catch (e) { return ''; }
		})()`, &frameText)
		if frameText == "same-origin" {
			t.Fatal("the message's frame is not sandboxed")
		}
		// A sandboxed frame cannot be read from the page: fetch what it shows.
		b.Eval(`fetch(document.querySelector('iframe.mail-html').src).then(r => r.text())`, &frameText)
		return strings.Contains(frameText, "Backbone test message")
	})
	if !strings.Contains(frameText, "Backbone test message") {
		t.Fatalf("the HTML part: %q", frameText)
	}
	b.SetWidth(390)
	b.Go(base + "/mail")
	b.ResetWidth()
}

// TestBrowserForgotPassword is a person who forgot their password: they ask
// for a link on the sign-in page, which says the same for an address with
// no account; the link arrives in Mailpit, opens a form, and their new
// password signs them in; the link works once, and their other session has
// ended. A platform admin sends a person a link from their page too.
func TestBrowserForgotPassword(t *testing.T) {
	mp := mailpit.Start(t)
	b := browser.Start(t)
	f := newDemoFixture(t)
	base := f.a.URL
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := f.a.Mail.SaveServer(ctx, account.SystemActor("test"), mail.ServerInput{URL: mp.SMTPURL()}); err != nil {
		t.Fatal(err)
	}
	f.a.StartMail(ctx)
	other := f.signIn(t, "partner@example.org") // a session elsewhere, which must end
	if r := other.Get("/account"); r.StatusCode != 200 {
		t.Fatalf("the other session: %d", r.StatusCode)
	}

	b.Go(base + "/login")
	b.Click("#forgot-link")
	b.Fill("#email", "nobody-here@example.org")
	b.Submit("#forgot-form button[type=submit]")
	unknown := b.Text("#forgot-sent")
	b.Go(base + "/password/forgot")
	b.Fill("#email", "partner@example.org")
	b.Submit("#forgot-form button[type=submit]")
	if known := b.Text("#forgot-sent"); known != unknown || !strings.Contains(known, "If an account has this address") {
		t.Fatalf("the answers differ: %q and %q", unknown, known)
	}
	m := mp.WaitFor(t, "partner@example.org")
	if m.Subject != "Choose a new Backbone password" || !strings.Contains(m.HTML, "Choose a new password") {
		t.Fatalf("arrived: %+v", m.Summary)
	}
	link := regexp.MustCompile(`http://\S+/password/reset\?token=\S+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no link in %q", m.Text)
	}
	for _, s := range mp.Messages(t) {
		for _, a := range s.To {
			if a.Address == "nobody-here@example.org" {
				t.Fatal("a message went to an address with no account")
			}
		}
	}

	b.Go(link)
	b.Fill("#new_password", "short")
	b.Fill("#confirm_password", "short")
	b.Submit("#reset-form button[type=submit]")
	if !b.HasText("#reset-form", "New password") || !b.HasText("#reset-form", "10") {
		t.Fatalf("a short password: %q", b.Text("main"))
	}
	b.Fill("#new_password", "a brand new password")
	b.Fill("#confirm_password", "a brand new password")
	b.Submit("#reset-form button[type=submit]")
	if !b.HasText("main", "Your password is set. Sign in with it.") {
		t.Fatalf("after setting it: %q", b.Text("main"))
	}
	b.Fill("#email", "partner@example.org")
	b.Fill("#password", "a brand new password")
	b.Submit("form[action='/login'] button[type=submit]")
	if !b.Exists("form[action='/logout']") {
		t.Fatalf("cannot sign in with the new password: %q", b.Text("main"))
	}
	if r := other.Get("/account"); r.StatusCode != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the other session did not end: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	b.Submit("form[action='/logout'] button")
	b.Go(link)
	if !b.HasText("#link-invalid", "It was used already, or it expired") {
		t.Fatalf("a used link: %q", b.Text("main"))
	}

	// A platform admin sends a link from the person's page.
	b.Go(base + "/login")
	b.Fill("#email", "admin@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	u, err := f.a.Accounts.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		t.Fatal(err)
	}
	b.Go(base + "/people/" + strconv.FormatInt(u.ID, 10))
	b.Submit("#password-link-form button")
	if !b.HasText(".flash-success", "A link to choose a new password is in the outbox for coordinator@example.org") {
		t.Fatalf("after sending: %q", b.Text("main"))
	}
	if got := mp.WaitFor(t, "coordinator@example.org"); !strings.Contains(got.Text, "/password/reset?token=") {
		t.Fatalf("the admin's link: %q", got.Text)
	}

	// An admin adds a person with an invitation instead of a temporary
	// password; the person chooses theirs from the link and signs in.
	b.Go(base + "/people/new")
	b.Fill("#name", "Nia Newcomer")
	b.Fill("#email", "nia@example.org")
	b.Check("#invite")
	b.Submit("#add-person button.primary")
	if !b.HasText("#invitation-sent", "An invitation to choose their password is in the outbox for nia@example.org") ||
		b.Exists("#temporary-password") {
		t.Fatalf("after adding: %q", b.Text("main"))
	}
	inv := mp.WaitFor(t, "nia@example.org")
	invLink := regexp.MustCompile(`http://\S+/password/reset\?token=\S+`).FindString(inv.Text)
	if inv.Subject != "You are invited to Backbone" || invLink == "" || !strings.Contains(inv.Text, "7 days") {
		t.Fatalf("the invitation: %q %q", inv.Subject, inv.Text)
	}
	b.Submit("form[action='/logout'] button")
	b.Go(invLink)
	if !b.HasText("h1", "Choose your password") {
		t.Fatalf("the invitation's page: %q", b.Text("main"))
	}
	b.Fill("#new_password", "nia chose this one")
	b.Fill("#confirm_password", "nia chose this one")
	b.Submit("#reset-form button[type=submit]")
	b.Fill("#email", "nia@example.org")
	b.Fill("#password", "nia chose this one")
	b.Submit("form[action='/login'] button[type=submit]")
	if !b.Exists("form[action='/logout']") {
		t.Fatalf("the invited person cannot sign in: %q", b.Text("main"))
	}
}
