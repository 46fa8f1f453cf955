package web_test

import (
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/browser"
)

// demoSignIn signs in through the login form as one of the demo's people.
func demoSignIn(t *testing.T, b *browser.Browser, base, email string) {
	t.Helper()
	browserSignInWith(t, b, base, email, demo.Password)
}

// TestBrowserDemoProposals is the first hour of proposals in a real
// browser, on the demo: the partner, who keeps Samaritan House's record,
// proposes an organization the directory lacks and an update to Samaritan
// House; the steward finds both waiting at home, is warned that the new
// name is like Samaritan House's, corrects the name and adds it, and
// accepts only some fields of the update; the partner sees what was
// applied and what was declined.
func TestBrowserDemoProposals(t *testing.T) {
	b := browser.Start(t)
	f := newDemoFixture(t)
	var samaritan string
	if err := f.db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}

	// The partner proposes an organization from the organizations list.
	demoSignIn(t, b, f.a.URL, "partner@example.org")
	b.Go(f.a.URL + "/organizations")
	if b.Exists("a[href='/organizations/new']") {
		t.Fatal("the partner is offered to add an organization directly")
	}
	b.Submit("a[href='/organizations/propose']")
	b.WaitVisible("#name")
	b.Submit("form[action='/organizations/propose'] button[type=submit]")
	if !b.HasText("#form-errors", "Please correct") || !b.HasText(".field.has-error", "required") {
		t.Fatalf("an empty proposal is not refused field by field: %q", b.Text("main"))
	}
	b.Fill("#name", "Samaritan House Coastside")
	b.Fill("#description", "A food pantry and clothing closet in Half Moon Bay.")
	b.Fill("#mission", "No family on the coast goes without.")
	b.Check("input[name=sectors][value=food]")
	b.Fill("#email", "coastside@example.org")
	b.Fill("#note", "They opened in the spring.")
	b.Submit("form[action='/organizations/propose'] button[type=submit]")
	if !b.HasText(".flash-success", "Samaritan House Coastside was sent to the directory stewards") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}

	// And an update to Samaritan House.
	b.Go(f.a.URL + "/organizations/" + samaritan + "/freshness")
	b.Submit("a[href='/organizations/" + samaritan + "/propose']")
	b.WaitVisible("#mission")
	b.Fill("#mission", "Fighting poverty in San Mateo County, one family at a time.")
	b.Fill("#email", "help@samaritanhouse.example.org")
	b.Fill("#website", "https://samaritan.example.org")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "sent to the directory stewards") {
		t.Fatalf("no confirmation of the update: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	// The steward finds both waiting at home.
	demoSignIn(t, b, f.a.URL, "steward@example.org")
	b.Go(f.a.URL + "/")
	if !b.HasText("main", "2 proposals wait for your review (1 is a new organization)") {
		t.Fatalf("the steward's home lacks the proposals: %q", b.Text("main"))
	}
	b.Go(f.a.URL + "/proposals")
	b.WaitVisible("#proposal-1")
	if !b.HasText("#proposal-1 h2", "New organization") || !b.HasText("#proposal-1 .similar", "Samaritan House") ||
		!b.Exists("#proposal-1 .similar a[href='/organizations/"+samaritan+"']") {
		t.Fatalf("no warning of the like name: %q", b.Text("#proposal-1"))
	}
	b.Screenshot(t.TempDir() + "/proposals-queue.png")

	// The name should say it is the pantry: the steward corrects it and adds it.
	b.Submit("#proposal-1 a[href='/proposals/1/edit']")
	b.WaitVisible("#name")
	if b.Value("#name") != "Samaritan House Coastside" || b.Value("#email") != "coastside@example.org" {
		t.Fatalf("the correction form is not filled with the proposal: %q", b.Value("#name"))
	}
	b.Fill("#name", "Samaritan House Coastside Pantry")
	b.Fill("#email", "")
	b.Fill("#review_note", "Named after its pantry; the e-mail did not answer.")
	b.Submit("form[action='/proposals/1/accept'] button[type=submit]")
	if !b.HasText(".flash-success", "Samaritan House Coastside Pantry was added to the directory") {
		t.Fatalf("not added: %q", b.Text("main"))
	}

	// Of the update, the mission and website, not the e-mail.
	if !b.HasText("#proposal-2 tr[data-field=email] ins", "help@samaritanhouse.example.org") {
		t.Fatalf("the update's e-mail is not shown as a change: %q", b.Text("#proposal-2"))
	}
	b.Click("#proposal-2 tr[data-field=email] input[name=fields]")
	b.Fill("#accept-note-2", "The e-mail is the front desk's; keep the old one.")
	b.Submit("#accept-2 button.primary")
	if !b.HasText(".flash-success", "accepted in part: 2 fields applied, 1 field declined") {
		t.Fatalf("no partial accept: %q", b.Text("main"))
	}
	b.Go(f.a.URL + "/organizations/" + samaritan)
	if !b.HasText("main", "Fighting poverty in San Mateo County, one family at a time.") ||
		b.HasText("main", "help@samaritanhouse.example.org") {
		t.Fatalf("Samaritan House after the review: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	// The partner sees what became of both.
	demoSignIn(t, b, f.a.URL, "partner@example.org")
	b.Go(f.a.URL + "/proposals")
	if !b.HasText("h1", "Your proposals") {
		t.Fatalf("the partner's proposals: %q", b.Text("main"))
	}
	if !b.HasText("#proposal-1", "accepted") || !b.Exists("#proposal-1 h2 a") ||
		!b.HasText("#proposal-1 h2 a", "Samaritan House Coastside Pantry") ||
		!b.HasText("#proposal-1 tr[data-field=email]", "declined") ||
		!b.HasText("#proposal-1 tr[data-field=name]", "applied as “Samaritan House Coastside Pantry”") ||
		!b.HasText("#proposal-1", "Named after its pantry") {
		t.Fatalf("the new organization's outcome: %q", b.Text("#proposal-1"))
	}
	if !b.HasText("#proposal-2 tr[data-field=mission]", "applied") || !b.HasText("#proposal-2 tr[data-field=website]", "applied") ||
		!b.HasText("#proposal-2 tr[data-field=email]", "declined") ||
		!b.HasText("#proposal-2", "keep the old one") {
		t.Fatalf("the update's outcome: %q", b.Text("#proposal-2"))
	}
	if b.Exists("#proposal-2 form") {
		t.Fatal("the partner is offered to review their own proposal")
	}
	b.Screenshot(t.TempDir() + "/proposals-mine.png")
}
