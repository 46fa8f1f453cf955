package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

// TestPlanOwnersAndPromotion: from the web, a coordinator starts the
// initiative's plan (not only their own), and a partner makes an action of
// their plan an activity of the initiative.
func TestPlanOwnersAndPromotion(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	signIn := func(email string) *apptest.Client {
		c := a.NewClient(t)
		if r := c.PostForm("/login", url.Values{"email": {email}, "password": {demo.Password}}); r.StatusCode != 303 {
			t.Fatalf("sign in as %s: %d", email, r.StatusCode)
		}
		return c
	}
	coord := signIn("coordinator@example.org")
	page := coord.Get("/plans")
	mustContain(t, page, `id="plan-owner"`, "The initiative "+demo.InitiativeName)
	r := coord.PostForm("/plans", url.Values{"title": {"Bring the clinics in"},
		"owner": {fmt.Sprintf("initiative:%d", res.InitiativeID)}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plans/") {
		t.Fatalf("the initiative's plan: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, coord.Get(r.Header.Get("Location")), "The plan of the initiative "+demo.InitiativeName)
	// Someone else's initiative is refused, naming the field.
	r = coord.PostForm("/plans", url.Values{"title": {"Not mine"}, "owner": {"initiative:999999"}})
	if r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/plans/") &&
		r.Header.Get("Location") != "/plans" {
		t.Fatalf("a plan for an initiative that does not exist: %s", r.Header.Get("Location"))
	}

	partner := signIn("partner@example.org")
	list := partner.Get("/plans")
	m := regexp.MustCompile(`href="/plans/(\d+)"`).FindStringSubmatch(list.Body)
	if m == nil {
		t.Fatalf("the partner's plan is not listed:\n%s", list.Body)
	}
	planPage := partner.Get("/plans/" + m[1])
	mustContain(t, planPage, "Make it an initiative activity")
	action := regexp.MustCompile(`action="/plans/\d+/actions/(\d+)/promote"`).FindStringSubmatch(planPage.Body)
	org := regexp.MustCompile(`name="organization_id"><option value="([^"]+)"`).FindStringSubmatch(planPage.Body)
	if action == nil || org == nil {
		t.Fatal("no promotion form")
	}
	r = partner.PostForm("/plans/"+m[1]+"/actions/"+action[1]+"/promote", url.Values{
		"initiative_id": {fmt.Sprint(res.InitiativeID)}, "organization_id": {org[1]}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("promote: %d", r.StatusCode)
	}
	mustContain(t, partner.Get("/plans/"+m[1]), "an activity of the initiative")
}

// TestPlanRoadblocks: the plan page shows the plan's roadblocks and next
// review, and an area's "record a roadblock" link opens the register's form
// for it, which records one for the area.
func TestPlanRoadblocks(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	c := a.NewClient(t)
	r := c.PostForm("/login", url.Values{"email": {"partner@example.org"}, "password": {demo.Password}})
	if r.StatusCode != 303 {
		t.Fatalf("sign in: %d", r.StatusCode)
	}
	m := regexp.MustCompile(`href="/plans/(\d+)"`).FindStringSubmatch(c.Get("/plans").Body)
	if m == nil {
		t.Fatal("no plan")
	}
	page := c.Get("/plans/" + m[1])
	mustContain(t, page, `id="roadblocks"`, "Record a roadblock")
	link := regexp.MustCompile(`href="(/subjects/plan_area/(\d+)/roadblocks/new)"`).FindStringSubmatch(page.Body)
	if link == nil {
		t.Fatal("no roadblock link on the area")
	}
	mustContain(t, c.Get(link[1]), "Record a roadblock")
	r = c.PostForm("/subjects/plan_area/"+link[2]+"/roadblocks", url.Values{"title": {"Their intake policy"},
		"category": {"provider_policies"}, "likelihood": {"3"}, "impact": {"2"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, c.Get("/roadblocks"), "Their intake policy")
	mustContain(t, c.Get("/plans/"+m[1]), `class="plain small plan-roadblocks"`, "Their intake policy")
}
