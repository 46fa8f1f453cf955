package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
)

// decisionFixture is an initiative with a backbone organization and three
// more members: a core partner, a supporting partner and a funder (which
// does not vote), each with its people, and an organization outside it.
type decisionFixture struct {
	a                           *apptest.App
	id                          int64
	base                        string
	backbone, food, legal, fund *directory.Organization
	newcomer                    *directory.Organization
	staff, food1, legal1, fund1 *apptest.Client // backbone staff; the members' admins
	newcomer1, outsider         *apptest.Client
}

func newDecisionFixture(t *testing.T) *decisionFixture {
	t.Helper()
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	org := func(name string) *directory.Organization {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + " serves the county."})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f := &decisionFixture{a: a, backbone: org("County Health"), food: org("Food Bank"), legal: org("Legal Aid"), fund: org("United Fund"), newcomer: org("Newcomer Clinic")}
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Healthy Aging", BackboneOrganizationID: f.backbone.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.id, f.base = in.ID, fmt.Sprintf("/initiatives/%d", in.ID)
	for _, m := range []struct {
		o    *directory.Organization
		role string
	}{{f.food, "core_partner"}, {f.legal, "supporting_partner"}, {f.fund, "funder"}} {
		if err := a.Initiatives.AddMember(ctx, sys, in.ID, m.o.ID, m.role, "active"); err != nil {
			t.Fatal(err)
		}
	}
	person := func(email string, o *directory.Organization, role string) {
		u := a.AddUser(t, email, account.RoleMember)
		if err := a.Accounts.SetMembership(ctx, sys, u.ID, o.ID, role); err != nil {
			t.Fatal(err)
		}
		if email == "staff@example.org" {
			if err := a.Initiatives.SetUserRole(ctx, sys, in.ID, u.ID, account.InitiativeBackboneStaff); err != nil {
				t.Fatal(err)
			}
		}
	}
	person("staff@example.org", f.backbone, account.OrgStaff)
	person("food@example.org", f.food, account.OrgAdmin)
	person("legal@example.org", f.legal, account.OrgAdmin)
	person("fund@example.org", f.fund, account.OrgStaff)
	person("newcomer@example.org", f.newcomer, account.OrgAdmin)
	f.staff, f.food1, f.legal1 = a.SignIn(t, "staff@example.org"), a.SignIn(t, "food@example.org"), a.SignIn(t, "legal@example.org")
	f.fund1, f.newcomer1, f.outsider = a.SignIn(t, "fund@example.org"), a.SignIn(t, "newcomer@example.org"), a.SignIn(t, "member@example.org")
	return f
}

// adoptMajority gives the initiative a majority rule with a 50% quorum.
func (f *decisionFixture) adoptMajority(t *testing.T) {
	t.Helper()
	_, err := f.a.Initiatives.SaveGovernance(context.Background(), account.SystemActor("test"), f.id, initiative.GovernanceInput{
		DecisionRule: "majority", QuorumPercent: 50, ThresholdPercent: 50, MeetingCadence: "monthly",
		ConflictSteps: []initiative.ConflictStep{{Description: "Talk it over", Mediator: "the two leads"}}})
	if err != nil {
		t.Fatal(err)
	}
}

func wantStatus(t *testing.T, what string, r *apptest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.StatusCode, want, r.Body)
	}
}

func governanceForm(rule, quorum string, steps ...string) url.Values {
	v := url.Values{"decision_rule": {rule}, "quorum_percent": {quorum}, "threshold_percent": {"50"}, "meeting_cadence": {"monthly"},
		"channels[0].what": {"Newsletter"}, "channels[0].how_often": {"Monthly"}, "channels[0].who": {"Backbone staff"}}
	for i := 0; i+1 < len(steps); i += 2 {
		v.Set(fmt.Sprintf("conflict_steps[%d].description", i/2), steps[i])
		v.Set(fmt.Sprintf("conflict_steps[%d].mediator", i/2), steps[i+1])
	}
	return v
}

func TestGovernancePages(t *testing.T) {
	f := newDecisionFixture(t)
	ctx := context.Background()
	path := f.base + "/governance"

	wantStatus(t, "outsider sees governance", f.outsider.Get(path), http.StatusNotFound)
	r := f.food1.Get(path)
	wantStatus(t, "member sees governance", r, http.StatusOK)
	mustContain(t, r, "No governance framework has been agreed yet", "Ask the initiative")
	if r := f.food1.PostForm(path, governanceForm("consent", "50", "Talk", "Leads")); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member saves governance: %d", r.StatusCode)
	}
	mustContain(t, f.staff.Get(path), `id="governance-form"`, "Quorum, in percent", "conflict_steps[2].description")

	// Mistakes are shown next to their fields, list entries included, and nothing is saved.
	bad := governanceForm("consent", "lots", "Talk it over", "the two leads", "Mediation", "")
	r = f.staff.PostForm(path, bad)
	wantStatus(t, "invalid governance", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="quorum_percent-error"`, "must be a whole number of percent", `id="conflict_steps-1-mediator-error"`,
		"Who mediates is required", `value="Mediation"`, "Nothing was saved")
	if _, err := f.a.Initiatives.Governance(ctx, account.SystemActor("test"), f.id); err == nil {
		t.Fatal("invalid governance was saved")
	}

	// More rows: what was typed is kept, and nothing is saved.
	more := governanceForm("consent", "50", "Talk it over", "the two leads")
	more.Set("more_rows", "1")
	r = f.staff.PostForm(path, more)
	wantStatus(t, "more rows", r, http.StatusOK)
	mustContain(t, r, `value="Talk it over"`, `name="conflict_steps[5].mediator"`)
	if _, err := f.a.Initiatives.Governance(ctx, account.SystemActor("test"), f.id); err == nil {
		t.Fatal("more rows saved the governance")
	}

	r = f.staff.PostForm(path, governanceForm("consent", "50", "Talk it over", "the two leads", "Mediation", "County Health director"))
	wantStatus(t, "save governance", r, http.StatusSeeOther)
	mustContain(t, f.staff.Get(path), "Version 1 of the governance framework was saved")
	r = f.food1.Get(path)
	mustContain(t, r, "By consent", "at least 2 must vote", "Talk it over",
		"mediated by County Health director", "Newsletter", "Partners meet <strong>Monthly</strong>", "first version")

	// A change needs a reason and keeps the earlier version.
	change := governanceForm("majority", "60", "Talk it over", "the two leads")
	change.Set("base_version", "1")
	r = f.staff.PostForm(path, change)
	wantStatus(t, "change without a reason", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="reason-error"`)
	change.Set("reason", "Consent stalled twice")
	wantStatus(t, "change", f.staff.PostForm(path, change), http.StatusSeeOther)
	r = f.food1.Get(path)
	mustContain(t, r, "version 2", "By majority vote", "decision rule: consent (quorum 50%) → majority of 50% (quorum 60%)",
		"Consent stalled twice", "conflict-resolution steps (now 1)", "staff@example.org")
	// A save from a stale copy is refused.
	r = f.staff.PostForm(path, change)
	wantStatus(t, "stale change", r, http.StatusConflict)
	mustContain(t, r, "changed while you were editing")
}
