package plan

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// MetRecently is how far back the supervisor's page shows signals met.
const MetRecently = 90 * 24 * time.Hour

// Team is the supervisor's page: the plans of the people of the
// organizations one keeps and of their units, with their overdue actions
// first, then the signals met recently, and the totals per unit.
type Team struct {
	Unit     string      `json:"unit"` // the unit shown; "" for every unit in reach
	Units    []TeamUnit  `json:"units"`
	Overdue  []ActionRow `json:"overdue_actions"` // the oldest due date first
	Met      []SignalRow `json:"signals_met"`     // since MetSince, the latest first
	MetSince string      `json:"signals_met_since"`
	Plans    []TeamPlan  `json:"plans"` // the plans with overdue actions first, then by person
	Today    string      `json:"today"`
}

// TeamUnit is an organization in a supervisor's reach with its totals.
type TeamUnit struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ParentID    string `json:"parent_id,omitempty"`
	ParentName  string `json:"parent_name,omitempty"`
	People      int    `json:"people"`
	Plans       int    `json:"plans"`
	OpenActions int    `json:"open_actions"`
	Overdue     int    `json:"overdue_actions"`
	Met         int    `json:"signals_met"` // since the team's MetSince
}

// TeamPlan is one plan on the supervisor's page, in figures.
type TeamPlan struct {
	ID          int64    `json:"id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Owner       string   `json:"owner"` // the person, or the unit
	Units       []string `json:"units"` // the units it counts in, by name
	Status      string   `json:"status"`
	EndsOn      string   `json:"ends_on"`
	Areas       int      `json:"areas"`
	OpenActions int      `json:"open_actions"`
	Overdue     int      `json:"overdue_actions"`
	Met         int      `json:"signals_met"` // ever
	unitIDs     []string
}

// ActionRow is an action with the plan and the area it belongs to.
type ActionRow struct {
	Action
	PlanID    int64    `json:"plan_id"`
	PlanTitle string   `json:"plan_title"`
	Person    string   `json:"person"` // the plan's owner
	AreaTitle string   `json:"area_title"`
	Units     []string `json:"units,omitempty"`
}

// SignalRow is a met signal with the plan and the area it belongs to.
type SignalRow struct {
	PlanID    int64     `json:"plan_id"`
	PlanTitle string    `json:"plan_title"`
	Person    string    `json:"person"`
	AreaID    int64     `json:"area_id"`
	AreaTitle string    `json:"area_title"`
	Signal    string    `json:"signal"` // in words
	MetAt     time.Time `json:"met_at"`
	Evidence  string    `json:"evidence"`
	Units     []string  `json:"units,omitempty"`
}

// teamScope is the organizations in the reach of $1 (the reader): those
// they keep ($3 is the admin role) and their units; every organization with
// people when $2 is 1 (a platform admin or a command). $4 narrows it to one
// unit when not empty.
const teamScope = `SELECT o.id FROM organizations o WHERE ($4 = '' OR o.id = $4) AND ($2 = 1
	OR o.id IN (SELECT organization_id FROM memberships WHERE user_id = $1 AND role = $3)
	OR o.parent_organization_id IN (SELECT organization_id FROM memberships WHERE user_id = $1 AND role = $3))`

// teamPlans is the plans in reach: of the people who work for a unit in
// the scope, and of the units themselves, with the unit each counts in.
const teamPlans = `SELECT p.id, m.organization_id FROM plans p JOIN memberships m ON m.user_id = p.user_id
		WHERE p.kind = 'person' AND m.organization_id IN (` + teamScope + `)
	UNION ALL SELECT p.id, p.organization_id FROM plans p
		WHERE p.kind = 'unit' AND p.organization_id IN (` + teamScope + `)`

// Team gathers the supervisor's page for actor (account.ViewTeamPlans),
// for every unit in reach or for one (unit, an organization's id). Each
// plan on it is one the actor may read (account.ViewPlan), decided for all
// of them at once: the page takes a few queries however many plans it
// shows.
func (s *Store) Team(ctx context.Context, actor account.Actor, unit string) (*Team, error) {
	if err := s.rules.Check(ctx, actor, account.ViewTeamPlans, account.Platform); err != nil {
		return nil, err
	}
	unit = strings.TrimSpace(unit)
	all := 0
	if actor.System || (actor.User != nil && actor.User.Role == account.RoleAdmin) {
		all = 1
	}
	now := s.now().UTC()
	t := &Team{Unit: unit, Units: []TeamUnit{}, Overdue: []ActionRow{}, Met: []SignalRow{}, Plans: []TeamPlan{},
		Today: now.Format(time.DateOnly), MetSince: now.Add(-MetRecently).Format(time.DateOnly)}
	args := []any{actor.UserID, all, account.OrgAdmin, ""}

	units, err := s.teamUnits(ctx, args)
	if err != nil {
		return nil, err
	}
	if unit != "" && units[unit] == nil {
		return nil, &errs.ValidationError{Fields: map[string]string{
			"unit": "is not an organization you supervise, nor one of its units"}}
	}
	args[3] = unit

	plans, err := s.teamPlans(ctx, actor, args, units)
	if err != nil {
		return nil, err
	}
	if err := s.teamActions(ctx, args, t, plans, units); err != nil {
		return nil, err
	}
	if err := s.teamSignals(ctx, args, t, plans, units); err != nil {
		return nil, err
	}

	for _, u := range units {
		if unit == "" || u.ID == unit {
			t.Units = append(t.Units, *u)
		}
	}
	slices.SortFunc(t.Units, func(a, b TeamUnit) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range plans {
		t.Plans = append(t.Plans, *p)
	}
	slices.SortFunc(t.Plans, func(a, b TeamPlan) int {
		if (a.Overdue > 0) != (b.Overdue > 0) {
			if a.Overdue > 0 {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Owner, b.Owner); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	slices.SortStableFunc(t.Overdue, func(a, b ActionRow) int { return strings.Compare(a.DueOn, b.DueOn) })
	slices.SortStableFunc(t.Met, func(a, b SignalRow) int { return b.MetAt.Compare(a.MetAt) })
	return t, nil
}

// teamUnits reads the organizations in reach with their people.
func (s *Store) teamUnits(ctx context.Context, args []any) (map[string]*TeamUnit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(o.parent_organization_id, ''),
		COALESCE(par.name, ''), (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id)
		FROM organizations o LEFT JOIN organizations par ON par.id = o.parent_organization_id
		WHERE o.id IN (`+teamScope+`) AND ($2 = 0 OR o.id IN (SELECT organization_id FROM memberships))`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the units in reach: %w", err)
	}
	defer rows.Close()
	units := map[string]*TeamUnit{}
	for rows.Next() {
		u := &TeamUnit{}
		if err := rows.Scan(&u.ID, &u.Name, &u.ParentID, &u.ParentName, &u.People); err != nil {
			return nil, fmt.Errorf("read the units in reach: %w", err)
		}
		units[u.ID] = u
	}
	return units, rows.Err()
}

