package network

import (
	"fmt"
	"strings"

	"backbone/internal/directory"
	"backbone/internal/store"
)

// lookupChunk is how many references or pairs one lookup sends.
const lookupChunk = 1000

// resolve looks up, in a few statements, the organizations the rows name
// that the import has not met yet: by id first, then by name regardless of
// case, as a single lookup did (an id wins over a name; of two names equal
// but for case, the lower id).
func (im *tieImport) resolve(rows []tieRow) error {
	var refs []any
	asked := map[string]bool{}
	for _, tr := range rows {
		for _, ref := range [2]string{tr.from, tr.to} {
			key := strings.ToLower(ref)
			if _, ok := im.refs[key]; ok || asked[key] {
				continue
			}
			asked[key] = true
			refs = append(refs, ref)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	if err := im.lookup(`SELECT o.id, o.name, r.column1 FROM organizations o JOIN (VALUES %s) r ON o.id = r.column1
		WHERE o.archived_at IS NULL`, refs); err != nil {
		return err
	}
	rest := refs[:0]
	for _, ref := range refs {
		if _, ok := im.refs[strings.ToLower(ref.(string))]; !ok {
			rest = append(rest, ref)
		}
	}
	return im.lookup(`SELECT o.id, o.name, r.column1 FROM organizations o
		JOIN (VALUES %s) r ON lower(o.name) = lower(r.column1) WHERE o.archived_at IS NULL ORDER BY o.id`, rest)
}

// lookup runs query (its VALUES list left as %s) over refs in chunks,
// remembering the organization each reference found first.
func (im *tieImport) lookup(query string, refs []any) error {
	for start := 0; start < len(refs); start += lookupChunk {
		chunk := refs[start:min(len(refs), start+lookupChunk)]
		rows, err := im.tx.QueryContext(im.ctx, fmt.Sprintf(query, store.Values(im.s.db.Engine, len(chunk), 1)),
			chunk...)
		if err != nil {
			return fmt.Errorf("find organizations: %w", err)
		}
		for rows.Next() {
			var id, name, ref string
			if err := rows.Scan(&id, &name, &ref); err != nil {
				rows.Close()
				return fmt.Errorf("find organizations: %w", err)
			}
			if _, ok := im.refs[strings.ToLower(ref)]; !ok {
				im.remember(ref, id, name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find organizations: %w", err)
		}
	}
	return nil
}

func (im *tieImport) remember(ref, id, name string) int32 {
	at, ok := im.byID[id]
	if !ok {
		at = int32(len(im.orgIDs))
		im.orgIDs = append(im.orgIDs, id)
		im.orgNames = append(im.orgNames, name)
		im.byID[id] = at
	}
	im.refs[strings.ToLower(ref)] = at
	return at
}

// org returns the organization a row names in column, adding it to the
// directory when it is not there and the import may.
func (im *tieImport) org(ref, column string, row int) (int32, error) {
	if at, ok := im.refs[strings.ToLower(ref)]; ok {
		return at, nil
	}
	if !im.createMissing {
		return 0, &ImportError{File: im.file, Row: row, Column: column, Missing: ref,
			Msg: fmt.Sprintf("no active organization has the id or name %q", ref)}
	}
	o, err := im.dir.CreateOrganizationTx(im.ctx, im.tx, im.actor, "", directory.OrganizationInput{Name: ref,
		Description: "Added by the ties import from " + im.file + "; its description is still to be written."})
	if err != nil {
		return 0, &ImportError{File: im.file, Row: row, Column: column, Msg: "cannot add organization: " + err.Error()}
	}
	im.res.CreatedOrganizations++
	return im.remember(ref, o.ID, o.Name), nil
}

// existing reads the ties already recorded between the rows'
// organizations, by their keys.
func (im *tieImport) existing(rows []tieRow) (map[uint64]existingTie, error) {
	out := map[uint64]existingTie{}
	for start := 0; start < len(rows); start += lookupChunk {
		end := min(len(rows), start+lookupChunk)
		args := make([]any, 0, 2*(end-start))
		for _, tr := range rows[start:end] {
			args = append(args, tr.in.FromID, tr.in.ToID)
		}
		q, err := im.tx.QueryContext(im.ctx, `SELECT t.id, t.from_organization_id, t.to_organization_id, t.kinds,
				t.level, t.status, t.since, t.until, t.notes, t.version
			FROM ties t JOIN (VALUES `+store.Values(im.s.db.Engine, end-start, 2)+`) p
				ON t.from_organization_id = p.column1 AND t.to_organization_id = p.column2`, args...)
		if err != nil {
			return nil, fmt.Errorf("find ties: %w", err)
		}
		for q.Next() {
			var t existingTie
			var kinds string
			if err := q.Scan(&t.id, &t.in.FromID, &t.in.ToID, &kinds, &t.in.Level, &t.in.Status, &t.in.Since,
				&t.in.Until, &t.in.Notes, &t.version); err != nil {
				q.Close()
				return nil, fmt.Errorf("find ties: %w", err)
			}
			t.in.Kinds = splitStored(kinds)
			from, to := im.byID[t.in.FromID], im.byID[t.in.ToID]
			out[uint64(from)<<32|uint64(uint32(to))] = t
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, fmt.Errorf("find ties: %w", err)
		}
	}
	return out, nil
}

// tieInserts writes new ties in multi-row INSERTs. When one fails, its
// rows are written again one by one (store.Attempt lets the transaction
// go on) to name the row at fault.
type tieInserts struct {
	im   *tieImport
	args []any
	rows []int
	full string // the statement for tieInsertRows rows, once written
}

const tieInsertColumns = `id, from_organization_id, to_organization_id, kinds, level, status, since, until, notes,
	version, created_at, updated_at`

const tieInsertWidth = 12

func (w *tieInserts) add(row int, values ...any) error {
	w.args = append(w.args, values...)
	w.rows = append(w.rows, row)
	if len(w.rows) >= tieInsertRows {
		return w.flush()
	}
	return nil
}

func (w *tieInserts) statement(n int) string {
	if n == tieInsertRows && w.full != "" {
		return w.full
	}
	stmt := "INSERT INTO ties (" + tieInsertColumns + ") VALUES " + store.Values(w.im.s.db.Engine, n, tieInsertWidth)
	if n == tieInsertRows {
		w.full = stmt
	}
	return stmt
}

func (w *tieInserts) flush() error {
	n := len(w.rows)
	if n == 0 {
		return nil
	}
	im := w.im
	args, rows := w.args, w.rows
	w.args, w.rows = w.args[:0], w.rows[:0]
	err := store.Attempt(im.ctx, im.tx, im.s.db.Engine, w.statement(n), args...)
	if err == nil {
		return nil
	}
	one := w.statement(1)
	for i, row := range rows {
		if err := store.Attempt(im.ctx, im.tx, im.s.db.Engine, one,
			args[i*tieInsertWidth:(i+1)*tieInsertWidth]...); err != nil {
			if store.IsUniqueViolation(err) {
				return &ImportError{File: im.file, Row: row, Column: "to",
					Msg: "a tie from this organization to that one is already recorded"}
			}
			return &ImportError{File: im.file, Row: row, Msg: "cannot record the tie: " + err.Error()}
		}
	}
	return fmt.Errorf("%s rows %d-%d: record ties: %w", im.file, rows[0], rows[n-1], err)
}
