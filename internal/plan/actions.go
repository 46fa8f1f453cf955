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
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// ActionInput is an action to add or the new state of one.
type ActionInput struct {
	AreaID   int64  `json:"area_id"`
	Strategy string `json:"strategy"` // a key of the Library
	Title    string `json:"title"`
	OwnerID  int64  `json:"owner_id"` // the plan's owner (or the actor) when 0
	DueOn    string `json:"due_on"`
	Status   string `json:"status"` // planned when empty
}

// Normalize trims the input and checks it, field by field.
func (in *ActionInput) Normalize() error {
	in.Strategy, in.Title = strings.TrimSpace(in.Strategy), strings.TrimSpace(in.Title)
	in.DueOn, in.Status = strings.TrimSpace(in.DueOn), strings.TrimSpace(strings.ToLower(in.Status))
	in.Status = strings.ReplaceAll(in.Status, " ", "_")
	if in.Status == "" {
		in.Status = "planned"
	}
	var v errs.ValidationError
	if in.AreaID <= 0 {
		v.Add("area_id", "choose the area this action is for")
	}
	if strategyName(in.Strategy) == "" {
		keys := make([]string, len(Library))
		for i, st := range Library {
			keys[i] = st.Key
		}
		v.Add("strategy", "must be one of "+strings.Join(keys, ", "))
	}
	if in.Title == "" {
		v.Add("title", "say what you will do")
	} else if len(in.Title) > 300 {
		v.Add("title", "keep the action under 300 characters")
	}
	if in.DueOn != "" && !isDate(in.DueOn) {
		v.Add("due_on", "must be a date as YYYY-MM-DD")
	}
	if !slices.Contains(ActionStatuses, in.Status) {
		v.Add("status", "must be one of "+strings.Join(ActionStatuses, ", "))
	}
	return v.OrNil()
}

