package directory_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestExpandSynonyms(t *testing.T) {
	pairs := []directory.Synonym{{"rent help", "rental assistance"}, {"rent", "rental"}, {"food", "meals"},
		{"food", "food pantry"}, {"help with rent", "rental assistance"}}
	for _, c := range []struct {
		text string
		want []string
		used int
	}{
		{"rent help", []string{"rent help|rental assistance"}, 1},
		{"Help with rent", []string{"help rent|rental assistance"}, 1},
		{"rent", []string{"rent|rental"}, 1},
		{"hot food now", []string{"hot", "food|meals|food pantry", "now"}, 2},
		{"shelter", []string{"shelter"}, 0},
		{"rent food", []string{"rent|rental", "food|meals|food pantry"}, 3},
	} {
		got, used := directory.ExpandSynonyms(directory.SearchTerms(c.text), pairs)
		if !slices.Equal(got, c.want) || len(used) != c.used {
			t.Errorf("%q: %q (%d used), want %q (%d)", c.text, got, len(used), c.want, c.used)
		}
	}
}

func TestCheckSynonyms(t *testing.T) {
	list, err := directory.CheckSynonyms([]directory.Synonym{{"  Rent   HELP ", "Rental assistance"},
		{"rent help", "rental assistance"}, {"a", "b"}})
	if err == nil || !strings.Contains(err.Error(), "items[2].phrase") {
		t.Fatalf("a stop word as a phrase: %v %v", list, err)
	}
	list, err = directory.CheckSynonyms([]directory.Synonym{{"  Rent   HELP ", "Rental assistance"},
		{"rent help", "rental assistance"}})
	if err != nil || len(list) != 1 || list[0].Phrase != "rent help" {
		t.Fatalf("normalized: %v %v", list, err)
	}
	for _, bad := range []directory.Synonym{{"", "x"}, {"food", ""}, {"food", "FOOD"}, {strings.Repeat("a", 101), "b"}} {
		if _, err := directory.CheckSynonyms([]directory.Synonym{bad}); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// TestSearchSynonyms: the seeded synonyms widen a search on both engines;
// a steward's edit changes what a search finds.
func TestSearchSynonyms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := ohanaStore(t, db)

		page, err := s.Search(ctx, actor, directory.SearchQuery{Text: "rent help"})
		if err != nil || page.Total == 0 || len(page.Synonyms) != 1 {
			t.Fatalf("rent help: %v %+v", err, page)
		}
		// Its services are those of rental assistance (the keyword
		// "Rental Deposit Assistance", a description's "rental assistance").
		rental, err := s.Search(ctx, actor, directory.SearchQuery{Text: "rental assistance"})
		if err != nil || rental.Total != page.Total || !maps.Equal(resultIDs(rental), resultIDs(page)) {
			t.Fatalf("rent help: %+v, rental assistance: %+v (%v)", page.Items, rental.Items, err)
		}
		food, err := s.Search(ctx, actor, directory.SearchQuery{Text: "food", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}

		list, err := s.Synonyms(ctx, actor)
		if err != nil || len(list) != 29 {
			t.Fatalf("seeded synonyms: %v %d", err, len(list))
		}
		var kept []directory.Synonym
		for _, p := range list {
			if p.Phrase != "rent help" && p.Phrase != "food" {
				kept = append(kept, p)
			}
		}
		kept = append(kept, directory.Synonym{Phrase: "Bus", Replacement: "transportation"})
		added, removed, err := s.PutSynonyms(ctx, actor, kept)
		if err != nil || added != 1 || removed != 3 {
			t.Fatalf("put: %d %d %v", added, removed, err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'search_synonym'`).
			Scan(&audited); err != nil || audited != 4 {
			t.Fatalf("audited: %d %v", audited, err)
		}
		page, err = s.Search(ctx, actor, directory.SearchQuery{Text: "rent help"})
		if err != nil || page.Total != 0 || len(page.Synonyms) != 1 || page.Synonyms[0].Phrase != "rent" {
			t.Fatalf("rent help without its synonym (rent is still rental): %v %+v", err, page)
		}
		fewer, err := s.Search(ctx, actor, directory.SearchQuery{Text: "food", Limit: 100})
		if err != nil || fewer.Total >= food.Total {
			t.Fatalf("food without meals: %d, with: %d (%v)", fewer.Total, food.Total, err)
		}
		bus, err := s.Search(ctx, actor, directory.SearchQuery{Text: "bus"})
		if err != nil || len(bus.Synonyms) != 1 || bus.Synonyms[0].Phrase != "bus" {
			t.Fatalf("bus: %v %+v", err, bus)
		}
	})
}

// TestDidYouMean: misspelled words are corrected from the directory's own
// words, in the text's own form; known words, their other forms, numbers
// and synonyms' phrases are not.
func TestDidYouMean(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := ohanaStore(t, db)
		s.ForgetVocabulary()
		for _, c := range []struct{ text, want string }{
			{"fod pantry", "food pantry"},
			{"Fod Pantry!", "food Pantry!"},
			{"food pantyr", "food pantry"},
			{"counselling", "counseling"}, // the directory's spelling
			{"food pantry", ""},
			{"pantries", ""},
			{"shrink", ""}, // a synonym's phrase
			{"94063", ""},
			{"xqzvw", ""},
			{"sheltr for familys", "shelter for familys"}, // "familys" has the stem of "family"
		} {
			page, err := s.Search(ctx, actor, directory.SearchQuery{Text: c.text})
			if err != nil {
				t.Fatal(err)
			}
			if page.DidYouMean != c.want {
				t.Errorf("%q: did you mean %q, want %q", c.text, page.DidYouMean, c.want)
			}
		}
		page, err := s.Search(ctx, actor, directory.SearchQuery{Text: "food pantry"})
		if err != nil || page.Total == 0 {
			t.Fatalf("the corrected search: %v %+v", err, page)
		}
	})
}

// TestNoResultsOffers: a search with no results offers the categories near
// its words that file services, and near a point a wider radius.
func TestNoResultsOffers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedGuide(t, db)
		s := directory.NewStore(db)
		mapGuideKeywords(t, s)

		page, err := s.Search(ctx, actor, directory.SearchQuery{Text: "pantry", Language: "Klingon"})
		if err != nil || page.Total != 0 || page.Offers == nil {
			t.Fatalf("pantry in Klingon: %v %+v", err, page)
		}
		var paths []string
		for _, c := range page.Offers.Categories {
			paths = append(paths, c.Path)
		}
		if !slices.Contains(paths, "Food") || !slices.Contains(paths, "Food › Free Meals") ||
			page.Offers.WiderRadiusKm != 0 {
			t.Fatalf("offers: %q %+v", paths, page.Offers)
		}
		if page.Offers.Categories[0].Path != "Food" || page.Offers.Categories[0].Services != 2 {
			t.Fatalf("the most services first: %+v", page.Offers.Categories)
		}

		// Near a point: a wider radius; nothing near the words, no category.
		page, err = s.Search(ctx, actor, directory.SearchQuery{Text: "zebra", Near: "10,10", RadiusKm: 40})
		if err != nil || page.Offers == nil || page.Offers.WiderRadiusKm != 80 ||
			len(page.Offers.Categories) != 0 {
			t.Fatalf("near: %v %+v", err, page)
		}
		page, err = s.Search(ctx, actor, directory.SearchQuery{Near: "10,10", RadiusKm: directory.MaxRadiusKm})
		if err != nil || page.Offers == nil || page.Offers.WiderRadiusKm != 0 {
			t.Fatalf("at the largest radius: %v %+v", err, page)
		}
		// With results, no offers.
		page, err = s.Search(ctx, actor, directory.SearchQuery{Text: "meals"})
		if err != nil || page.Total == 0 || page.Offers != nil {
			t.Fatalf("meals: %v %+v", err, page)
		}
	})
}

// TestVocabularyFollowsChanges: the vocabulary kept is read again, in the
// background, once the directory has changed (its generation has moved)
// and a minute has passed by the store's clock; a sign-in, which is no
// change of the directory, leaves it be.
func TestVocabularyFollowsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := ohanaStore(t, db)
		clock := storetest.Clock(t, db)
		didYouMean := func() string {
			page, err := s.Search(ctx, actor, directory.SearchQuery{Text: "quokkas outreech"})
			if err != nil {
				t.Fatal(err)
			}
			return page.DidYouMean
		}
		if got := didYouMean(); got != "" {
			t.Fatalf("before: %q", got)
		}
		first, kept, _ := directory.VocabularyMark(s)
		if !kept {
			t.Fatal("no vocabulary kept after a search")
		}

		// A sign-in: a session and its line in the audit log.
		accounts := account.NewStore(db)
		u, err := accounts.CreateUser(ctx, actor, account.NewUser{Email: "sw@example.org", Name: "Social Worker",
			Password: "a long enough password", Role: "member"})
		if err != nil {
			t.Fatal(err)
		}
		generation, err := store.DirectoryGeneration(ctx, db)
		if err != nil || generation != first {
			t.Fatalf("a user added moved the directory's generation: %d, was %d (%v)", generation, first, err)
		}
		if _, _, err := accounts.CreateSession(ctx, u, time.Hour, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if err := account.Record(ctx, db, account.UserActor(u, "r1"), account.Event{At: clock.Now(),
			Action: "login", EntityType: "session", EntityID: u.Email, Summary: "signed in"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Minute)
		if got := didYouMean(); got != "" {
			t.Fatalf("after a sign-in: %q", got)
		}
		time.Sleep(50 * time.Millisecond)
		if mark, _, building := directory.VocabularyMark(s); mark != first || building {
			t.Fatalf("a sign-in made the vocabulary be read again (generation %d, was %d, building %v)",
				mark, first, building)
		}

		// An import is a change of the directory.
		b := &hsds.Bundle{Organizations: []hsds.OrganizationRecord{{ID: "org-quokka", Name: "Quokka Outreach",
			Description: "Quokkas."}}}
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		if got := didYouMean(); got != "" {
			t.Fatalf("at once (the vocabulary kept serves): %q", got)
		}
		clock.Advance(2 * time.Minute)
		deadline := time.Now().Add(10 * time.Second)
		for got := didYouMean(); got != "quokkas outreach"; got = didYouMean() {
			if time.Now().After(deadline) {
				t.Fatalf("after an import and a minute: %q", got)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if mark, _, _ := directory.VocabularyMark(s); mark == first {
			t.Fatalf("read again at the same generation %d", mark)
		}

		// So is an edit by hand, seen through the database as another
		// instance sharing it would see it.
		generation, err = store.DirectoryGeneration(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateOrganization(ctx, actor, "org-wombat", directory.OrganizationInput{Name: "Wombat Aid",
			Description: "Wombats."}); err != nil {
			t.Fatal(err)
		}
		if after, _ := store.DirectoryGeneration(ctx, db); after == generation {
			t.Fatalf("an organization added left the generation at %d", after)
		}
	})
}
