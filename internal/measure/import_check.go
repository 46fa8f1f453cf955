package measure

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Checking the rows of a measurements file against the initiative it is
// for: each row's indicator and organization, found by id or name, its
// period, value and weight, and that no row repeats another.

// catalog is what rows are checked against: an initiative's indicators and
// organizations, by id and by lower-cased name.
type catalog struct {
	indicators map[string]*Indicator
	orgs       map[string]string // id or lower-cased name → id
	orgNames   map[string]string // id → name
	now        time.Time         // the store's clock: no period after the current one is taken
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
	rows, err := q.QueryContext(
		ctx,
		`SELECT id, name FROM organizations WHERE id IN (SELECT organization_id FROM initiative_members WHERE initiative_id = $1)
		OR id IN (SELECT r.organization_id FROM indicator_reporters r JOIN indicators i ON i.id = r.indicator_id WHERE i.initiative_id = $1)`,
		initiativeID,
	)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		c.orgNames[id] = name
		// Names are not unique (HSDS's are not): a name two organizations
		// share finds neither, and the row is asked for an id.
		byName := id
		if other, ok := c.orgs[strings.ToLower(name)]; ok && other != id {
			byName = ""
		}
		c.orgs[strings.ToLower(name)] = byName
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

// rowKey is what a file may give once: an organization's value of an
// indicator for a period.
type rowKey struct {
	ind    int64
	org    string
	period string
}

// checkRows locks the initiative's indicators, so that nothing changes
// them while the file is written, and checks every row against them and the
// initiative's organizations.
func (s *Store) checkRows(ctx context.Context, tx *sql.Tx, initiativeID int64, raw []rawRow,
	name string) (*catalog, []importRow, error) {
	if err := initiativeExists(ctx, tx, initiativeID); err != nil {
		return nil, nil, err
	}
	if err := s.lockIndicators(ctx, tx, `initiative_id = $1`, initiativeID); err != nil {
		return nil, nil, err
	}
	cat, err := loadCatalog(ctx, tx, initiativeID)
	if err != nil {
		return nil, nil, err
	}
	cat.now = s.now()
	rows, err := cat.check(raw, name)
	if err != nil {
		return nil, nil, err
	}
	return cat, rows, nil
}

// check resolves and checks every row, refusing the first bad one.
func (c *catalog) check(rows []rawRow, name string) ([]importRow, error) {
	out := make([]importRow, 0, len(rows))
	seen := make(map[rowKey]int, len(rows))
	for _, r := range rows {
		bad := func(column, format string, args ...any) error {
			return &ImportError{File: name, Row: r.row, Column: column, Msg: fmt.Sprintf(format, args...)}
		}
		ir, err := c.checkRow(r, bad)
		if err != nil {
			return nil, err
		}

		k := rowKey{ir.ind.ID, ir.org, ir.period}
		if first, dup := seen[k]; dup {
			return nil, bad(
				"period",
				"%s's “%s” for %s is already in row %d",
				c.orgNames[ir.org],
				ir.ind.Name,
				ir.period,
				first,
			)
		}
		seen[k] = r.row
		out = append(out, ir)
	}
	return out, nil
}

// checkRow resolves a row's indicator and organization, which must report
// it, and reads its period, value, weight and note; bad says what is wrong
// with a column.
func (c *catalog) checkRow(r rawRow, bad func(column, format string, args ...any) error) (importRow, error) {
	ind := c.indicators[r.indicator]
	if ind == nil {
		ind = c.indicators[strings.ToLower(r.indicator)]
	}
	if ind == nil {
		return importRow{}, bad("indicator", "this initiative has no indicator with the id or name %q", r.indicator)
	}
	if ind.Archived {
		return importRow{}, bad("indicator", "“%s” is retired and takes no more reports", ind.Name)
	}

	org, ok := c.orgs[r.org]
	if !ok {
		org, ok = c.orgs[strings.ToLower(r.org)]
	}
	if ok && org == "" {
		return importRow{}, bad("organization", "two organizations of this initiative are named %q: give its id", r.org)
	}
	if !ok {
		return importRow{}, bad(
			"organization",
			"no member organization of this initiative has the id or name %q",
			r.org,
		)
	}
	if !isReporter(ind, org) {
		return importRow{}, bad("organization", "%s is not listed as a reporter of “%s”", c.orgNames[org], ind.Name)
	}

	p, err := ParsePeriodFor(ind.Frequency, r.period)
	if err != nil {
		return importRow{}, bad("period", "%s", err.Error())
	}
	v, ok := parseNumber(r.value)
	if !ok {
		return importRow{}, bad("value", "%q is not a number", r.value)
	}
	ir := importRow{row: r.row, ind: ind, org: org, period: p.String(), value: v, note: r.note}
	if r.weight != "" {
		w, ok := parseNumber(r.weight)
		if !ok || w < 0 {
			return importRow{}, bad("weight", "%q is not a number, zero or more", r.weight)
		}
		ir.weight = &w
	}
	checks := &errs.ValidationError{}
	checkValue(checks, ind, p, v, ir.weight, c.now)
	for _, column := range []string{"period", "value", "weight"} {
		if msg, ok := checks.Fields[column]; ok {
			return importRow{}, bad(column, "%s", msg)
		}
	}
	if len(ir.note) > 2000 {
		return importRow{}, bad("note", "must be at most 2000 characters")
	}
	return ir, nil
}

// ImportWarning is a row of an imported file that was written but deserves
// a second look: its value is far from what the organization reported
// before (History.Far). A file is often a backlog of history, so the
// import does not stop for these; it lists them.
type ImportWarning struct {
	Row     int    `json:"row"` // 1-based, the header being row 1
	Column  string `json:"column"`
	Message string `json:"message"`
}

// warnings finds the rows whose values are far from the organization's
// history of the indicator as it stood before the file, around the file's
// periods (historiesOf): one query per indicator in the file, however many
// organizations report it.
func (c *catalog) warnings(ctx context.Context, q store.Querier, rows []importRow) ([]ImportWarning, error) {
	type span struct{ first, last Period }
	spans := map[*Indicator]*span{}
	for _, r := range rows {
		p, err := ParsePeriodFor(r.ind.Frequency, r.period)
		if err != nil {
			return nil, err
		}
		sp := spans[r.ind]
		if sp == nil {
			spans[r.ind] = &span{p, p}
			continue
		}
		if p.Index() < sp.first.Index() {
			sp.first = p
		}
		if p.Index() > sp.last.Index() {
			sp.last = p
		}
	}
	histories := map[*Indicator]map[string]History{}
	for ind, sp := range spans {
		h, err := historiesOf(ctx, q, ind.ID, sp.first, sp.last)
		if err != nil {
			return nil, err
		}
		histories[ind] = h
	}
	out := []ImportWarning{}
	for _, r := range rows {
		if h := histories[r.ind][r.org]; h.Far(r.value) {
			out = append(out, ImportWarning{Row: r.row, Column: "value", Message: fmt.Sprintf(
				"%s for %s is far from what %s usually reports (%s); check it, and correct it if it is wrong",
				FormatNumber(r.value), r.period, c.orgNames[r.org], h.Describe())})
		}
	}
	return out, nil
}
