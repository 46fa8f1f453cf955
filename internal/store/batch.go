package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Values writes the VALUES list of a multi-row INSERT: rows rows of cols
// parameters each. SQLite gets plain "?": it looks each "$N" up by name,
// which costs time growing with the square of the parameters in a statement
// of thousands; PostgreSQL needs "$N", numbered from 1.
func Values(e Engine, rows, cols int) string {
	var b strings.Builder
	p := 1
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := 0; j < cols; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			if e == Postgres {
				b.WriteString("$" + strconv.Itoa(p))
			} else {
				b.WriteByte('?')
			}
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Attempt runs one statement in a transaction so that, when it fails, the
// transaction can go on (to write its rows again one by one and name the
// one at fault): PostgreSQL spoils a transaction at its first failed
// statement, so there the statement runs inside a savepoint; SQLite needs
// none. It returns the statement's error.
func Attempt(ctx context.Context, tx *sql.Tx, e Engine, query string, args ...any) error {
	if e != Postgres {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT attempt`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, query, args...)
	undo := `RELEASE SAVEPOINT attempt`
	if err != nil {
		undo = `ROLLBACK TO SAVEPOINT attempt`
	}
	if _, uerr := tx.ExecContext(ctx, undo); uerr != nil {
		return uerr
	}
	return err
}

// LockRows makes writers that would change the same rows take turns, so
// that what a transaction counted ("another admin remains", the roll-up of
// every committed measurement) still holds when it commits. query is a
// SELECT ... ORDER BY id FOR UPDATE of those rows (in id order, so that two
// writers cannot deadlock). PostgreSQL locks the rows it selects; SQLite's
// immediate transactions already take turns, so there it does nothing.
func (db *DB) LockRows(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	if db.Engine != Postgres {
		return nil
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return Classify(fmt.Errorf("lock rows: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
	}
	return Classify(rows.Err())
}

// Column is a column that a BatchInsert writes, with the PostgreSQL type of
// an array of its values (bigint, text, float8, timestamptz, ...).
type Column struct {
	Name, Type string
}

// BatchInsert writes many rows into one table in batches, as fast as each
// engine allows: on SQLite as multi-row INSERTs, by a statement prepared
// once; on PostgreSQL as one INSERT per batch from unnested arrays, which
// saves it the parsing and binding of thousands of parameters.
type BatchInsert struct {
	ctx    context.Context
	tx     *sql.Tx
	engine Engine
	table  string
	cols   []Column
	stmt   *sql.Stmt
	rows   [][]any
	size   int
}

// Rows in one batch: a SQLite statement stays under its limit of
// parameters, a PostgreSQL one is a few arrays of thousands of values.
const (
	sqliteBatchParams = 1000
	postgresBatchRows = 5000
)

// NewBatchInsert prepares the writing of rows of cols into table inside tx.
// Close it when done; Flush writes what Add has gathered.
func (db *DB) NewBatchInsert(ctx context.Context, tx *sql.Tx, table string, cols []Column) (*BatchInsert, error) {
	b := &BatchInsert{ctx: ctx, tx: tx, engine: db.Engine, table: table, cols: cols}
	query := b.insert()
	if db.Engine == Postgres {
		b.size = postgresBatchRows
		casts := make([]string, len(cols))
		for i, c := range cols {
			casts[i] = fmt.Sprintf("$%d::%s[]", i+1, c.Type)
		}
		query += "SELECT * FROM unnest(" + strings.Join(casts, ", ") + ")"
	} else {
		b.size = max(1, sqliteBatchParams/len(cols))
		query += "VALUES " + Values(db.Engine, b.size, len(cols))
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, Classify(fmt.Errorf("prepare the writing of %s: %w", table, err))
	}
	b.stmt = stmt
	b.rows = make([][]any, 0, b.size)
	return b, nil
}

// insert is the statement's head: INSERT INTO table (columns).
func (b *BatchInsert) insert() string {
	names := make([]string, len(b.cols))
	for i, c := range b.cols {
		names[i] = c.Name
	}
	return "INSERT INTO " + b.table + " (" + strings.Join(names, ", ") + ") "
}

// Add gathers one row, its values in the order of the columns (nil for
// NULL), writing a batch when one is full.
func (b *BatchInsert) Add(values ...any) error {
	if len(values) != len(b.cols) {
		return fmt.Errorf("write %s: %d values for %d columns", b.table, len(values), len(b.cols))
	}
	b.rows = append(b.rows, values)
	if len(b.rows) == b.size {
		return b.Flush()
	}
	return nil
}

// Flush writes the rows gathered; a short last batch on SQLite goes
// through a statement of its own size.
func (b *BatchInsert) Flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	defer func() { b.rows = b.rows[:0] }()
	var err error
	if b.engine == Postgres {
		arrays := make([]any, len(b.cols))
		for j := range b.cols {
			column := make([]any, len(b.rows))
			for i, r := range b.rows {
				column[i] = r[j]
			}
			arrays[j] = column
		}
		_, err = b.stmt.ExecContext(b.ctx, arrays...)
	} else {
		args := make([]any, 0, len(b.rows)*len(b.cols))
		for _, r := range b.rows {
			args = append(args, r...)
		}
		if len(b.rows) == b.size {
			_, err = b.stmt.ExecContext(b.ctx, args...)
		} else {
			_, err = b.tx.ExecContext(b.ctx, b.insert()+"VALUES "+Values(b.engine, len(b.rows), len(b.cols)), args...)
		}
	}
	if err != nil {
		return Classify(fmt.Errorf("write %s: %w", b.table, err))
	}
	return nil
}

// Close releases the prepared statement.
func (b *BatchInsert) Close() { b.stmt.Close() }
