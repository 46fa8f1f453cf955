package web_test

import (
	"context"
	"fmt"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserAgreementSignatures signs an agreement in a real browser:
// backbone staff record the signature Legal Aid made on paper, then the
// Food Bank's admin signs for the Food Bank, and the agreement is in force.
func TestBrowserAgreementSignatures(t *testing.T) {
	b := browser.Start(t)
	f := newDecisionFixture(t)
	start := f.a.DB.Now()
	mou, err := f.a.Initiatives.CreateAgreement(context.Background(), account.SystemActor("test"), f.id, initiative.AgreementInput{
		Title: "Referral MOU", Kind: "mou", Parties: []string{f.food.ID, f.legal.ID}, EffectiveOn: &start})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s%s/agreements/%d", f.a.URL, f.base, mou.ID)
	signIn := func(email string) {
		b.Go(f.a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", apptest.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}

	signIn("staff@example.org")
	b.Go(page)
	if !b.HasText("#sign-form h3", "Record a signature") {
		t.Fatalf("staff are not offered to record a signature: %q", b.Text("main"))
	}
	b.Select("#organization_id", f.legal.ID)
	b.Fill("#signatory", "Bo Chen, director")
	b.Submit("#sign-form button[type=submit]")
	if !b.HasText(".flash-success", "The signature made on paper was recorded") || !b.HasText("#parties", "Bo Chen, director") ||
		!b.HasText("#status", "Partially signed") {
		t.Fatalf("paper signature not recorded: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	signIn("food@example.org")
	b.Go(page)
	if !b.HasText("#sign-form h3", "Sign for your organization") || !b.HasText("#sign-form", "Signing for Food Bank") {
		t.Fatalf("the Food Bank's admin is not offered to sign: %q", b.Text("main"))
	}
	b.Submit("#sign-form button[type=submit]")
	if !b.HasText(".flash-success", "Every party has now signed") || !b.HasText("#status", "Signed") {
		t.Fatalf("signature not recorded: %q", b.Text("main"))
	}
}
