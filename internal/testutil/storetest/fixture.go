package storetest

import (
	"sync"
	"testing"
	"time"

	"backbone/internal/clock"
	"backbone/internal/store"
)

// Fixture fills db, a fresh database from SQLite or Postgres that nothing
// has been written to yet, with the named fixture, and returns what build
// returned.
//
// build runs once in a test process for each engine, name and time on db's
// clock, on a database of its own; every call, the first one included, then
// gets a copy of that database, with its clock where build left it. A test
// pays for copying a file or a database rather than for build's work (for
// hashing passwords, loading the demo). One name is one build function.
//
// The *store.DB stays the same (a SQLite one is reopened on the copied
// file), so whatever the caller already holds sees the copy. What build
// returns is shared by all the copies: treat it as read-only, and copy a
// map before adding to it. build must leave nothing running on its
// database, and return what the tests need to find (ids, API token
// secrets) or leave it in the database.
func Fixture[T any](t testing.TB, db *store.DB, name string, build func(t testing.TB, db *store.DB) T) T {
	t.Helper()
	now := Clock(t, db)
	key := fixtureKey{engine: db.Engine, name: name, start: now.Now()}
	v, _ := fixtures.LoadOrStore(key, &fixture{})
	f := v.(*fixture)
	err := f.build(t, key, func(t testing.TB, db *store.DB) any { return build(t, db) })
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}

	if db.Engine == store.Postgres {
		if err := server(t).restoreInto(db, f.rows); err != nil {
			t.Fatalf("fixture %s: %v", name, err)
		}
	} else {
		cp := openSQLiteCopy(t, f.file)
		old := *db
		*db = *cp
		old.Close()
	}
	db.Clock = now
	now.Set(f.end)
	return f.value.(T)
}

// fixtureKey names a built fixture: the same build on another engine, or
// starting on another day, makes other data.
type fixtureKey struct {
	engine store.Engine
	name   string
	start  time.Time
}

// fixtures holds every fixture built in this test process.
var fixtures sync.Map // fixtureKey → *fixture

// fixture is a database built once, kept to be copied: a SQLite file's
// bytes, or a PostgreSQL database's rows.
type fixture struct {
	mu    sync.Mutex
	built bool
	value any
	end   time.Time // the build's clock when it was done
	file  []byte
	rows  *pgSnapshot
}

// build runs fn on a new database and keeps the result, unless it is kept
// already. Tests that need the fixture while it is built wait for it; when
// fn fails its test, the next test to need the fixture builds it again (and
// fails in turn).
func (f *fixture) build(t testing.TB, key fixtureKey, fn func(testing.TB, *store.DB) any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.built {
		return nil
	}
	var db *store.DB
	if key.engine == store.Postgres {
		db = Postgres(t)
	} else {
		db = SQLite(t)
	}
	db.Clock = clock.Ticking(key.start, Tick)
	value := fn(t, db)
	end := Clock(t, db).Now()

	if key.engine == store.Postgres {
		rows, err := server(t).snapshotOf(db)
		if err != nil {
			return err
		}
		f.rows = rows
	} else {
		file, err := sqliteBytes(db)
		if err != nil {
			return err
		}
		f.file = file
	}
	f.value, f.end, f.built = value, end, true
	return nil
}
