package directory_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

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

// ohanaStore is a store holding the real San Mateo County sample.
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
		p, err := s.Search(ctx, actor, q)
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
		p, err := s.Search(ctx, actor, directory.SearchQuery{Text: "meals"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total == 0 || !strings.Contains(strings.Join(names(p), "|"), "Meal") {
			t.Fatalf("meals: %v", names(p))
		}
		p, err = s.Search(ctx, actor, directory.SearchQuery{Text: "counseling older adults"})
		if err != nil || p.Total == 0 {
			t.Fatalf("counseling: %v %v", p, err)
		}
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i].Score > p.Items[i-1].Score {
				t.Fatalf("not ranked: %+v", p.Items)
			}
		}
		// Accents and case do not matter; stop words and punctuation are no syntax.
		sq := directory.SearchQuery{Text: `"COUNSÉLING" AND (the) -`}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total == 0 {
			t.Fatalf("diacritics: %v %v", p, err)
		}
		// Near Redwood City's Fair Oaks center (2600 Middlefield Road), by
		// point and by the directory's own postal code, sorted by distance.
		for _, near := range []string{"37.4772,-122.2132", "94063"} {
			p, err = s.Search(ctx, actor, directory.SearchQuery{Near: near, RadiusKm: 5, Sort: "distance", Limit: 50})
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
		sq = directory.SearchQuery{Near: "Redwood City", RadiusKm: 10, Limit: 50}
		if p, err := s.Search(ctx, actor, sq); err != nil || len(p.Items) < 3 ||
			!slices.IsSortedFunc(p.Items, func(a, b directory.SearchResult) int { return cmp.Compare(*a.DistanceKm, *b.DistanceKm) }) {
			t.Fatalf("near without words: not nearest first: %v %+v", err, p)
		}
		if _, _, ok, err := s.PlacePoint(ctx, "2600 Middlefield Road, Daly City"); ok || err != nil {
			t.Fatalf("a street in another city is found: %v %v", ok, err)
		}
		sq = directory.SearchQuery{Near: "Redwood City, CA", RadiusKm: 5, Sort: "distance"}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total == 0 || p.NearLat == nil {
			t.Fatalf("near a city: %+v %v", p, err)
		}
		far, err := s.Search(ctx, actor, directory.SearchQuery{Near: "37.4772,-122.2132", RadiusKm: 100, Limit: 200})
		if err != nil || far.Total <= p.Total {
			t.Fatalf("100 km finds no more than 5 km: %d vs %d (%v)", far.Total, p.Total, err)
		}
		// Text and near together.
		sq = directory.SearchQuery{Text: "counseling", Near: "94063", RadiusKm: 30}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total == 0 || p.Items[0].DistanceKm == nil {
			t.Fatalf("text near: %+v %v", p, err)
		}
		// The spatial index follows the locations (triggers): a location
		// moved away is no longer near, moved back it is, one without
		// coordinates or deleted is gone.
		nearNames := func() string {
			t.Helper()
			p, err := s.Search(ctx, actor, directory.SearchQuery{Near: "37.4772,-122.2132", RadiusKm: 5, Limit: 50})
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
		sq = directory.SearchQuery{Text: "Fair Oaks Adult Activity", Near: la, RadiusKm: 2}
		p, err = s.Search(ctx, actor, sq)
		if err != nil || !strings.Contains("|"+strings.Join(names(p), "|")+"|", fairOaks) {
			t.Fatalf("words near Los Angeles: %v %v", names(p), err)
		}
		category := "zz-senior-centers"
		move(`INSERT INTO taxonomy_terms (id, name) VALUES ($1, 'Senior Centers (test)')`, category)
		move(`INSERT INTO attributes (id, link_id, taxonomy_term_id, link_type, link_entity) SELECT 'zz-attr', id, $1, 'service', 'service' FROM services WHERE name = 'Fair Oaks Adult Activity Center'`, category)
		sq = directory.SearchQuery{Category: category, Near: la, RadiusKm: 2}
		p, err = s.Search(ctx, actor, sq)
		if err != nil || !strings.Contains("|"+strings.Join(names(p), "|")+"|", fairOaks) {
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
		// Paging is stable and the total holds past the last page. (23
		// services, one of them defunct: a search leaves it out.)
		all, err := s.Search(ctx, actor, directory.SearchQuery{Limit: 200})
		if err != nil || all.Total != 22 {
			t.Fatalf("all: %d %v", all.Total, err)
		}
		var paged []string
		for off := 0; off < all.Total; off += 5 {
			p, err := s.Search(ctx, actor, directory.SearchQuery{Limit: 5, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, names(p)...)
		}
		if strings.Join(paged, "|") != strings.Join(names(all), "|") {
			t.Fatalf("pages differ from the whole:\n%v\n%v", paged, names(all))
		}
		sq = directory.SearchQuery{Limit: 5, Offset: 100}
		if p, err := s.Search(ctx, actor, sq); err != nil || p.Total != 22 || len(p.Items) != 0 {
			t.Fatalf("past the end: %+v %v", p, err)
		}
		// Editing a service's organization re-indexes it (triggers).
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET name = 'Zanzibarian Helpers' WHERE id = (SELECT organization_id FROM services WHERE name = 'Fair Oaks Adult Activity Center')`); err != nil {
			t.Fatal(err)
		}
		sq = directory.SearchQuery{Text: "zanzibarian"}
		p, err = s.Search(ctx, actor, sq)
		if err != nil || len(p.Items) == 0 || p.Items[0].OrganizationName != "Zanzibarian Helpers" {
			t.Fatalf("after rename: %+v %v", p, err)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM services WHERE name = 'Fair Oaks Adult Activity Center'`); err != nil {
			t.Fatal(err)
		}
		sq = directory.SearchQuery{Text: "Fair Oaks Adult Activity"}
		p, err = s.Search(ctx, actor, sq)
		if err != nil || strings.Contains(strings.Join(names(p), "|"), "Fair Oaks Adult Activity Center") {
			t.Fatalf("after delete: %v %v", names(p), err)
		}
	})
}
