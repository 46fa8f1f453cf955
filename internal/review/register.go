package review

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// StatusCurrent, as a filter, keeps the roadblocks not closed: proposed,
// open and mitigated; StatusAll keeps every one.
const (
	StatusCurrent = ""
	StatusAll     = "all"
)

// RoadblockFilter says which roadblocks to list: one subject's, one
// initiative's, or (neither) every one the person may see; by status
// (current when empty), and in one cell of the heat grid when the levels
// are given.
type RoadblockFilter struct {
	SubjectKind  string
	SubjectID    int64
	InitiativeID int64
	Status       string
	Likelihood   int // 0: any
	Impact       int // 0: any
}

// check checks the filter's values.
func (f *RoadblockFilter) check() error {
	v := &errs.ValidationError{}
	f.Status = strings.TrimSpace(f.Status)
	if f.Status != StatusCurrent && f.Status != StatusAll && !validStatus(f.Status) {
		v.Add("status", "must be all, or one of "+strings.Join(Statuses, ", "))
	}
	if f.Likelihood < 0 || f.Likelihood > 4 {
		v.Add("likelihood", "must be 1 to 4")
	}
	if f.Impact < 0 || f.Impact > 4 {
		v.Add("impact", "must be 1 to 4")
	}
	if f.SubjectKind != "" && f.SubjectID <= 0 {
		v.Add("subject_id", "is required with subject_kind")
	}
	return v.OrNil()
}

// Roadblocks lists the roadblocks the filter keeps, the gravest (likelihood
// times impact) first, then by review date. A subject's or an initiative's
// need the person to see it; across everything, those of subjects the
// person may not see are left out.
func (s *Store) Roadblocks(ctx context.Context, actor account.Actor, f RoadblockFilter) ([]Roadblock, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	where, args := []string{"1 = 1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	switch {
	case f.SubjectKind != "":
		sub, err := s.Subject(ctx, actor, f.SubjectKind, f.SubjectID)
		if err != nil {
			return nil, err
		}
		where = append(where, "r.subject_kind = "+arg(sub.Kind), "r.subject_id = "+arg(sub.ID))
	case f.InitiativeID != 0:
		if err := s.rules.Check(ctx, actor, account.ViewRoadblocks, account.Initiative(f.InitiativeID)); err != nil {
			return nil, err
		}
		if _, err := s.initiatives.Get(ctx, f.InitiativeID); err != nil {
			return nil, err
		}
		where = append(where, "r.initiative_id = "+arg(f.InitiativeID))
	case actor.User == nil && !actor.System:
		return nil, errs.ErrUnauthenticated
	}
	switch f.Status {
	case StatusCurrent:
		where = append(where, "r.status <> "+arg(StatusClosed))
	case StatusAll:
	default:
		where = append(where, "r.status = "+arg(f.Status))
	}
	if f.Likelihood != 0 {
		where = append(where, "r.likelihood = "+arg(f.Likelihood))
	}
	if f.Impact != 0 {
		where = append(where, "r.impact = "+arg(f.Impact))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+roadblockColumns+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list roadblocks: %w", err)
	}
	var all []Roadblock
	for rows.Next() {
		r, err := scanRoadblock(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := s.subjectCache(actor)
	out := []Roadblock{}
	for _, r := range all {
		sub, ok, err := seen(ctx, r.Subject.Kind, r.Subject.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			r.Subject = sub
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score() != b.Score() {
			return a.Score() > b.Score()
		}
		if a.Impact != b.Impact {
			return a.Impact > b.Impact
		}
		return dueFirst(a.ReviewOn, b.ReviewOn)
	})
	return out, nil
}

// dueFirst orders dates with the soonest first and no date last.
func dueFirst(a, b string) bool {
	switch {
	case a == b:
		return false
	case a == "":
		return false
	case b == "":
		return true
	}
	return a < b
}

// subjectCache resolves subjects for actor once each: ok is false for one
// actor may not see.
func (s *Store) subjectCache(actor account.Actor) func(ctx context.Context, kind string, id int64) (Subject, bool,
	error) {
	type key struct {
		kind string
		id   int64
	}
	type answer struct {
		sub Subject
		ok  bool
	}
	cache := map[key]answer{}
	return func(ctx context.Context, kind string, id int64) (Subject, bool, error) {
		k := key{kind, id}
		if a, ok := cache[k]; ok {
			return a.sub, a.ok, nil
		}
		if !s.subjects.Known(kind) {
			// A row of a kind this store was not told of (a plan's, in a
			// store built without the plans) is none of its lists'.
			cache[k] = answer{}
			return Subject{}, false, nil
		}
		sub, err := s.Subject(ctx, actor, kind, id)
		switch {
		case err == nil:
			cache[k] = answer{sub, true}
		case isHidden(err):
			cache[k] = answer{}
		default:
			return Subject{}, false, err
		}
		return cache[k].sub, cache[k].ok, nil
	}
}

// Cell is one cell of the heat grid: how many roadblocks have this
// likelihood and impact.
type Cell struct {
	Likelihood int `json:"likelihood"`
	Impact     int `json:"impact"`
	Count      int `json:"count"`
	Score      int `json:"score"` // likelihood times impact
}

// Heat is the heat grid: rows of impact from severe (4) down to minor (1),
// each with cells of likelihood from unlikely (1) to almost certain (4).
type Heat struct {
	Rows  [][]Cell `json:"rows"`
	Total int      `json:"total"`
}

// HeatOf counts roadblocks into the grid.
func HeatOf(list []Roadblock) Heat {
	h := Heat{Rows: make([][]Cell, 4)}
	for i := range h.Rows {
		impact := 4 - i
		h.Rows[i] = make([]Cell, 4)
		for j := range h.Rows[i] {
			h.Rows[i][j] = Cell{Likelihood: j + 1, Impact: impact, Score: (j + 1) * impact}
		}
	}
	for _, r := range list {
		if r.Likelihood < 1 || r.Likelihood > 4 || r.Impact < 1 || r.Impact > 4 {
			continue
		}
		h.Rows[4-r.Impact][r.Likelihood-1].Count++
		h.Total++
	}
	return h
}

// HeatGrid counts the current roadblocks the filter keeps (its levels
// aside) into the heat grid.
func (s *Store) HeatGrid(ctx context.Context, actor account.Actor, f RoadblockFilter) (Heat, []Roadblock, error) {
	f.Likelihood, f.Impact = 0, 0
	list, err := s.Roadblocks(ctx, actor, f)
	if err != nil {
		return Heat{}, nil, err
	}
	return HeatOf(list), list, nil
}
