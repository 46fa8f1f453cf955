package directory_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestSearchTotalsAndPaging checks the counts a search reports past
// SearchTotalCap and that pages cut from one order, ties included, on a
// directory larger than the cap.
func TestSearchTotalsAndPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 1300, 3)
		all, err := s.CountServices(ctx)
		if err != nil || all <= directory.SearchTotalCap {
			t.Fatalf("services: %d %v", all, err)
		}
		// Listing everything is counted only up to the cap: "more than 1000".
		p, err := s.Search(ctx, actor, directory.SearchQuery{})
		if err != nil || !p.Capped || p.Total != directory.SearchTotalCap || len(p.Items) != directory.DefaultSearchLimit {
			t.Fatalf("all: total %d capped %v items %d %v", p.Total, p.Capped, len(p.Items), err)
		}
		// Further than the cap, the count follows the page asked for.
		p, err = s.Search(ctx, actor, directory.SearchQuery{Offset: 1100, Limit: 50})
		if err != nil || !p.Capped || p.Total != 1151 || len(p.Items) != 50 {
			t.Fatalf("deep page: total %d capped %v items %d %v", p.Total, p.Capped, len(p.Items), err)
		}
		// The last page and past it are counted exactly.
		p, err = s.Search(ctx, actor, directory.SearchQuery{Offset: all - 5, Limit: 50})
		if err != nil || p.Capped || p.Total != all || len(p.Items) != 5 {
			t.Fatalf("last page: total %d capped %v items %d %v", p.Total, p.Capped, len(p.Items), err)
		}
		p, err = s.Search(ctx, actor, directory.SearchQuery{Offset: all + 10})
		if err != nil || !p.Capped && p.Total != all || len(p.Items) != 0 {
			t.Fatalf("past the end: total %d capped %v %v", p.Total, p.Capped, err)
		}
		// Text is counted exactly: a word in most services.
		p, err = s.Search(ctx, actor, directory.SearchQuery{Text: "community"})
		if err != nil || p.Capped || p.RankedCapped || p.Total <= directory.SearchTotalCap || p.Total >= all {
			t.Fatalf("common word: total %d capped %v %v", p.Total, p.Capped, err)
		}
		var exact int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM services WHERE lower(description) LIKE '%community%'
			OR lower(name) LIKE '%community%' OR lower(eligibility_description) LIKE '%community%'
			OR organization_id IN (SELECT id FROM organizations WHERE lower(name) LIKE '%community%')`).Scan(&exact); err != nil {
			t.Fatal(err)
		}
		if p.Total != exact {
			t.Fatalf("common word: total %d, %d services hold the word", p.Total, exact)
		}
		// Archived organizations' services are neither found nor counted.
		var org string
		var theirs int
		if err := db.QueryRowContext(ctx, `SELECT o.id, COUNT(*) FROM organizations o JOIN services sv ON sv.organization_id = o.id
			WHERE lower(sv.description) LIKE '%community%' GROUP BY o.id ORDER BY COUNT(*) DESC, o.id LIMIT 1`).Scan(&org, &theirs); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET archived_at = $1 WHERE id = $2`, "2026-01-01 00:00:00", org); err != nil {
			t.Fatal(err)
		}
		q, err := s.Search(ctx, actor, directory.SearchQuery{Text: "community", Limit: 100})
		if err != nil || q.Total != p.Total-theirs {
			t.Fatalf("archived: total %d, want %d - %d (%v)", q.Total, p.Total, theirs, err)
		}
		for _, r := range q.Items {
			if r.OrganizationID == org {
				t.Fatalf("archived organization's service found: %+v", r)
			}
		}
		// Pages cut from one stable order, for each sort.
		city := directory.SynthArea.Cities[0]
		for _, base := range []directory.SearchQuery{
			{Text: "community"},
			{Text: "pantry meals"},
			{Text: "community", Category: "Food Pantry"},
			{Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 40, Sort: "distance"},
			{Text: "community", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 40},
			{Text: "community", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 40, Sort: "relevance"},
			{Category: "Meals"},
		} {
			whole := base
			whole.Limit = 120
			want, err := s.Search(ctx, actor, whole)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for off := 0; off < 120; off += 7 {
				page := base
				page.Limit, page.Offset = 7, off
				p, err := s.Search(ctx, actor, page)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != want.Total || p.Capped != want.Capped {
					t.Fatalf("%+v at %d: total %d/%v, whole %d/%v", base, off, p.Total, p.Capped, want.Total, want.Capped)
				}
				for _, r := range p.Items {
					got = append(got, r.ServiceID)
				}
			}
			got = got[:min(len(got), 120)]
			var ids []string
			for _, r := range want.Items {
				ids = append(ids, r.ServiceID)
			}
			if !reflect.DeepEqual(got, ids) {
				t.Fatalf("%+v: pages differ from the whole (%d vs %d results)", base, len(got), len(ids))
			}
			for i := 1; i < len(want.Items); i++ {
				a, b := want.Items[i-1], want.Items[i]
				var out bool
				switch {
				case base.Sort == "relevance":
					out = a.Score < b.Score || a.Score == b.Score && a.ServiceID >= b.ServiceID
				case base.Lat != nil: // by distance, the default near a point
					out = *a.DistanceKm > *b.DistanceKm || *a.DistanceKm == *b.DistanceKm && a.ServiceID >= b.ServiceID
				case base.Sort == "" && base.Text != "":
					out = a.Score < b.Score || a.Score == b.Score && a.ServiceID >= b.ServiceID
				}
				if out {
					t.Fatalf("%+v: out of order at %d: %+v then %+v", base, i, a, b)
				}
			}
		}
	})
}

