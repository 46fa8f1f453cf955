package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"backbone/internal/testutil/apptest"
)

func TestIndicatorPage(t *testing.T) {
	f := newDemoFixture(t)
	db, res := f.db, f.res
	signIn := func(email string) *apptest.Client { return f.signIn(t, email) }
	var ind int64
	var samaritan, library string
	if err := db.QueryRow(`SELECT id FROM indicators WHERE name = 'Caregivers who found respite'`).Scan(&ind); err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]*string{"Samaritan House": &samaritan, "Redwood City Public Library": &library} {
		if err := db.QueryRow(`SELECT id FROM organizations WHERE name = $1`, name).Scan(id); err != nil {
			t.Fatal(err)
		}
	}
	path := fmt.Sprintf("/initiatives/%d/indicators/%d", res.InitiativeID, ind)
	coordinator, partner := signIn("coordinator@example.org"), signIn("partner@example.org")
	mustContain(t, partner.Get(path), "Family caregivers who used adult day services", "Peninsula Family Service", "quarterly")
	mustContain(t, coordinator.Get(fmt.Sprintf("/initiatives/%d/measures", res.InitiativeID)), `href="`+path+`"`)

	form := url.Values{"name": {"Caregivers who found respite"}, "definition": {""}, "unit": {"caregivers"}, "aggregation": {"weighted_average"},
		"frequency": {"quarterly"}, "reporters": {samaritan}}
	r := coordinator.PostForm(path, form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no definition: %d", r.StatusCode)
	}
	mustContain(t, r, "Definition (what is counted, exactly) is required", "weight_label", "is required for a weighted average")
	form.Set("definition", "Family caregivers who used respite in the quarter.")
	form.Set("weight_label", "caregivers served")
	form["reporters"] = []string{samaritan, library}
	if r := partner.PostForm(path, form); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Fatalf("a partner changes an indicator: %d", r.StatusCode)
	}
	if r := coordinator.PostForm(path, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, partner.Get(path), "Weighted average, weighted by caregivers served", "Samaritan House", "Redwood City Public Library")

	// The partner now reports it, with a weight.
	report := fmt.Sprintf("/initiatives/%d/report", res.InitiativeID)
	mustContain(t, partner.Get(report), "weighted by caregivers served) for Samaritan House")
	bad := url.Values{"item": {fmt.Sprintf("%d|%s", ind, samaritan)}, "period": {"2026-Q1"}, "value": {"30"}, "weight": {"many"}}
	if r := partner.PostForm(report, bad); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad weight: %d", r.StatusCode)
	} else {
		mustContain(t, r, "Weight &#34;many&#34; is not a number")
	}
	bad.Set("weight", "12")
	if r := partner.PostForm(report, bad); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report with a weight: %d %s", r.StatusCode, r.Body)
	}
	var w float64
	if err := db.QueryRow(`SELECT weight FROM measurements WHERE indicator_id = $1 AND organization_id = $2`, ind, samaritan).Scan(&w); err != nil || w != 12 {
		t.Fatalf("weight stored: %v %v", w, err)
	}

	// Retired: kept, no longer due.
	if r := coordinator.PostForm(path+"/archive", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", r.StatusCode)
	}
	mustContain(t, partner.Get(path), "retired")
	if r := coordinator.Get(fmt.Sprintf("/initiatives/%d/indicators/%d", res.InitiativeID+100, ind)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another initiative's path: %d", r.StatusCode)
	}
}
