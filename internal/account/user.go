package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Platform roles. Admins may do everything; directory stewards keep the
// shared directory (add, edit and archive any organization); members see the
// directory and act through their organizations and initiatives.
const (
	RoleAdmin   = "admin"
	RoleSteward = "steward"
	RoleMember  = "member"
)

// PlatformRoles lists the platform roles in order of power.
var PlatformRoles = []string{RoleMember, RoleSteward, RoleAdmin}

// User is a person who signs in.
type User struct {
	ID          int64
	Email       string
	Name        string
	Role        string
	DisabledAt  *time.Time
	LastLoginAt *time.Time
	CreatedAt   time.Time
	// MustChangePassword is set while the person holds a temporary
	// password a platform admin gave them: after signing in with it they
	// choose their own before anything else.
	MustChangePassword bool
}

// IsAdmin reports whether u is a platform admin.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// KeepsDirectory reports whether u is a directory steward or an admin: the
// people who verify records and review proposed updates.
func (u *User) KeepsDirectory() bool {
	return u != nil && (u.Role == RoleSteward || u.Role == RoleAdmin)
}

// Disabled reports whether u may no longer sign in.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Store keeps users, sessions, tokens and memberships.
type Store struct {
	db   *store.DB
	now  func() time.Time
	cost PasswordCost
	// dummyHash is checked against when a login names an unknown user, so
	// that the answer takes as long as for a known one; made when first
	// needed, at the store's cost.
	dummyHash func() string
}

// Option configures a Store.
type Option func(*Store)

// WithPasswordCost makes the store hash passwords at cost c. Outside a
// test binary, a cost under MinPasswordCost in any part is raised to it:
// only tests hash cheaply (with TestPasswordCost).
func WithPasswordCost(c PasswordCost) Option {
	return func(s *Store) { s.cost = c.allowed(testing.Testing()) }
}

// NewStore returns the account store over db, hashing passwords at
// MinPasswordCost unless an option says otherwise.
func NewStore(db *store.DB, opts ...Option) *Store {
	s := &Store{db: db, now: db.Now, cost: minPasswordCost}
	for _, o := range opts {
		o(s)
	}
	s.dummyHash = sync.OnceValue(func() string {
		h, _ := s.cost.hash("not a real password")
		return h
	})
	return s
}

// NewUser is what it takes to add a user. An Organization, when given,
// is one they work for from the start, in OrganizationRole (admin or
// staff). MustChangePassword makes Password a temporary one that they
// replace when they first sign in.
type NewUser struct {
	Email              string
	Name               string
	Password           string
	Role               string
	OrganizationID     string
	OrganizationRole   string
	MustChangePassword bool
}

// MinPasswordLen and MaxPasswordLen bound passwords: long enough to resist
// guessing, short enough that hashing cannot be used to tie up the server.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// ValidatePassword returns a plain-language reason a password is refused, or "".
func ValidatePassword(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLen)
	}
	return ""
}

func normalizeEmail(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "is required"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") || len(s) > 254 {
		return "", "must be an email address like name@example.org"
	}
	return strings.ToLower(s), ""
}

// normalizeName trims a person's name and says what is wrong with it.
func normalizeName(s string) (string, string) {
	name := strings.TrimSpace(s)
	switch {
	case name == "":
		return "", "is required"
	case utf8.RuneCountInString(name) > 200:
		return "", "must be at most 200 characters"
	}
	return name, ""
}

