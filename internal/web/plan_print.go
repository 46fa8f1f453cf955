package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"time"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/httpx"
	"backbone/internal/plan"
	"backbone/internal/review"
)

// The plans' printed forms: a plan as the three-column handout, the
// strategy library and the roles by job level, each as a page made for
// printing (print CSS) and as a PDF on A4 or Letter; and the supervisor's
// page of a team's plans.

// parsePlanPrint parses the printable plan pages on their own: whole pages
// without the application's header, navigation and footer.
func parsePlanPrint(c clock.Clock, loc *time.Location) *template.Template {
	return template.Must(template.New("plan_print.html").Funcs(funcMap(c, loc)).
		ParseFS(assets, "templates/plan_print.html"))
}

// printPage writes one of the printable pages.
func (h *handler) printPage(w http.ResponseWriter, name string, data any) error {
	var buf bytes.Buffer
	if err := h.planPrintView.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// sendPDF writes a PDF made by write on the paper the request asks for
// (?paper=a4 or letter), as a file to download named after title.
func (h *handler) sendPDF(w http.ResponseWriter, r *http.Request, title string,
	write func(w io.Writer, paper string, at time.Time) error) error {
	return plan.SendPDF(w, r.URL.Query().Get("paper"), title, h.now(), write)
}

// planPrintData is a printable plan.
type planPrintData struct {
	Plan    *plan.Plan
	Printed time.Time
}

// planPrint serves a plan as the handout, made for printing.
func (h *handler) planPrint(w http.ResponseWriter, r *http.Request) error {
	p, err := h.printedPlan(r)
	if err != nil {
		return err
	}
	return h.printPage(w, "plan_print", planPrintData{Plan: p, Printed: h.now()})
}

// planPDF serves a plan as the handout in a PDF.
func (h *handler) planPDF(w http.ResponseWriter, r *http.Request) error {
	p, err := h.printedPlan(r)
	if err != nil {
		return err
	}
	return h.sendPDF(w, r, p.Title, func(w io.Writer, paper string, at time.Time) error {
		return p.WritePDF(w, paper, at, true)
	})
}

func (h *handler) printedPlan(r *http.Request) (*plan.Plan, error) {
	id, err := pathInt(r, "plan")
	if err != nil {
		return nil, err
	}
	return h.Plans.Get(r.Context(), httpx.Actor(r), id)
}

// strategiesPrint serves the strategy library made for printing.
func (h *handler) strategiesPrint(w http.ResponseWriter, r *http.Request) error {
	lib, err := h.Plans.Strategies(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	return h.printPage(w, "strategies_print", map[string]any{"Strategies": lib, "Printed": h.now()})
}

// strategiesPDF serves the strategy library as a PDF.
func (h *handler) strategiesPDF(w http.ResponseWriter, r *http.Request) error {
	lib, err := h.Plans.Strategies(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	return h.sendPDF(w, r, "Seven practical strategies", func(w io.Writer, paper string, at time.Time) error {
		return plan.WriteStrategiesPDF(w, lib, paper, at, true)
	})
}

// rolesPage shows the roles and responsibilities by job level, which the
// strategy library links to.
func (h *handler) rolesPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Plans.Strategies(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "plan_roles", "Roles and responsibilities", "plans", plan.Roles)
	return nil
}

// rolesPrint serves the roles made for printing.
func (h *handler) rolesPrint(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Plans.Strategies(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	return h.printPage(w, "roles_print", map[string]any{"Roles": plan.Roles, "Printed": h.now()})
}

// rolesPDF serves the roles as a PDF.
func (h *handler) rolesPDF(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Plans.Strategies(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	return h.sendPDF(w, r, "Roles and responsibilities", func(w io.Writer, paper string, at time.Time) error {
		return plan.WriteRolesPDF(w, paper, at, true)
	})
}

// teamData is the supervisor's page.
type teamData struct {
	*plan.Team
	Choices []plan.TeamUnit   // every unit in reach, for the filter
	Reviews []review.Schedule // the reviews of these plans and their areas due or overdue
}

// teamPage shows the plans of the people one supervises: overdue actions
// first, then the signals met, then every plan; per unit and across units
// for an administrator.
func (h *handler) teamPage(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	all, err := h.Plans.Team(ctx, actor, "")
	if err != nil {
		return err
	}
	d := teamData{Team: all, Choices: all.Units}
	if unit := r.URL.Query().Get("unit"); unit != "" {
		if d.Team, err = h.Plans.Team(ctx, actor, unit); err != nil {
			return err
		}
	}
	if d.Reviews, err = h.teamReviews(r, d.Team); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "plans_team", "Your team's plans", "plans", d)
	return nil
}

// mayViewTeam says whether the "My plan" page links to the supervisor's.
func (h *handler) mayViewTeam(r *http.Request) (bool, error) {
	return h.may(r, account.ViewTeamPlans, account.Platform)
}

// teamReviews are the reviews due (or overdue) of the team's plans and of
// their areas, as the review register decides who sees them.
func (h *handler) teamReviews(r *http.Request, t *plan.Team) ([]review.Schedule, error) {
	due, err := h.Reviews.Due(r.Context(), httpx.Actor(r), review.DueFilter{Kinds: []string{plan.SubjectPlan, plan.SubjectArea}})
	if err != nil {
		return nil, err
	}
	plans := map[int64]bool{}
	for _, p := range t.Plans {
		plans[p.ID] = true
	}
	var out []review.Schedule
	for _, d := range due {
		id := d.Subject.ID
		if d.Subject.Kind == plan.SubjectArea {
			_, _ = fmt.Sscanf(d.Subject.URL, "/plans/%d#", &id)
		}
		if plans[id] {
			out = append(out, d)
		}
	}
	return out, nil
}
