// Package storetest opens fresh, migrated databases for tests: SQLite always,
// PostgreSQL when BACKBONE_TEST_POSTGRES holds a URL. Each test has a
// database of its own.
//
// Migrating takes far longer than a test, so it is done once, into a
// template, and every test gets a copy: a SQLite file copied into a folder
// of the test's, or a PostgreSQL database of a pool made from a template
// database, its rows restored to the template's (see postgres.go). Fixture
// does the same for the data that a package's tests start from.
package storetest

import (
	"os"
	"testing"
	"time"

	"backbone/internal/clock"
	"backbone/internal/store"
)

// Day is the time every test database's clock is pinned to, unless a test
// sets another: 7 December 2026, noon UTC. Tests never read the machine's
// clock, so they pass on any day.
var Day = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// Days are the dates the date-sensitive tests (the demo, dashboards and
// forecasts, renewals, late reports, jobs) also run on: the first and last
// days of a year, a leap day, the middle of a year, and Day.
var Days = []time.Time{
	time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC),
	time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC),
	time.Date(2027, 6, 30, 23, 30, 0, 0, time.UTC),
	Day,
	time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC),
}

// Tick is how far a test database's clock moves on each time it is read:
// things done one after the other happen at different times, as they
// would, and a whole test stays on its day.
const Tick = time.Millisecond

// OnDays runs fn once for each of Days, as subtests named by the date, each
// with a ticking clock set to its day.
func OnDays(t *testing.T, fn func(t *testing.T, now *clock.Manual)) {
	t.Helper()
	for _, d := range Days {
		t.Run(d.Format("2006-01-02"), func(t *testing.T) { fn(t, clock.Ticking(d, Tick)) })
	}
}

// Clock returns the manual clock of a test database, to move it on.
func Clock(t testing.TB, db *store.DB) *clock.Manual {
	t.Helper()
	c, ok := db.Clock.(*clock.Manual)
	if !ok {
		t.Fatalf("the database's clock is %T, not a test's", db.Clock)
	}
	return c
}

// pin sets db's clock to Day, ticking.
func pin(db *store.DB) *store.DB {
	db.Clock = clock.Ticking(Day, Tick)
	return db
}

// SQLite returns a fresh, migrated SQLite database in a temporary folder,
// its clock pinned to Day. It is a copy of a database migrated once per
// test process.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	base, err := sqliteBase()
	if err != nil {
		t.Fatalf("migrate the SQLite template: %v", err)
	}
	return pin(openSQLiteCopy(t, base))
}

// PostgresURL returns the configured test server, or skips the test (fails it
// when BACKBONE_REQUIRE_POSTGRES=1).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("BACKBONE_TEST_POSTGRES")
	if u == "" {
		if required() {
			t.Fatal("BACKBONE_REQUIRE_POSTGRES=1 but BACKBONE_TEST_POSTGRES is empty: set it to a postgres:// URL")
		}
		t.Skip("PostgreSQL not configured: set BACKBONE_TEST_POSTGRES=postgres://... to run this on PostgreSQL too")
	}
	return u
}

// required reports whether the PostgreSQL tests must run rather than skip.
func required() bool { return os.Getenv("BACKBONE_REQUIRE_POSTGRES") == "1" }

// Postgres returns a fresh, migrated PostgreSQL database on the configured
// test server, its clock pinned to Day. It is a database made from a
// template migrated once (and kept for the next runs while the migrations
// stay the same), with the template's rows; when the test ends, it goes
// back to a pool to be lent again.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return pin(server(t).open(t))
}

// SchemaURL returns the URL of an empty database on the PostgreSQL server
// at base, for a test of migrations or of a command that migrates the
// database itself; it is the test's until the test ends. (It was a new
// schema in base's database, where the migrations of every test process
// took turns through one advisory lock.)
func SchemaURL(t testing.TB, base string) string {
	t.Helper()
	return serverAt(t, base).openEmpty(t)
}

// Each runs fn against every engine under test, as subtests named sqlite and
// postgres.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
