// Package storetest opens fresh, migrated databases for tests: SQLite always,
// PostgreSQL when BACKBONE_TEST_POSTGRES holds a URL (each test in its own
// schema, dropped afterwards).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"backbone/internal/store"
)

// SQLite returns a fresh, migrated SQLite database in a temporary folder.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresURL returns the configured test server, or skips the test (fails it
// when BACKBONE_REQUIRE_POSTGRES=1).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("BACKBONE_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("BACKBONE_REQUIRE_POSTGRES") == "1" {
			t.Fatal("BACKBONE_REQUIRE_POSTGRES=1 but BACKBONE_TEST_POSTGRES is empty: set it to a postgres:// URL")
		}
		t.Skip("PostgreSQL not configured: set BACKBONE_TEST_POSTGRES=postgres://... to run this on PostgreSQL too")
	}
	return u
}

// Postgres returns a fresh, migrated PostgreSQL database: a new schema in the
// configured test server, dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	dsn := SchemaURL(t, PostgresURL(t))
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// SchemaURL creates a new, empty schema on the server at base and returns a
// URL whose connections use it; the schema is dropped when the test ends.
func SchemaURL(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		if os.Getenv("BACKBONE_REQUIRE_POSTGRES") != "1" {
			t.Skipf("PostgreSQL at BACKBONE_TEST_POSTGRES does not answer (%v)", err)
		}
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Each runs fn against every engine under test, as subtests named sqlite and
// postgres.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
