package measure

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// GoalProgress is a goal as the dashboard shows it: its indicator, the
// combined values over time (from the rollups, never the raw reports), how
// far along it is and where the trend leads by the due date.
type GoalProgress struct {
	Goal       Goal
	Indicator  *Indicator // nil for a goal without an indicator
	Series     []RollupPoint
	Points     []Point // the series as values at the end of each period
	Assessment Assessment
	Milestones []Milestone
	Start, Due time.Time // zero when not set
	Incomplete string    // the last period, when some reporters have not reported it yet
	// Member is set when the series is one organization's own values
	// rather than the combined ones (a member filter, or an organization's
	// own goal); Combined then holds the combined values for comparison.
	Member   string
	Combined []RollupPoint
	// PartOfTotal is true when Series is one member's part of a sum: its
	// values are not comparable to the goal's target, so no status or
	// projection is given.
	PartOfTotal bool
}

// Within keeps the values of the periods whose last day falls in [from,
// to] (a zero bound is no bound): the series, its points, and the combined
// values beside a member's. The status and projection stay those of the
// whole series.
func (g GoalProgress) Within(from, to time.Time) GoalProgress {
	if g.Indicator == nil || (from.IsZero() && to.IsZero()) {
		return g
	}
	in := func(period string) bool {
		per, err := ParsePeriodFor(g.Indicator.Frequency, period)
		if err != nil {
			return false
		}
		last := per.End().AddDate(0, 0, -1)
		return (from.IsZero() || !last.Before(from)) && (to.IsZero() || !last.After(to))
	}
	keep := func(series []RollupPoint) []RollupPoint {
		out := []RollupPoint{}
		for _, p := range series {
			if in(p.Period) {
				out = append(out, p)
			}
		}
		return out
	}
	g.Series = keep(g.Series)
	g.Points = pointsOf(g.Indicator.Frequency, g.Series)
	if g.Combined != nil {
		g.Combined = keep(g.Combined)
	}
	return g
}

// HigherIsBetter reports the direction of the goal's indicator (higher when
// there is none).
func (g *GoalProgress) HigherIsBetter() bool {
	return g.Indicator == nil || g.Indicator.Direction != Lower
}

// DashboardQuery says which goals a dashboard shows and how.
type DashboardQuery struct {
	InitiativeID int64  // an initiative's goals, or
	Organization string // one organization's own goals, from its own reported values
	// Member shows, for an initiative's goals, this member organization's
	// own reported values instead of the combined ones. It must be an
	// organization that is, was or is invited to be a member.
	Member string
	// AsOf shows the goals as they stood at that time (their revision then;
	// goals set later are left out). Zero: as they stand now. The values
	// are always the current ones.
	AsOf time.Time
	Now  time.Time // when statuses are judged; the store's clock when zero
	// Goal, when set, keeps only that goal (of the initiative or
	// organization): a goal's own page.
	Goal int64
}

