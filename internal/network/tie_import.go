package network

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/store"
)

// tieBatchRows is how many rows of a ties file are looked up and written
// together: one statement per row, and several per tie, made an import of
// 50,000 ties take over a minute.
var tieBatchRows = 2000

// tieImport writes a ties file in batches inside the import's
// transaction. For each batch of rows it looks up, in a few statements,
// the organizations named that it has not met yet and the ties that
// already join them; then it writes the new ties in multi-row INSERTs,
// changes the others one by one, and gathers their versions and audit
// events in batches. A tie that has not changed writes nothing.
//
// What it keeps from row to row is small: the organizations met (100,000
// of them are a few megabytes) and, to refuse a tie given twice, one
// number per tie.
type tieImport struct {
	s             *Store
	ctx           context.Context
	tx            *sql.Tx
	actor         account.Actor
	file, note    string
	createMissing bool
	dir           *directory.Store

	res     ImportResult
	pending []tieRow

	refs map[string]int32 // lowercased reference → organization (an index into orgIDs)
	// shared are the lowercased names that more than one active
	// organization bears, with how many: a row naming one must give an id.
	shared   map[string]int
	byID     map[string]int32 // organization id → index
	orgIDs   []string
	orgNames []string
	pairs    map[uint64]int32 // the organizations a tie joins → the row that gave it

	inserts  *tieInserts
	update   *sql.Stmt
	versions *store.BatchInsert
	audit    *account.AuditBatch
	uid      any
	label    string
}

func (s *Store) newTieImport(ctx context.Context, tx *sql.Tx, actor account.Actor, file string,
	createMissing bool) (*tieImport, error) {
	im := &tieImport{s: s, ctx: ctx, tx: tx, actor: actor, file: file, note: "imported from " + file,
		createMissing: createMissing, dir: directory.NewStore(s.db),
		refs: map[string]int32{}, byID: map[string]int32{}, pairs: map[uint64]int32{}, label: actor.Label}
	if actor.UserID != 0 {
		im.uid = actor.UserID
	}
	if im.label == "" {
		im.label = "system"
	}
	ties, err := s.db.NewBatchInsert(ctx, tx, "ties", tieInsertColumns)
	if err != nil {
		return nil, err
	}
	im.inserts = &tieInserts{im: im, batch: ties}
	if im.versions, err = s.db.NewBatchInsert(ctx, tx, "tie_versions", tieVersionColumns); err != nil {
		ties.Close()
		return nil, err
	}
	if im.audit, err = account.NewAuditBatch(ctx, s.db, tx, actor); err != nil {
		ties.Close()
		im.versions.Close()
		return nil, err
	}
	return im, nil
}

var tieVersionColumns = []store.Column{
	{Name: "tie_id", Type: "text"}, {Name: "version", Type: "int"}, {Name: "from_organization_id", Type: "text"},
	{Name: "to_organization_id", Type: "text"}, {Name: "kinds", Type: "text"}, {Name: "level", Type: "text"},
	{Name: "status", Type: "text"}, {Name: "since", Type: "text"}, {Name: "until", Type: "text"},
	{Name: "notes", Type: "text"}, {Name: "recorded_at", Type: "timestamptz"}, {Name: "user_id", Type: "bigint"},
	{Name: "actor", Type: "text"}, {Name: "change_note", Type: "text"},
}

func (im *tieImport) close() {
	im.inserts.batch.Close()
	im.versions.Close()
	im.audit.Close()
	if im.update != nil {
		im.update.Close()
	}
}

// add gathers one row, writing the batch when it is full.
func (im *tieImport) add(tr tieRow) error {
	im.pending = append(im.pending, tr)
	if len(im.pending) >= tieBatchRows {
		return im.flush()
	}
	return nil
}

