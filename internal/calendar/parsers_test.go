package calendar

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"backbone/internal/initiative"
	"backbone/internal/testutil/filetest"
)

// TestICSReadByPythonIcalendar has Debian's python3-icalendar read a
// calendar with text that needs escaping and folding, whole days and
// moments, and checks it reads back what was written.
func TestICSReadByPythonIcalendar(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	long := "Renewal due: " + strings.Repeat("Memorandum of understanding, «housing» — 住宅; ", 4)
	c := Calendar{Name: "Backbone: Dana Cruz, partner", Events: []Event{
		{UID: "report-7-2026-Q1-1@backbone", Summary: "Report due: Households housed, Q1 2026",
			Description: "Asked of: Harbor Food Bank; Eastside Shelter\nNot reported yet: A\\B",
			On:          time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
		{UID: "proposal-3@backbone", Summary: "Vote closes: Adopt the charter",
			At: time.Date(2026, 3, 10, 12, 0, 0, 0, time.FixedZone("EST", -5*3600))},
		{UID: "agreement-2-renewal@backbone", Summary: long, On: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{UID: "meeting-4@backbone", Summary: "Monthly partners", At: time.Date(2027, 1, 5, 18, 0, 0, 0, time.UTC),
			End: time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC), Zone: la, RRule: "FREQ=MONTHLY;BYDAY=1TU",
			Location: "Library, room 2"},
	}}
	var b bytes.Buffer
	if err = Write(&b, c, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	got := filetest.ReadICS(t, b.Bytes())
	if got.Name != c.Name {
		t.Errorf("name %q, want %q", got.Name, c.Name)
	}
	want := []filetest.ICSEvent{
		{UID: "report-7-2026-Q1-1@backbone", Summary: "Report due: Households housed, Q1 2026",
			Description: "Asked of: Harbor Food Bank; Eastside Shelter\nNot reported yet: A\\B",
			Start:       "2026-03-31", End: "2026-04-01", Stamp: "2026-03-02T09:00:00+00:00"},
		{UID: "proposal-3@backbone", Summary: "Vote closes: Adopt the charter",
			Start: "2026-03-10T17:00:00+00:00", Stamp: "2026-03-02T09:00:00+00:00"},
		{UID: "agreement-2-renewal@backbone", Summary: long,
			Start: "2026-11-01", End: "2026-11-02", Stamp: "2026-03-02T09:00:00+00:00"},
		{UID: "meeting-4@backbone", Summary: "Monthly partners",
			Start: "2027-01-05T10:00:00-08:00", End: "2027-01-05T11:00:00-08:00", Stamp: "2026-03-02T09:00:00+00:00"},
	}
	if len(got.Events) != len(want) {
		t.Fatalf("read %d events, want %d: %+v", len(got.Events), len(want), got.Events)
	}
	for i := range want {
		if len(got.Events[i].ExDates) == 0 {
			got.Events[i].ExDates = nil // none read is none
		}
		if !reflect.DeepEqual(got.Events[i], want[i]) {
			t.Errorf("event %d read as\n%+v\nwant\n%+v", i, got.Events[i], want[i])
		}
	}
}

// TestAtomReadByFeedparser has Debian's python3-feedparser read an
// updates feed, and checks its ids, titles, links and times.
func TestAtomReadByFeedparser(t *testing.T) {
	in := &initiative.Initiative{ID: 4, Name: "Housing First <Coalition> & friends",
		CreatedAt: time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)}
	f := UpdatesFeed{Initiative: in, SiteURL: "https://backbone.example.org",
		Self: "https://backbone.example.org/initiatives/4/updates.atom",
		Entries: []initiative.FeedEntry{
			{Kind: initiative.FeedAgreement, AgreementID: 9, At: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
				Text: "The agreement “Data sharing” ends on 1 Mar 2026 (in 27 days): it is due for renewal"},
			{ID: 120, Kind: initiative.FeedMember, At: time.Date(2026, 1, 20, 15, 4, 5, 0, time.UTC),
				Who: "Alex Rivera", Text: "Harbor Food Bank joined as a core partner"},
		}}
	var b bytes.Buffer
	if err := WriteAtom(&b, f, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	got := filetest.ReadAtom(t, b.Bytes())
	if got.Bozo || got.Version != "atom10" {
		t.Fatalf("feedparser read a %q feed (bozo %v):\n%s", got.Version, got.Bozo, b.String())
	}
	if got.Title != "Updates of Housing First <Coalition> & friends" {
		t.Errorf("title %q", got.Title)
	}
	want := []filetest.AtomEntry{
		{ID: "tag:backbone.example.org,2025-09-01:initiatives/4/agreements/9/renewal/2026-02-01",
			Title: f.Entries[0].Text, Link: "https://backbone.example.org/initiatives/4/agreements/9",
			Updated: "2026-02-01T00:00:00Z"},
		{ID: "tag:backbone.example.org,2025-09-01:initiatives/4/updates/120",
			Title: "Harbor Food Bank joined as a core partner", Link: "https://backbone.example.org/initiatives/4/updates",
			Author: "Alex Rivera", Updated: "2026-01-20T15:04:05Z"},
	}
	if len(got.Entries) != len(want) {
		t.Fatalf("read %d entries, want %d", len(got.Entries), len(want))
	}
	for i := range want {
		if got.Entries[i] != want[i] {
			t.Errorf("entry %d read as\n%+v\nwant\n%+v", i, got.Entries[i], want[i])
		}
	}
}
