package directory_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// ohanaStore is a store holding the real San Mateo County sample.
// column reads the one text column of a query's rows.
func column(t *testing.T, db *store.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func ohanaStore(t *testing.T, db *store.DB) *directory.Store {
	t.Helper()
	s := directory.NewStore(db)
	b, err := hsds.ReadPath(sample)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveBundle(context.Background(), actor, b); err != nil {
		t.Fatal(err)
	}
	return s
}

// synthStore is a store holding a synthetic directory of n services.
func synthStore(t *testing.T, db *store.DB, n int, seed uint64) (*directory.Store, *hsds.Bundle) {
	t.Helper()
	s := directory.NewStore(db)
	b := directory.Synthesize(directory.SynthOptions{Services: n, Seed: seed})
	if _, err := s.SaveBundle(context.Background(), actor, b); err != nil {
		t.Fatal(err)
	}
	return s, b
}

// searchAll gathers every page of a search, 200 results at a time.
func searchAll(ctx context.Context, s *directory.Store, q directory.SearchQuery) (*directory.SearchPage, error) {
	all := &directory.SearchPage{}
	for q.Limit, q.Offset = 200, 0; ; q.Offset += 200 {
		p, err := s.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		all.Items, all.Total = append(all.Items, p.Items...), p.Total
		if len(p.Items) < 200 {
			return all, nil
		}
	}
}

// resultIDs is the set of the services of a page.
func resultIDs(p *directory.SearchPage) map[string]bool {
	m := map[string]bool{}
	for _, r := range p.Items {
		m[r.ServiceID] = true
	}
	return m
}

func names(p *directory.SearchPage) []string {
	var out []string
	for _, r := range p.Items {
		out = append(out, r.ServiceName)
	}
	return out
}

func TestSearchOhanaSample(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := ohanaStore(t, db)
		// Stemming: "meals" finds "hot meal"; ranked: the service named
		// for it comes first.
		p, err := s.Search(ctx, directory.SearchQuery{Text: "meals"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total == 0 || !strings.Contains(strings.Join(names(p), "|"), "Meal") {
			t.Fatalf("meals: %v", names(p))
		}
		p, err = s.Search(ctx, directory.SearchQuery{Text: "counseling older adults"})
		if err != nil || p.Total == 0 {
			t.Fatalf("counseling: %v %v", p, err)
		}
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i].Score > p.Items[i-1].Score {
				t.Fatalf("not ranked: %+v", p.Items)
			}
		}
		// Accents and case do not matter; stop words and punctuation are no syntax.
		if p, err := s.Search(ctx, directory.SearchQuery{Text: `"COUNSÉLING" AND (the) -`}); err != nil || p.Total == 0 {
			t.Fatalf("diacritics: %v %v", p, err)
		}
		// Near Redwood City's Fair Oaks center (2600 Middlefield Road), by
		// point and by the directory's own postal code, sorted by distance.
		for _, near := range []string{"37.4772,-122.2132", "94063"} {
			p, err = s.Search(ctx, directory.SearchQuery{Near: near, RadiusKm: 5, Sort: "distance", Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total == 0 || p.Items[0].DistanceKm == nil || *p.Items[0].DistanceKm > 5 || p.Items[0].Address == "" {
				t.Fatalf("near %s: %+v", near, p.Items)
			}
			for i, r := range p.Items {
				if r.DistanceKm == nil || *r.DistanceKm > 5 || (i > 0 && *r.DistanceKm < *p.Items[i-1].DistanceKm) {
					t.Fatalf("near %s: item %d out of order or range: %+v", near, i, r)
				}
			}
		}
		// A place named as people name it, from the directory's own
		// addresses: the street address is the Fair Oaks center's point
		// itself; a city (with its state or not) the middle of its
		// located addresses.
		for place, within := range map[string]float64{"2600 Middlefield Road": 0.01, "2600 MIDDLEFIELD ROAD, redwood city": 0.01,
			"Redwood City": 5, "redwood city, ca": 5} {
			lat, lon, ok, err := s.PlacePoint(ctx, place)
			if err != nil || !ok || directory.Haversine(lat, lon, 37.4772, -122.2132) > within {
				t.Fatalf("place %q: %v %v %v,%v", place, err, ok, lat, lon)
			}
		}
		// Near a point without words, the best match is the nearest.
		if p, err := s.Search(ctx, directory.SearchQuery{Near: "Redwood City", RadiusKm: 10, Limit: 50}); err != nil || len(p.Items) < 3 ||
			!slices.IsSortedFunc(p.Items, func(a, b directory.SearchResult) int { return cmp.Compare(*a.DistanceKm, *b.DistanceKm) }) {
			t.Fatalf("near without words: not nearest first: %v %+v", err, p)
		}
		if _, _, ok, err := s.PlacePoint(ctx, "2600 Middlefield Road, Daly City"); ok || err != nil {
			t.Fatalf("a street in another city is found: %v %v", ok, err)
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Near: "Redwood City, CA", RadiusKm: 5, Sort: "distance"}); err != nil || p.Total == 0 || p.NearLat == nil {
			t.Fatalf("near a city: %+v %v", p, err)
		}
		far, err := s.Search(ctx, directory.SearchQuery{Near: "37.4772,-122.2132", RadiusKm: 100, Limit: 200})
		if err != nil || far.Total <= p.Total {
			t.Fatalf("100 km finds no more than 5 km: %d vs %d (%v)", far.Total, p.Total, err)
		}
		// Text and near together.
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "counseling", Near: "94063", RadiusKm: 30}); err != nil || p.Total == 0 || p.Items[0].DistanceKm == nil {
			t.Fatalf("text near: %+v %v", p, err)
		}
		// The spatial index follows the locations (triggers): a location
		// moved away is no longer near, moved back it is, one without
		// coordinates or deleted is gone.
		nearNames := func() string {
			t.Helper()
			p, err := s.Search(ctx, directory.SearchQuery{Near: "37.4772,-122.2132", RadiusKm: 5, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			return "|" + strings.Join(names(p), "|") + "|"
		}
		var locID string
		var lat, lon float64
		if err := db.QueryRowContext(ctx, `SELECT l.id, l.latitude, l.longitude FROM locations l JOIN service_at_locations sal ON sal.location_id = l.id
			JOIN services sv ON sv.id = sal.service_id WHERE sv.name = 'Fair Oaks Adult Activity Center'`).Scan(&locID, &lat, &lon); err != nil {
			t.Fatal(err)
		}
		const fairOaks = "|Fair Oaks Adult Activity Center|"
		if !strings.Contains(nearNames(), fairOaks) {
			t.Fatalf("Fair Oaks not near itself: %s", nearNames())
		}
		move := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		move(`UPDATE locations SET latitude = 34.05, longitude = -118.24 WHERE id = $1`, locID)
		if strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a location moved to Los Angeles is still found in Redwood City")
		}
		// Found there, by words and near (the index's cells follow the
		// location) and by category and near.
		la := "34.05,-118.24"
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "Fair Oaks Adult Activity", Near: la, RadiusKm: 2}); err != nil || !strings.Contains("|"+strings.Join(names(p), "|")+"|", fairOaks) {
			t.Fatalf("words near Los Angeles: %v %v", names(p), err)
		}
		category := "zz-senior-centers"
		move(`INSERT INTO taxonomy_terms (id, name) VALUES ($1, 'Senior Centers (test)')`, category)
		move(`INSERT INTO attributes (id, link_id, taxonomy_term_id, link_type, link_entity) SELECT 'zz-attr', id, $1, 'service', 'service' FROM services WHERE name = 'Fair Oaks Adult Activity Center'`, category)
		if p, err := s.Search(ctx, directory.SearchQuery{Category: category, Near: la, RadiusKm: 2}); err != nil || !strings.Contains("|"+strings.Join(names(p), "|")+"|", fairOaks) {
			t.Fatalf("category near Los Angeles: %v %v", names(p), err)
		}
		move(`UPDATE locations SET latitude = $1, longitude = $2 WHERE id = $3`, lat, lon, locID)
		if !strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a location moved back is not found")
		}
		move(`UPDATE locations SET latitude = NULL WHERE id = $1`, locID)
		if strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a location without coordinates is found near a point")
		}
		move(`UPDATE locations SET latitude = $1 WHERE id = $2`, lat, locID)
		if !strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a location given its coordinates again is not found")
		}
		// The service taken from the location, then put back; the
		// location deleted.
		var salID, svcID string
		if err := db.QueryRowContext(ctx, `SELECT id, service_id FROM service_at_locations WHERE location_id = $1 AND service_id = (SELECT id FROM services WHERE name = 'Fair Oaks Adult Activity Center')`, locID).Scan(&salID, &svcID); err != nil {
			t.Fatal(err)
		}
		move(`DELETE FROM service_at_locations WHERE id = $1`, salID)
		if strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a service no longer at the location is still found near it")
		}
		move(`INSERT INTO service_at_locations (id, service_id, location_id) VALUES ($1, $2, $3)`, salID, svcID, locID)
		if !strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a service put back at its location is not found")
		}
		// Every location with several services, moved at once, keeps a
		// point per service at it.
		move(`UPDATE locations SET latitude = latitude + 0.001 WHERE id IN (SELECT location_id FROM service_at_locations GROUP BY location_id HAVING COUNT(*) > 1)`)
		move(`DELETE FROM locations WHERE id = $1`, locID)
		if strings.Contains(nearNames(), fairOaks) {
			t.Fatal("a service of a deleted location is still found near it")
		}
		// The index holds exactly one point per service at a located
		// location, with that service's docid (SQLite) and coordinates.
		points := `SELECT ss.service_id || ' ' || CAST(CAST(((r.min_lat + r.max_lat) / 2) * 1000 AS INTEGER) AS TEXT) FROM service_rtree r
			JOIN service_search ss ON ss.docid = r.pid >> 20 ORDER BY 1`
		if db.Engine == store.Postgres {
			points = `SELECT service_id || ' ' || CAST(CAST(latitude * 1000 AS INTEGER) AS TEXT) FROM service_points ORDER BY 1`
		}
		want := `SELECT sal.service_id || ' ' || CAST(CAST(l.latitude * 1000 AS INTEGER) AS TEXT) FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
			WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL ORDER BY 1`
		list := func(q string) string { return strings.Join(column(t, db, q), "\n") }
		if got, w := list(points), list(want); got != w || w == "" {
			t.Fatalf("points:\n%s\nwant:\n%s", got, w)
		}
		if db.Engine == store.SQLite {
			// And service_points their coordinates (migration 17), by
			// which a search for words near a point reads them.
			points = `SELECT ss.service_id || ' ' || CAST(CAST(sp.latitude * 1000 AS INTEGER) AS TEXT) FROM service_points sp
				JOIN service_search ss ON ss.docid = sp.pid >> 20 ORDER BY 1`
			if got, w := list(points), list(want); got != w {
				t.Fatalf("service_points:\n%s\nwant:\n%s", got, w)
			}
		}
		// Paging is stable and the total holds past the last page.
		all, err := s.Search(ctx, directory.SearchQuery{Limit: 200})
		if err != nil || all.Total != 23 {
			t.Fatalf("all: %d %v", all.Total, err)
		}
		var paged []string
		for off := 0; off < all.Total; off += 5 {
			p, err := s.Search(ctx, directory.SearchQuery{Limit: 5, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, names(p)...)
		}
		if strings.Join(paged, "|") != strings.Join(names(all), "|") {
			t.Fatalf("pages differ from the whole:\n%v\n%v", paged, names(all))
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Limit: 5, Offset: 100}); err != nil || p.Total != 23 || len(p.Items) != 0 {
			t.Fatalf("past the end: %+v %v", p, err)
		}
		// Editing a service's organization re-indexes it (triggers).
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET name = 'Zanzibarian Helpers' WHERE id = (SELECT organization_id FROM services WHERE name = 'Fair Oaks Adult Activity Center')`); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "zanzibarian"}); err != nil || len(p.Items) == 0 || p.Items[0].OrganizationName != "Zanzibarian Helpers" {
			t.Fatalf("after rename: %+v %v", p, err)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM services WHERE name = 'Fair Oaks Adult Activity Center'`); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "Fair Oaks Adult Activity"}); err != nil || strings.Contains(strings.Join(names(p), "|"), "Fair Oaks Adult Activity Center") {
			t.Fatalf("after delete: %v %v", names(p), err)
		}
	})
}

