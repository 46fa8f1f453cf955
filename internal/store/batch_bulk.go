package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Size is how many rows one of b's statements writes.
func (b *BatchInsert) Size() int { return b.size }

// Attempt writes rows (at most Size of them, none gathered by Add waiting)
// in one statement that, when it fails, lets the transaction go on, as
// Attempt does for a statement: to write them again one by one and name
// the row at fault. It returns the statement's error.
func (b *BatchInsert) Attempt(rows [][]any) error {
	if len(rows) > b.size || len(b.rows) > 0 {
		return fmt.Errorf("write %s: %d rows in one statement of at most %d, %d gathered", b.table, len(rows), b.size,
			len(b.rows))
	}
	b.rows = append(b.rows, rows...)
	if b.engine != Postgres {
		return b.Flush()
	}
	if _, err := b.tx.ExecContext(b.ctx, `SAVEPOINT attempt`); err != nil {
		b.rows = b.rows[:0]
		return err
	}
	err := b.Flush()
	undo := `RELEASE SAVEPOINT attempt`
	if err != nil {
		undo = `ROLLBACK TO SAVEPOINT attempt`
	}
	if _, uerr := b.tx.ExecContext(b.ctx, undo); uerr != nil {
		return uerr
	}
	return err
}

// BulkTx is Tx for a bulk import. On SQLite its connection keeps the
// statement journal in memory (the copy of the pages a statement changes,
// kept so that it can be undone alone: a multi-row INSERT into a table
// with constraints writes one for every page it touches first, and past
// 64 KiB it went to a file, a sixth of a large ties import's time) and a
// large page cache while it lasts (BulkCache). Where the journal goes is
// fixed when the transaction begins, hence a connection of its own. On
// PostgreSQL it is Tx.
func (db *DB) BulkTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.Engine != SQLite {
		return db.Tx(ctx, fn)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return Classify(fmt.Errorf("begin transaction: %w", err))
	}
	defer conn.Close()
	var old int
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&old); err != nil {
		return Classify(fmt.Errorf("read where temporary files go: %w", err))
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return Classify(fmt.Errorf("keep temporary files in memory for an import: %w", err))
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA temp_store = %d`, old))
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Classify(fmt.Errorf("begin transaction: %w", err))
	}
	restore, err := BulkCache(ctx, tx, db.Engine)
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	defer restore()
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return Classify(err)
	}
	if err := tx.Commit(); err != nil {
		return Classify(fmt.Errorf("commit: %w", err))
	}
	return nil
}
