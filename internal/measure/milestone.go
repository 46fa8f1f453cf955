package measure

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

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

// AddMilestone adds a milestone to goal goalID of the owner, for those who
// may set the owner's goals.
func (s *Store) AddMilestone(
	ctx context.Context,
	actor account.Actor,
	o Owner,
	goalID int64,
	value float64,
	label string,
) (*Milestone, error) {
	if err := s.checkGoals(ctx, actor, o, true); err != nil {
		return nil, err
	}
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
		g, err := goalAt(ctx, tx, o, goalID, 0, time.Time{})
		if err != nil {
			return err
		}
		now := s.now()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO milestones (goal_id, value, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id`, goalID, value, label, now).
			Scan(&id)
		if store.IsUniqueViolation(err) {
			return &errs.ConflictError{
				Field:   "value",
				Message: fmt.Sprintf("this goal already has a milestone at %s", FormatNumber(value)),
			}
		}
		if err != nil {
			return fmt.Errorf("add milestone: %w", err)
		}
		out = &Milestone{ID: id, GoalID: goalID, Value: value, Label: label, CreatedAt: now}
		if err := goalChange(ctx, tx, s.now(), actor, g, "milestone_create", fmt.Sprintf("Set a milestone of %s for the goal “%s”", FormatNumber(value), g.Statement), nil, out); err != nil {
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
		m, err := scanMilestone(
			tx.QueryRowContext(ctx, `SELECT `+milestoneColumns+` FROM milestones WHERE id = $1`, id),
		)
		*out = m
		return err
	})
	return out, err
}

// Milestones returns the milestones of goal goalID of the owner by value,
// to those who may read the owner's goals.
func (s *Store) Milestones(ctx context.Context, actor account.Actor, o Owner, goalID int64) ([]Milestone, error) {
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		return nil, err
	}
	whose, arg := o.where()
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM goals g WHERE `+whose+` AND g.id = $2`, arg, goalID).Scan(&n); err != nil {
		return nil, fmt.Errorf("find goal %d: %w", goalID, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("goal %d of %s: %w", goalID, o, errs.ErrNotFound)
	}
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

func scanMilestone(row store.Scanner) (Milestone, error) {
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
func reachMilestones(
	ctx context.Context,
	tx *sql.Tx,
	actor account.Actor,
	ind *Indicator,
	org string,
	points []RollupPoint,
	now time.Time,
) error {
	whose, args := ` AND g.initiative_id IS NOT NULL`, []any{ind.ID}
	if org != "" {
		whose, args = ` AND g.organization_id = $2`, append(args, org)
	}
	rows, err := tx.QueryContext(
		ctx,
		`SELECT m.id, m.value, m.label, g.id, g.initiative_id, g.organization_id FROM milestones m
		JOIN goals g ON g.id = m.goal_id JOIN goal_revisions r ON r.goal_id = g.id AND r.revision = g.revision
		WHERE r.indicator_id = $1 AND m.reached_at IS NULL`+whose+` ORDER BY m.value, m.id`,
		args...)
	if err != nil {
		return fmt.Errorf("find milestones: %w", err)
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
			res, err := tx.ExecContext(
				ctx,
				`UPDATE milestones SET reached_at = $1, reached_period = $2 WHERE id = $3 AND reached_at IS NULL`,
				now,
				p.Period,
				o.id,
			)
			if err != nil {
				return fmt.Errorf("mark milestone: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				summary := fmt.Sprintf("“%s” passed its milestone of %s", ind.Name, FormatNumber(o.value))
				if o.label != "" {
					summary += " (" + o.label + ")"
				}
				g := &Goal{ID: o.goal, InitiativeID: o.ini.Int64, OrganizationID: o.org.String}
				after := map[string]any{
					"goal_id":        o.goal,
					"milestone_id":   o.id,
					"value":          o.value,
					"period":         p.Period,
					"combined_value": p.Value,
				}
				if org != "" {
					var name string
					err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, org).Scan(&name)
					if err != nil {
						return fmt.Errorf("name the organization of a milestone: %w", err)
					}
					summary = fmt.Sprintf(
						"%s passed its own milestone of %s on “%s”",
						name,
						FormatNumber(o.value),
						ind.Name,
					)
					if o.label != "" {
						summary += " (" + o.label + ")"
					}
					after = map[string]any{
						"goal_id":      o.goal,
						"milestone_id": o.id,
						"value":        o.value,
						"period":       p.Period,
						"own_value":    p.Value,
					}
				}
				if err := goalChange(ctx, tx, now, actor, g, "milestone_reached", summary, nil, after); err != nil {
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
		return fmt.Errorf("find own milestones: %w", err)
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
