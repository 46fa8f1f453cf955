package web_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// The fixture of the directory's data-quality tests: shapes of a real
// county directory that HSDS 3.0 accepts.
const qualityFixture = "../directory/testdata/quality.json"

func TestImportShowsQualityAndServicePageDefects(t *testing.T) {
	a := newApp(t)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	body, err := os.ReadFile(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	r := uploadFile(t, steward, "county.json", body)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, r, `id="import-done"`, "2 organizations", `id="import-quality"`, "9 problems",
		"Hours that close before they open: 1", "Organization names that collide: 2",
		`href="/services/9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c0001/edit"`, "is not a phone number")

	// The list for stewards, by kind.
	r = steward.Get("/directory/quality?kind=name_collision")
	mustContain(t, r, "<h1>Data quality</h1>", "9 problems", "<strong>Organization names that collide</strong>",
		"differ only in case or punctuation", `href="/organizations/9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c1002/edit"`)
	if strings.Contains(r.Body, "is not a phone number") {
		t.Error("a kind's list shows other kinds")
	}
	mustContain(t, steward.Get("/organizations"), `href="/directory/quality"`)
	if r := member.Get("/directory/quality"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member reads the report: %d", r.StatusCode)
	}
	if r := steward.Get("/directory/quality?kind=typos"); r.StatusCode != http.StatusUnprocessableEntity &&
		r.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown kind: %d", r.StatusCode)
	}

	// The service page: hours flagged, a fax as text, "None" as no requirements.
	page := member.Get("/services/9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c0001")
	mustContain(t, page, `id="hours-check"`, "These hours close before they open: Mon 09:00–03:00",
		`<a href="tel:6505550100">650-555-0100</a>`, `<dt>Fax</dt><dd><span class="phone-text">650-555-0199</span>`,
		`<span class="phone-text">call the front desk</span>`, `<dd id="eligibility">Anyone: no requirements</dd>`)
	for _, bad := range []string{`tel:6505550199`, `>None<`} {
		if strings.Contains(page.Body, bad) {
			t.Errorf("service page holds %s", bad)
		}
	}
	other := member.Get("/services/9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c0002")
	mustContain(t, other, `<dd id="eligibility">Residents of San Mateo County</dd>`)
	if strings.Contains(other.Body, `id="hours-check"`) {
		t.Error("hours flagged on a service whose hours are right")
	}
}

func TestQualityDismissPages(t *testing.T) {
	a := newApp(t)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	body, err := os.ReadFile(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	if r := uploadFile(t, steward, "county.json", body); r.StatusCode != http.StatusOK {
		t.Fatalf("import: %d", r.StatusCode)
	}
	form := url.Values{"kind": {"phone_not_number"}, "record": {"phone"},
		"record_id": {"9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c3003"}, "field": {"number"}, "value": {"call the front desk"},
		"note": {"Callers ask the desk by name."}, "back_kind": {"phone_not_number"}}
	for _, path := range []string{"/directory/quality/dismiss", "/directory/quality/restore"} {
		if r := member.PostForm(path, form); r.StatusCode != http.StatusForbidden {
			t.Errorf("a member posts %s: %d", path, r.StatusCode)
		}
	}
	r := steward.PostForm("/directory/quality/dismiss", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/directory/quality?kind=phone_not_number" {
		t.Fatalf("dismiss: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/directory/quality"), "8 problems", "Dismissed (1)")
	mustContain(t, steward.Get("/directory/quality?dismissed=1"), "1 dismissed finding",
		"Callers ask the desk by name.", "List again")
	r = steward.PostForm("/directory/quality/restore", form)
	if r.StatusCode != http.StatusSeeOther ||
		r.Header.Get("Location") != "/directory/quality?dismissed=1&kind=phone_not_number" {
		t.Fatalf("restore: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/directory/quality"), "9 problems", "Dismissed (0)")
	bad := url.Values{"kind": {"typo"}, "record": {"phone"}, "record_id": {"x"}, "field": {"number"}}
	if r := steward.PostForm("/directory/quality/dismiss", bad); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad finding: %d", r.StatusCode)
	}
}
