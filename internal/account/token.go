package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/errs"
)

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognise (and to search for in logs and repositories).
const TokenPrefix = "bb_"

// APIToken is a bearer token for the JSON API. Only its hash is stored; the
// token itself is shown once, when it is made.
type APIToken struct {
	ID         int64
	UserID     int64
	UserEmail  string
	Name       string
	Prefix     string // the first characters, to tell tokens apart
	CreatedAt  time.Time
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// CreateToken makes an API token for the user with the given email. A zero
// ttl makes a token that does not expire.
func (s *Store) CreateToken(
	ctx context.Context,
	actor Actor,
	email, name string,
	ttl time.Duration,
) (string, *APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, &errs.ValidationError{
			Fields: map[string]string{"name": "is required (say what the token is for)"},
		}
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return "", nil, err
	}
	if u.Disabled() {
		return "", nil, &errs.ValidationError{Fields: map[string]string{"user": u.Email + " is disabled"}}
	}
	secret := TokenPrefix + RandomToken(30)
	now := s.now()
	t := &APIToken{UserID: u.ID, UserEmail: u.Email, Name: name, Prefix: secret[:10], CreatedAt: now}
	var exp any
	if ttl > 0 {
		e := now.Add(ttl)
		t.ExpiresAt, exp = &e, e
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, u.ID, name, hashToken(secret), t.Prefix, now, exp).Scan(&t.ID); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return Record(
			ctx,
			tx,
			actor,
			Event{At: s.now(), Action: "create", EntityType: "api_token", EntityID: fmt.Sprint(t.ID),
				Summary: fmt.Sprintf("created API token %q for %s", name, u.Email)},
		)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// RevokeToken stops a token from working.
func (s *Store) RevokeToken(ctx context.Context, actor Actor, id int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(
			ctx,
			`UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`,
			s.now(),
			id,
		)
		if err != nil {
			return fmt.Errorf("revoke token %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("API token %d (or it is already revoked): %w", id, errs.ErrNotFound)
		}
		return Record(
			ctx,
			tx,
			actor,
			Event{At: s.now(), Action: "revoke", EntityType: "api_token", EntityID: fmt.Sprint(id),
				Summary: fmt.Sprintf("revoked API token %d", id)},
		)
	})
}

// ListTokens returns every API token (never the secrets), newest first.
func (s *Store) ListTokens(ctx context.Context) ([]APIToken, error) {
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT t.id, t.user_id, u.email, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC`,
	)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var exp, used, rev sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Name, &t.Prefix, &t.CreatedAt, &exp, &used, &rev); err != nil {
			return nil, err
		}
		t.ExpiresAt, t.LastUsedAt, t.RevokedAt = timePtr(exp), timePtr(used), timePtr(rev)
		out = append(out, t)
	}
	return out, rows.Err()
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// TokenUser returns the user behind a bearer token; a token that is unknown,
// revoked, expired or whose user is disabled is errs.ErrUnauthenticated.
func (s *Store) TokenUser(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, errs.ErrUnauthenticated
	}
	var id int64
	var exp, rev, used sql.NullTime
	u := &User{}
	var disabled, last sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT t.id, t.expires_at, t.revoked_at, t.last_used_at,
			u.id, u.email, u.name, u.role, u.disabled_at, u.last_login_at, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, hashToken(secret)).
		Scan(&id, &exp, &rev, &used, &u.ID, &u.Email, &u.Name, &u.Role, &disabled, &last, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	now := s.now()
	if rev.Valid || disabled.Valid || (exp.Valid && !now.Before(exp.Time)) {
		return nil, errs.ErrUnauthenticated
	}
	// Record use at most once a minute: enough to tell a stale token.
	if !used.Valid || now.Sub(used.Time) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id); err != nil {
			return nil, fmt.Errorf("note token use: %w", err)
		}
	}
	return u, nil
}
