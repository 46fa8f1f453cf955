package account

import (
	"context"
	"database/sql"
	"fmt"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Membership says that a user works for an organization, in a role.
type Membership struct {
	UserID           int64
	OrganizationID   string
	OrganizationName string
	Role             string
}

// SetMembership makes the user a member of the organization in the given
// role (OrgAdmin or OrgStaff), replacing any role they had there.
func (s *Store) SetMembership(ctx context.Context, actor Actor, userID int64, orgID, role string) error {
	if role != OrgAdmin && role != OrgStaff {
		return &errs.ValidationError{Fields: map[string]string{"role": "must be admin or staff"}}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, organization_id) DO UPDATE SET role = excluded.role`, userID, orgID, role, s.now())
		if err != nil {
			return store.Classify(fmt.Errorf("set membership: %w", err))
		}
		var email, org string
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT email FROM users WHERE id = $1), (SELECT name FROM organizations WHERE id = $2)`, userID, orgID).Scan(&email, &org); err != nil {
			return store.Classify(fmt.Errorf("describe membership: %w", err))
		}
		return Record(ctx, tx, actor, Event{Action: "set", EntityType: "membership", EntityID: fmt.Sprintf("%d:%s", userID, orgID),
			Summary: fmt.Sprintf("made %s %s of %s", email, role, org), After: map[string]any{"user_id": userID, "organization_id": orgID, "role": role}})
	})
}

// MembershipsOf lists the organizations a user works for.
func (s *Store) MembershipsOf(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, m.organization_id, o.name, m.role FROM memberships m
		JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY lower(o.name)`, userID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list memberships: %w", err))
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.UserID, &m.OrganizationID, &m.OrganizationName, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
