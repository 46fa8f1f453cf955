package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// OrganizationPerson is someone who works for an organization, and their
// role there (OrgAdmin or OrgStaff).
type OrganizationPerson struct {
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Email    string    `json:"email,omitempty"` // only for those who may change the list
	Role     string    `json:"role"`
	Disabled bool      `json:"disabled"`
	Since    time.Time `json:"since"`
}

// OrganizationRoles are the roles a person can have in an organization.
var OrganizationRoles = []string{OrgAdmin, OrgStaff}

// OrganizationPeople lists who works for an organization, its admins first,
// then by name (ViewOrganizationPeople). Their emails are given only to
// those who may change the list.
func (s *Store) OrganizationPeople(ctx context.Context, actor Actor, orgID string) ([]OrganizationPerson, error) {
	if err := s.Check(ctx, actor, ViewOrganizationPeople, Org(orgID)); err != nil {
		return nil, err
	}
	if _, err := organizationName(ctx, s.db, orgID); err != nil {
		return nil, err
	}
	withEmails, err := s.May(ctx, actor, GrantOrganizationRole, Org(orgID))
	if err != nil {
		return nil, err
	}
	people, err := organizationPeople(ctx, s.db, orgID, 0)
	if err != nil {
		return nil, err
	}
	if !withEmails {
		for i := range people {
			people[i].Email = ""
		}
	}
	return people, nil
}

// organizationPeople reads the people of an organization, or the one person
// userID when it is not 0.
func organizationPeople(ctx context.Context, q store.Querier, orgID string, userID int64) (
	[]OrganizationPerson, error,
) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.name, u.email, m.role, u.disabled_at IS NOT NULL, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND ($2 = 0 OR u.id = $2)
		ORDER BY CASE m.role WHEN 'admin' THEN 0 ELSE 1 END, lower(u.name), u.id`, orgID, userID)
	if err != nil {
		return nil, fmt.Errorf("list the people of organization %s: %w", orgID, err)
	}
	defer rows.Close()
	out := []OrganizationPerson{}
	for rows.Next() {
		var p OrganizationPerson
		if err := rows.Scan(&p.UserID, &p.Name, &p.Email, &p.Role, &p.Disabled, &p.Since); err != nil {
			return nil, fmt.Errorf("list the people of organization %s: %w", orgID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetOrganizationRole makes the person with this email (who must have an
// account) an admin or staff of the organization, or gives them the other
// role (GrantOrganizationRole: its admins and the stewards). Demoting the
// organization's last admin is for stewards only
// (LeaveOrganizationWithoutAdmin). The change is kept in the audit log, in
// the organization's history of its people, which names people by name:
// anyone signed in reads it.
func (s *Store) SetOrganizationRole(ctx context.Context, actor Actor, orgID, email, role string) (
	*OrganizationPerson, error,
) {
	if err := s.Check(ctx, actor, GrantOrganizationRole, Org(orgID)); err != nil {
		return nil, err
	}
	var v errs.ValidationError
	if role != OrgAdmin && role != OrgStaff {
		v.Add("role", "must be admin or staff")
	}
	if strings.TrimSpace(email) == "" {
		v.Add("email", "is required")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	var out *OrganizationPerson
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		org, u, before, err := s.organizationPerson(ctx, tx, orgID, email, true)
		if err != nil {
			return err
		}
		if before != nil && before.Role == role {
			out = before
			return nil
		}
		if before != nil && before.Role == OrgAdmin {
			if err := s.keepOrganizationAdmin(ctx, tx, actor, orgID, org, u); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organization_id, role, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, organization_id) DO UPDATE SET role = excluded.role`,
			u.ID, orgID, role, s.now())
		if err != nil {
			return fmt.Errorf("set membership: %w", err)
		}
		found, err := organizationPeople(ctx, tx, orgID, u.ID)
		if err != nil {
			return err
		}
		out = &found[0]
		ev := Event{At: s.now(), Action: "set", EntityType: "membership", EntityID: orgID,
			Summary: fmt.Sprintf("made %s %s of %s", u.Name, orgRoleWords[role], org),
			After:   membershipAudit(u, orgID, role)}
		if before != nil {
			ev.Summary += fmt.Sprintf(" (was %s)", before.Role)
			ev.Before = membershipAudit(u, orgID, before.Role)
		}
		return Record(ctx, tx, actor, ev)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// orgRoleWords names the organization roles as a sentence does.
var orgRoleWords = map[string]string{OrgAdmin: "an admin", OrgStaff: "staff"}

