package network

import (
	"backbone/internal/account"
	"context"
	"sort"
	"strings"
)

// TrustScore is the mean of a rating's trust items that were answered
// (reliable, supports the mission, open to discussion), or nil when none was.
func TrustScore(r Rating) *float64 {
	return meanOf(r.TrustReliable, r.TrustMission, r.TrustOpen)
}

// ValueScore is the mean of a rating's value items that were answered
// (influence, involvement, resources contributed), or nil when none was.
func ValueScore(r Rating) *float64 {
	return meanOf(r.ValueInfluence, r.ValueInvolvement, r.ValueResources)
}

func meanOf(ps ...*int) *float64 {
	sum, n := 0, 0
	for _, p := range ps {
		if p != nil {
			sum += *p
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := float64(sum) / float64(n)
	return &m
}

// mean accumulates an average of the scores that are there.
type mean struct {
	sum float64
	n   int
}

func (m *mean) add(p *float64) {
	if p != nil {
		m.sum += *p
		m.n++
	}
}

func (m mean) value() *float64 {
	if m.n == 0 {
		return nil
	}
	v := m.sum / float64(m.n)
	return &v
}

// OrgScore is how an organization is rated by the others (received) and how
// it rates them (given): the average trust and value, each 1–4.
type OrgScore struct {
	ID            string   `json:"organization_id"`
	Name          string   `json:"organization_name"`
	TrustReceived *float64 `json:"trust_received"`
	ValueReceived *float64 `json:"value_received"`
	TrustGiven    *float64 `json:"trust_given"`
	ValueGiven    *float64 `json:"value_given"`
	RatedBy       int      `json:"rated_by"` // how many others rated it (a level given)
	Rated         int      `json:"rated"`    // how many others it rated
}

// Side is what one organization of a pair said about the other.
type Side struct {
	Level     string   `json:"level"`
	Trust     *float64 `json:"trust"`
	Value     *float64 `json:"value"`
	Resources string   `json:"resources"`
	Strained  bool     `json:"strained"`
}

// PairScore is a pair of organizations and what each said about the other
// (nil when it said nothing).
type PairScore struct {
	AID   string `json:"a_organization_id"`
	AName string `json:"a_organization_name"`
	BID   string `json:"b_organization_id"`
	BName string `json:"b_organization_name"`
	AtoB  *Side  `json:"a_to_b"`
	BtoA  *Side  `json:"b_to_a"`
	// Level is the closer of the two sides' levels; Trust and Value the
	// averages of the two sides' scores.
	Level string   `json:"level"`
	Trust *float64 `json:"trust"`
	Value *float64 `json:"value"`
}

// Tied reports whether either side names a relationship above none.
func (p PairScore) Tied() bool { return LevelRank(p.Level) > 0 }

// SurveyResults are the scores of one wave.
type SurveyResults struct {
	Trust         *float64    `json:"trust"` // average over every rating
	Value         *float64    `json:"value"`
	Organizations []OrgScore  `json:"organizations"`
	Pairs         []PairScore `json:"pairs"`
}

// Summarize computes a wave's scores from its participants and ratings: per
// organization the average trust and value received and given, and per pair
// both sides' levels and scores. Ratings without a level are left out.
func Summarize(orgs []Org, ratings []WaveRating) *SurveyResults {
	res := &SurveyResults{Organizations: []OrgScore{}, Pairs: []PairScore{}}
	type acc struct{ trustIn, valueIn, trustOut, valueOut mean }
	accs := map[string]*acc{}
	names := map[string]string{}
	for _, o := range orgs {
		accs[o.ID] = &acc{}
		names[o.ID] = o.Name
	}
	var all struct{ trust, value mean }
	pairs := map[[2]string]*PairScore{}
	scores := map[string]*OrgScore{}
	for _, o := range orgs {
		scores[o.ID] = &OrgScore{ID: o.ID, Name: o.Name}
	}
	for _, r := range ratings {
		if r.Level == "" {
			continue
		}
		from, to := accs[r.RaterID], accs[r.RatedID]
		if from == nil || to == nil {
			continue
		}
		t, v := TrustScore(r.Rating), ValueScore(r.Rating)
		all.trust.add(t)
		all.value.add(v)
		from.trustOut.add(t)
		from.valueOut.add(v)
		to.trustIn.add(t)
		to.valueIn.add(v)
		scores[r.RaterID].Rated++
		scores[r.RatedID].RatedBy++
		a, b := r.RaterID, r.RatedID
		if b < a {
			a, b = b, a
		}
		p := pairs[pairKey(a, b)]
		if p == nil {
			// Shown with the names in alphabetical order.
			if x, y := strings.ToLower(names[a]), strings.ToLower(names[b]); y < x {
				a, b = b, a
			}
			p = &PairScore{AID: a, AName: names[a], BID: b, BName: names[b]}
			pairs[pairKey(a, b)] = p
		}
		side := &Side{Level: r.Level, Trust: t, Value: v, Resources: r.Resources, Strained: r.Strained}
		// p.AID, not a: the pair may have been made by the other side's
		// rating, its names in the other order.
		if r.RaterID == p.AID {
			p.AtoB = side
		} else {
			p.BtoA = side
		}
	}
	res.Trust, res.Value = all.trust.value(), all.value.value()
	for _, o := range orgs {
		s, a := scores[o.ID], accs[o.ID]
		s.TrustReceived, s.ValueReceived = a.trustIn.value(), a.valueIn.value()
		s.TrustGiven, s.ValueGiven = a.trustOut.value(), a.valueOut.value()
		res.Organizations = append(res.Organizations, *s)
	}
	sort.SliceStable(res.Organizations, func(i, j int) bool {
		return strings.ToLower(res.Organizations[i].Name) < strings.ToLower(res.Organizations[j].Name)
	})
	for _, p := range pairs {
		var t, v mean
		level := ""
		for _, s := range []*Side{p.AtoB, p.BtoA} {
			if s == nil {
				continue
			}
			t.add(s.Trust)
			v.add(s.Value)
			if LevelRank(s.Level) > LevelRank(level) {
				level = s.Level
			}
		}
		p.Level, p.Trust, p.Value = level, t.value(), v.value()
		res.Pairs = append(res.Pairs, *p)
	}
	sortPairs(res.Pairs)
	return res
}

// pairKey names a pair whichever way round it is given.
func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

func sortPairs(ps []PairScore) {
	sort.Slice(ps, func(i, j int) bool {
		if a, b := strings.ToLower(ps[i].AName), strings.ToLower(ps[j].AName); a != b {
			return a < b
		}
		if a, b := strings.ToLower(ps[i].BName), strings.ToLower(ps[j].BName); a != b {
			return a < b
		}
		return ps[i].AID+ps[i].BID < ps[j].AID+ps[j].BID
	})
}

// Change is a score in two waves and the difference (nil when either is missing).
type Change struct {
	Before *float64 `json:"before"`
	After  *float64 `json:"after"`
	Change *float64 `json:"change"`
}

func change(before, after *float64) Change {
	c := Change{Before: before, After: after}
	if before != nil && after != nil {
		d := *after - *before
		c.Change = &d
	}
	return c
}

// OrgChange is how an organization's scores moved between two waves.
type OrgChange struct {
	ID            string `json:"organization_id"`
	Name          string `json:"organization_name"`
	InA           bool   `json:"in_a"`
	InB           bool   `json:"in_b"`
	TrustReceived Change `json:"trust_received"`
	ValueReceived Change `json:"value_received"`
}

// PairChange is how a pair's relationship moved between two waves.
type PairChange struct {
	AID         string `json:"a_organization_id"`
	AName       string `json:"a_organization_name"`
	BID         string `json:"b_organization_id"`
	BName       string `json:"b_organization_name"`
	LevelBefore string `json:"level_before"` // "" when the pair said nothing
	LevelAfter  string `json:"level_after"`
	LevelChange int    `json:"level_change"` // steps up (positive) or down the levels
	Trust       Change `json:"trust"`
	Value       Change `json:"value"`
}

// Comparison is the change from wave A to wave B.
type Comparison struct {
	A             *Wave        `json:"a"`
	B             *Wave        `json:"b"`
	Trust         Change       `json:"trust"`
	Value         Change       `json:"value"`
	Organizations []OrgChange  `json:"organizations"`
	Pairs         []PairChange `json:"pairs"`
	NewTies       []PairChange `json:"new_ties"`  // tied in B, not in A (both organizations asked in both)
	LostTies      []PairChange `json:"lost_ties"` // tied in A, not in B
}

// CompareResults compares two waves' scores: per organization and per pair
// the change in level, trust and value, and the ties that are new or lost.
// A tie counts as new or lost only when both its organizations were asked in
// both waves, so that not asking is not mistaken for a change.
func CompareResults(a, b *SurveyResults) *Comparison {
	c := &Comparison{Trust: change(a.Trust, b.Trust), Value: change(a.Value, b.Value),
		Organizations: []OrgChange{}, Pairs: []PairChange{}, NewTies: []PairChange{}, LostTies: []PairChange{}}
	inA, inB := map[string]OrgScore{}, map[string]OrgScore{}
	for _, o := range a.Organizations {
		inA[o.ID] = o
	}
	for _, o := range b.Organizations {
		inB[o.ID] = o
	}
	for _, o := range a.Organizations {
		ob, okB := inB[o.ID]
		c.Organizations = append(c.Organizations, OrgChange{ID: o.ID, Name: o.Name, InA: true, InB: okB,
			TrustReceived: change(o.TrustReceived, ob.TrustReceived), ValueReceived: change(o.ValueReceived, ob.ValueReceived)})
	}
	for _, o := range b.Organizations {
		if _, okA := inA[o.ID]; !okA {
			c.Organizations = append(c.Organizations, OrgChange{ID: o.ID, Name: o.Name, InB: true,
				TrustReceived: change(nil, o.TrustReceived), ValueReceived: change(nil, o.ValueReceived)})
		}
	}
	sort.SliceStable(c.Organizations, func(i, j int) bool {
		return strings.ToLower(c.Organizations[i].Name) < strings.ToLower(c.Organizations[j].Name)
	})
	pa, pb := map[[2]string]PairScore{}, map[[2]string]PairScore{}
	for _, p := range a.Pairs {
		pa[pairKey(p.AID, p.BID)] = p
	}
	for _, p := range b.Pairs {
		pb[pairKey(p.AID, p.BID)] = p
	}
	keys := map[[2]string]bool{}
	for k := range pa {
		keys[k] = true
	}
	for k := range pb {
		keys[k] = true
	}
	for k := range keys {
		x, okA := pa[k]
		y, okB := pb[k]
		ch := PairChange{LevelBefore: x.Level, LevelAfter: y.Level, Trust: change(x.Trust, y.Trust), Value: change(x.Value, y.Value)}
		ch.AID, ch.AName, ch.BID, ch.BName = y.AID, y.AName, y.BID, y.BName
		if !okB {
			ch.AID, ch.AName, ch.BID, ch.BName = x.AID, x.AName, x.BID, x.BName
		}
		if okA && okB {
			ch.LevelChange = max(LevelRank(y.Level), 0) - max(LevelRank(x.Level), 0)
		}
		c.Pairs = append(c.Pairs, ch)
		_, aInA := inA[k[0]]
		_, bInA := inA[k[1]]
		_, aInB := inB[k[0]]
		_, bInB := inB[k[1]]
		if !(aInA && bInA && aInB && bInB) {
			continue
		}
		switch {
		case y.Tied() && !x.Tied():
			c.NewTies = append(c.NewTies, ch)
		case x.Tied() && !y.Tied():
			c.LostTies = append(c.LostTies, ch)
		}
	}
	for _, list := range [][]PairChange{c.Pairs, c.NewTies, c.LostTies} {
		sort.Slice(list, func(i, j int) bool {
			if a, b := strings.ToLower(list[i].AName), strings.ToLower(list[j].AName); a != b {
				return a < b
			}
			if a, b := strings.ToLower(list[i].BName), strings.ToLower(list[j].BName); a != b {
				return a < b
			}
			return list[i].AID+list[i].BID < list[j].AID+list[j].BID
		})
	}
	return c
}

// SurveyReport is a wave with its progress and scores.
type SurveyReport struct {
	Wave         *Wave          `json:"wave"`
	Participants []Participant  `json:"participants"`
	Results      *SurveyResults `json:"results"`
}

// WaveReport returns a wave, who has answered and its scores so far, for
// those who coordinate it (see Wave).
func (s *Store) WaveReport(ctx context.Context, actor account.Actor, waveID int64) (*SurveyReport, error) {
	w, err := s.Wave(ctx, actor, waveID)
	if err != nil {
		return nil, err
	}
	ps, err := s.participants(ctx, s.db, waveID)
	if err != nil {
		return nil, err
	}
	ratings, err := s.waveRatings(ctx, s.db, waveID)
	if err != nil {
		return nil, err
	}
	orgs := make([]Org, len(ps))
	for i, p := range ps {
		orgs[i] = Org{ID: p.OrganizationID, Name: p.OrganizationName}
	}
	if ps == nil {
		ps = []Participant{}
	}
	return &SurveyReport{Wave: w, Participants: ps, Results: Summarize(orgs, ratings)}, nil
}

// CompareWaves compares wave a (the earlier) with wave b, for someone who
// coordinates both (see Wave).
func (s *Store) CompareWaves(ctx context.Context, actor account.Actor, a, b int64) (*Comparison, error) {
	ra, err := s.WaveReport(ctx, actor, a)
	if err != nil {
		return nil, err
	}
	rb, err := s.WaveReport(ctx, actor, b)
	if err != nil {
		return nil, err
	}
	c := CompareResults(ra.Results, rb.Results)
	c.A, c.B = ra.Wave, rb.Wave
	return c, nil
}
