package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/report"
	"backbone/internal/sheet"
	"backbone/internal/svg"
)

type goalCard struct {
	report.Progress
	Chart       template.HTML
	Percent     string
	Share       string // a member's share of the combined value of that period
	NotReporter bool   // the member shown does not report the goal's indicator
}

type dashboardData struct {
	From, To   string // the period shown, as YYYY-MM-DD dates; empty for all
	Member     string // a member organization's id: its own numbers instead of the combined ones
	MemberName string
	AsOf       string // YYYY-MM-DD: the goals as they stood that day
	Filtered   bool
	Query      template.URL // the filters given, encoded anew, for the PDF and CSV links
	Members    []initiative.Member
	Initiative *initiative.Initiative
	Goals      []goalCard
	Counts     map[string]int       // goals by status
	Late       []measure.LateReport // by name, when there are few reporters (or one member is shown)
	LateCounts []measure.LateCount  // per indicator, when there are many
	Stories    []*measure.Story
}

// badFilter is a dashboard filter that is not right, in words for the
// person, who is shown it (400) rather than the page.
type badFilter string

func (b badFilter) Error() string { return string(b) }

// dashboardFilter reads the dashboard's filters (from, to, member, as_of)
// into d and the store's query; a bad one is a badFilter.
func (h *handler) dashboardFilter(r *http.Request, in *initiative.Initiative, d *dashboardData) (measure.DashboardQuery,
	time.Time, time.Time, error) {
	q := r.URL.Query()
	d.From, d.To, d.Member, d.AsOf = q.Get("from"), q.Get("to"), q.Get("member"), q.Get("as_of")
	d.Filtered = d.From != "" || d.To != "" || d.Member != "" || d.AsOf != ""
	// The filters go on to the downloads as they were given; the query is
	// encoded anew from them, so the template need not escape it (which
	// would turn its = and & into %3d and %26 and lose the filters).
	given := url.Values{}
	for _, k := range []string{"from", "to", "member", "as_of"} {
		if v := q.Get(k); v != "" {
			given.Set(k, v)
		}
	}
	d.Query = template.URL(given.Encode())
	dq := measure.DashboardQuery{InitiativeID: in.ID, Member: d.Member, Now: h.now()}
	from, to, ok := dateRange(d.From, d.To)
	if !ok {
		return dq, from, to, badFilter(
			"Give the period to show as two dates like 2025-01-31, the first before the second.",
		)
	}
	if d.AsOf != "" {
		t, err := time.Parse(time.DateOnly, d.AsOf)
		if err != nil {
			return dq, from, to, badFilter("Give the day to show the goals as they were as a date like 2025-01-31.")
		}
		dq.AsOf = t.Add(24*time.Hour - time.Nanosecond)
	}
	var err error
	if d.Members, err = h.Initiatives.Members(r.Context(), in.ID); err != nil {
		return dq, from, to, err
	}
	if d.Member != "" {
		for _, m := range d.Members {
			if m.OrganizationID == d.Member {
				d.MemberName = m.OrganizationName
			}
		}
		if d.MemberName == "" {
			return dq, from, to, badFilter(
				"The member to show is not a member of this initiative: choose one from the list.",
			)
		}
	}
	return dq, from, to, nil
}

// filterRefused shows a bad filter to the person and reports true; any
// other error is the page's to return.
func (h *handler) filterRefused(w http.ResponseWriter, r *http.Request, err error) bool {
	var bad badFilter
	if errors.As(err, &bad) {
		h.renderError(w, r, http.StatusBadRequest, "That filter is not right", string(bad))
		return true
	}
	return false
}

// initiativeDashboard is the page a coordinator puts on the wall: every
// goal's progress chart, the statuses at a glance, late reports and the
// latest stories beside the numbers. Filters narrow it to a period, one
// member's own numbers, or the goals as they stood on a day.
func (h *handler) initiativeDashboard(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r)
	d := dashboardData{Initiative: in, Counts: map[string]int{}}
	dq, from, to, err := h.dashboardFilter(r, in, &d)
	if h.filterRefused(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	rep, err := report.Gather(ctx, h.Measure, actor, in.Name, d.MemberName, dq, from, to)
	if err != nil {
		return err
	}
	d.Counts = rep.Counts()
	for i, g := range rep.Goals {
		card := goalCard{Progress: g, Percent: report.Percent(g.GoalProgress)}
		card.Chart = template.HTML(svg.ProgressChart(report.Chart(g.GoalProgress, h.now()),
			svg.ChartOptions{Width: 640, Height: 300, ID: "goal" + strconv.Itoa(i)}))
		card.NotReporter = d.Member != "" && g.Indicator != nil && !slices.Contains(g.Indicator.Reporters, d.Member)
		if n := len(g.Series); n > 0 && g.Indicator != nil && d.Member != "" {
			card.Share = shareOf(g.Series[n-1], g.Combined)
		}
		d.Goals = append(d.Goals, card)
	}
	d.Late, d.LateCounts, d.Stories = rep.Late, rep.LateCounts, rep.Stories
	h.render(w, r, http.StatusOK, "initiative_dashboard", "Dashboard of "+in.Name, "initiatives", d)
	return nil
}