// flush writes the rows gathered, and at the end of the file what the
// batches still hold.
func (im *tieImport) flush() error {
	rows := im.pending
	im.pending = im.pending[:0]
	if len(rows) > 0 {
		if err := im.write(rows); err != nil {
			return err
		}
	}
	if err := im.versions.Flush(); err != nil {
		return err
	}
	return im.audit.Flush()
}

// existingTie is what the import reads of a tie already recorded.
type existingTie struct {
	id      string
	version int
	in      TieInput
}

// write looks up and writes one batch of rows, naming the first row at
// fault.
func (im *tieImport) write(rows []tieRow) error {
	if err := im.resolve(rows); err != nil {
		return err
	}
	keys := make([]uint64, len(rows))
	for i := range rows {
		tr := &rows[i]
		from, err := im.org(tr.from, "from", tr.row)
		if err != nil {
			return err
		}
		to, err := im.org(tr.to, "to", tr.row)
		if err != nil {
			return err
		}
		tr.in.FromID, tr.in.ToID = im.orgIDs[from], im.orgIDs[to]
		if err := tr.in.Normalize(); err != nil {
			return rowError(im.file, tr.row, err)
		}
		keys[i] = uint64(from)<<32 | uint64(uint32(to))
		if first, ok := im.pairs[keys[i]]; ok {
			return duplicateRow(im.file, *tr, int(first))
		}
		im.pairs[keys[i]] = int32(tr.row)
	}
	existing, err := im.existing(rows)
	if err != nil {
		return err
	}
	now := im.s.now()
	var changed []int
	created := make([]string, len(rows)) // the new ties' ids
	for i, tr := range rows {
		old, ok := existing[keys[i]]
		switch {
		case !ok:
			if created[i], err = im.create(tr, now); err != nil {
				return err
			}
		case sameTie(old.in, tr.in):
			im.res.Unchanged++
		default:
			changed = append(changed, i)
		}
	}
	if err := im.inserts.flush(); err != nil {
		return err
	}
	// The new ties are written: their versions and events may follow.
	for i, tr := range rows {
		id := created[i]
		if id == "" {
			continue
		}
		if err := im.addVersion(id, 1, tr.in, now); err != nil {
			return err
		}
		if err := im.audit.Add(account.Event{At: now, Action: "create", EntityType: "tie", EntityID: id,
			Summary: fmt.Sprintf("recorded a tie from %s to %s (%s, %s)", im.name(keys[i], 0), im.name(keys[i], 1),
				tr.in.Level, tr.in.Status), After: tr.in}); err != nil {
			return err
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return im.change(rows, keys, changed, existing, now)
}

// name is the name of the organization a tie starts from (end 0) or goes
// to (end 1).
func (im *tieImport) name(key uint64, end int) string {
	if end == 0 {
		return im.orgNames[key>>32]
	}
	return im.orgNames[uint32(key)]
}

// create gathers a new tie for the batch's INSERTs.
func (im *tieImport) create(tr tieRow, now time.Time) (string, error) {
	id := directory.NewID()
	in := tr.in
	im.res.Created++
	return id, im.inserts.add(tr.row, id, in.FromID, in.ToID, strings.Join(in.Kinds, ","), in.Level, in.Status,
		in.Since, in.Until, in.Notes, 1, now, now)
}

func (im *tieImport) addVersion(id string, version int, in TieInput, now time.Time) error {
	return im.versions.Add(id, version, in.FromID, in.ToID, strings.Join(in.Kinds, ","), in.Level, in.Status,
		in.Since, in.Until, in.Notes, now, im.uid, im.label, im.note)
}

// change writes the ties of the batch that differ from the file: each
// one's row (on PostgreSQL all of the batch's in one UPDATE from arrays, a
// round trip a row costing most of an import that changes many; on SQLite,
// in the process, one by one), then its old version closed and the new one
// added.
func (im *tieImport) change(rows []tieRow, keys []uint64, changed []int, existing map[uint64]existingTie,
	now time.Time) error {
	if im.s.db.Engine != store.Postgres {
		if err := im.updateEach(rows, keys, changed, existing, now); err != nil {
			return err
		}
	} else if err := im.updateBatch(rows, keys, changed, existing, now); err != nil {
		// Again row by row, to name the row at fault.
		if err := im.updateEach(rows, keys, changed, existing, now); err != nil {
			return err
		}
		return fmt.Errorf("%s: change ties: %w", im.file, err)
	}
	ids := make([]any, 0, len(changed)+1)
	ids = append(ids, now)
	for _, i := range changed {
		old := existing[keys[i]]
		ids = append(ids, old.id)
	}
	if _, err := im.tx.ExecContext(im.ctx, `UPDATE tie_versions SET superseded_at = $1
		WHERE superseded_at IS NULL AND tie_id IN (`+placeholders(2, len(changed))+`)`, ids...); err != nil {
		return fmt.Errorf("close tie versions: %w", err)
	}
	for _, i := range changed {
		tr, old := rows[i], existing[keys[i]]
		if err := im.addVersion(old.id, old.version+1, tr.in, now); err != nil {
			return err
		}
		if err := im.audit.Add(account.Event{At: now, Action: "update", EntityType: "tie", EntityID: old.id,
			Summary: fmt.Sprintf("changed the tie from %s to %s (%s, %s)", im.name(keys[i], 0),
				im.name(keys[i], 1), tr.in.Level, tr.in.Status),
			Before: old.in, After: tr.in}); err != nil {
			return err
		}
		im.res.Updated++
	}
	return nil
}

// placeholders writes n numbered parameters from $first on.
func placeholders(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", first+i)
	}
	return b.String()
}

// updateBatch writes the changed ties' rows on PostgreSQL in one UPDATE
// from arrays, in a savepoint, so that a failure leaves the transaction to
// updateEach.
func (im *tieImport) updateBatch(rows []tieRow, keys []uint64, changed []int, existing map[uint64]existingTie,
	now time.Time) error {
	cols := make([][]any, 8)
	for _, i := range changed {
		in, old := rows[i].in, existing[keys[i]]
		for j, v := range []any{old.id, strings.Join(in.Kinds, ","), in.Level, in.Status, in.Since, in.Until,
			in.Notes, old.version + 1} {
			cols[j] = append(cols[j], v)
		}
	}
	args := make([]any, 0, len(cols)+1)
	for _, c := range cols {
		args = append(args, c)
	}
	args = append(args, now)
	return store.Attempt(im.ctx, im.tx, im.s.db.Engine, `UPDATE ties t SET kinds = u.kinds, level = u.level,
		status = u.status, since = u.since, until = u.until, notes = u.notes, version = u.version, updated_at = $9
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
			AS u (id, kinds, level, status, since, until, notes, version)
		WHERE t.id = u.id`, args...)
}

// updateEach writes the changed ties' rows one by one, naming the row at
// fault.
func (im *tieImport) updateEach(rows []tieRow, keys []uint64, changed []int, existing map[uint64]existingTie,
	now time.Time) error {
	if im.update == nil {
		stmt, err := im.tx.PrepareContext(im.ctx, `UPDATE ties SET kinds = $1, level = $2, status = $3, since = $4,
			until = $5, notes = $6, version = $7, updated_at = $8 WHERE id = $9`)
		if err != nil {
			return fmt.Errorf("prepare the change of ties: %w", err)
		}
		im.update = stmt
	}
	for _, i := range changed {
		tr, old := rows[i], existing[keys[i]]
		in := tr.in
		if _, err := im.update.ExecContext(im.ctx, strings.Join(in.Kinds, ","), in.Level, in.Status, in.Since,
			in.Until, in.Notes, old.version+1, now, old.id); err != nil {
			return &ImportError{File: im.file, Row: tr.row, Msg: "cannot change the tie: " + err.Error()}
		}
	}
	return nil
}
