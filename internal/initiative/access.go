package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// RoleHolder is someone given a role in an initiative (InitiativeRoles).
// The people of its active member organizations take part as members
// without one; a role given to them is in addition to that.
type RoleHolder struct {
	UserID   int64  `json:"user_id"`
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"` // only for those who may change the roles
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
	// Organizations are the names of the active member organizations the
	// person works for.
	Organizations []string `json:"organizations"`
	// WorksForMember is true when the person works for an active member
	// organization, as a partner lead should: a partner lead acts for their
	// organization, and one who works for no member has nobody to act for.
	WorksForMember bool `json:"works_for_member"`
}

// LeadsForNobody reports whether the person is a partner lead who works for
// no member organization: allowed, but worth a warning.
func (h RoleHolder) LeadsForNobody() bool {
	return h.Role == account.InitiativePartnerLead && !h.WorksForMember
}

// Roles lists who has been given which role in an initiative, backbone
// staff first, then partner leads, members and viewers, each by name; for
// anyone who may see the initiative (account.ViewInitiativeRoles). Their
// emails are given only to those who may change the roles.
func (s *Store) Roles(ctx context.Context, actor account.Actor, initiativeID int64) ([]RoleHolder, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiativeRoles, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	withEmails, err := s.rules.May(ctx, actor, account.GrantInitiativeRole, account.Initiative(initiativeID))
	if err != nil {
		return nil, err
	}
	holders, err := roleHolders(ctx, s.db, initiativeID, 0)
	if err != nil {
		return nil, err
	}
	if !withEmails {
		for i := range holders {
			holders[i].Email = ""
		}
	}
	return holders, nil
}

// roleHolders reads the people given a role in an initiative, or the one
// person userID when it is not 0, with the member organizations they work
// for.
func roleHolders(ctx context.Context, q store.Querier, initiativeID, userID int64) ([]RoleHolder, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.name, u.email, r.role, u.disabled_at IS NOT NULL,
			COALESCE(o.name, '')
		FROM initiative_roles r JOIN users u ON u.id = r.user_id
		LEFT JOIN memberships ms ON ms.user_id = u.id
		LEFT JOIN initiative_members m ON m.organization_id = ms.organization_id AND m.initiative_id = r.initiative_id
			AND m.status = 'active'
		LEFT JOIN organizations o ON o.id = m.organization_id
		WHERE r.initiative_id = $1 AND ($2 = 0 OR u.id = $2)
		ORDER BY CASE r.role WHEN 'backbone_staff' THEN 0 WHEN 'partner_lead' THEN 1 WHEN 'member' THEN 2 ELSE 3 END,
			lower(u.name), u.id, lower(o.name)`, initiativeID, userID)
	if err != nil {
		return nil, fmt.Errorf("list initiative roles: %w", err)
	}
	defer rows.Close()
	out := []RoleHolder{}
	for rows.Next() {
		var h RoleHolder
		var org string
		if err := rows.Scan(&h.UserID, &h.Name, &h.Email, &h.Role, &h.Disabled, &org); err != nil {
			return nil, fmt.Errorf("list initiative roles: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].UserID == h.UserID {
			h = out[n-1]
			out = out[:n-1]
		}
		if h.Organizations == nil {
			h.Organizations = []string{}
		}
		if org != "" {
			h.Organizations = append(h.Organizations, org)
			h.WorksForMember = true
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// GrantRole gives the person with this email (who must have an account) a
// role in an initiative, or another role in place of theirs, for its
// backbone staff (account.GrantInitiativeRole). It takes effect at the
// person's next request. Making the last backbone staff something else is
// refused: see RevokeRole. The change is kept in the audit log, and so in
// the initiative's updates.
func (s *Store) GrantRole(ctx context.Context, actor account.Actor, initiativeID int64, email, role string) (
	*RoleHolder, error,
) {
	if err := s.rules.Check(ctx, actor, account.GrantInitiativeRole, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var v errs.ValidationError
	if !oneOf(role, InitiativeRoles) {
		v.Add("role", "must be one of "+strings.Join(InitiativeRoles, ", "))
	}
	if strings.TrimSpace(email) == "" {
		v.Add("email", "is required")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	var out *RoleHolder
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, u, before, err := s.roleOf(ctx, tx, initiativeID, email, true)
		if err != nil {
			return err
		}
		if before != nil && before.Role == role {
			out = before
			return nil
		}
		if before != nil && before.Role == account.InitiativeBackboneStaff {
			if err := keepBackbone(ctx, tx, in, u); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO initiative_roles (initiative_id, user_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (initiative_id, user_id) DO UPDATE SET role = excluded.role`, initiativeID, u.id, role)
		if err != nil {
			return fmt.Errorf("set initiative role: %w", err)
		}
		found, err := roleHolders(ctx, tx, initiativeID, u.id)
		if err != nil {
			return err
		}
		out = &found[0]
		summary := fmt.Sprintf("gave %s the %s role", u.name, words(role))
		var was any
		if before != nil {
			summary = fmt.Sprintf("gave %s the %s role in place of %s", u.name, words(role), words(before.Role))
			was = roleAudit(u, before.Role)
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "role", summary, was, roleAudit(u, role))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeRole takes away the role the person with this email has in an
// initiative, for its backbone staff (account.RevokeInitiativeRole). It
// takes effect at the person's next request: they still see the initiative
// if it is public or they work for an active member organization. An
// initiative keeps at least one backbone staff who can sign in, as nobody
// else runs it day to day: taking the last one away is refused.
func (s *Store) RevokeRole(ctx context.Context, actor account.Actor, initiativeID int64, email string) error {
	if err := s.rules.Check(ctx, actor, account.RevokeInitiativeRole, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, u, before, err := s.roleOf(ctx, tx, initiativeID, email, false)
		if err != nil {
			return err
		}
		if before == nil {
			return fmt.Errorf("%s has no role in initiative %d: %w", u.email, initiativeID, errs.ErrNotFound)
		}
		if before.Role == account.InitiativeBackboneStaff {
			if err := keepBackbone(ctx, tx, in, u); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(
			ctx,
			`DELETE FROM initiative_roles WHERE initiative_id = $1 AND user_id = $2`,
			initiativeID,
			u.id,
		)
		if err != nil {
			return fmt.Errorf("revoke initiative role: %w", err)
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "role_revoke",
			fmt.Sprintf("took the %s role from %s", words(before.Role), u.name), roleAudit(u, before.Role), nil)
	})
}

