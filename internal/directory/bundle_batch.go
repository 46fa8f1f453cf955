package directory

import (
	"context"
	"database/sql"
	"strings"

	"backbone/internal/store"
)

// upserts writes the rows of one table in multi-row INSERT ... ON CONFLICT
// statements of up to a few hundred rows, inside the import's transaction:
// one statement per row was most of the time of a large import. A row whose
// id is already in the statement being gathered sends that statement first
// (an upsert may not touch a row twice), so a later record of the same id
// still wins. When a statement fails, its rows are written again one by
// one (store.Attempt lets the transaction go on after the failure) to find
// the record at fault and name its source.
type upserts struct {
	ctx     context.Context
	tx      *sql.Tx
	engine  store.Engine
	table   string
	cols    []string
	tail    string // ON CONFLICT ... after the VALUES
	perStmt int

	args    []any
	sources []string
	ids     map[string]bool
	full    string // the statement for perStmt rows, once written

	// check, when set, runs before each row when rows are written one by
	// one, to name the fault the way a single write would.
	check func(source string, args []any) error
	// fail wraps the error of the row at fault.
	fail func(source string, err error) error
}

// maxBatchParams keeps a statement under both engines' limits on
// parameters (SQLite 32,766, PostgreSQL 65,535).
const maxBatchParams = 30000

func newUpserts(ctx context.Context, tx *sql.Tx, e store.Engine, table string, cols []string, tail string,
	fail func(source string, err error) error) *upserts {
	return &upserts{ctx: ctx, tx: tx, engine: e, table: table, cols: cols, tail: tail,
		perStmt: max(1, min(500, maxBatchParams/len(cols))), ids: map[string]bool{}, fail: fail}
}

// add gathers one row (its values in the order of cols, the id first),
// writing the statement when it is full.
func (u *upserts) add(source string, values ...any) error {
	id, _ := values[0].(string)
	if u.ids[id] {
		if err := u.flush(); err != nil {
			return err
		}
	}
	u.ids[id] = true
	u.args = append(u.args, values...)
	u.sources = append(u.sources, source)
	if len(u.sources) >= u.perStmt {
		return u.flush()
	}
	return nil
}

// statement writes the upsert of n rows.
func (u *upserts) statement(n int) string {
	if n == u.perStmt && u.full != "" {
		return u.full
	}
	stmt := "INSERT INTO " + u.table + " (" + strings.Join(u.cols, ", ") + ") VALUES " +
		store.Values(u.engine, n, len(u.cols)) + " " + u.tail
	if n == u.perStmt {
		u.full = stmt
	}
	return stmt
}

// flush writes the rows gathered.
func (u *upserts) flush() error {
	n := len(u.sources)
	if n == 0 {
		return nil
	}
	args, sources := u.args, u.sources
	u.args, u.sources, u.ids = u.args[:0:0], u.sources[:0:0], map[string]bool{}
	err := store.Attempt(u.ctx, u.tx, u.engine, u.statement(n), args...)
	if err == nil {
		return nil
	}
	w := len(u.cols)
	one := u.statement(1)
	for i, src := range sources {
		row := args[i*w : (i+1)*w]
		if u.check != nil {
			if err := u.check(src, row); err != nil {
				return err
			}
		}
		if _, err := u.tx.ExecContext(u.ctx, one, row...); err != nil {
			return u.fail(src, err)
		}
	}
	return u.fail(sources[0], err)
}

// upsertTail is the ON CONFLICT clause that updates every column but the
// id (the first) from the row proposed.
func upsertTail(cols []string) string {
	sets := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		sets = append(sets, c+" = excluded."+c)
	}
	return "ON CONFLICT (id) DO UPDATE SET " + strings.Join(sets, ", ")
}
