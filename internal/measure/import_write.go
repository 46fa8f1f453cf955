package measure

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/store"
)

// Writing the checked rows of an import: new measurements in batches
// (bulkWriter), corrections one by one (corrections), and the roll-ups
// of their periods many to a statement.

// batchSize is how many measurements one INSERT writes: 10 columns each,
// well under both engines' limits on parameters.
const batchSize = 100

const insertColumns = `INSERT INTO measurements (indicator_id, organization_id, period, value, weight, note, revision, user_id, actor, reported_at) VALUES `

// valuesList writes the VALUES of a multi-row INSERT. SQLite gets
// anonymous ? parameters: modernc looks each numbered $N up by name, which
// costs time growing with the square of the parameters in one statement
// (half the time of a bulk import at 1,000 parameters); PostgreSQL needs $N.
func valuesList(engine store.Engine, rows int) string {
	var b strings.Builder
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := 1; j <= 10; j++ {
			if j > 1 {
				b.WriteString(", ")
			}
			if engine == store.SQLite {
				b.WriteString("?")
			} else {
				fmt.Fprintf(&b, "$%d", i*10+j)
			}
		}
		b.WriteString(")")
	}
	return b.String()
}

// bulkWriter writes new measurements (first revisions) in batches: on
// SQLite as multi-row INSERTs, on PostgreSQL as one INSERT from unnested
// arrays per batch, which saves PostgreSQL the parsing and binding of
// thousands of parameters.
type bulkWriter struct {
	ctx    context.Context
	tx     *sql.Tx
	engine store.Engine
	stmt   *sql.Stmt
	uid    any
	label  string
	now    time.Time
	rows   []importRow
	size   int
}

// pgBatch is how many rows one PostgreSQL INSERT takes from arrays.
const pgBatch = 5000

const unnestInsert = `INSERT INTO measurements (indicator_id, organization_id, period, value, weight, note, revision, user_id, actor, reported_at)
	SELECT t.i, t.o, t.p, t.v, t.w, t.n, 1, $7::bigint, $8, $9
	FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[]) AS t (i, o, p, v, w, n)`

func newBulkWriter(ctx context.Context, tx *sql.Tx, engine store.Engine, uid any, label string,
	now time.Time) (*bulkWriter, error) {
	w := &bulkWriter{ctx: ctx, tx: tx, engine: engine, uid: uid, label: label, now: now, size: batchSize}
	query := insertColumns + valuesList(engine, batchSize)
	if engine == store.Postgres {
		query, w.size = unnestInsert, pgBatch
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	w.stmt = stmt
	w.rows = make([]importRow, 0, w.size)
	return w, nil
}

func (w *bulkWriter) close() { w.stmt.Close() }

func (w *bulkWriter) add(r importRow) error {
	w.rows = append(w.rows, r)
	if len(w.rows) == w.size {
		return w.flush()
	}
	return nil
}

// flush writes the rows held; a short last batch on SQLite goes through a
// statement of its own size.
func (w *bulkWriter) flush() error {
	if len(w.rows) == 0 {
		return nil
	}
	defer func() { w.rows = w.rows[:0] }()
	if w.engine == store.Postgres {
		n := len(w.rows)
		inds, orgs, periods := make([]int64, n), make([]string, n), make([]string, n)
		values, weights, notes := make([]float64, n), make([]*float64, n), make([]string, n)
		for i, r := range w.rows {
			inds[i], orgs[i], periods[i], values[i], weights[i], notes[i] = r.ind.ID, r.org, r.period, r.value, r.weight, r.note
		}
		_, err := w.stmt.ExecContext(w.ctx, inds, orgs, periods, values, weights, notes, w.uid, w.label, w.now)
		if err != nil {
			return fmt.Errorf("write measurements: %w", err)
		}
		return nil
	}
	args := make([]any, 0, len(w.rows)*10)
	for _, r := range w.rows {
		var weight any
		if r.weight != nil {
			weight = *r.weight
		}
		args = append(args, r.ind.ID, r.org, r.period, r.value, weight, r.note, 1, w.uid, w.label, w.now)
	}
	var err error
	if len(w.rows) == w.size {
		_, err = w.stmt.ExecContext(w.ctx, args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, insertColumns+valuesList(w.engine, len(w.rows)), args...)
	}
	if err != nil {
		return fmt.Errorf("write measurements: %w", err)
	}
	return nil
}

// upsertRollupsSQL writes n roll-ups in one statement (12 parameters each;
// anonymous on SQLite for the reason valuesList gives).
func upsertRollupsSQL(engine store.Engine, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO rollups (indicator_id, period, value, count, sum, weight_sum, weighted_sum, min, max, latest, latest_at, updated_at) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := 1; j <= 12; j++ {
			if j > 1 {
				b.WriteString(", ")
			}
			if engine == store.SQLite {
				b.WriteString("?")
			} else {
				fmt.Fprintf(&b, "$%d", i*12+j)
			}
		}
		b.WriteString(")")
	}
	b.WriteString(" " + upsertRollupSQL[strings.Index(upsertRollupSQL, "ON CONFLICT"):])
	return b.String()
}

// corrections writes the rows of periods that have values already, one by
// one, each as a new revision that supersedes the value it corrects. Its
// statements are prepared at the first such row: most imports are of new
// periods only.
type corrections struct {
	one, current, supersede, link *sql.Stmt
}

func prepareCorrections(ctx context.Context, tx *sql.Tx, engine store.Engine) (*corrections, error) {
	c := &corrections{}
	for _, s := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&c.one, insertColumns + valuesList(engine, 1) + ` RETURNING id`},
		{&c.current, `SELECT id, revision, value, weight, note FROM measurements
					WHERE indicator_id = $1 AND period = $2 AND organization_id = $3 AND superseded_at IS NULL`},
		{&c.supersede, `UPDATE measurements SET superseded_at = $1 WHERE id = $2`},
		{&c.link, `UPDATE measurements SET superseded_by = $1 WHERE id = $2`},
	} {
		stmt, err := tx.PrepareContext(ctx, s.query)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*s.stmt = stmt
	}
	return c, nil
}

func (c *corrections) close() {
	for _, s := range []*sql.Stmt{c.one, c.current, c.supersede, c.link} {
		if s != nil {
			s.Close()
		}
	}
}
