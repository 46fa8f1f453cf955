package network

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Scope says which network to look at: the whole community, one
// initiative's members, or one organization and those it is tied to.
type Scope struct {
	InitiativeID   int64
	OrganizationID string // the ego network of this organization
}

// MapFilter selects the ties of a network picture or analysis.
type MapFilter struct {
	Scope
	Sector string    // only organizations in this sector
	Kind   string    // only ties of this kind
	Level  string    // only ties at this level or closer
	AsOf   time.Time // the map as it stood that day; zero for now
}

// Org is an organization in a network.
type Org struct {
	ID      string
	Name    string
	Sectors []string
}

// Sector is the organization's first sector, used for its colour; "" if none.
func (o Org) Sector() string {
	if len(o.Sectors) == 0 {
		return ""
	}
	return o.Sectors[0]
}

// Network is a set of organizations and the ties among them.
type Network struct {
	Orgs  []Org
	Index map[string]int // organization id → position in Orgs
	Ties  []*Tie         // only ties whose two ends are in Orgs
}

// Check validates the filter, naming the parameter that is wrong.
func (f *MapFilter) Check(now time.Time) error {
	var v errs.ValidationError
	if f.Kind != "" && !oneOf(f.Kind, Kinds) {
		v.Add("kind", "must be one of "+strings.Join(Kinds, ", "))
	}
	if f.Level != "" && LevelRank(f.Level) < 0 {
		v.Add("level", "must be one of "+strings.Join(Levels, ", "))
	}
	if !f.AsOf.IsZero() && f.AsOf.After(now.AddDate(0, 0, 1)) {
		v.Add("as_of", "must not be in the future")
	}
	return v.OrNil()
}

// Load builds the network that f selects, for someone who may read the map
// and see f's initiative (see checkScope).
func (s *Store) Load(ctx context.Context, actor account.Actor, f MapFilter) (*Network, error) {
	if err := s.checkScope(ctx, actor, f.Scope); err != nil {
		return nil, err
	}
	return s.load(ctx, f)
}

// load is Load once the reader is known to be allowed.
func (s *Store) load(ctx context.Context, f MapFilter) (*Network, error) {
	if err := f.Check(s.now()); err != nil {
		return nil, err
	}
	var ties []*Tie
	var err error
	if f.AsOf.IsZero() {
		ties, err = s.currentTies(ctx)
	} else {
		ties, err = s.mapAsOf(ctx, f.AsOf)
	}
	if err != nil {
		return nil, err
	}
	// Which organizations are in the picture.
	var members map[string]bool
	switch {
	case f.InitiativeID != 0:
		members = map[string]bool{}
		rows, err := s.db.QueryContext(ctx, `SELECT organization_id FROM initiative_members WHERE initiative_id = $1 AND status = 'active'`, f.InitiativeID)
		if err != nil {
			return nil, fmt.Errorf("initiative members: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			members[id] = true
		}
		rows.Close()
	case f.OrganizationID != "":
		members = map[string]bool{f.OrganizationID: true}
		for _, t := range ties {
			if t.FromID == f.OrganizationID {
				members[t.ToID] = true
			}
			if t.ToID == f.OrganizationID {
				members[t.FromID] = true
			}
		}
	}
	var kept []*Tie
	for _, t := range ties {
		if f.Kind != "" && !oneOf(f.Kind, t.Kinds) {
			continue
		}
		if f.Level != "" && LevelRank(t.Level) < LevelRank(f.Level) {
			continue
		}
		if members != nil && (!members[t.FromID] || !members[t.ToID]) {
			continue
		}
		kept = append(kept, t)
	}
	ids := map[string]bool{}
	for id := range members {
		ids[id] = true
	}
	for _, t := range kept {
		ids[t.FromID], ids[t.ToID] = true, true
	}
	orgs, err := s.orgs(ctx, ids)
	if err != nil {
		return nil, err
	}
	n := &Network{Index: map[string]int{}}
	for _, o := range orgs {
		if f.Sector != "" && !oneOf(f.Sector, o.Sectors) {
			continue
		}
		n.Index[o.ID] = len(n.Orgs)
		n.Orgs = append(n.Orgs, o)
	}
	for _, t := range kept {
		if _, ok := n.Index[t.FromID]; !ok {
			continue
		}
		if _, ok := n.Index[t.ToID]; !ok {
			continue
		}
		n.Ties = append(n.Ties, t)
	}
	return n, nil
}

// currentTies returns every tie that is not ended, as it stands now.
func (s *Store) currentTies(ctx context.Context) ([]*Tie, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+tieColumns+tieJoins+` WHERE t.status <> 'ended' AND fo.archived_at IS NULL AND tor.archived_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("load ties: %w", err)
	}
	defer rows.Close()
	var out []*Tie
	for rows.Next() {
		t, err := scanTie(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// orgs loads the named organizations with their sectors, by name. It asks
// for those organizations only, a few hundred at a time, rather than reading
// the whole directory for one picture.
func (s *Store) orgs(ctx context.Context, ids map[string]bool) ([]Org, error) {
	all := make([]string, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	sort.Strings(all)
	byID := map[string]*Org{}
	const chunk = 500
	for start := 0; start < len(all); start += chunk {
		part := all[start:min(start+chunk, len(all))]
		args := make([]any, len(part))
		marks := make([]string, len(part))
		for i, id := range part {
			args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(s.sector, '') FROM organizations o
			LEFT JOIN organization_sectors s ON s.organization_id = o.id
			WHERE o.archived_at IS NULL AND o.id IN (`+strings.Join(marks, ", ")+`) ORDER BY o.id, s.sector`, args...)
		if err != nil {
			return nil, fmt.Errorf("load organizations: %w", err)
		}
		for rows.Next() {
			var id, name, sector string
			if err := rows.Scan(&id, &name, &sector); err != nil {
				rows.Close()
				return nil, err
			}
			o, ok := byID[id]
			if !ok {
				o = &Org{ID: id, Name: name}
				byID[id] = o
			}
			if sector != "" {
				o.Sectors = append(o.Sectors, sector)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	out := make([]Org, 0, len(byID))
	for _, o := range byID {
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name); a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Degrees returns, per organization, how many others it is tied to (either
// direction, counted once).
func (n *Network) Degrees() []int {
	deg := make([]int, len(n.Orgs))
	seen := map[[2]int]bool{}
	for _, t := range n.Ties {
		a, b := n.Index[t.FromID], n.Index[t.ToID]
		if a > b {
			a, b = b, a
		}
		if !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			deg[a]++
			deg[b]++
		}
	}
	return deg
}
