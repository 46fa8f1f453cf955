package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// A device cookie marks a browser that has signed in to an account: a
// random id and its HMAC, with the account's e-mail, under a key kept in
// the settings. Only the server can make one, and one made for an account
// says nothing of another.

const deviceKeySetting = "login_device_key"

// deviceKey is the key that signs device cookies, made the first time it is
// needed (several servers agree on the one the settings keep).
func (s *Store) deviceKey(ctx context.Context) ([]byte, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, deviceKeySetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		var b [32]byte
		_, _ = rand.Read(b[:])
		if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO NOTHING`, deviceKeySetting, hex.EncodeToString(b[:]), s.now()); err != nil {
			return nil, fmt.Errorf("make the device key: %w", err)
		}
		err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, deviceKeySetting).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("read the device key: %w", err)
	}
	return hex.DecodeString(v)
}

func deviceMAC(key []byte, email, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(email + "\x00" + id))
	return hex.EncodeToString(m.Sum(nil))
}

// newDevice makes a device cookie for a browser that just signed in as
// email.
func (s *Store) newDevice(ctx context.Context, email string) (string, error) {
	key, err := s.deviceKey(ctx)
	if err != nil {
		return "", err
	}
	id := RandomToken(16)
	return id + "." + deviceMAC(key, email, id), nil
}

// deviceOf is the device id of a cookie made for email, or "" when the
// cookie is missing, forged or made for another account.
func (s *Store) deviceOf(ctx context.Context, cookie, email string) (string, error) {
	id, mac, ok := strings.Cut(cookie, ".")
	if !ok || id == "" || len(id) > 64 || len(mac) != 64 {
		return "", nil
	}
	key, err := s.deviceKey(ctx)
	if err != nil {
		return "", err
	}
	if !hmac.Equal([]byte(mac), []byte(deviceMAC(key, email, id))) {
		return "", nil
	}
	return id, nil
}
