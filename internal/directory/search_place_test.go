package directory_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestPlacePoint: a place is found among the directory's located addresses
// in each of its forms; its point is the median of theirs, which one
// address placed far away does not move; a postal code finds the addresses
// written with its extension (a ZIP+4), and no other code that starts with
// it; a street in two cities asks for the city; an address without
// coordinates places nothing (a city the directory does not locate is
// looked up in the gazetteer: see TestPlacePointGazetteer).
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
		for _, place := range []string{"9 Unplaced Way", "Xanadu", "1 Main St, Pacifica", "9402", "94027-43"} {
			if _, _, ok, err := s.PlacePoint(ctx, place); ok || err != nil {
				t.Errorf("%q: found %v, %v", place, ok, err)
			}
		}
	})
}

func TestHaversine(t *testing.T) {
	// San Francisco to Los Angeles is about 559 km.
	if d := directory.Haversine(37.7749, -122.4194, 34.0522, -118.2437); d < 555 || d > 563 {
		t.Fatalf("SF-LA = %.1f km", d)
	}
}
