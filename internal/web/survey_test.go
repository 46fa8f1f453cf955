package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/network"
)

// surveyLinks finds the private links on a page, by the organization's id.
func surveyLinks(t *testing.T, body string) map[string]string {
	t.Helper()
	rows := regexp.MustCompile(`<tr data-org="([^"]+)"><td>[^<]*</td><td><input type="text" readonly value="[^"]+/survey/([A-Za-z0-9_-]+)"`).FindAllStringSubmatch(body, -1)
	out := map[string]string{}
	for _, m := range rows {
		out[m[1]] = m[2]
	}
	return out
}

func TestPartnerSurvey(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	var ids []string
	for _, n := range []string{"Samaritan House", "County Health", "Food Bank"} {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: n, Description: n + " helps."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")

	mustContain(t, steward.Get("/network/surveys"), "Partner surveys", "No surveys yet", `href="/network/surveys/new"`)
	mustContain(t, steward.Get("/network/surveys/new"), "Open a partner survey", "Samaritan House", `name="organization_ids"`)
	if r := member.Get("/network/surveys/new"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member opens the form: %d", r.StatusCode)
	}
	if r := member.PostForm("/network/surveys", url.Values{"name": {"x"}, "organization_ids": ids}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member opens a survey: %d", r.StatusCode)
	}
	r := steward.PostForm("/network/surveys", url.Values{"name": {""}, "organization_ids": ids[:1], "closes_at": {"2001-01-01"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid survey: %d", r.StatusCode)
	}
	mustContain(t, r, `id="name-error"`, "Last day to answer must not be in the past", `id="organization_ids-error"`)

	r = steward.PostForm("/network/surveys", url.Values{"name": {"Spring 2026"}, "organization_ids": ids, "closes_at": {""}})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("open: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, r, "is open for 3 organizations", "Private links", "Backbone has no e-mail address for them", "0 of 3")
	links := surveyLinks(t, r.Body)
	if len(links) != 3 {
		t.Fatalf("links: %v", links)
	}
	wavePath := regexp.MustCompile(`action="(/network/surveys/\d+)/close"`).FindStringSubmatch(r.Body)
	if wavePath == nil {
		t.Fatal("no close form")
	}
	// The links are shown once: not on the wave's page afterwards.
	page := steward.Get(wavePath[1])
	if strings.Contains(page.Body, links[ids[0]]) {
		t.Fatal("a private link is shown again")
	}
	if r := member.Get(wavePath[1]); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member sees the survey: %d", r.StatusCode)
	}

	// The respondent needs no account.
	resp := a.NewClient(t)
	if r := resp.Get("/survey/not-a-real-token"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("bad link: %d", r.StatusCode)
	} else {
		mustContain(t, r, "This survey link does not work")
	}
	sp := "/survey/" + links[ids[0]]
	form := resp.Get(sp)
	if form.StatusCode != http.StatusOK || form.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("survey page: %d %v", form.StatusCode, form.Header)
	}
	mustContain(t, form, "You are answering for", "Samaritan House", "County Health", "Food Bank", "We know of each other",
		`name="ratings[0].trust_open"`, "Don&#39;t know", `name="csrf_token"`)
	// Which row is which organization.
	row := map[string]int{}
	for i := 0; i < 2; i++ {
		m := regexp.MustCompile(fmt.Sprintf(`name="ratings\[%d\]\.organization_id" value="([^"]+)"`, i)).FindStringSubmatch(form.Body)
		row[m[1]] = i
	}
	county, food := row[ids[1]], row[ids[2]]
	bad := url.Values{fmt.Sprintf("ratings[%d].organization_id", county): {ids[1]}, fmt.Sprintf("ratings[%d].level", county): {"coordination"},
		fmt.Sprintf("ratings[%d].trust_open", county): {"7"}, fmt.Sprintf("ratings[%d].organization_id", food): {ids[2]}}
	r = resp.PostForm(sp, bad)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid answer: %d", r.StatusCode)
	}
	mustContain(t, r, "Open to discussion must be 1, 2, 3 or 4", `value="coordination" selected`)
	good := url.Values{"respondent_name": {"Ana Ruiz"},
		fmt.Sprintf("ratings[%d].organization_id", county): {ids[1]}, fmt.Sprintf("ratings[%d].level", county): {"coordination"},
		fmt.Sprintf("ratings[%d].trust_reliable", county): {"4"}, fmt.Sprintf("ratings[%d].trust_mission", county): {"3"},
		fmt.Sprintf("ratings[%d].value_influence", county): {"2"}, fmt.Sprintf("ratings[%d].resources", county): {"Nurses on Tuesdays"},
		fmt.Sprintf("ratings[%d].organization_id", food): {ids[2]}}
	r = resp.PostForm(sp, good)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != sp {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	again := resp.Get(sp)
	mustContain(t, again, "Your answers were saved", "Nurses on Tuesdays", `value="Ana Ruiz"`, `value="coordination" selected`)

	// Progress, then a reminder for the two that have not answered.
	page = steward.Get(wavePath[1])
	mustContain(t, page, "1 of 3", "Ana Ruiz", "Remind the 2 organizations that have not answered", "3.50", "Nurses on Tuesdays")
	r = steward.PostForm(wavePath[1]+"/remind", url.Values{})
	mustContain(t, r, "Marked 2 organizations as reminded", "Backbone has no e-mail address for them")
	if n := len(surveyLinks(t, r.Body)); n != 2 {
		t.Fatalf("reminder links: %d", n)
	}
	if r := a.NewClient(t).Get("/survey/" + links[ids[1]]); r.StatusCode != http.StatusNotFound {
		t.Fatalf("old link after a reminder: %d", r.StatusCode)
	}

	// Closing writes no relationship: the answers suggest one, side by
	// side with what is recorded, and the steward updates the map.
	r = steward.PostForm(wavePath[1]+"/close", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, steward.Get(wavePath[1]), "is closed", "differ from the relationship map for 1 pair", "Changes the answers suggest",
		"Nothing recorded", "Suggested:", "coordination, active", "Leave it off the map", "Update the map")
	mustContain(t, steward.Get("/network/surveys"), "1 change to review")
	if page, _ := a.Network.ListTies(ctx, network.TieFilter{Status: "all"}); page.Total != 0 {
		t.Fatalf("closing wrote ties: %+v", page.Items)
	}
	decide := url.Values{"a_organization_id": {ids[0]}, "b_organization_id": {ids[1]}, "decision": {"update"},
		"level": {"coordination"}, "status": {"active"}, "note": {"agreed at the partner meeting"}}
	if r := member.PostForm(wavePath[1]+"/changes", decide); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member decides: %d", r.StatusCode)
	}
	if r := steward.PostForm(wavePath[1]+"/changes", url.Values{"a_organization_id": {ids[0]}, "b_organization_id": {ids[2]},
		"decision": {"update"}}); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a pair with nothing suggested: %d", r.StatusCode)
	}
	r = steward.PostForm(wavePath[1]+"/changes", decide)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, steward.Get(wavePath[1]), "Updated the relationship between", "the earlier version stays in its history", "Updated</span>")
	if r := steward.Get("/network/surveys"); strings.Contains(r.Body, "to review") {
		t.Error("a decided change is still to review")
	}
	mustContain(t, steward.Get("/network"), "Samaritan House", "County Health", "Coordination")
	if r := steward.PostForm(wavePath[1]+"/changes", decide); r.StatusCode != http.StatusConflict {
		t.Fatalf("decided twice: %d", r.StatusCode)
	}
	mustContain(t, resp.Get(sp), "This survey is closed")
	if r := resp.PostForm(sp, good); r.StatusCode != http.StatusConflict {
		t.Fatalf("answer after closing: %d", r.StatusCode)
	}

	// A second wave for an initiative, opened by its backbone staff, and the comparison.
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Peninsula Partners", BackboneOrganizationID: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ids[1:] {
		if err := a.Initiatives.AddMember(ctx, sys, in.ID, o, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
	}
	staff := a.AddUser(t, "staff@example.org", account.RoleMember)
	if err := a.Initiatives.SetUserRole(ctx, sys, in.ID, staff.ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	sc := a.SignIn(t, "staff@example.org")
	if r := sc.PostForm("/network/surveys", url.Values{"name": {"Any list"}, "organization_ids": ids}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("backbone staff survey any list: %d", r.StatusCode)
	}
	r = sc.PostForm("/network/surveys", url.Values{"name": {"Autumn 2026"}, "initiative_id": {fmt.Sprint(in.ID)}})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("initiative survey: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, r, "Peninsula Partners")
	links2 := surveyLinks(t, r.Body)
	second := regexp.MustCompile(`action="/network/surveys/(\d+)/close"`).FindStringSubmatch(r.Body)[1]
	first := strings.TrimPrefix(wavePath[1], "/network/surveys/")
	if tok, ok := links2[ids[0]]; ok {
		c := a.NewClient(t)
		f := c.Get("/survey/" + tok)
		for i := 0; i < 2; i++ {
			m := regexp.MustCompile(fmt.Sprintf(`name="ratings\[%d\]\.organization_id" value="([^"]+)"`, i)).FindStringSubmatch(f.Body)
			row[m[1]] = i
		}
		v := url.Values{}
		for _, o := range ids[1:] {
			v.Set(fmt.Sprintf("ratings[%d].organization_id", row[o]), o)
			v.Set(fmt.Sprintf("ratings[%d].level", row[o]), "cooperation")
		}
		if r := c.PostForm("/survey/"+tok, v); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("second wave answer: %d %s", r.StatusCode, r.Body)
		}
	}
	// The staff member coordinates only the initiative's survey.
	if r := sc.Get("/network/surveys/" + first); r.StatusCode != http.StatusForbidden {
		t.Fatalf("staff sees the platform survey: %d", r.StatusCode)
	}
	cmp := steward.Get("/network/surveys/compare?a=" + first + "&b=" + second)
	if cmp.StatusCode != http.StatusOK {
		t.Fatalf("compare: %d %s", cmp.StatusCode, cmp.Body)
	}
	mustContain(t, cmp, "Spring 2026", "Autumn 2026", "New relationships (1)", "Food Bank", "Cooperation")
	if r := steward.Get("/network/surveys/compare?a=" + first + "&b=" + first); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("compare a wave with itself: %d", r.StatusCode)
	}
	if r := sc.Get("/network/surveys/compare?a=" + first + "&b=" + second); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("staff compares a survey it does not coordinate: %d", r.StatusCode)
	}
	mustContain(t, steward.Get("/network/surveys"), "Spring 2026", "Autumn 2026", "Compare two surveys")
}
