package directory_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestSearchFiltersSynthetic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 300, 7)
		cat, err := s.Search(ctx, actor, directory.SearchQuery{Category: "food pantry", Limit: 200})
		if err != nil || cat.Total == 0 || cat.Total == 300 {
			t.Fatalf("category: %d %v", cat.Total, err)
		}
		lang, err := s.Search(ctx, actor, directory.SearchQuery{Language: "es", Limit: 200})
		if err != nil || lang.Total == 0 || lang.Total == 300 {
			t.Fatalf("language: %d %v", lang.Total, err)
		}
		sq := directory.SearchQuery{Language: "Spanish"}
		if byName, err := s.Search(ctx, actor, sq); err != nil || byName.Total != lang.Total {
			t.Fatalf("language by name: %d vs %d", byName.Total, lang.Total)
		}
		area, err := s.Search(ctx, actor, directory.SearchQuery{Area: "fresno"})
		if err != nil || area.Total == 0 || area.Total == 300 {
			t.Fatalf("area: %d %v", area.Total, err)
		}
		// A very common word: in most descriptions.
		common, err := s.Search(ctx, actor, directory.SearchQuery{Text: "community"})
		if err != nil || common.Total < 200 || common.Capped {
			t.Fatalf("common: %d %v", common.Total, err)
		}
		both, err := s.Search(ctx, actor, directory.SearchQuery{Text: "community", Category: "Food Pantry"})
		if err != nil || both.Total == 0 || both.Total > cat.Total {
			t.Fatalf("text and category: %d %v", both.Total, err)
		}
		// Text with a category (found through the index's category
		// tokens) gives exactly the text's results filed under the
		// category, by the term's name, id or code.
		inCat := resultIDs(cat)
		var termID string
		if err := db.QueryRowContext(ctx, `SELECT id FROM taxonomy_terms WHERE name = 'Food Pantry'`).Scan(&termID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE taxonomy_terms SET code = 'FP-1' WHERE id = $1`, termID); err != nil {
			t.Fatal(err)
		}
		for _, word := range []string{"community", "pantry", "veterans"} {
			text, err := searchAll(ctx, s, directory.SearchQuery{Text: word})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for id := range resultIDs(text) {
				if inCat[id] {
					want[id] = true
				}
			}
			for _, c := range []string{"Food Pantry", "FOOD PANTRY", termID, "fp-1"} {
				got, err := searchAll(ctx, s, directory.SearchQuery{Text: word, Category: c})
				if err != nil {
					t.Fatal(err)
				}
				if g := resultIDs(got); len(g) != len(want) || got.Total != len(want) {
					t.Fatalf("%q in %q: %d results, want %d", word, c, got.Total, len(want))
				} else {
					for id := range want {
						if !g[id] {
							t.Fatalf("%q in %q: %s missing", word, c, id)
						}
					}
				}
			}
		}
		// A description holding a category's token as a word does not
		// put its service in the category.
		var outsider string
		if err := db.QueryRowContext(ctx, `SELECT id FROM services WHERE id NOT IN (SELECT link_id FROM attributes WHERE taxonomy_term_id = $1) ORDER BY id LIMIT 1`, termID).Scan(&outsider); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE services SET description = description || ' zebrafish ' || $1 WHERE id = $2`, store.CategoryToken(termID), outsider); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Search(ctx, actor, directory.SearchQuery{Text: "zebrafish"}); err != nil || p.Total != 1 {
			t.Fatalf("zebrafish: %+v %v", p, err)
		}
		sq = directory.SearchQuery{Text: "zebrafish", Category: termID}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total != 0 {
			t.Fatalf("a service is in a category by a word of its description: %+v %v", p, err)
		}
		sq = directory.SearchQuery{Text: "pantry", Category: "no such category"}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total != 0 {
			t.Fatalf("unknown category: %+v %v", p, err)
		}
		// Taking a service out of the category takes it out of the
		// results; filing it again brings it back (triggers).
		one := both.Items[0].ServiceID
		if _, err := db.ExecContext(ctx, `UPDATE attributes SET taxonomy_term_id = (SELECT id FROM taxonomy_terms WHERE name = 'Legal Aid') WHERE link_id = $1 AND taxonomy_term_id = $2`, one, termID); err != nil {
			t.Fatal(err)
		}
		if p, err := searchAll(ctx, s, directory.SearchQuery{Text: "community", Category: termID}); err != nil || resultIDs(p)[one] {
			t.Fatalf("a service taken out of the category is still found in it (%v)", err)
		}
		if p, err := searchAll(ctx, s, directory.SearchQuery{Text: "community", Category: "Legal Aid"}); err != nil || !resultIDs(p)[one] {
			t.Fatalf("a service filed under Legal Aid is not found there (%v)", err)
		}
		// Open now: a Wednesday noon finds services whose location is open
		// on Wednesdays; Sunday 3 am finds none.
		wed := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
		open, err := s.Search(ctx, actor, directory.SearchQuery{OpenNow: true, At: wed})
		if err != nil || open.Total == 0 || open.Total == 300 {
			t.Fatalf("open wednesday noon: %d %v", open.Total, err)
		}
		sq = directory.SearchQuery{OpenNow: true, At: time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC)}
		night, err := s.Search(ctx, actor, sq)
		if err != nil || night.Total != 0 {
			t.Fatalf("open sunday 3am: %d %v", night.Total, err)
		}
		city := directory.SynthArea.Cities[0]
		sq = directory.SearchQuery{Category: "Food Pantry", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, Sort: "distance"}
		near, err := s.Search(ctx, actor, sq)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range near.Items {
			if r.DistanceKm == nil || *r.DistanceKm > 50 || len(r.Phones) == 0 {
				t.Fatalf("category near: %+v", r)
			}
		}
		// Near with a category is exactly near, filtered by the category.
		all, err := searchAll(ctx, s, directory.SearchQuery{Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, Sort: "distance"})
		if err != nil {
			t.Fatal(err)
		}
		inFood, err := searchAll(ctx, s, directory.SearchQuery{Category: "Food Pantry"})
		if err != nil {
			t.Fatal(err)
		}
		food := resultIDs(inFood)
		var want []string
		for _, r := range all.Items {
			if food[r.ServiceID] {
				want = append(want, r.ServiceID)
			}
		}
		// The category named every way.
		for _, c := range []string{"Food Pantry", "FOOD PANTRY", termID, "fp-1"} {
			nearFood, err := searchAll(ctx, s, directory.SearchQuery{Category: c, Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, Sort: "distance"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range nearFood.Items {
				got = append(got, r.ServiceID)
			}
			if len(want) == 0 || strings.Join(got, " ") != strings.Join(want, " ") || nearFood.Total != len(want) {
				t.Fatalf("%q near: %d results %v, want %d %v", c, nearFood.Total, got, len(want), want)
			}
		}
		sq = directory.SearchQuery{Category: "no such category", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total != 0 || len(p.Items) != 0 {
			t.Fatalf("unknown category near: %+v %v", p, err)
		}
	})
}

// A bulk re-import that moves a location moves its services' points and
// cells (refreshed once at the end of the import).
func TestSearchNearAfterReimport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b := synthStore(t, db, 40, 3)
		lat, lon := 40.123, -123.456 // far from every synthetic city
		found := func() int {
			t.Helper()
			p, err := s.Search(ctx, actor, directory.SearchQuery{Text: "community", Lat: &lat, Lon: &lon, RadiusKm: 1})
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		if n := found(); n != 0 {
			t.Fatalf("%d services found where none is", n)
		}
		loc := b.Locations[0].ID
		b.Locations[0].Latitude, b.Locations[0].Longitude = &lat, &lon
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		var want int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM service_at_locations WHERE location_id = $1`, loc).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if n := found(); want == 0 || n == 0 || n > want {
			t.Fatalf("after the move: %d found, %d services at the location", n, want)
		}
	})
}
