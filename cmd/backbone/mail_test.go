package main

import (
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/mailpit"
)

func TestMailTest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	t.Setenv("BACKBONE_SMTP_URL", "")
	if code, _, stderr := runCLI(t, "", "mail", "test", "--db", db, "not-an-address"); code != 2 ||
		!strings.Contains(stderr, `ADDRESS: "not-an-address" is not an e-mail address`) {
		t.Fatalf("a bad address: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "mail", "test", "--db", db, "--smtp-url",
		"smtp://u:secret@mail.example.org?tls=maybe", "a@example.org"); code != 2 ||
		!strings.Contains(stderr, `--smtp-url: tls="maybe" is not none, starttls or tls`) ||
		strings.Contains(stderr, "secret") {
		t.Fatalf("a bad URL: %d %q", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "mail", "test", "--db", db, "a@example.org")
	if code != 0 || !strings.Contains(out, "in the outbox, not sent: no mail server is set") {
		t.Fatalf("no server: %d %q %q", code, out, stderr)
	}

	mp := mailpit.Start(t)
	code, out, stderr = runCLI(
		t,
		"",
		"mail",
		"test",
		"--db",
		db,
		"--smtp-url",
		mp.SMTPURL(),
		"--mail-from",
		"Hub <hub@example.org>",
		"b@example.org",
	)
	if code != 0 || !strings.Contains(out, "Sent a test message to b@example.org through smtp://"+mp.SMTPAddr) {
		t.Fatalf("through Mailpit: %d %q %q", code, out, stderr)
	}
	m := mp.WaitFor(t, "b@example.org")
	if m.Subject != "Backbone test message" || m.From.Address != "hub@example.org" {
		t.Fatalf("arrived: %+v", m.Summary)
	}
}
