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

// PythonModule returns the path of a python3 that can import module (a
// Debian package's parser: python3-icalendar's icalendar, python3-feedparser's
// feedparser), trying Debian's /usr/bin/python3 first, since another python3
// (pyenv's) may come first on PATH without Debian's modules. Without one
// the test is skipped, or fails when BACKBONE_REQUIRE_TOOLS is set.
func PythonModule(t testing.TB, module, debianPackage string) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, py := range candidates {
		if err := exec.Command(py, "-c", "import "+module).Run(); err == nil {
			return py
		}
	}
	if os.Getenv("BACKBONE_REQUIRE_TOOLS") != "" {
		t.Fatalf("python3 cannot import %s (Debian package %s) and BACKBONE_REQUIRE_TOOLS is set", module, debianPackage)
	}
	t.Skipf("python3 cannot import %s (Debian package %s)", module, debianPackage)
	return ""
}
