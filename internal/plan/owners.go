package plan

import (
	"context"
	"fmt"

	"backbone/internal/account"
)

// Owner is someone a person may start a plan for, besides themselves: a
// unit they keep (account.CreateUnitPlan) or an initiative they run
// (account.CreateInitiativePlan).
type Owner struct {
	Kind           string `json:"kind"` // unit or initiative (account.PlanOf...)
	OrganizationID string `json:"organization_id,omitempty"`
	InitiativeID   int64  `json:"initiative_id,omitempty"`
	Name           string `json:"name"`
}

// Owners lists the units and initiatives actor may start a plan for, by
// name: the organizations they are an admin of, and the initiatives they
// are backbone staff of, each asked of the rule that decides it.
func (s *Store) Owners(ctx context.Context, actor account.Actor) ([]Owner, error) {
	if actor.UserID == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT 'unit', m.organization_id, 0, o.name FROM memberships m
		JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = $1 AND m.role = $2 AND o.archived_at IS NULL
		UNION ALL
		SELECT 'initiative', '', i.id, i.name FROM initiative_roles r JOIN initiatives i ON i.id = r.initiative_id
		WHERE r.user_id = $1 AND r.role = $3
		ORDER BY 1 DESC, 4`, actor.UserID, account.OrgAdmin, account.InitiativeBackboneStaff)
	if err != nil {
		return nil, fmt.Errorf("list whom %s may plan for: %w", actor.Label, err)
	}
	var cands []Owner
	for rows.Next() {
		var o Owner
		if err := rows.Scan(&o.Kind, &o.OrganizationID, &o.InitiativeID, &o.Name); err != nil {
			rows.Close()
			return nil, err
		}
		cands = append(cands, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := cands[:0]
	for _, o := range cands {
		action, target := account.CreateUnitPlan, account.Org(o.OrganizationID)
		if o.Kind == account.PlanOfInitiative {
			action, target = account.CreateInitiativePlan, account.Initiative(o.InitiativeID)
		}
		if s.rules.Check(ctx, actor, action, target) == nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// Choice is an initiative or an organization a form offers.
type Choice struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PromoteChoices are what an action's "make it an initiative activity"
// form offers actor, by name: the initiatives they have a role in or their
// organization is an active member of, and the organizations they work
// for. The activity's own rule decides when the form is sent (Promote).
func (s *Store) PromoteChoices(ctx context.Context, actor account.Actor) (initiatives, orgs []Choice, err error) {
	if actor.UserID == 0 {
		return nil, nil, nil
	}
	read := func(q string) ([]Choice, error) {
		rows, err := s.db.QueryContext(ctx, q, actor.UserID)
		if err != nil {
			return nil, fmt.Errorf("list the choices of %s: %w", actor.Label, err)
		}
		defer rows.Close()
		var out []Choice
		for rows.Next() {
			var c Choice
			if err := rows.Scan(&c.ID, &c.Name); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	if initiatives, err = read(`SELECT CAST(i.id AS TEXT), i.name FROM initiatives i WHERE i.id IN (
			SELECT r.initiative_id FROM initiative_roles r WHERE r.user_id = $1
			UNION SELECT im.initiative_id FROM initiative_members im
			JOIN memberships m ON m.organization_id = im.organization_id
			WHERE m.user_id = $1 AND im.status = 'active')
		ORDER BY 2`); err != nil {
		return nil, nil, err
	}
	orgs, err = read(`SELECT o.id, o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = $1 AND o.archived_at IS NULL ORDER BY 2`)
	return initiatives, orgs, err
}
