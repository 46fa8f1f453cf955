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
)

// TestAddPersonPage checks adding a person from the web: only platform
// admins; a duplicate email is refused on its field; the temporary
// password is shown once, and signing in with it leads to choosing one's
// own before anything else.
func TestAddPersonPage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	o, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "",
		directory.OrganizationInput{Name: "Riverside Food Bank", Description: "Groceries."})
	if err != nil {
		t.Fatal(err)
	}
	admin, steward := a.SignIn(t, "admin@example.org"), a.SignIn(t, "steward@example.org")

	mustContain(t, admin.Get("/people"), `href="/people/new"`)
	status(t, steward.Get("/people/new"), http.StatusForbidden)
	status(
		t,
		steward.PostForm("/people", url.Values{"name": {"Ana"}, "email": {"ana@example.org"}}),
		http.StatusForbidden,
	)

	r := admin.PostForm("/people", url.Values{"name": {"Someone"}, "email": {"MEMBER@example.org"}, "role": {"member"}})
	status(t, r, http.StatusConflict)
	mustContain(t, r, `id="email-error"`, "an account with the email member@example.org already exists")
	r = admin.PostForm("/people", url.Values{"name": {""}, "email": {"ana"}, "password": {"short"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Name is required", "Email must be an email address", "Password must be at least 10 characters")

	r = admin.PostForm("/people", url.Values{"find": {"1"}, "name": {"Ana Díaz"}, "org_q": {"Riverside"}})
	status(t, r, http.StatusOK)
	mustContain(t, r, `value="Ana Díaz"`, `<option value="`+o.ID+`"`)

	r = admin.PostForm("/people", url.Values{"name": {"Ana Díaz"}, "email": {"ana@example.org"}, "role": {"member"},
		"organization_id": {o.ID}, "organization_role": {"staff"}})
	status(t, r, http.StatusOK)
	mustContain(t, r, "Added Ana Díaz.", "Riverside Food Bank", "Hand it to Ana Díaz yourself")
	password := regexp.MustCompile(`id="temporary-password-value">([^<]+)<`).FindStringSubmatch(r.Body)
	if password == nil || len(password[1]) != account.TemporaryPasswordLength {
		t.Fatalf("no temporary password shown: %q", password)
	}
	events, err := a.Accounts.ListAudit(ctx, account.AuditFilter{Limit: 2})
	if err != nil || events[1].Summary != "added Ana Díaz (ana@example.org) as a member, with a temporary password" ||
		events[0].Summary != "made Ana Díaz staff of Riverside Food Bank" {
		t.Fatalf("audit: %v %+v", err, events)
	}

	ana := a.NewClient(t)
	r = ana.PostForm(
		"/login",
		url.Values{"email": {"ana@example.org"}, "password": {password[1]}, "next": {"/organizations"}},
	)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/account/choose-password") {
		t.Fatalf("sign in with a temporary password: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := ana.Get("/search"); r.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(r.Header.Get("Location"), "/account/choose-password") {
		t.Fatalf("another page before choosing: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = ana.PostForm(
		"/account/choose-password",
		url.Values{"new_password": {password[1]}, "confirm_password": {password[1]}},
	)
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "must not be the temporary password")
	r = ana.PostForm("/account/choose-password", url.Values{"new_password": {"ana-own-password"},
		"confirm_password": {"ana-own-passwrd"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "does not match the new password")
	r = ana.PostForm("/account/choose-password", url.Values{"new_password": {"ana-own-password"},
		"confirm_password": {"ana-own-password"}, "next": {"/organizations"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/organizations" {
		t.Fatalf("choose: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	status(t, ana.Get("/organizations"), http.StatusOK)
	if r := ana.Get("/account/choose-password"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing again: %d", r.StatusCode)
	}
	if _, err := a.Accounts.Authenticate(ctx, "ana@example.org", password[1], "127.0.0.1"); err == nil {
		t.Fatal("the temporary password still works")
	}
}

// TestPersonPage checks a person's page: details, organizations, roles in
// initiatives and a new temporary password, each audited by name.
func TestPersonPage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	o, err := a.Directory.CreateOrganization(
		ctx,
		sys,
		"",
		directory.OrganizationInput{Name: "Riverside Food Bank", Description: "Groceries."},
	)
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Accounts.UserByEmail(ctx, "member@example.org")
	if err != nil {
		t.Fatal(err)
	}
	admin, member, steward := a.SignIn(
		t,
		"admin@example.org",
	), a.SignIn(
		t,
		"member@example.org",
	), a.SignIn(
		t,
		"steward@example.org",
	)
	page := fmt.Sprintf("/people/%d", m.ID)

	mustContain(t, admin.Get("/people"), `href="`+page+`"`)
	status(t, steward.Get(page), http.StatusForbidden)
	status(t, admin.Get("/people/9999"), http.StatusNotFound)
	r := admin.Get(page)
	status(t, r, http.StatusOK)
	mustContain(t, r, "<h1>member", "works for no organization yet", "Riverside Food Bank")

	r = admin.PostForm(page+"/details", url.Values{"name": {"Mia Member"}, "email": {"steward@example.org"}})
	status(t, r, http.StatusConflict)
	mustContain(t, r, "an account with the email steward@example.org already exists", `value="Mia Member"`)
	status(
		t,
		admin.PostForm(page+"/details", url.Values{"name": {"Mia Member"}, "email": {"mia@example.org"}}),
		http.StatusSeeOther,
	)
	mustContain(t, admin.Get(page), "Saved the name and email of Mia Member.", `value="mia@example.org"`)

	status(
		t,
		admin.PostForm(page+"/organizations", url.Values{"organization_id": {o.ID}, "role": {"admin"}}),
		http.StatusSeeOther,
	)
	mustContain(t, admin.Get(page), "Mia Member is now an admin of Riverside Food Bank.")
	r = admin.PostForm(page+"/organizations", url.Values{"organization_id": {""}, "role": {"admin"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Organization is required")
	status(t, admin.PostForm(page+"/organizations/remove", url.Values{"organization_id": {o.ID}}), http.StatusSeeOther)
	mustContain(t, admin.Get(page), "Mia Member no longer works for Riverside Food Bank.")

	r = admin.PostForm(page+"/role", url.Values{"role": {"steward"}, "back": {"person"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != page {
		t.Fatalf("role from the person page: %d %q", r.StatusCode, r.Header.Get("Location"))
	}

	r = admin.PostForm(page+"/password", url.Values{"password": {"short"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Password must be at least 10 characters")
	r = admin.PostForm(page+"/password", url.Values{"password": {"handed-over-1"}})
	status(t, r, http.StatusOK)
	mustContain(t, r, `id="temporary-password-value">handed-over-1<`, "Temporary: they choose their own")
	if r := member.Get("/"); r.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the person's session after a temporary password: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	events, err := a.Accounts.ListAudit(ctx, account.AuditFilter{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Summary)
	}
	want := "set a temporary password for Mia Member|made mia@example.org a directory steward (was a member)|" +
		"took Mia Member off the people of Riverside Food Bank (was admin)|made Mia Member an admin of Riverside Food Bank|" +
		"renamed member to Mia Member; changed the email of Mia Member from member@example.org to mia@example.org"
	if strings.Join(got, "|") != want {
		t.Fatalf("audit:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

// TestSettingsPage checks the settings page: platform admins only, its
// link in their menu, a choice saved and audited, a wrong one refused.
func TestSettingsPage(t *testing.T) {
	a := newApp(t)
	admin, steward := a.SignIn(t, "admin@example.org"), a.SignIn(t, "steward@example.org")
	mustContain(t, admin.Get("/"), `href="/settings"`)
	if strings.Contains(steward.Get("/").Body, `href="/settings"`) {
		t.Error("a steward is offered the settings")
	}
	status(t, steward.Get("/settings"), http.StatusForbidden)
	status(
		t,
		steward.PostForm("/settings", url.Values{"initiative_starters": {account.StartersOrganizationAdmins}}),
		http.StatusForbidden,
	)

	r := admin.Get("/settings")
	status(t, r, http.StatusOK)
	mustContain(t, r, "Who may start an initiative", `value="stewards" checked`)
	r = admin.PostForm("/settings", url.Values{"initiative_starters": {"anyone"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Who may start an initiative: must be stewards or stewards_and_organization_admins")
	status(
		t,
		admin.PostForm("/settings", url.Values{"initiative_starters": {account.StartersOrganizationAdmins}}),
		http.StatusSeeOther,
	)
	mustContain(t, admin.Get("/settings"), "Settings saved.", `value="stewards_and_organization_admins" checked`)
	mustContain(
		t,
		admin.Get("/audit"),
		"let directory stewards and any organization&#39;s admins start initiatives (was directory stewards only)",
	)
}
