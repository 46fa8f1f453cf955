package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Goal is a goal as one of its revisions states it. Goals are revised,
// never overwritten: every revision keeps its reason, who made it and when.
type Goal struct {
	ID                  int64     `json:"id"`
	InitiativeID        int64     `json:"initiative_id,omitempty"`   // set for an initiative's goal
	OrganizationID      string    `json:"organization_id,omitempty"` // set for a single organization's goal
	Revision            int       `json:"revision"`                  // the revision shown
	CurrentRevision     int       `json:"current_revision"`          // the newest revision
	Statement           string    `json:"statement"`
	IndicatorID         int64     `json:"indicator_id,omitempty"`
	Baseline            *float64  `json:"baseline,omitempty"`
	BaselinePeriod      string    `json:"baseline_period,omitempty"`
	Target              *float64  `json:"target,omitempty"`
	Unit                string    `json:"unit,omitempty"`
	StartsOn            string    `json:"starts_on,omitempty"` // YYYY-MM-DD
	DueOn               string    `json:"due_on,omitempty"`
	OwnerOrganizationID string    `json:"owner_organization_id,omitempty"`
	AgendaItemID        int64     `json:"agenda_item_id,omitempty"`
	Reason              string    `json:"reason"`
	UserID              int64     `json:"user_id,omitempty"`
	Actor               string    `json:"actor"`
	RecordedAt          time.Time `json:"recorded_at"` // when this revision was written
	CreatedAt           time.Time `json:"created_at"`
}

// GoalInput is what a person writes for a goal or a revision of it. The
// SMART check (elsewhere) says what is missing; the store only refuses what
// cannot be stored or points at the wrong initiative.
type GoalInput struct {
	InitiativeID        int64  // the initiative, or 0 for an organization's own goal
	OrganizationID      string // the organization, for an organization's own goal
	Statement           string
	IndicatorID         int64
	Baseline            *float64
	BaselinePeriod      string
	Target              *float64
	Unit                string
	StartsOn            string // YYYY-MM-DD
	DueOn               string // YYYY-MM-DD
	OwnerOrganizationID string
	AgendaItemID        int64
}

// Normalize trims the input and checks what it can without the database.
func (in *GoalInput) Normalize() error {
	v := &errs.ValidationError{}
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.Statement = strings.TrimSpace(in.Statement)
	in.BaselinePeriod = strings.TrimSpace(in.BaselinePeriod)
	in.Unit = strings.TrimSpace(in.Unit)
	in.StartsOn = strings.TrimSpace(in.StartsOn)
	in.DueOn = strings.TrimSpace(in.DueOn)
	in.OwnerOrganizationID = strings.TrimSpace(in.OwnerOrganizationID)
	if (in.InitiativeID == 0) == (in.OrganizationID == "") {
		v.Add("initiative_id", "a goal belongs to an initiative or to one organization, not both or neither")
	}
	switch {
	case in.Statement == "":
		v.Add("statement", "is required")
	case len(in.Statement) > 1000:
		v.Add("statement", "must be at most 1000 characters")
	}
	for field, f := range map[string]*float64{"baseline": in.Baseline, "target": in.Target} {
		if f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) {
			v.Add(field, "must be a number")
		}
	}
	var starts, due time.Time
	var err error
	if in.StartsOn != "" {
		if starts, err = time.Parse(time.DateOnly, in.StartsOn); err != nil {
			v.Add("starts_on", "must be a date like 2025-01-31")
		}
	}
	if in.DueOn != "" {
		if due, err = time.Parse(time.DateOnly, in.DueOn); err != nil {
			v.Add("due_on", "must be a date like 2025-12-31")
		}
	}
	if !starts.IsZero() && !due.IsZero() && due.Before(starts) {
		v.Add("due_on", "must not be before the start date")
	}
	if in.BaselinePeriod != "" {
		p, err := ParsePeriod(in.BaselinePeriod)
		if err != nil {
			v.Add("baseline_period", err.Error())
		} else {
			in.BaselinePeriod = p.String()
		}
	}
	return v.OrNil()
}