// roleUser is the person a role is given to or taken from.
type roleUser struct {
	id          int64
	name, email string
}

func roleAudit(u roleUser, role string) map[string]any {
	return map[string]any{"user_id": u.id, "email": u.email, "role": role}
}

// roleOf reads, inside a change, the initiative, the user with this email
// and the role they have there (nil when none). An unknown initiative is
// not found; so is an unknown email, or (when the email was typed to give
// someone a role) a validation error naming the field.
func (s *Store) roleOf(
	ctx context.Context, tx *sql.Tx, initiativeID int64, email string, typed bool,
) (*Initiative, roleUser, *RoleHolder, error) {
	var u roleUser
	// Changes to one initiative's roles take turns, so that "another
	// backbone staff remains" still holds when the change commits.
	if err := s.db.LockRows(ctx, tx, `SELECT id FROM initiatives WHERE id = $1 FOR UPDATE`, initiativeID); err != nil {
		return nil, u, nil, err
	}
	in, err := s.get(ctx, tx, initiativeID)
	if err != nil {
		return nil, u, nil, err
	}
	err = tx.QueryRowContext(ctx, `SELECT id, name, email FROM users WHERE lower(email) = $1`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&u.id, &u.name, &u.email)
	if errors.Is(err, sql.ErrNoRows) {
		if typed {
			return nil, u, nil, &errs.ValidationError{Fields: map[string]string{
				"email": "is not the email of anyone with an account: a platform admin adds people first"}}
		}
		return nil, u, nil, fmt.Errorf("user %s: %w", email, errs.ErrNotFound)
	}
	if err != nil {
		return nil, u, nil, fmt.Errorf("find user %s: %w", email, err)
	}
	found, err := roleHolders(ctx, tx, initiativeID, u.id)
	if err != nil || len(found) == 0 {
		return in, u, nil, err
	}
	return in, u, &found[0], nil
}

// keepBackbone refuses to take the backbone staff role from u when nobody
// else who can sign in has it.
func keepBackbone(ctx context.Context, tx *sql.Tx, in *Initiative, u roleUser) error {
	var others int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM initiative_roles r JOIN users x ON x.id = r.user_id
		WHERE r.initiative_id = $1 AND r.role = $2 AND r.user_id <> $3 AND x.disabled_at IS NULL`,
		in.ID, account.InitiativeBackboneStaff, u.id).Scan(&others)
	if err != nil {
		return fmt.Errorf("count backbone staff: %w", err)
	}
	if others > 0 {
		return nil
	}
	return &errs.ConflictError{
		Field: "role",
		Message: fmt.Sprintf("%s is the last backbone staff of %s: without them nobody "+
			"could run the initiative. Give someone else the backbone staff role first.", u.name, in.Name),
	}
}
