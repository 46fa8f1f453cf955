package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/geocode"
	"backbone/internal/jobs"
)

// Refining approximate points with an external geocoder, when the
// settings name one (account.Settings.GeocoderURL): a background task asks
// it for the street addresses of approximately placed locations, one a
// second (geocode.Client), keeps every answer (geocode_cache, migration 40)
// so that no address is asked twice, and places the locations it found
// exactly. Without a geocoder the task does nothing.

// Geocoder finds the point of a street address (geocode.Client).
type Geocoder interface {
	Search(ctx context.Context, address, country string) (geocode.Point, bool, error)
}

// RefineBatch bounds the addresses asked in one run: five minutes at one a
// second.
const RefineBatch = 300

// RefineLocations asks g for the points of at most limit approximately
// placed locations' street addresses (those it was never asked for), keeps
// the answers, and places the locations found there, exactly. It returns
// how many locations it placed; the run is kept in the audit log.
func (s *Store) RefineLocations(ctx context.Context, g Geocoder, limit int) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, a.address_1, a.city, a.state_province, a.postal_code, a.country
		FROM locations l JOIN addresses a ON a.location_id = l.id
		WHERE l.coordinates_approximate AND a.address_type <> 'postal' AND a.address_1 <> ''
		ORDER BY l.id, a.id`)
	if err != nil {
		return 0, fmt.Errorf("find locations to refine: %w", err)
	}
	type ask struct{ id, address, country string }
	var asks []ask
	for rows.Next() {
		var id, street, city, state, postal, country string
		if err := rows.Scan(&id, &street, &city, &state, &postal, &country); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find locations to refine: %w", err)
		}
		if n := len(asks); n > 0 && asks[n-1].id == id {
			continue
		}
		addr := strings.Join(nonEmpty(street, city, strings.TrimSpace(state+" "+postal)), ", ")
		asks = append(asks, ask{id, addr, countryCode(country)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find locations to refine: %w", err)
	}

	placed, asked := 0, 0
	for _, a := range asks {
		key := a.country + "|" + strings.ToLower(a.address)
		p, found, cached, err := s.cachedPoint(ctx, key)
		if err != nil {
			return placed, err
		}
		if !cached {
			if asked >= limit {
				break
			}
			asked++
			gp, ok, err := g.Search(ctx, a.address, a.country)
			if err != nil {
				return placed, err // asked again at the next run
			}
			p, found = gp, ok
			if err := s.cachePoint(ctx, key, p, found); err != nil {
				return placed, err
			}
		}
		if !found {
			continue
		}
		res, err := s.db.ExecContext(ctx, `UPDATE locations SET latitude = $1, longitude = $2,
			coordinates_approximate = FALSE WHERE id = $3 AND coordinates_approximate`, p.Lat, p.Lon, a.id)
		if err != nil {
			return placed, fmt.Errorf("place location %s: %w", a.id, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			placed++
		}
	}
	if placed > 0 {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			return account.Record(ctx, tx, account.SystemActor("geocoder"), account.Event{At: s.now(),
				Action: "locate", EntityType: "directory", EntityID: "locations",
				Summary: fmt.Sprintf("placed %d locations at their street addresses, from the geocoder", placed)})
		})
		if err != nil {
			return placed, err
		}
	}
	return placed, nil
}

// cachedPoint reads a kept answer; cached is false when the address was
// never asked.
func (s *Store) cachedPoint(ctx context.Context, key string) (p geocode.Point, found, cached bool, err error) {
	var lat, lon sql.NullFloat64
	err = s.db.QueryRowContext(ctx, `SELECT found, latitude, longitude FROM geocode_cache WHERE address = $1`, key).
		Scan(&found, &lat, &lon)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, false, nil
	}
	if err != nil {
		return p, false, false, fmt.Errorf("read the geocoder's answer: %w", err)
	}
	return geocode.Point{Lat: lat.Float64, Lon: lon.Float64}, found, true, nil
}

func (s *Store) cachePoint(ctx context.Context, key string, p geocode.Point, found bool) error {
	var lat, lon any
	if found {
		lat, lon = p.Lat, p.Lon
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO geocode_cache (address, found, latitude, longitude, asked_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (address) DO NOTHING`, key, found, lat, lon, s.now())
	if err != nil {
		return fmt.Errorf("keep the geocoder's answer: %w", err)
	}
	return nil
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// countryCode is an address's country as a two-letter code for the
// geocoder: the US when it is written out or missing.
func countryCode(c string) string {
	if usCountry(c) {
		return "us"
	}
	if c = strings.TrimSpace(c); len(c) == 2 {
		return strings.ToLower(c)
	}
	return ""
}

// RefineTask is the background task that refines approximate points every
// ten minutes with the geocoder the settings name, if any.
func RefineTask(s *Store) jobs.Task {
	var client *geocode.Client
	return jobs.Task{
		Name: "refine_locations",
		Next: func(now time.Time) time.Time { return now.Add(10 * time.Minute) },
		Run: func(ctx context.Context, _ time.Time) error {
			base, err := s.rules.GeocoderURL(ctx)
			if err != nil || base == "" {
				return err
			}
			if client == nil || client.Base() != strings.TrimRight(base, "/") {
				if client, err = geocode.New(base, nil); err != nil {
					return err
				}
			}
			_, err = s.RefineLocations(ctx, client, RefineBatch)
			return err
		},
	}
}