func TestSearchFiltersSynthetic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 300, 7)
		cat, err := s.Search(ctx, directory.SearchQuery{Category: "food pantry", Limit: 200})
		if err != nil || cat.Total == 0 || cat.Total == 300 {
			t.Fatalf("category: %d %v", cat.Total, err)
		}
		lang, err := s.Search(ctx, directory.SearchQuery{Language: "es", Limit: 200})
		if err != nil || lang.Total == 0 || lang.Total == 300 {
			t.Fatalf("language: %d %v", lang.Total, err)
		}
		if byName, err := s.Search(ctx, directory.SearchQuery{Language: "Spanish"}); err != nil || byName.Total != lang.Total {
			t.Fatalf("language by name: %d vs %d", byName.Total, lang.Total)
		}
		area, err := s.Search(ctx, directory.SearchQuery{Area: "fresno"})
		if err != nil || area.Total == 0 || area.Total == 300 {
			t.Fatalf("area: %d %v", area.Total, err)
		}
		// A very common word: in most descriptions.
		common, err := s.Search(ctx, directory.SearchQuery{Text: "community"})
		if err != nil || common.Total < 200 || common.Capped {
			t.Fatalf("common: %d %v", common.Total, err)
		}
		both, err := s.Search(ctx, directory.SearchQuery{Text: "community", Category: "Food Pantry"})
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
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "zebrafish"}); err != nil || p.Total != 1 {
			t.Fatalf("zebrafish: %+v %v", p, err)
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "zebrafish", Category: termID}); err != nil || p.Total != 0 {
			t.Fatalf("a service is in a category by a word of its description: %+v %v", p, err)
		}
		if p, err := s.Search(ctx, directory.SearchQuery{Text: "pantry", Category: "no such category"}); err != nil || p.Total != 0 {
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
		open, err := s.Search(ctx, directory.SearchQuery{OpenNow: true, At: wed})
		if err != nil || open.Total == 0 || open.Total == 300 {
			t.Fatalf("open wednesday noon: %d %v", open.Total, err)
		}
		night, err := s.Search(ctx, directory.SearchQuery{OpenNow: true, At: time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC)})
		if err != nil || night.Total != 0 {
			t.Fatalf("open sunday 3am: %d %v", night.Total, err)
		}
		city := directory.SynthArea.Cities[0]
		near, err := s.Search(ctx, directory.SearchQuery{Category: "Food Pantry", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50, Sort: "distance"})
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
		if p, err := s.Search(ctx, directory.SearchQuery{Category: "no such category", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 50}); err != nil || p.Total != 0 || len(p.Items) != 0 {
			t.Fatalf("unknown category near: %+v %v", p, err)
		}
	})
}

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
		{directory.SearchQuery{Near: "Atlantis"}, "near"},      // nor city nor street
		{directory.SearchQuery{Near: "37.5, west"}, "near"},    // a latitude without a longitude
		{directory.SearchQuery{Text: "food\x00bank"}, "q"},     // a NUL, which no engine takes
		{directory.SearchQuery{Area: "San \xffMateo"}, "area"}, // not UTF-8
		{directory.SearchQuery{Near: "1,1", RadiusKm: -2}, "radius"},
		{directory.SearchQuery{Sort: "distance"}, "sort"},
		{directory.SearchQuery{Sort: "best"}, "sort"},
		{directory.SearchQuery{Text: strings.Repeat("x", 201)}, "q"},
	}
	for _, c := range cases {
		_, err := s.Search(context.Background(), c.q)
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

func TestHaversine(t *testing.T) {
	// San Francisco to Los Angeles is about 559 km.
	if d := directory.Haversine(37.7749, -122.4194, 34.0522, -118.2437); d < 555 || d > 563 {
		t.Fatalf("SF-LA = %.1f km", d)
	}
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
			p, err := s.Search(ctx, directory.SearchQuery{Text: "community", Lat: &lat, Lon: &lon, RadiusKm: 1})
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

// TestSearchResultDetails pins what a result shows beside the service: its
// location (the nearest to the point searched around, else the first by
// name), that location's physical address on one line and its
// coordinates, and the phones: the service's own (voice, then hotline, then
// the rest, by number), then the location's that belong to no service.
func TestSearchResultDetails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		f := func(v float64) *float64 { return &v }
		b := &hsds.Bundle{
			Organizations: []hsds.OrganizationRecord{{ID: "o1", Name: "Harbor Aid"}},
			Locations: []hsds.LocationRecord{
				{ID: "la", OrganizationID: "o1", Name: "Zeta Hall", Latitude: f(37.5), Longitude: f(-122.25)},
				{ID: "lb", OrganizationID: "o1", Name: "alpha Center", Latitude: f(37.6), Longitude: f(-122.4)},
				{ID: "lc", OrganizationID: "o1", Name: "Aardvark Annex"},
			},
			Addresses: []hsds.AddressRecord{
				{ID: "a1", LocationID: "la", Type: "postal", Address1: "PO Box 9", City: "San Mateo"},
				{ID: "a2", LocationID: "la", Type: "physical", Address1: "1 Main St", City: "San Mateo", StateProvince: "CA", PostalCode: "94401", Country: "US"},
				{ID: "a3", LocationID: "lb", Type: "physical", Address1: "2 Oak Ave", Address2: "Suite 4", City: "Burlingame", StateProvince: "CA", PostalCode: "94010", Country: "US"},
				{ID: "a4", LocationID: "lb", Type: "physical", Address1: "9 Back Lane", City: "Burlingame", StateProvince: "CA", PostalCode: "94010", Country: "US"},
			},
			Services: []hsds.ServiceRecord{
				{ID: "s1", OrganizationID: "o1", Name: "Harbor Pantry", Description: "Groceries every week", Status: "active"},
				{ID: "s2", OrganizationID: "o1", Name: "Harbor Pantry Shelter", Description: "Beds and a pantry", Status: "active"},
			},
			ServiceAtLocations: []hsds.ServiceAtLocationRecord{
				{ID: "x1", ServiceID: "s1", LocationID: "la"}, {ID: "x2", ServiceID: "s1", LocationID: "lb"},
				{ID: "x3", ServiceID: "s1", LocationID: "lc"}, {ID: "x4", ServiceID: "s2", LocationID: "lb"},
			},
			Phones: []hsds.PhoneRecord{
				{ID: "p1", ServiceID: "s1", Number: "650-555-0300", Type: "fax"},
				{ID: "p2", ServiceID: "s1", Number: "650-555-0100", Extension: "12", Type: "voice"},
				{ID: "p3", ServiceID: "s1", Number: "650-555-0200", Type: "hotline"},
				{ID: "p4", LocationID: "la", Number: "650-555-0400", Type: "voice"},
				{ID: "p5", LocationID: "lb", Number: "650-555-0500", Type: "voice"},
				{ID: "p6", ServiceID: "s2", LocationID: "lb", Number: "650-555-0600", Type: "voice"},
				{ID: "p7", OrganizationID: "o1", Number: "650-555-0700", Type: "voice"},
			},
			Records: []hsds.Record{
				{Table: "schedule", ID: "h1", Values: map[string]string{"service_id": "s1", "freq": "WEEKLY", "byday": "SA", "opens_at": "10:00", "closes_at": "12:00"}},
				{Table: "schedule", ID: "h2", Values: map[string]string{"location_id": "la", "freq": "WEEKLY", "byday": "MO,TU,WE", "opens_at": "09:00", "closes_at": "17:00"}},
				{Table: "schedule", ID: "h3", Values: map[string]string{"location_id": "lb", "freq": "WEEKLY", "byday": "TH", "opens_at": "13:00", "closes_at": "15:00"}},
				{Table: "schedule", ID: "h4", Values: map[string]string{"service_at_location_id": "x4", "freq": "WEEKLY", "byday": "FR", "opens_at": "08:00",
					"closes_at": "09:00", "description": "Shelter intake"}},
			},
		}
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		type shown struct {
			location, address string
			lat               *float64
			phones, hours     string
		}
		show := func(r directory.SearchResult) shown {
			var phones []string
			for _, p := range r.Phones {
				phones = append(phones, p.Number+"/"+p.Extension+"/"+p.Type)
			}
			return shown{r.LocationName, r.Address, r.Latitude, strings.Join(phones, " | "), strings.Join(r.Hours, " | ")}
		}
		own := "650-555-0100/12/voice | 650-555-0200//hotline | 650-555-0300//fax"
		// Hours: the service's own, and those of the location shown (the
		// location's, or the service's there).
		annex := shown{"Aardvark Annex", "", nil, own, "Sat 10:00–12:00"}
		zeta := shown{"Zeta Hall", "1 Main St, San Mateo, CA 94401", f(37.5), own + " | 650-555-0400//voice", "Mon–Wed 09:00–17:00 | Sat 10:00–12:00"}
		alpha1 := shown{"alpha Center", "2 Oak Ave, Suite 4, Burlingame, CA 94010", f(37.6), own + " | 650-555-0500//voice", "Thu 13:00–15:00 | Sat 10:00–12:00"}
		alpha2 := shown{"alpha Center", "2 Oak Ave, Suite 4, Burlingame, CA 94010", f(37.6), "650-555-0600//voice | 650-555-0500//voice",
			"Thu 13:00–15:00 | Fri 08:00–09:00: Shelter intake"}
		for _, c := range []struct {
			name   string
			q      directory.SearchQuery
			s1, s2 shown
		}{
			{"text", directory.SearchQuery{Text: "pantry"}, annex, alpha2},
			{"listed by name", directory.SearchQuery{}, annex, alpha2},
			{"text by name", directory.SearchQuery{Text: "pantry", Sort: "name"}, annex, alpha2},
			{"near Zeta Hall", directory.SearchQuery{Lat: f(37.5), Lon: f(-122.25), RadiusKm: 50, Sort: "distance"}, zeta, alpha2},
			{"text near Zeta Hall", directory.SearchQuery{Text: "pantry", Lat: f(37.5), Lon: f(-122.25), RadiusKm: 50}, zeta, alpha2},
			{"near alpha Center by name", directory.SearchQuery{Lat: f(37.6), Lon: f(-122.4), RadiusKm: 50, Sort: "name"}, alpha1, alpha2},
		} {
			p, err := s.Search(ctx, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := map[string]shown{}
			for _, r := range p.Items {
				got[r.ServiceID] = show(r)
			}
			for id, want := range map[string]shown{"s1": c.s1, "s2": c.s2} {
				g := got[id]
				if g.location != want.location || g.address != want.address || g.phones != want.phones || g.hours != want.hours ||
					(g.lat == nil) != (want.lat == nil) || (g.lat != nil && *g.lat != *want.lat) {
					t.Errorf("%s: %s shows %+v, want %+v", c.name, id, g, want)
				}
			}
		}
	})
}