// teamPlans reads the plans in reach that actor may read, with the units
// they count in.
func (s *Store) teamPlans(ctx context.Context, actor account.Actor, args []any,
	units map[string]*TeamUnit) (map[int64]*TeamPlan, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.kind, p.title, COALESCE(u.name, o.name, ''), p.status,
		p.ends_on, t.organization_id FROM (`+teamPlans+`) t JOIN plans p ON p.id = t.id
		LEFT JOIN users u ON u.id = p.user_id LEFT JOIN organizations o ON o.id = p.organization_id
		ORDER BY p.id, t.organization_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the team's plans: %w", err)
	}
	plans := map[int64]*TeamPlan{}
	var ids []int64
	for rows.Next() {
		var p TeamPlan
		var unit string
		if err := rows.Scan(&p.ID, &p.Kind, &p.Title, &p.Owner, &p.Status, &p.EndsOn, &unit); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the team's plans: %w", err)
		}
		if plans[p.ID] == nil {
			p.Units = []string{}
			plans[p.ID] = &p
			ids = append(ids, p.ID)
		}
		if u := units[unit]; u != nil {
			plans[p.ID].Units = append(plans[p.ID].Units, u.Name)
			plans[p.ID].unitIDs = append(plans[p.ID].unitIDs, unit)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the team's plans: %w", err)
	}
	may, err := s.rules.PlansMay(ctx, actor, account.ViewPlan, ids)
	if err != nil {
		return nil, err
	}
	for id, p := range plans {
		if !may[id] {
			delete(plans, id)
			continue
		}
		for _, u := range p.unitIDs {
			units[u].Plans++
		}
	}
	return plans, nil
}

