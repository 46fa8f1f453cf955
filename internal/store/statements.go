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
// by their text. When a new text finds the map full, the statement used
// least recently goes; it is closed once no query is starting on it (a
// query already running keeps it open until its rows are closed, which
// database/sql sees to).
type keptStatements struct {
	mu   sync.Mutex
	m    map[string]*keptStatement
	tick uint64 // counts uses, for lastUsed
}

type keptStatement struct {
	stmt     *sql.Stmt
	lastUsed uint64
	starting int  // queries between taking the statement and having their rows
	evicted  bool // out of the map: closed when starting falls to 0
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
	if db.kept == nil { // PostgreSQL
		return db.QueryContext(ctx, query, args...)
	}
	k, err := db.kept.take(ctx, db.DB, query)
	if err != nil {
		return nil, err
	}
	defer db.kept.give(k)
	rows, err := k.stmt.QueryContext(ctx, args...)
	return rows, Classify(err)
}

// take returns the kept statement for query, preparing it (and making
// room) if it is not kept yet; give must be called once the query has
// started.
func (k *keptStatements) take(ctx context.Context, db *sql.DB, query string) (*keptStatement, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.tick++
	if s, ok := k.m[query]; ok {
		s.lastUsed = k.tick
		s.starting++
		return s, nil
	}
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(k.m) >= maxKeptStatements {
		var oldest string
		for q, s := range k.m {
			if oldest == "" || s.lastUsed < k.m[oldest].lastUsed {
				oldest = q
			}
		}
		old := k.m[oldest]
		delete(k.m, oldest)
		old.evicted = true
		if old.starting == 0 {
			_ = old.stmt.Close()
		}
	}
	s := &keptStatement{stmt: stmt, lastUsed: k.tick, starting: 1}
	k.m[query] = s
	return s, nil
}

// give says that a query taken from s has started (or failed to).
func (k *keptStatements) give(s *keptStatement) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s.starting--
	if s.evicted && s.starting == 0 {
		_ = s.stmt.Close()
	}
}

// Close closes the kept statements, then the database.
func (db *DB) Close() error {
	var errs []error
	if db.kept != nil {
		db.kept.mu.Lock()
		for q, s := range db.kept.m {
			errs = append(errs, s.stmt.Close())
			delete(db.kept.m, q)
		}
		db.kept.mu.Unlock()
	}
	return errors.Join(append(errs, db.DB.Close())...)
}
