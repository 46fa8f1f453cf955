package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"backbone/internal/demo"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/mailpit"
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
	if !b.HasText("#mail-status", "Not sent: no mail server") || !b.HasText("#mail-text", "sent it from the settings page") {
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

	deadline := time.Now().Add(10 * time.Second)
	for {
		b.Go(base + "/mail")
		if n := strings.Count(b.Text("#mail-list"), "Sent"); n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Mail page does not show both sent: %q", b.Text("#mail-list"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.Click("#mail-list a")
	if !b.HasText("#mail-to", "zoe@example.org") || !b.HasText("#mail-status", "Sent") {
		t.Fatalf("the message page: %q", b.Text("main"))
	}
	var frameText string
	deadline = time.Now().Add(5 * time.Second)
	for !strings.Contains(frameText, "Backbone test message") && time.Now().Before(deadline) {
		b.Eval(`(() => { const f = document.querySelector('iframe.mail-html'); try { return f.contentDocument ? 'same-origin' : ''; } catch (e) { return ''; } })()`, &frameText)
		if frameText == "same-origin" {
			t.Fatal("the message's frame is not sandboxed")
		}
		// A sandboxed frame cannot be read from the page: fetch what it shows.
		b.Eval(`fetch(document.querySelector('iframe.mail-html').src).then(r => r.text())`, &frameText)
	}
	if !strings.Contains(frameText, "Backbone test message") {
		t.Fatalf("the HTML part: %q", frameText)
	}
	b.SetWidth(390)
	b.Go(base + "/mail")
	b.ResetWidth()
}
