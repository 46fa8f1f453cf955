package web_test

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/filetest"
)

// TestBrowserCategoriesAndForgivingSearch: a steward imports a county's
// directory, adds a search synonym on its page, maps the keywords to the
// built-in categories with the bulk accept and prints the resource guide:
// the services are under the categories' sections, not under keywords.
// Then a social worker searches: "rent help" finds rental assistance, a
// misspelling offers "Did you mean", and a search with no results offers
// nearby categories and a wider radius, each leading to results.
func TestBrowserCategoriesAndForgivingSearch(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")
	browserImport(
		t,
		b,
		a.URL,
		"../hsds/testdata/ohana-smc",
		"san-mateo.zip",
		"8 organizations, 23 services, 22 locations",
	)

	// The synonyms, reached from the search page's link through the
	// categories page: a steward adds one.
	b.Go(a.URL + "/search")
	b.Submit("#search-admin a[href='/directory/categories']")
	b.Submit("#synonyms-link")
	if !b.HasText("#synonyms", "rental assistance") {
		t.Fatalf("the seeded synonyms: %q", b.Text("main"))
	}
	var empty string
	b.Eval(
		`Array.from(document.querySelectorAll("#synonyms input[name^=phrase_]")).find(e => e.value === "").name`,
		&empty,
	)
	n := strings.TrimPrefix(empty, "phrase_")
	b.Fill("#phrase_"+n, "Bus pass")
	b.Fill("#replacement_"+n, "bus tokens")
	b.Submit("#save-synonyms")
	if !b.HasText(".flash-success", "1 added, 0 removed") || b.Value("#phrase_"+n) == "" {
		t.Fatalf("add a synonym: %q", b.Text("main"))
	}

	// The keywords, mapped at once.
	b.Go(a.URL + "/directory/categories")
	b.Submit("#accept-all")
	if !b.HasText(".flash-success", "Mapped") {
		t.Fatalf("bulk accept: %q", b.Text("main"))
	}

	// The printed guide files the services under the categories' sections.
	b.Go(a.URL + "/guide")
	var pdf struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	b.Eval(`(async () => {
		const r = await fetch("/guide.pdf");
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const x of bytes) s += String.fromCharCode(x);
		return {status: r.status, body: btoa(s)};
	})()`, &pdf)
	raw, err := base64.StdEncoding.DecodeString(pdf.Body)
	if err != nil || pdf.Status != 200 {
		t.Fatalf("guide PDF: %d %v", pdf.Status, err)
	}
	text := pdfToText(t, raw)
	if strings.Contains(text, "Ohana service keywords") || strings.Contains(text, "Bisexual") {
		t.Fatalf("the guide still files services under keywords:\n%s", text)
	}
	// The contents list the categories' sections; "Redwood City Corps"
	// (keywords Food Pantries, Homeless Shelter, Rental Deposit
	// Assistance...) is printed under Food, and again under Housing.
	contents := regexp.MustCompile(`(?m)^([A-Z][A-Za-z &]*) \(\d+\) \.+`).FindAllStringSubmatch(text, -1)
	var names []string
	for _, c := range contents {
		names = append(names, c[1])
	}
	if !slices.Contains(names, "Food") || !slices.Contains(names, "Housing") {
		t.Fatalf("the guide's sections: %q\n%s", names, text)
	}
	body := text[strings.Index(text, "page 2 of"):]
	section := func(name string) string {
		from := strings.Index(body, "\n"+name+"\n")
		if from < 0 {
			t.Fatalf("no section %s:\n%s", name, body)
		}
		rest := body[from+len(name)+2:]
		to := len(rest)
		for _, other := range names {
			if i := strings.Index(rest, "\n"+other+"\n"); i >= 0 && i < to {
				to = i
			}
		}
		return rest[:to]
	}
	for _, name := range []string{"Food", "Housing"} {
		if !strings.Contains(section(name), "Redwood City Corps") {
			t.Fatalf("Redwood City Corps is not under %s:\n%s", name, section(name))
		}
	}

	// A social worker searches.
	b.Submit("form[action='/logout'] button")
	browserSignIn(t, b, a.URL, "member@example.org")
	b.Click("nav a[href='/search']")
	b.Fill("#q", "rent help")
	b.Submit("form[role=search] button[type=submit]")
	if !b.Exists(".result") || !b.HasText("#synonyms-used", "rental assistance (for rent help)") ||
		!b.HasText(".result", "Redwood City Corps") {
		t.Fatalf("rent help: %q", b.Text("main"))
	}
	b.Fill("#q", "bus pass")
	b.Submit("form[role=search] button[type=submit]")
	if !b.Exists(".result") || !b.HasText("#synonyms-used", "bus tokens (for bus pass)") {
		t.Fatalf("bus pass, the steward's synonym: %q", b.Text("main"))
	}

	b.Fill("#q", "fod pantry")
	b.Submit("form[role=search] button[type=submit]")
	if !b.HasText("#did-you-mean", "Did you mean food pantry?") {
		t.Fatalf("fod pantry: %q", b.Text("main"))
	}
	b.Submit("#did-you-mean a")
	if b.Value("#q") != "food pantry" || !b.Exists(".result") || b.Exists("#did-you-mean") {
		t.Fatalf("the corrected search: %q %q", b.Value("#q"), b.Text("main"))
	}

	// No results: a word no service has, and far from everything.
	b.Go(a.URL + "/search?q=pantry+zzzqqq")
	if b.Exists(".result") || !b.Exists("#search-offers .offer-category") {
		t.Fatalf("no results, nearby categories: %q", b.Text("main"))
	}
	offer := b.Text("#search-offers .offer-category")
	b.Submit("#search-offers .offer-category")
	if !b.Exists(".result") {
		t.Fatalf("the offered category %q: %q", offer, b.Text("main"))
	}
	b.Go(a.URL + "/search?q=zzzqqq&near=94063&radius=5")
	if !b.HasText("#wider-radius", "Search within 10 ") {
		t.Fatalf("no results near a place: %q", b.Text("main"))
	}
	b.Submit("#wider-radius")
	if b.Value("#radius") != "10" || !strings.Contains(b.URL(), "radius=10") {
		t.Fatalf("the wider radius: %s %q", b.URL(), b.Value("#radius"))
	}
	b.Screenshot(filepath.Join(t.TempDir(), "offers.png"))
}

// pdfToText reads a PDF's text with poppler's pdftotext.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := filetest.Tool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "guide.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
