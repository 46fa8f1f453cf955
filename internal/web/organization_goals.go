package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/httpx"
	"backbone/internal/measure"
	"backbone/internal/report"
	"backbone/internal/review"
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

// showOrgGoals shows the goals of the organization of the path ({id}): the
// store says who may read them (its people and the stewards).
func (h *handler) showOrgGoals(w http.ResponseWriter, r *http.Request, status int, d orgGoalsData) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), r.PathValue("id")
	progress, err := h.Measure.DashboardOf(ctx, actor, measure.DashboardQuery{Organization: id})
	if err != nil {
		return err
	}
	if d.Org, err = h.Directory.Organization(ctx, id); err != nil {
		return err
	}
	if d.Indicators, err = h.Measure.ReportedIndicators(ctx, actor, id); err != nil {
		return err
	}
	d.Findings = map[int64][]measure.Finding{}
	for i, gp := range progress {
		card := goalCard{Progress: report.Progress{GoalProgress: gp}, Percent: report.Percent(gp)}
		card.Chart = template.HTML(
			svg.ProgressChart(
				report.Chart(gp, h.now()),
				svg.ChartOptions{Width: 640, Height: 260, ID: "own" + strconv.Itoa(i)},
			),
		)
		d.Goals = append(d.Goals, card)
		if d.Findings[gp.Goal.ID], err = h.Measure.GoalFindings(ctx, actor, &gp.Goal); err != nil {
			return err
		}
	}
	if d.CanEdit, err = h.may(r, account.SetOrganizationGoals, account.Org(id)); err != nil {
		return err
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	h.render(w, r, status, "organization_goals", "Goals of "+d.Org.Name, "organizations", d)
	return nil
}

// orgGoalsPage lists an organization's own goals with their progress, from
// the numbers it reports itself.
func (h *handler) orgGoalsPage(w http.ResponseWriter, r *http.Request) error {
	return h.showOrgGoals(w, r, http.StatusOK, orgGoalsData{})
}

// orgGoalCreate adds an organization's own goal; with action=check it only
// runs the SMART check.
func (h *handler) orgGoalCreate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	input, form, problems := parseGoalForm(r, 0)
	input.OrganizationID, input.OwnerOrganizationID, input.AgendaItemID = id, "", 0
	return h.createGoal(w, r, input, form, problems, func(status int, d goalFormState) error {
		return h.showOrgGoals(w, r, status, orgGoalsData{Form: d.Form, Errors: d.Errors, Draft: d.Draft,
			Checked: d.Checked})
	}, "The goal was added. Its progress follows the numbers your organization reports.",
		func(g *measure.Goal) string { return fmt.Sprintf("/organizations/%s/goals/%d", id, g.ID) })
}

type orgGoalData struct {
	Blocks     *subjectPanel // the goal's roadblocks and reviews
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

// ownGoal reads the goal of the path ({goal}) among the own goals of the
// organization of the path ({id}), for someone who may read them; an
// initiative's goal, or another organization's, is not found.
func (h *handler) ownGoal(r *http.Request) (*measure.Goal, error) {
	id, err := pathInt(r, "goal")
	if err != nil {
		return nil, err
	}
	return h.Measure.Goal(r.Context(), httpx.Actor(r), measure.OrganizationGoals(r.PathValue("id")), id)
}

func (h *handler) showOrgGoal(w http.ResponseWriter, r *http.Request, g *measure.Goal, status int,
	d orgGoalData) error {
	ctx, actor, goals := r.Context(), httpx.Actor(r), measure.OrganizationGoals(g.OrganizationID)
	var err error
	if d.Org, err = h.Directory.Organization(ctx, g.OrganizationID); err != nil {
		return err
	}
	d.Goal = g
	if d.Shown, d.AsOf, err = h.goalAsOf(r, goals, g); err != nil {
		return err
	}
	if d.Revisions, err = h.Measure.GoalRevisions(ctx, actor, goals, g.ID); err != nil {
		return err
	}
	if d.Indicators, err = h.Measure.ReportedIndicators(ctx, actor, g.OrganizationID); err != nil {
		return err
	}
	progress, err := h.Measure.DashboardOf(ctx, actor, measure.DashboardQuery{Organization: g.OrganizationID,
		Goal: g.ID})
	if err != nil {
		return err
	}
	for _, gp := range progress {
		d.Card = goalCard{Progress: report.Progress{GoalProgress: gp}, Percent: report.Percent(gp)}
		d.Card.Chart = template.HTML(
			svg.ProgressChart(report.Chart(gp, h.now()), svg.ChartOptions{Width: 720, Height: 300, ID: "own"}),
		)
	}
	if d.Findings, err = h.Measure.GoalFindings(ctx, actor, d.Shown); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.SetOrganizationGoals, account.Org(g.OrganizationID)); err != nil {
		return err
	}
	if d.Form == nil {
		d.Form = goalForm(g)
	}
	if d.Milestone == nil {
		d.Milestone = map[string]string{}
	}
	if d.Blocks, err = h.subjectPanel(r, review.KindGoal, g.ID); err != nil {
		return err
	}
	h.render(w, r, status, "organization_goal", g.Statement, "organizations", d)
	return nil
}

