package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Rows       int `json:"rows"`       // measurement rows in the file
	Created    int `json:"created"`    // new values
	Corrected  int `json:"corrected"`  // values that replaced an earlier one, which is kept
	Unchanged  int `json:"unchanged"`  // the same value, weight and note as already reported
	Periods    int `json:"periods"`    // indicator periods whose roll-up was written
	Milestones int `json:"milestones"` // milestones reached
	// Warnings are rows written whose values are far from the
	// organization's history: to check, not refused.
	Warnings []ImportWarning `json:"warnings"`
}

// ImportCSV records the measurements in a CSV file for an initiative, all
// or nothing in one transaction: a bad row (unknown indicator, organization
// not a reporter, period not of the indicator's frequency, value not a
// number, a row given twice) refuses the whole file, naming the row and the
// column. A value for an organization, indicator and period already
// reported is a correction that keeps the earlier value. The initiative's
// backbone staff may import (account.ImportMeasurements).
func (s *Store) ImportCSV(ctx context.Context, actor account.Actor, initiativeID int64, r io.Reader,
	name string) (ImportResult, error) {
	if err := s.rules.Check(ctx, actor, account.ImportMeasurements, account.Initiative(initiativeID)); err != nil {
		return ImportResult{}, err
	}
	rows, err := readCSV(r, name)
	if err != nil {
		return ImportResult{}, err
	}
	return s.importRows(ctx, actor, initiativeID, rows, name)
}

// ImportXLSX is ImportCSV for the first sheet of an XLSX workbook.
func (s *Store) ImportXLSX(ctx context.Context, actor account.Actor, initiativeID int64, r io.Reader,
	name string) (ImportResult, error) {
	if err := s.rules.Check(ctx, actor, account.ImportMeasurements, account.Initiative(initiativeID)); err != nil {
		return ImportResult{}, err
	}
	rows, err := readXLSX(r, name)
	if err != nil {
		return ImportResult{}, err
	}
	return s.importRows(ctx, actor, initiativeID, rows, name)
}

// periodKey is one period of one indicator.
type periodKey struct {
	ind    int64
	period string
}

