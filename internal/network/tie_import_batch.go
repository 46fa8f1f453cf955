package network

import (
	"database/sql"
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
//
// Each name is looked up by its own subquery, and each tie below: a join
// to the list would leave the plan to PostgreSQL's statistics, which a
// large import outruns (it read every tie for each batch).
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
	byRef := map[string]string{}
	if err := im.query(refs, func(n int) string {
		return `SELECT id, id FROM organizations WHERE archived_at IS NULL AND id IN (` + placeholders(1, n) + `)`
	}, func(rows *sql.Rows) error {
		var id, ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return err
		}
		byRef[ref] = id
		return nil
	}); err != nil {
		return fmt.Errorf("find organizations: %w", err)
	}
	var rest []any
	for _, ref := range refs {
		if _, ok := byRef[ref.(string)]; !ok {
			rest = append(rest, ref)
		}
	}
	if err := im.query(rest, func(n int) string {
		return `SELECT r.column1, (SELECT o.id FROM organizations o WHERE lower(o.name) = lower(r.column1)
			AND o.archived_at IS NULL ORDER BY o.id LIMIT 1), (SELECT COUNT(*) FROM organizations o
			WHERE lower(o.name) = lower(r.column1) AND o.archived_at IS NULL)
			FROM (VALUES ` + store.Values(im.s.db.Engine, n, 1) + `) r`
	}, func(rows *sql.Rows) error {
		var ref string
		var id sql.NullString
		var bearers int
		if err := rows.Scan(&ref, &id, &bearers); err != nil {
			return err
		}
		switch {
		case bearers > 1:
			// Names are not unique (HSDS says so): picking one of two
			// would tie the wrong organization without a word.
			if im.shared == nil {
				im.shared = map[string]int{}
			}
			im.shared[strings.ToLower(ref)] = bearers
		case id.Valid:
			byRef[ref] = id.String
		}
		return nil
	}); err != nil {
		return fmt.Errorf("find organizations by name: %w", err)
	}
	var ids []any
	for _, id := range byRef {
		if _, ok := im.byID[id]; !ok {
			ids = append(ids, id)
		}
	}
	names := map[string]string{}
	if err := im.query(ids, func(n int) string {
		return `SELECT id, name FROM organizations WHERE id IN (` + placeholders(1, n) + `)`
	}, func(rows *sql.Rows) error {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	}); err != nil {
		return fmt.Errorf("find organizations' names: %w", err)
	}
	for _, ref := range refs {
		if id, ok := byRef[ref.(string)]; ok {
			im.remember(ref.(string), id, names[id])
		}
	}
	return nil
}

// query runs the statement that stmt writes for a chunk of args, over args
// in chunks, giving each row to scan.
func (im *tieImport) query(args []any, stmt func(n int) string, scan func(*sql.Rows) error) error {
	for start := 0; start < len(args); start += lookupChunk {
		chunk := args[start:min(len(args), start+lookupChunk)]
		rows, err := im.tx.QueryContext(im.ctx, stmt(len(chunk)), chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
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
	if n := im.shared[strings.ToLower(ref)]; n > 1 {
		return 0, &ImportError{File: im.file, Row: row, Column: column,
			Msg: fmt.Sprintf("%d active organizations are named %q: give the id of the one you mean", n, ref)}
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
// organizations, by their keys, in one statement per chunk that looks up
// each pair by the index on its two ends (see resolve): on SQLite the list
// drives a CROSS JOIN (kept in that order); on PostgreSQL a LATERAL
// subquery per pair, kept from being flattened into a join by its LIMIT.
func (im *tieImport) existing(rows []tieRow) (map[uint64]existingTie, error) {
	pairs := make([]any, 0, 2*len(rows))
	for _, tr := range rows {
		pairs = append(pairs, tr.in.FromID, tr.in.ToID)
	}
	const columns = `t.id, t.from_organization_id, t.to_organization_id, t.kinds, t.level, t.status, t.since, ` +
		`t.until, t.notes, t.version`
	out := map[uint64]existingTie{}
	err := im.query(pairs, func(n int) string {
		list := `(VALUES ` + store.Values(im.s.db.Engine, n/2, 2) + `) p`
		if im.s.db.Engine == store.Postgres {
			return `SELECT ` + columns + ` FROM ` + list + ` CROSS JOIN LATERAL (SELECT * FROM ties t
				WHERE t.from_organization_id = p.column1 AND t.to_organization_id = p.column2 LIMIT 1) t`
		}
		return `SELECT ` + columns + ` FROM ` + list + ` CROSS JOIN ties t
			ON t.from_organization_id = p.column1 AND t.to_organization_id = p.column2`
	}, func(rows *sql.Rows) error {
		var t existingTie
		var kinds string
		if err := rows.Scan(&t.id, &t.in.FromID, &t.in.ToID, &kinds, &t.in.Level, &t.in.Status, &t.in.Since,
			&t.in.Until, &t.in.Notes, &t.version); err != nil {
			return err
		}
		t.in.Kinds = splitStored(kinds)
		from, to := im.byID[t.in.FromID], im.byID[t.in.ToID]
		out[uint64(from)<<32|uint64(uint32(to))] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find ties: %w", err)
	}
	return out, nil
}

// tieInserts writes new ties in batches (store.BatchInsert). When a batch
// fails, its rows are written again one by one (store.Attempt lets the
// transaction go on) to name the row at fault.
type tieInserts struct {
	im    *tieImport
	batch *store.BatchInsert
	vals  [][]any
	rows  []int
}

var tieInsertColumns = []store.Column{
	{
		Name: "id",
		Type: "text",
	}, {Name: "from_organization_id", Type: "text"}, {Name: "to_organization_id", Type: "text"},
	{Name: "kinds", Type: "text"}, {Name: "level", Type: "text"}, {Name: "status", Type: "text"},
	{Name: "since", Type: "text"}, {Name: "until", Type: "text"}, {Name: "notes", Type: "text"},
	{
		Name: "version",
		Type: "int",
	}, {Name: "created_at", Type: "timestamptz"}, {Name: "updated_at", Type: "timestamptz"},
}

func (w *tieInserts) add(row int, values ...any) error {
	w.vals = append(w.vals, values)
	w.rows = append(w.rows, row)
	if len(w.rows) >= w.batch.Size() {
		return w.flush()
	}
	return nil
}

func (w *tieInserts) flush() error {
	n := len(w.rows)
	if n == 0 {
		return nil
	}
	im := w.im
	vals, rows := w.vals, w.rows
	w.vals, w.rows = w.vals[:0], w.rows[:0]
	err := w.batch.Attempt(vals)
	if err == nil {
		return nil
	}
	names := make([]string, len(tieInsertColumns))
	for i, c := range tieInsertColumns {
		names[i] = c.Name
	}
	one := "INSERT INTO ties (" + strings.Join(names, ", ") + ") VALUES " +
		store.Values(im.s.db.Engine, 1, len(tieInsertColumns))
	for i, row := range rows {
		if err := store.Attempt(im.ctx, im.tx, im.s.db.Engine, one, vals[i]...); err != nil {
			if store.IsUniqueViolation(err) {
				return &ImportError{File: im.file, Row: row, Column: "to",
					Msg: "a tie from this organization to that one is already recorded"}
			}
			return &ImportError{File: im.file, Row: row, Msg: "cannot record the tie: " + err.Error()}
		}
	}
	return fmt.Errorf("%s rows %d-%d: record ties: %w", im.file, rows[0], rows[n-1], err)
}
