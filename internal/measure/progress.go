package measure

import (
	"math"
	"sort"
	"time"
)

// ProgressStatus says whether a goal is expected to reach its target.
type ProgressStatus string

// The statuses of a goal, as shown on the dashboard.
const (
	StatusOnTrack  ProgressStatus = "on_track"
	StatusAtRisk   ProgressStatus = "at_risk"
	StatusOffTrack ProgressStatus = "off_track"
	StatusNoData   ProgressStatus = "no_data"
)

// AtRiskPercent is the share of the way from baseline to target, in percent,
// that a projection must reach for a goal to be at risk rather than off
// track.
const AtRiskPercent = 80

// Progress is how far current has come from baseline towards target, in
// percent: 0 at the baseline, 100 at the target, below 0 when things went the
// wrong way and above 100 when the target is passed. The sign of
// target−baseline decides which way is forward, so higherIsBetter only
// matters when target equals baseline (a goal to hold a level): then it is
// 100 when current is at or on the good side of the target and 0 otherwise.
func Progress(baseline, target, current float64, higherIsBetter bool) float64 {
	if target == baseline {
		if current == target || (current > target) == higherIsBetter {
			return 100
		}
		return 0
	}
	return (current - baseline) / (target - baseline) * 100
}

// Status judges a goal by the value projected for its due date:
//
//   - on_track when the projection reaches the target (Progress ≥ 100%);
//   - at_risk when it reaches at least AtRiskPercent (80%) of the way;
//   - off_track otherwise;
//   - no_data when there is no projection (NaN), no due date, or the due
//     date is not after the start.
//
// Once now is past due, there is no time left to be at risk: the goal is
// on_track if projected (then the value at the due date) reached the target
// and off_track if not.
func Status(baseline, target, projected float64, higherIsBetter bool, now, start, due time.Time) ProgressStatus {
	if math.IsNaN(projected) || math.IsInf(projected, 0) || due.IsZero() || (!start.IsZero() && !due.After(start)) {
		return StatusNoData
	}
	pct := Progress(baseline, target, projected, higherIsBetter)
	switch {
	case pct >= 100:
		return StatusOnTrack
	case now.After(due):
		return StatusOffTrack
	case pct >= AtRiskPercent:
		return StatusAtRisk
	default:
		return StatusOffTrack
	}
}

// Assessment is a goal's progress as the dashboard shows it.
type Assessment struct {
	Latest     Point   // the most recent actual value
	Percent    float64 // Progress of Latest
	Projection Projection
	Projected  bool // whether Projection holds a trend projection
	Status     ProgressStatus
}

// Assess combines Progress, Forecast and Status for a goal's series. It needs
// at least two points to project a trend; with one the status is no_data. Once
// the due date has passed, the status is judged on the last value reported
// on or before the due date instead of a projection.
func Assess(baseline, target float64, points []Point, higherIsBetter bool, now, start, due time.Time) Assessment {
	var a Assessment
	if len(points) == 0 {
		a.Status = StatusNoData
		return a
	}
	ps := append([]Point(nil), points...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].At.Before(ps[j].At) })
	a.Latest = ps[len(ps)-1]
	a.Percent = Progress(baseline, target, a.Latest.Value, higherIsBetter)
	if !due.IsZero() {
		a.Projection, a.Projected = Forecast(ps, due)
	}
	judged := math.NaN()
	switch {
	case !due.IsZero() && now.After(due):
		for _, p := range ps {
			if !p.At.After(due) {
				judged = p.Value
			}
		}
	case len(ps) >= 2 && a.Projected:
		judged = a.Projection.Value
	}
	a.Status = Status(baseline, target, judged, higherIsBetter, now, start, due)
	return a
}
