package directory_test

import (
	"context"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/taxonomy/openeligibility"
	"backbone/internal/testutil/storetest"
)

// mapGuideKeywords maps seedGuide's keywords as a steward would: Food and
// Housing to their sections, Meals to free meals and emergency food.
func mapGuideKeywords(t *testing.T, s *directory.Store) {
	t.Helper()
	id := openeligibility.TermID
	n, err := s.MapKeywords(context.Background(), actor, []directory.CategoryMapping{
		{Keyword: "Food", TermIDs: []string{id("human_services:food")}},
		{
			Keyword: "meals",
			TermIDs: []string{id("human_services:food:free_meals"), id("human_services:emergency:emergency_food")},
		},
		{Keyword: "Housing", TermIDs: []string{id("human_services:housing")}},
	})
	if err != nil || n != 3 {
		t.Fatalf("map keywords: %d, %v", n, err)
	}
}

func TestCategoryMappings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedGuide(t, db)
		s := directory.NewStore(db)

		keywords, err := s.Keywords(ctx, actor)
		if err != nil || len(keywords) != 3 {
			t.Fatalf("keywords: %v %+v", err, keywords)
		}
		if k := keywords[1]; k.Keyword != "Housing" || k.Services != 1 || k.Reviewed() || len(k.Suggestions) == 0 ||
			k.Suggestions[0].Path != "Housing" {
			t.Fatalf("housing before mapping: %+v", k)
		}

		// The filter offers the keywords until they are mapped, then the categories.
		groups, err := s.SearchCategoryGroups(ctx)
		if err != nil || len(groups) != 1 || groups[0].Taxonomy != "" || len(groups[0].Categories) != 3 {
			t.Fatalf("groups before: %v %+v", err, groups)
		}
		mapGuideKeywords(t, s)
		if n, err := s.MapKeywords(ctx, actor, []directory.CategoryMapping{{Keyword: "FOOD",
			TermIDs: []string{openeligibility.TermID("human_services:food")}}}); err != nil || n != 0 {
			t.Fatalf("the same mapping again: %d, %v", n, err)
		}
		if _, err := s.MapKeywords(ctx, actor, []directory.CategoryMapping{{Keyword: "x",
			TermIDs: []string{"t-food"}}}); err == nil {
			t.Fatal("a term of another taxonomy accepted")
		}
		groups, err = s.SearchCategoryGroups(ctx)
		if err != nil || len(groups) != 1 || groups[0].Taxonomy != "Categories" ||
			len(groups[0].Categories) != 4 || groups[0].Categories[0] != "Emergency Food" {
			t.Fatalf("groups after: %v %+v", err, groups)
		}

		// A search by a built-in category finds the services of the keywords mapped to it or below it.
		page, err := s.Search(ctx, actor, directory.SearchQuery{Category: "Food"})
		if err != nil || page.Total != 2 {
			t.Fatalf("search Food: %v %+v", err, page)
		}
		page, err = s.Search(ctx, actor, directory.SearchQuery{Category: "free meals"})
		if err != nil || page.Total != 1 || page.Items[0].ServiceID != "s-meals" {
			t.Fatalf("search free meals: %v %+v", err, page)
		}

		// A keyword kept as a situation is offered as such, and read on the service.
		if _, err := s.MapKeywords(ctx, actor, []directory.CategoryMapping{{Keyword: "Housing",
			Situation: true}}); err != nil {
			t.Fatal(err)
		}
		groups, err = s.SearchCategoryGroups(ctx)
		if err != nil || len(groups) != 2 || groups[1].Taxonomy != "Who it serves" ||
			groups[1].Categories[0] != "Housing" {
			t.Fatalf("groups with a situation: %v %+v", err, groups)
		}
		p, err := s.Service(ctx, actor, "s-shelter")
		if err != nil || len(p.Situations) != 1 || len(p.Categories) != 0 {
			t.Fatalf("shelter: %v %+v %+v", err, p.Categories, p.Situations)
		}
		p, err = s.Service(ctx, actor, "s-meals")
		if err != nil || len(p.Categories) != 2 || p.Categories[0].Path != "Emergency › Emergency Food" {
			t.Fatalf("meals: %v %+v", err, p.Categories)
		}
		mappings, err := s.CategoryMappings(ctx, actor)
		if err != nil || len(mappings) != 3 || !mappings[1].Situation {
			t.Fatalf("mappings: %v %+v", err, mappings)
		}
	})
}