// TestSaveBundleLarge imports a synthetic directory twice, changed, in
// batches, and checks that the search index follows and that a record at
// fault is still named.
func TestSaveBundleLarge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		b := directory.Synthesize(directory.SynthOptions{Services: 1500, Seed: 5})
		c, err := s.SaveBundle(ctx, actor, b)
		if err != nil {
			t.Fatal(err)
		}
		if c.Services != 1500 || c.Organizations != len(b.Organizations) || c.Phones != len(b.Phones) {
			t.Fatalf("counts %+v", c)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM services`).Scan(&n); err != nil || n != 1500 {
			t.Fatalf("services saved: %d %v", n, err)
		}
		// Every service is indexed once.
		p, err := s.Search(ctx, actor, directory.SearchQuery{Text: b.Services[1234].Name})
		if err != nil || p.Total == 0 {
			t.Fatalf("service by name: %+v %v", p, err)
		}
		before, err := s.Search(ctx, actor, directory.SearchQuery{Text: "community"})
		if err != nil {
			t.Fatal(err)
		}
		// A second import, with a service renamed, a term renamed and a
		// record given twice (the later one wins), updates by id.
		b.Services[1234].Name = "Quokka Outreach"
		b.Services = append(b.Services, b.Services[10])
		b.Services[len(b.Services)-1].Name = "Wombat Pantry"
		for i, r := range b.Records {
			if r.Table == "taxonomy_term" && r.Values["name"] == "Dental Care" {
				b.Records[i].Values = map[string]string{}
				for k, v := range r.Values {
					b.Records[i].Values[k] = v
				}
				b.Records[i].Values["name"] = "Platypus Dentistry"
			}
		}
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM services`).Scan(&n); err != nil || n != 1500 {
			t.Fatalf("services after the second import: %d %v", n, err)
		}
		for word, want := range map[string]string{"quokka": b.Services[1234].ID, "wombat": b.Services[10].ID} {
			p, err := s.Search(ctx, actor, directory.SearchQuery{Text: word})
			if err != nil || p.Total != 1 || p.Items[0].ServiceID != want {
				t.Fatalf("%s: %+v %v", word, p, err)
			}
		}
		// Re-indexed services are in the index once.
		sq := directory.SearchQuery{Text: "community"}
		if after, err := s.Search(ctx, actor, sq); err != nil || after.Total != before.Total {
			t.Fatalf("common word after re-import: %d, before %d (%v)", after.Total, before.Total, err)
		}
		dental, err := s.Search(ctx, actor, directory.SearchQuery{Text: "platypus"})
		if err != nil || dental.Total == 0 {
			t.Fatalf("renamed term: %+v %v", dental, err)
		}
		// The index is current again for the writes after an import.
		if _, err := db.ExecContext(ctx, `UPDATE services SET name = 'Echidna Help' WHERE id = $1`, b.Services[5].ID); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Search(ctx, actor, directory.SearchQuery{Text: "echidna"}); err != nil || p.Total != 1 {
			t.Fatalf("edit after import: %+v %v", p, err)
		}
		// (An organization named like another is not refused: names are not
		// unique in HSDS; TestQualityFixtureImports.)
		big := directory.Synthesize(directory.SynthOptions{Services: 2200, Seed: 5})
		bad := *big
		// A service of an organization found nowhere is named by its row.
		bad.Services = slices.Clone(big.Services)
		bad.Services[1100].OrganizationID = "no-such-organization"
		if _, err = s.SaveBundle(ctx, actor, &bad); err == nil || !strings.Contains(err.Error(), bad.Services[1100].Source) {
			t.Fatalf("unknown organization: %v", err)
		}
		// A phone that the database refuses (its foreign key) is named by
		// its row.
		bad = *big
		bad.Phones = slices.Clone(big.Phones)
		bad.Phones[700].ServiceID = "no-such-service"
		_, err = s.SaveBundle(ctx, actor, &bad)
		if err == nil || !strings.Contains(err.Error(), bad.Phones[700].Source+": save phone") {
			t.Fatalf("phone: %v", err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM services`).Scan(&n); err != nil || n != 1500 {
			t.Fatalf("services after refused imports: %d %v", n, err)
		}
	})
}

// TestSearchDocumentsInPlaceOrder: on PostgreSQL a bulk import writes the
// services' search documents in order of place (the 0.1° cell of their
// points), so that a city's documents share table pages.
func TestSearchDocumentsInPlaceOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Engine != store.Postgres {
			t.Skip("SQLite's index is by docid, written in the services' order")
		}
		ctx := context.Background()
		b := directory.Synthesize(directory.SynthOptions{Services: 400, Seed: 8})
		if _, err := directory.NewStore(db).SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		rows, err := db.QueryContext(ctx, `SELECT (SELECT min(floor((l.latitude + 90) / 0.1) * 100000 + floor((l.longitude + 180) / 0.1))
			FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id WHERE sal.service_id = ss.service_id)
			FROM service_search ss ORDER BY ss.ctid`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var keys []*float64
		for rows.Next() {
			var k *float64
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		if err := rows.Err(); err != nil || len(keys) != 400 {
			t.Fatalf("%d documents: %v", len(keys), err)
		}
		// PostgreSQL puts a row that fits into room left on an earlier
		// page, so the order is kept page by page, nearly: count the
		// documents placed before one of an earlier cell.
		back := 0
		for i := 1; i < len(keys); i++ {
			a, b := keys[i-1], keys[i]
			if a == nil && b != nil || a != nil && b != nil && *a > *b {
				back++
			}
		}
		if back > len(keys)/20 {
			t.Fatalf("%d of %d documents come after one of a later cell", back, len(keys))
		}
	})
}

// TestPointCoordinatesMigration: a SQLite directory written at migration
// 16, whose points have no coordinates of their own, gets them from
// migration 17, whose triggers then write them; a search for words near a
// point, which reads them, finds the services within the radius by their
// nearest point, before and after a location moves.
func TestPointCoordinatesMigration(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateTo(ctx, 16); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	freshExec(t, db, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('o1', 'Harbor Aid', $1, $1)`, now)
	for _, s := range [][2]string{{"s1", "Veterans Legal Clinic"}, {"s2", "Veterans Food Pantry"}, {"s3", "Veterans Housing Desk"}} {
		freshExec(t, db, `INSERT INTO services (id, organization_id, name, status, created_at, updated_at) VALUES ($1, 'o1', $2, 'active', $3, $3)`, s[0], s[1], now)
	}
	// s1 in Los Angeles and San Francisco, s2 1.5 km from the first, s3 at
	// a location without coordinates.
	freshExec(t, db, `INSERT INTO locations (id, organization_id, latitude, longitude) VALUES ('l1', 'o1', 34.05, -118.24), ('l2', 'o1', 37.77, -122.42),
		('l3', 'o1', 34.06, -118.25), ('l4', 'o1', NULL, NULL)`)
	freshExec(t, db, `INSERT INTO service_at_locations (id, service_id, location_id) VALUES ('a1', 's1', 'l2'), ('a2', 's1', 'l1'), ('a3', 's2', 'l3'), ('a4', 's3', 'l4')`)
	if applied, err := db.Migrate(ctx); err != nil || len(applied) == 0 || applied[0].Version != 17 {
		t.Fatalf("migrate from 16: %v %v", applied, err)
	}
	points := func() string {
		t.Helper()
		return strings.Join(column(t, db, `SELECT sal_id || ' ' || CASE WHEN latitude IS NULL OR longitude IS NULL THEN 'none'
			ELSE printf('%g,%g', latitude, longitude) END FROM service_points ORDER BY sal_id`), " | ")
	}
	if got, want := points(), "a1 37.77,-122.42 | a2 34.05,-118.24 | a3 34.06,-118.25"; got != want {
		t.Fatalf("points after migration 17:\n%s\nwant\n%s", got, want)
	}
	s := directory.NewStore(db)
	near := func() string {
		t.Helper()
		lat, lon := 34.05, -118.24
		sq := directory.SearchQuery{Text: "veterans", Lat: &lat, Lon: &lon, RadiusKm: 10, Sort: "distance"}
		p, err := s.Search(ctx, actor, sq)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range p.Items {
			out = append(out, fmt.Sprintf("%s %.1f", r.ServiceID, *r.DistanceKm))
		}
		slices.Sort(out) // equal distances go by score
		return strings.Join(out, " | ")
	}
	if got, want := near(), "s1 0.0 | s2 1.4"; got != want {
		t.Fatalf("near after migration 17: %s, want %s", got, want)
	}
	// Written from then on by the triggers: a location moved away, a
	// service put at a located location.
	freshExec(t, db, `UPDATE locations SET latitude = 36.0 WHERE id = 'l3'`)
	freshExec(t, db, `INSERT INTO service_at_locations (id, service_id, location_id) VALUES ('a5', 's3', 'l1')`)
	if got, want := points(), "a1 37.77,-122.42 | a2 34.05,-118.24 | a3 36,-118.25 | a5 34.05,-118.24"; got != want {
		t.Fatalf("points after edits:\n%s\nwant\n%s", got, want)
	}
	if got, want := near(), "s1 0.0 | s3 0.0"; got != want {
		t.Fatalf("near after edits: %s, want %s", got, want)
	}
}

