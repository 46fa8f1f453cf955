package measure

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// rollupColumns are a RollupPoint's columns in the rollups table, in the
// order rollupsOf scans them.
const rollupColumns = `period, value, count, sum, weight_sum, weighted_sum, min, max, latest, latest_at`

// RollupPoint is the partners' numbers for one indicator and period,
// combined. Dashboards read these, kept current as each measurement is
// written, and never scan the raw measurements.
type RollupPoint struct {
	Period      string    `json:"period"`
	Value       float64   `json:"value"` // combined by the indicator's aggregation
	Count       int       `json:"count"` // organizations that reported
	Sum         float64   `json:"sum"`
	WeightSum   float64   `json:"weight_sum"`
	WeightedSum float64   `json:"weighted_sum"`
	Min         float64   `json:"min"`
	Max         float64   `json:"max"`
	Latest      float64   `json:"latest"` // the value reported last
	LatestAt    time.Time `json:"latest_at"`
}

// acc accumulates the measurements of one indicator and period.
type acc struct {
	count                       int
	sum, weightSum, weightedSum float64
	min, max, latest            float64
	latestAt                    time.Time
	latestID                    int64
}

// add counts one measurement; a missing weight counts as 1.
func (a *acc) add(v float64, w *float64, at time.Time, id int64) {
	weight := 1.0
	if w != nil {
		weight = *w
	}
	if a.count == 0 || v < a.min {
		a.min = v
	}
	if a.count == 0 || v > a.max {
		a.max = v
	}
	if a.count == 0 || at.After(a.latestAt) || (at.Equal(a.latestAt) && id >= a.latestID) {
		a.latest, a.latestAt, a.latestID = v, at, id
	}
	a.count++
	a.sum += v
	a.weightSum += weight
	a.weightedSum += v * weight
}

// combine returns the combined value of the accumulated numbers.
func combine(aggregation string, p RollupPoint) float64 {
	switch aggregation {
	case Average:
		if p.Count > 0 {
			return p.Sum / float64(p.Count)
		}
	case WeightedAverage:
		if p.WeightSum != 0 {
			return p.WeightedSum / p.WeightSum
		}
		if p.Count > 0 {
			return p.Sum / float64(p.Count)
		}
	case Latest:
		return p.Latest
	case Min:
		return p.Min
	case Max:
		return p.Max
	default:
		return p.Sum
	}
	return 0
}

func (a *acc) point(period, aggregation string) RollupPoint {
	p := RollupPoint{Period: period, Count: a.count, Sum: a.sum, WeightSum: a.weightSum, WeightedSum: a.weightedSum,
		Min: a.min, Max: a.max, Latest: a.latest, LatestAt: a.latestAt}
	p.Value = combine(aggregation, p)
	return p
}

// refreshRollup recomputes one indicator's roll-up for one period from its
// current measurements (one per reporting organization, found through the
// measurements_current index) and writes it, or removes it when none is
// left. It runs in the transaction that writes the measurement.
func refreshRollup(ctx context.Context, tx *sql.Tx, ind *Indicator, period string, now time.Time) (*RollupPoint, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, value, weight, reported_at FROM measurements
		WHERE indicator_id = $1 AND period = $2 AND superseded_at IS NULL`, ind.ID, period)
	if err != nil {
		return nil, fmt.Errorf("read measurements: %w", err)
	}
	var a acc
	for rows.Next() {
		var id int64
		var v float64
		var w sql.NullFloat64
		var at time.Time
		if err := rows.Scan(&id, &v, &w, &at); err != nil {
			rows.Close()
			return nil, err
		}
		var wp *float64
		if w.Valid {
			wp = &w.Float64
		}
		a.add(v, wp, at.UTC(), id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if a.count == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM rollups WHERE indicator_id = $1 AND period = $2`, ind.ID, period)
		return nil, err
	}
	p := a.point(period, ind.Aggregation)
	if _, err := tx.ExecContext(ctx, upsertRollupSQL, rollupArgs(ind.ID, p, now)...); err != nil {
		return nil, fmt.Errorf("write roll-up: %w", err)
	}
	return &p, nil
}

const upsertRollupSQL = `INSERT INTO rollups (indicator_id, period, value, count, sum, weight_sum, weighted_sum, min, max, latest, latest_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	ON CONFLICT (indicator_id, period) DO UPDATE SET value = excluded.value, count = excluded.count, sum = excluded.sum,
		weight_sum = excluded.weight_sum, weighted_sum = excluded.weighted_sum, min = excluded.min, max = excluded.max,
		latest = excluded.latest, latest_at = excluded.latest_at, updated_at = excluded.updated_at`

func rollupArgs(indicatorID int64, p RollupPoint, now time.Time) []any {
	return []any{indicatorID, p.Period, p.Value, p.Count, p.Sum, p.WeightSum, p.WeightedSum, p.Min, p.Max, p.Latest, p.LatestAt, now}
}

// recombine rewrites the combined values of an indicator's roll-ups for a
// new aggregation, from the parts each roll-up keeps.
func recombine(ctx context.Context, tx *sql.Tx, indicatorID int64, aggregation string) error {
	points, err := rollups(ctx, tx, indicatorID, "", "")
	if err != nil {
		return err
	}
	for _, p := range points {
		if _, err := tx.ExecContext(ctx, `UPDATE rollups SET value = $1 WHERE indicator_id = $2 AND period = $3`,
			combine(aggregation, p), indicatorID, p.Period); err != nil {
			return fmt.Errorf("recombine roll-up: %w", err)
		}
	}
	return nil
}

// Rollup returns the combined values per period of an indicator of the
// initiative, oldest first, from period from to period to (both included;
// "" for no bound), to whoever may see the initiative
// (account.ViewMeasurement). The bounds must be periods of the indicator's
// frequency.
func (s *Store) Rollup(ctx context.Context, actor account.Actor, initiativeID, indicatorID int64,
	from, to string) ([]RollupPoint, error) {
	ind, err := s.Indicator(ctx, actor, initiativeID, indicatorID)
	if err != nil {
		return nil, err
	}
	v := &errs.ValidationError{}
	for field, text := range map[string]*string{"from": &from, "to": &to} {
		if *text == "" {
			continue
		}
		p, err := ParsePeriodFor(ind.Frequency, *text)
		if err != nil {
			v.Add(field, err.Error())
			continue
		}
		*text = p.String()
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	return rollups(ctx, s.db, indicatorID, from, to)
}

func rollups(ctx context.Context, q store.Querier, indicatorID int64, from, to string) ([]RollupPoint, error) {
	query := `SELECT indicator_id, ` + rollupColumns + ` FROM rollups WHERE indicator_id = $1`
	args := []any{indicatorID}
	if from != "" {
		args = append(args, from)
		query += fmt.Sprintf(` AND period >= $%d`, len(args))
	}
	if to != "" {
		args = append(args, to)
		query += fmt.Sprintf(` AND period <= $%d`, len(args))
	}
	m, err := rollupsOf(ctx, q, query+` ORDER BY period`, args...)
	return orEmpty(m[indicatorID]), err
}
