package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/hsds"
	"backbone/internal/testutil/apptest"
)

// serviceDuplicatesApp is an app whose directory holds one organization's
// pantry written twice (names equal but for case and "Program", one
// phone), the second with Spanish and a Tuesday schedule, and the same
// pantry under a church with the same e-mail.
func serviceDuplicatesApp(t *testing.T) *apptest.App {
	t.Helper()
	a := newApp(t)
	b := &hsds.Bundle{
		Organizations: []hsds.OrganizationRecord{
			{ID: "o-svdp", Name: "St. Vincent de Paul", Description: "Food and shelter."},
			{ID: "o-church", Name: "Grace Church"},
		},
		Services: []hsds.ServiceRecord{
			{ID: "s-pantry", OrganizationID: "o-svdp", Name: "Food Pantry", Status: "active",
				Description: "Groceries weekly.", Email: "pantry@svdp.org"},
			{ID: "s-pantry-2", OrganizationID: "o-svdp", Name: "FOOD PANTRY Program", Status: "active",
				Description: "Bags of groceries every Tuesday."},
			{ID: "s-church", OrganizationID: "o-church", Name: "Food pantry", Status: "active",
				Email: "Pantry@svdp.org"},
		},
		Phones: []hsds.PhoneRecord{
			{ID: "p1", ServiceID: "s-pantry", Number: "(650) 555-0100"},
			{ID: "p2", ServiceID: "s-pantry-2", Number: "650.555.0100"},
		},
		Records: []hsds.Record{
			{Source: "lg", Table: "language", ID: "lg", Values: map[string]string{"service_id": "s-pantry-2",
				"code": "es", "name": "Spanish"}},
		},
	}
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestServiceMergePages(t *testing.T) {
	a := serviceDuplicatesApp(t)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	for _, path := range []string{"/directory/duplicates/services",
		"/directory/service-merge?keep=s-pantry&merge=s-pantry-2"} {
		if r := member.Get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("member reads %s: %d", path, r.StatusCode)
		}
	}
	r := member.PostForm("/directory/service-merge", url.Values{"keep": {"s-pantry"}, "merge": {"s-pantry-2"}})
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("member merges: %d", r.StatusCode)
	}

	mustContain(t, steward.Get("/directory/duplicates"), "/directory/duplicates/services")
	mustContain(t, steward.Get("/directory/duplicates/services"), "Within one organization", "FOOD PANTRY Program",
		"same name", "same phone", "Across organizations", "Grace Church", "same email")
	mustContain(t, steward.Get("/directory/service-merge?keep=s-pantry&merge=s-pantry-2"), "Fields that differ",
		"Bags of groceries every Tuesday.", "1 languages", "1 phones")

	r = steward.PostForm("/directory/service-merge", url.Values{"keep": {"s-pantry"}, "merge": {"s-pantry-2"},
		"field_description": {"other"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/services/s-pantry" {
		t.Fatalf("merge: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/services/s-pantry"), "was merged into", "Bags of groceries every Tuesday.", "Spanish")
	mustContain(t, steward.Get("/services/s-pantry-2"), "defunct", `id="merged-into"`, `href="/services/s-pantry"`)
	mustContain(t, member.Get("/services/s-pantry-2"), "This service was merged into")
	mustContain(t, steward.Get("/organizations/o-svdp"), "merged the service FOOD PANTRY Program",
		"/directory/service-merges/1")
	mustContain(t, steward.Get("/directory/service-merges/1"), "Undo this merge", "1 languages")
	if r := member.Get("/directory/service-merges/1"); r.StatusCode != http.StatusForbidden {
		t.Errorf("member reads the merge: %d", r.StatusCode)
	}

	r = steward.PostForm("/directory/service-merges/1/undo", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/services/s-pantry-2" {
		t.Fatalf("undo: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/services/s-pantry-2"), "The merge was undone", "Spanish")
	mustContain(t, steward.Get("/services/s-pantry"), "Groceries weekly.")
	if r := steward.Get("/services/s-pantry-2"); strings.Contains(r.Body, `id="merged-into"`) {
		t.Error("the service restored still says it was merged")
	}
	if r := steward.PostForm("/directory/service-merges/1/undo", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Errorf("undo twice: %d", r.StatusCode)
	}

	// Not a duplicate: gone from the list for good.
	steward.PostForm("/directory/duplicates/services/dismiss", url.Values{"a": {"s-church"}, "b": {"s-pantry"}})
	mustContain(t, steward.Get("/directory/duplicates/services"), "No service is probably listed under two")
}