// TestSearchChoices: the languages and service areas a search form offers
// are every distinct name in the directory, once whatever its case, in
// order; empty names are not offered.
func TestSearchChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b := synthStore(t, db, 200, 3)
		sid := b.Services[0].ID
		for _, q := range []string{
			`INSERT INTO languages (id, service_id, name, code) VALUES ('l-upper', '` + sid + `', 'SPANISH', 'es'), ('l-code', '` + sid + `', '', 'tl'), ('l-zulu', '` + sid + `', 'Zulu', 'zu')`,
			`INSERT INTO service_areas (id, service_id, name) VALUES ('a-lower', '` + sid + `', 'fresno'), ('a-none', '` + sid + `', ''), ('a-first', '` + sid + `', 'Aaa Valley')`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			table string
			list  func(context.Context) ([]string, error)
		}{{"languages", s.SearchLanguages}, {"service_areas", s.SearchAreas}} {
			got, err := c.list(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var want []string // every name, lower-cased, by a plain DISTINCT
			rows, err := db.QueryContext(ctx, `SELECT DISTINCT lower(name) FROM `+c.table+` WHERE name <> '' ORDER BY 1`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n string
				rows.Scan(&n)
				want = append(want, n)
			}
			rows.Close()
			lower := make([]string, len(got))
			for i, n := range got {
				lower[i] = strings.ToLower(n)
			}
			if len(want) < 3 || !slices.Equal(lower, want) {
				t.Fatalf("%s: %q, want (in any case) %q", c.table, got, want)
			}
		}
	})
}

