package web_test

import (
	"strings"
	"testing"

	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserInviteAndAccept is the path of a new member in a real
// browser: backbone staff invite an organization from the directory, its
// admin signs in, finds the invitation and accepts it, and the
// organization shows as an active member.
func TestBrowserInviteAndAccept(t *testing.T) {
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

	signIn("staff@example.org")
	b.Go(w.a.URL + w.base + "/members")
	b.Submit("#invite form[method=post] button[type=submit]")
	if !b.HasText("#organization_id-error", "Organization is required") {
		t.Fatalf("no message next to the organization: %q", b.Text("main"))
	}
	b.Select("#organization_id", w.bank.ID)
	b.Select("#invite-role", "funder")
	b.Submit("#invite form[method=post] button[type=submit]")
	if !b.HasText(".flash-success", "Second Harvest Food Bank was invited as a funder") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("#member-"+w.bank.ID, "invited") {
		t.Fatalf("not listed as invited: %q", b.Text("#members"))
	}
	b.Submit("form[action='/logout'] button")

	signIn("bank@example.org")
	b.Go(w.a.URL + w.base + "/members")
	if !b.HasText("#invitation-"+w.bank.ID, "Second Harvest Food Bank is invited to join Aging Well as a funder") {
		t.Fatalf("invitation not shown: %q", b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/invitation.png")
	b.Submit("#invitation-" + w.bank.ID + " button.primary")
	if !b.HasText(".flash-success", "Welcome: Second Harvest Food Bank is now a member of Aging Well.") {
		t.Fatalf("no welcome: %q", b.Text("main"))
	}
	if !b.HasText("#member-"+w.bank.ID, "active") || b.Exists("#invitation-"+w.bank.ID) {
		t.Fatalf("not shown as active: %q", b.Text("#members"))
	}
	b.Click("nav.subnav a[href='" + w.base + "']")
	if !b.HasText("#members", "Second Harvest Food Bank") {
		t.Fatalf("not on the overview: %q", b.Text("main"))
	}
}
