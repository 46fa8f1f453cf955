package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if code != 1 || !strings.Contains(stderr, `ties.csv row 3: to: no active organization has the id or name "Coastside Hope"`) {
		t.Fatalf("missing organization: %d %q", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "import", "ties", "--create-missing", good, "--db", db)
	if code != 0 || !strings.Contains(out, "1 organizations added to the directory") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "import", "ties", "--db", db); code != 2 || !strings.Contains(stderr, "give one CSV file") {
		t.Fatalf("no file: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "import", "gossip", good); code != 2 || !strings.Contains(stderr, "hsds or ties") {
		t.Fatalf("unknown kind: %d %q", code, stderr)
	}
}
