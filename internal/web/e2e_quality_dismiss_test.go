package web_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/hsds"
	"backbone/internal/testutil/browser"
)

// TestBrowserQualityRightAsItIs is a steward finding a problem of the
// data-quality report right as it is: the phone that is words is a desk
// callers ask for by name. The steward dismisses it with a note; it leaves
// the list and the counts, shows under "Dismissed" with who and the note,
// and is listed again on demand.
func TestBrowserQualityRightAsItIs(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	bundle, err := hsds.ReadPath(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), bundle); err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, b, a.URL, "steward@example.org")

	b.Go(a.URL + "/directory/quality?kind=phone_not_number")
	if !b.HasText("#quality-counts", "Phones that are not a number (1)") ||
		!b.HasText("#quality-problems", `"call the front desk" is not a phone number`) {
		t.Fatalf("quality page: %q", b.Text("main"))
	}
	// The page fits a phone, buttons and all.
	b.SetWidth(390)
	var wide bool
	b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
	if wide {
		t.Error("the quality page scrolls sideways at 390px")
	}
	b.ResetWidth()

	b.Click("#quality-problems tr[data-kind='phone_not_number'] details summary")
	b.Fill("#quality-problems tr[data-kind='phone_not_number'] input[name=note]", "Callers ask the desk by name.")
	b.Submit("#quality-problems tr[data-kind='phone_not_number'] form[action='/directory/quality/dismiss'] button")
	if !b.HasText(".flash-success", "right as it is") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("#quality-counts", "Phones that are not a number (0)") || b.Exists("#quality-problems") ||
		!b.HasText("#quality-views", "Dismissed (1)") {
		t.Fatalf("the finding is still listed: %q", b.Text("main"))
	}

	b.Click("#quality-dismissed-link")
	b.WaitVisible("#quality-problems")
	if !b.HasText("#quality-problems", "Callers ask the desk by name.") ||
		!b.HasText("#quality-problems", "steward@example.org") {
		t.Fatalf("the dismissed view: %q", b.Text("main"))
	}
	b.Submit("#quality-problems form[action='/directory/quality/restore'] button")
	if !b.HasText(".flash-success", "listed again") || !b.HasText("#quality-none", "No finding is dismissed") {
		t.Fatalf("after restoring: %q", b.Text("main"))
	}
	b.Go(a.URL + "/directory/quality?kind=phone_not_number")
	if !b.HasText("#quality-problems", `"call the front desk" is not a phone number`) {
		t.Fatalf("not listed again: %q", b.Text("main"))
	}
}