// CreateUser adds a user with a hashed password, for platform admins
// (ManageUsers), and, when the input names one, makes them admin or staff
// of an organization in the same step. Each is kept in the audit log.
func (s *Store) CreateUser(ctx context.Context, actor Actor, in NewUser) (*User, error) {
	if err := s.Check(ctx, actor, ManageUsers, Platform); err != nil {
		return nil, err
	}
	var v errs.ValidationError
	email, msg := normalizeEmail(in.Email)
	if msg != "" {
		v.Add("email", msg)
	}
	name, msg := normalizeName(in.Name)
	if msg != "" {
		v.Add("name", msg)
	}
	if msg := ValidatePassword(in.Password); msg != "" {
		v.Add("password", msg)
	}
	role := in.Role
	if role == "" {
		role = RoleMember
	}
	if !validRole(role) {
		v.Add("role", "must be one of "+strings.Join(PlatformRoles, ", "))
	}
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	if in.OrganizationID != "" && in.OrganizationRole != OrgAdmin && in.OrganizationRole != OrgStaff {
		v.Add("organization_role", "must be admin or staff")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	hash, err := s.cost.hash(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &User{Email: email, Name: name, Role: role, CreatedAt: now, MustChangePassword: in.MustChangePassword}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		org := ""
		if in.OrganizationID != "" {
			var err error
			if org, err = organizationName(ctx, tx, in.OrganizationID); errors.Is(err, errs.ErrNotFound) {
				return &errs.ValidationError{Fields: map[string]string{
					"organization_id": "is not an organization in the directory"}}
			} else if err != nil {
				return err
			}
		}

		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, role, must_change_password,
				created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, email, name, hash, role, in.MustChangePassword, now).
			Scan(&u.ID)
		if store.IsUniqueViolation(err) {
			return &errs.ConflictError{
				Field:   "email",
				Message: fmt.Sprintf("an account with the email %s already exists", email),
			}
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}

		summary := fmt.Sprintf("added %s (%s) as %s", name, email, roleWords[role])
		if in.MustChangePassword {
			summary += ", with a temporary password"
		}
		err = Record(ctx, tx, actor, Event{At: s.now(), Action: "create", EntityType: "user",
			EntityID: fmt.Sprint(u.ID), Summary: summary, After: userAudit(u)})
		if err != nil || in.OrganizationID == "" {
			return err
		}

		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organization_id, role, created_at)
			VALUES ($1, $2, $3, $4)`, u.ID, in.OrganizationID, in.OrganizationRole, now)
		if err != nil {
			return fmt.Errorf("set membership: %w", err)
		}
		return Record(ctx, tx, actor, Event{At: s.now(), Action: "set", EntityType: "membership",
			EntityID: in.OrganizationID,
			Summary:  fmt.Sprintf("made %s %s of %s", name, orgRoleWords[in.OrganizationRole], org),
			After:    membershipAudit(u, in.OrganizationID, in.OrganizationRole)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func validRole(r string) bool {
	for _, x := range PlatformRoles {
		if r == x {
			return true
		}
	}
	return false
}

func userAudit(u *User) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "disabled": u.DisabledAt != nil,
		"must_change_password": u.MustChangePassword}
}

const userColumns = `id, email, name, role, disabled_at, last_login_at, created_at, must_change_password`

func scanUser(row store.Scanner) (*User, error) {
	u := &User{}
	var disabled, last sql.NullTime
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &disabled, &last, &u.CreatedAt, &u.MustChangePassword); err != nil {
		return nil, err
	}
	if disabled.Valid {
		t := disabled.Time
		u.DisabledAt = &t
	}
	if last.Valid {
		t := last.Time
		u.LastLoginAt = &t
	}
	return u, nil
}

// UserByEmail finds a user by email, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return store.One(
		ctx,
		s.db,
		fmt.Sprintf("user %s", email),
		scanUser,
		`SELECT `+userColumns+` FROM users WHERE lower(email) = $1`,
		strings.ToLower(strings.TrimSpace(email)),
	)
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return store.One(
		ctx,
		s.db,
		fmt.Sprintf("user %d", id),
		scanUser,
		`SELECT `+userColumns+` FROM users WHERE id = $1`,
		id,
	)
}

// ListUsers returns every user, by email.
func (s *Store) ListUsers(ctx context.Context) ([]*User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(email)`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password, ends all of the user's sessions
// and revokes their API tokens (endSignIns).
func (s *Store) SetPassword(ctx context.Context, actor Actor, email, password string) error {
	if msg := ValidatePassword(password); msg != "" {
		return &errs.ValidationError{Fields: map[string]string{"password": msg}}
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	hash, err := s.cost.hash(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = FALSE, updated_at = $2 WHERE id = $3`,
			hash, s.now(), u.ID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		revoked, err := endSignIns(ctx, tx, u.ID, s.now())
		if err != nil {
			return err
		}
		return Record(
			ctx,
			tx,
			actor,
			Event{At: s.now(), Action: "password", EntityType: "user", EntityID: fmt.Sprint(u.ID),
				Summary: "changed the password of " + u.Email + revokedTokens(revoked)},
		)
	})
}

// SetDisabled disables (or enables again) the account with this email, for
// platform admins (DisableUser); see ChangeUser. Disabling ends the user's
// sessions and revokes nothing else: API tokens stop working because they
// check the user too.
func (s *Store) SetDisabled(ctx context.Context, actor Actor, email string, disabled bool) error {
	if err := s.Check(ctx, actor, DisableUser, Platform); err != nil {
		return err
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	_, err = s.ChangeUser(ctx, actor, u.ID, UserChange{Disabled: &disabled})
	return err
}

// CountUsers returns how many users there are.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}
