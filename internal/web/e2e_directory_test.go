package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
)

// TestBrowserDirectoryJourney is a directory steward's day in a real
// browser: upload a county's HSDS data, search it (words, a language and a
// service area picked from the form's own lists, near a postal code,
// nearest first), add a location on the map and a service at it, find
// that service near its street address, mark a record verified, make the resource
// guide (printable page and PDF) and download the whole directory.
func TestBrowserDirectoryJourney(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")

	// Import: the file goes in whole, with counts per kind of record.
	browserImport(
		t,
		b,
		a.URL,
		"../hsds/testdata/ohana-smc",
		"san-mateo.zip",
		"8 organizations, 23 services, 22 locations",
	)

	// Search: the form offers the directory's own languages and areas.
	b.Click("nav a[href='/search']")
	b.WaitVisible("#q")
	if !b.Exists(`#search-areas option[value="San Mateo County"]`) ||
		!b.Exists(`#search-areas option[value="East Palo Alto"]`) {
		t.Fatal("the service areas of the directory are not suggested")
	}
	if !b.Exists(`#search-cities option[value="Redwood City"]`) {
		t.Fatal("the cities of the directory are not suggested for near")
	}
	b.Select("#language", "Spanish")
	b.Fill("#near", "94401")
	b.Fill("#radius", "30")
	b.Select("#sort", "distance")
	b.Submit("form[role=search] button[type=submit]")
	count := b.Text("#result-count")
	var km []string
	b.Eval(`Array.from(document.querySelectorAll(".result .distance")).map(e => e.textContent)`, &km)
	if !regexp.MustCompile(`^\d+ services within 30 mi of 94401$`).MatchString(count) || len(km) < 2 || !sortedKm(km) {
		t.Fatalf("Spanish near 94401, nearest first: %q, distances %q", count, km)
	}
	b.Fill("#area", "San Mateo County")
	b.Fill("#q", "passport")
	b.Submit("form[role=search] button[type=submit]")
	if got := b.Text("#result-count"); got != "1 service within 30 mi of 94401" ||
		!b.HasText(".result h2", "Passport Photos") {
		t.Fatalf("passport, Spanish, San Mateo County: %q %q", got, b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/search.png")
	// The result opens the service's page, which leads to its organization.
	b.Submit(".result h2 a")
	if !strings.Contains(b.URL(), "/services/") || !b.HasText("h1", "Passport Photos") {
		t.Fatalf("result link: %s %q", b.URL(), b.Text("main"))
	}
	b.Submit(".head-row p.muted a[href^='/organizations/']") // "Offered by ..."
	org := b.URL()
	if !strings.Contains(org, "/organizations/") {
		t.Fatalf("the service's organization: %s", org)
	}

	// A new location, placed on the map by its coordinates, and a service
	// there with its hours and languages.
	b.Submit("a[href$='/locations/new']")
	b.Fill("#name", "Coastside office")
	b.Fill("[name='address.address_1']", "225 S Cabrillo Hwy")
	b.Fill("[name='address.city']", "Half Moon Bay")
	b.Fill("[name='address.state_province']", "CA")
	b.Fill("[name='address.postal_code']", "94019")
	b.Fill("#latitude", "37.4636")
	b.Fill("#longitude", "-122.4286")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Coastside office was added") {
		t.Fatalf("add location: %q", b.Text("main"))
	}
	b.Go(org)
	b.Submit("a[href$='/services/new']")
	b.Fill("#name", "Evening homework club")
	b.Fill("#description", "Homework help and tutoring for children after school.")
	b.Fill("#eligibility_description", "Children in grades 1 to 8")
	b.Check("input[name=languages][value=Spanish]")
	b.Fill("#service_areas", "Half Moon Bay")
	var locs []string
	b.Eval(
		`Array.from(document.querySelectorAll("input[name=location_ids]")).filter(e => `+
			`e.parentElement.textContent.includes("Coastside office")).map(e => e.value)`,
		&locs,
	)
	if len(locs) != 1 {
		t.Fatalf("the new location is not offered: %q", locs)
	}
	b.Check("input[name=location_ids][value='" + locs[0] + "']")
	// Its category, found among the sample's 400 by the list's filter.
	b.Fill(".terms-filter", "tutor")
	var shown []string
	b.Eval(
		`Array.from(document.querySelectorAll("#term-list label")).filter(l => l.offsetParent !== null).map(l => `+
			`l.textContent.trim())`,
		&shown,
	)
	if !slices.Contains(shown, "Tutoring") || len(shown) > 3 {
		t.Fatalf("the categories shown for \"tutor\": %q", shown)
	}
	var tutoring string
	b.Eval(
		`Array.from(document.querySelectorAll("#term-list label")).find(l => l.textContent.trim() === `+
			`"Tutoring").querySelector("input").value`,
		&tutoring,
	)
	b.Check("input[name=taxonomy_term_ids][value='" + tutoring + "']")
	b.Fill("[name=opens_0]", "15:00")
	b.Fill("[name=closes_0]", "18:00")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Evening homework club") || !b.HasText("main", "Tutoring") {
		t.Fatalf("add service: %q", b.Text("main"))
	}

	// The new service is found by its words near its street address (typed
	// as people write it), offered in Spanish in its area.
	b.Click("nav a[href='/search']")
	b.Fill("#q", "homework")
	b.Fill("#near", "225 S Cabrillo Hwy, Half Moon Bay")
	b.Fill("#radius", "5")
	b.Select("#language", "Spanish")
	b.Fill("#area", "half moon bay")
	b.Submit("form[role=search] button[type=submit]")
	if got := b.Text("#result-count"); got != "1 service within 5 mi of 225 S Cabrillo Hwy, Half Moon Bay" ||
		!b.HasText(".result", "0.0 mi away") ||
		!b.HasText(".result .address", "225 S Cabrillo Hwy, Half Moon Bay, CA 94019") ||
		!b.HasText(".result .hours", "15:00–18:00") {
		t.Fatalf("the new service near its point: %q %q", got, b.Text("main"))
	}

	// Freshness: a record marked verified leaves the list.
	b.Go(a.URL + "/verification")
	before := b.Text("#stale-count")
	var first string
	b.Eval(`document.querySelector("form[action='/verification/verify'] button").getAttribute("aria-label")`, &first)
	b.Submit("form[action='/verification/verify'] button")
	name := strings.TrimSuffix(strings.TrimPrefix(first, "Mark "), " verified")
	if !b.HasText(".flash-success", name+" was marked as verified today") || b.Text("#stale-count") == before {
		t.Fatalf("verify %q: %q (before: %s)", name, b.Text("main"), before)
	}

	// The resource guide for an area: the preview, the printable page, the PDF.
	b.Go(a.URL + "/guide")
	b.Fill("#area", "Half Moon Bay")
	b.Submit("form[action='/guide'] button[type=submit]")
	if !b.HasText("#guide-preview", "Evening homework club") {
		t.Fatalf("guide preview: %q", b.Text("main"))
	}
	b.Submit("#guide-preview a[href^='/guide/print']")
	if !b.HasText("body", "225 S Cabrillo Hwy") || !b.HasText("body", "Children in grades 1 to 8") {
		t.Fatalf("printable guide: %q", b.Text("body"))
	}
	b.Go(a.URL + "/guide?area=Half+Moon+Bay")
	var pdf fetched
	b.Eval(fetchJS(`document.querySelector("#guide-preview a[href^='/guide.pdf']").href`), &pdf)
	if pdf.Status != 200 || pdf.Type != "application/pdf" || pdf.Head != "%PDF" {
		t.Fatalf("guide PDF: %+v", pdf)
	}

	// The whole directory as HSDS, from the import page's link.
	b.Go(a.URL + "/directory/import")
	var export fetched
	b.Eval(fetchJS(`document.querySelector("a[href='/directory/export.zip']").href`), &export)
	if export.Status != 200 || export.Type != "application/zip" || export.Head != "PK\x03\x04" {
		t.Fatalf("export: %+v", export)
	}
}

