package directory_test

import (
	"context"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

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
			p, err := s.Search(ctx, actor, c.q)
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