// DashboardOf gathers the progress of the goals q names, for those who may
// read them (an initiative's: whoever may see it; an organization's own:
// its people and the stewards). It reads rollups (kept current as
// measurements arrive) for combined values, and one organization's current
// measurements for a member's or an organization's own values: never a scan
// of all raw reports. Whatever the number of goals, it takes six queries
// (after the rule book's): goals, their indicators, reporters, milestones,
// rollups and, for one organization's numbers, its values.
func (s *Store) DashboardOf(ctx context.Context, actor account.Actor, q DashboardQuery) ([]GoalProgress, error) {
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	o := Owner{InitiativeID: q.InitiativeID, OrganizationID: q.Organization}
	if !o.valid() {
		return nil, errors.New("dashboard: give an initiative or an organization")
	}
	if err := s.checkOwner(ctx, actor, o, false); err != nil {
		return nil, err
	}
	if q.Member != "" && q.InitiativeID != 0 {
		if err := s.checkMember(ctx, q.InitiativeID, q.Member); err != nil {
			return nil, err
		}
	}
	goals, err := s.goalsAsOf(ctx, q)
	if err != nil || len(goals) == 0 {
		return []GoalProgress{}, err
	}
	own := q.Organization
	if own == "" {
		own = q.Member
	}
	var goalIDs, indIDs []int64
	for _, g := range goals {
		goalIDs = append(goalIDs, g.ID)
		if g.IndicatorID != 0 && !slices.Contains(indIDs, g.IndicatorID) {
			indIDs = append(indIDs, g.IndicatorID)
		}
	}
	inds, err := indicatorsByID(ctx, s.db, indIDs)
	if err != nil {
		return nil, err
	}
	milestones, err := milestonesOf(ctx, s.db, goalIDs)
	if err != nil {
		return nil, err
	}
	combined, err := rollupsOf(
		ctx,
		s.db,
		`SELECT indicator_id, `+rollupColumns+` FROM rollups WHERE indicator_id IN (`+marks(
			len(indIDs),
			0,
		)+`) ORDER BY indicator_id, period`,
		int64Args(indIDs)...)
	if err != nil {
		return nil, err
	}
	var mine map[int64][]RollupPoint
	if own != "" && len(indIDs) > 0 {
		args := append([]any{own}, int64Args(indIDs)...)
		if mine, err = rollupsOf(ctx, s.db, `SELECT indicator_id, `+ownColumns+` FROM measurements
			WHERE organization_id = $1 AND superseded_at IS NULL AND indicator_id IN (`+marks(len(indIDs), 1)+`) ORDER BY indicator_id, period`, args...); err != nil {
			return nil, err
		}
	}
	out := make([]GoalProgress, 0, len(goals))
	for _, g := range goals {
		gp := GoalProgress{
			Goal:       g,
			Start:      day(g.StartsOn),
			Due:        day(g.DueOn),
			Member:     own,
			Milestones: milestones[g.ID],
		}
		if gp.Milestones == nil {
			gp.Milestones = []Milestone{}
		}
		if g.IndicatorID != 0 {
			if gp.Indicator = inds[g.IndicatorID]; gp.Indicator == nil {
				return nil, fmt.Errorf("goal %d: indicator %d: %w", g.ID, g.IndicatorID, errs.ErrNotFound)
			}
			gp.Series = orEmpty(combined[g.IndicatorID])
			if own != "" {
				gp.Combined, gp.Series = gp.Series, orEmpty(mine[g.IndicatorID])
				gp.PartOfTotal = q.Organization == "" && gp.Indicator.Aggregation == Sum
			}
			gp.Points = pointsOf(gp.Indicator.Frequency, gp.Series)
		}
		// A last period that not every reporter has reported yet would drag
		// the trend down; it is shown, but left out of the assessment.
		judged := gp.Points
		if n := len(gp.Series); own == "" && n > 0 && gp.Indicator != nil && len(gp.Indicator.Reporters) > 0 &&
			gp.Series[n-1].Count < len(gp.Indicator.Reporters) &&
			len(judged) == n {
			judged = judged[:n-1]
			gp.Incomplete = gp.Series[n-1].Period
		}
		if g.Baseline != nil && g.Target != nil && !gp.PartOfTotal {
			gp.Assessment = Assess(*g.Baseline, *g.Target, judged, gp.HigherIsBetter(), q.Now, gp.Start, gp.Due)
		} else {
			gp.Assessment.Status = StatusNoData
		}
		out = append(out, gp)
	}
	return out, nil
}

func orEmpty(p []RollupPoint) []RollupPoint {
	if p == nil {
		return []RollupPoint{}
	}
	return p
}

