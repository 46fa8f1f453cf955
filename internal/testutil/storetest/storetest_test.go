package storetest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"backbone/internal/clock"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func count(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func addOrganization(t testing.TB, db *store.DB, id string) {
	t.Helper()
	_, err := db.ExecContext(context.Background(),
		`INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $1, $2, $2)`, id, db.Now())
	if err != nil {
		t.Fatal(err)
	}
}

var engines = []struct {
	name string
	open func(testing.TB) *store.DB
}{
	{"sqlite", storetest.SQLite},
	{"postgres", storetest.Postgres},
}

// TestCopiesAreFresh: each test database is migrated, pinned to Day and
// its own.
func TestCopiesAreFresh(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			a, b := eng.open(t), eng.open(t)
			for _, db := range []*store.DB{a, b} {
				if v, err := db.SchemaVersion(context.Background()); err != nil || v != store.LatestVersion() {
					t.Fatalf("schema version %d, %v", v, err)
				}
				if now := db.Now(); !now.Equal(storetest.Day) {
					t.Fatalf("clock at %s, want %s", now, storetest.Day)
				}
			}
			addOrganization(t, a, "a")
			if n, m := count(t, a, "organizations"), count(t, b, "organizations"); n != 1 || m != 0 {
				t.Fatalf("%d and %d organizations, want 1 and 0", n, m)
			}
		})
	}
}

// TestReuse: a PostgreSQL database goes back to be lent again when its
// test ends; the next test finds the template's rows and sequences, and
// not the schema the test before it changed.
func TestReuse(t *testing.T) {
	storetest.PostgresURL(t)
	for i := range 3 {
		t.Run("", func(t *testing.T) {
			db := storetest.Postgres(t)
			ctx := context.Background()
			if n := count(t, db, "organizations"); n != 0 {
				t.Fatalf("test %d: %d organizations", i, n)
			}
			var id int64
			err := db.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
				VALUES ('a@example.org', 'A', 'x', $1, $1) RETURNING id`, db.Now()).Scan(&id)
			if err != nil || id != 1 {
				t.Fatalf("test %d: the first user is %d (%v)", i, id, err)
			}
			addOrganization(t, db, "a")
			var extra int
			err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_class WHERE relname = 'extra'`).Scan(&extra)
			if err != nil || extra != 0 {
				t.Fatalf("test %d: the table the test before made is here (%v)", i, err)
			}
			if i == 1 {
				if _, err := db.ExecContext(ctx, `CREATE TABLE extra (v INT)`); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

var fixtureRuns atomic.Int32

// TestFixture: a fixture is built once per engine and day, and every test
// gets a copy of its own, with the clock where the build left it.
func TestFixture(t *testing.T) {
	// Fixtures are kept for the test process: names of this run's own
	// (go test -count=3 runs the test three times in one process).
	run := fixtureRuns.Add(1)
	innerName, outerName := fmt.Sprint("inner", run), fmt.Sprint("outer", run)
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			eng.open(t) // skips when the engine is not configured
			var builds, outerBuilds atomic.Int32
			var buildEnd time.Time
			inner := func(t testing.TB, db *store.DB) map[string]string {
				builds.Add(1)
				addOrganization(t, db, "f")
				buildEnd = db.Now().Add(storetest.Tick)
				return map[string]string{"id": "f"}
			}
			outer := func(t testing.TB, db *store.DB) int {
				outerBuilds.Add(1)
				storetest.Fixture(t, db, innerName, inner)
				addOrganization(t, db, "g")
				return 2
			}
			for i := range 3 {
				t.Run("copy", func(t *testing.T) {
					db := eng.open(t)
					now := storetest.Clock(t, db)
					got := storetest.Fixture(t, db, innerName, inner)
					if got["id"] != "f" || count(t, db, "organizations") != 1 {
						t.Fatalf("copy %d: %v, %d organizations", i, got, count(t, db, "organizations"))
					}
					if storetest.Clock(t, db) != now || !db.Now().Equal(buildEnd) {
						t.Fatalf("copy %d: clock %s, want the caller's at %s", i, db.Now(), buildEnd)
					}
					addOrganization(t, db, "mine")
					if n := storetest.Fixture(t, eng.open(t), outerName, outer); n != 2 {
						t.Fatalf("outer fixture %d", n)
					}
				})
			}
			if builds.Load() != 1 || outerBuilds.Load() != 1 {
				t.Fatalf("built %d and %d times, want once each", builds.Load(), outerBuilds.Load())
			}
			db := eng.open(t)
			storetest.Fixture(t, db, outerName, outer)
			if n := count(t, db, "organizations"); n != 2 {
				t.Fatalf("outer fixture: %d organizations, want 2", n)
			}
			db = eng.open(t)
			db.Clock = clock.Ticking(storetest.Days[0], storetest.Tick)
			storetest.Fixture(t, db, innerName, inner)
			onDay := !buildEnd.Before(storetest.Days[0]) && buildEnd.Before(storetest.Days[0].Add(time.Second))
			if builds.Load() != 2 || !db.Now().Equal(buildEnd) || !onDay {
				t.Fatalf("another day: built %d times, clock at %s", builds.Load(), db.Now())
			}
		})
	}
}

// TestSchemaURL: each test gets an empty database, even one that a test
// before it migrated.
func TestSchemaURL(t *testing.T) {
	base := storetest.PostgresURL(t)
	for i := range 2 {
		t.Run("", func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.SchemaURL(t, base))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
				t.Fatalf("test %d: schema version %d, %v", i, v, err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}
