package directory

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"backbone/internal/account"
	"backbone/internal/gazetteer"
	"backbone/internal/store"
)

// Approximate points: a location whose source gave no coordinates gets the
// centroid of its address's postal code, or else of its city, from the
// offline gazetteer (internal/gazetteer), marked approximate
// (locations.coordinates_approximate, migration 40) so that a search near a
// place finds it and its pages say the point is approximate. Nothing
// leaves the machine.

// approximatePoint is the gazetteer's point for an address: its postal
// code's centroid, else its city's (in its state, or the only place of
// that name). ok is false outside the US or when neither is known.
func approximatePoint(g *gazetteer.Gazetteer, postal, city, state, country string) (p gazetteer.Point, ok bool) {
	if !usCountry(country) {
		return p, false
	}
	if pc := strings.TrimSpace(postal); len(pc) >= 5 {
		if p, ok := g.PostalCode(pc[:5]); ok {
			return p, true
		}
	}
	if city = strings.TrimSpace(city); city == "" {
		return p, false
	}
	if state != "" {
		if pl, ok := g.Place(city, state); ok {
			return pl.Point, true
		}
		return p, false
	}
	if pls := g.Places(city); len(pls) == 1 {
		return pls[0].Point, true
	}
	return p, false
}

// usCountry reports whether an address's country is the United States
// (or not given, as in many US directories).
func usCountry(c string) bool {
	switch strings.ToLower(strings.TrimSpace(c)) {
	case "", "us", "usa", "united states", "united states of america":
		return true
	}
	return false
}

// samePoint reports whether two points are the same, as the database
// gives them back.
func samePoint(lat, lon float64, p gazetteer.Point) bool {
	return math.Abs(lat-p.Lat) < 1e-9 && math.Abs(lon-p.Lon) < 1e-9
}

// locateApproximately gives the locations without coordinates an
// approximate point (all of them, or the one with id when it is not ""),
// and marks as exact those marked approximate whose point is no longer
// their address's (an import or an editor gave one). It returns how many
// locations it placed.
func locateApproximately(ctx context.Context, q store.Querier, id string) (int, error) {
	g, err := gazetteer.US()
	if err != nil {
		return 0, err
	}
	type located struct {
		id                           string
		lat, lon                     *float64
		approx                       bool
		postal, city, state, country string
	}
	var found []located
	for _, where := range []string{"l.latitude IS NULL", "l.coordinates_approximate"} {
		args := []any{}
		if id != "" {
			where += " AND l.id = $1"
			args = append(args, id)
		}
		// The address a location's pages show first (not a mailing
		// address) places it.
		rows, err := q.QueryContext(ctx, `SELECT l.id, l.latitude, l.longitude, l.coordinates_approximate,
			a.postal_code, a.city, a.state_province, a.country
			FROM locations l JOIN addresses a ON a.location_id = l.id
			WHERE `+where+` ORDER BY l.id, CASE WHEN a.address_type = 'postal' THEN 1 ELSE 0 END, a.id`, args...)
		if err != nil {
			return 0, fmt.Errorf("find locations to place: %w", err)
		}
		for rows.Next() {
			var l located
			if err := rows.Scan(&l.id, &l.lat, &l.lon, &l.approx, &l.postal, &l.city, &l.state, &l.country); err != nil {
				rows.Close()
				return 0, fmt.Errorf("find locations to place: %w", err)
			}
			if n := len(found); n == 0 || found[n-1].id != l.id {
				found = append(found, l)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("find locations to place: %w", err)
		}
	}

	placed := 0
	for _, l := range found {
		p, ok := approximatePoint(g, l.postal, l.city, l.state, l.country)
		var err error
		switch {
		case l.lat == nil && ok:
			_, err = q.ExecContext(ctx, `UPDATE locations SET latitude = $1, longitude = $2,
				coordinates_approximate = TRUE WHERE id = $3`, p.Lat, p.Lon, l.id)
			placed++
		case l.approx && (l.lat == nil || l.lon == nil || !ok || !samePoint(*l.lat, *l.lon, p)):
			_, err = q.ExecContext(ctx, `UPDATE locations SET coordinates_approximate = FALSE WHERE id = $1`, l.id)
		}
		if err != nil {
			return placed, fmt.Errorf("place location %s: %w", l.id, err)
		}
	}
	return placed, nil
}

// LocateApproximately gives every location without coordinates an
// approximate point from its postal code or city, for those who may import
// the directory (account.ImportDirectory): once for locations stored before
// migration 40; imports and edits do it since. It returns how many it
// placed, and keeps that in the audit log.
func (s *Store) LocateApproximately(ctx context.Context, actor account.Actor) (int, error) {
	if err := s.rules.Check(ctx, actor, account.ImportDirectory, account.Platform); err != nil {
		return 0, err
	}

	var n int
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = locateApproximately(ctx, tx, ""); err != nil || n == 0 {
			return err
		}
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "locate", EntityType: "directory",
			EntityID: "locations", Summary: fmt.Sprintf("placed %d locations at their postal code or city", n)})
	})
	return n, err
}

// keptApproximate reports whether an edit gives back a location's
// approximate point unchanged (as a form that showed it does): the point
// is then placed again from the (maybe changed) address, not taken as
// exact.
func keptApproximate(before *LocationProfile, in LocationInput) bool {
	return before.CoordinatesApproximate && before.Latitude != nil && in.Latitude != nil && in.Longitude != nil &&
		*in.Latitude == *before.Latitude && *in.Longitude == *before.Longitude
}
