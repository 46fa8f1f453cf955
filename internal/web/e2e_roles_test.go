package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserRoles is the path of roles in a real browser: the backbone
// coordinator of a private initiative opens its Access tab and gives
// someone from outside it the viewer role, who then finds the initiative;
// a platform admin opens People and makes someone a directory steward.
func TestBrowserRoles(t *testing.T) {
	b := browser.Start(t)
	w := newWorkspace(t)
	signIn := func(email string) {
		t.Helper()
		b.Go(w.a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", apptest.Password)
		b.Submit("form[action='/login'] button[type=submit]")
		if strings.Contains(b.URL(), "/login") {
			t.Fatalf("sign in as %s: %q", email, b.Text("main"))
		}
	}
	signOut := func() { t.Helper(); b.Submit("form[action='/logout'] button") }

	signIn("member@example.org")
	b.Go(w.a.URL + w.base)
	if !b.HasText("h1", "Not found") {
		t.Fatalf("an outsider sees the private initiative: %q", b.Text("main"))
	}
	signOut()

	signIn("staff@example.org")
	b.Go(w.a.URL + w.base)
	b.Submit("nav.subnav a[href='" + w.base + "/access']")
	if !b.HasText("h1", "Access to Aging Well") || !b.HasText("#roles", "Backbone staff") {
		t.Fatalf("no access page: %q", b.Text("main"))
	}
	b.Fill("#email", "member@example.org")
	b.Select("#role", "viewer")
	b.Submit("#grant button[type=submit]")
	if !b.HasText(".flash-success", "member now has the viewer role in Aging Well.") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("#roles", "member@example.org") {
		t.Fatalf("the viewer is not listed: %q", b.Text("#roles"))
	}
	b.Screenshot(t.TempDir() + "/access.png")
	signOut()

	signIn("member@example.org")
	b.Go(w.a.URL + "/initiatives")
	b.Submit("main a[href='" + w.base + "']")
	if !b.HasText("h1", "Aging Well") {
		t.Fatalf("the viewer does not see the initiative: %q", b.Text("main"))
	}
	signOut()

	u, err := w.a.Accounts.UserByEmail(context.Background(), "worker@example.org")
	if err != nil {
		t.Fatal(err)
	}
	signIn("admin@example.org")
	b.Submit("header nav a[href='/people']")
	row := fmt.Sprintf("#person-%d", u.ID)
	if !b.HasText(row, "worker@example.org") || !b.HasText(row, "Samaritan House") {
		t.Fatalf("the worker is not listed: %q", b.Text("main"))
	}
	b.Select(fmt.Sprintf("#role-%d", u.ID), account.RoleSteward)
	b.Submit(row + " form[action$='/role'] button[type=submit]")
	if !b.HasText(".flash-success", "worker is now a directory steward.") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if got := b.Value(fmt.Sprintf("#role-%d", u.ID)); got != account.RoleSteward {
		t.Fatalf("the list shows the role %q", got)
	}
	signOut()

	// The new steward keeps the directory at their next request.
	signIn("worker@example.org")
	b.Go(w.a.URL + "/organizations/new")
	if !b.HasText("h1", "Add an organization") {
		t.Fatalf("the new steward may not add an organization: %q", b.Text("main"))
	}
}
