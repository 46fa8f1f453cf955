// Package store opens the database (embedded SQLite or PostgreSQL), runs the
// embedded migrations and keeps the few differences between the two engines
// in one place.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"backbone/internal/clock"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names a database engine.
type Engine string

// The engines Backbone runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database with the engine it speaks.
type DB struct {
	*sql.DB
	Engine Engine
	// Where is a human-readable description of the database (a file path, or
	// a PostgreSQL URL without its password), for logs and messages.
	Where string
	kept  *keptStatements // SQLite's; see QueryKept
	// Clock tells the domain stores built on this database the time. Open
	// sets the system's; tests set a manual one to pin the date.
	Clock clock.Clock
}

// Now returns the time by the database's clock, in UTC.
func (db *DB) Now() time.Time {
	if db.Clock == nil {
		return time.Now().UTC()
	}
	return db.Clock.Now().UTC()
}

// Querier is what both *sql.DB and *sql.Tx offer, so that domain code can run
// the same SQL inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DefaultPath is the SQLite file used when no database is configured.
const DefaultPath = "backbone-data/backbone.db"

// sqliteParams are the connection settings that matter for modernc's SQLite:
// WAL for concurrent readers, a busy timeout instead of instant "locked"
// errors, immediate transactions so read-then-write transactions do not fail
// mid-way, foreign keys on, reads through a memory map of the file's first
// 2 GiB less 64 KiB, as much as modernc's build maps (SQLITE_MAX_MMAP_SIZE;
// at millions of rows, reads through the default 2 MB page cache spent a
// quarter of a dashboard's time copying pages in with read calls; a search
// near a point in a directory of a million services, 3 GB, is 5-7% faster
// with 2 GiB mapped than with 1), and times stored in a sortable text form.
const sqliteParams = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=mmap_size(2147418112)&_txlock=immediate&_time_format=sqlite"

// ParseDSN checks a database setting and tells which engine it names. A
// postgres:// or postgresql:// URL names PostgreSQL; anything without a
// scheme is a SQLite file path.
func ParseDSN(dsn string) (Engine, error) {
	if dsn == "" {
		return SQLite, nil
	}
	if i := strings.Index(dsn, "://"); i > 0 {
		u, err := url.Parse(dsn)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // url.Error repeats the whole URL, password and all
			}
			return "", fmt.Errorf("database URL %q cannot be read: %v", redact(dsn), err)
		}
		switch u.Scheme {
		case "postgres", "postgresql":
			if u.Host == "" {
				return "", fmt.Errorf("database URL %q has no host", redact(dsn))
			}
			return Postgres, nil
		case "file", "sqlite":
			return SQLite, nil
		default:
			return "", fmt.Errorf("database URL %q: unsupported scheme %q (use a SQLite file path or a postgres:// URL)", redact(dsn), u.Scheme)
		}
	}
	return SQLite, nil
}

// Open connects to the database that dsn names and checks that it answers.
// It does not run migrations; call Migrate for that.
func Open(ctx context.Context, dsn string) (*DB, error) {
	engine, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var sdb *sql.DB
	var where string
	switch engine {
	case Postgres:
		where = redact(dsn)
		sdb, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", where, err)
		}
		sdb.SetMaxOpenConns(20)
		sdb.SetMaxIdleConns(10)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
		if path == "" {
			path = DefaultPath
		}
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		where = path
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder %s: %w", dir, err)
			}
		}
		sdb, err = sql.Open("sqlite", "file:"+path+"?"+sqliteParams)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", where, err)
		}
		// One writer at a time is SQLite's rule; a few connections let reads
		// run beside it under WAL.
		sdb.SetMaxOpenConns(8)
		sdb.SetMaxIdleConns(8)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sdb.PingContext(pingCtx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to database %s: %w", where, err)
	}
	db := &DB{DB: sdb, Engine: engine, Where: where, Clock: clock.System{}}
	if engine == SQLite {
		db.kept = &keptStatements{m: map[string]*keptStatement{}}
	}
	return db, nil
}

// Tx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise, so that a multi-step write happens whole or not at all.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Classify(fmt.Errorf("begin transaction: %w", err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return Classify(err)
	}
	if err := tx.Commit(); err != nil {
		return Classify(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// redact hides the password in a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		// Unreadable: hide everything between the scheme and the host.
		if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
			return dsn[:i+3] + "xxxxx" + dsn[j:]
		}
		return dsn
	}
	if u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
