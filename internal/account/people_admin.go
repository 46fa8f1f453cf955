package account

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// TemporaryPasswordLength is how many characters a temporary password
// Backbone makes up has: long enough to resist guessing, short enough to
// read out over the phone.
const TemporaryPasswordLength = 14

// temporaryAlphabet leaves out the letters and digits that are easily
// mistaken for each other when a password is read aloud or copied by hand
// (0 and O, 1, l and I).
const temporaryAlphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"

// NewTemporaryPassword makes up a password for a platform admin to hand
// over, which its holder replaces when they first sign in.
func NewTemporaryPassword() string {
	raw := RandomToken(TemporaryPasswordLength * 2)
	var b strings.Builder
	for i := 0; b.Len() < TemporaryPasswordLength; i++ {
		if i >= len(raw) {
			raw += RandomToken(TemporaryPasswordLength)
		}
		if strings.IndexByte(temporaryAlphabet, raw[i]) >= 0 {
			b.WriteByte(raw[i])
		}
	}
	return b.String()
}

// SetTemporaryPassword gives a person a temporary password, for platform
// admins (ManageUsers): they must choose their own when they next sign in.
// Their sessions end, so that whoever was signed in as them is signed out;
// their API tokens stay, as they do when they change their own password.
// An empty password means Backbone makes one up; the password set is
// returned, for the admin to hand over.
func (s *Store) SetTemporaryPassword(ctx context.Context, actor Actor, userID int64, password string) (string, error) {
	if err := s.Check(ctx, actor, ManageUsers, Platform); err != nil {
		return "", err
	}
	if password == "" {
		password = NewTemporaryPassword()
	}
	if msg := ValidatePassword(password); msg != "" {
		return "", &errs.ValidationError{Fields: map[string]string{"password": msg}}
	}
	hash, err := s.cost.hash(password)
	if err != nil {
		return "", err
	}

	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := store.One(ctx, tx, fmt.Sprintf("user %d", userID), scanUser,
			`SELECT `+userColumns+` FROM users WHERE id = $1`, userID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = TRUE, updated_at = $2
			WHERE id = $3`, hash, s.now(), userID)
		if err != nil {
			return fmt.Errorf("set temporary password: %w", err)
		}
		revoked, err := endSignIns(ctx, tx, userID, s.now())
		if err != nil {
			return err
		}
		return Record(ctx, tx, actor, Event{At: s.now(), Action: "password", EntityType: "user",
			EntityID: fmt.Sprint(userID), Summary: "set a temporary password for " + u.Name + revokedTokens(revoked)})
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// InitiativeRoleOf is a role a person has been given in an initiative.
type InitiativeRoleOf struct {
	InitiativeID   int64  `json:"initiative_id"`
	InitiativeName string `json:"initiative_name"`
	Role           string `json:"role"`
}

// InitiativeRolesOf lists the roles a person has been given in
// initiatives, by the initiatives' names, for platform admins (ListUsers):
// what their page shows beside the organizations they work for.
func (s *Store) InitiativeRolesOf(ctx context.Context, actor Actor, userID int64) ([]InitiativeRoleOf, error) {
	if err := s.Check(ctx, actor, ListUsers, Platform); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.name, r.role FROM initiative_roles r
		JOIN initiatives i ON i.id = r.initiative_id WHERE r.user_id = $1 ORDER BY lower(i.name), i.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list initiative roles of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []InitiativeRoleOf{}
	for rows.Next() {
		var r InitiativeRoleOf
		if err := rows.Scan(&r.InitiativeID, &r.InitiativeName, &r.Role); err != nil {
			return nil, fmt.Errorf("list initiative roles of user %d: %w", userID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
