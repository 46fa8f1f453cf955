package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportMeasurements(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	good := filepath.Join(dir, "m.csv")
	os.WriteFile(good, []byte("indicator,organization,period,value,note\nHome-delivered meals,Samaritan House,2024-01,4100,first count\nHome-delivered meals,Samaritan House,2024-02,4200,\n"), 0o600)
	code, out, stderr := runCLI(t, "", "import", "measurements", good, "--initiative", "1", "--db", db)
	if code != 0 || !strings.Contains(out, "2 rows; 2 new values") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	far := filepath.Join(dir, "far.csv")
	os.WriteFile(far, []byte("indicator,organization,period,value\nHome-delivered meals,Samaritan House,2024-03,4150000\n"), 0o600)
	code, out, stderr = runCLI(t, "", "import", "measurements", far, "--initiative", "1", "--db", db)
	if code != 0 || !strings.Contains(out, "1 new values") ||
		!strings.Contains(out, "far.csv row 2: value: 4,150,000 for 2024-03 is far from what Samaritan House usually reports") {
		t.Fatalf("a far value: %d %q %q", code, out, stderr)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("indicator,organization,period,value\nHome-delivered meals,Samaritan House,2024-03,many\n"), 0o600)
	if code, _, stderr := runCLI(t, "", "import", "measurements", bad, "--initiative", "1", "--db", db); code != 1 || !strings.Contains(stderr, "bad.csv row 2: value") {
		t.Fatalf("bad row: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "import", "measurements", good, "--db", db); code != 2 || !strings.Contains(stderr, "--initiative is required") {
		t.Fatalf("no initiative: %d %q", code, stderr)
	}
}
