package account

import (
	"context"
	"fmt"
)

// Membership says that a user works for an organization, in a role.
type Membership struct {
	UserID           int64
	OrganizationID   string
	OrganizationName string
	Role             string
}

// SetMembership makes the user an admin or staff of the organization, as
// SetOrganizationRole does for their email: for loading people (the
// command line, the demo), who know users by number.
func (s *Store) SetMembership(ctx context.Context, actor Actor, userID int64, orgID, role string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	_, err = s.SetOrganizationRole(ctx, actor, orgID, u.Email, role)
	return err
}

// MembershipsOf lists the organizations a user works for.
func (s *Store) MembershipsOf(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, m.organization_id, o.name, m.role FROM memberships m
		JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY lower(o.name)`, userID)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
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