// check checks the input against the database: the indicator and agenda
// item belong to the goal's initiative (for an organization's own goal, the
// indicator is one it reports), the organizations exist.
func (in *GoalInput) check(ctx context.Context, q store.Querier) error {
	v := &errs.ValidationError{}
	if in.InitiativeID != 0 {
		if err := initiativeExists(ctx, q, in.InitiativeID); err != nil {
			return err
		}
	}
	if in.IndicatorID != 0 {
		ind, err := indicator(ctx, q, in.IndicatorID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("indicator_id", "no such indicator")
		case err != nil:
			return err
		case in.InitiativeID != 0 && ind.InitiativeID != in.InitiativeID:
			v.Add("indicator_id", "is an indicator of another initiative")
		case in.InitiativeID == 0 && !isReporter(ind, in.OrganizationID):
			// An organization's own goal is measured by its own reports.
			v.Add("indicator_id", "is not an indicator this organization reports")
		case in.BaselinePeriod != "":
			if _, err := ParsePeriodFor(ind.Frequency, in.BaselinePeriod); err != nil {
				v.Add("baseline_period", err.Error())
			}
		}
	}
	if in.AgendaItemID != 0 {
		var ini int64
		err := q.QueryRowContext(ctx, `SELECT initiative_id FROM agenda_items WHERE id = $1`, in.AgendaItemID).Scan(&ini)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add("agenda_item_id", "no such agenda item")
		case err != nil:
			return store.Classify(fmt.Errorf("find agenda item: %w", err))
		case in.InitiativeID == 0 || ini != in.InitiativeID:
			v.Add("agenda_item_id", "is an agenda item of another initiative")
		}
	}
	for field, org := range map[string]string{"organization_id": in.OrganizationID, "owner_organization_id": in.OwnerOrganizationID} {
		if org == "" {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1`, org).Scan(&n); err != nil {
			return store.Classify(fmt.Errorf("find organization: %w", err))
		}
		if n == 0 {
			v.Add(field, fmt.Sprintf("no organization has the id %q", org))
		}
	}
	return v.OrNil()
}

// CreateGoal writes a goal's first revision.
func (s *Store) CreateGoal(ctx context.Context, actor account.Actor, in GoalInput) (*Goal, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *Goal
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := in.check(ctx, tx); err != nil {
			return err
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO goals (initiative_id, organization_id, revision, created_at, updated_at) VALUES ($1, $2, 1, $3, $3) RETURNING id`,
			nullInt(in.InitiativeID), nullString(in.OrganizationID), now).Scan(&id); err != nil {
			return store.Classify(fmt.Errorf("create goal: %w", err))
		}
		if err := writeRevision(ctx, tx, actor, id, 1, in, "", now); err != nil {
			return err
		}
		var err error
		if out, err = goalAt(ctx, tx, id, 0, time.Time{}); err != nil {
			return err
		}
		return goalChange(ctx, tx, actor, out, "goal_create", fmt.Sprintf("Set the goal “%s”", out.Statement), nil, out)
	})
	return out, err
}

// Revise writes a new revision of a goal; the earlier ones stay as they
// were. A reason is required. The goal stays with its initiative or
// organization.
func (s *Store) Revise(ctx context.Context, actor account.Actor, goalID int64, in GoalInput, reason string) (*Goal, error) {
	reason = strings.TrimSpace(reason)
	var out *Goal
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := goalAt(ctx, tx, goalID, 0, time.Time{})
		if err != nil {
			return err
		}
		in.InitiativeID, in.OrganizationID = before.InitiativeID, before.OrganizationID
		if err := in.Normalize(); err != nil {
			return err
		}
		if reason == "" {
			return &errs.ValidationError{Fields: map[string]string{"reason": "is required: say why the goal changes"}}
		}
		if err := in.check(ctx, tx); err != nil {
			return err
		}
		now := s.now()
		rev := before.CurrentRevision + 1
		res, err := tx.ExecContext(ctx, `UPDATE goals SET revision = $1, updated_at = $2 WHERE id = $3 AND revision = $4`, rev, now, goalID, before.CurrentRevision)
		if err != nil {
			return store.Classify(fmt.Errorf("revise goal: %w", err))
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.ConflictError{Message: "the goal was revised by someone else meanwhile; reload it and try again"}
		}
		if err := writeRevision(ctx, tx, actor, goalID, rev, in, reason, now); err != nil {
			return err
		}
		if out, err = goalAt(ctx, tx, goalID, 0, time.Time{}); err != nil {
			return err
		}
		return goalChange(ctx, tx, actor, out, "goal_revise", fmt.Sprintf("Revised the goal “%s”: %s", out.Statement, reason), before, out)
	})
	return out, err
}

