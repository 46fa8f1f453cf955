package measure

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Owner is whose goals they are: an initiative's, which its backbone staff
// set and whoever may see the initiative reads, or one organization's own,
// which its people set and they and the directory's stewards read. A goal
// is read and changed through its owner: one of another owner is not
// found, so an initiative's goal cannot be reached as an organization's,
// nor the reverse.
type Owner struct {
	InitiativeID   int64
	OrganizationID string
}

// InitiativeGoals names an initiative's goals.
func InitiativeGoals(id int64) Owner { return Owner{InitiativeID: id} }

// OrganizationGoals names an organization's own goals.
func OrganizationGoals(id string) Owner { return Owner{OrganizationID: id} }

const ownerProblem = "a goal belongs to an initiative or to one organization, not both or neither"

func (o Owner) valid() bool { return (o.InitiativeID == 0) != (o.OrganizationID == "") }

// rule is the action that reads the owner's goals, or with set, sets them,
// and its target.
func (o Owner) rule(set bool) (account.Action, account.Target) {
	switch {
	case o.OrganizationID != "" && set:
		return account.SetOrganizationGoals, account.Org(o.OrganizationID)
	case o.OrganizationID != "":
		return account.ViewOrganizationGoals, account.Org(o.OrganizationID)
	case set:
		return account.ManageMeasurement, account.Initiative(o.InitiativeID)
	}
	return account.ViewMeasurement, account.Initiative(o.InitiativeID)
}

// where is the condition on goals g that keeps the owner's, as $1, and its
// argument.
func (o Owner) where() (string, any) {
	if o.OrganizationID != "" {
		return "g.organization_id = $1", o.OrganizationID
	}
	return "g.initiative_id = $1", o.InitiativeID
}

func (o Owner) String() string {
	if o.OrganizationID != "" {
		return "organization " + o.OrganizationID
	}
	return fmt.Sprint("initiative ", o.InitiativeID)
}

// checkGoals checks that actor may read the owner's goals (or, with set,
// set them).
func (s *Store) checkGoals(ctx context.Context, actor account.Actor, o Owner, set bool) error {
	if !o.valid() {
		return &errs.ValidationError{Fields: map[string]string{"initiative_id": ownerProblem}}
	}
	action, target := o.rule(set)
	return s.rules.Check(ctx, actor, action, target)
}

// checkOwner is checkGoals for what concerns the owner's goals as a whole
// (their list, a new one, a draft), which also needs the owner to exist:
// those the rules let do anything may name one that does not. A goal of an
// owner that does not exist is not found anyway.
func (s *Store) checkOwner(ctx context.Context, actor account.Actor, o Owner, set bool) error {
	if err := s.checkGoals(ctx, actor, o, set); err != nil {
		return err
	}
	if o.OrganizationID == "" {
		return initiativeExists(ctx, s.db, o.InitiativeID)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1`,
		o.OrganizationID).Scan(&n); err != nil {
		return fmt.Errorf("find organization %q: %w", o.OrganizationID, err)
	}
	if n == 0 {
		return fmt.Errorf("organization %q: %w", o.OrganizationID, errs.ErrNotFound)
	}
	return nil
}

// Goals returns the owner's goals as they stand now, oldest first, to
// those who may read them.
func (s *Store) Goals(ctx context.Context, actor account.Actor, o Owner) ([]Goal, error) {
	if err := s.checkOwner(ctx, actor, o, false); err != nil {
		return nil, err
	}
	return s.goalsAsOf(ctx, DashboardQuery{InitiativeID: o.InitiativeID, Organization: o.OrganizationID})
}

// Goal returns goal goalID of the owner as its newest revision states it,
// to those who may read the owner's goals.
func (s *Store) Goal(ctx context.Context, actor account.Actor, o Owner, goalID int64) (*Goal, error) {
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		return nil, err
	}
	return goalAt(ctx, s.db, o, goalID, 0, time.Time{})
}

// GoalAsOf returns goal goalID of the owner as it stood at time at: the
// newest revision written by then. A goal not yet set at that time is
// errs.ErrNotFound.
func (s *Store) GoalAsOf(ctx context.Context, actor account.Actor, o Owner, goalID int64, at time.Time) (*Goal, error) {
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		return nil, err
	}
	return goalAt(ctx, s.db, o, goalID, 0, at.UTC())
}

// GoalRevision returns one revision of goal goalID of the owner.
func (s *Store) GoalRevision(ctx context.Context, actor account.Actor, o Owner, goalID int64,
	revision int) (*Goal, error) {
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		return nil, err
	}
	if revision <= 0 {
		return nil, fmt.Errorf("goal %d revision %d: %w", goalID, revision, errs.ErrNotFound)
	}
	return goalAt(ctx, s.db, o, goalID, revision, time.Time{})
}

// GoalRevisions returns every revision of goal goalID of the owner, oldest
// first.
func (s *Store) GoalRevisions(ctx context.Context, actor account.Actor, o Owner, goalID int64) ([]Goal, error) {
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		return nil, err
	}
	whose, arg := o.where()
	revs, err := goalList(ctx, s.db, `SELECT `+goalColumns+` FROM goals g JOIN goal_revisions r ON r.goal_id = g.id
		WHERE `+whose+` AND g.id = $2 ORDER BY r.revision`, arg, goalID)
	if err == nil && len(revs) == 0 {
		return nil, fmt.Errorf("goal %d of %s: %w", goalID, o, errs.ErrNotFound)
	}
	return revs, err
}

const goalColumns = `g.id, g.initiative_id, g.organization_id, g.revision, g.created_at, r.revision, r.statement, r.indicator_id, r.baseline,
	r.baseline_period, r.target, r.unit, r.starts_on, r.due_on, r.owner_organization_id, r.agenda_item_id, r.reason, r.user_id, r.actor, r.recorded_at`

func scanGoal(row store.Scanner) (*Goal, error) {
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

// goalAt reads goal goalID of the owner at one revision (rev > 0), as it
// stood at a time (non-zero at), or as it stands now; a goal of another
// owner is not found.
func goalAt(ctx context.Context, q store.Querier, o Owner, goalID int64, rev int, at time.Time) (*Goal, error) {
	whose, arg := o.where()
	query := `SELECT ` + goalColumns + ` FROM goals g JOIN goal_revisions r ON r.goal_id = g.id WHERE ` + whose + ` AND g.id = $2`
	args := []any{arg, goalID}
	switch {
	case rev > 0:
		query += ` AND r.revision = $3`
		args = append(args, rev)
	case !at.IsZero():
		query += ` AND r.recorded_at <= $3 ORDER BY r.revision DESC LIMIT 1`
		args = append(args, at)
	default:
		query += ` AND r.revision = g.revision`
	}
	return store.One(ctx, q, fmt.Sprintf("goal %d of %s", goalID, o), scanGoal, query, args...)
}

func goalList(ctx context.Context, q store.Querier, query string, args ...any) ([]Goal, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list goals: %w", err)
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
