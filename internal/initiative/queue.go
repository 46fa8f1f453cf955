package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"backbone/internal/account"
)

// AwaitedVote is an open proposal that an organization has not yet voted on
// (nor given its vote to another member), and its deadline.
type AwaitedVote struct {
	InitiativeID     int64     `json:"initiative_id"`
	InitiativeName   string    `json:"initiative_name"`
	ProposalID       int64     `json:"proposal_id"`
	Title            string    `json:"title"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	Deadline         time.Time `json:"deadline"`
	TimeZone         string    `json:"time_zone"` // the initiative's; "" for the instance's
}

// AwaitedSignature is an agreement that a party organization has not yet
// signed.
type AwaitedSignature struct {
	InitiativeID     int64      `json:"initiative_id"`
	InitiativeName   string     `json:"initiative_name"`
	AgreementID      int64      `json:"agreement_id"`
	Title            string     `json:"title"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	EffectiveOn      time.Time  `json:"effective_on"`
	EndsOn           *time.Time `json:"ends_on"`
}

// VotesAwaited lists the open proposals, still before their deadline by the
// store's clock, on which an organization actor works for is an active
// voting member and has neither voted nor delegated its vote, where actor
// may vote for it (account.CastVote); the nearest deadline first.
func (s *Store) VotesAwaited(ctx context.Context, actor account.Actor) ([]AwaitedVote, error) {
	out := []AwaitedVote{}
	if actor.User == nil {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.name, p.id, p.title, m.organization_id, o.name, p.deadline, m.role, n.time_zone
		FROM proposals p JOIN initiatives n ON n.id = p.initiative_id
		JOIN initiative_members m ON m.initiative_id = p.initiative_id AND m.status = 'active'
		JOIN memberships ms ON ms.organization_id = m.organization_id AND ms.user_id = $1
		JOIN organizations o ON o.id = m.organization_id
		WHERE p.status = 'open' AND p.deadline > $2
		AND NOT EXISTS (SELECT 1 FROM proposal_votes v WHERE v.proposal_id = p.id AND v.organization_id = m.organization_id)
		AND NOT EXISTS (SELECT 1 FROM proposal_delegations d
			WHERE d.proposal_id = p.id AND d.from_organization_id = m.organization_id)
		ORDER BY p.deadline, p.id, lower(o.name), o.id`, actor.User.ID, s.now())
	if err != nil {
		return nil, fmt.Errorf("read the votes awaited: %w", err)
	}
	var all []AwaitedVote
	for rows.Next() {
		var v AwaitedVote
		var role string
		err := rows.Scan(&v.InitiativeID, &v.InitiativeName, &v.ProposalID, &v.Title, &v.OrganizationID,
			&v.OrganizationName, &v.Deadline, &role, &v.TimeZone)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the votes awaited: %w", err)
		}
		if VotingRole(role) {
			all = append(all, v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the votes awaited: %w", err)
	}
	for _, v := range all {
		ok, err := s.rules.May(ctx, actor, account.CastVote, account.OrgIn(v.OrganizationID, v.InitiativeID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// SignaturesAwaited lists the agreements, not yet ended by the store's
// clock, that name an organization actor works for as a party that has not
// signed, where actor may sign for it (account.SignAgreement); by
// initiative, then agreement title.
func (s *Store) SignaturesAwaited(ctx context.Context, actor account.Actor) ([]AwaitedSignature, error) {
	out := []AwaitedSignature{}
	if actor.User == nil {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.name, a.id, a.title, ap.organization_id, o.name,
			a.effective_on, a.ends_on
		FROM agreement_parties ap JOIN agreements a ON a.id = ap.agreement_id
		JOIN initiatives n ON n.id = a.initiative_id JOIN organizations o ON o.id = ap.organization_id
		JOIN memberships ms ON ms.organization_id = ap.organization_id AND ms.user_id = $1
		WHERE ap.signed_at IS NULL AND (a.ends_on IS NULL OR a.ends_on > $2)
		ORDER BY lower(n.name), n.id, lower(a.title), a.id, lower(o.name), o.id`, actor.User.ID, s.now())
	if err != nil {
		return nil, fmt.Errorf("read the signatures awaited: %w", err)
	}
	var all []AwaitedSignature
	for rows.Next() {
		var a AwaitedSignature
		var ends sql.NullTime
		err := rows.Scan(&a.InitiativeID, &a.InitiativeName, &a.AgreementID, &a.Title, &a.OrganizationID,
			&a.OrganizationName, &a.EffectiveOn, &ends)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the signatures awaited: %w", err)
		}
		a.EffectiveOn = *dateOnly(&a.EffectiveOn)
		a.EndsOn = dateOnly(timePtr(ends))
		all = append(all, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the signatures awaited: %w", err)
	}
	for _, a := range all {
		ok, err := s.rules.May(ctx, actor, account.SignAgreement, account.OrgIn(a.OrganizationID, a.InitiativeID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}
