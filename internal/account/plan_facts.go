package account

import (
	"context"
	"fmt"
	"strings"
)

// PlansMay reports which of the plans named actor may take action a on:
// the facts of every plan are gathered in one query (a chunk of plans at a
// time), as facts and planFacts gather them for one, and each plan is
// decided by the rule book. A page that lists many plans asks once instead
// of once a plan.
func (s *Store) PlansMay(ctx context.Context, actor Actor, a Action, planIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(planIDs))
	if actor.System {
		for _, id := range planIDs {
			out[id] = true
		}
		return out, nil
	}
	u := actor.User
	if u == nil || u.Disabled() || len(planIDs) == 0 {
		return out, nil
	}
	if u.Role == RoleAdmin {
		for _, id := range planIDs {
			out[id] = true
		}
		return out, nil
	}

	// What the user is on the platform as a whole counts for the plans of a
	// person, which name no organization or initiative.
	platform, err := s.facts(ctx, u, Platform)
	if err != nil || platform == nil {
		return out, err
	}

	const chunk = 500
	for start := 0; start < len(planIDs); start += chunk {
		ids := planIDs[start:min(start+chunk, len(planIDs))]
		if err := s.plansMay(ctx, u, a, *platform, ids, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// plansMay decides a chunk of plans for u.
func (s *Store) plansMay(ctx context.Context, u *User, a Action, platform Facts, ids []int64,
	out map[int64]bool) error {
	args := []any{u.ID, OrgAdmin}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.kind, COALESCE(p.organization_id, ''),
			COALESCE(p.initiative_id, 0), `+planRelation+`,
			COALESCE((SELECT ms.role FROM memberships ms WHERE ms.user_id = $1
				AND ms.organization_id = p.organization_id), ''),
			COALESCE(i.is_public, FALSE),
			COALESCE((SELECT r.role FROM initiative_roles r WHERE r.initiative_id = p.initiative_id
				AND r.user_id = $1), ''),
			(SELECT COUNT(*) FROM initiative_members m JOIN memberships ms ON ms.organization_id = m.organization_id
				WHERE m.initiative_id = p.initiative_id AND m.status = 'active' AND ms.user_id = $1)
		FROM plans p LEFT JOIN initiatives i ON i.id = p.initiative_id
		WHERE p.id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("check plans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, initiativeID int64
		var org string
		var owner, shared, supervises, viaOrg int
		f := Facts{PlatformRole: u.Role}
		if err := rows.Scan(&id, &f.PlanKind, &org, &initiativeID, &owner, &shared, &supervises, &f.OrgRole,
			&f.InitiativePublic, &f.InitiativeRole, &viaOrg); err != nil {
			return fmt.Errorf("check plans: %w", err)
		}
		if org == "" && initiativeID == 0 {
			f.AdminOfAnOrganization, f.OrganizationAdminsStart = platform.AdminOfAnOrganization,
				platform.OrganizationAdminsStart
			f.WorksSomewhere = platform.WorksSomewhere
		}
		if f.InitiativeRole == "" && viaOrg > 0 {
			f.InitiativeRole = InitiativeMember
		}
		setPlanRelation(&f, owner, shared, supervises)
		out[id] = Decide(f, a)
	}
	return rows.Err()
}
