package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/filetest"
)

// TestBrowserCalendarLink is subscribing to one's calendar in a real
// browser, on the demo: the partner makes a calendar link on their account
// page and copies it; fetched without any cookie, as Outlook or Google
// Calendar would, it holds the demo's report due dates and the open
// proposal's deadline; the partner revokes it, and the link is then not
// found.
func TestBrowserCalendarLink(t *testing.T) {
	b := browser.Start(t)
	f := newDemoFixture(t)
	var title string
	err := f.db.QueryRow(`SELECT title FROM proposals WHERE status = 'open' ORDER BY id LIMIT 1`).Scan(&title)
	if err != nil {
		t.Fatalf("the demo has no open proposal: %v", err)
	}
	var indicator string
	if err := f.db.QueryRow(`SELECT i.name FROM indicators i JOIN indicator_reporters r ON r.indicator_id = i.id
		JOIN organizations o ON o.id = r.organization_id WHERE o.name = 'Samaritan House' ORDER BY i.id LIMIT 1`).
		Scan(&indicator); err != nil {
		t.Fatalf("the demo's partner reports nothing: %v", err)
	}

	demoSignIn(t, b, f.a.URL, "partner@example.org")
	b.Go(f.a.URL + "/account")
	if !b.HasText("#calendar-links", "You have no calendar link yet") {
		t.Fatal("the account page has no calendar links section")
	}
	b.Submit("form[action='/account/feeds'] button[type=submit]")
	b.WaitVisible("#new-feed-link")
	if !b.HasText("#new-feed-link", "shown only once") {
		t.Error("the new link does not say it is shown once")
	}
	link := b.Value("#calendar-link")
	if !strings.HasPrefix(link, f.a.URL+"/calendar/bbc_") || !strings.HasSuffix(link, ".ics") {
		t.Fatalf("the calendar link is %q", link)
	}
	if !b.HasText("#calendar-links", "Google Calendar") || !b.HasText("#calendar-links", "Outlook") {
		t.Error("no explanation of subscribing from Outlook or Google Calendar")
	}

	// Fetched as a calendar program does: no cookie, the link is the key.
	code, body := fetch(t, link)
	if code != http.StatusOK {
		t.Fatalf("the calendar link answers %d", code)
	}
	cal := filetest.ReadICS(t, []byte(body))
	var due, deadline bool
	for _, e := range cal.Events {
		due = due || (strings.HasPrefix(e.Summary, "Report due: "+indicator+", ") && len(e.Start) == len("2026-12-31"))
		deadline = deadline || (e.Summary == "Vote closes: "+title && strings.HasSuffix(e.Start, "+00:00"))
	}
	if !due || !deadline {
		t.Errorf("report due date %v, proposal deadline %v in %+v", due, deadline, cal.Events)
	}

	// Revoked, the link is not found.
	b.Go(f.a.URL + "/account")
	if !b.Exists("#feed-links") || b.Exists("#new-feed-link") {
		t.Fatal("the account page does not list the link, or shows its secret again")
	}
	b.Submit("#feed-links button.danger")
	b.WaitVisible("#calendar-links")
	if !b.HasText("#calendar-links", "You have no calendar link yet") {
		t.Error("the revoked link is still listed")
	}
	if code, _ := fetch(t, link); code != http.StatusNotFound {
		t.Errorf("the revoked link answers %d, want 404", code)
	}
}

// fetch gets a URL with no cookie, as a calendar program would.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}