// marks returns n placeholders, numbered after the first `after`.
func marks(n, after int) string {
	if n == 0 {
		return "NULL"
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(after+i+1))
	}
	return b.String()
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// indicatorsByID reads indicators with their reporters, by id.
func indicatorsByID(ctx context.Context, q store.Querier, ids []int64) (map[int64]*Indicator, error) {
	out := map[int64]*Indicator{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(
		ctx,
		`SELECT `+indicatorColumns+` FROM indicators WHERE id IN (`+marks(len(ids), 0)+`)`,
		int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("read indicators: %w", err)
	}
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ind.Reporters = []string{}
		out[ind.ID] = ind
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(
		ctx,
		`SELECT indicator_id, organization_id FROM indicator_reporters WHERE indicator_id IN (`+marks(len(ids), 0)+`)
		ORDER BY indicator_id, organization_id`,
		int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("read reporters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var org string
		if err := rows.Scan(&id, &org); err != nil {
			return nil, err
		}
		if ind := out[id]; ind != nil {
			ind.Reporters = append(ind.Reporters, org)
		}
	}
	return out, rows.Err()
}

// milestonesOf reads the milestones of goals, by goal, each by value.
func milestonesOf(ctx context.Context, q store.Querier, goalIDs []int64) (map[int64][]Milestone, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT `+milestoneColumns+` FROM milestones WHERE goal_id IN (`+marks(
			len(goalIDs),
			0,
		)+`) ORDER BY goal_id, value, id`,
		int64Args(goalIDs)...)
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Milestone{}
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, err
		}
		out[m.GoalID] = append(out[m.GoalID], m)
	}
	return out, rows.Err()
}

// ownColumns read one organization's current measurements as roll-up
// points of one report each.
const ownColumns = `period, value, 1, value, COALESCE(weight, 1), COALESCE(weight, 1) * value, value, value, value, reported_at`

// rollupsOf runs a query whose rows are an indicator id then the roll-up
// columns, and groups the points by indicator.
func rollupsOf(ctx context.Context, q store.Querier, query string, args ...any) (map[int64][]RollupPoint, error) {
	out := map[int64][]RollupPoint{}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read roll-ups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p RollupPoint
		if err := rows.Scan(&id, &p.Period, &p.Value, &p.Count, &p.Sum, &p.WeightSum, &p.WeightedSum, &p.Min, &p.Max, &p.Latest, &p.LatestAt); err != nil {
			return nil, err
		}
		p.LatestAt = p.LatestAt.UTC()
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// goalsAsOf lists the goals of q's initiative or organization, each at the
// revision it had at q.AsOf (or now), oldest first.
func (s *Store) goalsAsOf(ctx context.Context, q DashboardQuery) ([]Goal, error) {
	where, args := "g.initiative_id = $1", []any{q.InitiativeID}
	if q.Organization != "" {
		where, args = "g.organization_id = $1", []any{q.Organization}
	}
	if q.Goal != 0 {
		args = append(args, q.Goal)
		where += fmt.Sprintf(" AND g.id = $%d", len(args))
	}
	revision := "r.revision = g.revision"
	if !q.AsOf.IsZero() {
		args = append(args, q.AsOf.UTC())
		revision = fmt.Sprintf(
			"r.revision = (SELECT MAX(x.revision) FROM goal_revisions x WHERE x.goal_id = g.id AND x.recorded_at <= $%d)",
			len(args),
		)
	}
	return goalList(
		ctx,
		s.db,
		`SELECT `+goalColumns+` FROM goals g JOIN goal_revisions r ON r.goal_id = g.id AND `+revision+`
		WHERE `+where+` ORDER BY g.id`,
		args...)
}

// ownSeries is one organization's current values of an indicator, one
// point per period it reported, in period order.
func ownSeries(ctx context.Context, q store.Querier, indicatorID int64, orgID string) ([]RollupPoint, error) {
	m, err := rollupsOf(ctx, q, `SELECT indicator_id, `+ownColumns+` FROM measurements
		WHERE organization_id = $1 AND indicator_id = $2 AND superseded_at IS NULL ORDER BY period`, orgID, indicatorID)
	return orEmpty(m[indicatorID]), err
}

// checkMember checks a member filter of an initiative's dashboard: an
// organization that is (or was, or is invited to be) a member of it, as
// the web page's list offers; else the error is a validation error naming
// the "member" parameter.
func (s *Store) checkMember(ctx context.Context, initiativeID int64, orgID string) error {
	var member, exists int
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM initiative_members WHERE initiative_id = $1 AND organization_id = $2),
		(SELECT COUNT(*) FROM organizations WHERE id = $2)`, initiativeID, orgID).Scan(&member, &exists)
	switch {
	case err != nil:
		return fmt.Errorf("find member %q: %w", orgID, err)
	case exists == 0:
		return &errs.ValidationError{
			Fields: map[string]string{"member": fmt.Sprintf("no organization has the id %q", orgID)},
		}
	case member == 0:
		return &errs.ValidationError{
			Fields: map[string]string{"member": fmt.Sprintf("%q is not a member of this initiative", orgID)},
		}
	}
	return nil
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}
	}
	return t
}