// TestPlacePoint: a place is found among the directory's located addresses
// in each of its forms; its point is the median of theirs, which one
// address placed far away does not move; a postal code finds the addresses
// written with its extension (a ZIP+4), and no other code that starts with
// it; a street in two cities asks for the city; an address without
// coordinates places nothing.
func TestPlacePoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, err := s.CreateOrganization(ctx, actor, "", directory.OrganizationInput{Name: "Places", Description: "Has places."})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range []struct {
			street, city, state, zip string
			lat, lon                 any
		}{
			{"1 Main St", "Redwood City", "CA", "94063", 37.48, -122.23},
			{"2 Main St", "Redwood City", "CA", "94063", 37.49, -122.22},
			{"3 Elm St", "Redwood City", "CA", "94061", 37.47, -122.24},
			{"4 Oak St", "Redwood City", "CA", "94061", 40.0, -110.0}, // placed far away by mistake
			{"1 Main St", "Daly City", "CA", "94014", 37.70, -122.47},
			{"9 Unplaced Way", "Pacifica", "CA", "94044", nil, nil},
			{"5 Pine St", "Atherton", "CA", "94027-4321", 37.46, -122.20}, // a ZIP+4
			{"6 Pine St", "Atherton", "CA", "940270", 37.0, -121.0},       // another code that starts with it
		} {
			id := fmt.Sprintf("%s-l%d", o.ID, i)
			if _, err := db.ExecContext(ctx, `INSERT INTO locations (id, organization_id, name, latitude, longitude) VALUES ($1, $2, $3, $4, $5)`,
				id, o.ID, a.street, a.lat, a.lon); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO addresses (id, location_id, address_1, city, state_province, postal_code, country, address_type)
				VALUES ($1, $2, $3, $4, $5, $6, 'US', 'physical')`, id+"-a", id, a.street, a.city, a.state, a.zip); err != nil {
				t.Fatal(err)
			}
		}
		for place, want := range map[string][2]float64{
			"94063":                   {37.485, -122.225},
			"Redwood City":            {37.485, -122.225}, // the median of four, the far one left aside
			"redwood city, ca":        {37.485, -122.225},
			"3 ELM ST":                {37.47, -122.24},
			"1 Main St, Daly City":    {37.70, -122.47},
			"1 main st, redwood city": {37.48, -122.23},
			"94027":                   {37.46, -122.20}, // found with its extension
			"94027-4321":              {37.46, -122.20},
		} {
			lat, lon, ok, err := s.PlacePoint(ctx, place)
			if err != nil || !ok || math.Abs(lat-want[0]) > 1e-9 || math.Abs(lon-want[1]) > 1e-9 {
				t.Errorf("%q: %v %v %v,%v, want %v", place, err, ok, lat, lon, want)
			}
		}
		_, _, _, err = s.PlacePoint(ctx, "1 Main St")
		var v *errs.ValidationError
		if !errors.As(err, &v) || !strings.Contains(v.Fields["near"], "more than one city (Daly City, Redwood City)") {
			t.Errorf("a street in two cities: %v", err)
		}
		for _, place := range []string{"Pacifica", "9 Unplaced Way", "Atlantis", "1 Main St, Pacifica", "9402", "94027-43"} {
			if _, _, ok, err := s.PlacePoint(ctx, place); ok || err != nil {
				t.Errorf("%q: found %v, %v", place, ok, err)
			}
		}
	})
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
			_, err := s.Search(ctx, directory.SearchQuery{Text: text, Category: category, Language: language, Area: area, Near: near, Sort: sort})
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
