package directory_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/filetest"
	"backbone/internal/testutil/storetest"
)

// snapshot is what an import may change, to check that a failed one changed nothing.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		`SELECT COUNT(*) FROM organizations`, `SELECT COALESCE(SUM(version), 0) FROM organizations`, `SELECT COUNT(*) FROM locations`,
		`SELECT COUNT(*) FROM addresses`, `SELECT COUNT(*) FROM phones`, `SELECT COUNT(*) FROM services`,
		`SELECT COUNT(*) FROM service_at_locations`, `SELECT COUNT(*) FROM audit_events`,
	} {
		var n string
		if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, " ")
}

func TestSaveBundle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		b := readPath(t, sample)
		// Every table Ohana's layout carries is kept: programs, the taxonomy and
		// the services' terms, schedules (11 regular, 4 holiday), contacts,
		// the lists written in one cell, and the keywords (97 terms of a
		// taxonomy of their own, 157 of the attributes).
		want := directory.Counts{
			Organizations:      8,
			Locations:          22,
			Addresses:          42,
			Phones:             54,
			Services:           23,
			ServiceAtLocations: 23,
			Taxonomies:         3,
			TaxonomyTerms:      390,
			Programs:           1,
			Accessibility:      41,
			Contacts:           31,
			Languages:          32,
			Schedules:          15,
			ServiceAreas:       32,
			RequiredDocuments:  1,
			Fundings:           56,
			Attributes:         166,
		}
		c, err := s.SaveBundle(ctx, actor, b)
		if err != nil || c != want {
			t.Fatalf("first import: %v %+v", err, c)
		}
		first := snapshot(t, db)
		if first != "8 8 22 42 54 23 23 1" {
			t.Fatalf("after the first import: %s", first)
		}
		// Backbone's own fields survive a re-import, which adds nothing.
		pfs := hsds.OhanaID("organizations", "1")
		o, err := s.Organization(ctx, pfs)
		if err != nil {
			t.Fatal(err)
		}
		in := directory.InputOf(o)
		in.Mission, in.Sectors = "Support for children, families and older adults.", []string{"older adults"}
		if _, err := s.UpdateOrganization(ctx, actor, pfs, o.Version, in); err != nil {
			t.Fatal(err)
		}
		if c, err := s.SaveBundle(ctx, actor, readPath(t, sample)); err != nil || c != want {
			t.Fatalf("second import: %v %+v", err, c)
		}
		if got := snapshot(t, db); got != "8 9 22 42 54 23 23 3" {
			t.Fatalf("after the second import: %s", got)
		}
		o, err = s.Organization(ctx, pfs)
		if err != nil || o.Mission != in.Mission || len(o.Sectors) != 1 || o.Version != 2 || o.ServiceCount != 5 {
			t.Fatalf("after re-import: %v %+v", err, o)
		}
		if n, err := s.CountServices(ctx); err != nil || n != 23 {
			t.Fatalf("CountServices = %d, %v", n, err)
		}
		// An archived organization's services are not counted.
		if _, err := s.SetArchived(ctx, actor, pfs, true); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountServices(ctx); err != nil || n != 23-5 {
			t.Fatalf("CountServices with %s archived = %d, %v", pfs, n, err)
		}
		if _, err := s.SetArchived(ctx, actor, pfs, false); err != nil {
			t.Fatal(err)
		}
		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "directory"})
		if err != nil || len(events) != 2 || events[0].Action != "import" ||
			!strings.Contains(events[0].Summary, "23 services") {
			t.Fatalf("audit: %v %+v", err, events)
		}

		services, err := s.ServicesOf(ctx, actor, pfs)
		if err != nil || len(services) != 5 {
			t.Fatalf("ServicesOf: %v %d", err, len(services))
		}
		if sv := services[1]; sv.Name != "Fair Oaks Adult Activity Center" || sv.Status != "active" || sv.WaitTime != "No wait." ||
			len(sv.LocationNames) != 1 || sv.LocationNames[0] != "Fair Oaks Adult Activity Center" ||
			!strings.HasPrefix(sv.Fees, "$2.50") {
			t.Fatalf("service %+v", sv)
		}
		locations, err := s.LocationsOf(ctx, actor, pfs)
		if err != nil || len(locations) != 5 {
			t.Fatalf("LocationsOf: %v %d", err, len(locations))
		}
		l := locations[1]
		if l.Name != "Fair Oaks Adult Activity Center" || l.Latitude == nil || *l.Latitude != 37.477227 ||
			*l.Longitude != -122.213221 {
			t.Fatalf("location %+v", l)
		}
		if len(l.Addresses) != 2 || l.Addresses[0].Type != "physical" ||
			l.Addresses[0].Oneline() != "2600 Middlefield Road, Redwood City, CA 94063" ||
			l.Addresses[1].Oneline() != "Fair Oaks Intergenerational Center, 2600 Middlefield Road, Redwood City, CA 94063" {
			t.Fatalf("addresses %+v", l.Addresses)
		}
		if len(l.Phones) != 2 || l.Phones[0] != (directory.Phone{Number: "650 780-7525", Type: "voice"}) ||
			l.Phones[1].Type != "fax" {
			t.Fatalf("phones %+v", l.Phones)
		}
		if s, err := s.ServicesOf(ctx, actor, "no-such-id"); err != nil || len(s) != 0 {
			t.Fatalf("services of nobody: %v %v", err, s)
		}
	})
}

func TestSaveBundleAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		if _, err := s.SaveBundle(ctx, actor, readPath(t, sample)); err != nil {
			t.Fatal(err)
		}
		// Another organization takes a name the source uses: names are not
		// unique (HSDS says so), so the import goes through, and the
		// data-quality report lists the two.
		o, err := s.Organization(ctx, hsds.OhanaID("organizations", "5"))
		if err != nil {
			t.Fatal(err)
		}
		in := directory.InputOf(o)
		in.Name = "Samaritan House of San Mateo"
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, 0, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateOrganization(ctx, actor, "", input("SAMARITAN HOUSE")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveBundle(ctx, actor, readPath(t, sample)); err != nil {
			t.Fatalf("a name another organization has: %v", err)
		}
		var same int
		err = db.QueryRow(`SELECT COUNT(*) FROM organizations WHERE lower(name) = 'samaritan house'`).Scan(&same)
		if err != nil ||
			same != 2 {
			t.Fatalf("organizations named Samaritan House: %d %v", same, err)
		}
		before := snapshot(t, db)
		// A record that fails in the database, after others were written,
		// takes the whole import back with it.
		b := readPath(t, sample)
		b.Phones[len(b.Phones)-1].LocationID = directory.NewID()
		b.Organizations = b.Organizations[:4]
		if _, err := s.SaveBundle(ctx, actor, b); err == nil ||
			!strings.HasPrefix(err.Error(), "phones.csv row 55: save phone") {
			t.Fatalf("dangling phone: %v", err)
		}
		if got := snapshot(t, db); got != before {
			t.Fatalf("a failed import wrote: %s, was %s", got, before)
		}
		// A broken file is refused before anything is written.
		broken := filetest.Zip(t, sample, "", "locations.csv", "37.477227,", "north,")
		dir, err := zip.NewReader(bytes.NewReader(broken), int64(len(broken)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := hsds.ReadOhana(dir); err == nil ||
			!strings.Contains(err.Error(), `locations.csv row 2: latitude: "north" is not a number`) {
			t.Fatalf("broken copy: %v", err)
		}
		if got := snapshot(t, db); got != before {
			t.Fatalf("a broken copy wrote: %s, was %s", got, before)
		}
	})
}
