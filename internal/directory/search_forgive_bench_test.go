package directory_test

import (
	"context"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/store"
)

// BenchmarkSearchForgive measures what a search that forgives adds, in a
// directory of 60,000 synthetic services (the scale of the search tests'
// largest directories): reading the vocabulary (once per database, then
// when the directory changes, in the background), a search of known words
// (the vocabulary looked up, the synonyms read), a misspelled one (the
// closest words found), a search a synonym widens, and one with no
// results (its offers). On SQLite, and on PostgreSQL with
// BACKBONE_TEST_POSTGRES.
func BenchmarkSearchForgive(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			bundle := directory.Synthesize(directory.SynthOptions{Services: 60000, Seed: 1})
			if _, err := s.SaveBundle(ctx, actor, bundle); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
			b.Run("vocabulary read", func(b *testing.B) {
				for b.Loop() {
					s.ForgetVocabulary()
					if _, err := s.Search(ctx, actor, directory.SearchQuery{Text: "pantry"}); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, c := range []struct {
				name, text string
				check      func(*directory.SearchPage) bool
			}{
				{"known words", "food pantry", func(p *directory.SearchPage) bool { return p.DidYouMean == "" }},
				{"misspelled", "fod pantyr", func(p *directory.SearchPage) bool { return p.DidYouMean == "food pantry" }},
				{"a synonym", "rent help", func(p *directory.SearchPage) bool { return len(p.Synonyms) == 1 }},
				{"no results", "pantry zzzqqq", func(p *directory.SearchPage) bool { return p.Offers != nil }},
			} {
				b.Run(c.name, func(b *testing.B) {
					benchSearch(b, ctx, s, db, directory.SearchQuery{Text: c.text}, c.check)
				})
			}
			// The same words without synonyms: the engine's query alone
			// (and the vocabulary's look-ups).
			if _, _, err := s.PutSynonyms(ctx, actor, nil); err != nil {
				b.Fatal(err)
			}
			for _, text := range []string{"food pantry", "rent help", "rental assistance"} {
				b.Run("no synonyms "+text, func(b *testing.B) {
					benchSearch(b, ctx, s, db, directory.SearchQuery{Text: text},
						func(p *directory.SearchPage) bool { return len(p.Synonyms) == 0 })
				})
			}
		})
	}
}

func benchSearch(b *testing.B, ctx context.Context, s *directory.Store, _ *store.DB, q directory.SearchQuery,
	check func(*directory.SearchPage) bool) {
	p, err := s.Search(ctx, actor, q)
	if err != nil || !check(p) {
		b.Fatalf("%q: %v %+v", q.Text, err, p)
	}
	for b.Loop() {
		if _, err := s.Search(ctx, actor, q); err != nil {
			b.Fatal(err)
		}
	}
}
