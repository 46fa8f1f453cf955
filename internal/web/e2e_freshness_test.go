package web_test

import (
	"strings"
	"testing"

	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// browserSignIn signs in through the login form of the browser.
func browserSignIn(t *testing.T, b *browser.Browser, base, email string) {
	t.Helper()
	browserSignInWith(t, b, base, email, apptest.Password)
}

// browserSignInWith signs in through the login form with a password (the
// demo's people have their own).
func browserSignInWith(t *testing.T, b *browser.Browser, base, email, password string) {
	t.Helper()
	b.Go(base + "/login")
	b.Fill("#email", email)
	b.Fill("#password", password)
	b.Submit("form[action='/login'] button[type=submit]")
	if strings.Contains(b.URL(), "/login") {
		t.Fatalf("sign in as %s failed: %q", email, b.Text("main"))
	}
}

// TestBrowserProposalJourney is the freshness path in a real browser: an
// organization's staff member proposes a new mission, a steward sees the
// change field by field and accepts it, and the organization's page shows it.
func TestBrowserProposalJourney(t *testing.T) {
	b := browser.Start(t)
	a, o := freshApp(t)
	orgPage := a.URL + "/organizations/" + o.ID

	browserSignIn(t, b, a.URL, "staff@example.org")
	b.Go(orgPage + "/propose")
	b.WaitVisible("#mission")
	b.Fill("#mission", "Que nadie pase hambre en Peña Blanca.")
	b.Fill("#note", "Our board adopted a new mission.")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "sent to the directory stewards") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("#proposals", "pending") {
		t.Fatalf("the proposal is not listed as pending: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	browserSignIn(t, b, a.URL, "steward@example.org")
	b.Go(a.URL + "/proposals")
	b.WaitVisible("#proposal-1")
	if !b.HasText("#proposal-1 tr[data-field=mission] ins", "Que nadie pase hambre en Peña Blanca.") {
		t.Fatalf("the proposed mission is not shown as a change: %q", b.Text("#proposal-1"))
	}
	if b.Exists("#proposal-1 tr[data-field=name]") {
		t.Fatal("an unchanged field is shown as a change")
	}
	if !b.HasText("#proposal-1", "Our board adopted a new mission.") {
		t.Fatalf("the proposer's note is missing: %q", b.Text("#proposal-1"))
	}
	b.Screenshot(t.TempDir() + "/proposal.png")
	b.Submit("#proposal-1 form[action='/proposals/1/accept'] button[type=submit]")
	if !b.HasText(".flash-success", "was accepted") {
		t.Fatalf("no confirmation of the accept: %q", b.Text("main"))
	}

	b.Go(orgPage)
	if !b.HasText("main", "Que nadie pase hambre en Peña Blanca.") {
		t.Fatalf("the organization page lacks the new mission: %q", b.Text("main"))
	}
}
