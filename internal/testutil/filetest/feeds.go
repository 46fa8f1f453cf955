package filetest

import (
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

//go:embed python/read_ics.py
var readICS string

//go:embed python/read_atom.py
var readAtom string

// ICSEvent is one event of a calendar as python3-icalendar read it.
type ICSEvent struct {
	UID, Summary, Description string
	Start, End, Stamp         string   // ISO 8601: 2026-03-31 for a date, 2026-03-10T16:00:00+00:00 for a time
	ExDates                   []string // occurrences left out of a series, ISO 8601
}

// ICS is a calendar as python3-icalendar read it.
type ICS struct {
	Name   string
	Events []ICSEvent
}

// ReadICS parses an iCalendar stream with Debian's python3-icalendar
// (icalendar.Calendar.from_ical) and returns what it read; a stream it
// refuses fails the test.
func ReadICS(t testing.TB, data []byte) ICS {
	t.Helper()
	var out ICS
	runPython(t, "icalendar", "python3-icalendar", readICS, data, &out)
	return out
}

// AtomEntry is one entry of a feed as python3-feedparser read it.
type AtomEntry struct {
	ID, Title, Link, Author, Updated string
}

// Atom is a feed as python3-feedparser read it. Bozo is feedparser's
// word for a feed that is not well formed.
type Atom struct {
	Bozo    bool
	Version string
	Title   string
	Entries []AtomEntry
}

// ReadAtom parses a feed with Debian's python3-feedparser
// (feedparser.parse) and returns what it read.
func ReadAtom(t testing.TB, data []byte) Atom {
	t.Helper()
	var out Atom
	runPython(t, "feedparser", "python3-feedparser", readAtom, data, &out)
	return out
}

func runPython(t testing.TB, module, debianPackage, script string, data []byte, into any) {
	t.Helper()
	py := PythonModule(t, module, debianPackage)
	dir := t.TempDir()
	scriptPath, dataPath := filepath.Join(dir, "read.py"), filepath.Join(dir, "input")
	if err := os.WriteFile(scriptPath, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dataPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, scriptPath, dataPath)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s could not read it: %v\n%s\n--- input ---\n%s", module, err, msg, data)
	}
	if err := json.Unmarshal(out, into); err != nil {
		t.Fatalf("read %s's answer %q: %v", module, out, err)
	}
}
