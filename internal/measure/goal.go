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

// owner is whose goal the input states.
func (in *GoalInput) owner() Owner {
	return Owner{InitiativeID: in.InitiativeID, OrganizationID: strings.TrimSpace(in.OrganizationID)}
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
	if !in.owner().valid() {
		v.Add("initiative_id", ownerProblem)
	}
	switch {
	case in.Statement == "":
		v.Add("statement", "is required")
	case len(in.Statement) > 1000:
		v.Add("statement", "must be at most 1000 characters")
	}
	for field, f := range map[string]*float64{"baseline": in.Baseline, "target": in.Target} {
		if f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0) || math.Abs(*f) > MaxMagnitude) {
			v.Add(field, fmt.Sprintf("must be a number between %s and %s", FormatNumber(-MaxMagnitude),
				FormatNumber(MaxMagnitude)))
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
		err := q.QueryRowContext(ctx, `SELECT initiative_id FROM agenda_items WHERE id = $1`, in.AgendaItemID).
			Scan(&ini)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add("agenda_item_id", "no such agenda item")
		case err != nil:
			return fmt.Errorf("find agenda item: %w", err)
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
			return fmt.Errorf("find organization: %w", err)
		}
		if n == 0 {
			v.Add(field, fmt.Sprintf("no organization has the id %q", org))
		}
	}
	return v.OrNil()
}

// CreateGoal writes a goal's first revision, for those who may set its
// owner's goals (an initiative's backbone staff, an organization's people).
func (s *Store) CreateGoal(ctx context.Context, actor account.Actor, in GoalInput) (*Goal, error) {
	o := in.owner()
	if err := s.checkOwner(ctx, actor, o, true); err != nil {
		return nil, err
	}
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
			return fmt.Errorf("create goal: %w", err)
		}
		if err := writeRevision(ctx, tx, actor, id, 1, in, "", now); err != nil {
			return err
		}
		var err error
		if out, err = goalAt(ctx, tx, o, id, 0, time.Time{}); err != nil {
			return err
		}
		return goalChange(
			ctx,
			tx,
			s.now(),
			actor,
			out,
			"goal_create",
			fmt.Sprintf("Set the goal “%s”", out.Statement),
			nil,
			out,
		)
	})
	return out, err
}

// Revise writes a new revision of goal goalID of the owner, for those who
// may set the owner's goals; the earlier ones stay as they were. A reason
// is required. The goal stays with its owner, whatever in says.
func (s *Store) Revise(ctx context.Context, actor account.Actor, o Owner, goalID int64, in GoalInput,
	reason string) (*Goal, error) {
	var out *Goal
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.ReviseIn(ctx, tx, actor, o, goalID, in, reason)
		return err
	})
	return out, err
}

// ReviseIn is Revise inside the caller's transaction, for an operation
// that revises a goal as one of its steps (a review that changes the goal
// it reviewed): the revision lands with the rest or not at all. The rule is
// Revise's.
func (s *Store) ReviseIn(ctx context.Context, tx *sql.Tx, actor account.Actor, o Owner, goalID int64,
	in GoalInput, reason string) (*Goal, error) {
	if err := s.checkGoals(ctx, actor, o, true); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	before, err := goalAt(ctx, tx, o, goalID, 0, time.Time{})
	if err != nil {
		return nil, err
	}
	in.InitiativeID, in.OrganizationID = before.InitiativeID, before.OrganizationID
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"reason": "is required: say why the goal changes"}}
	}
	if err := in.check(ctx, tx); err != nil {
		return nil, err
	}
	now := s.now()
	rev := before.CurrentRevision + 1
	res, err := tx.ExecContext(ctx, `UPDATE goals SET revision = $1, updated_at = $2 WHERE id = $3 AND revision = $4`,
		rev, now, goalID, before.CurrentRevision)
	if err != nil {
		return nil, fmt.Errorf("revise goal: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, &errs.ConflictError{
			Message: "the goal was revised by someone else meanwhile; reload it and try again",
		}
	}
	if err := writeRevision(ctx, tx, actor, goalID, rev, in, reason, now); err != nil {
		return nil, err
	}
	out, err := goalAt(ctx, tx, o, goalID, 0, time.Time{})
	if err != nil {
		return nil, err
	}
	summary := fmt.Sprintf("Revised the goal “%s”: %s", out.Statement, reason)
	if err := goalChange(ctx, tx, s.now(), actor, out, "goal_revise", summary, before, out); err != nil {
		return nil, err
	}
	return out, nil
}

func writeRevision(
	ctx context.Context,
	tx *sql.Tx,
	actor account.Actor,
	goalID int64,
	rev int,
	in GoalInput,
	reason string,
	now time.Time,
) error {
	uid, label := actorColumns(actor)
	_, err := tx.ExecContext(
		ctx,
		`INSERT INTO goal_revisions (goal_id, revision, statement, indicator_id, baseline, baseline_period, target, unit,
		starts_on, due_on, owner_organization_id, agenda_item_id, reason, user_id, actor, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		goalID,
		rev,
		in.Statement,
		nullInt(in.IndicatorID),
		in.Baseline,
		in.BaselinePeriod,
		in.Target,
		in.Unit,
		in.StartsOn,
		in.DueOn,
		nullString(in.OwnerOrganizationID),
		nullInt(in.AgendaItemID),
		reason,
		uid,
		label,
		now,
	)
	if err != nil {
		return fmt.Errorf("write goal revision: %w", err)
	}
	return nil
}

// goalChange records a change to a goal for the feed of its initiative, or
// the log of its organization.
func goalChange(
	ctx context.Context,
	q store.Querier,
	at time.Time,
	actor account.Actor,
	g *Goal,
	action, summary string,
	before, after any,
) error {
	if g.InitiativeID != 0 {
		return recordChange(ctx, q, at, actor, g.InitiativeID, action, summary, before, after)
	}
	return account.Record(
		ctx,
		q,
		actor,
		account.Event{At: at, Action: action, EntityType: "organization", EntityID: g.OrganizationID,
			Summary: summary, Before: before, After: after},
	)
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
