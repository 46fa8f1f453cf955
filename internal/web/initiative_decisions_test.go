package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/testutil/storetest"
)

func decisionProposalForm(title, org string) url.Values {
	return url.Values{"title": {title}, "body": {"Pool our referral lists."}, "proposed_by": {org},
		"deadline": {storetest.Day.AddDate(0, 0, 7).Format(time.DateOnly)}}
}

func TestDecisionPages(t *testing.T) {
	f := newDecisionFixture(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	list := f.base + "/decisions"

	// Without a governance framework there is no rule to decide by.
	wantStatus(t, "outsider lists decisions", f.outsider.Get(list), http.StatusNotFound)
	mustContain(t, f.food1.Get(list), "No governance framework has been agreed yet", `href="/initiatives/1/governance"`)
	wantStatus(t, "propose without governance", f.food1.PostForm(list, decisionProposalForm("Shared intake", f.food.ID)), http.StatusConflict)

	f.adoptMajority(t)
	r := f.food1.Get(list)
	mustContain(t, r, "By majority vote", `id="propose-form"`, "No proposals are open")
	wantStatus(t, "outsider proposes", f.outsider.PostForm(list, decisionProposalForm("Hijack", f.food.ID)), http.StatusNotFound)
	wantStatus(t, "propose for another organization", f.food1.PostForm(list, decisionProposalForm("Shared intake", f.legal.ID)), http.StatusForbidden)
	r = f.food1.PostForm(list, url.Values{"title": {""}, "proposed_by": {f.food.ID}, "deadline": {"next week"}})
	wantStatus(t, "invalid proposal", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="title-error"`, `id="deadline-error"`, "must be a date")
	if ps, _ := f.a.Initiatives.Proposals(ctx, sys, f.id); len(ps) != 0 {
		t.Fatalf("refused proposals were written: %d", len(ps))
	}
	r = f.food1.PostForm(list, decisionProposalForm("Shared intake", f.food.ID))
	wantStatus(t, "propose", r, http.StatusSeeOther)
	path := r.Header.Get("Location")
	if !regexp.MustCompile(`^/initiatives/\d+/decisions/\d+$`).MatchString(path) {
		t.Fatalf("proposal address %q", path)
	}
	mustContain(t, f.fund1.Get(list), "Shared intake", "0 of 3 voting members")
	page := f.food1.Get(path)
	mustContain(t, page, "Pool our referral lists.", "By majority vote", `id="vote-form"`, "Voting for <strong>Food Bank</strong>",
		"Undecided yet", "Not voted yet: County Health, Food Bank, Legal Aid", `id="withdraw-form"`)
	if strings.Contains(page.Body, `id="close-form"`) {
		t.Error("a member is offered to close voting")
	}
	// A funder comments but does not vote.
	fundPage := f.fund1.Get(path)
	if strings.Contains(fundPage.Body, `id="vote-form"`) || !strings.Contains(fundPage.Body, `id="comment-form"`) {
		t.Error("the funder's page should offer comments, not votes")
	}
	wantStatus(t, "outsider sees a proposal", f.outsider.Get(path), http.StatusNotFound)

	// Votes: only for one's own organization, only voting members, one per organization.
	wantStatus(t, "vote for another organization", f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.legal.ID}, "choice": {"yes"}}), http.StatusForbidden)
	wantStatus(t, "staff (not an admin) votes for the backbone", f.staff.PostForm(path+"/vote", url.Values{"organization_id": {f.backbone.ID}, "choice": {"yes"}}), http.StatusForbidden)
	r = f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.food.ID}, "choice": {"agree"}})
	wantStatus(t, "a choice the rule does not offer", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="choice-error"`, "must be one of yes, no, abstain")
	fundAdmin := f.a.AddUser(t, "fundadmin@example.org", "member")
	if err := f.a.Accounts.SetMembership(ctx, account.SystemActor("test"), fundAdmin.ID, f.fund.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	r = f.a.SignIn(t, "fundadmin@example.org").PostForm(path+"/vote", url.Values{"organization_id": {f.fund.ID}, "choice": {"yes"}})
	wantStatus(t, "a funder votes", r, http.StatusUnprocessableEntity)
	mustContain(t, r, "United Fund is a funder member, which does not vote")
	if p, _ := f.a.Initiatives.Proposal(ctx, sys, f.id, 1); len(p.Votes) != 0 {
		t.Fatalf("refused votes were written: %+v", p.Votes)
	}
	wantStatus(t, "food votes", f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.food.ID}, "choice": {"yes"}}), http.StatusSeeOther)
	mustContain(t, f.food1.Get(path), `id="my-vote-`+f.food.ID+`"`, "You voted <strong>Yes</strong>",
		`name="choice" value="yes" checked`, "Change the vote")
	r = f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.food.ID}, "choice": {"no"}, "comment": {"Changed our mind"}})
	wantStatus(t, "food votes again", r, http.StatusSeeOther)
	if p, _ := f.a.Initiatives.Proposal(ctx, sys, f.id, 1); len(p.Votes) != 1 || p.Outcome.Counts["yes"] != 0 ||
		p.Outcome.Counts["no"] != 1 || len(p.VoteHistory) != 2 {
		t.Fatalf("one organization voting twice: %+v, history %+v", p.Outcome, p.VoteHistory)
	}
	mustContain(t, f.food1.Get(path), "You voted <strong>No</strong>", `name="choice" value="no" checked`, "Changed our mind",
		`id="vote-history"`, "Food Bank</strong> changed its vote to <strong>No</strong>")
	wantStatus(t, "food changes back", f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.food.ID}, "choice": {"yes"}}),
		http.StatusSeeOther)

	// Closing before the deadline needs every vote; only backbone staff close.
	wantStatus(t, "member closes", f.food1.PostForm(path+"/close", url.Values{}), http.StatusForbidden)
	r = f.staff.PostForm(path+"/close", url.Values{})
	wantStatus(t, "early close", r, http.StatusConflict)
	mustContain(t, r, "have not voted yet")

	// Delegation: Legal Aid gives its vote to Food Bank, then cannot vote itself.
	wantStatus(t, "delegate for another", f.food1.PostForm(path+"/delegate", url.Values{"from_organization_id": {f.legal.ID}, "to_organization_id": {f.food.ID}}), http.StatusForbidden)
	r = f.legal1.PostForm(path+"/delegate", url.Values{"from_organization_id": {f.legal.ID}, "to_organization_id": {f.fund.ID}})
	wantStatus(t, "delegate to a funder", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="to_organization_id-error"`, "not an active voting member")
	wantStatus(t, "delegate", f.legal1.PostForm(path+"/delegate", url.Values{"from_organization_id": {f.legal.ID}, "to_organization_id": {f.food.ID}}), http.StatusSeeOther)
	r = f.legal1.PostForm(path+"/vote", url.Values{"organization_id": {f.legal.ID}, "choice": {"no"}})
	wantStatus(t, "vote after delegating", r, http.StatusConflict)
	mustContain(t, r, "has given its vote", `id="vote-problem"`)
	mustContain(t, f.fund1.Get(path), "Legal Aid gave its vote to <strong>Food Bank</strong>", "2 of 3 voting members")

	// Comments: any member's people, voting or not.
	wantStatus(t, "comment for another", f.fund1.PostForm(path+"/comment", url.Values{"organization_id": {f.food.ID}, "body": {"Hi"}}), http.StatusForbidden)
	r = f.fund1.PostForm(path+"/comment", url.Values{"organization_id": {f.fund.ID}, "body": {" "}})
	wantStatus(t, "empty comment", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="body-error"`)
	wantStatus(t, "funder comments", f.fund1.PostForm(path+"/comment", url.Values{"organization_id": {f.fund.ID}, "body": {"We can fund the shared database."}}), http.StatusSeeOther)
	mustContain(t, f.food1.Get(path), "We can fund the shared database.", "United Fund")

	// After the deadline: a vote is refused and nothing changes; staff close it.
	if _, err := f.a.DB.Exec(`UPDATE proposals SET deadline = $1`, f.a.DB.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	r = f.food1.PostForm(path+"/vote", url.Values{"organization_id": {f.food.ID}, "choice": {"no"}})
	wantStatus(t, "late vote", r, http.StatusConflict)
	mustContain(t, r, "closed at", "the vote was not recorded")
	if p, _ := f.a.Initiatives.Proposal(ctx, sys, f.id, 1); p.Votes[0].Choice != "yes" {
		t.Fatalf("late vote changed the vote to %q", p.Votes[0].Choice)
	}
	r = f.staff.PostForm(path+"/close", url.Values{})
	wantStatus(t, "close", r, http.StatusSeeOther)
	log := f.staff.Get(r.Header.Get("Location"))
	mustContain(t, log, "Voting on “Shared intake” is closed: passed.", "Shared intake", "Passed", "2 of 3 voting members took part",
		"cast for Legal Aid too", `id="visibility-form"`)
	mustContain(t, f.food1.Get(path), `id="status"`, "Passed", "2 yes, 0 no")
	wantStatus(t, "close again", f.staff.PostForm(path+"/close", url.Values{}), http.StatusConflict)
	mustContain(t, f.food1.Get(list), "No proposals are open", "Decision log (1)")

	// Withdraw: the proposer or backbone staff.
	r = f.fund1.PostForm(list, decisionProposalForm("Quarterly newsletter", f.fund.ID))
	wantStatus(t, "funder proposes", r, http.StatusSeeOther)
	second := r.Header.Get("Location")
	wantStatus(t, "another member withdraws", f.food1.PostForm(second+"/withdraw", url.Values{}), http.StatusForbidden)
	wantStatus(t, "proposer withdraws", f.fund1.PostForm(second+"/withdraw", url.Values{}), http.StatusSeeOther)
	mustContain(t, f.food1.Get(list+"/log"), "Quarterly newsletter", "Withdrawn")

	// The decision log: members only, until backbone staff make it public.
	wantStatus(t, "outsider reads the private log", f.outsider.Get(list+"/log"), http.StatusNotFound)
	wantStatus(t, "member makes the log public", f.food1.PostForm(list+"/log", url.Values{"public": {"true"}}), http.StatusForbidden)
	wantStatus(t, "outsider makes the log public", f.outsider.PostForm(list+"/log", url.Values{"public": {"true"}}), http.StatusNotFound)
	wantStatus(t, "staff make the log public", f.staff.PostForm(list+"/log", url.Values{"public": {"true"}}), http.StatusSeeOther)
	r = f.outsider.Get(list + "/log")
	wantStatus(t, "outsider reads the public log", r, http.StatusOK)
	mustContain(t, r, "Decision log of Healthy Aging", "Shared intake", "Passed", "passed with 100% yes")
	for _, hidden := range []string{`class="subnav"`, "We can fund the shared database.", `href="/initiatives/1/decisions/1"`} {
		if strings.Contains(r.Body, hidden) {
			t.Errorf("the public log shows %q", hidden)
		}
	}
	wantStatus(t, "outsider still cannot see the proposal", f.outsider.Get(path), http.StatusNotFound)
	wantStatus(t, "staff make the log private", f.staff.PostForm(list+"/log", url.Values{"public": {"false"}}), http.StatusSeeOther)
	wantStatus(t, "outsider reads the private log again", f.outsider.Get(list+"/log"), http.StatusNotFound)
}
