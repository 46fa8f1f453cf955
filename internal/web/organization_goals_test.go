package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"backbone/internal/testutil/apptest"
)

func TestOrganizationGoals(t *testing.T) {
	f := newDemoFixture(t)
	db, a := f.db, f.a
	var org string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) *apptest.Client { return f.signIn(t, email) }
	partner := signIn("partner@example.org")
	path := "/organizations/" + org + "/goals"
	mustContain(t, partner.Get("/organizations/"+org), `href="`+path+`"`)
	mustContain(t, partner.Get(path), "Deliver 5,000 meals a month from our own kitchen", "<svg", "of the way", "Add a goal", "Home-delivered meals (meals)")

	// The SMART check before saving, then the goal.
	form := url.Values{"statement": {"Serve 100 more families"}, "action": {"check"}}
	mustContain(t, partner.PostForm(path, form), "The SMART check says", "Not specific", "Not relevant: measure it by a shared indicator")
	var ind string
	if err := db.QueryRow(`SELECT id FROM indicators WHERE name = 'Home-delivered meals'`).Scan(&ind); err != nil {
		t.Fatal(err)
	}
	form = url.Values{"statement": {"Deliver 6,000 meals a month"}, "indicator_id": {ind}, "baseline": {"3000"}, "target": {"6,000"}, "unit": {"meals"},
		"starts_on": {"2025-01-01"}, "due_on": {"2027-12-31"}}
	r := partner.PostForm(path, form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	goal := r.Header.Get("Location")
	if !regexp.MustCompile(`^/organizations/` + org + `/goals/\d+$`).MatchString(goal) {
		t.Fatalf("went to %q", goal)
	}
	mustContain(t, partner.Get(goal), "Deliver 6,000 meals a month", "6,000", "Milestones", "Revise it")

	// A milestone, a bad one, and a revision with its reason.
	if r := partner.PostForm(goal+"/milestones", url.Values{"value": {"lots"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad milestone: %d", r.StatusCode)
	} else {
		mustContain(t, r, "Value &#34;lots&#34; is not a number")
	}
	if r := partner.PostForm(goal+"/milestones", url.Values{"value": {"4500"}, "label": {"half way"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("milestone: %d", r.StatusCode)
	}
	mustContain(t, partner.Get(goal), "4,500", "half way")
	form.Set("target", "7000")
	if r := partner.PostForm(goal, form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("revision without a reason: %d", r.StatusCode)
	}
	form.Set("reason", "a second van")
	if r := partner.PostForm(goal, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revise: %d", r.StatusCode)
	}
	mustContain(t, partner.Get(goal), "Revision 2", "a second van", "7,000")

	// Stewards read them; people of other organizations do not, and may not write.
	steward := signIn("steward@example.org")
	mustContain(t, steward.Get(path), "Deliver 6,000 meals a month")
	if r := steward.PostForm(path, form); r.StatusCode != http.StatusForbidden {
		t.Fatalf("steward writes: %d", r.StatusCode)
	}
	a.AddUser(t, "outsider@example.org", "member")
	out := a.SignIn(t, "outsider@example.org")
	for _, p := range []string{path, goal} {
		if r := out.Get(p); r.StatusCode != http.StatusForbidden {
			t.Fatalf("outsider reads %s: %d", p, r.StatusCode)
		}
	}
	if r := out.Get("/organizations/" + org); r.StatusCode != http.StatusOK || regexpMatch(r.Body, `href="`+path+`"`) {
		t.Fatalf("outsider sees the link: %d", r.StatusCode)
	}
	// A goal of another organization is not found under this one.
	var other string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Peninsula Volunteers'`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if r := signIn("admin@example.org").Get(fmt.Sprintf("/organizations/%s/goals/%s", other, goal[len(path)+1:])); r.StatusCode != http.StatusNotFound {
		t.Fatalf("someone else's goal: %d", r.StatusCode)
	}
}

func regexpMatch(body, pattern string) bool {
	return regexp.MustCompile(regexp.QuoteMeta(pattern)).MatchString(body)
}
