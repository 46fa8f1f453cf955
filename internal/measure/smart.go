package measure

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// GoalDraft is a goal as it is being written, before it is saved: what the
// SMART check needs to know. Baseline and Target are nil when not given.
type GoalDraft struct {
	Statement      string
	Indicator      string // the indicator's name; empty when none is chosen
	Baseline       *float64
	Target         *float64
	Unit           string
	Starts, Due    time.Time // zero when not given
	AgendaItem     string    // the part of the common agenda it serves; empty when none
	HigherIsBetter bool
	// Own is true for an organization's own goal: it is relevant when it is
	// measured by a shared indicator of an initiative (AgendaItem then names
	// the initiative), so that it serves a common agenda.
	Own bool
}

// Finding is one letter of SMART that a goal draft misses, in plain words.
type Finding struct {
	Letter    string // S, M, A, R or T
	Criterion string // Specific, Measurable, Achievable, Relevant, Time-bound
	Message   string
	// Undecided is true when the check could not judge (not enough history
	// or figures) rather than found a fault.
	Undecided bool
}

// Achievability thresholds, used by CheckSMART.
const (
	// AchievableFactor: a target is not achievable when it needs a yearly
	// rate of change more than this many times the best yearly change seen
	// in the history.
	AchievableFactor = 3
	// MinHistoryPoints is the fewest points of history to judge by.
	MinHistoryPoints = 3
)

// CheckSMART says what a goal draft misses, one finding per SMART letter, in
// the order S, M, A, R, T; none when the goal is SMART. history is the past
// of the goal's indicator (or of a comparable one), in any order.
//
// Achievable is judged precisely so: the needed yearly rate is
// (target − baseline) / years from start to due, counted in the direction
// that is better. It is not achievable when the history's least-squares trend
// moves the opposite way, or when the needed rate is more than
// AchievableFactor times the best yearly change seen: the largest
// improvement from any point to the first point at least a year after it,
// per year (or, when the history spans less than a year, its trend). A
// shorter window, annualized, would overstate what can be sustained. With
// fewer than
// MinHistoryPoints points, or without baseline, target and dates, the
// finding says it cannot judge.
func CheckSMART(g GoalDraft, history []Point) []Finding {
	var out []Finding
	if strings.TrimSpace(g.Indicator) == "" {
		msg := "Not specific: choose the indicator that will show whether the goal is met."
		if strings.TrimSpace(g.Statement) == "" {
			msg = "Not specific: write what the goal is and choose the indicator that will show whether it is met."
		}
		out = append(out, Finding{Letter: "S", Criterion: "Specific", Message: msg})
	}
	var missing []string
	if g.Target == nil {
		missing = append(missing, "a target")
	}
	if strings.TrimSpace(g.Unit) == "" {
		missing = append(missing, "a unit")
	}
	if len(missing) > 0 {
		out = append(out, Finding{Letter: "M", Criterion: "Measurable",
			Message: "Not measurable: give " + strings.Join(missing, " and ") + "."})
	}
	if f, ok := checkAchievable(g, history); ok {
		out = append(out, f)
	}
	if strings.TrimSpace(g.AgendaItem) == "" {
		msg := "Not relevant: say which part of the common agenda this goal serves."
		if g.Own {
			msg = "Not relevant: measure it by a shared indicator your organization reports, so that it serves a common agenda."
		}
		out = append(out, Finding{Letter: "R", Criterion: "Relevant", Message: msg})
	}
	switch {
	case g.Due.IsZero():
		out = append(out, Finding{Letter: "T", Criterion: "Time-bound", Message: "Not time-bound: give a due date."})
	case !g.Starts.IsZero() && !g.Due.After(g.Starts):
		out = append(out, Finding{Letter: "T", Criterion: "Time-bound", Message: "Not time-bound: the due date must come after the start."})
	}
	return out
}

// checkAchievable returns the Achievable finding, if any.
func checkAchievable(g GoalDraft, history []Point) (Finding, bool) {
	undecided := func(why string) (Finding, bool) {
		return Finding{Letter: "A", Criterion: "Achievable", Undecided: true,
			Message: "Achievable? Not enough history to judge: " + why + "."}, true
	}
	if g.Baseline == nil || g.Target == nil {
		return undecided("give a baseline and a target")
	}
	if g.Starts.IsZero() || g.Due.IsZero() || !g.Due.After(g.Starts) {
		return undecided("give a start and a due date")
	}
	if len(history) < MinHistoryPoints {
		return undecided(fmt.Sprintf("at least %d past values of the indicator are needed", MinHistoryPoints))
	}
	sign := 1.0
	if !g.HigherIsBetter {
		sign = -1
	}
	years := days(g.Starts, g.Due) / daysPerYear
	needed := sign * (*g.Target - *g.Baseline) / years
	if needed <= 0 {
		return Finding{}, false // the goal asks to hold or give ground: nothing to reach for
	}
	tr, _ := FitTrend(history)
	trend := sign * tr.SlopePerYear()
	unit := strings.TrimSpace(g.Unit)
	if unit != "" && unit != "%" {
		unit = " " + unit
	}
	if trend < 0 {
		return Finding{Letter: "A", Criterion: "Achievable", Message: fmt.Sprintf(
			"Maybe not achievable: the target needs %s%s a year in the better direction, but the history has moved the other way (%s%s a year).",
			formatNumber(math.Abs(needed)), unit, formatSigned(sign*trend), unit)}, true
	}
	best := bestYearlyChange(history, sign)
	if math.IsNaN(best) {
		best = trend
	}
	if needed > AchievableFactor*best {
		return Finding{Letter: "A", Criterion: "Achievable", Message: fmt.Sprintf(
			"Maybe not achievable: the target needs a change of %s%s a year, more than %d times the best yearly change in the history (%s%s).",
			formatNumber(needed), unit, AchievableFactor, formatNumber(best), unit)}, true
	}
	return Finding{}, false
}

// bestYearlyChange is the largest improvement (change times sign) from a
// point to the first point at least 365 days after it, per year; NaN when
// the history spans less than that.
func bestYearlyChange(history []Point, sign float64) float64 {
	ps := append([]Point(nil), history...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].At.Before(ps[j].At) })
	best := math.NaN()
	j := 0
	for i := range ps {
		for j < len(ps) && days(ps[i].At, ps[j].At) < 365 {
			j++
		}
		if j == len(ps) {
			break
		}
		r := sign * (ps[j].Value - ps[i].Value) / (days(ps[i].At, ps[j].At) / daysPerYear)
		if math.IsNaN(best) || r > best {
			best = r
		}
	}
	return best
}

// formatNumber writes v with three significant digits, or all its whole
// digits, without trailing zeros: 1234.6 → 1235, 0.012345 → 0.0123.
func formatNumber(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	decimals := max(0, 2-int(math.Floor(math.Log10(math.Abs(v)))))
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func formatSigned(v float64) string {
	if v > 0 {
		return "+" + formatNumber(v)
	}
	return formatNumber(v)
}
