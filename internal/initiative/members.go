package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// The member lifecycle: an organization is invited, accepts (active) or
// declines, and an active member may later leave. The backbone may take an
// organization out (removed): an active member, or an invitation not yet
// answered. A declined, departed or removed organization may be invited
// again. Every move is kept in member_events.

// MemberEvent is one move in an organization's membership of an initiative:
// who made it, when, from which status and role to which, and why.
type MemberEvent struct {
	ID               int64     `json:"id"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	At               time.Time `json:"at"`
	UserID           int64     `json:"user_id,omitempty"` // 0 when no user made the move (CLI, demo)
	Actor            string    `json:"actor"`
	FromStatus       string    `json:"from_status"` // "" for the first event
	ToStatus         string    `json:"to_status"`
	FromRole         string    `json:"from_role"`
	ToRole           string    `json:"to_role"`
	Reason           string    `json:"reason"`
}

// Voting reports whether a member in this role votes on proposals by
// default: the backbone, core partners and supporting partners do; funders
// and community representatives take part and may comment but do not vote,
// so that money and advice do not outweigh the partners who do the work.
// A governance setting may later widen this per initiative.
func Voting(role string) bool { return VotingRole(role) }

const maxReason = 2000

// Invite asks an organization from the directory to join an initiative in
// a role; it stands as invited until it responds. An organization that
// declined, left or was removed may be invited again; one already invited
// or active may not. For backbone staff (account.InviteMember).
func (s *Store) Invite(ctx context.Context, actor account.Actor, initiativeID int64, orgID, role string) error {
	if err := s.rules.Check(ctx, actor, account.InviteMember, account.Initiative(initiativeID)); err != nil {
		return err
	}
	orgID, role = strings.TrimSpace(orgID), strings.ToLower(strings.TrimSpace(role))
	var v errs.ValidationError
	if orgID == "" {
		v.Add("organization_id", "is required")
	}
	if !oneOf(role, MemberRoles) {
		v.Add("role", "must be one of "+strings.Join(MemberRoles, ", "))
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, before, err := s.memberForChange(ctx, tx, initiativeID, orgID)
		if err != nil {
			return err
		}
		if before != nil {
			switch before.Status {
			case "invited":
				return memberConflict("%s has already been invited to %s", before.OrganizationName, in.Name)
			case "active":
				return memberConflict("%s is already a member of %s", before.OrganizationName, in.Name)
			}
		}
		after, err := s.moveMember(ctx, tx, actor, initiativeID, orgID, before, role, "invited", "")
		if err != nil {
			return err
		}
		return s.recordChange(
			ctx,
			tx,
			actor,
			initiativeID,
			"member_invite",
			fmt.Sprintf(
				"invited %s to join %s as %s",
				after.OrganizationName,
				in.Name,
				article(words(role)),
			),
			before,
			after,
		)
	})
}

// Respond records an invited organization's answer: accepting makes it an
// active member, declining closes the invitation. Answering an invitation
// that was never sent, or was already answered, is a conflict. Those who
// decide for the organization answer (account.AnswerInvitation), though a
// private initiative is hidden from them until they join; to anyone who
// may not see it, an organization never invited to it learns nothing of
// it (errs.ErrNotFound).
func (s *Store) Respond(ctx context.Context, actor account.Actor, initiativeID int64, orgID string, accept bool) error {
	orgID = strings.TrimSpace(orgID)
	if err := s.rules.Check(ctx, actor, account.AnswerInvitation, account.OrgIn(orgID, initiativeID)); err != nil {
		return err
	}
	sees, err := s.rules.May(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID))
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, before, err := s.memberForChange(ctx, tx, initiativeID, orgID)
		if err != nil {
			return err
		}
		if before == nil && !sees {
			return fmt.Errorf("invitation of %s to initiative %d: %w", orgID, initiativeID, errs.ErrNotFound)
		}
		answer := "accept"
		if !accept {
			answer = "decline"
		}
		switch {
		case before == nil:
			return memberConflict("there is no invitation to %s for organization %s to %s", in.Name, orgID, answer)
		case before.Status == "active":
			return memberConflict(
				"%s is already a member of %s: there is no invitation to %s",
				before.OrganizationName,
				in.Name,
				answer,
			)
		case before.Status != "invited":
			return memberConflict(
				"%s has no open invitation to %s (it %s): invite it again first",
				before.OrganizationName,
				in.Name,
				statusWords(before.Status),
			)
		}
		to, summary := "active", fmt.Sprintf(
			"%s joined %s as %s",
			before.OrganizationName,
			in.Name,
			article(words(before.Role)),
		)
		if !accept {
			to, summary = "declined", fmt.Sprintf(
				"%s declined the invitation to join %s",
				before.OrganizationName,
				in.Name,
			)
		}
		after, err := s.moveMember(ctx, tx, actor, initiativeID, before.OrganizationID, before, before.Role, to, "")
		if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "member_"+answer, summary, before, after)
	})
}

// Leave ends an active member's part in an initiative, keeping why. Its
// history, activities and agreements stay. The organization decides it
// itself (account.LeaveInitiative: its admins and partner leads); backbone
// staff remove a member instead (RemoveMember).
func (s *Store) Leave(ctx context.Context, actor account.Actor, initiativeID int64, orgID, reason string) error {
	orgID = strings.TrimSpace(orgID)
	if err := s.rules.Check(ctx, actor, account.LeaveInitiative, account.OrgIn(orgID, initiativeID)); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if err := checkReason(reason); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, before, err := s.memberForChange(ctx, tx, initiativeID, strings.TrimSpace(orgID))
		if err != nil {
			return err
		}
		switch {
		case before == nil:
			return memberConflict("organization %s is not a member of %s", orgID, in.Name)
		case before.Status == "left":
			return memberConflict("%s has already left %s", before.OrganizationName, in.Name)
		case before.Status == "invited":
			return memberConflict(
				"%s has not joined %s: decline the invitation instead",
				before.OrganizationName,
				in.Name,
			)
		case before.Status != "active":
			return memberConflict(
				"%s is not a member of %s (it %s)",
				before.OrganizationName,
				in.Name,
				statusWords(before.Status),
			)
		}
		after, err := s.moveMember(
			ctx,
			tx,
			actor,
			initiativeID,
			before.OrganizationID,
			before,
			before.Role,
			"left",
			reason,
		)
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("%s left %s", before.OrganizationName, in.Name)
		if reason != "" {
			summary += ": " + reason
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "member_leave", summary, before, after)
	})
}

// RemoveMember takes an organization out of an initiative by the
// backbone's decision, with the reason the partners will read: an active
// member is removed, an open invitation withdrawn. The move is kept in the
// member history as the backbone's (status removed), where leaving is the
// organization's own; its history, activities and agreements stay. The
// backbone organization itself cannot be removed: the initiative needs
// another backbone first. For backbone staff (account.RemoveMember).
func (s *Store) RemoveMember(ctx context.Context, actor account.Actor, initiativeID int64, orgID, reason string) error {
	if err := s.rules.Check(ctx, actor, account.RemoveMember, account.Initiative(initiativeID)); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &errs.ValidationError{Fields: map[string]string{"reason": "is required: say why, for the partners"}}
	}
	if err := checkReason(reason); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, before, err := s.memberForChange(ctx, tx, initiativeID, strings.TrimSpace(orgID))
		if err != nil {
			return err
		}
		switch {
		case before == nil:
			return memberConflict("organization %s is not a member of %s", orgID, in.Name)
		case before.Status != "active" && before.Status != "invited":
			return memberConflict("%s is neither a member of %s nor invited to it (it %s)",
				before.OrganizationName, in.Name, statusWords(before.Status))
		case before.OrganizationID == in.BackboneOrganizationID:
			return memberConflict("%s is the backbone organization of %s: choose another backbone organization first",
				before.OrganizationName, in.Name)
		}
		after, err := s.moveMember(
			ctx,
			tx,
			actor,
			initiativeID,
			before.OrganizationID,
			before,
			before.Role,
			"removed",
			reason,
		)
		if err != nil {
			return err
		}
		action := "member_remove"
		summary := fmt.Sprintf("the backbone removed %s from %s: %s", before.OrganizationName, in.Name, reason)
		if before.Status == "invited" {
			action = "member_withdraw"
			summary = fmt.Sprintf(
				"the backbone withdrew the invitation to %s to join %s: %s",
				before.OrganizationName,
				in.Name,
				reason,
			)
		}
		return s.recordChange(ctx, tx, actor, initiativeID, action, summary, before, after)
	})
}

// ChangeRole gives an invited or active member another role, keeping why.
// Asking for the role it already has changes nothing. For backbone staff
// (account.ChangeMemberRole).
func (s *Store) ChangeRole(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	orgID, role, reason string,
) error {
	if err := s.rules.Check(ctx, actor, account.ChangeMemberRole, account.Initiative(initiativeID)); err != nil {
		return err
	}
	role, reason = strings.ToLower(strings.TrimSpace(role)), strings.TrimSpace(reason)
	if !oneOf(role, MemberRoles) {
		return &errs.ValidationError{
			Fields: map[string]string{"role": "must be one of " + strings.Join(MemberRoles, ", ")},
		}
	}
	if err := checkReason(reason); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, before, err := s.memberForChange(ctx, tx, initiativeID, strings.TrimSpace(orgID))
		if err != nil {
			return err
		}
		if before == nil || (before.Status != "active" && before.Status != "invited") {
			return memberConflict("organization %s is not a member of %s, so its role cannot change", orgID, in.Name)
		}
		if before.Role == role {
			return nil
		}
		after, err := s.moveMember(
			ctx,
			tx,
			actor,
			initiativeID,
			before.OrganizationID,
			before,
			role,
			before.Status,
			reason,
		)
		if err != nil {
			return err
		}
		return s.recordChange(
			ctx,
			tx,
			actor,
			initiativeID,
			"member_role",
			fmt.Sprintf(
				"%s is now %s of %s (was %s)",
				before.OrganizationName,
				article(words(role)),
				in.Name,
				article(words(before.Role)),
			),
			before,
			after,
		)
	})
}

// MemberHistory returns every move of every member of an initiative, oldest
// first, for whoever has the initiative from View.
func (s *Store) MemberHistory(ctx context.Context, initiativeID int64) ([]MemberEvent, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.organization_id, o.name, e.at, COALESCE(e.user_id, 0), e.actor,
		e.from_status, e.to_status, e.from_role, e.to_role, e.reason
		FROM member_events e JOIN organizations o ON o.id = e.organization_id
		WHERE e.initiative_id = $1 ORDER BY e.at, e.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("member history: %w", err)
	}
	defer rows.Close()
	out := []MemberEvent{}
	for rows.Next() {
		var e MemberEvent
		if err := rows.Scan(&e.ID, &e.OrganizationID, &e.OrganizationName, &e.At, &e.UserID, &e.Actor,
			&e.FromStatus, &e.ToStatus, &e.FromRole, &e.ToRole, &e.Reason); err != nil {
			return nil, fmt.Errorf("member history: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// memberForChange loads the initiative and the organization's place in it
// (nil when it has none) for a lifecycle move; an organization missing from
// the directory is a validation error on organization_id.
func (s *Store) memberForChange(
	ctx context.Context,
	tx *sql.Tx,
	initiativeID int64,
	orgID string,
) (*Initiative, *Member, error) {
	in, err := s.get(ctx, tx, initiativeID)
	if err != nil {
		return nil, nil, err
	}
	before, err := member(ctx, tx, initiativeID, orgID)
	if err != nil {
		return nil, nil, err
	}
	if before == nil {
		if err := organizationExists(ctx, tx, orgID); err != nil {
			return nil, nil, &errs.ValidationError{
				Fields: map[string]string{"organization_id": "is not an organization in the directory"},
			}
		}
	}
	return in, before, nil
}

// moveMember writes an organization's new role and status in an initiative
// and the member event that keeps the move. It notes when the organization
// first became active and when it left.
func (s *Store) moveMember(
	ctx context.Context,
	tx *sql.Tx,
	actor account.Actor,
	initiativeID int64,
	orgID string,
	before *Member,
	role, status, reason string,
) (Member, error) {
	now := s.now()
	after := Member{OrganizationID: orgID, Role: role, Status: status}
	from := Member{}
	if before != nil {
		from = *before
		after.OrganizationName, after.JoinedAt, after.LeftAt = before.OrganizationName, before.JoinedAt, before.LeftAt
	} else if err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&after.OrganizationName); err != nil {
		return after, fmt.Errorf("get organization %s: %w", orgID, err)
	}
	switch status {
	case "active":
		if after.JoinedAt == nil {
			after.JoinedAt = &now
		}
		after.LeftAt = nil
	case "left", "removed":
		if after.LeftAt == nil || from.Status != status {
			after.LeftAt = &now
		}
	}
	_, err := tx.ExecContext(
		ctx,
		`INSERT INTO initiative_members (initiative_id, organization_id, role, status, joined_at, left_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (initiative_id, organization_id) DO UPDATE SET role = excluded.role, status = excluded.status,
			joined_at = excluded.joined_at, left_at = excluded.left_at`,
		initiativeID,
		orgID,
		role,
		status,
		after.JoinedAt,
		after.LeftAt,
	)
	if err != nil {
		return after, fmt.Errorf("save member: %w", err)
	}
	uid, label := actorColumns(actor)
	_, err = tx.ExecContext(
		ctx,
		`INSERT INTO member_events (initiative_id, organization_id, at, user_id, actor, from_status, to_status, from_role, to_role, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		initiativeID,
		orgID,
		now,
		uid,
		label,
		from.Status,
		status,
		from.Role,
		role,
		reason,
	)
	if err != nil {
		return after, fmt.Errorf("record member event: %w", err)
	}
	return after, nil
}

// statusWords says where an organization stands, after "it": "it
// declined", "it left", "it was removed".
func statusWords(status string) string {
	if status == "removed" {
		return "was removed"
	}
	return status
}

func checkReason(reason string) error {
	var v errs.ValidationError
	checkLength(&v, "reason", reason, maxReason)
	return v.OrNil()
}

func memberConflict(format string, args ...any) error {
	return &errs.ConflictError{Field: "status", Message: fmt.Sprintf(format, args...)}
}

// article puts "a" or "an" before a role's words.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}
