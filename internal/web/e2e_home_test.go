package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/initiative"
	"backbone/internal/network"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserHomeQueue: each of the demo's people opens the home page and
// finds what waits for them, and only that; the partner follows the vote's
// link to where the vote is cast.
func TestBrowserHomeQueue(t *testing.T) {
	f := newDemoFixture(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	orgID := func(name string) string {
		var id string
		if err := f.db.QueryRow(`SELECT id FROM organizations WHERE name = $1`, name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	health, samaritan, volunteers := orgID("San Mateo County Health"), orgID("Samaritan House"), orgID("Peninsula Volunteers")
	p, err := f.a.Initiatives.Propose(ctx, sys, f.res.InitiativeID, initiative.ProposalInput{Title: "Share one intake form",
		ProposedBy: health, Rule: initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 50, ThresholdPercent: 50},
		Deadline: f.db.Now().Add(72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.a.Network.CreateWave(ctx, sys, network.WaveInput{Name: "Winter partner survey",
		OrganizationIDs: []string{samaritan, volunteers}, ClosesAt: f.db.Now().AddDate(0, 0, 14).Format("2006-01-02")}); err != nil {
		t.Fatal(err)
	}
	f.a.AddUser(t, "newcomer@example.org", account.RoleMember)

	b := browser.Start(t)
	signIn := func(email, password string) {
		t.Helper()
		b.Go(f.a.URL + "/")
		if b.Exists("form[action='/logout'] button") {
			b.Submit("form[action='/logout'] button")
		}
		b.Go(f.a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", password)
		b.Submit("form[action='/login'] button[type=submit]")
		if strings.Contains(b.URL(), "/login") {
			t.Fatalf("sign in as %s failed: %q", email, b.Text("main"))
		}
		b.Go(f.a.URL + "/")
	}

	// The partner votes for Samaritan House and answers its survey.
	signIn("partner@example.org", demo.Password)
	queue := b.Text("#queue")
	for _, want := range []string{"Vote on “Share one intake form” for Samaritan House", "Voting closes",
		"Answer the partner survey “Winter partner survey” for Samaritan House", "private link",
		"Review the plan “Sort out the meal routes with Peninsula Volunteers”"} {
		if !strings.Contains(queue, want) {
			t.Errorf("partner's queue lacks %q:\n%s", want, queue)
		}
	}
	// Nothing of Peninsula Volunteers' own (its record to verify): only
	// the partner's plan about it.
	if strings.Contains(queue, "verifying") || strings.Count(queue, "Peninsula Volunteers") != 1 {
		t.Errorf("partner's queue holds others' work:\n%s", queue)
	}
	b.Screenshot(t.TempDir() + "/home-partner.png")
	b.Click("#queue a[href='/initiatives/" + strconv.FormatInt(f.res.InitiativeID, 10) + "/decisions/" + strconv.FormatInt(p.ID, 10) + "']")
	if !b.HasText("h1", "Share one intake form") {
		t.Fatalf("the vote's link leads to %s: %q", b.URL(), b.Text("h1"))
	}

	// The coordinator votes for the backbone; no survey of theirs waits.
	signIn("coordinator@example.org", demo.Password)
	queue = b.Text("#queue")
	if !strings.Contains(queue, "Vote on “Share one intake form” for San Mateo County Health") ||
		strings.Contains(queue, "Samaritan House") {
		t.Errorf("coordinator's queue:\n%s", queue)
	}

	// The steward keeps the directory and follows up the survey of
	// organizations of no initiative.
	signIn("steward@example.org", demo.Password)
	queue = b.Text("#queue")
	for _, want := range []string{"directory records need verifying", "Follow up “Winter partner survey”: 0 of 2 answered"} {
		if !strings.Contains(queue, want) {
			t.Errorf("steward's queue lacks %q:\n%s", want, queue)
		}
	}
	if strings.Contains(queue, "Vote on") {
		t.Errorf("the steward is asked to vote:\n%s", queue)
	}
	b.Click("#queue a[href='/verification']")
	if !strings.HasSuffix(b.URL(), "/verification") {
		t.Fatalf("the verification link leads to %s", b.URL())
	}

	// Someone who works for no organization is told plainly that nothing waits.
	signIn("newcomer@example.org", apptest.Password)
	if queue = b.Text("#queue"); !strings.Contains(queue, "Nothing waits for you") {
		t.Errorf("newcomer's queue:\n%s", queue)
	}
}

// TestBrowserInitiativeTimeZone: the coordinator gives the initiative its
// time zone on the edit page (first a name that is none) and the
// decisions page then shows the voting deadline in it.
func TestBrowserInitiativeTimeZone(t *testing.T) {
	f := newDemoFixture(t)
	ps, err := f.a.Initiatives.Proposals(context.Background(), account.SystemActor("test"), f.res.InitiativeID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("the demo's proposals: %v %v", ps, err)
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	want := ps[0].Deadline.In(la).Format("2 Jan 2006, 3:04 pm MST")
	base := f.a.URL + "/initiatives/" + strconv.FormatInt(f.res.InitiativeID, 10)

	b := browser.Start(t)
	b.Go(f.a.URL + "/login")
	b.Fill("#email", "coordinator@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	b.Go(base + "/decisions")
	if !b.HasText("main", ps[0].Deadline.UTC().Format("2 Jan 2006, 3:04 pm")+" UTC") {
		t.Fatalf("before: the deadline is not in UTC, the instance's zone: %q", b.Text("main"))
	}

	b.Go(base + "/edit")
	b.Fill("#time_zone", "California")
	b.Submit("form.form button[type=submit]")
	if !b.HasText("#time_zone-error", "is not a time zone") {
		t.Fatalf("no error next to the time zone: %q", b.Text("main"))
	}
	b.Fill("#time_zone", "America/Los_Angeles")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "were saved") {
		t.Fatalf("not saved: %q", b.Text("main"))
	}
	b.Go(base + "/decisions")
	if !b.HasText("main", want) {
		t.Fatalf("the deadline is not shown as %q: %q", want, b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/decisions-la.png")
}
