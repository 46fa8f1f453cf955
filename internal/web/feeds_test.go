package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/filetest"
)

var (
	calendarLinkRe = regexp.MustCompile(`value="([^"]+)"[^>]*id="calendar-link"`)
	atomLinkRe     = regexp.MustCompile(`value="([^"]+)"[^>]*id="atom-link"`)
	uuidRe         = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

// shownLink finds the link a page shows once, as an address on the test
// server.
func shownLink(t *testing.T, r *apptest.Response, re *regexp.Regexp) string {
	t.Helper()
	m := re.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no new link shown on %s:\n%s", r.Request.URL.Path, excerpt(r.Body))
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// TestCalendarFeedOfThePartner reads the demo partner's own calendar, made
// on the account page, as a calendar program would: without signing in,
// parsed by python3-icalendar. It holds the report due dates of what
// Samaritan House reports and the open proposal's deadline, is cached,
// follows the partner's rights when read, and is gone once revoked.
func TestCalendarFeedOfThePartner(t *testing.T) {
	f := newDemoFixture(t)
	partner := f.signIn(t, "partner@example.org")
	mustContain(
		t,
		partner.Get("/account"),
		"Calendar and feed links",
		"You have no calendar link yet",
		"Google Calendar",
	)
	r := partner.PostForm("/account/feeds", nil)
	status(t, r, http.StatusOK)
	mustContain(t, r, "it is shown only once")
	link := shownLink(t, r, calendarLinkRe)
	if !strings.HasPrefix(link, "/calendar/bbc_") || !strings.HasSuffix(link, ".ics") {
		t.Fatalf("calendar link %q", link)
	}

	anon := f.a.NewClient(t)
	got := anon.Get(link)
	status(t, got, http.StatusOK)
	if ct := got.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := got.Header.Get("Cache-Control"); cc != "private, max-age=300" {
		t.Errorf("Cache-Control %q", cc)
	}
	cal := filetest.ReadICS(t, []byte(got.Body))
	summaries := map[string]string{}
	for _, e := range cal.Events {
		if _, twice := summaries[e.UID]; twice {
			t.Errorf("UID %s twice", e.UID)
		}
		summaries[e.UID] = e.Summary
		if uuidRe.MatchString(e.Summary + e.Description) {
			t.Errorf("an id in %q / %q", e.Summary, e.Description)
		}
	}

	// Every indicator Samaritan House reports has a due date; the open
	// proposal has its deadline, at its moment.
	rows, err := f.db.Query(
		`SELECT DISTINCT i.name FROM indicators i JOIN indicator_reporters r ON r.indicator_id = i.id
		JOIN organizations o ON o.id = r.organization_id WHERE o.name = 'Samaritan House' AND i.archived_at IS NULL`,
	)
	if err != nil {
		t.Fatal(err)
	}
	var indicators []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		indicators = append(indicators, n)
	}
	rows.Close()
	if len(indicators) == 0 {
		t.Fatal("the demo's partner reports nothing")
	}
	all := ""
	for _, e := range cal.Events {
		all += e.Summary + "\n"
	}
	for _, n := range indicators {
		if !strings.Contains(all, "Report due: "+n+", ") {
			t.Errorf("no due date for %s in:\n%s", n, all)
		}
	}
	var proposalID int64
	var title string
	if err := f.db.QueryRow(`SELECT id, title FROM proposals WHERE status = 'open' ORDER BY id LIMIT 1`).
		Scan(&proposalID, &title); err != nil {
		t.Fatalf("the demo has no open proposal: %v", err)
	}
	var deadline string
	for _, e := range cal.Events {
		if e.Summary == "Vote closes: "+title {
			deadline = e.Start
		}
	}
	if !strings.HasSuffix(deadline, "+00:00") {
		t.Errorf("the open proposal's deadline reads %q in:\n%s", deadline, all)
	}

	// A program asking again with the tag it has gets 304.
	req, _ := http.NewRequest(http.MethodGet, f.a.URL+link, nil)
	req.Header.Set("If-None-Match", got.Header.Get("ETag"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("asked again with its ETag: %d, want 304", res.StatusCode)
	}

	// The link reads with the partner's rights now: once Samaritan House
	// leaves, the partner's calendar has nothing of the initiative.
	ctx := context.Background()
	var samaritan string
	if err := f.db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(`UPDATE initiative_members SET status = 'left' WHERE organization_id = $1`,
		samaritan); err != nil {
		t.Fatal(err)
	}
	cal = filetest.ReadICS(t, []byte(anon.Get(link).Body))
	if len(cal.Events) != 0 {
		t.Errorf("after leaving, the calendar still has %d events", len(cal.Events))
	}
	if _, err := f.db.Exec(`UPDATE initiative_members SET status = 'active' WHERE organization_id = $1`,
		samaritan); err != nil {
		t.Fatal(err)
	}

	// Revoked, the link is not found.
	u, err := f.a.Accounts.UserByEmail(ctx, "partner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	links, err := f.a.Accounts.FeedLinks(ctx, account.UserActor(u, ""))
	if err != nil || len(links) != 1 {
		t.Fatalf("links %v, %v", links, err)
	}
	status(t, partner.PostForm(fmt.Sprintf("/account/feeds/%d/revoke", links[0].ID), nil), http.StatusSeeOther)
	status(t, anon.Get(link), http.StatusNotFound)
	status(t, anon.Get("/calendar/bbc_nothing.ics"), http.StatusNotFound)
	status(t, anon.Get("/calendar/nothing"), http.StatusNotFound)
}

// TestInitiativeFeedLinks makes a link to the demo initiative's calendar
// and updates feed from its updates page, reads the Atom feed with
// python3-feedparser, and has the backbone staff revoke it.
func TestInitiativeFeedLinks(t *testing.T) {
	f := newDemoFixture(t)
	partner := f.signIn(t, "partner@example.org")
	base := fmt.Sprintf("/initiatives/%d", f.res.InitiativeID)
	mustContain(t, partner.Get(base+"/updates"), "Calendar and feed links", "Make a new link")
	r := partner.PostForm(base+"/feeds", nil)
	status(t, r, http.StatusOK)
	calLink, atomLink := shownLink(t, r, calendarLinkRe), shownLink(t, r, atomLinkRe)

	anon := f.a.NewClient(t)
	cal := filetest.ReadICS(t, []byte(anon.Get(calLink).Body))
	if !strings.Contains(cal.Name, demo.InitiativeName) || len(cal.Events) == 0 {
		t.Errorf("the initiative's calendar %q has %d events", cal.Name, len(cal.Events))
	}
	got := anon.Get(atomLink)
	status(t, got, http.StatusOK)
	if ct := got.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	feed := filetest.ReadAtom(t, []byte(got.Body))
	if feed.Bozo || feed.Version != "atom10" || len(feed.Entries) == 0 {
		t.Fatalf("feedparser read %+v", feed)
	}
	for _, e := range feed.Entries {
		if !strings.HasPrefix(e.ID, "tag:127.0.0.1,") || e.Title == "" || e.Updated == "" ||
			!strings.HasPrefix(e.Link, "http://127.0.0.1:") || uuidRe.MatchString(e.Title) {
			t.Errorf("entry %+v", e)
		}
	}
	// The feed is not read without the link, nor with another
	// initiative's address.
	status(t, anon.Get(base+"/updates.atom"), http.StatusNotFound)
	status(t, anon.Get(strings.Replace(atomLink, base, "/initiatives/999", 1)), http.StatusNotFound)

	// The backbone staff see the partner's link and revoke it.
	coordinator := f.signIn(t, "coordinator@example.org")
	page := coordinator.Get(base + "/updates")
	m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(base) + `/feeds/\d+/revoke)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("the coordinator cannot revoke the partner's link:\n%s", excerpt(page.Body))
	}
	mustContain(t, page, "Demo Partner")
	status(t, coordinator.PostForm(m[1], nil), http.StatusSeeOther)

	// The coordinator's own calendar has every indicator's due dates: the
	// backbone staff run the initiative.
	own := anon.Get(shownLink(t, coordinator.PostForm("/account/feeds", nil), calendarLinkRe))
	status(t, own, http.StatusOK)
	var n int
	if err := f.db.QueryRow(`SELECT COUNT(DISTINCT i.id) FROM indicators i
		JOIN indicator_reporters r ON r.indicator_id = i.id
		WHERE i.initiative_id = $1 AND i.archived_at IS NULL`, f.res.InitiativeID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range filetest.ReadICS(t, []byte(own.Body)).Events {
		if name, ok := strings.CutPrefix(e.Summary, "Report due: "); ok {
			names[name[:strings.LastIndex(name, ", ")]] = true
		}
	}
	if len(names) != n || n < 2 {
		t.Errorf(
			"the coordinator's calendar has due dates of %d indicators, the initiative %d: %v",
			len(names),
			n,
			names,
		)
	}
	status(t, anon.Get(calLink), http.StatusNotFound)
	status(t, anon.Get(atomLink), http.StatusNotFound)
}
