package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"backbone/internal/account"
	"backbone/internal/hsds"
	"backbone/internal/testutil/apptest"
)

// duplicatesApp is an app whose directory holds a pair of duplicates of a
// real county's file: names that differ in case and punctuation, with one
// phone, each with a service.
func duplicatesApp(t *testing.T) *apptest.App {
	t.Helper()
	a := newApp(t)
	b := &hsds.Bundle{
		Organizations: []hsds.OrganizationRecord{
			{ID: "o-depaul-1", Name: "Society of St. Vincent De Paul", Description: "Food and shelter."},
			{ID: "o-depaul-2", Name: "Society of St Vincent de Paul, Inc.", Description: "Help with rent."},
			{ID: "o-other", Name: "Harbor Aid"},
		},
		Phones: []hsds.PhoneRecord{
			{ID: "p1", OrganizationID: "o-depaul-1", Number: "(650) 555-0100"},
			{ID: "p2", OrganizationID: "o-depaul-2", Number: "650.555.0100"},
		},
		Services: []hsds.ServiceRecord{
			{ID: "s1", OrganizationID: "o-depaul-1", Name: "Food pantry", Status: "active"},
			{ID: "s2", OrganizationID: "o-depaul-2", Name: "Rent help", Status: "active"},
		},
	}
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMergePages(t *testing.T) {
	a := duplicatesApp(t)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	for _, path := range []string{"/directory/duplicates", "/directory/merge?keep=o-depaul-1&merge=o-depaul-2",
		"/directory/merges/1"} {
		if r := member.Get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("member reads %s: %d", path, r.StatusCode)
		}
	}
	r := member.PostForm("/directory/merge", url.Values{"keep": {"o-depaul-1"}, "merge": {"o-depaul-2"}})
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("member merges: %d", r.StatusCode)
	}

	mustContain(t, steward.Get("/directory/duplicates"), "Society of St. Vincent De Paul",
		"Society of St Vincent de Paul, Inc.", "same phone", "same name")
	mustContain(t, steward.Get("/directory/merge?keep=o-depaul-1&merge=o-depaul-2"), "Fields that differ",
		"Help with rent.", "1 services", "1 phones")

	r = steward.PostForm("/directory/merge", url.Values{"keep": {"o-depaul-1"}, "merge": {"o-depaul-2"},
		"field_description": {"other"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/organizations/o-depaul-1" {
		t.Fatalf("merge: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(
		t,
		steward.Get("/organizations/o-depaul-1"),
		"was merged into",
		"Food pantry",
		"Rent help",
		"Help with rent.",
		"/directory/merges/1",
	)
	mustContain(t, steward.Get("/directory/duplicates"), "No probable duplicates.")
	mustContain(t, steward.Get("/directory/merges/1"), "Undo this merge", "1 services")

	r = steward.PostForm("/directory/merges/1/undo", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/organizations/o-depaul-2" {
		t.Fatalf("undo: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/organizations/o-depaul-2"), "The merge was undone", "Rent help")
	mustContain(t, steward.Get("/organizations/o-depaul-1"), "Food and shelter.")
	if r := steward.PostForm("/directory/merges/1/undo", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Errorf("undo twice: %d", r.StatusCode)
	}

	// Not a duplicate: gone from the list for good.
	steward.PostForm("/directory/duplicates/dismiss", url.Values{"a": {"o-depaul-2"}, "b": {"o-depaul-1"}})
	mustContain(t, steward.Get("/directory/duplicates"), "No probable duplicates.")
}
