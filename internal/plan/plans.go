package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Input is what a person writes when starting or editing a plan. A plan
// belongs to its author (Kind person), to a unit (OrganizationID) or to an
// initiative (InitiativeID).
type Input struct {
	Kind           string `json:"kind"` // person when empty
	OrganizationID string `json:"organization_id"`
	InitiativeID   int64  `json:"initiative_id"`
	Title          string `json:"title"`
	Purpose        string `json:"purpose"`
	StartsOn       string `json:"starts_on"`
	EndsOn         string `json:"ends_on"`
}

// Normalize trims the input and checks it, field by field.
func (in *Input) Normalize() error {
	in.Kind = strings.TrimSpace(strings.ToLower(in.Kind))
	in.Title, in.Purpose = strings.TrimSpace(in.Title), strings.TrimSpace(in.Purpose)
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.StartsOn, in.EndsOn = strings.TrimSpace(in.StartsOn), strings.TrimSpace(in.EndsOn)
	if in.Kind == "" {
		in.Kind = account.PlanOfPerson
	}
	var v errs.ValidationError
	switch in.Kind {
	case account.PlanOfPerson:
		in.OrganizationID, in.InitiativeID = "", 0
	case account.PlanOfUnit:
		in.InitiativeID = 0
		if in.OrganizationID == "" {
			v.Add("organization_id", "name the unit (organization) the plan belongs to")
		}
	case account.PlanOfInitiative:
		in.OrganizationID = ""
		if in.InitiativeID <= 0 {
			v.Add("initiative_id", "name the initiative the plan belongs to")
		}
	default:
		v.Add("kind", "must be person, unit or initiative")
	}
	if in.Title == "" {
		v.Add("title", "give the plan a title")
	} else if len(in.Title) > 200 {
		v.Add("title", "keep the title under 200 characters")
	}
	for field, d := range map[string]string{"starts_on": in.StartsOn, "ends_on": in.EndsOn} {
		if d != "" && !isDate(d) {
			v.Add(field, "must be a date as YYYY-MM-DD")
		}
	}
	if in.StartsOn != "" && in.EndsOn != "" && isDate(in.StartsOn) && isDate(in.EndsOn) && in.EndsOn < in.StartsOn {
		v.Add("ends_on", "must not be before the start")
	}
	return v.OrNil()
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Create starts a plan: one's own (account.CreatePlan), a unit's
// (account.CreateUnitPlan) or an initiative's (account.CreateInitiativePlan).
func (s *Store) Create(ctx context.Context, actor account.Actor, in Input) (*Plan, error) {
	if err := s.checkCreate(ctx, actor, &in); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.create(ctx, tx, actor, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// CreateWithArea starts a plan (as Create) with its first area (as
// AddArea), whole or not at all: an area the map refuses leaves no empty
// plan behind. It returns the plan and the area's id.
func (s *Store) CreateWithArea(ctx context.Context, actor account.Actor, in Input, area AreaInput) (*Plan, int64,
	error) {
	if err := s.checkCreate(ctx, actor, &in); err != nil {
		return nil, 0, err
	}
	var id, areaID int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.create(ctx, tx, actor, in); err != nil {
			return err
		}
		p, err := s.plan(ctx, tx, id)
		if err != nil {
			return err
		}
		areaID, err = s.addArea(ctx, tx, actor, p, area)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	p, err := s.Get(ctx, actor, id)
	return p, areaID, err
}

// checkCreate normalizes a plan to start and checks the rule of its kind.
func (s *Store) checkCreate(ctx context.Context, actor account.Actor, in *Input) error {
	if err := in.Normalize(); err != nil {
		return err
	}
	action, target := account.CreatePlan, account.Platform
	switch in.Kind {
	case account.PlanOfUnit:
		action, target = account.CreateUnitPlan, account.Org(in.OrganizationID)
	case account.PlanOfInitiative:
		action, target = account.CreateInitiativePlan, account.Initiative(in.InitiativeID)
	}
	if err := s.rules.Check(ctx, actor, action, target); err != nil {
		return err
	}
	if in.Kind == account.PlanOfPerson && actor.UserID == 0 {
		return &errs.ValidationError{Fields: map[string]string{"kind": "a command has no plan of its own"}}
	}
	return nil
}

// create writes a plan that checkCreate passed, with its audit event.
func (s *Store) create(ctx context.Context, tx *sql.Tx, actor account.Actor, in Input) (int64, error) {
	var user any
	if in.Kind == account.PlanOfPerson {
		user = actor.UserID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO plans (kind, user_id, organization_id, initiative_id, title,
		purpose, starts_on, ends_on, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10) RETURNING id`,
		in.Kind, user, nullText(in.OrganizationID), nullID(in.InitiativeID), in.Title, in.Purpose, in.StartsOn,
		in.EndsOn, nullID(actor.UserID), s.now()).Scan(&id)
	if err != nil {
		return 0, store.Classify(fmt.Errorf("create plan: %w", err))
	}
	return id, s.record(ctx, tx, actor, id, "create", "started the plan "+account.Quote(in.Title), nil, in)
}

// Get reads a plan with its areas, actions, signals and shares, for
// whoever may read it (account.ViewPlan).
func (s *Store) Get(ctx context.Context, actor account.Actor, id int64) (*Plan, error) {
	p, err := s.checked(ctx, actor, account.ViewPlan, id)
	if err != nil {
		return nil, err
	}
	if err := s.fill(ctx, []*Plan{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// checked reads a plan and checks that actor may take action a on it.
func (s *Store) checked(ctx context.Context, actor account.Actor, a account.Action, id int64) (*Plan, error) {
	p, err := s.plan(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, a, p.Target()); err != nil {
		return nil, err
	}
	return p, nil
}

const planColumns = `p.id, p.kind, COALESCE(p.user_id, 0), COALESCE(p.organization_id, ''),
	COALESCE(p.initiative_id, 0), COALESCE(u.name, o.name, i.name, ''), p.title, p.purpose, p.starts_on, p.ends_on,
	p.status, p.debrief, p.closed_at, p.created_at, p.updated_at
	FROM plans p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN organizations o ON o.id = p.organization_id
	LEFT JOIN initiatives i ON i.id = p.initiative_id`

func scanPlan(row store.Scanner) (*Plan, error) {
	p := &Plan{Areas: []Area{}, Shares: []Person{}}
	var closed sql.NullTime
	err := row.Scan(&p.ID, &p.Kind, &p.UserID, &p.OrganizationID, &p.InitiativeID, &p.OwnerName, &p.Title,
		&p.Purpose, &p.StartsOn, &p.EndsOn, &p.Status, &p.Debrief, &closed, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if closed.Valid {
		t := closed.Time.UTC()
		p.ClosedAt = &t
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

func (s *Store) plan(ctx context.Context, q querier, id int64) (*Plan, error) {
	return store.One(ctx, q, fmt.Sprintf("plan %d", id), scanPlan, `SELECT `+planColumns+` WHERE p.id = $1`, id)
}

// Filter selects the plans a list shows; empty fields match every plan the
// actor may read.
type Filter struct {
	OrganizationID string // plans of the unit, and of the people who work for it
	InitiativeID   int64
	UserID         int64 // plans of this person, and shared with them
}

// List returns the plans actor may read that match f, newest first, with
// their areas, actions and signals. Stewards and commands see every plan;
// anyone else sees those of ViewPlan: their own, those shared with them,
// those of the people they supervise, their units' and their initiatives'.
func (s *Store) List(ctx context.Context, actor account.Actor, f Filter) ([]*Plan, error) {
	if actor.User == nil && !actor.System {
		return nil, errs.ErrUnauthenticated
	}
	args := []any{f.OrganizationID, f.InitiativeID, f.UserID}
	query := `SELECT ` + planColumns + ` WHERE ($1 = '' OR p.organization_id = $1
			OR p.user_id IN (SELECT user_id FROM memberships WHERE organization_id = $1))
		AND ($2 = 0 OR p.initiative_id = $2)
		AND ($3 = 0 OR p.user_id = $3 OR p.id IN (SELECT plan_id FROM plan_shares WHERE user_id = $3))`
	if !actor.System && actor.User.Role != account.RoleSteward && actor.User.Role != account.RoleAdmin {
		args = append(args, actor.User.ID, account.OrgAdmin)
		query += ` AND (p.user_id = $4 OR p.id IN (SELECT plan_id FROM plan_shares WHERE user_id = $4)
			OR p.organization_id IN (SELECT organization_id FROM memberships WHERE user_id = $4)
			OR p.initiative_id IN (SELECT initiative_id FROM initiative_roles WHERE user_id = $4)
			OR p.initiative_id IN (SELECT m.initiative_id FROM initiative_members m JOIN memberships ms
				ON ms.organization_id = m.organization_id WHERE m.status = 'active' AND ms.user_id = $4)
			OR p.user_id IN (SELECT theirs.user_id FROM memberships theirs
				JOIN organizations o ON o.id = theirs.organization_id
				JOIN memberships mine ON mine.user_id = $4 AND mine.role = $5
					AND (mine.organization_id = o.id OR mine.organization_id = o.parent_organization_id)))`
	}
	rows, err := s.db.QueryContext(ctx, query+` ORDER BY p.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	var out []*Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list plans: %w", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	return out, s.fill(ctx, out)
}

// Update rewrites a plan's title, purpose and period, for whoever may edit
// it (account.EditPlan). Its owner does not change.
func (s *Store) Update(ctx context.Context, actor account.Actor, id int64, in Input) (*Plan, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, id)
	if err != nil {
		return nil, err
	}
	in.Kind, in.OrganizationID, in.InitiativeID = p.Kind, p.OrganizationID, p.InitiativeID
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET title = $2, purpose = $3, starts_on = $4, ends_on = $5,
			updated_at = $6 WHERE id = $1`, id, in.Title, in.Purpose, in.StartsOn, in.EndsOn, s.now()); err != nil {
			return fmt.Errorf("update plan %d: %w", id, err)
		}
		return s.record(ctx, tx, actor, id, "update", "edited the plan "+account.Quote(in.Title), p, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Close closes a plan with its debrief (what worked, what did not), for
// whoever may edit it (account.EditPlan). A closed plan may be reopened.
func (s *Store) Close(ctx context.Context, actor account.Actor, id int64, debrief string) (*Plan, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, id)
	if err != nil {
		return nil, err
	}
	if debrief = strings.TrimSpace(debrief); debrief == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{
			"debrief": "write the debrief: what worked, what did not, what you would do next"}}
	}
	if p.Closed() {
		return nil, &errs.ConflictError{Message: fmt.Sprintf("The plan %s is already closed.", account.Quote(p.Title))}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = 'closed', debrief = $2, closed_at = $3,
			updated_at = $3 WHERE id = $1`, id, debrief, now); err != nil {
			return fmt.Errorf("close plan %d: %w", id, err)
		}
		return s.record(ctx, tx, actor, id, "close", "closed the plan "+account.Quote(p.Title)+" with its debrief",
			nil, map[string]string{"debrief": debrief})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Reopen opens a closed plan again, keeping its debrief.
func (s *Store) Reopen(ctx context.Context, actor account.Actor, id int64) (*Plan, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, id)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = 'open', closed_at = NULL, updated_at = $2
			WHERE id = $1`, id, s.now()); err != nil {
			return fmt.Errorf("reopen plan %d: %w", id, err)
		}
		return s.record(ctx, tx, actor, id, "reopen", "reopened the plan "+account.Quote(p.Title), nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// record writes a plan's audit event: its history.
func (s *Store) record(ctx context.Context, q querier, actor account.Actor, planID int64, action, summary string,
	before, after any) error {
	return account.Record(ctx, q, actor, account.Event{At: s.now(), Action: action, EntityType: "plan",
		EntityID: fmt.Sprint(planID), Summary: summary, Before: before, After: after})
}

// History is a plan's history, newest first: every change and every
// signal met, from the audit log.
func (s *Store) History(ctx context.Context, actor account.Actor, id int64) ([]account.AuditEvent, error) {
	if _, err := s.checked(ctx, actor, account.ViewPlan, id); err != nil {
		return nil, err
	}
	return s.rules.ListAudit(ctx, account.AuditFilter{EntityType: "plan", EntityID: fmt.Sprint(id), Limit: 100})
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
