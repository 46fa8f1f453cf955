package directory_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/testutil/storetest"
)

func TestSearchValidation(t *testing.T) {
	s := directory.NewStore(storetest.SQLite(t))
	nan := 100.0
	cases := []struct {
		q     directory.SearchQuery
		field string
	}{
		{directory.SearchQuery{Limit: 500}, "limit"},
		{directory.SearchQuery{Offset: -1}, "offset"},
		{directory.SearchQuery{Near: "91,0"}, "near"},
		{directory.SearchQuery{Near: "abc,def"}, "near"},
		{directory.SearchQuery{Lat: &nan}, "near"},
		{directory.SearchQuery{Near: "99999"}, "near"},         // no such postal code in the directory
		{directory.SearchQuery{Near: "Xanadu"}, "near"},        // nor city nor street
		{directory.SearchQuery{Near: "37.5, west"}, "near"},    // a latitude without a longitude
		{directory.SearchQuery{Text: "food\x00bank"}, "q"},     // a NUL, which no engine takes
		{directory.SearchQuery{Area: "San \xffMateo"}, "area"}, // not UTF-8
		{directory.SearchQuery{Near: "1,1", RadiusKm: -2}, "radius"},
		{directory.SearchQuery{Sort: "distance"}, "sort"},
		{directory.SearchQuery{Sort: "best"}, "sort"},
		{directory.SearchQuery{Text: strings.Repeat("x", 201)}, "q"},
	}
	for _, c := range cases {
		_, err := s.Search(context.Background(), actor, c.q)
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields[c.field] == "" {
			t.Errorf("%+v: %v, want a problem with %s", c.q, err, c.field)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	for in, want := range map[string]string{
		"Meals for the Elderly":   "meals elderly",
		`"food" OR pantry* -x`:    "food pantry x",
		"  ":                      "",
		"Café, cafe, CAFÉ":        "cafe",
		"NEAR(a b) AND c:d {e}^2": "near b c d e 2",
	} {
		if got := strings.Join(directory.SearchTerms(in), " "); got != want {
			t.Errorf("SearchTerms(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSearch: whatever a person types into the search form (words, a
// category, a language, an area, a place) and the organizations list's
// name box, the answer is a page or a validation error naming the field,
// never an engine's syntax error: the words reach FTS5's query language and
// the name part its trigram index only as quoted strings.
func FuzzSearch(f *testing.F) {
	db := storetest.SQLite(f)
	s := directory.NewStore(db)
	b, err := hsds.ReadOhana(os.DirFS(sample))
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.SaveBundle(context.Background(), actor, b); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][5]string{
		{"meals", "", "", "", ""},
		{`"food" AND (bank OR -pantry*) NEAR(x y) ^a {name}: col:x`, "Food", "es", "San Mateo County", "94063"},
		{"counsel*", "t-1", "Spanish", "", "Redwood City, CA"},
		{"", "", "", "", "2600 Middlefield Road, Redwood City"},
		{"peña ñandú 🙂 \x00 '", "'; DROP TABLE services; --", "%", "_", "37.5, west"},
		{"a b c the of", "", "", "", ",,,"},
		{"", "", "", "", "1e999,0"},
		{"", "", "", "", "NaN,NaN"},
		{`""""`, `"`, `"`, `"`, `"`},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4])
	}
	f.Fuzz(func(t *testing.T, text, category, language, area, near string) {
		ctx := context.Background()
		for _, sort := range []string{"", "distance", "name"} {
			sq := directory.SearchQuery{Text: text, Category: category, Language: language, Area: area, Near: near, Sort: sort}
			_, err := s.Search(ctx, actor, sq)
			var v *errs.ValidationError
			if err != nil && !errors.As(err, &v) {
				t.Fatalf("search %q %q %q %q %q sorted %q: %v", text, category, language, area, near, sort, err)
			}
		}
		if _, err := s.ListOrganizations(ctx, directory.OrganizationFilter{Query: text}); err != nil {
			var v *errs.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("organizations named %q: %v", text, err)
			}
		}
	})
}
