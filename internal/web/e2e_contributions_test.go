package web_test

import (
	"context"
	"fmt"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/measure"
	"backbone/internal/testutil/browser"
)

// TestBrowserContributions is partnership health's path in a real
// browser: the partner (Samaritan House) records a pledge and a delivery
// of meals with its evidence, which shows unconfirmed; the coordinator
// confirms it, and sees the balance alert that Samaritan House gives most
// of the meals with one vote in seven, and the library's 0.5 FTE pledge
// beside the 0.4 delivered. Then the coordinator posts the library's need
// for a room, the partner offers one, the coordinator proposes the
// suggested match (saying why) and the partner accepts it for Samaritan
// House and records how it went. Both pages fit a 390 px screen.
func TestBrowserContributions(t *testing.T) {
	b := browser.Start(t)
	f := newDemoFixture(t)
	base := f.a.URL
	contributions := fmt.Sprintf("%s/initiatives/%d/contributions", base, f.res.InitiativeID)
	offers := fmt.Sprintf("%s/initiatives/%d/offers", base, f.res.InitiativeID)
	var libraryOrg string
	if err := f.a.DB.QueryRowContext(context.Background(), `SELECT id FROM organizations
		WHERE name = 'Redwood City Public Library'`).Scan(&libraryOrg); err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) {
		b.Go(base + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	signOut := func() { b.Submit("form[action='/logout'] button") }
	quarter := measure.PeriodOf(measure.Quarterly, f.a.DB.Now()).String()
	fitsPhone := func(what string) {
		t.Helper()
		b.SetWidth(390)
		var wide bool
		b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
		b.ResetWidth()
		if wide {
			t.Errorf("%s is wider than a 390 px screen", what)
		}
	}

	signIn("partner@example.org")
	b.Go(contributions)
	if !b.HasText("#balance-table", "0.5 FTE → 0.4 FTE") {
		t.Errorf("the library's pledge and delivery are not in the balance: %q", b.Text("#balance-table"))
	}
	if b.Exists("#rate-form") || b.Exists("#entries-table button") {
		t.Errorf("the partner is offered the rate or a confirmation")
	}
	b.Select("#kind", "in_kind")
	b.Fill("#period", quarter)
	b.Fill("#quantity", "300")
	b.Fill("#unit", "meals")
	b.Fill("#description", "Brown-bag groceries")
	b.Submit("#contribution-form button[type=submit]")
	if !b.HasText(".flash-success", "Recorded Samaritan House's pledge of 300 meals") {
		t.Fatalf("after the pledge: %q", b.Text("main"))
	}
	b.Check("input[name=entry][value=delivery]")
	b.Select("#kind", "in_kind")
	b.Fill("#period", quarter)
	b.Fill("#quantity", "abc")
	b.Submit("#contribution-form button[type=submit]")
	if !b.HasText("#form-errors", "Nothing was saved") || !b.HasText("#contribution-form", "Quantity must be") {
		t.Fatalf("a quantity that is no number: %q", b.Text("main"))
	}
	b.Fill("#quantity", "280")
	b.Fill("#unit", "meals")
	b.Fill("#evidence_note", "Pantry sign-in sheets")
	b.Fill("#evidence_url", "https://example.org/sheets")
	b.Submit("#contribution-form button[type=submit]")
	if !b.HasText(".flash-success", "delivery of 280 meals") || !b.HasText("#entries-table", "Unconfirmed") {
		t.Fatalf("after the delivery: %q", b.Text("main"))
	}
	fitsPhone("the contributions page")
	signOut()

	signIn("coordinator@example.org")
	b.Go(contributions)
	b.Submit("#entries-table form button[aria-label*='delivery of 280 meals']")
	if !b.HasText(".flash-success", "Confirmed Samaritan House's delivery of 280 meals") {
		t.Fatalf("after confirming: %q", b.Text("main"))
	}
	if !b.HasText("#balance-alerts", "Samaritan House gave") ||
		!b.HasText("#balance-alerts", "of meals and holds 1 vote in 7") {
		t.Errorf("no load alert: %q", b.Text("#balance-alerts"))
	}
	b.Click("#add-dollars")
	b.WaitVisible("#balance-table")
	if !b.HasText("#balance-table", "In dollars") || !b.HasText("main", "valued at $35 an hour") {
		t.Errorf("adding up in dollars: %q", b.Text("main"))
	}

	b.Go(offers)
	b.Select("#organization_id", libraryOrg)
	b.Check("input[name=side][value=need]")
	b.Select("#category", "space")
	b.Fill("#title", "A room for a Tuesday evening class")
	b.Submit("#post-form button[type=submit]")
	if !b.HasText("#need-list", "A room for a Tuesday evening class") {
		t.Fatalf("after posting the need: %q", b.Text("main"))
	}
	signOut()

	signIn("partner@example.org")
	b.Go(offers)
	b.Select("#category", "space")
	b.Fill("#title", "Meeting room on Tuesdays")
	b.Submit("#post-form button[type=submit]")
	if !b.HasText("#suggestion-list", "Meeting room on Tuesdays") ||
		!b.HasText("#suggestion-list", "both are space; both mention “room” and “tuesday”") {
		t.Fatalf("no suggested match: %q", b.Text("main"))
	}
	fitsPhone("the offers and needs page")
	signOut()

	signIn("coordinator@example.org")
	b.Go(offers)
	b.Submit("#suggestion-list button[aria-label='Propose Meeting room on Tuesdays for " +
		"A room for a Tuesday evening class']")
	if !b.HasText(".flash-success", "Samaritan House answers it") || !b.HasText("#match-list", "Proposed") {
		t.Fatalf("after proposing: %q", b.Text("main"))
	}
	if b.Exists("#match-list button[value=accept]") {
		t.Errorf("the coordinator may accept for Samaritan House")
	}
	signOut()

	signIn("partner@example.org")
	b.Go(offers)
	b.Submit("#match-list button[value=accept]")
	if !b.HasText(".flash-success", "The match is accepted") || !b.HasText("#match-list", "Accepted") {
		t.Fatalf("after accepting: %q", b.Text("main"))
	}
	b.Fill("#match-list input[name=outcome]", "Eight classes held in our room")
	b.Submit("#match-list form[action$='/outcome'] button")
	if !b.HasText("#match-list", "Outcome: Eight classes held in our room") {
		t.Fatalf("after the outcome: %q", b.Text("main"))
	}
}
