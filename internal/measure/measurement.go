package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Measurement is one organization's value of an indicator for a period. A
// correction is a new revision; the value it replaced stays, superseded. A
// withdrawn value stays too, superseded by nothing, with who withdrew it,
// when and why.
type Measurement struct {
	ID             int64      `json:"id"`
	IndicatorID    int64      `json:"indicator_id"`
	OrganizationID string     `json:"organization_id"`
	Period         string     `json:"period"`
	Value          float64    `json:"value"`
	Weight         *float64   `json:"weight,omitempty"`
	Note           string     `json:"note"`
	Revision       int        `json:"revision"`
	SupersededBy   int64      `json:"superseded_by,omitempty"`
	SupersededAt   *time.Time `json:"superseded_at,omitempty"`
	UserID         int64      `json:"user_id,omitempty"`
	Actor          string     `json:"actor"`
	ReportedAt     time.Time  `json:"reported_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
	WithdrawReason string     `json:"withdraw_reason,omitempty"`
}

// ReportInput is one organization's value of an indicator for a period, as
// its people report it.
type ReportInput struct {
	IndicatorID    int64
	OrganizationID string
	Period         string
	Value          float64
	Weight         *float64 // the value's weight in a weighted average; nil counts as 1
	Note           string
	// Confirmed says that the reporter has seen that the value is far from
	// the organization's history (UnusualValueError) and means it.
	Confirmed bool
}

// Report records an organization's value of an indicator of the
// initiative for a period (ReportValue, unconfirmed).
func (s *Store) Report(ctx context.Context, actor account.Actor, initiativeID int64, orgID string, indicatorID int64,
	period string, value float64, note string) (*Measurement, error) {
	return s.ReportWeighted(ctx, actor, initiativeID, orgID, indicatorID, period, value, nil, note)
}

// ReportWeighted is Report with the weight of the value in a weighted
// average (nil counts as 1).
func (s *Store) ReportWeighted(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	orgID string,
	indicatorID int64,
	period string,
	value float64,
	weight *float64,
	note string,
) (*Measurement, error) {
	return s.ReportValue(ctx, actor, initiativeID, ReportInput{IndicatorID: indicatorID, OrganizationID: orgID,
		Period: period, Value: value, Weight: weight, Note: note})
}

// ReportValue records an organization's value of an indicator of the
// initiative for a period, for the organization's people
// (account.ReportMeasurement). Only the indicator's reporters may report;
// an indicator of another initiative is not one to report here. The value
// is checked (checkValue): a period after the current one by the store's
// clock, a value outside the indicator's range or too large is refused, and
// one far from the organization's history is refused with an
// UnusualValueError unless in.Confirmed. A second report for the same
// organization, indicator and period is a correction: the previous value
// is kept as a superseded revision. The indicator's roll-up for the period
// is brought up to date in the same transaction, and any milestone the
// combined value passes is marked reached.
func (s *Store) ReportValue(ctx context.Context, actor account.Actor, initiativeID int64,
	in ReportInput) (*Measurement, error) {
	orgID, note, value, weight := strings.TrimSpace(in.OrganizationID), strings.TrimSpace(in.Note), in.Value, in.Weight
	if err := s.rules.Check(ctx, actor, account.ReportMeasurement, account.OrgIn(orgID, initiativeID)); err != nil {
		return nil, err
	}
	var out *Measurement
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockIndicators(ctx, tx, `id = $1`, in.IndicatorID); err != nil {
			return err
		}
		ind, err := reportedIndicator(ctx, tx, initiativeID, in.IndicatorID)
		if err != nil {
			return err
		}
		now := s.now()
		p, err := checkReport(ind, orgID, in.Period, value, weight, note, now)
		if err != nil {
			return err
		}
		if !in.Confirmed {
			if err := s.checkHistory(ctx, tx, ind, orgID, p, value); err != nil {
				return err
			}
		}
		var prevID int64
		var prevValue float64
		err = tx.QueryRowContext(ctx, `SELECT id, value FROM measurements
			WHERE indicator_id = $1 AND period = $2 AND organization_id = $3 AND superseded_at IS NULL`, ind.ID, p, orgID).Scan(&prevID, &prevValue)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find measurement: %w", err)
		}
		prevRev, err := lastRevision(ctx, tx, ind.ID, p, orgID)
		if err != nil {
			return err
		}
		if prevID != 0 {
			res, err := tx.ExecContext(
				ctx,
				`UPDATE measurements SET superseded_at = $1 WHERE id = $2 AND superseded_at IS NULL`,
				now,
				prevID,
			)
			if err != nil {
				return fmt.Errorf("supersede measurement: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return changedMeanwhile()
			}
		}
		uid, label := actorColumns(actor)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO measurements (indicator_id, organization_id, period, value, weight, note, revision, user_id, actor, reported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			ind.ID, orgID, p, value, weight, note, prevRev+1, uid, label, now).Scan(&id); err != nil {
			if store.IsUniqueViolation(err) {
				return changedMeanwhile()
			}
			return fmt.Errorf("write measurement: %w", err)
		}
		if prevID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE measurements SET superseded_by = $1 WHERE id = $2`, id, prevID); err != nil {
				return fmt.Errorf("supersede measurement: %w", err)
			}
			var orgName string
			if err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&orgName); err != nil {
				return fmt.Errorf("name the reporting organization: %w", err)
			}
			if err := recordChange(ctx, tx, s.now(), actor, ind.InitiativeID, "measurement_correct",
				fmt.Sprintf("Corrected %s's value of %s for %s: %s, was %s", orgName, account.Quote(ind.Name), p, FormatNumber(value), FormatNumber(prevValue)),
				map[string]any{"value": prevValue}, map[string]any{"value": value}); err != nil {
				return err
			}
		}
		point, err := refreshRollup(ctx, tx, ind, p, now)
		if err != nil {
			return err
		}
		if point != nil {
			if err := reachMilestones(ctx, tx, actor, ind, "", []RollupPoint{*point}, now); err != nil {
				return err
			}
		}
		if err := reachMilestones(ctx, tx, actor, ind, orgID, []RollupPoint{{Period: p, Value: value}}, now); err != nil {
			return err
		}
		out, err = measurementByID(ctx, tx, id)
		return err
	})
	return out, err
}

