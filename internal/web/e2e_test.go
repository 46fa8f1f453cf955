package web_test

import (
	"strings"
	"testing"

	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserOrganizationJourney is a steward's path through the first slice
// in a real browser: sign in, add an organization (first with a mistake),
// find it in the list, sign out.
func TestBrowserOrganizationJourney(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)

	b.Go(a.URL + "/organizations")
	if !strings.Contains(b.URL(), "/login") {
		t.Fatalf("not sent to sign in: %s", b.URL())
	}
	b.Fill("#email", "steward@example.org")
	b.Fill("#password", "not the password")
	b.Submit("form[action='/login'] button[type=submit]")
	if !b.HasText("#login-error", "do not match") {
		t.Fatalf("wrong password message missing: %q", b.Text("main"))
	}
	b.Fill("#email", "steward@example.org")
	b.Fill("#password", apptest.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	if !strings.HasSuffix(b.URL(), "/organizations") {
		t.Fatalf("after sign in: %s", b.URL())
	}

	b.Click("a[href='/organizations/new']")
	b.WaitVisible("#name")
	b.Fill("#description", "Free legal clinics for tenants facing eviction.")
	b.Submit("form.form button[type=submit]")
	if !b.HasText("#name-error", "Name is required") {
		t.Fatalf("validation error not shown next to the name: %q", b.Text("main"))
	}
	if got := b.Value("#description"); got != "Free legal clinics for tenants facing eviction." {
		t.Fatalf("typed description lost: %q", got)
	}
	b.Fill("#name", "Tenant Rights Clinic")
	b.Check("input[name=sectors][value=legal]")
	b.Check("input[name=sectors][value=housing]")
	b.Fill("#website", "tenants.example.org")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Tenant Rights Clinic was added") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("h1", "Tenant Rights Clinic") {
		t.Fatalf("not on the new record: %s", b.URL())
	}

	b.Click("nav a[href='/organizations']")
	b.WaitVisible("#q")
	b.Fill("#q", "tenant")
	b.Submit("form.filters button[type=submit]")
	if !b.HasText("#result-count", "1 organization") || !b.HasText("table.list", "Tenant Rights Clinic") {
		t.Fatalf("not listed: %q", b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/organizations.png")

	b.Submit("form[action='/logout'] button")
	if !strings.Contains(b.URL(), "/login") || !b.HasText(".flash-success", "You have signed out") {
		t.Fatalf("sign out: %s %q", b.URL(), b.Text("main"))
	}
	b.Go(a.URL + "/organizations")
	if !strings.Contains(b.URL(), "/login") {
		t.Fatalf("still signed in after sign out: %s", b.URL())
	}
}

// TestBrowserStartAnInitiative: a steward starts an initiative (first with
// a mistake), becomes its backbone staff, and changes its status.
func TestBrowserStartAnInitiative(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	b.Go(a.URL + "/login")
	b.Fill("#email", "steward@example.org")
	b.Fill("#password", apptest.Password)
	b.Submit("form[action='/login'] button[type=submit]")

	b.Go(a.URL + "/initiatives")
	b.Submit("a[href='/initiatives/new']")
	b.Fill("#problem_statement", "Too many families wait weeks for emergency food.")
	b.Submit("form.form button[type=submit]")
	if !b.HasText("#name-error", "Name is required") {
		t.Fatalf("no error next to the name: %q", b.Text("main"))
	}
	if got := b.Value("#problem_statement"); got != "Too many families wait weeks for emergency food." {
		t.Fatalf("typed problem lost: %q", got)
	}
	b.Fill("#name", "Food Security Network")
	b.Fill("#geography", "Redwood City")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Food Security Network was started. You are its backbone staff.") {
		t.Fatalf("not started: %q", b.Text("main"))
	}
	b.Submit("a[href$='/edit']")
	b.Select("#status", "active")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Your changes to Food Security Network were saved.") || !b.HasText("main", "Active · Redwood City") {
		t.Fatalf("not saved: %q", b.Text("main"))
	}
	b.Go(a.URL + "/initiatives")
	if !b.HasText("table.list", "Food Security Network") {
		t.Fatalf("not listed: %q", b.Text("main"))
	}
}
