package filetest

import (
	"os"
	"os/exec"
	"testing"
)

// Tool returns the path of a program that reads a file format for real
// (poppler's pdftotext, Debian's python3), so that a test can check what
// Backbone writes with the parser others will use. Without it the test is
// skipped with one line saying why, or fails when BACKBONE_REQUIRE_TOOLS
// is set, as CI sets it.
func Tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("BACKBONE_REQUIRE_TOOLS") != "" {
		t.Fatalf("%s is not installed (Debian package %s) and BACKBONE_REQUIRE_TOOLS is set", name, debianPackage)
	}
	t.Skipf("%s is not installed (Debian package %s)", name, debianPackage)
	return ""
}
