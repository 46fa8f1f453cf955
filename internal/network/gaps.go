package network

import (
	"context"
	"fmt"
	"math"
	"sort"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
)

// Gap is a sector in which an organization (or an initiative) has no
// strong tie, with organizations of that sector that could fill it,
// nearest first.
type Gap struct {
	Sector     string      `json:"sector"`
	Candidates []Candidate `json:"candidates"`
}

// Candidate is an organization that could fill a gap.
type Candidate struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	DistanceKm *float64 `json:"distance_km"` // nil when either side has no mapped location
	Tied       bool     `json:"tied"`        // already tied, but not strongly
}

// MaxCandidates is how many organizations a gap suggests.
const MaxCandidates = 5

// place is where an organization is: its locations' coordinates.
type place struct {
	lat, lon []float64
}

// ServiceGaps finds the sectors (of the given list; the saved GapSectors
// when empty) in which the scope has no strong tie: for an organization,
// neither it nor any organization it is strongly tied to works in the
// sector; for an initiative, none of its active members nor anyone strongly
// tied to them. It is for someone who may read the map and see the scope's
// initiative (see checkScope).
func (s *Store) ServiceGaps(ctx context.Context, actor account.Actor, scope Scope, sectors []GapSector) ([]Gap, error) {
	if err := s.checkScope(ctx, actor, scope); err != nil {
		return nil, err
	}
	if (scope.InitiativeID == 0) == (scope.OrganizationID == "") {
		return nil, &errs.ValidationError{Fields: map[string]string{
			"organization": "give an organization or an initiative (one of them)"}}
	}

	if len(sectors) == 0 {
		var err error
		if sectors, err = s.gapSectors(ctx); err != nil {
			return nil, err
		}
	}
	ties, err := s.currentTies(ctx)
	if err != nil {
		return nil, err
	}
	var core []string
	if scope.InitiativeID != 0 {
		rows, err := s.db.QueryContext(ctx, `SELECT organization_id FROM initiative_members WHERE initiative_id = $1 AND status = 'active'`, scope.InitiativeID)
		if err != nil {
			return nil, fmt.Errorf("initiative members: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			core = append(core, id)
		}
		rows.Close()
	} else {
		core = []string{scope.OrganizationID}
	}
	all, err := s.orgsWithPlaces(ctx)
	if err != nil {
		return nil, err
	}
	return findGaps(core, ties, all, sectors), nil
}

// orgInfo is what gap-finding needs to know of an organization.
type orgInfo struct {
	Org
	place place
}

// findGaps is the pure part of ServiceGaps.
func findGaps(core []string, ties []*Tie, all map[string]*orgInfo, sectors []GapSector) []Gap {
	inCore := map[string]bool{}
	for _, id := range core {
		inCore[id] = true
	}
	strong := map[string]bool{}
	weak := map[string]bool{}
	for _, t := range ties {
		for _, end := range [][2]string{{t.FromID, t.ToID}, {t.ToID, t.FromID}} {
			if !inCore[end[0]] || inCore[end[1]] {
				continue
			}
			if t.Strong() {
				strong[end[1]] = true
			} else {
				weak[end[1]] = true
			}
		}
	}
	covered := map[string]bool{}
	for id := range inCore {
		if o := all[id]; o != nil {
			for _, sct := range o.Sectors {
				covered[sct] = true
			}
		}
	}
	for id := range strong {
		if o := all[id]; o != nil {
			for _, sct := range o.Sectors {
				covered[sct] = true
			}
		}
	}
	var here place
	for id := range inCore {
		if o := all[id]; o != nil {
			here.lat = append(here.lat, o.place.lat...)
			here.lon = append(here.lon, o.place.lon...)
		}
	}
	var gaps []Gap
	for _, sct := range sectors {
		if anyOf(sct.Matches, covered) {
			continue
		}
		g := Gap{Sector: sct.Name, Candidates: []Candidate{}}
		for _, o := range all {
			if inCore[o.ID] || !anyIn(sct.Matches, o.Sectors) {
				continue
			}
			c := Candidate{ID: o.ID, Name: o.Name, Tied: weak[o.ID]}
			if d, ok := nearest(here, o.place); ok {
				c.DistanceKm = &d
			}
			g.Candidates = append(g.Candidates, c)
		}
		sort.Slice(g.Candidates, func(i, j int) bool {
			a, b := g.Candidates[i], g.Candidates[j]
			if (a.DistanceKm == nil) != (b.DistanceKm == nil) {
				return a.DistanceKm != nil
			}
			if a.DistanceKm != nil && *a.DistanceKm != *b.DistanceKm {
				return *a.DistanceKm < *b.DistanceKm
			}
			return a.Name < b.Name
		})
		if len(g.Candidates) > MaxCandidates {
			g.Candidates = g.Candidates[:MaxCandidates]
		}
		gaps = append(gaps, g)
	}
	return gaps
}

// anyOf reports whether any of names is set in m.
func anyOf(names []string, m map[string]bool) bool {
	for _, n := range names {
		if m[n] {
			return true
		}
	}
	return false
}

// anyIn reports whether any of names is in list.
func anyIn(names, list []string) bool {
	for _, n := range names {
		if oneOf(n, list) {
			return true
		}
	}
	return false
}

// nearest is the shortest distance between any location of a and any of b.
func nearest(a, b place) (float64, bool) {
	best, ok := math.Inf(1), false
	for i := range a.lat {
		for j := range b.lat {
			if d := directory.Haversine(a.lat[i], a.lon[i], b.lat[j], b.lon[j]); d < best {
				best, ok = d, true
			}
		}
	}
	return math.Round(best*10) / 10, ok
}

// orgsWithPlaces loads every active organization with its sectors and the
// coordinates of its locations.
func (s *Store) orgsWithPlaces(ctx context.Context) (map[string]*orgInfo, error) {
	all := map[string]*orgInfo{}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(s.sector, '') FROM organizations o
		LEFT JOIN organization_sectors s ON s.organization_id = o.id WHERE o.archived_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("load organizations: %w", err)
	}
	for rows.Next() {
		var id, name, sector string
		if err := rows.Scan(&id, &name, &sector); err != nil {
			rows.Close()
			return nil, err
		}
		o := all[id]
		if o == nil {
			o = &orgInfo{Org: Org{ID: id, Name: name}}
			all[id] = o
		}
		if sector != "" {
			o.Sectors = append(o.Sectors, sector)
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT organization_id, latitude, longitude FROM locations
		WHERE organization_id IS NOT NULL AND latitude IS NOT NULL AND longitude IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("load locations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var lat, lon float64
		if err := rows.Scan(&id, &lat, &lon); err != nil {
			return nil, err
		}
		if o := all[id]; o != nil {
			o.place.lat = append(o.place.lat, lat)
			o.place.lon = append(o.place.lon, lon)
		}
	}
	return all, rows.Err()
}
