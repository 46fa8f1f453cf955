package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/measure"
	"backbone/internal/svg"
)

type orgGoalsData struct {
	Org        *directory.Organization
	Goals      []goalCard
	Findings   map[int64][]measure.Finding
	Indicators []measure.ReportedIndicator
	CanEdit    bool
	Form       map[string]string
	Errors     map[string]string
	Draft      []measure.Finding
	Checked    bool
}

func (h *handler) showOrgGoals(w http.ResponseWriter, r *http.Request, o *directory.Organization, status int, d orgGoalsData) {
	ctx := r.Context()
	d.Org = o
	progress, err := h.Measure.DashboardOf(ctx, measure.DashboardQuery{Organization: o.ID})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Indicators, err = h.Measure.ReportedIndicators(ctx, o.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Findings = map[int64][]measure.Finding{}
	for i, gp := range progress {
		card := goalCard{GoalProgress: gp, Percent: percent(gp)}
		card.Chart = template.HTML(svg.ProgressChart(chartOf(gp, h.now()), svg.ChartOptions{Width: 640, Height: 260, ID: "own" + strconv.Itoa(i)}))
		d.Goals = append(d.Goals, card)
		d.Findings[gp.Goal.ID] = h.smart(r, goalInput(gp.Goal))
	}
	d.CanEdit, _ = h.Accounts.Can(ctx, httpx.User(ctx), account.SetOrganizationGoals, account.Org(o.ID))
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	h.render(w, r, status, "organization_goals", "Goals of "+o.Name, "organizations", d)
}

// orgGoalsPage lists an organization's own goals with their progress, from
// the numbers it reports itself.
func (h *handler) orgGoalsPage(w http.ResponseWriter, r *http.Request) {
	if o := h.organizationFor(w, r, account.ViewOrganizationGoals); o != nil {
		h.showOrgGoals(w, r, o, http.StatusOK, orgGoalsData{})
	}
}

// orgGoalCreate adds an organization's own goal; with action=check it only
// runs the SMART check.
func (h *handler) orgGoalCreate(w http.ResponseWriter, r *http.Request) {
	o := h.organizationFor(w, r, account.SetOrganizationGoals)
	if o == nil {
		return
	}
	input, form, problems := parseGoalForm(r, 0)
	input.OrganizationID, input.OwnerOrganizationID, input.AgendaItemID = o.ID, "", 0
	h.createGoal(w, r, input, form, problems, func(status int, d goalFormState) {
		h.showOrgGoals(w, r, o, status, orgGoalsData{Form: d.Form, Errors: d.Errors, Draft: d.Draft, Checked: d.Checked})
	}, "The goal was added. Its progress follows the numbers your organization reports.",
		func(g *measure.Goal) string { return fmt.Sprintf("/organizations/%s/goals/%d", o.ID, g.ID) })
}

type orgGoalData struct {
	Org        *directory.Organization
	Goal       *measure.Goal
	Shown      *measure.Goal
	Card       goalCard
	Revisions  []measure.Goal
	Findings   []measure.Finding
	Indicators []measure.ReportedIndicator
	CanEdit    bool
	AsOf       string
	Form       map[string]string
	Errors     map[string]string
	Milestone  map[string]string
	MsErrors   map[string]string
}

// ownGoal loads the goal of the path, making sure it is the organization's.
func (h *handler) ownGoal(w http.ResponseWriter, r *http.Request, o *directory.Organization) *measure.Goal {
	id, _ := strconv.ParseInt(r.PathValue("goal"), 10, 64)
	g, err := h.Measure.Goal(r.Context(), id)
	if err == nil && g.OrganizationID != o.ID {
		err = errs.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return g
}

func (h *handler) showOrgGoal(w http.ResponseWriter, r *http.Request, o *directory.Organization, g *measure.Goal, status int, d orgGoalData) {
	ctx := r.Context()
	var err error
	d.Org, d.Goal = o, g
	d.Shown, d.AsOf = h.goalAsOf(r, g)
	if d.Revisions, err = h.Measure.GoalRevisions(ctx, g.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Indicators, err = h.Measure.ReportedIndicators(ctx, o.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	progress, err := h.Measure.DashboardOf(ctx, measure.DashboardQuery{Organization: o.ID, Goal: g.ID})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, gp := range progress {
		d.Card = goalCard{GoalProgress: gp, Percent: percent(gp)}
		d.Card.Chart = template.HTML(svg.ProgressChart(chartOf(gp, h.now()), svg.ChartOptions{Width: 720, Height: 300, ID: "own"}))
	}
	d.Findings = h.smart(r, goalInput(*d.Shown))
	d.CanEdit, _ = h.Accounts.Can(ctx, httpx.User(ctx), account.SetOrganizationGoals, account.Org(o.ID))
	if d.Form == nil {
		d.Form = goalForm(g)
	}
	if d.Milestone == nil {
		d.Milestone = map[string]string{}
	}
	h.render(w, r, status, "organization_goal", g.Statement, "organizations", d)
}

// goalForm is a goal as its form shows it.
func goalForm(g *measure.Goal) map[string]string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return map[string]string{"statement": g.Statement, "indicator_id": strconv.FormatInt(g.IndicatorID, 10), "baseline": f(g.Baseline),
		"baseline_period": g.BaselinePeriod, "target": f(g.Target), "unit": g.Unit, "starts_on": g.StartsOn, "due_on": g.DueOn,
		"owner_organization_id": g.OwnerOrganizationID, "agenda_item_id": strconv.FormatInt(g.AgendaItemID, 10)}
}

func (h *handler) orgGoalPage(w http.ResponseWriter, r *http.Request) {
	o := h.organizationFor(w, r, account.ViewOrganizationGoals)
	if o == nil {
		return
	}
	if g := h.ownGoal(w, r, o); g != nil {
		h.showOrgGoal(w, r, o, g, http.StatusOK, orgGoalData{})
	}
}

// orgGoalRevise writes a new revision of an organization's own goal.
func (h *handler) orgGoalRevise(w http.ResponseWriter, r *http.Request) {
	o := h.organizationFor(w, r, account.SetOrganizationGoals)
	if o == nil {
		return
	}
	g := h.ownGoal(w, r, o)
	if g == nil {
		return
	}
	input, form, problems := parseGoalForm(r, 0)
	input.OrganizationID, input.OwnerOrganizationID, input.AgendaItemID = o.ID, "", 0
	if len(problems) > 0 {
		h.showOrgGoal(w, r, o, g, http.StatusUnprocessableEntity, orgGoalData{Form: form, Errors: problems})
		return
	}
	_, err := h.Measure.Revise(r.Context(), httpx.Actor(r), g.ID, input, form["reason"])
	if p := fieldProblems(err); p != nil {
		h.showOrgGoal(w, r, o, g, http.StatusUnprocessableEntity, orgGoalData{Form: form, Errors: p})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "The goal was revised; the earlier version is kept with its reason.")
	redirect(w, r, fmt.Sprintf("/organizations/%s/goals/%d", o.ID, g.ID))
}

func (h *handler) orgMilestoneCreate(w http.ResponseWriter, r *http.Request) {
	o := h.organizationFor(w, r, account.SetOrganizationGoals)
	if o == nil {
		return
	}
	if g := h.ownGoal(w, r, o); g != nil {
		h.addMilestone(w, r, g.ID, func(form, problems map[string]string) {
			h.showOrgGoal(w, r, o, g, http.StatusUnprocessableEntity, orgGoalData{Milestone: form, MsErrors: problems})
		}, "The milestone was added; passing it will be celebrated.", fmt.Sprintf("/organizations/%s/goals/%d", o.ID, g.ID))
	}
}

// milestoneCreate adds a milestone to an initiative's goal.
func (h *handler) milestoneCreate(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	if g := h.goal(w, r, in); g != nil {
		h.addMilestone(w, r, g.ID, func(form, problems map[string]string) {
			h.showGoal(w, r, in, g, http.StatusUnprocessableEntity, goalPageData{Milestone: form, MsErrors: problems})
		}, "The milestone was added; the feed celebrates it when the partners' numbers pass it.", fmt.Sprintf("/initiatives/%d/goals/%d", in.ID, g.ID))
	}
}
