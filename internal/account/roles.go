package account

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Person is someone with an account as the platform's list of people shows
// them: the account and the organizations they work for.
type Person struct {
	User
	Memberships []Membership
}

// People lists everyone with an account, by email, with the organizations
// they work for: for platform admins (ListUsers).
func (s *Store) People(ctx context.Context, actor Actor) ([]Person, error) {
	if err := s.Check(ctx, actor, ListUsers, Platform); err != nil {
		return nil, err
	}
	users, err := s.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	byUser, err := s.allMemberships(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(users))
	for _, u := range users {
		out = append(out, Person{User: *u, Memberships: byUser[u.ID]})
	}
	return out, nil
}

// PersonByID returns one person with the organizations they work for: for
// platform admins (ListUsers).
func (s *Store) PersonByID(ctx context.Context, actor Actor, userID int64) (*Person, error) {
	if err := s.Check(ctx, actor, ListUsers, Platform); err != nil {
		return nil, err
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := s.MembershipsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &Person{User: *u, Memberships: ms}, nil
}

// allMemberships reads every membership at once, by user.
func (s *Store) allMemberships(ctx context.Context) (map[int64][]Membership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, m.organization_id, o.name, m.role FROM memberships m
		JOIN organizations o ON o.id = m.organization_id ORDER BY lower(o.name), o.id`)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Membership{}
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.UserID, &m.OrganizationID, &m.OrganizationName, &m.Role); err != nil {
			return nil, fmt.Errorf("list memberships: %w", err)
		}
		out[m.UserID] = append(out[m.UserID], m)
	}
	return out, rows.Err()
}

// UserChange is a change to someone's account. A nil field stays as it is.
type UserChange struct {
	Name     *string // a new name (ManageUsers)
	Email    *string // a new email, which they sign in with (ManageUsers)
	Role     *string // a new platform role (SetPlatformRole)
	Disabled *bool   // disable or enable the account (DisableUser)
}

// ChangeUser gives a person another platform role, or disables or enables
// their account, for platform admins (SetPlatformRole, DisableUser). Each
// change is recorded in the audit log; asking for what already is changes
// nothing. Disabling ends the person's sessions. It refuses to leave the
// platform without an admin who can sign in: someone must still be able to
// manage people.
func (s *Store) ChangeUser(ctx context.Context, actor Actor, userID int64, c UserChange) (*User, error) {
	if c.Name != nil || c.Email != nil {
		if err := s.Check(ctx, actor, ManageUsers, Platform); err != nil {
			return nil, err
		}
		if err := normalizeDetails(&c); err != nil {
			return nil, err
		}
	}
	if c.Role != nil {
		if err := s.Check(ctx, actor, SetPlatformRole, Platform); err != nil {
			return nil, err
		}
		if !validRole(*c.Role) {
			msg := "must be one of " + strings.Join(PlatformRoles, ", ")
			return nil, &errs.ValidationError{Fields: map[string]string{"role": msg}}
		}
	}
	if c.Disabled != nil {
		if err := s.Check(ctx, actor, DisableUser, Platform); err != nil {
			return nil, err
		}
	}

	var changed *User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := s.db.LockRows(
			ctx,
			tx,
			`SELECT id FROM users WHERE role = $1 OR id = $2 ORDER BY id FOR UPDATE`,
			RoleAdmin,
			userID,
		)
		if err != nil {
			return err
		}
		u, err := store.One(
			ctx,
			tx,
			fmt.Sprintf("user %d", userID),
			scanUser,
			`SELECT `+userColumns+` FROM users WHERE id = $1`,
			userID,
		)
		if err != nil {
			return err
		}

		after := *u
		if c.Name != nil {
			after.Name = *c.Name
		}
		if c.Email != nil {
			after.Email = *c.Email
		}
		if after.Name != u.Name || after.Email != u.Email {
			if err := s.writeDetails(ctx, tx, actor, u, &after); err != nil {
				return err
			}
		}
		if c.Role != nil {
			after.Role = *c.Role
		}
		if c.Disabled != nil && *c.Disabled != u.Disabled() {
			after.DisabledAt = nil
			if *c.Disabled {
				now := s.now()
				after.DisabledAt = &now
			}
		}
		if err := s.keepAnAdmin(ctx, tx, u, &after, c); err != nil {
			return err
		}
		if after.Role != u.Role {
			was := *u
			was.Name, was.Email = after.Name, after.Email // the details event, if any, came first
			if err := s.writeRole(ctx, tx, actor, &was, &after); err != nil {
				return err
			}
		}
		if after.Disabled() != u.Disabled() {
			if err := s.writeDisabled(ctx, tx, actor, u, &after); err != nil {
				return err
			}
		}
		changed = &after
		return nil
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}

// keepAnAdmin refuses a change that takes away the last platform admin who
// can sign in.
func (s *Store) keepAnAdmin(ctx context.Context, tx *sql.Tx, before, after *User, c UserChange) error {
	wasAdmin := before.Role == RoleAdmin && !before.Disabled()
	if !wasAdmin || (after.Role == RoleAdmin && !after.Disabled()) {
		return nil
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = $1 AND disabled_at IS NULL AND id <> $2`,
		RoleAdmin, before.ID).Scan(&others); err != nil {
		return fmt.Errorf("count platform admins: %w", err)
	}
	if others > 0 {
		return nil
	}
	field := "role"
	if c.Role == nil || *c.Role == RoleAdmin {
		field = "disabled"
	}
	return &errs.ConflictError{Field: field, Message: fmt.Sprintf(
		"%s is the last platform admin: make someone else an admin first, so that someone can still manage people",
		before.Email)}
}

