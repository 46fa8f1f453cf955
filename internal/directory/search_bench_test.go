package directory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// benchDB is a fresh, migrated database of the engine named ("sqlite" or
// "postgres"; skipped without PostgreSQL).
func benchDB(b *testing.B, engine string) *store.DB {
	if engine == "postgres" {
		return storetest.Postgres(b)
	}
	return storetest.SQLite(b)
}

// BenchmarkSearchLargeTaxonomy is a search with words and a category in a
// county's directory (300 services) filed under a taxonomy the size of
// 211's (AIRS: about 9,000 terms): the category is found among the terms
// by name before the search (migration 18 indexes the terms by code and
// name, which each search otherwise read whole), and the page's details
// are read by a statement whose plan must suit a small directory as well
// as a large one. On SQLite, and on PostgreSQL with BACKBONE_TEST_POSTGRES.
func BenchmarkSearchLargeTaxonomy(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			if _, err := s.SaveBundle(ctx, actor, directory.Synthesize(directory.SynthOptions{Services: 300, Seed: 1})); err != nil {
				b.Fatal(err)
			}
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			for i := range 9000 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_terms (id, code, name) VALUES ($1, $2, $3)`,
					fmt.Sprintf("airs-%d", i), fmt.Sprintf("BD-%04d.%d", i/7, i%7), fmt.Sprintf("Service kind %d", i)); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				sq := directory.SearchQuery{Text: "pantry", Category: "food pantry"}
				if p, err := s.Search(ctx, actor, sq); err != nil || p.Total == 0 {
					b.Fatalf("%+v %v", p, err)
				}
			}
		})
	}
}

// BenchmarkSearchFilters is a directory of 1,500 services listed by name
// (the sixth page), and the "open now" and language filters: listed by
// name, and with words near a point. On SQLite, and on PostgreSQL with
// BACKBONE_TEST_POSTGRES.
func BenchmarkSearchFilters(b *testing.B) {
	city := directory.SynthArea.Cities[0]
	wednesday := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	queries := []struct {
		name string
		q    directory.SearchQuery
	}{
		{"listed by name", directory.SearchQuery{Offset: 100}},
		{"open now", directory.SearchQuery{OpenNow: true, At: wednesday}},
		{"language", directory.SearchQuery{Language: "spanish"}},
		{"text near open now", directory.SearchQuery{Text: "community", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, OpenNow: true, At: wednesday}},
		{"text near language", directory.SearchQuery{Text: "community", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, Language: "spanish"}},
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			if _, err := s.SaveBundle(ctx, actor, directory.Synthesize(directory.SynthOptions{Services: 1500, Seed: 1})); err != nil {
				b.Fatal(err)
			}
			if engine == "postgres" {
				// What autovacuum does within a minute of an import (the
				// application never analyzes SQLite).
				if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			for _, c := range queries {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						if p, err := s.Search(ctx, actor, c.q); err != nil || p.Total == 0 {
							b.Fatalf("%+v %v", p, err)
						}
					}
				})
			}
		})
	}
}
