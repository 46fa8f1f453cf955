package web_test

import (
	"testing"

	"backbone/internal/testutil/browser"
)

// TestBrowserMergeDuplicateServices is a steward's merge of two services in
// a real browser: the steward finds the pantry written twice beside the
// organizations' duplicates, merges it (taking the other's description),
// sees the kept service with the other's language, then undoes the merge
// from the organization's history.
func TestBrowserMergeDuplicateServices(t *testing.T) {
	b := browser.Start(t)
	a := serviceDuplicatesApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")

	b.Go(a.URL + "/directory/duplicates")
	b.Click("a[href='/directory/duplicates/services']")
	b.WaitVisible("#service-duplicates")
	if !b.HasText("#service-duplicates", "FOOD PANTRY Program") || !b.HasText("#service-duplicates", "same phone") ||
		!b.HasText("#service-duplicates-across", "Grace Church") {
		t.Fatalf("the pairs are not listed with their evidence: %q", b.Text("main"))
	}
	// The steward's pages fit a phone.
	b.SetWidth(390)
	for _, page := range []string{"/directory/duplicates/services",
		"/directory/service-merge?keep=s-pantry&merge=s-pantry-2"} {
		b.Go(a.URL + page)
		var wide bool
		b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
		if wide {
			t.Errorf("%s scrolls sideways at 390px", page)
		}
	}
	b.ResetWidth()

	b.Go(a.URL + "/directory/duplicates/services")
	b.WaitVisible("#service-duplicates")
	b.Click("#service-duplicates a.button")
	b.WaitVisible("#merge-submit")
	if !b.HasText("#merge-moves", "1 languages") {
		t.Fatalf("the merge form does not say what moves: %q", b.Text("main"))
	}
	b.Check("input[name=field_description][value=other]")
	b.Submit("#merge-submit")
	if !b.HasText(".flash-success", "was merged into Food Pantry") {
		t.Fatalf("no confirmation of the merge: %q", b.Text("main"))
	}
	if !b.HasText("main", "Bags of groceries every Tuesday.") || !b.HasText("main", "Spanish") {
		t.Fatalf("the kept service lacks what moved: %q", b.Text("main"))
	}

	b.Go(a.URL + "/organizations/o-svdp")
	b.Click("a[href='/directory/service-merges/1']")
	b.WaitVisible("#merge-undo")
	b.Submit("#merge-undo")
	if !b.HasText(".flash-success", "The merge was undone") {
		t.Fatalf("no confirmation of the undo: %q", b.Text("main"))
	}
	if !b.HasText("h1", "FOOD PANTRY Program") || b.HasText("h1", "defunct") || !b.HasText("main", "Spanish") {
		t.Fatalf("the merged service is not back: %q", b.Text("main"))
	}
	b.Go(a.URL + "/services/s-pantry")
	if b.HasText("main", "Spanish") || !b.HasText("main", "Groceries weekly.") {
		t.Fatalf("the kept service still has what moved: %q", b.Text("main"))
	}
}
