package web_test

import (
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
)

// TestBrowserDataQuality is a steward taking in a real county's directory:
// the file HSDS accepts imports whole (a P.O. box without a city, two
// organizations whose names differ only in case), the import page shows
// its data-quality report, the steward opens the list from the directory's
// pages, follows the link that fixes a phone that is words, and the
// problem is gone. The service page flags its hours, and shows the fax as
// text and "None" as no requirements.
func TestBrowserDataQuality(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")

	file, err := filepath.Abs(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	b.Go(a.URL + "/directory/import")
	b.Upload("#file", file)
	b.Submit("form[action='/directory/import'] button[type=submit]")
	if !b.HasText("#import-done", "Imported quality.json: 2 organizations, 2 services, 2 locations") {
		t.Fatalf("import: %q", b.Text("main"))
	}
	if !b.HasText("#import-quality h2", "9 problems") ||
		!b.HasText("#import-quality", "Phones that are not a number: 1") {
		t.Fatalf("the import's report: %q", b.Text("#import-quality"))
	}

	// The list, from the directory's steward pages.
	b.Click("nav a[href='/organizations']")
	b.Submit("a[href='/directory/quality']")
	if !b.HasText("h1", "Data quality") || !b.HasText("#quality-counts", "Phones that are not a number (1)") {
		t.Fatalf("quality page: %q", b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/quality.png")
	b.Submit("#quality-counts a[href='/directory/quality?kind=phone_not_number']")
	if !b.HasText("#quality-problems", `"call the front desk" is not a phone number`) {
		t.Fatalf("phones: %q", b.Text("main"))
	}

	// The link opens the service's form; the number is corrected.
	b.Submit("#quality-problems tr[data-kind='phone_not_number'] a")
	if !strings.HasSuffix(b.URL(), "/edit") {
		t.Fatalf("fix link: %s", b.URL())
	}
	var field string
	b.Eval(
		`Array.from(document.querySelectorAll("input[name^='phone_number_']")).find(e => e.value === "call the front `+
			`desk").name`,
		&field,
	)
	if field == "" {
		t.Fatal("the phone to fix is not on the form")
	}
	b.Fill("[name='"+field+"']", "650-555-0111")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "were saved") {
		t.Fatalf("save: %q", b.Text("main"))
	}
	// The service page: the hours flagged, the fax and "None" said plainly.
	if !b.HasText("#hours-check", "Mon 09:00–03:00") || !b.HasText("#eligibility", "no requirements") ||
		!b.Exists(`a[href="tel:6505550111"]`) || b.Exists(`a[href="tel:6505550199"]`) {
		t.Fatalf("service page: %q", b.Text("main"))
	}

	b.Go(a.URL + "/directory/quality")
	if !b.HasText("#quality-counts", "Phones that are not a number (0)") || !b.HasText("h2", "8 problems") ||
		b.Exists("#quality-problems tr[data-kind='phone_not_number']") {
		t.Fatalf("after the fix: %q", b.Text("main"))
	}
	b.SetWidth(phoneWidth)
	b.Go(a.URL + "/directory/quality")
	var wide bool
	b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
	if wide {
		t.Error("the data-quality page is wider than a phone")
	}
	b.ResetWidth()
}
