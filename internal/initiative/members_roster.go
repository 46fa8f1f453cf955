package initiative

import (
	"context"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Roster is an initiative's members as one person may see them, with what
// they may do about them.
type Roster struct {
	Initiative *Initiative
	Members    []Member
	// CanView is false for the admin of an organization invited to a
	// private initiative, who reads the invitation but not the history.
	CanView     bool
	History     []MemberEvent // oldest first; none unless CanView
	Invitations []Member      // open invitations the reader answers (account.AnswerInvitation)
	Leavable    []Member      // active members the reader may take out (account.LeaveInitiative)
	CanInvite   bool          // account.InviteMember
	CanChange   bool          // account.ChangeMemberRole
	CanRemove   bool          // account.RemoveMember
}

// Roster returns initiative id's members to actor: to whoever may see the
// initiative, and to whoever may answer one of its open invitations, who
// must read it to answer even when the initiative is private. To anyone
// else it does not exist. The invitations and departures offered go by the
// organizations the actor works for, so a platform admin is not offered to
// answer for every organization.
func (s *Store) Roster(ctx context.Context, actor account.Actor, id int64) (*Roster, error) {
	ro := &Roster{}
	var err error
	if ro.CanView, err = s.rules.May(ctx, actor, account.ViewInitiative, account.Initiative(id)); err != nil {
		return nil, err
	}
	if ro.Initiative, err = s.get(ctx, s.db, id); err != nil {
		return nil, err
	}
	if ro.Members, err = members(ctx, s.db, id, ""); err != nil {
		return nil, err
	}
	own, err := s.ownOrganizations(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, m := range ro.Members {
		switch {
		case !own[m.OrganizationID]:
		case m.Status == "invited":
			ok, err := s.rules.May(ctx, actor, account.AnswerInvitation, account.OrgIn(m.OrganizationID, id))
			if err != nil {
				return nil, err
			}
			if ok {
				ro.Invitations = append(ro.Invitations, m)
			}
		case m.Status == "active":
			ok, err := s.rules.May(ctx, actor, account.LeaveInitiative, account.OrgIn(m.OrganizationID, id))
			if err != nil {
				return nil, err
			}
			if ok {
				ro.Leavable = append(ro.Leavable, m)
			}
		}
	}
	if !ro.CanView && len(ro.Invitations) == 0 {
		// The rule book says why: not signed in, or not found.
		if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(id)); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("initiative %d: %w", id, errs.ErrNotFound)
	}
	if !ro.CanView {
		return ro, nil
	}
	if ro.History, err = s.MemberHistory(ctx, id); err != nil {
		return nil, err
	}
	if ro.CanInvite, err = s.rules.May(ctx, actor, account.InviteMember, account.Initiative(id)); err != nil {
		return nil, err
	}
	if ro.CanChange, err = s.rules.May(ctx, actor, account.ChangeMemberRole, account.Initiative(id)); err != nil {
		return nil, err
	}
	if ro.CanRemove, err = s.rules.May(ctx, actor, account.RemoveMember, account.Initiative(id)); err != nil {
		return nil, err
	}
	return ro, nil
}

// ownOrganizations is the set of organizations actor works for.
func (s *Store) ownOrganizations(ctx context.Context, actor account.Actor) (map[string]bool, error) {
	own := map[string]bool{}
	if actor.User == nil {
		return own, nil
	}
	ms, err := s.rules.MembershipsOf(ctx, actor.User.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		own[m.OrganizationID] = true
	}
	return own, nil
}

// Invitation is an initiative's open invitation to an organization.
type Invitation struct {
	InitiativeID     int64
	InitiativeName   string
	OrganizationID   string
	OrganizationName string
	Role             string
}

// Invitations lists the open invitations to the organizations actor works
// for that actor may answer (account.AnswerInvitation), so they are shown
// what waits for their answer.
func (s *Store) Invitations(ctx context.Context, actor account.Actor) ([]Invitation, error) {
	if actor.User == nil {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.name, m.organization_id, o.name, m.role
		FROM initiative_members m JOIN initiatives i ON i.id = m.initiative_id
		JOIN organizations o ON o.id = m.organization_id JOIN memberships ms ON ms.organization_id = m.organization_id
		WHERE m.status = 'invited' AND ms.user_id = $1 ORDER BY lower(i.name), lower(o.name)`, actor.User.ID)
	if err != nil {
		return nil, fmt.Errorf("pending invitations: %w", err)
	}
	var all []Invitation
	for rows.Next() {
		var in Invitation
		err := rows.Scan(&in.InitiativeID, &in.InitiativeName, &in.OrganizationID, &in.OrganizationName, &in.Role)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("pending invitations: %w", err)
		}
		all = append(all, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending invitations: %w", err)
	}
	var out []Invitation
	for _, in := range all {
		ok, err := s.rules.May(ctx, actor, account.AnswerInvitation, account.OrgIn(in.OrganizationID, in.InitiativeID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, in)
		}
	}
	return out, nil
}
