package measure

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/store"
)

// Writing the checked rows of an import: new measurements in batches (the
// store's BatchInsert), corrections one by one (corrections), and the
// roll-ups of their periods many to a statement.

// batchSize is how many roll-ups one statement writes: 12 parameters each,
// about a thousand in all, which the measurements import found fastest on
// SQLite (which binds each parameter by a search).
const batchSize = 100

// newMeasurementColumns are what an import writes of a new measurement (its
// first revision).
var newMeasurementColumns = []store.Column{
	{Name: "indicator_id", Type: "bigint"},
	{Name: "organization_id", Type: "text"},
	{
		Name: "period",
		Type: "text",
	},
	{Name: "value", Type: "float8"},
	{Name: "weight", Type: "float8"},
	{Name: "note", Type: "text"},
	{Name: "revision", Type: "int"},
	{Name: "user_id", Type: "bigint"},
	{Name: "actor", Type: "text"},
	{Name: "reported_at", Type: "timestamptz"},
}

// newMeasurement is the row of a new measurement, in newMeasurementColumns.
// order.
func (im *measurementImport) newMeasurement(r importRow) []any {
	var weight any
	if r.weight != nil {
		weight = *r.weight
	}
	return []any{r.ind.ID, r.org, r.period, r.value, weight, r.note, 1, im.uid, im.label, im.now}
}

// upsertRollupsSQL writes n roll-ups in one statement.
func upsertRollupsSQL(engine store.Engine, n int) string {
	return `INSERT INTO rollups (indicator_id, period, value, count, sum, weight_sum, weighted_sum, min, max, latest, latest_at, updated_at)
		VALUES ` + store.Values(
		engine,
		n,
		12,
	) + " " + upsertRollupSQL[strings.Index(upsertRollupSQL, "ON CONFLICT"):]
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
		{&c.one, `INSERT INTO measurements (indicator_id, organization_id, period, value, weight, note, revision, user_id, actor,
			reported_at) VALUES ` + store.Values(engine, 1, 10) + ` RETURNING id`},
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
