package store

import "fmt"

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
