package directory_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// addPlacesOrganization adds an organization for a test's locations.
func addPlacesOrganization(t *testing.T, s *directory.Store, name string) *directory.Organization {
	t.Helper()
	o, err := s.CreateOrganization(context.Background(), actor, "", directory.OrganizationInput{Name: name,
		Description: "Here."})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// addPlacedLocation adds a location with one physical address and the
// point given (none when lat is nil), as an import without coordinates
// leaves it.
func addPlacedLocation(t *testing.T, db *store.DB, orgID, id, street, city, state, zip string, lat, lon any) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO locations (id, organization_id, name, latitude, longitude)
		VALUES ($1, $2, $3, $4, $5)`, id, orgID, street, lat, lon); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO addresses (id, location_id, address_1, city, state_province,
		postal_code, country, address_type) VALUES ($1, $2, $3, $4, $5, $6, 'US', 'physical')`,
		id+"-a", id, street, city, state, zip); err != nil {
		t.Fatal(err)
	}
}

// TestPlacePointGazetteer: a place the directory's addresses do not locate
// is found in the offline gazetteer: a postal code, a city, a city and its
// state; of two Palo Altos the one in the directory's state, and the other
// when named with its state; an unknown place is one plain error that names
// it and suggests the places meant.
func TestPlacePointGazetteer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o := addPlacesOrganization(t, s, "Places")
		addPlacedLocation(t, db, o.ID, "l1", "2600 Middlefield Road", "Redwood City", "CA", "94063", 37.48, -122.23)

		for place, want := range map[string][2]float64{
			"94301":                   {37.444218, -122.149855},
			"Palo Alto":               {37.44188, -122.14302}, // the directory is in California
			"palo alto, pa":           {40.68731, -76.17216},
			"Palo Alto, Pennsylvania": {40.68731, -76.17216},
			"Palo Alto, CA 94301":     {37.44188, -122.14302},
			"St. Louis, MO":           {38.62727, -90.19789},
			"Redwood City":            {37.48, -122.23}, // the directory's own address first
			"2600 Middlefield Road":   {37.48, -122.23},
			"Menlo Park":              {37.45383, -122.18219},
		} {
			lat, lon, ok, err := s.PlacePoint(ctx, place)
			if err != nil || !ok || math.Abs(lat-want[0]) > 1e-5 || math.Abs(lon-want[1]) > 1e-5 {
				t.Errorf("%q: %v %v %v,%v, want %v", place, err, ok, lat, lon, want)
			}
		}

		_, err := s.Search(ctx, actor, directory.SearchQuery{Near: "Palo Alot"})
		var v *errs.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != 1 || !strings.HasPrefix(v.Fields["near"], `"Palo Alot" was not found`) ||
			!strings.Contains(v.Fields["near"], "Did you mean Palo Alto") ||
			strings.Contains(v.Fields["near"], "LAT,LON") {
			t.Errorf("an unknown place: %v", err)
		}
	})
}

// TestPlacePointAmbiguous: a name that two states have, in a directory
// in neither, asks for the state.
func TestPlacePointAmbiguous(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := directory.NewStore(db)
		_, _, _, err := s.PlacePoint(context.Background(), "Palo Alto")
		var v *errs.ValidationError
		if !errors.As(err, &v) || !strings.Contains(v.Fields["near"], `"Palo Alto, CA" or "Palo Alto, PA"`) {
			t.Errorf("Palo Alto in an empty directory: %v", err)
		}
	})
}

// TestApproximateLocations: a location added or edited without
// coordinates is placed at its postal code's centroid (else its city's),
// marked approximate; its approximate point given back unchanged with a
// new address is placed again; a point given is exact; the backfill places
// the locations stored before; the directory's unit follows its country.
func TestApproximateLocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o := addPlacesOrganization(t, s, "Approx")
		in := directory.LocationInput{Name: "Office", Address: directory.AddressInput{Address1: "1 Main St",
			City: "Redwood City", StateProvince: "CA", PostalCode: "94063", Country: "US"}}
		l, err := s.CreateLocation(ctx, actor, o.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if !l.CoordinatesApproximate || l.Latitude == nil || math.Abs(*l.Latitude-37.493306) > 1e-9 {
			t.Fatalf("created: approximate %v at %v", l.CoordinatesApproximate, l.Latitude)
		}

		in = l.LocationInput // the form gives the point back, the address changes
		in.Address.PostalCode, in.Address.City = "94301", "Palo Alto"
		if l, err = s.UpdateLocation(ctx, actor, l.ID, in); err != nil {
			t.Fatal(err)
		}
		if !l.CoordinatesApproximate || math.Abs(*l.Latitude-37.444218) > 1e-9 {
			t.Fatalf("moved: approximate %v at %v", l.CoordinatesApproximate, *l.Latitude)
		}
		in = l.LocationInput
		in.Address.PostalCode = ""
		if l, err = s.UpdateLocation(ctx, actor, l.ID, directory.LocationInput{Name: "Office",
			Address: in.Address}); err != nil {
			t.Fatal(err)
		}
		if !l.CoordinatesApproximate || math.Abs(*l.Latitude-37.44188) > 1e-9 {
			t.Fatalf("by city: approximate %v at %v", l.CoordinatesApproximate, *l.Latitude)
		}
		lat, lon := 37.4431, -122.1612
		in = l.LocationInput
		in.Latitude, in.Longitude = &lat, &lon
		if l, err = s.UpdateLocation(ctx, actor, l.ID, in); err != nil {
			t.Fatal(err)
		}
		if l.CoordinatesApproximate || *l.Latitude != lat {
			t.Fatalf("given: approximate %v at %v", l.CoordinatesApproximate, *l.Latitude)
		}

		// Stored before migration 40: placed by the backfill, once.
		addPlacedLocation(t, db, o.ID, "old", "9 Elm St", "Menlo Park", "CA", "", nil, nil)
		addPlacedLocation(t, db, o.ID, "far", "1 Rue", "Paris", "", "75001", nil, nil)
		if _, err := db.ExecContext(ctx, `UPDATE addresses SET country = 'FR' WHERE id = 'far-a'`); err != nil {
			t.Fatal(err)
		}
		if n, err := s.LocateApproximately(ctx, actor); err != nil || n != 1 {
			t.Fatalf("backfill: %d, %v", n, err)
		}
		if n, err := s.LocateApproximately(ctx, actor); err != nil || n != 0 {
			t.Fatalf("backfill again: %d, %v", n, err)
		}
		old, err := s.Location(ctx, actor, "old")
		if err != nil || !old.CoordinatesApproximate || math.Abs(*old.Latitude-37.45383) > 1e-9 {
			t.Fatalf("backfilled: %+v, %v", old, err)
		}
		if far, err := s.Location(ctx, actor, "far"); err != nil || far.Latitude != nil {
			t.Fatalf("outside the US: %+v, %v", far, err)
		}

		if unit, err := s.DistanceUnit(ctx); err != nil || unit != "mi" {
			t.Errorf("unit: %q, %v", unit, err)
		}
	})
}
