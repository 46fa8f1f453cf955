package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
)

// TestGovernanceRulesUnified checks the rules the web pages and the API
// now share, where they used to differ: a partner lead votes for their
// organization, an admin of the proposing organization withdraws its
// proposal, and backbone staff record a signature made on paper.
func TestGovernanceRulesUnified(t *testing.T) {
	f := newDecisionFixture(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	f.adoptMajority(t)
	person := func(email string, org, role, initiativeRole string) *apptest.Client {
		t.Helper()
		u := f.a.AddUser(t, email, account.RoleMember)
		if err := f.a.Accounts.SetMembership(ctx, sys, u.ID, org, role); err != nil {
			t.Fatal(err)
		}
		if initiativeRole != "" {
			if err := f.a.Initiatives.SetUserRole(ctx, sys, f.id, u.ID, initiativeRole); err != nil {
				t.Fatal(err)
			}
		}
		return f.a.SignIn(t, email)
	}
	lead := person("lead@example.org", f.legal.ID, account.OrgStaff, account.InitiativePartnerLead)
	legalStaff := person("paralegal@example.org", f.legal.ID, account.OrgStaff, "")
	fundAdmin := person("treasurer@example.org", f.fund.ID, account.OrgAdmin, "")

	list := f.base + "/decisions"
	r := f.fund1.PostForm(list, decisionProposalForm("Quarterly newsletter", f.fund.ID))
	wantStatus(t, "funder proposes", r, http.StatusSeeOther)
	proposal := r.Header.Get("Location")

	// A partner lead acts for their organization in the initiative.
	mustContain(t, lead.Get(proposal), `id="vote-form"`, "Voting for <strong>Legal Aid</strong>")
	if page := legalStaff.Get(proposal); strings.Contains(page.Body, `id="vote-form"`) {
		t.Error("staff who are not the partner lead are offered to vote")
	}
	wantStatus(t, "staff vote", legalStaff.PostForm(proposal+"/vote", url.Values{"organization_id": {f.legal.ID}, "choice": {"yes"}}), http.StatusForbidden)
	wantStatus(t, "the partner lead votes", lead.PostForm(proposal+"/vote", url.Values{"organization_id": {f.legal.ID}, "choice": {"yes"}}), http.StatusSeeOther)

	// The proposing organization's admin may withdraw what its staff proposed.
	mustContain(t, fundAdmin.Get(proposal), `id="withdraw-form"`)
	wantStatus(t, "the funder's admin withdraws", fundAdmin.PostForm(proposal+"/withdraw", url.Values{}), http.StatusSeeOther)

	// Backbone staff record a signature made on paper, for any party.
	start := f.a.DB.Now()
	mou, err := f.a.Initiatives.CreateAgreement(ctx, sys, f.id, initiative.AgreementInput{Title: "Referral MOU", Kind: "mou",
		Parties: []string{f.food.ID, f.legal.ID}, EffectiveOn: &start})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("%s/agreements/%d", f.base, mou.ID)
	mustContain(t, f.staff.Get(path), `id="sign-form"`, "Record a signature", "Food Bank", "Legal Aid")
	r = f.staff.PostForm(path+"/sign", url.Values{"organization_id": {f.legal.ID}, "signatory": {"Bo Chen, director"}})
	wantStatus(t, "staff record a paper signature", r, http.StatusSeeOther)
	mustContain(t, f.staff.Get(path), "The signature made on paper was recorded.", "Bo Chen, director", "recorded by staff@example.org")
	wantStatus(t, "legal staff sign", legalStaff.PostForm(path+"/sign", url.Values{"organization_id": {f.food.ID}, "signatory": {"Al"}}), http.StatusForbidden)
}