func writeRevision(ctx context.Context, tx *sql.Tx, actor account.Actor, goalID int64, rev int, in GoalInput, reason string, now time.Time) error {
	uid, label := actorColumns(actor)
	_, err := tx.ExecContext(ctx, `INSERT INTO goal_revisions (goal_id, revision, statement, indicator_id, baseline, baseline_period, target, unit,
		starts_on, due_on, owner_organization_id, agenda_item_id, reason, user_id, actor, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		goalID, rev, in.Statement, nullInt(in.IndicatorID), in.Baseline, in.BaselinePeriod, in.Target, in.Unit, in.StartsOn, in.DueOn,
		nullString(in.OwnerOrganizationID), nullInt(in.AgendaItemID), reason, uid, label, now)
	if err != nil {
		return store.Classify(fmt.Errorf("write goal revision: %w", err))
	}
	return nil
}

// goalChange records a change to a goal for the feed of its initiative, or
// the log of its organization.
func goalChange(ctx context.Context, q store.Querier, actor account.Actor, g *Goal, action, summary string, before, after any) error {
	if g.InitiativeID != 0 {
		return recordChange(ctx, q, actor, g.InitiativeID, action, summary, before, after)
	}
	return account.Record(ctx, q, actor, account.Event{Action: action, EntityType: "organization", EntityID: g.OrganizationID,
		Summary: summary, Before: before, After: after})
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Goal returns a goal as its newest revision states it.
func (s *Store) Goal(ctx context.Context, goalID int64) (*Goal, error) {
	return goalAt(ctx, s.db, goalID, 0, time.Time{})
}

// GoalAsOf returns a goal as it stood at time at: the newest revision
// written by then. A goal not yet set at that time is errs.ErrNotFound.
func (s *Store) GoalAsOf(ctx context.Context, goalID int64, at time.Time) (*Goal, error) {
	return goalAt(ctx, s.db, goalID, 0, at.UTC())
}

// GoalRevision returns one revision of a goal.
func (s *Store) GoalRevision(ctx context.Context, goalID int64, revision int) (*Goal, error) {
	if revision <= 0 {
		return nil, fmt.Errorf("goal %d revision %d: %w", goalID, revision, errs.ErrNotFound)
	}
	return goalAt(ctx, s.db, goalID, revision, time.Time{})
}

const goalColumns = `g.id, g.initiative_id, g.organization_id, g.revision, g.created_at, r.revision, r.statement, r.indicator_id, r.baseline,
	r.baseline_period, r.target, r.unit, r.starts_on, r.due_on, r.owner_organization_id, r.agenda_item_id, r.reason, r.user_id, r.actor, r.recorded_at`

func scanGoal(row interface{ Scan(...any) error }) (*Goal, error) {
	var g Goal
	var ini, ind, agenda, uid sql.NullInt64
	var org, owner sql.NullString
	var baseline, target sql.NullFloat64
	if err := row.Scan(&g.ID, &ini, &org, &g.CurrentRevision, &g.CreatedAt, &g.Revision, &g.Statement, &ind, &baseline,
		&g.BaselinePeriod, &target, &g.Unit, &g.StartsOn, &g.DueOn, &owner, &agenda, &g.Reason, &uid, &g.Actor, &g.RecordedAt); err != nil {
		return nil, err
	}
	g.InitiativeID, g.OrganizationID, g.IndicatorID, g.AgendaItemID, g.UserID = ini.Int64, org.String, ind.Int64, agenda.Int64, uid.Int64
	g.OwnerOrganizationID = owner.String
	if baseline.Valid {
		g.Baseline = &baseline.Float64
	}
	if target.Valid {
		g.Target = &target.Float64
	}
	g.CreatedAt, g.RecordedAt = g.CreatedAt.UTC(), g.RecordedAt.UTC()
	return &g, nil
}

// goalAt reads a goal at one revision (rev > 0), as it stood at a time
// (non-zero at), or as it stands now.
func goalAt(ctx context.Context, q store.Querier, goalID int64, rev int, at time.Time) (*Goal, error) {
	query := `SELECT ` + goalColumns + ` FROM goals g JOIN goal_revisions r ON r.goal_id = g.id WHERE g.id = $1`
	args := []any{goalID}
	switch {
	case rev > 0:
		query += ` AND r.revision = $2`
		args = append(args, rev)
	case !at.IsZero():
		query += ` AND r.recorded_at <= $2 ORDER BY r.revision DESC LIMIT 1`
		args = append(args, at)
	default:
		query += ` AND r.revision = g.revision`
	}
	g, err := scanGoal(q.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("goal %d: %w", goalID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, store.Classify(fmt.Errorf("get goal %d: %w", goalID, err))
	}
	return g, nil
}

// GoalRevisions returns every revision of a goal, oldest first.
func (s *Store) GoalRevisions(ctx context.Context, goalID int64) ([]Goal, error) {
	return goalList(ctx, s.db, `SELECT `+goalColumns+` FROM goals g JOIN goal_revisions r ON r.goal_id = g.id WHERE g.id = $1 ORDER BY r.revision`, goalID)
}

// Goals returns an initiative's goals as they stand now, oldest first.
func (s *Store) Goals(ctx context.Context, initiativeID int64) ([]Goal, error) {
	return s.goalsAsOf(ctx, DashboardQuery{InitiativeID: initiativeID})
}

// OrganizationGoals returns an organization's own goals as they stand now.
func (s *Store) OrganizationGoals(ctx context.Context, orgID string) ([]Goal, error) {
	return s.goalsAsOf(ctx, DashboardQuery{Organization: orgID})
}

func goalList(ctx context.Context, q store.Querier, query string, args ...any) ([]Goal, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list goals: %w", err))
	}
	defer rows.Close()
	out := []Goal{}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *g)
	}
	return out, rows.Err()
}

// Milestone is a value on the way to a goal's target; it is reached, once,
// when the combined value of the goal's indicator for a period passes it
// (reaches or exceeds it, or for a lower-is-better indicator, reaches or
// falls below it).
type Milestone struct {
	ID            int64      `json:"id"`
	GoalID        int64      `json:"goal_id"`
	Value         float64    `json:"value"`
	Label         string     `json:"label,omitempty"`
	ReachedAt     *time.Time `json:"reached_at,omitempty"`
	ReachedPeriod string     `json:"reached_period,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// AddMilestone adds a milestone to a goal.
func (s *Store) AddMilestone(ctx context.Context, actor account.Actor, goalID int64, value float64, label string) (*Milestone, error) {
	label = strings.TrimSpace(label)
	v := &errs.ValidationError{}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		v.Add("value", "must be a number")
	}
	if len(label) > 200 {
		v.Add("label", "must be at most 200 characters")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var out *Milestone
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		g, err := goalAt(ctx, tx, goalID, 0, time.Time{})
		if err != nil {
			return err
		}
		now := s.now()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO milestones (goal_id, value, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id`, goalID, value, label, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return &errs.ConflictError{Field: "value", Message: fmt.Sprintf("this goal already has a milestone at %s", FormatNumber(value))}
		}
		if err != nil {
			return store.Classify(fmt.Errorf("add milestone: %w", err))
		}
		out = &Milestone{ID: id, GoalID: goalID, Value: value, Label: label, CreatedAt: now}
		if err := goalChange(ctx, tx, actor, g, "milestone_create", fmt.Sprintf("Set a milestone of %s for the goal “%s”", FormatNumber(value), g.Statement), nil, out); err != nil {
			return err
		}
		if g.IndicatorID == 0 {
			return nil
		}
		// A milestone the numbers have passed already is reached now, at
		// the first period that passed it.
		ind, err := indicator(ctx, tx, g.IndicatorID)
		if err != nil {
			return err
		}
		var points []RollupPoint
		if g.OrganizationID != "" {
			points, err = ownSeries(ctx, tx, ind.ID, g.OrganizationID)
		} else {
			points, err = rollups(ctx, tx, ind.ID, "", "")
		}
		if err != nil {
			return err
		}
		if err := reachMilestones(ctx, tx, actor, ind, g.OrganizationID, points, now); err != nil {
			return err
		}
		m, err := scanMilestone(tx.QueryRowContext(ctx, `SELECT `+milestoneColumns+` FROM milestones WHERE id = $1`, id))
		*out = m
		return err
	})
	return out, err
}

// Milestones returns a goal's milestones by value.
func (s *Store) Milestones(ctx context.Context, goalID int64) ([]Milestone, error) {
	m, err := milestonesOf(ctx, s.db, []int64{goalID})
	if err != nil {
		return nil, err
	}
	if m[goalID] == nil {
		return []Milestone{}, nil
	}
	return m[goalID], nil
}

const milestoneColumns = `id, goal_id, value, label, reached_at, reached_period, created_at`

func scanMilestone(row interface{ Scan(...any) error }) (Milestone, error) {
	var m Milestone
	var at sql.NullTime
	if err := row.Scan(&m.ID, &m.GoalID, &m.Value, &m.Label, &at, &m.ReachedPeriod, &m.CreatedAt); err != nil {
		return m, err
	}
	if at.Valid {
		t := at.Time.UTC()
		m.ReachedAt = &t
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return m, nil
}

// reachMilestones marks reached, once, the milestones that values just
// written pass: with org empty, those of the initiative goals on the
// indicator, against the combined values in points; with org set, those of
// that organization's own goals on it, against its own values in points.
// Each is recorded in the audit log for the feed.
func reachMilestones(ctx context.Context, tx *sql.Tx, actor account.Actor, ind *Indicator, org string, points []RollupPoint, now time.Time) error {
	whose, args := ` AND g.initiative_id IS NOT NULL`, []any{ind.ID}
	if org != "" {
		whose, args = ` AND g.organization_id = $2`, append(args, org)
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.value, m.label, g.id, g.initiative_id, g.organization_id FROM milestones m
		JOIN goals g ON g.id = m.goal_id JOIN goal_revisions r ON r.goal_id = g.id AND r.revision = g.revision
		WHERE r.indicator_id = $1 AND m.reached_at IS NULL`+whose+` ORDER BY m.value, m.id`, args...)
	if err != nil {
		return store.Classify(fmt.Errorf("find milestones: %w", err))
	}
	type open struct {
		id, goal int64
		value    float64
		label    string
		ini      sql.NullInt64
		org      sql.NullString
	}
	var pending []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.value, &o.label, &o.goal, &o.ini, &o.org); err != nil {
			rows.Close()
			return err
		}
		pending = append(pending, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range pending {
		for _, p := range points {
			passed := p.Value >= o.value
			if ind.Direction == Lower {
				passed = p.Value <= o.value
			}
			if !passed {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE milestones SET reached_at = $1, reached_period = $2 WHERE id = $3 AND reached_at IS NULL`, now, p.Period, o.id)
			if err != nil {
				return store.Classify(fmt.Errorf("mark milestone: %w", err))
			}
			if n, _ := res.RowsAffected(); n == 1 {
				summary := fmt.Sprintf("“%s” passed its milestone of %s", ind.Name, FormatNumber(o.value))
				if o.label != "" {
					summary += " (" + o.label + ")"
				}
				g := &Goal{ID: o.goal, InitiativeID: o.ini.Int64, OrganizationID: o.org.String}
				after := map[string]any{"goal_id": o.goal, "milestone_id": o.id, "value": o.value, "period": p.Period, "combined_value": p.Value}
				if org != "" {
					summary = fmt.Sprintf("%s passed its own milestone of %s on “%s”", org, FormatNumber(o.value), ind.Name)
					if o.label != "" {
						summary += " (" + o.label + ")"
					}
					after = map[string]any{"goal_id": o.goal, "milestone_id": o.id, "value": o.value, "period": p.Period, "own_value": p.Value}
				}
				if err := goalChange(ctx, tx, actor, g, "milestone_reached", summary, nil, after); err != nil {
					return err
				}
			}
			break
		}
	}
	return nil
}

// reachOwnMilestones checks the milestones of the organizations' own goals
// on an indicator after an import wrote values of theirs: each such
// organization's current values are read back (one indicator, one
// organization: a handful of rows).
func reachOwnMilestones(ctx context.Context, tx *sql.Tx, actor account.Actor, ind *Indicator, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT g.organization_id FROM milestones m
		JOIN goals g ON g.id = m.goal_id JOIN goal_revisions r ON r.goal_id = g.id AND r.revision = g.revision
		WHERE r.indicator_id = $1 AND m.reached_at IS NULL AND g.organization_id IS NOT NULL ORDER BY g.organization_id`, ind.ID)
	if err != nil {
		return store.Classify(fmt.Errorf("find own milestones: %w", err))
	}
	var orgs []string
	for rows.Next() {
		var org string
		if err := rows.Scan(&org); err != nil {
			rows.Close()
			return err
		}
		orgs = append(orgs, org)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, org := range orgs {
		points, err := ownSeries(ctx, tx, ind.ID, org)
		if err != nil {
			return err
		}
		if err := reachMilestones(ctx, tx, actor, ind, org, points, now); err != nil {
			return err
		}
	}
	return nil
}