// TestSearchNearFilters checks that near a point, with words, a category or
// neither, every other filter keeps exactly the results that pass it alone
// (each search shape applies them in its own statement), and that an
// archived organization's services are not found.
func TestSearchNearFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 1500, 7)
		every := func(q directory.SearchQuery) map[string]bool {
			t.Helper()
			p, err := searchAll(ctx, s, q)
			if err != nil {
				t.Fatal(err)
			}
			return resultIDs(p)
		}
		city := directory.SynthArea.Cities[0]
		wednesday := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
		shapes := map[string]directory.SearchQuery{
			"text near":     {Text: "community", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 400},
			"category near": {Category: "Food Pantry", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 400},
			"near":          {Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 400},
		}
		filters := map[string]func(q *directory.SearchQuery){
			"language": func(q *directory.SearchQuery) { q.Language = "Spanish" },
			"area":     func(q *directory.SearchQuery) { q.Area = city.Name },
			"open now": func(q *directory.SearchQuery) { q.OpenNow, q.At = true, wednesday },
		}
		passing := map[string]map[string]bool{} // each filter alone, read once
		for fname, set := range filters {
			alone := directory.SearchQuery{}
			set(&alone)
			passing[fname] = every(alone)
		}
		for name, shape := range shapes {
			base := every(shape)
			for fname, set := range filters {
				pass := passing[fname]
				q := shape
				set(&q)
				got := every(q)
				want := 0
				for id := range base {
					if pass[id] {
						want++
						if !got[id] {
							t.Fatalf("%s, %s: %s passes both, not found", name, fname, id)
						}
					}
				}
				if len(got) != want || want == 0 || want == len(base) {
					t.Fatalf("%s, %s: %d results, want %d of %d", name, fname, len(got), want, len(base))
				}
			}
		}
		// An organization archived: its services are found no more.
		var org, service string
		for id := range every(shapes["text near"]) {
			service = id
			break
		}
		if err := db.QueryRowContext(ctx, `SELECT organization_id FROM services WHERE id = $1`, service).Scan(&org); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetArchived(ctx, actor, org, true); err != nil {
			t.Fatal(err)
		}
		for name, shape := range shapes {
			if shape.Category != "" {
				continue // the service may not be in the category
			}
			if every(shape)[service] {
				t.Fatalf("%s: a service of an archived organization is found", name)
			}
		}
	})
}