// goalForm is a goal as its form shows it.
func goalForm(g *measure.Goal) map[string]string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return map[string]string{
		"statement":             g.Statement,
		"indicator_id":          strconv.FormatInt(g.IndicatorID, 10),
		"baseline":              f(g.Baseline),
		"baseline_period":       g.BaselinePeriod,
		"target":                f(g.Target),
		"unit":                  g.Unit,
		"starts_on":             g.StartsOn,
		"due_on":                g.DueOn,
		"owner_organization_id": g.OwnerOrganizationID,
		"agenda_item_id":        strconv.FormatInt(g.AgendaItemID, 10),
	}
}

func (h *handler) orgGoalPage(w http.ResponseWriter, r *http.Request) error {
	g, err := h.ownGoal(r)
	if err != nil {
		return err
	}
	return h.showOrgGoal(w, r, g, http.StatusOK, orgGoalData{})
}

// orgGoalRevise writes a new revision of an organization's own goal.
func (h *handler) orgGoalRevise(w http.ResponseWriter, r *http.Request) error {
	orgID := r.PathValue("id")
	id, err := pathInt(r, "goal")
	if err != nil {
		return err
	}
	input, form, problems := parseGoalForm(r, 0)
	input.OrganizationID, input.OwnerOrganizationID, input.AgendaItemID = orgID, "", 0
	again := func(problems map[string]string) error {
		g, err := h.ownGoal(r)
		if err != nil {
			return err
		}
		return h.showOrgGoal(w, r, g, http.StatusUnprocessableEntity, orgGoalData{Form: form, Errors: problems})
	}
	if len(problems) > 0 {
		return again(problems)
	}
	_, err = h.Measure.Revise(r.Context(), httpx.Actor(r), measure.OrganizationGoals(orgID), id, input, form["reason"])
	if p := fieldProblems(err); p != nil {
		return again(p)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The goal was revised; the earlier version is kept with its reason.")
	redirect(w, r, fmt.Sprintf("/organizations/%s/goals/%d", orgID, id))
	return nil
}

// orgMilestoneCreate adds a milestone to an organization's own goal.
func (h *handler) orgMilestoneCreate(w http.ResponseWriter, r *http.Request) error {
	orgID := r.PathValue("id")
	id, err := pathInt(r, "goal")
	if err != nil {
		return err
	}
	return h.addMilestone(w, r, measure.OrganizationGoals(orgID), id, func(form, problems map[string]string) error {
		g, err := h.ownGoal(r)
		if err != nil {
			return err
		}
		return h.showOrgGoal(w, r, g, http.StatusUnprocessableEntity, orgGoalData{Milestone: form, MsErrors: problems})
	}, "The milestone was added; passing it will be celebrated.", fmt.Sprintf("/organizations/%s/goals/%d", orgID, id))
}

// milestoneCreate adds a milestone to an initiative's goal.
func (h *handler) milestoneCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "goal")
	if err != nil {
		return err
	}
	return h.addMilestone(w, r, measure.InitiativeGoals(in.ID), id, func(form, problems map[string]string) error {
		_, g, err := h.goalOf(r)
		if err != nil {
			return err
		}
		return h.showGoal(w, r, in, g, http.StatusUnprocessableEntity, goalPageData{Milestone: form,
			MsErrors: problems})
	}, "The milestone was added; the feed celebrates it when the partners' numbers pass it.", fmt.Sprintf("/initiatives/%d/goals/%d", in.ID, id))
}
