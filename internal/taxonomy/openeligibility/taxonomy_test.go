package openeligibility

import "testing"

func TestTerms(t *testing.T) {
	terms, err := Terms()
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 360+181 {
		t.Fatalf("got %d terms, want 541", len(terms))
	}
	ids := map[string]bool{}
	for _, term := range terms {
		if ids[term.ID] {
			t.Fatalf("id %s twice (%s)", term.ID, term.Slug)
		}
		if term.ParentID != "" && !ids[term.ParentID] {
			t.Fatalf("%s comes before its parent", term.Slug)
		}
		ids[term.ID] = true
	}
	for _, term := range terms {
		if term.Slug == "human_services:food:food_pantry" {
			if term.Name != "Food Pantry" || term.Section() != "Food" || term.Situation() {
				t.Fatalf("food pantry: %+v section %q", term, term.Section())
			}
			return
		}
	}
	t.Fatal("no food pantry")
}
