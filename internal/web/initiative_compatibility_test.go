package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
)

func TestCompatibilityPages(t *testing.T) {
	f := newDecisionFixture(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	list := f.base + "/compatibility"

	wantStatus(t, "outsider lists assessments", f.outsider.Get(list), http.StatusNotFound)
	r := f.food1.Get(list)
	mustContain(t, r, "No compatibility checks for you to read", "Backbone staff start them")
	if strings.Contains(r.Body, `id="start-form"`) {
		t.Error("a member is offered to start a check")
	}
	wantStatus(t, "member starts a check", f.food1.PostForm(list, url.Values{"organization_id": {f.newcomer.ID}}), http.StatusForbidden)
	r = f.staff.PostForm(list, url.Values{"organization_id": {""}})
	wantStatus(t, "no organization", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="organization_id-error"`)
	r = f.staff.PostForm(list, url.Values{"organization_id": {f.backbone.ID}})
	wantStatus(t, "own backbone", r, http.StatusUnprocessableEntity)
	mustContain(t, r, "the initiative&#39;s own backbone organization")
	if as, _ := f.a.Initiatives.Assessments(ctx, sys, f.id); len(as) != 0 {
		t.Fatalf("refused checks were written: %d", len(as))
	}
	r = f.staff.PostForm(list, url.Values{"organization_id": {f.newcomer.ID}})
	wantStatus(t, "start", r, http.StatusSeeOther)
	path := r.Header.Get("Location")
	mustContain(t, f.staff.Get(list), "Newcomer Clinic")
	// Another member sees the initiative but neither the check nor its
	// place in the list: its notes are for the two sides only.
	if r := f.food1.Get(list); strings.Contains(r.Body, "Newcomer Clinic") {
		t.Error("another member's list shows the check")
	}
	wantStatus(t, "another member opens the check", f.food1.Get(path), http.StatusForbidden)

	// The prospective partner is not a member, yet answers its own side.
	page := f.newcomer1.Get(path)
	wantStatus(t, "partner opens the check", page, http.StatusOK)
	mustContain(t, page, "Answer for Newcomer Clinic", "Still to answer")
	if strings.Contains(page.Body, `class="subnav"`) || strings.Contains(page.Body, "/answer/initiative") {
		t.Error("the partner sees the initiative's pages or its side")
	}
	wantStatus(t, "partner answers the initiative's side", f.newcomer1.Get(path+"/answer/initiative"), http.StatusForbidden)
	wantStatus(t, "member answers the partner's side", f.food1.Get(path+"/answer/partner"), http.StatusForbidden)
	wantStatus(t, "member answers the initiative's side", f.food1.PostForm(path+"/answer/initiative", url.Values{"score:vision.problem": {"4"}}), http.StatusForbidden)
	wantStatus(t, "outsider sees the check", f.outsider.Get(path), http.StatusNotFound)
	wantStatus(t, "unknown side", f.staff.Get(path+"/answer/both"), http.StatusNotFound)

	mustContain(t, f.staff.Get(path+"/answer/initiative"), "Answer for Healthy Aging", "1 – not at all", "4 – fully")
	r = f.staff.PostForm(path+"/answer/initiative", url.Values{"note:vision.problem": {"We focus on isolation"}, "score:values.equity": {"7"}})
	wantStatus(t, "bad answers", r, http.StatusUnprocessableEntity)
	mustContain(t, r, "has a note but no answer", `value="We focus on isolation"`, "Nothing was saved")
	r = f.staff.PostForm(path+"/answer/initiative", url.Values{"score:values.equity": {"7"}})
	wantStatus(t, "out of scale", r, http.StatusUnprocessableEntity)
	mustContain(t, r, "must be scored from 1 (not at all) to 4 (fully)")
	if a, _ := f.a.Initiatives.Assessment(ctx, sys, f.id, 1); len(a.Initiative) != 0 {
		t.Fatalf("refused answers were written: %+v", a.Initiative)
	}

	ours, theirs := url.Values{}, url.Values{}
	for _, q := range initiative.CompatibilityQuestions {
		ours.Set("score:"+q.ID, "4")
		theirs.Set("score:"+q.ID, "4")
	}
	theirs.Set("score:working.data", "1")
	theirs.Set("note:working.data", "Our clients' records stay with us")
	wantStatus(t, "initiative answers", f.staff.PostForm(path+"/answer/initiative", ours), http.StatusSeeOther)
	wantStatus(t, "partner answers", f.newcomer1.PostForm(path+"/answer/partner", theirs), http.StatusSeeOther)
	wantStatus(t, "another member reads the answers", f.food1.Get(path), http.StatusForbidden)
	r = f.staff.Get(path)
	mustContain(t, r, "Where you disagree", "Ways of working: the sides disagree", "Our clients&#39; records stay with us", "(gap 3)",
		"<strong>1</strong> not at all")
	if strings.Contains(r.Body, "Still to answer") {
		t.Error("a complete check says answers are missing")
	}
	mustContain(t, f.newcomer1.Get(path+"/answer/partner"), `name="score:working.data" value="1" checked`)
}
