package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/demo"
	"backbone/internal/measure"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// TestBrowserSharedMeasurement is shared measurement in a real browser:
// backbone staff add an indicator and a SMART goal (checked before it is
// saved), a milestone and a revision; a partner reports its number, sees it
// on the dashboard at once and filters the dashboard to its own numbers;
// then it sets a goal of its own organization.
func TestBrowserSharedMeasurement(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	var samaritan, agenda string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT title FROM agenda_items WHERE initiative_id = $1 ORDER BY id LIMIT 1`, res.InitiativeID).Scan(&agenda); err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) {
		b.Go(a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
		if strings.Contains(b.URL(), "/login") {
			t.Fatalf("sign in as %s: %q", email, b.Text("main"))
		}
	}
	signOut := func() { b.Submit("form[action='/logout'] button") }
	base := fmt.Sprintf("%s/initiatives/%d", a.URL, res.InitiativeID)
	period := measure.LastClosed(measure.Monthly, a.DB.Now()).String()

	signIn("coordinator@example.org")
	b.Go(base + "/measures")
	// The page's forms are folded away until asked for.
	if b.Exists("#add-goal[open]") || b.Exists("#add-indicator[open]") || b.Exists("#add-story[open]") {
		t.Fatal("a form of the goals page is open before it is asked for")
	}
	b.Click("#add-indicator > summary")
	b.Fill("#name", "Rides to appointments")
	b.Fill("#definition", "Rides given to older adults to medical appointments in the month.")
	b.Fill("#indicator-unit", "rides")
	b.Select("#aggregation", "sum")
	b.Select("#frequency", "monthly")
	b.Check(fmt.Sprintf("#indicator-form input[name=reporters][value='%s']", samaritan))
	b.Submit("#indicator-form button.primary")
	if !b.HasText(".flash-success", "Rides to appointments") || !b.HasText("#indicators", "Rides to appointments") {
		t.Fatalf("indicator not added: %q", b.Text("main"))
	}

	// The SMART check says what is missing before anything is saved.
	b.Click("#add-goal > summary")
	b.Fill("#statement", "Give 500 rides a month")
	b.Select("#indicator_id", "Rides to appointments (rides)")
	b.Submit("#goal-form button[value=check]")
	if !b.HasText("#smart-check", "Not measurable: give a target and a unit") || !b.HasText("#smart-check", "Not relevant") ||
		!b.HasText("#smart-check", "Not time-bound") {
		t.Fatalf("SMART check: %q", b.Text("#smart-check"))
	}
	b.Fill("#baseline", "100")
	b.Fill("#target", "500")
	b.Fill("#unit", "rides")
	b.Fill("#starts_on", "2025-01-01")
	b.Fill("#due_on", fmt.Sprintf("%d-12-31", a.DB.Now().Year()+1))
	b.Select("#agenda_item_id", agenda)
	b.Submit("#goal-form button[value=check]")
	if b.HasText("#smart-check", "Not measurable") || b.HasText("#smart-check", "Not relevant") || b.HasText("#smart-check", "Not time-bound") {
		t.Fatalf("SMART check of a whole goal: %q", b.Text("#smart-check"))
	}
	b.Submit("#goal-form button.primary")
	if !b.HasText("h1", "Give 500 rides a month") {
		t.Fatalf("goal not saved: %q", b.Text("main"))
	}
	goal := b.URL()
	b.Fill("#milestones #value", "300")
	b.Fill("#milestones #label", "three hundred rides")
	b.Submit("#milestones button[type=submit]")
	if !b.HasText(".flash-success", "milestone was added") || !b.HasText("#milestones", "three hundred rides") {
		t.Fatalf("milestone: %q", b.Text("main"))
	}
	b.Fill("#target", "600")
	b.Fill("#reason", "The county funded a second van")
	b.Submit("form[action$='/goals/" + goal[strings.LastIndex(goal, "/")+1:] + "'] button.primary")
	if !b.HasText("#revisions", "Revision 2") || !b.HasText("#revisions", "The county funded a second van") {
		t.Fatalf("revision: %q", b.Text("main"))
	}

	// Last month's numbers arrive as a file: a bad row refuses the whole
	// file, naming the row and the column; the corrected file imports.
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "rides.csv")
	earlier := measure.LastClosed(measure.Monthly, a.DB.Now()).Add(-1).String()
	for path, body := range map[string]string{
		bad:  "indicator,organization,period,value\nRides to appointments,Samaritan House," + earlier + ",250\nRides to appointments,Samaritan House,2026-Q1,12\n",
		good: "indicator,organization,period,value\nRides to appointments,Samaritan House," + earlier + ",250\n",
	} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b.Go(base + "/report")
	b.Upload("#file", bad)
	b.Submit("form[action$='/report/upload'] button[type=submit]")
	if !b.HasText("#report-problem", "Nothing was imported") || !b.HasText("#report-problem", "row 3") {
		t.Fatalf("bad file: %q", b.Text("main"))
	}
	b.Upload("#file", good)
	b.Submit("form[action$='/report/upload'] button[type=submit]")
	if !b.HasText("#report-done", "1 new value, 0 corrections") {
		t.Fatalf("file: %q", b.Text("main"))
	}

	// A story beside the numbers, with consent recorded.
	b.Go(base + "/measures")
	b.Click("#add-story > summary")
	b.Fill("#title", "A ride to dialysis")
	b.Fill("#body", "Three times a week, the van takes her to dialysis; she no longer misses sessions.")
	b.Select("#kind", "case_story")
	b.Fill("#consent_by", "the rider")
	b.Fill("#consent_on", a.DB.Now().Format(time.DateOnly))
	b.Fill("#consent_how", "verbally, noted by the driver")
	b.Check("input[name=goal_ids][value='" + goal[strings.LastIndex(goal, "/")+1:] + "']")
	b.Submit("form[action$='/stories'] button.primary")
	if !b.HasText(".flash-success", "story was added") || !b.HasText("main", "A ride to dialysis") {
		t.Fatalf("story: %q", b.Text("main"))
	}
	// The dashboard shows the goals as they stood on a day before they existed.
	b.Fill("#as_of", "2001-01-01")
	b.Submit("form.filters button[type=submit]")
	if !b.HasText("#as-of-view", "Goals as they stood on 1 Jan 2001") {
		t.Fatalf("as of: %q", b.Text("main"))
	}
	signOut()

	// The partner reports; the dashboard shows it at once, and the milestone passed.
	signIn("partner@example.org")
	b.Go(base + "/report")
	b.Select("#item", "Rides to appointments (rides, monthly) for Samaritan House")
	b.Select("#period", period)
	b.Fill("#value", "320")
	b.Submit("form[action$='/report'] button.primary")
	if !b.HasText(".flash-success", "Recorded 320 for "+period) {
		t.Fatalf("report: %q", b.Text("main"))
	}
	b.Go(base + "/dashboard")
	card := fmt.Sprintf("#goal-%s", goal[strings.LastIndex(goal, "/")+1:])
	if !b.HasText(card, "Give 500 rides a month") || !b.Exists(card+" svg") || !b.HasText(card, "Who contributed in "+measure.PeriodLabel(period)) {
		t.Fatalf("dashboard card: %q", b.Text(card))
	}
	b.Select("#member", "Samaritan House")
	b.Submit("form.filters button[type=submit]")
	if !b.HasText("#member-view", "Samaritan House") || !b.HasText(card, "part of the total") {
		t.Fatalf("member filter: %q", b.Text("main"))
	}
	// The progress report of what is shown, to print (the button appears
	// with JavaScript) or to download as a PDF.
	b.WaitVisible("button[data-print]")
	var report fetched
	b.Eval(fetchJS(`document.querySelector("a[href*='/dashboard.pdf'][href*='member=']").href`), &report)
	if report.Status != 200 || report.Type != "application/pdf" || report.Head != "%PDF" {
		t.Fatalf("progress report: %+v", report)
	}
	b.Go(base + "/updates")
	if !b.HasText("main", "passed its milestone of 300") {
		t.Fatalf("no celebration in the feed: %q", b.Text("main"))
	}
	// The demo's coordinator set eight members' responsibilities in one
	// sitting: one line, the rest unfolded on demand (on the page of older
	// updates that starts with them, as more has happened since).
	var newest int64
	if err := db.QueryRow(`SELECT MAX(id) FROM audit_events WHERE entity_type = 'initiative' AND entity_id = $1
		AND (action = 'responsibilities' OR action LIKE 'person%')`, fmt.Sprint(res.InitiativeID)).
		Scan(&newest); err != nil {
		t.Fatal(err)
	}
	b.Go(fmt.Sprintf("%s/updates?before=%d", base, newest+1))
	b.Click("#feed li.feed-member details.burst > summary")
	b.WaitVisible("#feed li.feed-member details.burst[open] li")

	// A goal of the partner's own organization.
	b.Go(a.URL + "/organizations/" + samaritan)
	b.Click("a[href='/organizations/" + samaritan + "/goals']")
	b.WaitVisible("#statement")
	b.Fill("#statement", "Give 400 rides a month ourselves")
	b.Select("#indicator_id", "Rides to appointments (rides)")
	b.Fill("#target", "400")
	b.Fill("#unit", "rides")
	b.Fill("#due_on", fmt.Sprintf("%d-06-30", a.DB.Now().Year()+1))
	b.Submit("form[action$='/goals'] button[value=check]")
	if b.HasText("#smart-check", "Not relevant") || !b.HasText("#smart-check", "Achievable") {
		t.Fatalf("own SMART check: %q", b.Text("#smart-check"))
	}
	b.Submit("form[action$='/goals'] button.primary")
	if !b.HasText("h1", "Give 400 rides a month ourselves") || !b.Exists("svg") {
		t.Fatalf("own goal: %q", b.Text("main"))
	}
}
