package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/network"
)

func TestImportTies(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	good := filepath.Join(dir, "ties.csv")
	os.WriteFile(good, []byte("from,to,kinds,level,status\nSamaritan House,Peninsula Volunteers,referral;joint programming,coordination,active\nSamaritan House,Coastside Hope,,awareness,developing\n"), 0o600)
	code, _, stderr := runCLI(t, "", "import", "ties", good, "--db", db)
	if code != 1 || !strings.Contains(stderr, `ties.csv row 3: to: no active organization has the id or name "Coastside Hope"`) ||
		!strings.Contains(stderr, "--create-missing") {
		t.Fatalf("missing organization: %d %q", code, stderr)
	}
	// The help lists the allowed values from the lists the import checks.
	code, out, _ := runCLI(t, "", "import", "ties", "--help")
	for _, want := range [][]string{network.Kinds, network.Levels, network.Statuses} {
		if code != 0 || !strings.Contains(out, strings.Join(want, ", ")) {
			t.Fatalf("import ties --help lacks %v: %d %q", want, code, out)
		}
	}
	if _, out, _ := runCLI(t, "", "import", "--help"); !strings.Contains(out, strings.Join(network.Kinds, ", ")) {
		t.Fatalf("import --help lacks the kinds: %q", out)
	}
	code, out, stderr = runCLI(t, "", "import", "ties", "--create-missing", good, "--db", db)
	if code != 0 || !strings.Contains(out, "1 organization added to the directory") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "import", "ties", "--db", db); code != 2 || !strings.Contains(stderr, "give one CSV file") {
		t.Fatalf("no file: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "import", "gossip", good); code != 2 || !strings.Contains(stderr, "hsds, ties or measurements") {
		t.Fatalf("unknown kind: %d %q", code, stderr)
	}
}

func TestNetworkMetrics(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	ties := filepath.Join(dir, "ties.csv")
	os.WriteFile(ties, []byte("from,to\nHub,A\nB,Hub\nHub,C\nC,D\n"), 0o600)
	if code, _, stderr := runCLI(t, "", "import", "ties", ties, "--create-missing", "--db", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, out, stderr := runCLI(t, "", "network", "metrics", "--db", db)
	if code != 0 || !strings.Contains(out, `"network": {`) || !strings.Contains(out, `"organizations": 5`) || !strings.Contains(out, `"betweenness": 0.8333333333333`) {
		t.Fatalf("json: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "", "network", "metrics", "--db", db, "--format", "csv", "--sort", "betweenness")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 6 || !strings.HasPrefix(lines[0], "id,name,sector,degree") || !strings.Contains(lines[1], ",Hub,") {
		t.Fatalf("csv: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "", "network", "metrics", "--db", db, "--format", "xml"); code != 2 || !strings.Contains(stderr, "--format") {
		t.Fatalf("bad format: %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "network", "metrics", "--db", db, "--format", "csv"); code != 0 || !strings.Contains(out, ",trust,value,rated_by") {
		t.Fatalf("csv trust and value columns: %d %q", code, out)
	}
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	code, out, stderr = runCLI(t, "", "network", "metrics", "--db", db, "--compare-from", yesterday)
	if code != 0 || !strings.Contains(out, `"ties": 4`) || !strings.Contains(out, `"new_ties": [`) || !strings.Contains(out, `"ties_gained": 3`) {
		t.Fatalf("compare: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "", "network", "metrics", "--db", db, "--compare-from", yesterday, "--format", "table")
	if code != 0 || !strings.Contains(out, "4 new ties, 0 ended") {
		t.Fatalf("compare table: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "", "network", "metrics", "--db", db, "--compare-from", "last week"); code != 2 || !strings.Contains(stderr, "--compare-from") {
		t.Fatalf("bad compare date: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "network", "metrics", "--db", db, "--compare-from", yesterday, "--as-of", "2001-01-01"); code != 2 || !strings.Contains(stderr, "--as-of: must be after") {
		t.Fatalf("dates in the wrong order: %d %q", code, stderr)
	}
}