// reportedIndicator reads the indicator a report or a history names: one
// of another initiative, or none, is a mistake in what was sent.
func reportedIndicator(ctx context.Context, q store.Querier, initiativeID, indicatorID int64) (*Indicator, error) {
	ind, err := indicatorOf(ctx, q, initiativeID, indicatorID)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, &errs.ValidationError{
			Fields: map[string]string{"indicator_id": "is not an indicator of this initiative"},
		}
	}
	return ind, err
}

func changedMeanwhile() error {
	return &errs.ConflictError{
		Field:   "value",
		Message: "this value was reported by someone else meanwhile; reload and try again",
	}
}

// lockIndicators makes writers of the same indicators take turns, so that a
// roll-up recomputed from the current measurements sees every committed
// one (store.LockRows).
func (s *Store) lockIndicators(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	return s.db.LockRows(ctx, tx, `SELECT id FROM indicators WHERE `+where+` ORDER BY id FOR UPDATE`, args...)
}

// checkReport checks one report against its indicator as of now
// (checkValue) and returns the canonical period key.
func checkReport(ind *Indicator, orgID, period string, value float64, weight *float64, note string,
	now time.Time) (string, error) {
	v := &errs.ValidationError{}
	if ind.Archived {
		v.Add("indicator", fmt.Sprintf("%s is retired and takes no more reports", account.Quote(ind.Name)))
	}
	if orgID == "" {
		v.Add("organization", "is required")
	} else if !isReporter(ind, orgID) {
		v.Add("organization", fmt.Sprintf("%q is not listed as a reporter of “%s”", orgID, ind.Name))
	}
	p, err := ParsePeriodFor(ind.Frequency, period)
	if err != nil {
		v.Add("period", err.Error())
	}
	checkValue(v, ind, p, value, weight, now)
	if len(note) > 2000 {
		v.Add("note", "must be at most 2000 characters")
	}
	if err := v.OrNil(); err != nil {
		return "", err
	}
	return p.String(), nil
}

