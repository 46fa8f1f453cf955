package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportHSDS31: export hsds --version 3.1 writes 3.1's tables and says
// so; 3.0 stays the default; an unknown version is a usage error.
func TestExportHSDS31(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, stderr := runCLI(t, "", "import", "hsds", "../../internal/hsds/testdata/hsds-3.1/services.json",
		"--db", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	dir := t.TempDir()
	code, out, stderr := runCLI(t, "", "export", "hsds", dir, "--version", "3.1", "--db", db)
	if code != 0 || !strings.Contains(out, "(HSDS 3.1)") || !regexpFind(out, `service capacities\s+1\n`) ||
		!regexpFind(out, `URLs\s+2\n`) {
		t.Fatalf("export --version 3.1: exit %d, %q, %q", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "service_capacity.csv")); err != nil {
		t.Fatal(err)
	}
	plain := t.TempDir()
	if code, out, _ := runCLI(t, "", "export", "hsds", plain, "--db", db); code != 0 ||
		!strings.Contains(out, "(HSDS 3.0)") {
		t.Fatalf("export: exit %d, %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(plain, "service_capacity.csv")); err == nil {
		t.Fatal("a 3.0 export writes service_capacity.csv")
	}
	if code, _, stderr := runCLI(t, "", "export", "hsds", t.TempDir(), "--version", "2.9", "--db", db); code != 2 ||
		!strings.Contains(stderr, `--version: "2.9" is not 3.0 or 3.1`) {
		t.Fatalf("--version 2.9: exit %d, %q", code, stderr)
	}
}
