package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"backbone/internal/errs"
)

// Classify marks errors that mean "the database is unreachable or busy"
// with errs.ErrUnavailable, so that handlers answer 503 (try again) rather
// than 500. It reads the drivers' codes, not their messages:
//   - SQLite: SQLITE_BUSY and SQLITE_LOCKED (another writer holds the lock
//     past the busy timeout), with their extended codes;
//   - PostgreSQL: SQLSTATE class 08 (connection exception), 53 (insufficient
//     resources: too many clients, out of memory or disk), 57P01-57P03 (the
//     server is shutting down or starting), 40001 and 40P01 (serialization
//     failure, deadlock: the same work may succeed again), 55P03 (a lock
//     not available), and a failed connection attempt;
//   - either: a network error, a connection database/sql gave up on
//     (driver.ErrBadConn, sql.ErrConnDone), a deadline that passed, and a
//     database closed under the request.
//
// The wrappers of DB (ExecContext, QueryContext, Tx) and the handlers'
// error pages call it, so a query need not.
func Classify(err error) error {
	if err == nil || errors.Is(err, errs.ErrUnavailable) {
		return err
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", errs.ErrUnavailable, err)
	}
	return err
}

// unavailable reports whether err says the database cannot answer now.
func unavailable(err error) bool {
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case strings.HasPrefix(pg.Code, "08"), strings.HasPrefix(pg.Code, "53"):
			return true
		}
		switch pg.Code {
		case "57P01", "57P02", "57P03", "40001", "40P01", "55P03":
			return true
		}
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connect), errors.As(err, &netErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, context.DeadlineExceeded):
		return true
	}
	// database/sql exports no value for a closed pool, only this text.
	return strings.Contains(err.Error(), "sql: database is closed")
}

// Scanner is what a row offers to be read: *sql.Row and *sql.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// One runs a query that reads at most one row and reads it with scan: no
// row is errs.ErrNotFound, naming what was looked for ("initiative 7"), and
// any other error says so too. It is the one place where "no rows" becomes
// "not found".
func One[T any](
	ctx context.Context,
	q Querier,
	what string,
	scan func(Scanner) (T, error),
	query string,
	args ...any,
) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var zero T
		return zero, fmt.Errorf("%s: %w", what, errs.ErrNotFound)
	case err != nil:
		var zero T
		return zero, Classify(fmt.Errorf("read %s: %w", what, err))
	}
	return v, nil
}

// Value reads a row of one column, for One: store.One(ctx, q, "user 7",
// store.Value[string], `SELECT name FROM users WHERE id = $1`, 7).
func Value[T any](row Scanner) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}

// ExecContext runs a statement, classifying its error (see Classify).
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := db.DB.ExecContext(ctx, query, args...)
	return res, Classify(err)
}

// QueryContext runs a query, classifying its error (see Classify).
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.DB.QueryContext(ctx, query, args...)
	return rows, Classify(err)
}
