package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// TestBrowserRoadblocksAndReviews is the roadblocks register and a
// scheduled review in a real browser: the coordinator records a roadblock
// on a goal and finds it on the goal's page and in the heat grid; sets a
// quarterly review of the initiative, finds it due on the home page,
// records it with a revision of the goal and the roadblock closed, and
// prints it. A partner proposes a roadblock, and may not record reviews.
func TestBrowserRoadblocksAndReviews(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	var goal int64
	var statement string
	if err := db.QueryRow(`SELECT g.id, r.statement FROM goals g JOIN goal_revisions r ON r.goal_id = g.id
		AND r.revision = g.revision WHERE g.initiative_id = $1 ORDER BY g.id DESC LIMIT 1`, res.InitiativeID).
		Scan(&goal, &statement); err != nil {
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
	goalPage := fmt.Sprintf("%s/initiatives/%d/goals/%d", a.URL, res.InitiativeID, goal)

	// A roadblock on the goal, first with a mistake.
	signIn("coordinator@example.org")
	b.Go(goalPage)
	b.Click(fmt.Sprintf("a[href='/subjects/goal/%d/roadblocks/new']", goal))
	b.WaitVisible("#title")
	b.Fill("#title", "Partners keep their own intake forms")
	b.Submit("form.form button[type=submit]")
	if !b.HasText("main", "Category must be one of") {
		t.Fatalf("no error for the category: %q", b.Text("main"))
	}
	b.Select("#category", "provider_policies")
	b.Select("#likelihood", "4")
	b.Select("#impact", "2")
	b.Fill("#mitigation", "Agree one shared intake form at the next partners' meeting.")
	b.Fill("#review_on", a.DB.Now().AddDate(0, 1, 0).Format("2006-01-02"))
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "on the register") || !strings.HasSuffix(b.URL(), fmt.Sprintf("/goals/%d", goal)) {
		t.Fatalf("after recording: %s %q", b.URL(), b.Text("main"))
	}
	if !b.HasText("#roadblock-list", "Partners keep their own intake forms") ||
		!b.HasText("#roadblock-list", "Almost certain × Moderate") {
		t.Fatalf("not on the goal's page: %q", b.Text("#roadblocks"))
	}

	// The heat grid: the cell of likelihood 4 and impact 2 counts it, and
	// lists it.
	b.Go(fmt.Sprintf("%s/initiatives/%d/roadblocks", a.URL, res.InitiativeID))
	if got := b.Text("a[data-cell='4-2']"); got != "1" {
		t.Fatalf("the cell 4 × 2 counts %q", got)
	}
	b.Click("a[data-cell='4-2']")
	b.WaitVisible("#register")
	if !b.HasText("#register", "Partners keep their own intake forms") ||
		b.HasText("#register", "Too few volunteer drivers") {
		t.Fatalf("the cell's list: %q", b.Text("#register"))
	}
	b.SetWidth(390)
	var wide bool
	b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
	if wide {
		t.Error("the register is wider than a phone")
	}
	b.ResetWidth()
	var roadblock int64
	if err := db.QueryRow(`SELECT id FROM roadblocks WHERE title = 'Partners keep their own intake forms'`).
		Scan(&roadblock); err != nil {
		t.Fatal(err)
	}

	// A quarterly review of the whole initiative, due today.
	today := a.DB.Now().Format("2006-01-02")
	b.Go(fmt.Sprintf("%s/subjects/initiative/%d/reviews", a.URL, res.InitiativeID))
	b.Select("#cadence", "quarterly")
	b.Fill("#due_on", today)
	b.Submit("form[action$='/review-schedule'] button[type=submit]")
	if !b.HasText("#schedule", "Every quarter") || !b.HasText("#schedule", today) {
		t.Fatalf("the cadence: %q", b.Text("main"))
	}
	b.Go(a.URL + "/")
	item := fmt.Sprintf("#queue a[href='/subjects/initiative/%d/reviews/new']", res.InitiativeID)
	if !b.Exists(item) || !b.HasText("#queue", "Review the initiative") {
		t.Fatalf("the review is not on the home page: %q", b.Text("#queue"))
	}

	// The review: who took part, what was found, the goal revised with its
	// reason, the roadblock closed.
	b.Click(item)
	b.WaitVisible("#participants")
	b.Fill("#participants", "Maria Lopez (Samaritan House)\nDevon Price (Meals on Wheels)")
	b.Fill("#findings", "Two partners still use their own intake forms; referrals take a week longer.")
	b.Select("#goal_id", fmt.Sprint(goal))
	b.Fill("#goal_reason", "Referrals are slower until the shared form is in use")
	b.Fill("#goal_due_on", "2028-06-30")
	b.Check(fmt.Sprintf("#close-%d", roadblock))
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "The review was recorded") {
		t.Fatalf("after recording the review: %s %q", b.URL(), b.Text("main"))
	}
	if !b.HasText("#changes", "Revised the goal") || !b.HasText("#changes", "(revision 2)") ||
		!b.HasText("#changes", "Closed the roadblock “Partners keep their own intake forms”") ||
		!b.HasText("#participants", "Devon Price") {
		t.Fatalf("the record: %q", b.Text("main"))
	}
	reviewURL := b.URL()
	var status string
	if err := db.QueryRow(`SELECT status FROM roadblocks WHERE id = $1`, roadblock).Scan(&status); err != nil ||
		status != "closed" {
		t.Fatalf("the roadblock is %q (%v)", status, err)
	}

	// Print: the button (shown once the script runs), and the PDF on both
	// papers.
	b.WaitVisible("button[data-print]")
	if !b.Exists("#pdf-a4") || !b.Exists("#pdf-letter") {
		t.Fatal("no PDF links")
	}
	c := a.NewClient(t)
	signedIn := c.PostForm("/login", url.Values{"email": {"coordinator@example.org"}, "password": {demo.Password}})
	if signedIn.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", signedIn.StatusCode)
	}
	path := strings.TrimPrefix(reviewURL, a.URL)
	for _, paper := range []string{"a4", "letter"} {
		r := c.Get(path + "/pdf?paper=" + paper)
		if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "%PDF-") ||
			r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("the %s PDF: %d %s %.20q", paper, r.StatusCode, r.Header.Get("Content-Type"), r.Body)
		}
	}
	b.Go(goalPage)
	if !b.HasText("#roadblocks", "No roadblock is on the register") {
		t.Fatalf("the closed roadblock is still current on the goal's page: %q", b.Text("#roadblocks"))
	}
	signOut()

	// A partner proposes a roadblock on the initiative, and may not record
	// a review.
	signIn("partner@example.org")
	b.Go(fmt.Sprintf("%s/initiatives/%d", a.URL, res.InitiativeID))
	b.Click(fmt.Sprintf("a[href='/subjects/initiative/%d/roadblocks/new']", res.InitiativeID))
	b.WaitVisible("#title")
	if b.Exists("#status") {
		t.Error("a partner is offered the status")
	}
	b.Fill("#title", "Staff turnover at the senior centers")
	b.Select("#category", "personalities")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "proposed") || !b.HasText("#roadblock-list", "proposed") {
		t.Fatalf("a partner's roadblock: %q", b.Text("main"))
	}
	if code := b.Visit(fmt.Sprintf("%s/subjects/initiative/%d/reviews/new", a.URL, res.InitiativeID)); code != 403 {
		t.Errorf("a partner opens the review form: %d", code)
	}
}
