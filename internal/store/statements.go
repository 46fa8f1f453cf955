package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxKeptStatements bounds how many statement texts QueryKept keeps
// prepared: enough for the shapes of search a directory sees (a statement
// differs by the number of words, the cells around a point, the filters,
// the sort and the page), few enough that their memory (tens of
// kilobytes each, on each connection that ran it) stays small.
const maxKeptStatements = 64

// keptStatements are the SQLite statements that QueryKept keeps prepared,
// by their text. None is closed before the database is: once the map is
// full, a new text is simply run unprepared, so that no statement is
// closed under a query that is using it.
type keptStatements struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// QueryKept runs a query as QueryContext does, keeping its statement
// prepared for the next query with the same text. SQLite (modernc's
// driver) otherwise prepares every query it is given: for a search's
// statement, with its common table expressions and its full-text table,
// that took 0.2-0.5 ms, a third of a search at 10,000 services.
// PostgreSQL's driver (pgx) keeps statements prepared by itself (unless
// the arguments say otherwise, as PlanEachTime's do), so there the query
// goes straight through.
func (db *DB) QueryKept(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if db.Engine != SQLite || db.kept == nil {
		return db.QueryContext(ctx, query, args...)
	}
	st, err := db.kept.statement(ctx, db.DB, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// statement returns the kept statement for query, preparing it if there
// is room; nil when there is none.
func (k *keptStatements) statement(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if st, ok := k.m[query]; ok {
		return st, nil
	}
	if len(k.m) >= maxKeptStatements {
		return nil, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	k.m[query] = st
	return st, nil
}

// Close closes the kept statements, then the database.
func (db *DB) Close() error {
	var errs []error
	if db.kept != nil {
		db.kept.mu.Lock()
		for q, st := range db.kept.m {
			errs = append(errs, st.Close())
			delete(db.kept.m, q)
		}
		db.kept.mu.Unlock()
	}
	return errors.Join(append(errs, db.DB.Close())...)
}
