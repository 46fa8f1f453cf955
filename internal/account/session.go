package account

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"backbone/internal/errs"
)

// Session is a signed-in browser. Only a hash of its token is stored, so a
// copy of the database does not let anyone sign in.
type Session struct {
	ID        string // sha256 of the token, hex
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session for u and returns the token for its cookie.
func (s *Store) CreateSession(ctx context.Context, u *User, ttl time.Duration, ip, userAgent string) (string, *Session, error) {
	token := RandomToken(32)
	now := s.now()
	sess := &Session{ID: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(ttl), LastSeen: now}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $3, $5, $6)`, sess.ID, u.ID, now, sess.ExpiresAt, ip, userAgent)
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	return token, sess, nil
}

// MaxSessionAge is a session's absolute lifetime: however active, a session
// ends a week after its sign-in (OWASP's absolute timeout), so that a
// stolen session cookie does not work for ever.
const MaxSessionAge = 7 * 24 * time.Hour

// SessionUser returns the live session and its user for a cookie token. An
// unknown, expired or disabled one is errs.ErrUnauthenticated. A session in
// use is extended (sliding expiry), at most once a minute, so that reading
// pages does not turn into a write per request.
func (s *Store) SessionUser(ctx context.Context, token string, ttl time.Duration) (*Session, *User, error) {
	if token == "" {
		return nil, nil, errs.ErrUnauthenticated
	}
	id := hashToken(token)
	sess := &Session{ID: id}
	u := &User{}
	var disabled, last sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT s.user_id, s.created_at, s.expires_at, s.last_seen_at,
			u.id, u.email, u.name, u.role, u.disabled_at, u.last_login_at, u.created_at, u.must_change_password
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, id).
		Scan(&sess.UserID, &sess.CreatedAt, &sess.ExpiresAt, &sess.LastSeen,
			&u.ID, &u.Email, &u.Name, &u.Role, &disabled, &last, &u.CreatedAt, &u.MustChangePassword)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.ErrUnauthenticated
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	now := s.now()
	if disabled.Valid || !now.Before(sess.ExpiresAt) || !now.Before(sess.CreatedAt.Add(MaxSessionAge)) {
		_, _ = s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
		return nil, nil, errs.ErrUnauthenticated
	}
	if last.Valid {
		t := last.Time
		u.LastLoginAt = &t
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		sess.LastSeen, sess.ExpiresAt = now, now.Add(ttl)
		if end := sess.CreatedAt.Add(MaxSessionAge); sess.ExpiresAt.After(end) {
			sess.ExpiresAt = end
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`, now, sess.ExpiresAt, id); err != nil {
			return nil, nil, fmt.Errorf("extend session: %w", err)
		}
	}
	return sess, u, nil
}

// DeleteSession ends a session (sign out).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, hashToken(token))
	return err
}

// PurgeExpired removes sessions and login failures that no longer matter.
func (s *Store) PurgeExpired(ctx context.Context) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now); err != nil {
		return fmt.Errorf("purge sessions: %w", err)
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, now.Add(-24*time.Hour))
	return err
}

// endSignIns ends every session of the user and revokes their API tokens,
// inside the transaction that gives them a new password (chosen, reset by
// a link, or set by an administrator): nothing the old password opened,
// nor a token made while someone else may have held it, stays open. It
// returns how many tokens it revoked, for the audit's summary.
func endSignIns(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (int64, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
		now, userID)
	if err != nil {
		return 0, fmt.Errorf("revoke API tokens: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// revokedTokens is what an audit summary adds for the tokens endSignIns
// revoked.
func revokedTokens(n int64) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "; its API token was revoked"
	}
	return fmt.Sprintf("; its %d API tokens were revoked", n)
}
