package web

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/svg"
)

// measureRoutes registers the shared-measurement pages of an initiative.
func (h *handler) measureRoutes(mux *http.ServeMux) {
	mux.Handle("GET /initiatives/{id}/dashboard", h.signedIn(h.initiativeDashboard))
	mux.Handle("GET /initiatives/{id}/dashboard.csv", h.signedIn(h.initiativeDashboardCSV))
	h.reportRoutes(mux)
	h.measuresRoutes(mux)
}

type goalCard struct {
	measure.GoalProgress
	Chart         template.HTML
	Percent       string
	Period        string                 // the latest period with values
	Contributions []measure.Contribution // each reporter's part of it
}

type dashboardData struct {
	From, To   string // the period shown, as YYYY-MM-DD dates; empty for all
	Initiative *initiative.Initiative
	Goals      []goalCard
	Counts     map[string]int // goals by status
	Late       []measure.LateReport
	Stories    []*measure.Story
}

// initiativeDashboard is the page a coordinator puts on the wall: every
// goal's progress chart, the statuses at a glance, late reports and the
// latest stories beside the numbers.
func (h *handler) initiativeDashboard(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	ctx, now := r.Context(), time.Now().UTC()
	progress, err := h.Measure.Dashboard(ctx, in.ID, now)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := dashboardData{Initiative: in, Counts: map[string]int{}, From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	from, to, ok := dateRange(d.From, d.To)
	if !ok {
		h.renderError(w, r, http.StatusBadRequest, "Those dates are not right", "Give the period to show as two dates like 2025-01-31, the first before the second.")
		return
	}
	for i, gp := range progress {
		gp = within(gp, from, to)
		d.Counts[string(gp.Assessment.Status)]++
		card := goalCard{GoalProgress: gp, Chart: template.HTML(svg.ProgressChart(chartOf(gp), svg.ChartOptions{Width: 640, Height: 300, ID: "goal" + strconv.Itoa(i)})),
			Percent: percent(gp)}
		if n := len(gp.Series); n > 0 && gp.Indicator != nil {
			card.Period = gp.Series[n-1].Period
			if card.Contributions, err = h.Measure.Contributions(ctx, gp.Indicator.ID, card.Period); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		d.Goals = append(d.Goals, card)
	}
	if d.Late, err = h.Measure.LateReports(ctx, in.ID, now); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Stories, err = h.Measure.Stories(ctx, in.ID, 0, 5); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "initiative_dashboard", "Dashboard of "+in.Name, "initiatives", d)
}

// dateRange reads the from and to dates of the page's filter.
func dateRange(from, to string) (time.Time, time.Time, bool) {
	var f, t time.Time
	var err error
	if from != "" {
		if f, err = time.Parse("2006-01-02", from); err != nil {
			return f, t, false
		}
	}
	if to != "" {
		if t, err = time.Parse("2006-01-02", to); err != nil {
			return f, t, false
		}
	}
	return f, t, f.IsZero() || t.IsZero() || !t.Before(f)
}

// within keeps the values of the periods that end in [from, to] (zero for
// no bound). The status and projection stay those of the whole series.
func within(gp measure.GoalProgress, from, to time.Time) measure.GoalProgress {
	if from.IsZero() && to.IsZero() {
		return gp
	}
	var series []measure.RollupPoint
	var points []measure.Point
	for i, p := range gp.Points {
		if (!from.IsZero() && p.At.Before(from)) || (!to.IsZero() && p.At.After(to.AddDate(0, 0, 1))) {
			continue
		}
		points = append(points, p)
		if i < len(gp.Series) {
			series = append(series, gp.Series[i])
		}
	}
	gp.Points, gp.Series = points, series
	return gp
}

func percent(gp measure.GoalProgress) string {
	if len(gp.Points) == 0 || gp.Goal.Baseline == nil || gp.Goal.Target == nil {
		return ""
	}
	return fmt.Sprintf("%.0f%%", gp.Assessment.Percent)
}

// chartOf turns a goal's progress into the picture's data.
func chartOf(gp measure.GoalProgress) svg.ChartData {
	c := svg.ChartData{Title: gp.Goal.Statement, Unit: gp.Goal.Unit, Baseline: gp.Goal.Baseline, Target: gp.Goal.Target, Start: gp.Start, Due: gp.Due}
	for i, p := range gp.Points {
		note := ""
		if i < len(gp.Series) {
			note = fmt.Sprintf("%s: %d organizations reported", gp.Series[i].Period, gp.Series[i].Count)
		}
		c.Actual = append(c.Actual, svg.ChartPoint{At: p.At, Value: p.Value, Note: note})
	}
	if a := gp.Assessment; a.Projected {
		c.Projection = &svg.ChartProjection{From: a.Latest.At, FromValue: a.Latest.Value, To: a.Projection.At, ToValue: a.Projection.Value,
			Low: a.Projection.Low, High: a.Projection.High, HasBand: a.Projection.HasBand}
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

// initiativeDashboardCSV exports the numbers under the dashboard: each
// goal's combined values per period.
func (h *handler) initiativeDashboardCSV(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	progress, err := h.Measure.Dashboard(r.Context(), in.ID, time.Now().UTC())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="dashboard-%d-%s.csv"`, in.ID, time.Now().UTC().Format("2006-01-02")))
	cw := csv.NewWriter(w)
	cw.Write([]string{"goal", "indicator", "unit", "period", "combined_value", "organizations_reporting", "baseline", "target", "due_on", "status"})
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, gp := range progress {
		name := ""
		if gp.Indicator != nil {
			name = gp.Indicator.Name
		}
		for _, p := range gp.Series {
			cw.Write([]string{gp.Goal.Statement, name, gp.Goal.Unit, p.Period, strconv.FormatFloat(p.Value, 'f', -1, 64), strconv.Itoa(p.Count),
				f(gp.Goal.Baseline), f(gp.Goal.Target), gp.Goal.DueOn, string(gp.Assessment.Status)})
		}
	}
	cw.Flush()
}