// fetched is what fetchJS reports of a download.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Head   string `json:"head"` // the first four bytes, as Latin-1 characters
}

// fetchJS is a script that downloads the URL that href (an expression)
// gives, as the page's link would, with the page's cookies.
func fetchJS(href string) string {
	return `(async () => {
		const r = await fetch(` + href + `);
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: r.status, type: (r.headers.get("Content-Type") || "").split(";")[0], head: String.fromCharCode(...b.slice(0, 4))};
	})()`
}

// sortedKm reports whether distances such as "1.2 km away" are in order.
func sortedKm(km []string) bool {
	prev := -1.0
	for _, s := range km {
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(s, " km away"), " mi away"), 64)
		if err != nil || v < prev {
			return false
		}
		prev = v
	}
	return true
}

// TestBrowserImportOlderHSDS: a directory kept in the older HSDS 2.0
// layout uploads from the import page like a 3.0 one, and its services
// are found by their categories, with what the older tables held.
func TestBrowserImportOlderHSDS(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")
	browserImport(
		t,
		b,
		a.URL,
		"../hsds/testdata/hsds-2.0",
		"eastbay-hsds-2.0.zip",
		"2 organizations, 2 services, 2 locations",
	)
	b.Go(a.URL + "/search?q=groceries&category=Food+Pantry")
	if got := b.Text("#result-count"); got != "1 service" || !b.HasText(".result h2", "Weekly Pantry") {
		t.Fatalf("search: %q", b.Text("main"))
	}
	b.Click(".result h2 a")
	b.WaitVisible("h1")
	// The result opens the service's own page: what a worker tells a family.
	for _, want := range []string{"Weekly Pantry", "Offered by Harbor Food Bank", "family; adult", "Walk in with a photo ID", "Tue, Thu 09:00–12:00",
		"Food Pantry", "100 Harbor Blvd, Building B, Dock 4"} {
		if !b.HasText("main", want) {
			t.Fatalf("service page lacks %q: %q", want, b.Text("main"))
		}
	}
	// Where it is: the warehouse's phone, and its own open house.
	for _, want := range []string{"Harbor Warehouse", "650-555-0100", "10:00–14:00: Open house each spring"} {
		if !b.HasText("#where", want) {
			t.Fatalf("the service's place lacks %q: %q", want, b.Text("#where"))
		}
	}
	if !b.HasText(".card.side", "at the places below") {
		t.Fatalf("contact: %q", b.Text(".card.side"))
	}
}

// browserImport uploads a folder, zipped as name, from the import page,
// and checks that the page says it imported the counts.
func browserImport(t *testing.T, b *browser.Browser, url, folder, name, counts string) {
	t.Helper()
	zipPath := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(zipPath, zipFolder(t, folder), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Go(url + "/directory/import")
	b.Upload("#file", zipPath)
	b.Submit("form[action='/directory/import'] button[type=submit]")
	if !b.HasText("#import-done", "Imported "+name+": "+counts) {
		t.Fatalf("import %s: %q", name, b.Text("main"))
	}
}
