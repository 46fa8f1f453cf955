package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/measure"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

var infinity = regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])[+-]?(?:Inf|NaN)(?:[^A-Za-z0-9_-]|$)`)

// TestDashboardNeverShowsInfinity: a goal whose target is a hair's breadth
// from its baseline has a percent beyond any number; the dashboard leaves it
// out instead of showing +Inf or NaN.
func TestDashboardNeverShowsInfinity(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	m := measure.NewStore(db)
	sys := account.SystemActor("test")
	inds, err := m.Indicators(context.Background(), sys, res.InitiativeID, false)
	if err != nil {
		t.Fatal(err)
	}
	baseline, target := 0.0, 1e-320
	if _, err := m.CreateGoal(context.Background(), sys, measure.GoalInput{InitiativeID: res.InitiativeID,
		Statement: "Hold the meals steady", IndicatorID: inds[0].ID, Baseline: &baseline, Target: &target,
		DueOn: "2030-12-31"}); err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	c := a.NewClient(t)
	if r := c.PostForm("/login", url.Values{"email": {"partner@example.org"}, "password": {demo.Password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.StatusCode)
	}
	r := c.Get(fmt.Sprintf("/initiatives/%d/dashboard", res.InitiativeID))
	mustContain(t, r, "Hold the meals steady")
	// As a word: a random token (CSRF, request id) may hold the letters.
	if loc := infinity.FindStringIndex(r.Body); loc != nil {
		t.Errorf("the dashboard shows …%s…", r.Body[max(0, loc[0]-80):min(len(r.Body), loc[1]+80)])
	}
}
