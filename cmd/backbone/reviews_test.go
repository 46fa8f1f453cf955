package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReviewDue lists the demo's review due (its first goal's quarterly
// review, due within the week), as a table and as JSON, for every
// initiative and for the demo's; a bad flag is a usage error.
func TestReviewDue(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "review", "due", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "DUE") || !strings.Contains(out, "goal") ||
		!strings.Contains(out, "Every quarter") || !strings.Contains(out, "Aging Well") {
		t.Fatalf("table: %d %s %s", code, out, stderr)
	}
	code, out, _ = runCLI(t, "", "review", "due", "--db", db, "--initiative", "1", "--format", "json")
	if code != 0 || !strings.Contains(out, `"cadence": "quarterly"`) || !strings.Contains(out, `"kind": "goal"`) {
		t.Fatalf("json: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "review", "due", "--db", db, "--initiative", "99")
	if code != 1 {
		t.Errorf("an initiative that does not exist: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, "", "review", "due", "--db", db, "--format", "xml"); code != 2 ||
		!strings.Contains(stderr, "--format") {
		t.Errorf("bad format: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "review", "later", "--db", db); code != 2 {
		t.Errorf("an unknown subcommand: %d %s", code, stderr)
	}
}
