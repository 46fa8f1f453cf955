package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/network"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// TestBrowserPlanJourney is the action plan's journey on the demo: the
// partner adds the strained tie with Peninsula Volunteers from the map to a
// plan, adds an action under "seek out mentors" due in 30 days and the
// signal "the tie reaches coordination, active", and shares the plan with
// the coordinator, who comments. A survey wave then closes with the pair
// rated at coordination: the running server finds the signal met by itself,
// and the plan's history says so. The plan reads at a phone's width.
func TestBrowserPlanJourney(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	a.StartEvents(ctx)
	signIn := func(email string) {
		b.Go(a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	signIn("partner@example.org")

	// From the map: the strained tie in Samaritan House's panel.
	b.Go(a.URL + "/network/map")
	b.Eval(`document.querySelector('#map .node[data-name="Samaritan House"]').focus()`, nil)
	b.Press("\r")
	b.WaitVisible("#map-panel")
	if !b.Exists("#map-panel a.add-to-plan") {
		t.Fatalf("no 'Add to my plan' on the strained tie: %q", b.Text("#map-panel"))
	}
	b.Click("#map-panel a.add-to-plan")
	b.WaitVisible("#plan-add")
	if !b.HasText("main", "Peninsula Volunteers → Samaritan House, today strained and cooperation") {
		t.Fatalf("the area to add: %q", b.Text("main"))
	}
	b.Select("#plan_id", "0")
	b.Fill("#title", "Peninsula Volunteers")
	b.Submit("#plan-add button[type=submit]")
	if !b.HasText(".flash-success", "Added to your plan") || !b.HasText(".plan-grid", "When added") {
		t.Fatalf("after adding the tie: %q", b.Text("main"))
	}
	planURL := strings.SplitN(b.URL(), "#", 2)[0]

	// An action under "seek out mentors", due in 30 days (the form's
	// default), and how I will know.
	b.Click(".plan-add-action summary")
	b.Select(".plan-add-action select[name=strategy]", "seek_mentors")
	b.Fill(".plan-add-action input[name=title]", "Ask our board chair to introduce me")
	due := b.Value(".plan-add-action input[name=due_on]")
	if want := a.DB.Now().AddDate(0, 0, 30).Format(time.DateOnly); due != want {
		t.Errorf("the action's due date is %s, want %s", due, want)
	}
	b.Submit(".plan-add-action button[type=submit]")
	if !b.HasText(".flash-success", "is added under Seek out experienced collaborators and mentors") {
		t.Fatalf("after adding the action: %q", b.Text("main"))
	}
	b.Select(".plan-set-signal select[name=kind]", "tie_level")
	b.Select(".plan-set-signal select[name=level]", "coordination")
	b.Submit(".plan-set-signal button[type=submit]")
	if !b.HasText(".flash-success", "The tie reaches coordination and is active") ||
		!b.HasText(".plan-signal", "not yet") {
		t.Fatalf("after setting the signal: %q", b.Text("main"))
	}
	b.Fill("#share-email", "nobody@example.org")
	b.Submit("#share-form button[type=submit]")
	if !b.HasText(".flash-error", "email: nobody has an account with nobody@example.org") {
		t.Fatalf("sharing with nobody: %q", b.Text("main"))
	}
	b.Fill("#share-email", "coordinator@example.org")
	b.Submit("#share-form button[type=submit]")
	if !b.HasText(".flash-success", "The plan is shared with Demo Coordinator") {
		t.Fatalf("sharing: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	// The coordinator, shared on the plan, comments.
	signIn("coordinator@example.org")
	b.Go(planURL)
	if b.Exists(".plan-add-action") {
		t.Error("the coordinator is offered to add actions to someone else's plan")
	}
	b.Fill("#body", "Their route lead is Dana; I will ask her to call you.")
	b.Submit("#comment-form button[type=submit]")
	if !b.HasText(".plan-feedback", "Their route lead is Dana") {
		t.Fatalf("the comment: %q", b.Text("#feedback"))
	}

	// A survey wave closes with the pair rated at coordination; nobody
	// touches the plan.
	net, sys := network.NewStore(db), account.SystemActor("test")
	var pv, sh string
	for _, q := range []struct {
		name string
		id   *string
	}{{"Peninsula Volunteers", &pv}, {"Samaritan House", &sh}} {
		if err := db.QueryRow(`SELECT id FROM organizations WHERE name = $1`, q.name).Scan(q.id); err != nil {
			t.Fatal(err)
		}
	}
	w, links, err := net.CreateWave(ctx, sys, network.WaveInput{Name: "Winter check", InitiativeID: res.InitiativeID,
		OrganizationIDs: []string{pv, sh}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if l.OrganizationID == pv {
			if err := net.SaveResponse(ctx, l.Token, network.Response{RespondentName: "Dana",
				Ratings: []network.Rating{{RatedID: sh, Level: "coordination"}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := net.CloseWave(ctx, sys, w.ID); err != nil {
		t.Fatal(err)
	}
	b.Submit("form[action='/logout'] button")
	signIn("partner@example.org")
	deadline := time.Now().Add(15 * time.Second)
	for {
		b.Go(planURL)
		if b.HasText(".plan-signal", "met") && !b.HasText(".plan-signal", "not yet") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the signal was not met: %q", b.Text(".plan-grid"))
		}
		time.Sleep(300 * time.Millisecond)
	}
	if !b.HasText(".plan-signal", `The survey “Winter check” rated the tie at coordination.`) {
		t.Errorf("the evidence: %q", b.Text(".plan-signal"))
	}
	if !b.HasText("#history", "Success signal met in the plan “Peninsula Volunteers”") {
		t.Errorf("the history does not say so: %q", b.Text("#history"))
	}
	// The event of the signal met is dispatched in its turn: the partner
	// is told within the dispatcher's next rounds.
	for deadline = time.Now().Add(10 * time.Second); ; time.Sleep(300 * time.Millisecond) {
		b.Go(a.URL + "/notifications")
		if b.HasText("main", "Success signal met") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the partner is not notified: %q", b.Text("main"))
		}
	}

	// At a phone's width the three columns stack and nothing overflows.
	b.SetWidth(390)
	b.Go(planURL)
	var wide bool
	b.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &wide)
	if wide {
		t.Error("the plan overflows at 390 px")
	}
	shots := os.Getenv("BACKBONE_PLAN_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	b.Screenshot(filepath.Join(shots, "plan-390.png"))
	b.ResetWidth()
	b.Go(planURL)
	b.Screenshot(filepath.Join(shots, "plan.png"))

	// Samaritan House is a unit of the county: its admin says so in the
	// organization's form (not of itself, which the form refuses).
	var county string
	err = db.QueryRow(`SELECT id FROM organizations WHERE name = 'San Mateo County Health'`).Scan(&county)
	if err != nil {
		t.Fatal(err)
	}
	b.Go(a.URL + "/organizations/" + sh + "/edit")
	b.Fill("#parent_organization_id", sh)
	b.Submit("form.form button[type=submit]")
	if !b.HasText("#parent_organization_id-error", "cannot be its own parent") {
		t.Fatalf("a parent of itself: %q", b.Text("main"))
	}
	b.Fill("#parent_organization_id", county)
	b.Submit("form.form button[type=submit]")
	if !b.HasText("#parent-organization", "Part of San Mateo County Health") {
		t.Fatalf("the parent: %q", b.Text("main"))
	}
	b.Go(a.URL + "/plans")
	if !b.HasText("main", "Sort out the meal routes with Peninsula Volunteers") {
		t.Errorf("My plan lacks the demo's plan: %q", b.Text("main"))
	}
}
