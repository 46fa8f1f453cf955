package network

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// DateComparison is how a selection of the map changed from one day to
// another: the network as a whole, each organization, and the ties that
// began or ended in between.
type DateComparison struct {
	From          string        `json:"from"` // YYYY-MM-DD
	To            string        `json:"to"`   // YYYY-MM-DD; today when not given
	Before        Summary       `json:"before"`
	After         Summary       `json:"after"`
	Change        SummaryChange `json:"change"`
	Betweenness   string        `json:"betweenness"` // exact or sampled (above ExactLimit organizations)
	Organizations []OrgDelta    `json:"organizations"`
	NewTies       []TieDelta    `json:"new_ties"`
	DroppedTies   []TieDelta    `json:"dropped_ties"`
}

// SummaryChange is After minus Before.
type SummaryChange struct {
	Organizations int     `json:"organizations"`
	Ties          int     `json:"ties"`
	Density       float64 `json:"density"`
	Components    int     `json:"components"`
	Largest       int     `json:"largest_component"`
	Isolates      int     `json:"isolates"`
}

// OrgDelta is how one organization's place in the network changed.
type OrgDelta struct {
	ID                string  `json:"id"`
	Name              string  `json:"name"`
	InBefore          bool    `json:"in_before"`
	InAfter           bool    `json:"in_after"`
	DegreeBefore      int     `json:"degree_before"`
	DegreeAfter       int     `json:"degree_after"`
	DegreeChange      int     `json:"degree_change"`
	BetweennessBefore float64 `json:"betweenness_before"`
	BetweennessAfter  float64 `json:"betweenness_after"`
	BetweennessChange float64 `json:"betweenness_change"`
	EigenvectorChange float64 `json:"eigenvector_change"`
	Gained            int     `json:"ties_gained"` // partners it had at To and not at From
	Lost              int     `json:"ties_lost"`
}

// Changed reports whether anything about the organization moved.
func (d OrgDelta) Changed() bool {
	return d.InBefore != d.InAfter || d.Gained != 0 || d.Lost != 0 || math.Abs(d.BetweennessChange) > 1e-9 || math.Abs(d.EigenvectorChange) > 1e-9
}

// TieDelta is a pair of organizations tied on one day and not the other.
type TieDelta struct {
	AID   string `json:"a_organization_id"`
	AName string `json:"a_organization_name"`
	BID   string `json:"b_organization_id"`
	BName string `json:"b_organization_name"`
	Level string `json:"level"` // the closer level between them, on the day they were tied
}