// RemoveFromOrganization takes the person with this email off the
// organization's people (RevokeOrganizationRole: its admins and the
// stewards); their account stays. Removing the last admin is for stewards
// only (LeaveOrganizationWithoutAdmin).
func (s *Store) RemoveFromOrganization(ctx context.Context, actor Actor, orgID, email string) error {
	if err := s.Check(ctx, actor, RevokeOrganizationRole, Org(orgID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		org, u, before, err := s.organizationPerson(ctx, tx, orgID, email, false)
		if err != nil {
			return err
		}
		if before == nil {
			return fmt.Errorf("%s does not work for organization %s: %w", u.Email, orgID, errs.ErrNotFound)
		}
		if before.Role == OrgAdmin {
			if err := s.keepOrganizationAdmin(ctx, tx, actor, orgID, org, u); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2`, u.ID, orgID)
		if err != nil {
			return fmt.Errorf("remove membership: %w", err)
		}
		return Record(ctx, tx, actor, Event{At: s.now(), Action: "remove", EntityType: "membership", EntityID: orgID,
			Summary: fmt.Sprintf("took %s off the people of %s (was %s)", u.Name, org, before.Role),
			Before:  membershipAudit(u, orgID, before.Role)})
	})
}

// organizationPerson reads, inside a change, the organization's name, the
// user with this email and their place in it (nil when they have none). An
// unknown organization is not found; so is an unknown email, or (when the
// email was typed to add someone) a validation error naming the field.
func (s *Store) organizationPerson(
	ctx context.Context, tx *sql.Tx, orgID, email string, typed bool,
) (string, *User, *OrganizationPerson, error) {
	if err := s.db.LockRows(ctx, tx, `SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, orgID); err != nil {
		return "", nil, nil, err
	}
	org, err := organizationName(ctx, tx, orgID)
	if err != nil {
		return "", nil, nil, err
	}
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = $1`,
		strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		if typed {
			return "", nil, nil, &errs.ValidationError{Fields: map[string]string{
				"email": "is not the email of anyone with an account: a platform admin adds people first"}}
		}
		return "", nil, nil, fmt.Errorf("user %s: %w", email, errs.ErrNotFound)
	}
	if err != nil {
		return "", nil, nil, fmt.Errorf("find user %s: %w", email, err)
	}
	found, err := organizationPeople(ctx, tx, orgID, u.ID)
	if err != nil || len(found) == 0 {
		return org, u, nil, err
	}
	return org, u, &found[0], nil
}

// keepOrganizationAdmin refuses to take away an organization's last admin
// who can sign in, unless the actor may leave it without one (a steward,
// who can appoint the next).
func (s *Store) keepOrganizationAdmin(ctx context.Context, tx *sql.Tx, actor Actor, orgID, org string, u *User) error {
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships m JOIN users x ON x.id = m.user_id
		WHERE m.organization_id = $1 AND m.role = $2 AND m.user_id <> $3 AND x.disabled_at IS NULL`,
		orgID, OrgAdmin, u.ID).Scan(&others); err != nil {
		return fmt.Errorf("count the admins of organization %s: %w", orgID, err)
	}
	if others > 0 {
		return nil
	}
	ok, err := s.May(ctx, actor, LeaveOrganizationWithoutAdmin, Org(orgID))
	if err != nil || ok {
		return err
	}
	return &errs.ConflictError{Field: "role", Message: fmt.Sprintf("%s is the last admin of %s: make someone else "+
		"an admin first, or ask a directory steward, so that someone still keeps its record and its people", u.Name, org)}
}

// organizationName returns the name of an organization, archived or not.
func organizationName(ctx context.Context, q store.Querier, orgID string) (string, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("organization %q", orgID),
		store.Value[string],
		`SELECT name FROM organizations WHERE id = $1`,
		orgID,
	)
}

func membershipAudit(u *User, orgID, role string) map[string]any {
	return map[string]any{"user_id": u.ID, "email": u.Email, "organization_id": orgID, "role": role}
}

// OrganizationPeopleHistory lists the changes to an organization's people,
// newest first, for those who may see them (ViewOrganizationPeople).
func (s *Store) OrganizationPeopleHistory(ctx context.Context, actor Actor, orgID string, limit int) (
	[]AuditEvent, error,
) {
	if err := s.Check(ctx, actor, ViewOrganizationPeople, Org(orgID)); err != nil {
		return nil, err
	}
	return s.ListAudit(ctx, AuditFilter{EntityType: "membership", EntityID: orgID, Limit: limit})
}
