package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanList lists the demo partner's plan: its strained tie, two actions
// (one overdue) and the signal not yet met, as a table, as JSON and for its
// organization; another organization's list is empty.
func TestPlanList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	code, out, _ := runCLI(t, "", "plan", "list", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "PLAN") ||
		!strings.Contains(out, "Sort out the meal routes with Peninsula Volunteers") ||
		!strings.Contains(out, "Peninsula Volunteers and Samaritan House (strained, cooperation)") ||
		!strings.Contains(out, "not yet: The tie reaches coordination and is active") {
		t.Fatalf("table: %d %s", code, out)
	}
	if fields := strings.Fields(strings.Split(out, "\n")[1]); !strings.Contains(out, " 2 ") || len(fields) < 5 {
		t.Fatalf("table row: %s", out)
	}
	code, out, _ = runCLI(t, "", "plan", "list", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"strategy": "seek_mentors"`) || !strings.Contains(out, `"overdue": true`) ||
		!strings.Contains(out, `"met_at": null`) {
		t.Fatalf("json: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "plan", "list", "--db", db, "--organization", "nowhere", "--format", "json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("another organization: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, "", "plan", "list", "--db", db, "--format", "xml"); code != 2 ||
		!strings.Contains(stderr, "--format") {
		t.Fatalf("bad format: %d %s", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "plan", "check", "--db", db); code != 0 || out != "0 signals met\n" {
		t.Fatalf("check: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, "", "--help"); code != 0 || !strings.Contains(out, "plan list [--organization ID]") {
		t.Fatalf("help: %s", out)
	}
}