// checkHistory refuses, with an UnusualValueError, a value far from what
// the organization reported for the indicator around the period (History).
func (s *Store) checkHistory(ctx context.Context, q store.Querier, ind *Indicator, orgID, period string,
	value float64) error {
	p, err := ParsePeriodFor(ind.Frequency, period)
	if err != nil {
		return err
	}
	h, err := historyOf(ctx, q, ind.ID, orgID, p)
	if err != nil || !h.Far(value) {
		return err
	}
	name := orgID
	if err := q.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&name); err != nil {
		return fmt.Errorf("read organization %q: %w", orgID, err)
	}
	return unusualValue(name, value, h)
}

// lastRevision is the newest revision of an organization's value of an
// indicator for a period, current, superseded or withdrawn (0 for none):
// the next one is numbered after it.
func lastRevision(ctx context.Context, q store.Querier, indicatorID int64, period, orgID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(revision), 0) FROM measurements
		WHERE indicator_id = $1 AND period = $2 AND organization_id = $3`, indicatorID, period, orgID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read revisions: %w", err)
	}
	return n, nil
}

func isReporter(ind *Indicator, orgID string) bool {
	i := sort.SearchStrings(ind.Reporters, orgID)
	return i < len(ind.Reporters) && ind.Reporters[i] == orgID
}

const measurementColumns = `id, indicator_id, organization_id, period, value, weight, note, revision, superseded_by, superseded_at, user_id, actor, reported_at,
	withdrawn_at, withdrawn_by, withdrawn_reason`

func scanMeasurement(row store.Scanner) (*Measurement, error) {
	var m Measurement
	var w sql.NullFloat64
	var by, uid sql.NullInt64
	var at, withdrawn sql.NullTime
	if err := row.Scan(&m.ID, &m.IndicatorID, &m.OrganizationID, &m.Period, &m.Value, &w, &m.Note, &m.Revision, &by, &at, &uid,
		&m.Actor, &m.ReportedAt, &withdrawn, &m.WithdrawnBy, &m.WithdrawReason); err != nil {
		return nil, err
	}
	if withdrawn.Valid {
		t := withdrawn.Time.UTC()
		m.WithdrawnAt = &t
	}
	if w.Valid {
		m.Weight = &w.Float64
	}
	m.SupersededBy, m.UserID = by.Int64, uid.Int64
	if at.Valid {
		t := at.Time.UTC()
		m.SupersededAt = &t
	}
	m.ReportedAt = m.ReportedAt.UTC()
	return &m, nil
}

func measurementByID(ctx context.Context, q store.Querier, id int64) (*Measurement, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("measurement %d", id),
		scanMeasurement,
		`SELECT `+measurementColumns+` FROM measurements WHERE id = $1`,
		id,
	)
}

// MeasurementHistory returns every revision of an organization's value of
// an indicator of the initiative for a period, newest first (the first is
// the current one), to the organization's people and the initiative's
// backbone staff (account.ViewMeasurementHistory). The period is written as
// the indicator's frequency writes it.
func (s *Store) MeasurementHistory(ctx context.Context, actor account.Actor, initiativeID, indicatorID int64,
	orgID, period string) ([]Measurement, error) {
	target := account.OrgIn(orgID, initiativeID)
	if err := s.rules.Check(ctx, actor, account.ViewMeasurementHistory, target); err != nil {
		return nil, err
	}
	ind, err := reportedIndicator(ctx, s.db, initiativeID, indicatorID)
	if err != nil {
		return nil, err
	}
	p, err := ParsePeriodFor(ind.Frequency, period)
	if err != nil {
		return nil, &errs.ValidationError{Fields: map[string]string{"period": err.Error()}}
	}
	return measurements(ctx, s.db, "measurement history", `WHERE indicator_id = $1 AND organization_id = $2 AND period = $3
		ORDER BY revision DESC`, ind.ID, orgID, p.String())
}

// measurements reads the measurements a WHERE (and ORDER BY) clause picks;
// what says what they are, for an error.
func measurements(ctx context.Context, q store.Querier, what, where string, args ...any) ([]Measurement, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+measurementColumns+` FROM measurements `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	out := []Measurement{}
	for rows.Next() {
		m, err := scanMeasurement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// Contribution is one organization's part of an indicator's period.
type Contribution struct {
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	Reporter         bool       `json:"reporter"` // listed as a reporter of the indicator now
	Reported         bool       `json:"reported"`
	Value            float64    `json:"value"`
	Weight           *float64   `json:"weight,omitempty"`
	Note             string     `json:"note,omitempty"`
	Revision         int        `json:"revision,omitempty"`
	ReportedAt       *time.Time `json:"reported_at,omitempty"`
	Share            float64    `json:"share"` // of the period's sum of values, 0–1 (0 when the sum is 0)
}

// Contributions returns each organization's part of an indicator of the
// initiative for a period, to whoever may see the initiative
// (account.ViewMeasurement): every reporter (reported or not) and any other
// organization that reported, by name.
func (s *Store) Contributions(ctx context.Context, actor account.Actor, initiativeID, indicatorID int64,
	period string) ([]Contribution, error) {
	ind, err := s.Indicator(ctx, actor, initiativeID, indicatorID)
	if err != nil {
		return nil, err
	}
	p, err := ParsePeriodFor(ind.Frequency, period)
	if err != nil {
		return nil, &errs.ValidationError{Fields: map[string]string{"period": err.Error()}}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, m.value, m.weight, m.note, m.revision, m.reported_at
		FROM measurements m JOIN organizations o ON o.id = m.organization_id
		WHERE m.indicator_id = $1 AND m.period = $2 AND m.superseded_at IS NULL`, indicatorID, p.String())
	if err != nil {
		return nil, fmt.Errorf("read contributions: %w", err)
	}
	byOrg := map[string]*Contribution{}
	sum := 0.0
	for rows.Next() {
		var c Contribution
		var w sql.NullFloat64
		var at time.Time
		if err := rows.Scan(&c.OrganizationID, &c.OrganizationName, &c.Value, &w, &c.Note, &c.Revision, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if w.Valid {
			c.Weight = &w.Float64
		}
		at = at.UTC()
		c.ReportedAt, c.Reported = &at, true
		sum += c.Value
		byOrg[c.OrganizationID] = &c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(
		ctx,
		`SELECT o.id, o.name FROM indicator_reporters r JOIN organizations o ON o.id = r.organization_id WHERE r.indicator_id = $1`,
		indicatorID,
	)
	if err != nil {
		return nil, fmt.Errorf("read reporters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		if c := byOrg[id]; c != nil {
			c.Reporter = true
		} else {
			byOrg[id] = &Contribution{OrganizationID: id, OrganizationName: name, Reporter: true}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Contribution, 0, len(byOrg))
	for _, c := range byOrg {
		if sum != 0 && c.Reported {
			c.Share = c.Value / sum
		}
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].OrganizationName), strings.ToLower(out[j].OrganizationName)
		if a != b {
			return a < b
		}
		return out[i].OrganizationID < out[j].OrganizationID
	})
	return out, nil
}

