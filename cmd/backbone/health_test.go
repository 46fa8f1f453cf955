package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestHealthContributions prints the demo's balance as JSON and as a
// table, and refuses a call without an initiative.
func TestHealthContributions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	code, out, stderr := runCLI(t, "", "health", "contributions", "--initiative", "1", "--format", "json", "--db", db)
	if code != 0 {
		t.Fatalf("json: %d %q", code, stderr)
	}
	var b struct {
		Voters int
		Alerts []struct{ Message string }
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil || b.Voters != 7 || len(b.Alerts) != 2 ||
		b.Alerts[0].Message != "Samaritan House gave 62% of meals and holds 1 vote in 7" {
		t.Fatalf("json: %v %+v\n%s", err, b, out)
	}
	code, out, _ = runCLI(t, "", "health", "contributions", "--initiative", "1", "--db", db)
	if code != 0 || !strings.Contains(out, "! Samaritan House gave 62% of meals") ||
		!strings.Contains(out, "staff time: pledged 0.5 FTE, delivered 0.4 FTE") {
		t.Fatalf("table: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "", "health", "contributions", "--db", db); code != 2 ||
		!strings.Contains(stderr, "--initiative is required") {
		t.Fatalf("no initiative: %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "--help"); code != 0 || !strings.Contains(out, "health ") {
		t.Fatalf("--help lacks health: %q", out)
	}
}
