package web_test

import (
	"testing"

	"backbone/internal/testutil/browser"
)

// TestBrowserMergeDuplicates is a steward's merge in a real browser: the
// steward sees a pair of duplicates ("… De Paul …" and "… de Paul …" with
// the same phone), merges them, sees the kept record with both's services,
// then undoes the merge from the record's history.
func TestBrowserMergeDuplicates(t *testing.T) {
	b := browser.Start(t)
	a := duplicatesApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")

	b.Go(a.URL + "/verification")
	b.Click("a[href='/directory/duplicates']")
	b.WaitVisible("#duplicates")
	if !b.HasText("#duplicates", "Society of St. Vincent De Paul") || !b.HasText("#duplicates", "de Paul, Inc.") ||
		!b.HasText("#duplicates", "same phone") {
		t.Fatalf("the pair is not listed with its evidence: %q", b.Text("main"))
	}
	// The steward's pages fit a phone.
	b.SetWidth(390)
	for _, page := range []string{"/directory/duplicates", "/directory/merge?keep=o-depaul-1&merge=o-depaul-2"} {
		b.Go(a.URL + page)
		var wide bool
		b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
		if wide {
			t.Errorf("%s scrolls sideways at 390px", page)
		}
	}
	b.ResetWidth()
	b.Go(a.URL + "/directory/duplicates")
	b.WaitVisible("#duplicates")
	b.Click("#duplicates a.button")
	b.WaitVisible("#merge-submit")
	if !b.HasText("#merge-moves", "1 services") {
		t.Fatalf("the merge form does not say what moves: %q", b.Text("main"))
	}
	b.Check("input[name=field_description][value=other]")
	b.Submit("#merge-submit")
	if !b.HasText(".flash-success", "was merged into Society of St. Vincent De Paul") {
		t.Fatalf("no confirmation of the merge: %q", b.Text("main"))
	}
	if !b.HasText("main", "Food pantry") || !b.HasText("main", "Rent help") || !b.HasText("main", "Help with rent.") {
		t.Fatalf("the kept record lacks the merged services: %q", b.Text("main"))
	}

	b.Click("a[href='/directory/merges/1']")
	b.WaitVisible("#merge-undo")
	b.Submit("#merge-undo")
	if !b.HasText(".flash-success", "The merge was undone") {
		t.Fatalf("no confirmation of the undo: %q", b.Text("main"))
	}
	if !b.HasText("h1", "Society of St Vincent de Paul, Inc.") || !b.HasText("main", "Rent help") ||
		b.HasText("h1", "archived") {
		t.Fatalf("the merged record is not back: %q", b.Text("main"))
	}
	b.Go(a.URL + "/organizations/o-depaul-1")
	if b.HasText("main", "Rent help") || !b.HasText("main", "Food and shelter.") {
		t.Fatalf("the kept record still has what moved: %q", b.Text("main"))
	}
}
