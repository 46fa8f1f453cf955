// Package account holds users, sessions, API tokens, organization
// memberships, the one place that decides who may do what, and the audit log.
package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordCost is the work of one argon2id password hash: Memory KiB,
// gone over Time times, in Threads lanes.
type PasswordCost struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// minPasswordCost is the production cost, and the floor outside tests:
// OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), which keeps a
// login near 30 ms on a small server. maxPasswordCost is the most that
// CheckPassword accepts from a stored hash.
var (
	minPasswordCost = PasswordCost{Memory: 19 * 1024, Time: 2, Threads: 1}
	maxPasswordCost = PasswordCost{Memory: 1 << 20, Time: 16, Threads: 255}
)

// MinPasswordCost returns the cost that stores hash passwords at unless
// told otherwise, and the least they hash at outside tests.
func MinPasswordCost() PasswordCost { return minPasswordCost }

// TestPasswordCost is argon2id's least cost (8 KiB, one pass): a hash takes
// microseconds instead of tens of milliseconds, for the tests that add
// people by the hundred. Outside a test binary, WithPasswordCost raises it
// to MinPasswordCost.
var TestPasswordCost = PasswordCost{Memory: 8, Time: 1, Threads: 1}

// allowed returns the cost that a store may hash at when asked for c: no
// less than the production floor (the zero cost means the floor), unless
// running in a test binary (testing.Testing), and no more than
// CheckPassword accepts.
func (c PasswordCost) allowed(inTest bool) PasswordCost {
	floor := minPasswordCost
	if c == (PasswordCost{}) {
		return floor
	}
	if inTest {
		floor = PasswordCost{Memory: 8 * uint32(max(c.Threads, 1)), Time: 1, Threads: 1} // argon2id's least
	}
	return PasswordCost{
		Memory:  min(max(c.Memory, floor.Memory), maxPasswordCost.Memory),
		Time:    min(max(c.Time, floor.Time), maxPasswordCost.Time),
		Threads: max(c.Threads, floor.Threads),
	}
}

const (
	argonKeyLen = 32
	saltLen     = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns an argon2id hash of password in the PHC string
// format, at the production cost.
func HashPassword(password string) (string, error) {
	return minPasswordCost.hash(password)
}

// hash returns an argon2id hash of password at cost c, in the PHC string
// format, which carries the cost for CheckPassword.
func (c PasswordCost) hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, c.Time, c.Memory, c.Threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, c.Memory, c.Time, c.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("password hash is not an argon2id PHC string")

// CheckPassword reports whether password matches the stored hash. The
// parameters are read from the hash, so hashes made at another cost (older
// settings, or a test's) keep working.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m uint32
	var t uint32
	var p uint8
	// Parameters beyond any sane setting mean a corrupt (or planted) hash,
	// not a reason to spend a gigabyte or a minute on one check.
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p)
	if err != nil || m == 0 || m > maxPasswordCost.Memory || t == 0 || t > maxPasswordCost.Time || p == 0 {
		return false, errBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// RandomToken returns n random bytes encoded for use in URLs and headers.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
