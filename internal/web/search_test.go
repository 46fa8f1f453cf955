package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/testutil/apptest"
)

func TestSearchPage(t *testing.T) {
	a := newApp(t)
	importFolder(t, a, "../hsds/testdata/ohana-smc")
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/search")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("form: %d", r.StatusCode)
	}
	mustContain(t, r, `name="q"`, `name="near"`, `name="open_now"`, `name="category"`,
		`<option value="San Mateo County">`, `<option value="Spanish" >`) // the directory's own areas and languages
	// The categories by taxonomy: the sample's own, its keywords, the
	// payments its services accept.
	for _, group := range []string{"Ohana service taxonomy", "Ohana service keywords", "Payment accepted"} {
		if !regexp.MustCompile(`<optgroup label="` + group + `">\s*<option value="[^"]+" >`).MatchString(r.Body) {
			t.Errorf("no category group %q", group)
		}
	}
	mustContain(t, c.Get("/search?category=Credit+Card"), `<option value="Credit Card" selected>`, "1 service")
	// So are the resource guide's, with their counts.
	guide := c.Get("/guide")
	if !regexp.MustCompile(`<optgroup label="Payment accepted"><option value="[^"]+" >Cash \(1\)</option>`).
		MatchString(guide.Body) ||
		!strings.Contains(guide.Body, `<optgroup label="Ohana service taxonomy">`) {
		t.Error("the guide's categories are not grouped by taxonomy")
	}
	// A result's phones say which is a fax; its place's hours are shown.
	mustContain(
		t,
		c.Get("/search?near=2600+Middlefield+Road,+Redwood+City&radius=1&sort=distance"),
		`<a href="tel:6507807525">650 780-7525</a>, <span class="phone-text">650 701-0856</span> <span class="muted `+
			`small">(fax)</span>`,
		`<p class="hours small"><span class="muted">Hours:</span> Mon 09:00–03:00</p>`,
	)
	// A language asked for by code is kept, selected, in the form.
	mustContain(t, c.Get("/search?language=es"), `<option value="es" selected>`)
	r = c.Get("/search?q=meals")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("meals: %d", r.StatusCode)
	}
	mustContain(t, r, "Meal", `id="result-count"`, "/organizations/")
	r = c.Get("/search?near=94063&radius=5&sort=distance")
	mustContain(t, r, "mi away", "Redwood City", "2600 Middlefield Road")
	if !regexp.MustCompile(`<span class="distance">\d+\.\d mi away</span>`).MatchString(r.Body) ||
		strings.Contains(r.Body, "%!") {
		t.Fatalf("distances: %s", regexp.MustCompile(`<span class="distance">[^<]*`).FindString(r.Body))
	}
	r = c.Get("/search?q=counseling&near=37.5,west")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad near: %d", r.StatusCode)
	}
	mustContain(t, r, "must be LAT,LON")
	// A place the directory does not know is named back.
	r = c.Get("/search?q=counseling&near=Xanadu")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown place: %d", r.StatusCode)
	}
	mustContain(t, r, "&#34;Xanadu&#34; was not found")
	if n := strings.Count(r.Body, "was not found"); n != 1 {
		t.Errorf("the unknown place is said %d times, want once", n)
	}
	mustContain(t, c.Get("/search?q=food&near=Palo+Alto&radius=10"), "mi away", "services within 10 mi of Palo Alto<")
	mustContain(
		t,
		c.Get("/search?near=Redwood+City&radius=3"),
		"mi away",
		"services within 3 mi of Redwood City<",
		`<option value="Redwood City">`,
	)
	mustContain(t, c.Get("/search?near=94063"), "within 5 mi of 94063<") // the default radius
	r = c.Get("/search?radius=far&near=94063")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad radius: %d", r.StatusCode)
	}
	r = c.Get("/search?q=zzzzqqq")
	mustContain(t, r, "No services match")
	r = c.Get("/search?page=2")
	mustContain(t, r, "Page 2 of 2", `rel="prev"`)
	anon := a.NewClient(t)
	if r := anon.Get("/search?q=x"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: %d", r.StatusCode)
	}
}

// TestSearchPageCapped: a listing counted only up to the cap says so, and
// still pages on.
func TestSearchPageCapped(t *testing.T) {
	a := newApp(t)
	b := directory.Synthesize(directory.SynthOptions{Services: directory.SearchCandidateCap + 500, Seed: 2})
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/search?sort=name")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("all: %d", r.StatusCode)
	}
	mustContain(t, r, "More than 1,000 services", "Page 1 of more than 50", `rel="next"`)
	// Text is counted exactly, up to the matches ranked.
	r = c.Get("/search?q=pantry")
	if !regexp.MustCompile(`id="result-count">\d{3} services<`).MatchString(r.Body) ||
		strings.Contains(r.Body, "More than") {
		t.Fatalf("pantry: %s", regexp.MustCompile(`id="result-count">[^<]*`).FindString(r.Body))
	}
	r = c.Get("/search?q=community")
	capped := strconv.Itoa(directory.SearchCandidateCap) // with the page's thousands separator
	capped = capped[:len(capped)-3] + "," + capped[len(capped)-3:]
	mustContain(
		t,
		r,
		`id="result-count">More than `+capped+` services among the first `+capped+` matches of these words, which alone `+
			`were ranked`,
	)
}

// importFolder imports a directory folder (any format ReadPath reads) into
// the app's database, and returns what it read.
func importFolder(t *testing.T, a *apptest.App, folder string) *hsds.Bundle {
	t.Helper()
	b, err := hsds.ReadPath(folder)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	return b
}
