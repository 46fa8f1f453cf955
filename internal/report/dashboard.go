// Package report gathers what an initiative's progress reports show and
// writes them for people: the dashboard page's data, and the same report as
// a PDF for a board or a funder. The charts come from package svg, so the
// page and the paper show one picture.
package report

import (
	"context"
	"fmt"
	"math"
	"time"

	"backbone/internal/account"
	"backbone/internal/measure"
	"backbone/internal/svg"
)

// TopContributors is how many contributors each goal of a dashboard lists;
// the goal's page lists them all.
const TopContributors = 5

// LateNamesUpTo is how many reporting obligations (reporters of every
// indicator together) a dashboard still checks one by one to name the late
// ones; above it, the dashboard counts them per indicator from the roll-ups
// and the late-reports page names them.
const LateNamesUpTo = 2000

// Dashboard is an initiative's progress at a moment: its goals with their
// progress, who contributed to the latest period, late reports and the
// latest stories.
type Dashboard struct {
	Initiative  string // its name
	Member      string // the member organization whose own numbers are shown, by name; empty for all together
	From, To    time.Time
	AsOf        time.Time // the goals as they stood then; zero for now
	GeneratedAt time.Time
	Goals       []Progress
	Late        []measure.LateReport // by name, when there are few reporters (or one member is shown)
	LateCounts  []measure.LateCount  // per indicator, when there are many
	Stories     []*measure.Story
}

// Progress is one goal of a dashboard with its progress.
type Progress struct {
	measure.GoalProgress
	Period        string                 // the latest period with values
	Contributions []measure.Contribution // the leading contributors to it
	Reported      int                    // organizations that reported it
}

// Counts counts the goals by status ("part" for a member's part of a total).
func (d *Dashboard) Counts() map[string]int {
	counts := map[string]int{}
	for _, g := range d.Goals {
		if g.PartOfTotal {
			counts["part"]++
		} else {
			counts[string(g.Assessment.Status)]++
		}
	}
	return counts
}

// Gather reads an initiative's dashboard for the actor, as the query says,
// keeping the values of the periods that end within [from, to].
func Gather(ctx context.Context, ms *measure.Store, actor account.Actor, name, memberName string,
	q measure.DashboardQuery, from, to time.Time) (*Dashboard, error) {
	d := &Dashboard{Initiative: name, Member: memberName, From: from, To: to, AsOf: q.AsOf, GeneratedAt: q.Now}
	progress, err := ms.DashboardOf(ctx, actor, q)
	if err != nil {
		return nil, err
	}
	for _, gp := range progress {
		g := Progress{GoalProgress: gp.Within(from, to)}
		if n := len(g.Series); n > 0 && g.Indicator != nil {
			last := g.Series[n-1]
			g.Period = last.Period
			if q.Member == "" {
				g.Reported = last.Count
				if g.Contributions, err = ms.TopContributions(ctx, actor, q.InitiativeID, g.Indicator.ID, last,
					TopContributors); err != nil {
					return nil, err
				}
			}
		}
		d.Goals = append(d.Goals, g)
	}
	if err := d.gatherLate(ctx, ms, actor, q); err != nil {
		return nil, err
	}
	if d.Stories, err = ms.Stories(ctx, actor, q.InitiativeID, 0, 5); err != nil {
		return nil, err
	}
	return d, nil
}

// gatherLate fills the late reports: one member's by name; everyone's by
// name when there are few reporting obligations, and counted per indicator
// when there are many.
func (d *Dashboard) gatherLate(ctx context.Context, ms *measure.Store, actor account.Actor, q measure.DashboardQuery) error {
	var err error
	if q.Member != "" {
		d.Late, err = ms.LateReportsOf(ctx, actor, q.InitiativeID, q.Member, q.Now)
		return err
	}
	counts, err := ms.LateSummary(ctx, actor, q.InitiativeID, q.Now)
	if err != nil {
		return err
	}
	obligations := 0
	for _, c := range counts {
		obligations += c.Reporters
	}
	if obligations <= LateNamesUpTo {
		d.Late, err = ms.LateReports(ctx, actor, q.InitiativeID, q.Now)
		return err
	}
	for _, c := range counts {
		if c.Missing > 0 {
			d.LateCounts = append(d.LateCounts, c)
		}
	}
	return nil
}

// Percent is how far along a goal is, in words ("71%"); empty when that
// says nothing: no values, no baseline or target, a member's part of a
// sum, or a target a hair's breadth from its baseline (a percent beyond
// any number, never "+Inf%").
func Percent(gp measure.GoalProgress) string {
	p := gp.Assessment.Percent
	if len(gp.Points) == 0 || gp.Goal.Baseline == nil || gp.Goal.Target == nil || gp.PartOfTotal ||
		math.IsNaN(p) || math.IsInf(p, 0) {
		return ""
	}
	return fmt.Sprintf("%.0f%%", p)
}

// Chart turns a goal's progress into its chart's data.
func Chart(gp measure.GoalProgress, today time.Time) svg.ChartData {
	c := svg.ChartData{Title: gp.Goal.Statement, Unit: gp.Goal.Unit, Baseline: gp.Goal.Baseline, Target: gp.Goal.Target,
		Start: gp.Start, Due: gp.Due, Today: today}
	if gp.PartOfTotal {
		// One member's part of a sum is not comparable to the target or the
		// milestones of the whole: the picture shows its own line only.
		c.Baseline, c.Target = nil, nil
		return c
	}
	for i, p := range gp.Points {
		note := ""
		if i < len(gp.Series) && gp.Member == "" {
			note = fmt.Sprintf("%s: %s reported", measure.PeriodLabel(gp.Series[i].Period),
				countOf(gp.Series[i].Count, "organization"))
		} else if i < len(gp.Series) {
			note = measure.PeriodLabel(gp.Series[i].Period)
		}
		incomplete := gp.Incomplete != "" && i == len(gp.Points)-1 && i < len(gp.Series) &&
			gp.Series[i].Period == gp.Incomplete
		c.Actual = append(c.Actual, svg.ChartPoint{At: p.At, Value: p.Value, Note: note, Incomplete: incomplete})
	}
	if a := gp.Assessment; a.Projected {
		c.Projection = &svg.ChartProjection{
			From:      a.Latest.At,
			FromValue: a.Latest.Value,
			To:        a.Projection.At,
			ToValue:   a.Projection.Value,
			Low:       a.Projection.Low,
			High:      a.Projection.High,
			HasBand:   a.Projection.HasBand,
		}
	}
	for _, m := range gp.Milestones {
		cm := svg.ChartMilestone{Value: m.Value, Label: m.Label, Reached: m.ReachedAt != nil}
		// A reached milestone sits at the period that reached it.
		if gp.Indicator != nil && m.ReachedPeriod != "" {
			if p, err := measure.ParsePeriodFor(gp.Indicator.Frequency, m.ReachedPeriod); err == nil {
				cm.At = p.End()
			}
		} else if m.ReachedAt != nil {
			cm.At = *m.ReachedAt
		}
		c.Milestones = append(c.Milestones, cm)
	}
	return c
}

// countOf says "1 organization", "3 organizations".
func countOf(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// dayOf writes a YYYY-MM-DD date as "7 Nov 2026".
func dayOf(s string) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format("2 Jan 2006")
	}
	return s
}
