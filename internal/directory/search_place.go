package directory

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Where a search near a place looks: the point a place names, found among
// the directory's own addresses (PlacePoint), and the distance between two
// points (Haversine, and haversine for SQL).

// placeSample bounds how many located addresses a place's middle is
// taken from: a big city has tens of thousands, and the first few thousand
// found (in the order they were added) place its middle as well.
const placeSample = 2000

// PlacePoint finds the point that a place names, from the directory's own
// located addresses, so that "near" needs no geocoder: a postal code
// (which finds it with an extension too: "94025" finds "94025-9881"), a
// city, a street address ("2600 Middlefield Road", with ", Redwood City"
// after it when the street is in more than one city), or a city and state
// ("Redwood City, CA"), each form tried in that order through its index
// (migrations 22, 23 and 26). The point is the middle of the addresses found
// (at most placeSample of them): the median latitude and the median
// longitude, which a few addresses placed far away (a mistyped point)
// do not move, as they would an average. A place no located address
// matches is looked up in the offline gazetteer (gazetteerPlacePoint): a US
// postal code, city or town. ok is false when neither knows it; a street
// found in more than one city, or a town's name in more than one state, is
// a validation error that asks which.
func (s *Store) PlacePoint(ctx context.Context, place string) (lat, lon float64, ok bool, err error) {
	place = strings.TrimSpace(place)
	lower := strings.ToLower(place)
	type try struct {
		where  string
		args   []any
		street bool // a street alone: it must be in one city
	}
	var tries []try
	parts := strings.Split(lower, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) == 1 {
		var postal args // a postal code, or it with an extension (a ZIP+4)
		isPostal := store.PostalCodeIs(s.db.Engine, "a.postal_code", place, postal.add)
		tries = []try{{isPostal, postal, false}, {"lower(a.city) = $1", []any{lower}, false},
			{"lower(a.address_1) = $1", []any{lower}, true}}
	} else {
		tries = []try{{"lower(a.address_1) = $1 AND lower(a.city) = $2", []any{parts[0], parts[1]}, false},
			{"lower(a.city) = $1 AND lower(a.state_province) = $2", []any{parts[0], parts[1]}, false}}
	}
	for _, t := range tries {
		lats, lons, cities, err := s.placeAddresses(ctx, t.where, t.args)
		if err != nil {
			return 0, 0, false, fmt.Errorf("find the place %q: %w", place, err)
		}
		if len(lats) == 0 {
			continue
		}
		if t.street && len(cities) > 1 {
			slices.Sort(cities)
			return 0, 0, false, &errs.ValidationError{Fields: map[string]string{"near": fmt.Sprintf(
				"%q is a street address in more than one city (%s): add the city, such as %q",
				place, strings.Join(cities, ", "), place+", "+cities[0])}}
		}
		return median(lats), median(lons), true, nil
	}
	return s.gazetteerPlacePoint(ctx, place)
}

// placeAddresses reads the points of the located addresses that where
// picks (at most placeSample), with their cities, each once whatever its
// case, as written.
func (s *Store) placeAddresses(ctx context.Context, where string, args []any) (lats, lons []float64, cities []string,
	err error) {
	rows, err := s.db.QueryContext(
		ctx,
		fmt.Sprintf(`SELECT l.latitude, l.longitude, a.city FROM addresses a JOIN locations l ON l.id = a.location_id
		WHERE %s AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL LIMIT %d`, where, placeSample),
		args...)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var la, lo float64
		var city string
		if err := rows.Scan(&la, &lo, &city); err != nil {
			return nil, nil, nil, err
		}
		lats, lons = append(lats, la), append(lons, lo)
		if k := strings.ToLower(city); !seen[k] {
			seen[k] = true
			cities = append(cities, city)
		}
	}
	return lats, lons, cities, rows.Err()
}

// median is the middle of xs (the mean of the two middle ones when they
// are even in number); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// haversine is the SQL of the distance in kilometres, on a sphere of
// 6371 km, from the point (lat, lon) to (pLat, pLon), all in degrees.
func haversine(lat, lon, pLat, pLon string) string {
	return fmt.Sprintf(`2 * 6371.0 * asin(sqrt(power(sin(radians(%[1]s - %[3]s) / 2), 2) +
		cos(radians(%[3]s)) * cos(radians(%[1]s)) * power(sin(radians(%[2]s - %[4]s) / 2), 2)))`, lat, lon, pLat, pLon)
}

// Haversine returns the great-circle distance in kilometres between two
// points given in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * r * math.Asin(math.Sqrt(h))
}