// importRows writes the rows of a file in one transaction, after checking
// them all (checkRows), in the phases of a measurementImport: the periods
// the rows fall in, the measurements, the roll-ups, the milestones.
func (s *Store) importRows(ctx context.Context, actor account.Actor, initiativeID int64, raw []rawRow,
	name string) (ImportResult, error) {
	res := ImportResult{Rows: len(raw)}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res = ImportResult{Rows: len(raw)}
		cat, rows, err := s.checkRows(ctx, tx, initiativeID, raw, name)
		if err != nil {
			return err
		}
		if res.Warnings, err = cat.warnings(ctx, tx, rows); err != nil {
			return err
		}

		uid, label := actorColumns(actor)
		im := &measurementImport{
			ctx:    ctx,
			db:     s.db,
			tx:     tx,
			engine: s.db.Engine,
			actor:  actor,
			now:    s.now(),
			uid:    uid,
			label:  label,
			res:    &res,
		}
		if err := im.sortPeriods(rows); err != nil {
			return err
		}
		if err := im.write(rows); err != nil {
			return err
		}
		byIndicator, err := im.writeRollups()
		if err != nil {
			return err
		}
		if err := im.passMilestones(cat, byIndicator); err != nil {
			return err
		}

		summary := fmt.Sprintf("Imported %s measurements from %s (%d new, %d corrected)",
			FormatNumber(float64(res.Created+res.Corrected)), name, res.Created, res.Corrected)
		return recordChange(ctx, tx, s.now(), actor, initiativeID, "measurement_import", summary, nil, res)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// measurementImport is the writing of one file's checked rows inside the
// import's transaction, counting what it does in res.
type measurementImport struct {
	ctx    context.Context
	db     *store.DB
	tx     *sql.Tx
	engine store.Engine
	actor  account.Actor
	now    time.Time
	uid    any
	label  string
	res    *ImportResult

	// The periods the rows fall in: each one's indicator; the new ones
	// (without a roll-up), each with its roll-up kept in memory; and the
	// old ones whose values a row changed.
	inds    map[periodKey]*Indicator
	fresh   map[periodKey]*acc
	changed map[periodKey]bool
}

// sortPeriods tells the new periods from the old. A period with a roll-up
// already has values: its rows may be corrections and are written one by
// one. A period without one is new, and its rows go in batches with the
// roll-up kept in memory. One query per indicator finds the periods it
// already has, between the first and last period of the file.
func (im *measurementImport) sortPeriods(rows []importRow) error {
	type span struct{ from, to string }
	spans := map[int64]*span{}
	for _, r := range rows {
		sp := spans[r.ind.ID]
		if sp == nil {
			spans[r.ind.ID] = &span{r.period, r.period}
			continue
		}
		if r.period < sp.from {
			sp.from = r.period
		}
		if r.period > sp.to {
			sp.to = r.period
		}
	}

	old := map[periodKey]bool{}
	for id, sp := range spans {
		points, err := rollups(im.ctx, im.tx, id, sp.from, sp.to)
		if err != nil {
			return err
		}
		for _, p := range points {
			old[periodKey{id, p.Period}] = true
		}
		if err := im.withdrawnPeriods(id, sp.from, sp.to, old); err != nil {
			return err
		}
	}

	im.fresh, im.inds, im.changed = map[periodKey]*acc{}, map[periodKey]*Indicator{}, map[periodKey]bool{}
	for _, r := range rows {
		k := periodKey{r.ind.ID, r.period}
		if im.inds[k] != nil {
			continue
		}
		im.inds[k] = r.ind
		if !old[k] {
			im.fresh[k] = &acc{}
		}
	}
	return nil
}

// withdrawnPeriods marks as old the periods of an indicator, from from to
// to, that hold a withdrawn value: a row there is a next revision, not a
// first (the measurements_withdrawn index finds the few).
func (im *measurementImport) withdrawnPeriods(indicatorID int64, from, to string, old map[periodKey]bool) error {
	rows, err := im.tx.QueryContext(im.ctx, `SELECT DISTINCT period FROM measurements
		WHERE indicator_id = $1 AND period >= $2 AND period <= $3 AND withdrawn_at IS NOT NULL`, indicatorID, from, to)
	if err != nil {
		return fmt.Errorf("find withdrawn values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		old[periodKey{indicatorID, p}] = true
	}
	return rows.Err()
}

// write writes the measurements: a row of a new period in a batch, any
// other as a correction (correct).
func (im *measurementImport) write(rows []importRow) error {
	bulk, err := im.db.NewBatchInsert(im.ctx, im.tx, "measurements", newMeasurementColumns)
	if err != nil {
		return err
	}
	defer bulk.Close()

	var fix *corrections
	for i, r := range rows {
		if a := im.fresh[periodKey{r.ind.ID, r.period}]; a != nil {
			a.add(r.value, r.weight, im.now, int64(i))
			if err := bulk.Add(im.newMeasurement(r)...); err != nil {
				return err
			}
			im.res.Created++
			continue
		}
		if fix == nil {
			if fix, err = prepareCorrections(im.ctx, im.tx, im.engine); err != nil {
				return err
			}
			defer fix.close()
		}
		if err := im.correct(fix, r); err != nil {
			return err
		}
	}
	return bulk.Flush()
}

// correct writes a row of a period that has values already: a new revision
// that supersedes the organization's current value, if it has one, or
// nothing when the row says what that value says.
func (im *measurementImport) correct(fix *corrections, r importRow) error {
	ctx := im.ctx
	var prevID int64
	var prevRev int
	var prevValue float64
	var prevWeight sql.NullFloat64
	var prevNote string
	err := fix.current.QueryRowContext(ctx, r.ind.ID, r.period, r.org).
		Scan(&prevID, &prevRev, &prevValue, &prevWeight, &prevNote)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find measurement: %w", err)
	}
	if prevID == 0 { // a withdrawn value's next revision
		if prevRev, err = lastRevision(ctx, im.tx, r.ind.ID, r.period, r.org); err != nil {
			return err
		}
	}
	sameWeight := prevWeight.Valid == (r.weight != nil) && (r.weight == nil || *r.weight == prevWeight.Float64)
	if prevID != 0 && prevValue == r.value && prevNote == r.note && sameWeight {
		im.res.Unchanged++
		return nil
	}

	if prevID != 0 {
		if _, err := fix.supersede.ExecContext(ctx, im.now, prevID); err != nil {
			return fmt.Errorf("supersede measurement: %w", err)
		}
	}
	var weight any
	if r.weight != nil {
		weight = *r.weight
	}
	var id int64
	err = fix.one.QueryRowContext(ctx, r.ind.ID, r.org, r.period, r.value, weight, r.note, prevRev+1, im.uid, im.label,
		im.now).Scan(&id)
	if err != nil {
		return fmt.Errorf("write measurement: %w", err)
	}
	if prevID != 0 {
		if _, err := fix.link.ExecContext(ctx, id, prevID); err != nil {
			return fmt.Errorf("supersede measurement: %w", err)
		}
		im.res.Corrected++
	} else {
		im.res.Created++
	}
	im.changed[periodKey{r.ind.ID, r.period}] = true
	return nil
}

// writeRollups writes the roll-ups of the periods written: the new ones
// from memory, many to a statement, the changed old ones from their current
// values. It returns the points written, by indicator.
func (im *measurementImport) writeRollups() (map[int64][]RollupPoint, error) {
	byIndicator := map[int64][]RollupPoint{}
	var batch []any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := im.tx.ExecContext(im.ctx, upsertRollupsSQL(im.engine, len(batch)/12), batch...); err != nil {
			return fmt.Errorf("write roll-ups: %w", err)
		}
		batch = batch[:0]
		return nil
	}
	for k, a := range im.fresh {
		p := a.point(k.period, im.inds[k].Aggregation)
		batch = append(batch, rollupArgs(k.ind, p, im.now)...)
		if len(batch) == 12*batchSize {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		byIndicator[k.ind] = append(byIndicator[k.ind], p)
	}
	if err := flush(); err != nil {
		return nil, err
	}

	for k := range im.changed {
		p, err := refreshRollup(im.ctx, im.tx, im.inds[k], k.period, im.now)
		if err != nil {
			return nil, err
		}
		if p != nil {
			byIndicator[k.ind] = append(byIndicator[k.ind], *p)
		}
	}
	im.res.Periods = len(im.fresh) + len(im.changed)
	return byIndicator, nil
}

// passMilestones marks the milestones that the roll-ups written pass, an
// indicator at a time in the order of their ids, counting those reached.
func (im *measurementImport) passMilestones(cat *catalog, byIndicator map[int64][]RollupPoint) error {
	ids := make([]int64, 0, len(byIndicator))
	for id := range byIndicator {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })

	for _, id := range ids {
		points := byIndicator[id]
		sort.Slice(points, func(i, j int) bool { return points[i].Period < points[j].Period })
		var ind *Indicator
		for _, x := range cat.indicators {
			if x.ID == id {
				ind = x
				break
			}
		}
		before, err := countReached(im.ctx, im.tx, id)
		if err != nil {
			return err
		}
		if err := reachMilestones(im.ctx, im.tx, im.actor, ind, "", points, im.now); err != nil {
			return err
		}
		if err := reachOwnMilestones(im.ctx, im.tx, im.actor, ind, im.now); err != nil {
			return err
		}
		after, err := countReached(im.ctx, im.tx, id)
		if err != nil {
			return err
		}
		im.res.Milestones += after - before
	}
	return nil
}

func countReached(ctx context.Context, q store.Querier, indicatorID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM milestones m JOIN goals g ON g.id = m.goal_id
		JOIN goal_revisions r ON r.goal_id = g.id AND r.revision = g.revision WHERE r.indicator_id = $1 AND m.reached_at IS NOT NULL`, indicatorID).Scan(&n)
	return n, err
}
