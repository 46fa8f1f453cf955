package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"backbone/internal/errs"
)

// The record a merge keeps, shared by the merges of organizations and of
// services: a table of merges (moved_json, fields_json, undone_at and
// undone_by), a table of aliases (old_id, kept_id, merge_id) that stands
// while the merge does, and a table of pairs dismissed (a_id, b_id).
type mergeTables struct {
	merges, aliases, dismissals string
}

var (
	organizationMergeTables = mergeTables{"organization_merges", "organization_aliases", "duplicate_dismissals"}
	serviceMergeTables      = mergeTables{"service_merges", "service_aliases", "service_duplicate_dismissals"}
)

// remember keeps the merged id as an alias of the kept one.
func (t mergeTables) remember(ctx context.Context, tx *sql.Tx, mergedID, keptID string, mergeID int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.aliases+` (old_id, kept_id, merge_id) VALUES ($1, $2, $3)`,
		mergedID, keptID, mergeID); err != nil {
		return fmt.Errorf("merge: remember %s: %w", mergedID, err)
	}
	return nil
}

// undoable refuses to undo a merge undone already, or one whose kept
// record was merged into another since (that merge must be undone first).
func (t mergeTables) undoable(ctx context.Context, tx *sql.Tx, undone bool, keptID, keptName string) error {
	if undone {
		return &errs.ConflictError{Message: "this merge was already undone"}
	}
	var later string
	err := tx.QueryRowContext(ctx, `SELECT kept_id FROM `+t.aliases+` WHERE old_id = $1`, keptID).Scan(&later)
	if err == nil {
		return &errs.ConflictError{Message: keptName + " was merged again since: undo that merge first"}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("undo merge: %w", err)
	}
	return nil
}

// forget ends a merge: its alias goes, and its record says who undid it
// and when.
func (t mergeTables) forget(ctx context.Context, tx *sql.Tx, id int64, now time.Time, by string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.aliases+` WHERE merge_id = $1`, id); err != nil {
		return fmt.Errorf("undo merge: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+t.merges+` SET undone_at = $1, undone_by = $2 WHERE id = $3`,
		now, by, id); err != nil {
		return fmt.Errorf("undo merge: %w", err)
	}
	return nil
}

// dismiss keeps a steward's "not a duplicate" for the pair a, b (a < b);
// false when it was kept already.
func (t mergeTables) dismiss(ctx context.Context, tx *sql.Tx, a, b string, now time.Time, by string) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+t.dismissals+` WHERE a_id = $1 AND b_id = $2`, a, b).Scan(&one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("dismiss duplicate: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.dismissals+` (a_id, b_id, dismissed_at, dismissed_by)
		VALUES ($1, $2, $3, $4)`, a, b, now, by); err != nil {
		return false, fmt.Errorf("dismiss duplicate: %w", err)
	}
	return true, nil
}

// decodeMerge reads what a merge moved and the fields it took, as its
// record keeps them.
func decodeMerge(id int64, moved, fields string) (map[string][][]any, []MergedField, error) {
	var m map[string][][]any
	var f []MergedField
	if err := json.Unmarshal([]byte(moved), &m); err != nil {
		return nil, nil, fmt.Errorf("read merge %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		return nil, nil, fmt.Errorf("read merge %d: %w", id, err)
	}
	if f == nil {
		f = []MergedField{}
	}
	return m, f, nil
}