// initiativeDashboardPDF is the dashboard, with the page's filters, as a
// progress report to print or send to a board or a funder.
func (h *handler) initiativeDashboardPDF(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := dashboardData{Initiative: in}
	dq, from, to, err := h.dashboardFilter(r, in, &d)
	if h.filterRefused(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	rep, err := report.Gather(r.Context(), h.Measure, httpx.Actor(r), in.Name, d.MemberName, dq, from, to)
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

// lateReportsPage names every reporter that has not reported the last
// closed period of an indicator, by indicator.
func (h *handler) lateReportsPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	late, err := h.Measure.LateReports(r.Context(), httpx.Actor(r), in.ID, h.now())
	if err != nil {
		return err
	}
	type group struct {
		Indicator, Period string
		Orgs              []measure.LateReport
	}
	var groups []*group
	for _, l := range late {
		if n := len(groups); n == 0 || groups[n-1].Indicator != l.IndicatorName || groups[n-1].Period != l.Period {
			groups = append(groups, &group{Indicator: l.IndicatorName, Period: l.Period})
		}
		g := groups[len(groups)-1]
		g.Orgs = append(g.Orgs, l)
	}
	h.render(
		w,
		r,
		http.StatusOK,
		"initiative_late",
		"Late reports of "+in.Name,
		"initiatives",
		map[string]any{"Initiative": in, "Groups": groups, "Count": len(late)},
	)
	return nil
}

// shareOf is a member's value for a period as a share of the combined sum
// of that period, in words; empty when there is no combined sum.
func shareOf(p measure.RollupPoint, combined []measure.RollupPoint) string {
	for _, c := range combined {
		if c.Period == p.Period && c.Sum != 0 {
			return fmt.Sprintf("%.0f%% of the %s total (%s)", 100*p.Value/c.Sum, p.Period, measure.FormatNumber(c.Sum))
		}
	}
	return ""
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

// initiativeDashboardCSV exports the numbers under the dashboard, with the
// page's filters: each goal's combined values (or the member's own) per
// period.
func (h *handler) initiativeDashboardCSV(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	var d dashboardData
	dq, from, to, err := h.dashboardFilter(r, in, &d)
	if h.filterRefused(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	progress, err := h.Measure.DashboardOf(r.Context(), httpx.Actor(r), dq)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().
		Set("Content-Disposition", fmt.Sprintf(`attachment; filename="dashboard-%d-%s.csv"`, in.ID, h.now().Format("2006-01-02")))
	cw := sheet.NewWriter(w)
	cw.Write(
		[]string{
			"goal",
			"goal_revision",
			"indicator",
			"unit",
			"period",
			"combined_value",
			"organizations_reporting",
			"member",
			"member_value",
			"baseline",
			"target",
			"due_on",
			"status",
		},
	)
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, gp := range progress {
		gp = gp.Within(from, to)
		name := ""
		if gp.Indicator != nil {
			name = gp.Indicator.Name
		}
		for _, p := range gp.Series {
			combined, count, member, own := p.Value, p.Count, "", ""
			if gp.Member != "" {
				member, own, combined, count = gp.Member, strconv.FormatFloat(p.Value, 'f', -1, 64), 0, 0
				for _, c := range gp.Combined {
					if c.Period == p.Period {
						combined, count = c.Value, c.Count
					}
				}
			}
			cw.Write(
				[]string{
					gp.Goal.Statement,
					strconv.Itoa(gp.Goal.Revision),
					name,
					gp.Goal.Unit,
					p.Period,
					strconv.FormatFloat(combined, 'f', -1, 64),
					strconv.Itoa(count),
					member,
					own,
					f(gp.Goal.Baseline),
					f(gp.Goal.Target),
					gp.Goal.DueOn,
					string(gp.Assessment.Status),
				},
			)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		// The answer has begun: all there is left to do is say so in the log.
		h.Logger.Error("dashboard CSV", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
	return nil
}
