package measure

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// MeasurementColumns are the columns of a measurements file. indicator,
// organization, period and value are required; indicator and organization
// are an id or an exact name (any case); weight is for weighted averages.
var MeasurementColumns = []string{"indicator", "organization", "period", "value", "weight", "note"}

var requiredColumns = []string{"indicator", "organization", "period", "value"}

// ImportError is a problem at one row and column of an import file; the
// whole file is then refused.
type ImportError struct {
	File   string
	Row    int // 1-based, the header being row 1
	Column string
	Msg    string
}

func (e *ImportError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s row %d: %s", e.File, e.Row, e.Msg)
	}
	return fmt.Sprintf("%s row %d: %s: %s", e.File, e.Row, e.Column, e.Msg)
}

// ImportResult counts what an import did.
type ImportResult struct {
	Rows       int `json:"rows"`       // measurement rows in the file
	Created    int `json:"created"`    // new values
	Corrected  int `json:"corrected"`  // values that replaced an earlier one, which is kept
	Unchanged  int `json:"unchanged"`  // the same value, weight and note as already reported
	Periods    int `json:"periods"`    // indicator periods whose roll-up was written
	Milestones int `json:"milestones"` // milestones reached
}

// rawRow is one row of a file as written, before it is checked.
type rawRow struct {
	row                                         int
	indicator, org, period, value, weight, note string
}

// readTable reads a header and rows from next, which returns one record at
// a time (io.EOF at the end) and the row number it came from.
func readTable(name string, next func() ([]string, int, error)) ([]rawRow, error) {
	header, _, err := next()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{File: name, Row: 1, Msg: "the file is empty; it needs a header row with " + strings.Join(requiredColumns, ", ")}
	}
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue
		}
		if !oneOf(h, MeasurementColumns) {
			return nil, &ImportError{File: name, Row: 1, Column: h, Msg: "unknown column (columns: " + strings.Join(MeasurementColumns, ", ") + ")"}
		}
		if _, dup := col[h]; dup {
			return nil, &ImportError{File: name, Row: 1, Column: h, Msg: "column given twice"}
		}
		col[h] = i
	}
	for _, need := range requiredColumns {
		if _, ok := col[need]; !ok {
			return nil, &ImportError{File: name, Row: 1, Column: need, Msg: "required column missing"}
		}
	}
	ci := func(c string) int {
		if i, ok := col[c]; ok {
			return i
		}
		return -1
	}
	iInd, iOrg, iPeriod, iValue, iWeight, iNote := ci("indicator"), ci("organization"), ci("period"), ci("value"), ci("weight"), ci("note")
	var rows []rawRow
	for {
		rec, n, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		get := func(i int) string {
			if i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		blank := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if c, p := errs.CellProblem(rec, col, MeasurementColumns); p != "" {
			return nil, &ImportError{File: name, Row: n, Column: c, Msg: p}
		}
		r := rawRow{row: n, indicator: get(iInd), org: get(iOrg), period: get(iPeriod), value: get(iValue), weight: get(iWeight), note: get(iNote)}
		for _, c := range []struct{ name, v string }{{"indicator", r.indicator}, {"organization", r.org}, {"period", r.period}, {"value", r.value}} {
			if c.v == "" {
				return nil, &ImportError{File: name, Row: n, Column: c.name, Msg: "is required"}
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// readCSV reads a measurements CSV file without touching the database.
func readCSV(r io.Reader, name string) ([]rawRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	return readTable(name, func() ([]string, int, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, &ImportError{File: name, Row: pe.Line, Msg: pe.Err.Error()}
			}
			return nil, 0, &ImportError{File: name, Row: 1, Msg: err.Error()}
		}
		line := 1
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		return rec, line, nil
	})
}

// readXLSX reads the first sheet of a measurements workbook.
func readXLSX(r io.Reader, name string) ([]rawRow, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &ImportError{File: name, Row: 1, Msg: "not a readable XLSX workbook: " + err.Error()}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &ImportError{File: name, Row: 1, Msg: "the workbook has no sheet"}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &ImportError{File: name, Row: 1, Msg: "cannot read the sheet " + sheets[0] + ": " + err.Error()}
	}
	defer rows.Close()
	n := 0
	return readTable(name, func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, n, &ImportError{File: name, Row: n + 1, Msg: err.Error()}
			}
			return nil, n, io.EOF
		}
		n++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, n, &ImportError{File: name, Row: n, Msg: err.Error()}
		}
		return rec, n, nil
	})
}