// AddAction adds an action to an area of a plan, for whoever may edit it
// (account.EditPlan). Its owner must be someone who may read the plan.
func (s *Store) AddAction(ctx context.Context, actor account.Actor, planID int64, in ActionInput) (*Action, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if p.Closed() {
		return nil, closedError(p)
	}
	if in.OwnerID == 0 {
		in.OwnerID = p.UserID
		if in.OwnerID == 0 {
			in.OwnerID = actor.UserID
		}
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActionLinks(ctx, tx, p, in); err != nil {
			return err
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_actions (plan_id, area_id, strategy, title, owner_id,
			due_on, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			planID, in.AreaID, in.Strategy, in.Title, nullID(in.OwnerID), in.DueOn, in.Status, now).
			Scan(&id); err != nil {
			return store.Classify(fmt.Errorf("add action: %w", err))
		}
		return s.record(ctx, tx, actor, planID, "action_add", "added the action "+account.Quote(in.Title)+
			" ("+strategyName(in.Strategy)+") to the plan "+account.Quote(p.Title), nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.action(ctx, actor, planID, id)
}

// UpdateAction rewrites an action (its status, due date, owner, title or
// strategy; the fields left empty stay), for whoever may edit the plan
// (account.EditPlan).
func (s *Store) UpdateAction(ctx context.Context, actor account.Actor, planID, actionID int64,
	in ActionInput) (*Action, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	old, err := s.action(ctx, actor, planID, actionID)
	if err != nil {
		return nil, err
	}
	if in.AreaID == 0 {
		in.AreaID = old.AreaID
	}
	// What the input leaves out stays as it was.
	if in.OwnerID == 0 {
		in.OwnerID = old.OwnerID
	}
	if strings.TrimSpace(in.Strategy) == "" {
		in.Strategy = old.Strategy
	}
	if strings.TrimSpace(in.Title) == "" {
		in.Title = old.Title
	}
	if strings.TrimSpace(in.DueOn) == "" {
		in.DueOn = old.DueOn
	}
	if strings.TrimSpace(in.Status) == "" {
		in.Status = old.Status
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActionLinks(ctx, tx, p, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_actions SET area_id = $2, strategy = $3, title = $4,
			owner_id = $5, due_on = $6, status = $7, updated_at = $8 WHERE id = $1`, actionID, in.AreaID, in.Strategy,
			in.Title, nullID(in.OwnerID), in.DueOn, in.Status, s.now()); err != nil {
			return fmt.Errorf("update action %d: %w", actionID, err)
		}
		summary := "updated the action " + account.Quote(in.Title)
		if old.Status != in.Status {
			summary += " (" + strings.ReplaceAll(in.Status, "_", " ") + ")"
		}
		return s.record(ctx, tx, actor, planID, "action_update", summary, old, in)
	})
	if err != nil {
		return nil, err
	}
	return s.action(ctx, actor, planID, actionID)
}

// checkActionLinks checks that the action's area is the plan's and its
// owner may read the plan.
func (s *Store) checkActionLinks(ctx context.Context, q querier, p *Plan, in ActionInput) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_areas WHERE id = $1 AND plan_id = $2`, in.AreaID,
		p.ID).Scan(&n); err != nil {
		return fmt.Errorf("check area: %w", err)
	}
	if n == 0 {
		return &errs.ValidationError{Fields: map[string]string{"area_id": "is not an area of this plan"}}
	}
	if in.OwnerID == 0 || in.OwnerID == p.UserID {
		return nil
	}
	owner, err := s.rules.UserByID(ctx, in.OwnerID)
	if err != nil {
		return &errs.ValidationError{Fields: map[string]string{"owner_id": "no person has this id"}}
	}
	if ok, err := s.rules.Can(ctx, owner, account.ViewPlan, p.Target()); err != nil {
		return err
	} else if !ok {
		return &errs.ValidationError{Fields: map[string]string{
			"owner_id": owner.Name + " cannot read this plan: share it with them first"}}
	}
	return nil
}

// action reads one action of a plan as its reader sees it.
func (s *Store) action(ctx context.Context, actor account.Actor, planID, actionID int64) (*Action, error) {
	p, err := s.Get(ctx, actor, planID)
	if err != nil {
		return nil, err
	}
	for _, a := range p.Areas {
		for _, x := range a.Actions {
			if x.ID == actionID {
				return &x, nil
			}
		}
	}
	return nil, fmt.Errorf("action %d of plan %d: %w", actionID, planID, errs.ErrNotFound)
}

// PromoteInput names the initiative and the member organization whose
// activity an action becomes.
type PromoteInput struct {
	InitiativeID   int64  `json:"initiative_id"`
	OrganizationID string `json:"organization_id"`
}

// Promote makes an action an activity of an initiative and keeps the link:
// for whoever may edit the plan (account.EditPlan) and record the
// organization's activities there (account.RecordActivity).
func (s *Store) Promote(ctx context.Context, actor account.Actor, planID, actionID int64,
	in PromoteInput) (*Action, error) {
	if _, err := s.checked(ctx, actor, account.EditPlan, planID); err != nil {
		return nil, err
	}
	x, err := s.action(ctx, actor, planID, actionID)
	if err != nil {
		return nil, err
	}
	if x.ActivityID != 0 {
		return nil, &errs.ConflictError{Message: fmt.Sprintf("The action %s is already an activity.",
			account.Quote(x.Title))}
	}
	var v errs.ValidationError
	if in.InitiativeID <= 0 {
		v.Add("initiative_id", "choose the initiative the activity belongs to")
	}
	if strings.TrimSpace(in.OrganizationID) == "" {
		v.Add("organization_id", "choose the member organization that carries the activity")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	act := initiative.ActivityInput{OrganizationID: in.OrganizationID, Title: x.Title,
		Description: "From the action plan: " + x.StrategyName + "."}
	if x.DueOn != "" {
		due, _ := time.Parse(time.DateOnly, x.DueOn)
		act.Ends = &due
	}
	if err := s.initiatives.CheckActivity(ctx, actor, in.InitiativeID, &act); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.initiatives.AddActivityIn(ctx, tx, actor, in.InitiativeID, act)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_actions SET activity_id = $2, activity_initiative_id = $3,
			updated_at = $4 WHERE id = $1`, actionID, a.ID, in.InitiativeID, s.now()); err != nil {
			return fmt.Errorf("link action %d: %w", actionID, err)
		}
		return s.record(ctx, tx, actor, planID, "action_promote", "made the action "+account.Quote(x.Title)+
			" an activity of the initiative", nil, map[string]any{"action_id": actionID, "activity_id": a.ID,
			"initiative_id": in.InitiativeID})
	})
	if err != nil {
		return nil, err
	}
	return s.action(ctx, actor, planID, actionID)
}