// teamActions counts the plans' open actions and lists the overdue ones of
// the open plans: the counts summed in the database, only the overdue read
// row by row.
func (s *Store) teamActions(ctx context.Context, args []any, t *Team, plans map[int64]*TeamPlan,
	units map[string]*TeamUnit) error {
	in := `x.status IN ('planned', 'in_progress') AND x.plan_id IN (SELECT id FROM (` + teamPlans + `) t)`
	args = append(args, t.Today)
	rows, err := s.db.QueryContext(ctx, `SELECT x.plan_id, COUNT(*) FROM plan_actions x WHERE `+in+
		` GROUP BY x.plan_id`, args[:4]...)
	if err != nil {
		return fmt.Errorf("count the team's actions: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return fmt.Errorf("count the team's actions: %w", err)
		}
		if p := plans[id]; p != nil && p.Status == StatusOpen {
			p.OpenActions = n
			for _, u := range p.unitIDs {
				units[u].OpenActions += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count the team's actions: %w", err)
	}

	names, err := s.strategyNames(ctx)
	if err != nil {
		return err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT x.id, x.plan_id, x.area_id, a.title, x.strategy, x.title,
		COALESCE(x.owner_id, 0), COALESCE(u.name, ''), x.due_on, x.status
		FROM plan_actions x JOIN plan_areas a ON a.id = x.area_id LEFT JOIN users u ON u.id = x.owner_id
		WHERE x.due_on <> '' AND x.due_on < $5 AND `+in, args...)
	if err != nil {
		return fmt.Errorf("read the team's overdue actions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ActionRow
		if err := rows.Scan(&r.ID, &r.PlanID, &r.AreaID, &r.AreaTitle, &r.Strategy, &r.Title, &r.OwnerID,
			&r.OwnerName, &r.DueOn, &r.Status); err != nil {
			return fmt.Errorf("read the team's overdue actions: %w", err)
		}
		p := plans[r.PlanID]
		if p == nil || p.Status != StatusOpen {
			continue
		}
		r.StrategyName, r.Overdue = names[r.Strategy], true
		p.Overdue++
		for _, u := range p.unitIDs {
			units[u].Overdue++
		}
		r.PlanTitle, r.Person, r.Units = p.Title, p.Owner, p.Units
		t.Overdue = append(t.Overdue, r)
	}
	return rows.Err()
}

// teamSignals counts the plans' areas and signals met, and lists those met
// since the team's MetSince: the counts summed in the database, only the
// recent read row by row.
func (s *Store) teamSignals(ctx context.Context, args []any, t *Team, plans map[int64]*TeamPlan,
	units map[string]*TeamUnit) error {
	in := `a.plan_id IN (SELECT id FROM (` + teamPlans + `) t)`
	rows, err := s.db.QueryContext(ctx, `SELECT a.plan_id, COUNT(*), COUNT(g.met_at) FROM plan_areas a
		LEFT JOIN plan_signals g ON g.area_id = a.id WHERE `+in+` GROUP BY a.plan_id`, args...)
	if err != nil {
		return fmt.Errorf("count the team's signals: %w", err)
	}
	for rows.Next() {
		var id int64
		var areas, met int
		if err := rows.Scan(&id, &areas, &met); err != nil {
			rows.Close()
			return fmt.Errorf("count the team's signals: %w", err)
		}
		if p := plans[id]; p != nil {
			p.Areas, p.Met = areas, met
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count the team's signals: %w", err)
	}

	since := s.now().UTC().Add(-MetRecently)
	rows, err = s.db.QueryContext(ctx, `SELECT a.id, a.plan_id, a.title, g.kind, g.level, COALESCE(ind.name, ''),
		g.target, g.description, g.met_at, g.evidence
		FROM plan_areas a JOIN plan_signals g ON g.area_id = a.id LEFT JOIN indicators ind ON ind.id = g.indicator_id
		WHERE g.met_at >= $5 AND `+in, append(args, since)...)
	if err != nil {
		return fmt.Errorf("read the team's signals met: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SignalRow
		var g Signal
		var target sql.NullFloat64
		if err := rows.Scan(&r.AreaID, &r.PlanID, &r.AreaTitle, &g.Kind, &g.Level, &g.IndicatorName, &target,
			&g.Description, &r.MetAt, &r.Evidence); err != nil {
			return fmt.Errorf("read the team's signals met: %w", err)
		}
		p := plans[r.PlanID]
		if p == nil {
			continue
		}
		if target.Valid {
			g.Target = &target.Float64
		}
		for _, u := range p.unitIDs {
			units[u].Met++
		}
		r.Signal, r.MetAt, r.PlanTitle, r.Person, r.Units = g.Text(), r.MetAt.UTC(), p.Title, p.Owner, p.Units
		t.Met = append(t.Met, r)
	}
	return rows.Err()
}

// strategyNames names the library's strategies by key, as it stands.
func (s *Store) strategyNames(ctx context.Context) (map[string]string, error) {
	lib, err := s.library(ctx, s.db)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, st := range lib {
		names[st.Key] = st.Name
	}
	return names, nil
}

// MyActions lists the open actions actor owns, across the open plans they
// may read (account.ViewPlan): the overdue first, then by due date, the
// undated last.
func (s *Store) MyActions(ctx context.Context, actor account.Actor) ([]ActionRow, error) {
	if actor.User == nil {
		return nil, errs.ErrUnauthenticated
	}
	names, err := s.strategyNames(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.plan_id, x.area_id, a.title, x.strategy, x.title,
		x.due_on, x.status, p.title, COALESCE(u.name, o.name, i.name, '')
		FROM plan_actions x JOIN plan_areas a ON a.id = x.area_id JOIN plans p ON p.id = x.plan_id
		LEFT JOIN users u ON u.id = p.user_id LEFT JOIN organizations o ON o.id = p.organization_id
		LEFT JOIN initiatives i ON i.id = p.initiative_id
		WHERE x.owner_id = $1 AND x.status IN ('planned', 'in_progress') AND p.status = 'open'`, actor.UserID)
	if err != nil {
		return nil, fmt.Errorf("read my actions: %w", err)
	}
	out := []ActionRow{}
	var ids []int64
	today := s.today()
	for rows.Next() {
		var r ActionRow
		if err := rows.Scan(&r.ID, &r.PlanID, &r.AreaID, &r.AreaTitle, &r.Strategy, &r.Title, &r.DueOn, &r.Status,
			&r.PlanTitle, &r.Person); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read my actions: %w", err)
		}
		r.OwnerID, r.OwnerName, r.StrategyName = actor.UserID, actor.User.Name, names[r.Strategy]
		r.Overdue = r.DueOn != "" && r.DueOn < today
		out = append(out, r)
		ids = append(ids, r.PlanID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read my actions: %w", err)
	}
	may, err := s.rules.PlansMay(ctx, actor, account.ViewPlan, ids)
	if err != nil {
		return nil, err
	}
	out = slices.DeleteFunc(out, func(r ActionRow) bool { return !may[r.PlanID] })
	slices.SortFunc(out, func(a, b ActionRow) int {
		switch {
		case a.Overdue != b.Overdue:
			if a.Overdue {
				return -1
			}
			return 1
		case (a.DueOn == "") != (b.DueOn == ""):
			if a.DueOn == "" {
				return 1
			}
			return -1
		case a.DueOn != b.DueOn:
			return strings.Compare(a.DueOn, b.DueOn)
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}
