package measure

import (
	"context"
	"fmt"
	"math"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Checks of a reported value that every way in shares (the form, the API,
// a file): that it is a number of a size the roll-ups can add up, inside
// the indicator's allowed range, for a period that has begun, and not far
// from what the organization usually reports unless the reporter confirms
// it.

// MaxMagnitude bounds the size of a reported value and weight. Beyond it a
// value is surely a slip (no partner counts 10¹⁵ of anything), whole
// numbers stop being exact in float64 (2⁵³ ≈ 9×10¹⁵), and, with it, the sum
// of a million reports times their weights stays far below the largest
// float64: no roll-up can overflow to infinity.
const MaxMagnitude = 1e15

// countsNote says why an indicator combined as a sum takes no negative
// value: what is added up across partners is a count of things.
const countsNote = "it is combined as a sum, so it counts things"

// checkRange checks the allowed range of an indicator's values.
func (in *IndicatorInput) checkRange(v *errs.ValidationError) {
	for field, b := range map[string]*float64{"minimum": in.Minimum, "maximum": in.Maximum} {
		if b != nil && (math.IsNaN(*b) || math.Abs(*b) > MaxMagnitude) {
			v.Add(field, fmt.Sprintf("must be a number between %s and %s", FormatNumber(-MaxMagnitude),
				FormatNumber(MaxMagnitude)))
		}
	}
	if in.Minimum != nil && in.Maximum != nil && *in.Minimum > *in.Maximum {
		v.Add("maximum", fmt.Sprintf("must be at least the minimum (%s)", FormatNumber(*in.Minimum)))
	}
	if in.Aggregation == Sum && in.Minimum != nil && *in.Minimum < 0 {
		v.Add("minimum", "cannot be negative: "+countsNote)
	}
}

// checkValue adds to v what is wrong with value and weight as a report of
// ind for period p, as of now: a period that has not begun, a value that is
// not a number, too large, outside the indicator's range or, for a count,
// negative.
func checkValue(v *errs.ValidationError, ind *Indicator, p Period, value float64, weight *float64, now time.Time) {
	if current := PeriodOf(ind.Frequency, now); p.Index() > current.Index() {
		v.Add("period", fmt.Sprintf("%s has not begun yet: report up to the current period, %s", p, current))
	}
	switch {
	case math.IsNaN(value) || math.IsInf(value, 0):
		v.Add("value", "must be a number")
	case math.Abs(value) > MaxMagnitude:
		v.Add("value", fmt.Sprintf("must be between %s and %s", FormatNumber(-MaxMagnitude), FormatNumber(MaxMagnitude)))
	case ind.Minimum != nil && value < *ind.Minimum:
		v.Add("value", fmt.Sprintf("must be at least %s, the smallest value %s allows", FormatNumber(*ind.Minimum), account.Quote(ind.Name)))
	case ind.Maximum != nil && value > *ind.Maximum:
		v.Add("value", fmt.Sprintf("must be at most %s, the largest value %s allows", FormatNumber(*ind.Maximum), account.Quote(ind.Name)))
	case ind.Aggregation == Sum && value < 0:
		v.Add("value", fmt.Sprintf("cannot be negative: %s (%s)", countsNote, orUnit(ind.Unit)))
	}
	if weight != nil && (math.IsNaN(*weight) || math.IsInf(*weight, 0) || *weight < 0 || *weight > MaxMagnitude) {
		v.Add("weight", fmt.Sprintf("must be a number from 0 to %s", FormatNumber(MaxMagnitude)))
	}
}

func orUnit(unit string) string {
	if unit == "" {
		return "a number of things"
	}
	return unit
}

// History is what an organization reported for an indicator around a
// period (historySpan periods either side): how many periods, and the
// lowest and highest value among them. A new value is checked against it.
type History struct {
	Periods int     `json:"periods"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
}

// minHistory is how many periods an organization must have reported before
// a value can be called far from its history.
const minHistory = 3

// Far reports whether value is far from the history: with at least three
// periods reported, more than ten times the highest or less than a tenth
// of the lowest when every value was positive (a digit too many or too
// few), and otherwise further outside the range than ten times its size.
func (h History) Far(value float64) bool {
	if h.Periods < minHistory {
		return false
	}
	if h.Low > 0 {
		return value > 10*h.High || value < h.Low/10
	}
	span := max(h.High-h.Low, math.Abs(h.Low), math.Abs(h.High))
	if span == 0 {
		return false
	}
	return value > h.High+10*span || value < h.Low-10*span
}

// Describe says what the history is, for a message.
func (h History) Describe() string {
	if h.Low == h.High {
		return fmt.Sprintf("%s in each of %d other periods", FormatNumber(h.Low), h.Periods)
	}
	return fmt.Sprintf("between %s and %s in %d other periods", FormatNumber(h.Low), FormatNumber(h.High), h.Periods)
}

// historySpan is how many periods either side of a reported one its
// history looks at: recent enough to say what is usual, and a bounded read.
const historySpan = 24

// historyOf reads an organization's current values of an indicator in the
// periods around p (historySpan either side), p itself left out: an
// index-only read of measurements_org.
func historyOf(ctx context.Context, q store.Querier, indicatorID int64, orgID string, p Period) (History, error) {
	var h History
	var low, high *float64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), MIN(value), MAX(value) FROM measurements
		WHERE organization_id = $1 AND indicator_id = $2 AND period >= $3 AND period <= $4 AND period <> $5
		AND superseded_at IS NULL`,
		orgID, indicatorID, p.Add(-historySpan).String(), p.Add(historySpan).String(), p.String()).Scan(&h.Periods, &low, &high)
	if err != nil {
		return History{}, fmt.Errorf("read %s's history of indicator %d: %w", orgID, indicatorID, err)
	}
	if low != nil && high != nil {
		h.Low, h.High = *low, *high
	}
	return h, nil
}

// historiesOf reads, in one query, each organization's current values of
// an indicator in the periods from first−historySpan to last+historySpan:
// the history a file's rows of those periods are checked against.
func historiesOf(ctx context.Context, q store.Querier, indicatorID int64, first, last Period) (map[string]History, error) {
	rows, err := q.QueryContext(ctx, `SELECT organization_id, COUNT(*), MIN(value), MAX(value) FROM measurements
		WHERE indicator_id = $1 AND period >= $2 AND period <= $3 AND superseded_at IS NULL GROUP BY organization_id`,
		indicatorID, first.Add(-historySpan).String(), last.Add(historySpan).String())
	if err != nil {
		return nil, fmt.Errorf("read the history of indicator %d: %w", indicatorID, err)
	}
	defer rows.Close()
	out := map[string]History{}
	for rows.Next() {
		var org string
		var h History
		if err := rows.Scan(&org, &h.Periods, &h.Low, &h.High); err != nil {
			return nil, err
		}
		out[org] = h
	}
	return out, rows.Err()
}

// UnusualValueError refuses a value far from the organization's history
// until the reporter confirms it (ReportInput.Confirmed). It is a
// validation error of the field "value", so every front end that shows
// those names the field; a form can offer the confirmation.
type UnusualValueError struct {
	Value   float64
	History History
	errs.ValidationError
}

func unusualValue(orgName string, value float64, h History) *UnusualValueError {
	msg := fmt.Sprintf("%s is far from what %s usually reports (%s); check it, and confirm it if it is right",
		FormatNumber(value), orgName, h.Describe())
	return &UnusualValueError{Value: value, History: h,
		ValidationError: errs.ValidationError{Fields: map[string]string{"value": msg}}}
}

// Unwrap lets errors.As find the validation error inside.
func (e *UnusualValueError) Unwrap() error { return &e.ValidationError }
