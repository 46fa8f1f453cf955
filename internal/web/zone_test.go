package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/config"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

// TestTimeZones: an instance in California shows a deadline as California
// time, never as UTC; an initiative that keeps Berlin time shows it there,
// on its pages and in its partners' work queue; and a deadline picked as a
// day ends at midnight where the initiative is.
func TestTimeZones(t *testing.T) {
	db := storetest.SQLite(t)
	a := apptest.NewWith(t, db, func(c *config.Config) { c.TimeZone = "America/Los_Angeles" })
	ctx, sys := context.Background(), account.SystemActor("test")
	lead := a.AddUser(t, "lead@example.org", account.RoleMember)
	org, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "County Health", Description: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Accounts.SetMembership(ctx, sys, lead.ID, org.ID, account.OrgAdmin); err != nil {
		t.Fatal(err)
	}
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Initiatives.GrantRole(ctx, sys, in.ID, lead.Email, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	rule := initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 50, ThresholdPercent: 50}
	deadline := time.Date(2026, 12, 10, 23, 59, 0, 0, time.UTC)
	if _, err := a.Initiatives.Propose(ctx, sys, in.ID, initiative.ProposalInput{Title: "Meet monthly", ProposedBy: org.ID,
		Rule: rule, Deadline: deadline}); err != nil {
		t.Fatal(err)
	}
	c := a.SignIn(t, lead.Email)
	decisions := fmt.Sprintf("/initiatives/%d/decisions", in.ID)

	// The instance's time: 23:59 UTC is 3:59 pm in California.
	mustContain(t, c.Get(decisions), "10 Dec 2026, 3:59 pm PST")
	mustContain(t, c.Get("/"), "Voting closes", "10 Dec 2026, 3:59 pm PST")
	if body := c.Get(decisions).Body; strings.Contains(body, "23:59") || strings.Contains(body, " UTC") {
		t.Error("the decisions page shows UTC")
	}

	// Its backbone staff give the initiative Berlin time; a name that is no
	// time zone is refused on its field.
	form := url.Values{"name": {in.Name}, "status": {"forming"}, "backbone_organization_id": {org.ID}}
	form.Set("time_zone", "Europe/Atlantis")
	r := c.PostForm(fmt.Sprintf("/initiatives/%d/edit", in.ID), form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown time zone: %d", r.StatusCode)
	}
	mustContain(t, r, `id="time_zone-error"`, "is not a time zone")
	form.Set("time_zone", "Europe/Berlin")
	if r := c.PostForm(fmt.Sprintf("/initiatives/%d/edit", in.ID), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the time zone: %d", r.StatusCode)
	}
	mustContain(t, c.Get(fmt.Sprintf("/initiatives/%d/edit", in.ID)), `value="Europe/Berlin"`)
	mustContain(t, c.Get(decisions), "11 Dec 2026, 12:59 am CET")
	mustContain(t, c.Get("/"), "11 Dec 2026, 12:59 am CET")

	// A deadline picked as a day ends at midnight in Berlin.
	_, err = a.Initiatives.SaveGovernance(ctx, sys, in.ID, initiative.GovernanceInput{DecisionRule: initiative.RuleMajority,
		QuorumPercent: 50, ThresholdPercent: 50, MeetingCadence: "monthly",
		ConflictSteps: []initiative.ConflictStep{{Description: "Talk it through at the next meeting", Mediator: "The chair"}}})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, c.Get(decisions), "Members can vote until 11:59 pm that day, Europe/Berlin time (CET)")
	r = c.PostForm(decisions, url.Values{"title": {"Share one intake form"}, "proposed_by": {org.ID}, "deadline": {"2026-12-20"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", r.StatusCode, r.Body)
	}
	ps, err := a.Initiatives.Proposals(ctx, sys, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got time.Time
	for _, p := range ps {
		if p.Title == "Share one intake form" {
			got = p.Deadline
		}
	}
	if want := time.Date(2026, 12, 20, 22, 59, 59, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("deadline %s, want %s", got.UTC(), want)
	}
	mustContain(t, c.Get(decisions), "20 Dec 2026, 11:59 pm CET")

	// A vote after the deadline is refused in the initiative's time.
	storetest.Clock(t, db).Set(deadline.Add(time.Hour))
	c = a.SignIn(t, lead.Email) // the earlier session has expired by then
	r = c.PostForm(decisions+"/1/vote", url.Values{"organization_id": {org.ID}, "choice": {"yes"}})
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("late vote: %d", r.StatusCode)
	}
	mustContain(t, r, "closed at 11 Dec 2026, 12:59 am CET")

	// Pages that are not the initiative's keep the instance's time.
	a.AddUser(t, "steward@example.org", account.RoleSteward)
	mustContain(t, a.SignIn(t, "steward@example.org").Get("/initiatives/new"), `placeholder="America/Los_Angeles"`)
}