// TestSearchFilterOwners checks the ways a schedule (the service's own, its
// location's, its service at a location's) and a language (the service's
// own, its location's) make a service pass "open now" and the language
// filter, in a listing, near a point and with words near a point.
func TestSearchFilterOwners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 120, 3)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// Three services, each at a location of its own (no other
		// service there), near the first city.
		rows, err := db.QueryContext(ctx, `SELECT sal.service_id, sal.id, sal.location_id FROM service_at_locations sal
			WHERE (SELECT COUNT(*) FROM service_at_locations o WHERE o.location_id = sal.location_id) = 1
			AND (SELECT COUNT(*) FROM service_at_locations o WHERE o.service_id = sal.service_id) = 1 ORDER BY sal.id LIMIT 3`)
		if err != nil {
			t.Fatal(err)
		}
		var svc, sal, loc []string
		for rows.Next() {
			var a, b, c string
			if err := rows.Scan(&a, &b, &c); err != nil {
				t.Fatal(err)
			}
			svc, sal, loc = append(svc, a), append(sal, b), append(loc, c)
		}
		rows.Close()
		if len(svc) != 3 {
			t.Fatalf("services alone at their locations: %d", len(svc))
		}
		city := directory.SynthArea.Cities[0]
		exec(`DELETE FROM schedules`)
		exec(`DELETE FROM languages WHERE code <> 'en'`)
		exec(`UPDATE locations SET latitude = $1, longitude = $2 WHERE id IN ($3, $4, $5)`, city.Lat, city.Lon, loc[0], loc[1], loc[2])
		exec(`UPDATE services SET description = description || ' zeppelin' WHERE id IN ($1, $2, $3)`, svc[0], svc[1], svc[2])
		open := `INSERT INTO schedules (id, %s, freq, byday, opens_at, closes_at) VALUES ($1, $2, 'WEEKLY', 'MO,WE', '09:00', '17:00')`
		exec(fmt.Sprintf(open, "service_id"), "s1", svc[0])
		exec(fmt.Sprintf(open, "location_id"), "s2", loc[1])
		exec(fmt.Sprintf(open, "service_at_location_id"), "s3", sal[2])
		exec(`INSERT INTO languages (id, service_id, code, name) VALUES ('l1', $1, 'tl', 'Tagalog')`, svc[0])
		exec(`INSERT INTO languages (id, location_id, code, name) VALUES ('l2', $1, 'tl', 'Tagalog')`, loc[1])
		wednesday := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
		for _, shape := range []directory.SearchQuery{
			{},
			{Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 5},
			{Text: "zeppelin", Lat: &city.Lat, Lon: &city.Lon, RadiusKm: 5},
			{Text: "zeppelin"},
		} {
			for _, c := range []struct {
				set  func(q *directory.SearchQuery)
				want []string
			}{
				{func(q *directory.SearchQuery) { q.OpenNow, q.At = true, wednesday }, svc},
				{func(q *directory.SearchQuery) { q.OpenNow, q.At = true, wednesday.AddDate(0, 0, 1) }, nil},
				{func(q *directory.SearchQuery) { q.Language = "tagalog" }, svc[:2]},
			} {
				q := shape
				c.set(&q)
				q.Limit = 200
				p, err := s.Search(ctx, actor, q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range p.Items {
					got = append(got, r.ServiceID)
				}
				slices.Sort(got)
				want := slices.Clone(c.want)
				slices.Sort(want)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%+v: %v, want %v", q, got, want)
				}
			}
		}
	})
}
