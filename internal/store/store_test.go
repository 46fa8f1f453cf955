package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestParseDSN(t *testing.T) {
	cases := []struct {
		dsn     string
		want    store.Engine
		wantErr string
	}{
		{"", store.SQLite, ""},
		{"backbone-data/backbone.db", store.SQLite, ""},
		{"file:/tmp/x.db", store.SQLite, ""},
		{"postgres://u:secret@db:5432/bb?sslmode=disable", store.Postgres, ""},
		{"postgresql://db/bb", store.Postgres, ""},
		{"postgres:///bb", "", "has no host"},
		{"mysql://db/bb", "", `unsupported scheme "mysql"`},
		{"postgres://u:secret@db:5432/%zz", "", "database URL"},
	}
	for _, c := range cases {
		got, err := store.ParseDSN(c.dsn)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseDSN(%q) error = %v, want %q", c.dsn, err, c.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseDSN(%q) leaks the password: %v", c.dsn, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseDSN(%q) = %q, %v", c.dsn, got, err)
		}
	}
}

// TestMigrations checks that migrating is idempotent and that the schema
// holds the rules the code relies on, on both engines.
func TestMigrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		applied, err := db.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %d: %v", len(applied), err)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != store.LatestVersion() {
			t.Fatalf("version %d, %v", v, err)
		}
		// A failing transaction leaves nothing behind.
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('a', 'A', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
				return err
			}
			return fmt.Errorf("stop")
		})
		if err == nil {
			t.Fatal("want the error back")
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("rolled back insert left %d rows: %v", n, err)
		}
		// Unique violations are recognised in both engines' words.
		ins := `INSERT INTO users (email, name, password_hash, created_at, updated_at) VALUES ('a@example.org', 'A', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`
		if _, err := db.ExecContext(ctx, ins); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, strings.Replace(ins, "a@", "A@", 1)); !store.IsUniqueViolation(err) {
			t.Fatalf("case-insensitive unique email: %v", err)
		}
		// Foreign keys are enforced (SQLite needs them switched on).
		if _, err := db.ExecContext(ctx, `INSERT INTO organization_sectors (organization_id, sector) VALUES ('missing', 'food')`); err == nil {
			t.Fatal("foreign key not enforced")
		}
	})
}

// TestClassify produces real errors from both drivers and checks which
// Classify calls "unavailable" (503, try again): by their codes, not their
// words.
func TestClassify(t *testing.T) {
	ctx := context.Background()
	unavailable := func(what string, err error, want bool) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		if got := errors.Is(store.Classify(err), errs.ErrUnavailable); got != want {
			t.Errorf("%s (%v): unavailable = %v, want %v", what, err, got, want)
		}
	}

	// SQLite: a writer holds the lock past another's busy timeout.
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	holder, err := db.BeginTx(ctx, nil) // immediate: takes the write lock now
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, `INSERT INTO t (x) VALUES (1)`)
	unavailable("SQLite busy", err, true)
	_ = holder.Rollback()
	_, err = db.ExecContext(ctx, `SELEC 1`)
	unavailable("SQLite syntax error", err, false)
	_, err = db.ExecContext(ctx, `INSERT INTO missing (x) VALUES (1)`)
	unavailable("SQLite missing table", err, false)

	// Either engine: a closed database, a deadline passed.
	closed, err := store.Open(ctx, filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	_, err = closed.QueryContext(ctx, `SELECT 1`)
	unavailable("closed database", err, true)
	late, cancel := context.WithTimeout(ctx, -time.Second)
	defer cancel()
	_, err = db.QueryContext(late, `SELECT 1`)
	unavailable("deadline passed", err, true)

	// PostgreSQL: nobody listening; the server ending a connection; a
	// mistake in the query.
	_, err = store.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	unavailable("PostgreSQL not listening", err, true)
	if os.Getenv("BACKBONE_TEST_POSTGRES") == "" {
		return
	}
	pg := storetest.Postgres(t)
	pg.SetMaxOpenConns(1)
	var pid int
	if err := pg.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	_, err = pg.ExecContext(ctx, `SELECT 1`)
	unavailable("PostgreSQL connection terminated", err, true)
	_, err = pg.ExecContext(ctx, `SELEC 1`)
	unavailable("PostgreSQL syntax error", err, false)
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5e9)
	defer cancel()
	_, err := store.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "connect to database") {
		t.Fatalf("unreachable database: %v", err)
	}
}

// TestBulkCache: an import's SQLite connection gets the larger page cache
// for its transaction and its own back after, whether the transaction
// commits or fails; PostgreSQL is left alone.
func TestBulkCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Engine != store.SQLite {
			restore, err := store.BulkCache(ctx, db, db.Engine)
			if err != nil {
				t.Fatal(err)
			}
			restore()
			return
		}
		db.SetMaxOpenConns(1) // the one connection, before and after
		size := func(q store.Querier) int {
			var n int
			if err := q.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := size(db)
		for _, fail := range []bool{false, true} {
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				restore, err := store.BulkCache(ctx, tx, db.Engine)
				if err != nil {
					return err
				}
				defer restore()
				if got := size(tx); got != -store.BulkCacheKiB {
					t.Errorf("cache inside the import %d, want %d", got, -store.BulkCacheKiB)
				}
				if fail {
					return fmt.Errorf("stop")
				}
				return nil
			})
			if (err != nil) != fail {
				t.Fatal(err)
			}
			if got := size(db); got != before {
				t.Errorf("failed=%v: cache after the import %d, want the connection's own %d", fail, got, before)
			}
		}
	})
}

// TestOne reads one row, and says "not found" for none, naming what.
func TestOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		name := func(row store.Scanner) (string, error) {
			var s string
			err := row.Scan(&s)
			return s, err
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('o1', 'Harbor', $1, $1)`, db.Now()); err != nil {
			t.Fatal(err)
		}
		got, err := store.One(ctx, db, "organization o1", name, `SELECT name FROM organizations WHERE id = $1`, "o1")
		if err != nil || got != "Harbor" {
			t.Fatalf("found: %q %v", got, err)
		}
		_, err = store.One(ctx, db, "organization o2", name, `SELECT name FROM organizations WHERE id = $1`, "o2")
		if !errors.Is(err, errs.ErrNotFound) || !strings.Contains(err.Error(), "organization o2") {
			t.Fatalf("missing: %v", err)
		}
		_, err = store.One(ctx, db, "organization o1", name, `SELECT nom FROM organizations WHERE id = $1`, "o1")
		if err == nil || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrUnavailable) {
			t.Fatalf("a mistake in the query: %v", err)
		}
	})
}
