package api

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"time"

	"backbone/internal/httpx"
	"backbone/internal/measure"
	"backbone/internal/report"
)

// dashboardParams are the dashboard's filters, as on its web page.
var dashboardParams = []param{
	{Name: "member", Description: "A member organization's id: its own reported values instead of the combined ones (the combined ones come beside them)",
		Schema: obj{"type": "string"}},
	{Name: "as_of", Description: "YYYY-MM-DD: the goals as they stood at the end of that day (the values are the current ones)",
		Schema: obj{"type": "string", "format": "date"}},
	{Name: "from", Description: "YYYY-MM-DD: keep the periods that end on or after this day", Schema: obj{"type": "string", "format": "date"}},
	{Name: "to", Description: "YYYY-MM-DD: keep the periods that end on or before this day", Schema: obj{"type": "string", "format": "date"}},
}

// goalProgress is one goal's progress, as the API gives it.
type goalProgress struct {
	Goal       measure.Goal          `json:"goal"`
	Indicator  *measure.Indicator    `json:"indicator"`
	Series     []measure.RollupPoint `json:"series"`
	Status     string                `json:"status"`
	Percent    *float64              `json:"percent"`
	Projected  *float64              `json:"projected_at_due"`
	Incomplete string                `json:"incomplete_period,omitempty"`
	Milestones []measure.Milestone   `json:"milestones"`
	// Member is the organization whose own values the series holds; then
	// Combined holds the combined values, and PartOfTotal says the series
	// is its part of a sum (so no status or percent is given).
	Member      string                 `json:"member,omitempty"`
	Combined    *[]measure.RollupPoint `json:"combined,omitempty"` // set, if empty, with a member
	PartOfTotal bool                   `json:"part_of_total"`
}

// ownGoalProgress is an organization's own goal with its progress and what
// its SMART check finds.
type ownGoalProgress struct {
	goalProgress
	Findings []finding `json:"findings"`
}

// progressOf turns the store's progress into the API's, keeping the values
// of the periods that end within [from, to] (zero: no bound); the status and
// projection stay those of the whole series.
func progressOf(gp measure.GoalProgress, from, to time.Time) goalProgress {
	gp = gp.Within(from, to)
	g := goalProgress{Goal: gp.Goal, Indicator: gp.Indicator, Status: string(gp.Assessment.Status), Incomplete: gp.Incomplete,
		Milestones: gp.Milestones, Member: gp.Member, PartOfTotal: gp.PartOfTotal}
	g.Series = gp.Series
	if g.Series == nil {
		g.Series = []measure.RollupPoint{}
	}
	if gp.Member != "" && gp.Combined != nil {
		g.Combined = &gp.Combined
	}
	if g.Milestones == nil {
		g.Milestones = []measure.Milestone{}
	}
	// A percent of a target a hair's breadth from its baseline can exceed
	// what a number holds: JSON has no infinity, so it is left out (null)
	// rather than failing the whole dashboard.
	if p := gp.Assessment.Percent; len(gp.Points) > 0 && gp.Goal.Baseline != nil && gp.Goal.Target != nil &&
		!gp.PartOfTotal && finite(p) {
		g.Percent = &p
	}
	if v := gp.Assessment.Projection.Value; gp.Assessment.Projected && finite(v) {
		g.Projected = &v
	}
	return g
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// queryDay reads a YYYY-MM-DD query parameter; zero when it is not given.
func queryDay(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: name,
			detail: fmt.Sprintf("%s: %q is not a date written YYYY-MM-DD", name, s)}
	}
	return t, nil
}

// dashboardQuery reads the dashboard's path and filters.
func (h *handler) dashboardQuery(r *http.Request) (measure.DashboardQuery, time.Time, time.Time, error) {
	var from, to time.Time
	id, err := pathID(r, "id")
	if err != nil {
		return measure.DashboardQuery{}, from, to, err
	}
	q := r.URL.Query()
	dq := measure.DashboardQuery{InitiativeID: id, Member: q.Get("member"), Now: h.now()}
	for name, day := range map[string]*time.Time{"as_of": &dq.AsOf, "from": &from, "to": &to} {
		if *day, err = queryDay(q, name); err != nil {
			return dq, from, to, err
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return dq, from, to, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "to",
			detail: "to: must not be before from"}
	}
	if !dq.AsOf.IsZero() {
		dq.AsOf = dq.AsOf.Add(24*time.Hour - time.Nanosecond)
	}
	return dq, from, to, nil
}

func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	dq, from, to, err := h.dashboardQuery(r)
	if err != nil {
		return err
	}
	progress, err := h.Measure.DashboardOf(r.Context(), httpx.Actor(r), dq)
	if err != nil {
		return err
	}
	out := make([]goalProgress, 0, len(progress))
	for _, gp := range progress {
		out = append(out, progressOf(gp, from, to))
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"goals": out})
	return nil
}

// dashboardPDF serves the dashboard, with the same filters, as a progress
// report in PDF for a board or a funder.
func (h *handler) dashboardPDF(w http.ResponseWriter, r *http.Request) error {
	dq, from, to, err := h.dashboardQuery(r)
	if err != nil {
		return err
	}
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	memberName := ""
	if dq.Member != "" {
		members, err := h.Initiatives.Members(r.Context(), in.ID)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.OrganizationID == dq.Member {
				memberName = m.OrganizationName
			}
		}
	}
	rep, err := report.Gather(r.Context(), h.Measure, httpx.Actor(r), in.Name, memberName, dq, from, to)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rep.WritePDF(&buf, true); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rep.FileName()+`"`)
	_, _ = buf.WriteTo(w)
	return nil
}

// listOrganizationGoals serves an organization's own goals with their
// progress by its own reported values, and what their SMART check finds.
func (h *handler) listOrganizationGoals(w http.ResponseWriter, r *http.Request) error {
	owner, err := organizationGoals(r)
	if err != nil {
		return err
	}
	progress, err := h.Measure.DashboardOf(r.Context(), httpx.Actor(r),
		measure.DashboardQuery{Organization: owner.OrganizationID})
	if err != nil {
		return err
	}
	out := make([]ownGoalProgress, 0, len(progress))
	for _, gp := range progress {
		checked, err := h.checked(r, &gp.Goal)
		if err != nil {
			return err
		}
		out = append(out, ownGoalProgress{goalProgress: progressOf(gp, time.Time{}, time.Time{}), Findings: checked.Findings})
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}