// TopContributions returns the largest parts of the combined value of an
// indicator of the initiative for one period, point being that period's
// roll-up, to whoever may see the initiative (account.ViewMeasurement): at
// most limit organizations that reported, by value (largest first, then by
// id), each with its share of the period's sum. It reads only the period's
// reports through the current-measurements index, so a dashboard can show
// the leading contributors of many goals at state scale. An indicator of
// another initiative has none.
func (s *Store) TopContributions(ctx context.Context, actor account.Actor, initiativeID, indicatorID int64,
	point RollupPoint, limit int) ([]Contribution, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeasurement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, m.value, m.weight, m.note, m.revision, m.reported_at
		FROM measurements m JOIN organizations o ON o.id = m.organization_id
		JOIN indicators i ON i.id = m.indicator_id AND i.initiative_id = $4
		WHERE m.indicator_id = $1 AND m.period = $2 AND m.superseded_at IS NULL ORDER BY m.value DESC, m.organization_id LIMIT $3`,
		indicatorID, point.Period, limit, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read contributions: %w", err)
	}
	defer rows.Close()
	out := []Contribution{}
	for rows.Next() {
		c := Contribution{Reported: true}
		var w sql.NullFloat64
		var at time.Time
		if err := rows.Scan(&c.OrganizationID, &c.OrganizationName, &c.Value, &w, &c.Note, &c.Revision, &at); err != nil {
			return nil, err
		}
		if w.Valid {
			c.Weight = &w.Float64
		}
		at = at.UTC()
		c.ReportedAt = &at
		if point.Sum != 0 {
			c.Share = c.Value / point.Sum
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FormatNumber writes a number for people: thousands separated by commas,
// at most two decimals, no trailing zeros (10000 → "10,000", 2.5 → "2.5").
func FormatNumber(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
