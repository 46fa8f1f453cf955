package calendar

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/testutil/filetest"
)

// pythonInvite is an invitation as python3-icalendar read it.
type pythonInvite struct {
	Method string
	Zones  map[string][]string // zone → instants where its VTIMEZONE and the system's zone differ
	Events []struct {
		UID, Status, Summary, Location, TZID, Start, RRule, Organizer string
		Sequence                                                      int
		Attendees                                                     []struct{ Address, RSVP, CN string }
		Occurrences                                                   []string
	}
}

func readInvite(t *testing.T, data []byte) pythonInvite {
	t.Helper()
	py := filetest.PythonModule(t, "icalendar", "python3-icalendar")
	dir := t.TempDir()
	path := filepath.Join(dir, "invite.ics")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "testdata/read_invite.py", path).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("python3-icalendar could not read it: %v\n%s\n%s", err, msg, data)
	}
	var inv pythonInvite
	if err := json.Unmarshal(out, &inv); err != nil {
		t.Fatalf("read %q: %v", out, err)
	}
	return inv
}

// TestInviteReadByPythonIcalendar has python3-icalendar read a monthly
// check-in's invitation in Los Angeles time and a cancellation: the
// VTIMEZONE written from Go's zone agrees with the system's zone for five
// years, and the rule expanded there keeps 10:00 across daylight-saving
// time.
func TestInviteReadByPythonIcalendar(t *testing.T) {
	for _, zone := range []string{"America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2027, 1, 5, 10, 0, 0, 0, loc)
		inv := Invite{Method: MethodRequest, Organizer: Party{Name: "Dana, backbone staff", Email: "dana@example.org"},
			Attendees: []Party{{Name: `Pat "the partner"`, Email: "partner@example.org"}},
			Event: Event{UID: "meeting-7@backbone", Summary: "Monthly partners; all welcome", At: start,
				End: start.Add(time.Hour), Zone: loc, RRule: "FREQ=MONTHLY;BYDAY=1TU", Sequence: 2,
				Location: "Library, room 2"}}
		var b bytes.Buffer
		if err := WriteInvite(&b, inv, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got := readInvite(t, b.Bytes())
		if got.Method != "REQUEST" || len(got.Events) != 1 {
			t.Fatalf("%s: read %+v", zone, got)
		}
		if wrong := got.Zones[zone]; wrong == nil || len(wrong) > 0 {
			t.Errorf("%s: the VTIMEZONE differs from the system's zone at %v (zones %v)\n%s", zone, wrong, got.Zones,
				b.String())
		}
		e := got.Events[0]
		if e.UID != "meeting-7@backbone" || e.Sequence != 2 || e.Status != "CONFIRMED" || e.TZID != zone ||
			e.Summary != "Monthly partners; all welcome" || e.Location != "Library, room 2" ||
			e.RRule != "FREQ=MONTHLY;BYDAY=1TU" || e.Organizer != "mailto:dana@example.org" {
			t.Errorf("%s: event %+v", zone, e)
		}
		if len(e.Attendees) != 1 || e.Attendees[0].Address != "mailto:partner@example.org" ||
			e.Attendees[0].RSVP != "TRUE" || e.Attendees[0].CN != "Pat the partner" {
			t.Errorf("%s: attendees %+v", zone, e.Attendees)
		}
		var want []string
		for _, m := range []time.Month{1, 2, 3, 4, 5, 6} {
			first := time.Date(2027, m, 1, 10, 0, 0, 0, loc)
			for first.Weekday() != time.Tuesday {
				first = first.AddDate(0, 0, 1)
			}
			want = append(want, first.UTC().Format("2006-01-02T15:04:05+00:00"))
		}
		if strings.Join(e.Occurrences, " ") != strings.Join(want, " ") {
			t.Errorf("%s: occurrences\n%v\nwant\n%v", zone, e.Occurrences, want)
		}
	}

	la, _ := time.LoadLocation("America/Los_Angeles")
	start := time.Date(2027, 1, 5, 10, 0, 0, 0, la)
	var b bytes.Buffer
	err := WriteInvite(&b, Invite{Method: MethodCancel, Organizer: Party{Name: "Dana", Email: "dana@example.org"},
		Attendees: []Party{{Name: "Pat", Email: "partner@example.org"}},
		Event: Event{UID: "meeting-7@backbone", Summary: "Monthly partners", At: start, End: start.Add(time.Hour),
			Zone: la, RRule: "FREQ=MONTHLY;BYDAY=1TU", Sequence: 3}}, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	got := readInvite(t, b.Bytes())
	if got.Method != "CANCEL" || got.Events[0].Status != "CANCELLED" || got.Events[0].Sequence != 3 {
		t.Errorf("cancellation %+v", got)
	}
}