// CompareDates compares the selection f (its AsOf ignored) as it stood at
// the end of day from with the end of day to (now when to is zero), for
// someone who may read the map and see f's initiative (see checkScope).
func (s *Store) CompareDates(ctx context.Context, actor account.Actor, f MapFilter,
	from, to time.Time) (*DateComparison, error) {
	if err := s.checkScope(ctx, actor, f.Scope); err != nil {
		return nil, err
	}

	var v errs.ValidationError
	if from.IsZero() {
		v.Add("from", "give the earlier date, like 2024-03-31")
	}
	if !to.IsZero() && !from.IsZero() && !to.After(from) {
		v.Add("to", "must be after from")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	f.AsOf = from
	before, err := s.load(ctx, f)
	if err != nil {
		return nil, err
	}
	f.AsOf = to
	after, err := s.load(ctx, f)
	if err != nil {
		return nil, err
	}
	ab, err := s.analyze(ctx, before)
	if err != nil {
		return nil, err
	}
	aa, err := s.analyze(ctx, after)
	if err != nil {
		return nil, err
	}
	if to.IsZero() {
		to = s.now()
	}
	c := CompareNetworks(before, after, ab, aa)
	c.From, c.To = from.Format("2006-01-02"), to.Format("2006-01-02")
	return c, nil
}

// CompareNetworks compares two networks and their analyses: the pure part
// of CompareDates. Organizations come largest change first (ties gained or
// lost, then betweenness), then by name; only those that changed are kept.
func CompareNetworks(before, after *Network, ab, aa *Analysis) *DateComparison {
	c := &DateComparison{Before: ab.Network, After: aa.Network, Betweenness: aa.Method.Betweenness,
		Organizations: []OrgDelta{}, NewTies: []TieDelta{}, DroppedTies: []TieDelta{}}
	if ab.Method.Betweenness != Exact {
		c.Betweenness = ab.Method.Betweenness
	}
	c.Change = SummaryChange{Organizations: aa.Network.Organizations - ab.Network.Organizations, Ties: aa.Network.Ties - ab.Network.Ties,
		Density: aa.Network.Density - ab.Network.Density, Components: aa.Network.Components - ab.Network.Components,
		Largest: aa.Network.Largest - ab.Network.Largest, Isolates: aa.Network.Isolates - ab.Network.Isolates}
	pb, pa := pairLevels(before), pairLevels(after)
	names := map[string]string{}
	for _, n := range []*Network{before, after} {
		for _, o := range n.Orgs {
			names[o.ID] = o.Name
		}
	}
	gained, lost := map[string]int{}, map[string]int{}
	for k, level := range pa {
		if _, ok := pb[k]; !ok {
			c.NewTies = append(c.NewTies, tieDelta(k, level, names))
			gained[k[0]]++
			gained[k[1]]++
		}
	}
	for k, level := range pb {
		if _, ok := pa[k]; !ok {
			c.DroppedTies = append(c.DroppedTies, tieDelta(k, level, names))
			lost[k[0]]++
			lost[k[1]]++
		}
	}
	deltas := map[string]*OrgDelta{}
	get := func(id string) *OrgDelta {
		d := deltas[id]
		if d == nil {
			d = &OrgDelta{ID: id, Name: names[id]}
			deltas[id] = d
		}
		return d
	}
	eigen := map[string]float64{}
	for _, o := range ab.Organizations {
		d := get(o.ID)
		d.InBefore, d.DegreeBefore, d.BetweennessBefore = true, o.Degree, o.Betweenness
		eigen[o.ID] = o.Eigenvector
	}
	for _, o := range aa.Organizations {
		d := get(o.ID)
		d.InAfter, d.DegreeAfter, d.BetweennessAfter = true, o.Degree, o.Betweenness
		d.EigenvectorChange = o.Eigenvector - eigen[o.ID]
		delete(eigen, o.ID)
	}
	for id, e := range eigen {
		deltas[id].EigenvectorChange = -e
	}
	for id, d := range deltas {
		d.DegreeChange = d.DegreeAfter - d.DegreeBefore
		d.BetweennessChange = d.BetweennessAfter - d.BetweennessBefore
		d.Gained, d.Lost = gained[id], lost[id]
		if d.Changed() {
			c.Organizations = append(c.Organizations, *d)
		}
	}
	sort.Slice(c.Organizations, func(i, j int) bool {
		x, y := c.Organizations[i], c.Organizations[j]
		if a, b := x.Gained+x.Lost, y.Gained+y.Lost; a != b {
			return a > b
		}
		if a, b := math.Abs(x.BetweennessChange), math.Abs(y.BetweennessChange); a != b {
			return a > b
		}
		return strings.ToLower(x.Name) < strings.ToLower(y.Name)
	})
	for _, list := range [][]TieDelta{c.NewTies, c.DroppedTies} {
		sort.Slice(list, func(i, j int) bool {
			if a, b := strings.ToLower(list[i].AName), strings.ToLower(list[j].AName); a != b {
				return a < b
			}
			return strings.ToLower(list[i].BName) < strings.ToLower(list[j].BName)
		})
	}
	return c
}

// pairLevels maps each tied pair of n to the closer of its ties' levels.
func pairLevels(n *Network) map[[2]string]string {
	out := map[[2]string]string{}
	for _, t := range n.Ties {
		k := pairKey(t.FromID, t.ToID)
		if old, ok := out[k]; !ok || LevelRank(t.Level) > LevelRank(old) {
			out[k] = t.Level
		}
	}
	return out
}

func tieDelta(k [2]string, level string, names map[string]string) TieDelta {
	a, b := k[0], k[1]
	if strings.ToLower(names[b]) < strings.ToLower(names[a]) {
		a, b = b, a
	}
	return TieDelta{AID: a, AName: names[a], BID: b, BName: names[b], Level: level}
}
