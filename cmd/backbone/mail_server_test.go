package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestMailServerCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, out, stderr := runCLI(t, "", "mail", "server", "--db", db); code != 0 ||
		!strings.Contains(out, "No mail server is saved") {
		t.Fatalf("none yet: %d %q %q", code, out, stderr)
	}
	code, out, stderr := runCLI(t, "hunter2\n", "mail", "server", "--db", db, "--set",
		"smtp://hub@mail.example.org:587?tls=starttls", "--from", "Hub <hub@example.org>", "--password-stdin")
	if code != 0 || !strings.Contains(out,
		"Mail server: smtp://hub@mail.example.org:587?tls=starttls (password: saved)") ||
		!strings.Contains(out, "Sender: Hub <hub@example.org>") ||
		strings.Contains(out+stderr, "hunter2") {
		t.Fatalf("set: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "mail", "server", "--db", db, "--set", "smtp://x?tls=maybe"); code == 0 ||
		!strings.Contains(stderr, "smtp_url") {
		t.Fatalf("a bad URL: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "mail", "server", "--db", db, "--from", "a@example.org"); code != 2 ||
		!strings.Contains(stderr, "--from and --password-stdin go with --set") {
		t.Fatalf("--from alone: %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "mail", "server", "--db", db, "--clear"); code != 0 ||
		!strings.Contains(out, "No mail server is saved") {
		t.Fatalf("clear: %d %q", code, out)
	}
}