// catalog is what rows are checked against: an initiative's indicators and
// organizations, by id and by lower-cased name.
type catalog struct {
	indicators map[string]*Indicator
	orgs       map[string]string // id or lower-cased name → id
	orgNames   map[string]string // id → name
}

func loadCatalog(ctx context.Context, q store.Querier, initiativeID int64) (*catalog, error) {
	inds, err := indicators(ctx, q, initiativeID, true)
	if err != nil {
		return nil, err
	}
	c := &catalog{indicators: map[string]*Indicator{}, orgs: map[string]string{}, orgNames: map[string]string{}}
	for _, ind := range inds {
		c.indicators[strings.ToLower(ind.Name)] = ind
	}
	for _, ind := range inds { // an id wins over a name that looks like one
		c.indicators[strconv.FormatInt(ind.ID, 10)] = ind
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM organizations WHERE id IN (SELECT organization_id FROM initiative_members WHERE initiative_id = $1)
		OR id IN (SELECT r.organization_id FROM indicator_reporters r JOIN indicators i ON i.id = r.indicator_id WHERE i.initiative_id = $1)`, initiativeID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list organizations: %w", err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		c.orgNames[id] = name
		c.orgs[strings.ToLower(name)] = id
		ids = append(ids, id)
	}
	for _, id := range ids {
		c.orgs[strings.ToLower(id)] = id
		c.orgs[id] = id
	}
	return c, rows.Err()
}

// importRow is a checked row.
type importRow struct {
	row    int
	ind    *Indicator
	org    string
	period string
	value  float64
	weight *float64
	note   string
}

var thousands = regexp.MustCompile(`^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// parseNumber reads a number as people write it: 1234.5, 1,234.5, -3.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

type rowKey struct {
	ind    int64
	org    string
	period string
}

// check resolves and checks every row, refusing the first bad one.
func (c *catalog) check(rows []rawRow, name string) ([]importRow, error) {
	out := make([]importRow, 0, len(rows))
	seen := make(map[rowKey]int, len(rows))
	bad := func(r rawRow, column, format string, args ...any) error {
		return &ImportError{File: name, Row: r.row, Column: column, Msg: fmt.Sprintf(format, args...)}
	}
	for _, r := range rows {
		ind := c.indicators[r.indicator]
		if ind == nil {
			ind = c.indicators[strings.ToLower(r.indicator)]
		}
		if ind == nil {
			return nil, bad(r, "indicator", "this initiative has no indicator with the id or name %q", r.indicator)
		}
		if ind.Archived {
			return nil, bad(r, "indicator", "“%s” is retired and takes no more reports", ind.Name)
		}
		org, ok := c.orgs[r.org]
		if !ok {
			org, ok = c.orgs[strings.ToLower(r.org)]
		}
		if !ok {
			return nil, bad(r, "organization", "no member organization of this initiative has the id or name %q", r.org)
		}
		if !isReporter(ind, org) {
			return nil, bad(r, "organization", "%s is not listed as a reporter of “%s”", c.orgNames[org], ind.Name)
		}
		p, err := ParsePeriodFor(ind.Frequency, r.period)
		if err != nil {
			return nil, bad(r, "period", "%s", err.Error())
		}
		v, ok := parseNumber(r.value)
		if !ok {
			return nil, bad(r, "value", "%q is not a number", r.value)
		}
		ir := importRow{row: r.row, ind: ind, org: org, period: p.String(), value: v, note: r.note}
		if r.weight != "" {
			w, ok := parseNumber(r.weight)
			if !ok || w < 0 {
				return nil, bad(r, "weight", "%q is not a number, zero or more", r.weight)
			}
			ir.weight = &w
		}
		if len(ir.note) > 2000 {
			return nil, bad(r, "note", "must be at most 2000 characters")
		}
		k := rowKey{ind.ID, org, ir.period}
		if first, dup := seen[k]; dup {
			return nil, bad(r, "period", "%s's “%s” for %s is already in row %d", c.orgNames[org], ind.Name, ir.period, first)
		}
		seen[k] = r.row
		out = append(out, ir)
	}
	return out, nil
}

// ImportCSV records the measurements in a CSV file for an initiative, all
// or nothing in one transaction: a bad row (unknown indicator, organization
// not a reporter, period not of the indicator's frequency, value not a
// number, a row given twice) refuses the whole file, naming the row and the
// column. A value for an organization, indicator and period already
// reported is a correction that keeps the earlier value. The initiative's
// backbone staff may import (account.ImportMeasurements).
func (s *Store) ImportCSV(ctx context.Context, actor account.Actor, initiativeID int64, r io.Reader, name string) (ImportResult, error) {
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
func (s *Store) ImportXLSX(ctx context.Context, actor account.Actor, initiativeID int64, r io.Reader, name string) (ImportResult, error) {
	if err := s.rules.Check(ctx, actor, account.ImportMeasurements, account.Initiative(initiativeID)); err != nil {
		return ImportResult{}, err
	}
	rows, err := readXLSX(r, name)
	if err != nil {
		return ImportResult{}, err
	}
	return s.importRows(ctx, actor, initiativeID, rows, name)
}

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

type periodKey struct {
	ind    int64
	period string
}

func (s *Store) importRows(ctx context.Context, actor account.Actor, initiativeID int64, raw []rawRow, name string) (ImportResult, error) {
	res := ImportResult{Rows: len(raw)}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res = ImportResult{Rows: len(raw)}
		if err := initiativeExists(ctx, tx, initiativeID); err != nil {
			return err
		}
		if err := s.lockIndicators(ctx, tx, `initiative_id = $1`, initiativeID); err != nil {
			return err
		}
		cat, err := loadCatalog(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		rows, err := cat.check(raw, name)
		if err != nil {
			return err
		}
		now := s.now()
		uid, label := actorColumns(actor)

		// A period with a roll-up already has values: its rows may be
		// corrections and are written one by one. A period without one is
		// new, and its rows go in batches with the roll-up kept in memory.
		// One query per indicator finds the periods it already has,
		// between the first and last period of the file.
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
			points, err := rollups(ctx, tx, id, sp.from, sp.to)
			if err != nil {
				return err
			}
			for _, p := range points {
				old[periodKey{id, p.Period}] = true
			}
		}
		fresh := map[periodKey]*acc{}
		inds := map[periodKey]*Indicator{}
		for _, r := range rows {
			k := periodKey{r.ind.ID, r.period}
			if inds[k] != nil {
				continue
			}
			inds[k] = r.ind
			if !old[k] {
				fresh[k] = &acc{}
			}
		}

		bulk, err := newBulkWriter(ctx, tx, s.db.Engine, uid, label, now)
		if err != nil {
			return err
		}
		defer bulk.close()
		one, err := tx.PrepareContext(ctx, insertColumns+valuesList(s.db.Engine, 1)+` RETURNING id`)
		if err != nil {
			return store.Classify(fmt.Errorf("prepare: %w", err))
		}
		defer one.Close()
		var current, supersede, link *sql.Stmt
		changed := map[periodKey]bool{}
		for i, r := range rows {
			k := periodKey{r.ind.ID, r.period}
			var weight any
			if r.weight != nil {
				weight = *r.weight
			}
			if a := fresh[k]; a != nil {
				a.add(r.value, r.weight, now, int64(i))
				if err := bulk.add(r); err != nil {
					return err
				}
				res.Created++
				continue
			}
			if current == nil {
				if current, err = tx.PrepareContext(ctx, `SELECT id, revision, value, weight, note FROM measurements
					WHERE indicator_id = $1 AND period = $2 AND organization_id = $3 AND superseded_at IS NULL`); err != nil {
					return store.Classify(fmt.Errorf("prepare: %w", err))
				}
				defer current.Close()
				if supersede, err = tx.PrepareContext(ctx, `UPDATE measurements SET superseded_at = $1 WHERE id = $2`); err != nil {
					return store.Classify(fmt.Errorf("prepare: %w", err))
				}
				defer supersede.Close()
				if link, err = tx.PrepareContext(ctx, `UPDATE measurements SET superseded_by = $1 WHERE id = $2`); err != nil {
					return store.Classify(fmt.Errorf("prepare: %w", err))
				}
				defer link.Close()
			}
			var prevID int64
			var prevRev int
			var prevValue float64
			var prevWeight sql.NullFloat64
			var prevNote string
			err := current.QueryRowContext(ctx, r.ind.ID, r.period, r.org).Scan(&prevID, &prevRev, &prevValue, &prevWeight, &prevNote)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return store.Classify(fmt.Errorf("find measurement: %w", err))
			}
			if prevID != 0 && prevValue == r.value && prevNote == r.note && prevWeight.Valid == (r.weight != nil) && (r.weight == nil || *r.weight == prevWeight.Float64) {
				res.Unchanged++
				continue
			}
			if prevID != 0 {
				if _, err := supersede.ExecContext(ctx, now, prevID); err != nil {
					return store.Classify(fmt.Errorf("supersede measurement: %w", err))
				}
			}
			var id int64
			if err := one.QueryRowContext(ctx, r.ind.ID, r.org, r.period, r.value, weight, r.note, prevRev+1, uid, label, now).Scan(&id); err != nil {
				return store.Classify(fmt.Errorf("write measurement: %w", err))
			}
			if prevID != 0 {
				if _, err := link.ExecContext(ctx, id, prevID); err != nil {
					return store.Classify(fmt.Errorf("supersede measurement: %w", err))
				}
				res.Corrected++
			} else {
				res.Created++
			}
			changed[k] = true
		}
		if err := bulk.flush(); err != nil {
			return err
		}

		// Roll-ups: new periods from memory, changed old ones from their
		// current values; then the milestones they pass.
		byIndicator := map[int64][]RollupPoint{}
		var batch []any
		flushRollups := func() error {
			if len(batch) == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, upsertRollupsSQL(s.db.Engine, len(batch)/12), batch...); err != nil {
				return store.Classify(fmt.Errorf("write roll-ups: %w", err))
			}
			batch = batch[:0]
			return nil
		}
		for k, a := range fresh {
			p := a.point(k.period, inds[k].Aggregation)
			batch = append(batch, rollupArgs(k.ind, p, now)...)
			if len(batch) == 12*batchSize {
				if err := flushRollups(); err != nil {
					return err
				}
			}
			byIndicator[k.ind] = append(byIndicator[k.ind], p)
		}
		if err := flushRollups(); err != nil {
			return err
		}
		for k := range changed {
			p, err := refreshRollup(ctx, tx, inds[k], k.period, now)
			if err != nil {
				return err
			}
			if p != nil {
				byIndicator[k.ind] = append(byIndicator[k.ind], *p)
			}
		}
		res.Periods = len(fresh) + len(changed)
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
			before, err := countReached(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := reachMilestones(ctx, tx, actor, ind, "", points, now); err != nil {
				return err
			}
			if err := reachOwnMilestones(ctx, tx, actor, ind, now); err != nil {
				return err
			}
			after, err := countReached(ctx, tx, id)
			if err != nil {
				return err
			}
			res.Milestones += after - before
		}
		return recordChange(ctx, tx, actor, initiativeID, "measurement_import",
			fmt.Sprintf("Imported %s measurements from %s (%d new, %d corrected)", FormatNumber(float64(res.Created+res.Corrected)), name, res.Created, res.Corrected),
			nil, res)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func countReached(ctx context.Context, q store.Querier, indicatorID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM milestones m JOIN goals g ON g.id = m.goal_id
		JOIN goal_revisions r ON r.goal_id = g.id AND r.revision = g.revision WHERE r.indicator_id = $1 AND m.reached_at IS NOT NULL`, indicatorID).Scan(&n)
	return n, store.Classify(err)
}

// Template formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Template writes a measurements file to fill in, as CSV or XLSX: one row
// per indicator still reported and each of its reporters, with the last
// closed period as of now filled in and the value left blank. The XLSX
// template adds a sheet that describes the indicators. Whoever may see the
// initiative may have it (account.ViewReportForm).
func (s *Store) Template(ctx context.Context, actor account.Actor, initiativeID int64, format string,
	now time.Time, w io.Writer) error {
	if err := s.rules.Check(ctx, actor, account.ViewReportForm, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if format != FormatCSV && format != FormatXLSX {
		return &errs.ValidationError{Fields: map[string]string{"format": "must be csv or xlsx"}}
	}
	if err := initiativeExists(ctx, s.db, initiativeID); err != nil {
		return err
	}
	cat, err := loadCatalog(ctx, s.db, initiativeID)
	if err != nil {
		return err
	}
	inds, err := indicators(ctx, s.db, initiativeID, false)
	if err != nil {
		return err
	}
	header := []string{"indicator", "organization", "period", "value", "weight", "note"}
	var rows [][]string
	for _, ind := range inds {
		orgs := append([]string(nil), ind.Reporters...)
		sort.Slice(orgs, func(i, j int) bool {
			return strings.ToLower(cat.orgNames[orgs[i]]) < strings.ToLower(cat.orgNames[orgs[j]])
		})
		for _, org := range orgs {
			rows = append(rows, []string{ind.Name, cat.orgNames[org], LastClosed(ind.Frequency, now).String(), "", "", ""})
		}
	}
	if format == FormatCSV {
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Measurements"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	set := func(sheet string, r, c int, v string) error {
		cell, err := excelize.CoordinatesToCellName(c, r)
		if err != nil {
			return err
		}
		return f.SetCellStr(sheet, cell, v) // text, so periods stay 2024-03 and never turn into dates
	}
	for c, h := range header {
		if err := set(sheet, 1, c+1, h); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			if err := set(sheet, r+2, c+1, v); err != nil {
				return err
			}
		}
	}
	const about = "Indicators"
	if _, err := f.NewSheet(about); err != nil {
		return err
	}
	for c, h := range []string{"indicator", "id", "frequency", "period format", "unit", "combine", "weight", "definition"} {
		if err := set(about, 1, c+1, h); err != nil {
			return err
		}
	}
	for r, ind := range inds {
		for c, v := range []string{ind.Name, strconv.FormatInt(ind.ID, 10), string(ind.Frequency), ind.Frequency.example(), ind.Unit, ind.Aggregation, ind.WeightLabel, ind.Definition} {
			if err := set(about, r+2, c+1, v); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
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

func newBulkWriter(ctx context.Context, tx *sql.Tx, engine store.Engine, uid any, label string, now time.Time) (*bulkWriter, error) {
	w := &bulkWriter{ctx: ctx, tx: tx, engine: engine, uid: uid, label: label, now: now, size: batchSize}
	query := insertColumns + valuesList(engine, batchSize)
	if engine == store.Postgres {
		query, w.size = unnestInsert, pgBatch
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("prepare: %w", err))
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
		inds, orgs, periods, values, weights, notes := make([]int64, n), make([]string, n), make([]string, n), make([]float64, n), make([]*float64, n), make([]string, n)
		for i, r := range w.rows {
			inds[i], orgs[i], periods[i], values[i], weights[i], notes[i] = r.ind.ID, r.org, r.period, r.value, r.weight, r.note
		}
		if _, err := w.stmt.ExecContext(w.ctx, inds, orgs, periods, values, weights, notes, w.uid, w.label, w.now); err != nil {
			return store.Classify(fmt.Errorf("write measurements: %w", err))
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
		return store.Classify(fmt.Errorf("write measurements: %w", err))
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
