package account

import (
	"strings"
	"testing"

	"backbone/internal/store"
)

// TestPasswordCostFloor: outside tests, no part of a store's cost goes
// under the production floor, nor over what CheckPassword accepts; the
// zero cost is the floor; in tests, a cheap cost stays cheap.
func TestPasswordCostFloor(t *testing.T) {
	floor := MinPasswordCost()
	if floor != (PasswordCost{Memory: 19 * 1024, Time: 2, Threads: 1}) {
		t.Fatalf("the production cost changed: %+v", floor)
	}
	for _, c := range []struct {
		in     PasswordCost
		inTest bool
		want   PasswordCost
	}{
		{PasswordCost{}, false, floor},
		{PasswordCost{}, true, floor},
		{TestPasswordCost, false, floor},
		{TestPasswordCost, true, TestPasswordCost},
		{PasswordCost{Memory: 64 * 1024, Time: 1, Threads: 4}, false, PasswordCost{Memory: 64 * 1024, Time: 2, Threads: 4}},
		{PasswordCost{Memory: 8, Time: 1, Threads: 4}, true, PasswordCost{Memory: 32, Time: 1, Threads: 4}},
		{PasswordCost{Memory: 4 << 20, Time: 99, Threads: 1}, false, PasswordCost{Memory: 1 << 20, Time: 16, Threads: 1}},
	} {
		if got := c.in.allowed(c.inTest); got != c.want {
			t.Errorf("%+v allowed (in a test: %v) = %+v, want %+v", c.in, c.inTest, got, c.want)
		}
	}
}

// TestPasswordCostHashes: a store hashes at its cost, and a hash made at
// any cost checks, its cost read from the hash.
func TestPasswordCostHashes(t *testing.T) {
	db := &store.DB{}
	for _, c := range []struct {
		s      *Store
		prefix string
	}{
		{NewStore(db), "$argon2id$v=19$m=19456,t=2,p=1$"},
		{NewStore(db, WithPasswordCost(TestPasswordCost)), "$argon2id$v=19$m=8,t=1,p=1$"},
		{NewStore(db, WithPasswordCost(PasswordCost{Memory: 32 * 1024, Time: 3, Threads: 2})), "$argon2id$v=19$m=32768,t=3,p=2$"},
	} {
		h, err := c.s.cost.hash("correct horse battery")
		if err != nil || !strings.HasPrefix(h, c.prefix) {
			t.Fatalf("hash %q, %v; want it to start %q", h, err, c.prefix)
		}
		for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false} {
			if ok, err := CheckPassword(h, pw); err != nil || ok != want {
				t.Errorf("%s: check %q = %v, %v", c.prefix, pw, ok, err)
			}
		}
		if d := c.s.dummyHash(); !strings.HasPrefix(d, c.prefix) {
			t.Errorf("the unknown user's hash %q is not at the store's cost %q", d, c.prefix)
		}
	}
}
