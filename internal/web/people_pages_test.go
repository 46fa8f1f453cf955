package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
)

// TestPlatformPeoplePage checks the platform admins' list of people: only
// they see it and its link; they change platform roles and disable and
// enable people, and the last admin stays one.
func TestPlatformPeoplePage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	admin, steward, member := a.SignIn(t, "admin@example.org"), a.SignIn(t, "steward@example.org"), a.SignIn(t, "member@example.org")
	user := func(email string) *account.User {
		t.Helper()
		u, err := a.Accounts.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	m, root := user("member@example.org"), user("admin@example.org")

	r := admin.Get("/people")
	status(t, r, http.StatusOK)
	mustContain(t, r, "member@example.org", "steward@example.org", `action="/people/`+fmt.Sprint(m.ID)+`/role"`, `href="/people"`)
	status(t, steward.Get("/people"), http.StatusForbidden)
	status(t, member.Get("/people"), http.StatusForbidden)
	if strings.Contains(steward.Get("/").Body, `href="/people"`) {
		t.Error("a steward is offered the people page")
	}
	status(t, steward.PostForm(fmt.Sprintf("/people/%d/role", m.ID), url.Values{"role": {"admin"}}), http.StatusForbidden)
	status(t, admin.PostForm("/people/x/role", url.Values{"role": {"admin"}}), http.StatusNotFound)

	r = admin.PostForm(fmt.Sprintf("/people/%d/role", m.ID), url.Values{"role": {"steward"}})
	status(t, r, http.StatusSeeOther)
	mustContain(t, admin.Get("/people"), "member is now a directory steward.")
	if user("member@example.org").Role != account.RoleSteward {
		t.Fatal("the role did not change")
	}
	// The new steward may add an organization at their next request.
	status(t, member.Get("/organizations/new"), http.StatusOK)

	r = admin.PostForm(fmt.Sprintf("/people/%d/role", m.ID), url.Values{"role": {"king"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Platform role must be one of member, steward, admin")
	r = admin.PostForm(fmt.Sprintf("/people/%d/role", root.ID), url.Values{"role": {"member"}})
	status(t, r, http.StatusConflict)
	mustContain(t, r, "admin@example.org is the last platform admin")
	status(t, admin.PostForm(fmt.Sprintf("/people/%d/disable", root.ID), nil), http.StatusConflict)

	status(t, admin.PostForm(fmt.Sprintf("/people/%d/disable", m.ID), nil), http.StatusSeeOther)
	if r := member.Get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("a disabled person's session: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, admin.Get("/people"), "member can no longer sign in", "disabled", fmt.Sprintf(`action="/people/%d/enable"`, m.ID))
	status(t, admin.PostForm(fmt.Sprintf("/people/%d/enable", m.ID), nil), http.StatusSeeOther)
	if user("member@example.org").Disabled() {
		t.Fatal("still disabled")
	}
	events, err := a.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "user", Limit: 3})
	if err != nil || events[0].Action != "enable" || events[1].Action != "disable" || events[2].Action != "role" || events[2].Actor != "admin@example.org" {
		t.Fatalf("audit: %v %+v", err, events)
	}
}

// TestOrganizationPeoplePage checks an organization's people page: anyone
// signed in sees who works there (emails for its admins and the stewards),
// who add, change and remove people; its last admin stays unless a steward
// decides otherwise.
func TestOrganizationPeoplePage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Riverside Food Bank", Description: "Groceries."})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ email, role string }{{"boss@example.org", account.OrgAdmin}, {"clerk@example.org", account.OrgStaff}} {
		a.AddUser(t, p.email, account.RoleMember)
		if _, err := a.Accounts.SetOrganizationRole(ctx, sys, o.ID, p.email, p.role); err != nil {
			t.Fatal(err)
		}
	}
	a.AddUser(t, "new@example.org", account.RoleMember)
	boss, clerk, steward := a.SignIn(t, "boss@example.org"), a.SignIn(t, "clerk@example.org"), a.SignIn(t, "steward@example.org")
	page := "/organizations/" + o.ID + "/people"

	mustContain(t, clerk.Get("/organizations/"+o.ID), `href="`+page+`"`)
	r := clerk.Get(page)
	status(t, r, http.StatusOK)
	mustContain(t, r, "People of Riverside Food Bank", "boss", "clerk")
	if strings.Contains(r.Body, "boss@example.org") || strings.Contains(r.Body, "Add a person") {
		t.Error("staff see emails or the forms")
	}
	mustContain(t, boss.Get(page), "boss@example.org", "Add a person")
	status(t, clerk.Get("/organizations/nowhere/people"), http.StatusNotFound)

	status(t, clerk.PostForm(page, url.Values{"email": {"new@example.org"}, "role": {"staff"}}), http.StatusForbidden)
	status(t, boss.PostForm(page, url.Values{"email": {"new@example.org"}, "role": {"staff"}}), http.StatusSeeOther)
	mustContain(t, boss.Get(page), "new is now staff here.", "new@example.org")
	r = boss.PostForm(page, url.Values{"email": {"stranger@example.org"}, "role": {"staff"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="email-error"`, "Email is not the email of anyone with an account")
	r = boss.PostForm(page, url.Values{"email": {"boss@example.org"}, "role": {"staff"}, "row": {"1"}})
	status(t, r, http.StatusConflict)
	mustContain(t, r, "boss is the last admin of Riverside Food Bank")
	status(t, boss.PostForm(page+"/remove", url.Values{"email": {"boss@example.org"}}), http.StatusConflict)
	status(t, steward.PostForm(page+"/remove", url.Values{"email": {"boss@example.org"}}), http.StatusSeeOther)
	r = clerk.Get(page)
	mustContain(t, r, "took boss off the people of Riverside Food Bank (was admin)", "made new staff of Riverside Food Bank")
	if strings.Contains(r.Body, "<strong>boss</strong>") {
		t.Error("the removed admin is still listed")
	}
}
