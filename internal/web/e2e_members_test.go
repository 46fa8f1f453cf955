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

// TestBrowserRemoveMember is the backbone's path for taking a member out in
// a real browser: backbone staff open the removal under the member, first
// forget to say why, then give the reason; the member shows as removed and
// the history says it was the backbone's decision, and why.
func TestBrowserRemoveMember(t *testing.T) {
	b := browser.Start(t)
	w := newWorkspace(t)
	b.Go(w.a.URL + "/login")
	b.Fill("#email", "staff@example.org")
	b.Fill("#password", apptest.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	if strings.Contains(b.URL(), "/login") {
		t.Fatalf("sign in: %q", b.Text("main"))
	}

	b.Go(w.a.URL + w.base + "/members")
	row := "#member-" + w.meals.ID
	if b.Exists(row + " details.remove[open]") {
		t.Fatal("the removal form is open before it is asked for")
	}
	b.Click(row + " details.remove summary")
	b.WaitVisible("#remove-reason-" + w.meals.ID)
	b.Submit(row + " details.remove button[type=submit]")
	if !b.HasText("#remove-reason-"+w.meals.ID+"-error", "Reason is required") {
		t.Fatalf("no message next to the reason: %q", b.Text("main"))
	}
	b.Fill("#remove-reason-"+w.meals.ID, "Has not taken part for a year.")
	b.Submit(row + " details.remove button[type=submit]")
	if !b.HasText(".flash-success", "Meals Together was removed from Aging Well.") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText(row, "removed") || b.Exists(row+" details.remove") {
		t.Fatalf("not shown as removed: %q", b.Text("#members"))
	}
	if !b.HasText("#history", "Meals Together was removed by the backbone") || !b.HasText("#history", "Has not taken part for a year.") {
		t.Fatalf("history lacks the removal: %q", b.Text("#history"))
	}
	b.Screenshot(t.TempDir() + "/removed.png")
}