func (s *Store) writeRole(ctx context.Context, tx *sql.Tx, actor Actor, before, after *User) error {
	_, err := tx.ExecContext(
		ctx,
		`UPDATE users SET role = $1, updated_at = $2 WHERE id = $3`,
		after.Role,
		s.now(),
		before.ID,
	)
	if err != nil {
		return fmt.Errorf("set platform role: %w", err)
	}
	now := *before
	now.Role = after.Role
	return Record(
		ctx,
		tx,
		actor,
		Event{At: s.now(), Action: "role", EntityType: "user", EntityID: fmt.Sprint(before.ID),
			Summary: fmt.Sprintf("made %s %s (was %s)", before.Email, roleWords[after.Role], roleWords[before.Role]),
			Before:  userAudit(before), After: userAudit(&now)},
	)
}

// roleWords names the platform roles as a sentence does.
var roleWords = map[string]string{
	RoleMember: "a member", RoleSteward: "a directory steward", RoleAdmin: "a platform admin",
}

func (s *Store) writeDisabled(ctx context.Context, tx *sql.Tx, actor Actor, before, after *User) error {
	var at any
	if after.DisabledAt != nil {
		at = *after.DisabledAt
	}
	_, err := tx.ExecContext(
		ctx,
		`UPDATE users SET disabled_at = $1, updated_at = $2 WHERE id = $3`,
		at,
		s.now(),
		before.ID,
	)
	if err != nil {
		return fmt.Errorf("disable user: %w", err)
	}
	if after.Disabled() {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, before.ID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
	}
	was := *before
	was.Role, was.Name, was.Email = after.Role, after.Name, after.Email // those events, if any, came first
	action, verb := "disable", "disabled "
	if !after.Disabled() {
		action, verb = "enable", "enabled "
	}
	return Record(
		ctx,
		tx,
		actor,
		Event{At: s.now(), Action: action, EntityType: "user", EntityID: fmt.Sprint(before.ID),
			Summary: verb + before.Email, Before: userAudit(&was), After: userAudit(after)},
	)
}

// normalizeDetails checks a new name and email, field by field.
func normalizeDetails(c *UserChange) error {
	var v errs.ValidationError
	if c.Name != nil {
		name, msg := normalizeName(*c.Name)
		if msg != "" {
			v.Add("name", msg)
		}
		c.Name = &name
	}
	if c.Email != nil {
		email, msg := normalizeEmail(*c.Email)
		if msg != "" {
			v.Add("email", msg)
		}
		c.Email = &email
	}
	return v.OrNil()
}

// writeDetails saves a person's new name or email; an email someone else
// has is refused, naming the field.
func (s *Store) writeDetails(ctx context.Context, tx *sql.Tx, actor Actor, before, after *User) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, email = $2, updated_at = $3 WHERE id = $4`,
		after.Name, after.Email, s.now(), before.ID)
	if store.IsUniqueViolation(err) {
		return &errs.ConflictError{Field: "email",
			Message: fmt.Sprintf("an account with the email %s already exists", after.Email)}
	}
	if err != nil {
		return fmt.Errorf("change the name and email of user %d: %w", before.ID, err)
	}

	var what []string
	if after.Name != before.Name {
		what = append(what, fmt.Sprintf("renamed %s to %s", before.Name, after.Name))
	}
	if after.Email != before.Email {
		what = append(what, fmt.Sprintf("changed the email of %s from %s to %s", after.Name, before.Email, after.Email))
	}
	now := *after
	now.Role, now.DisabledAt = before.Role, before.DisabledAt
	return Record(ctx, tx, actor, Event{At: s.now(), Action: "update", EntityType: "user",
		EntityID: fmt.Sprint(before.ID), Summary: strings.Join(what, "; "),
		Before: userAudit(before), After: userAudit(&now)})
}
