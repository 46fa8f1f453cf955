package measure

import (
	"context"
	"fmt"
	"time"
)

// GoalProgress is a goal as the dashboard shows it: its indicator, the
// combined values over time (from the rollups, never the raw reports), how
// far along it is and where the trend leads by the due date.
type GoalProgress struct {
	Goal       Goal
	Indicator  *Indicator // nil for a goal without an indicator
	Series     []RollupPoint
	Points     []Point // the series as values at the end of each period
	Assessment Assessment
	Milestones []Milestone
	Start, Due time.Time // zero when not set
	Incomplete string    // the last period, when some reporters have not reported it yet
}

// HigherIsBetter reports the direction of the goal's indicator (higher when
// there is none).
func (g *GoalProgress) HigherIsBetter() bool {
	return g.Indicator == nil || g.Indicator.Direction != Lower
}

// Dashboard gathers the progress of every goal of an initiative at time now.
func (s *Store) Dashboard(ctx context.Context, initiativeID int64, now time.Time) ([]GoalProgress, error) {
	goals, err := s.Goals(ctx, initiativeID)
	if err != nil {
		return nil, err
	}
	out := make([]GoalProgress, 0, len(goals))
	for _, g := range goals {
		gp := GoalProgress{Goal: g, Start: day(g.StartsOn), Due: day(g.DueOn)}
		if gp.Milestones, err = s.Milestones(ctx, g.ID); err != nil {
			return nil, err
		}
		if g.IndicatorID != 0 {
			if gp.Indicator, err = s.Indicator(ctx, g.IndicatorID); err != nil {
				return nil, fmt.Errorf("goal %d: %w", g.ID, err)
			}
			if gp.Series, err = s.Rollup(ctx, g.IndicatorID, "", ""); err != nil {
				return nil, err
			}
			for _, p := range gp.Series {
				per, err := ParsePeriodFor(gp.Indicator.Frequency, p.Period)
				if err != nil {
					continue
				}
				gp.Points = append(gp.Points, Point{At: per.End(), Value: p.Value})
			}
		}
		// A last period that not every reporter has reported yet would drag
		// the trend down; it is shown, but left out of the assessment.
		judged := gp.Points
		if n := len(gp.Series); n > 0 && gp.Indicator != nil && len(gp.Indicator.Reporters) > 0 && gp.Series[n-1].Count < len(gp.Indicator.Reporters) && len(judged) == n {
			judged = judged[:n-1]
			gp.Incomplete = gp.Series[n-1].Period
		}
		if g.Baseline != nil && g.Target != nil {
			gp.Assessment = Assess(*g.Baseline, *g.Target, judged, gp.HigherIsBetter(), now, gp.Start, gp.Due)
		} else {
			gp.Assessment.Status = StatusNoData
		}
		out = append(out, gp)
	}
	return out, nil
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}
	}
	return t
}
