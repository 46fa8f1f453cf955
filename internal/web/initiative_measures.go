package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
)

type goalRow struct {
	Goal     measure.Goal
	Findings []measure.Finding
}

type measuresData struct {
	Initiative *initiative.Initiative
	Indicators []*measure.Indicator
	Goals      []goalRow
	Members    []initiative.Member
	Agenda     []initiative.AgendaItem
	CanEdit    bool
	// The forms, as typed, and their problems.
	Indicator   map[string]string
	Reporters   []string
	IndErrors   map[string]string
	GoalForm    map[string]string
	GoalErrors  map[string]string
	Draft       []measure.Finding // the SMART check of the goal form
	Checked     bool
	Story       map[string]string
	StoryErrors map[string]string
	Frequencies []measure.Frequency
	Aggs        []string
}

func (h *handler) showMeasures(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, status int, d measuresData) {
	ctx := r.Context()
	var err error
	if d.Indicators, err = h.Measure.Indicators(ctx, in.ID, false); err != nil {
		h.fail(w, r, err)
		return
	}
	goals, err := h.Measure.Goals(ctx, in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Members, err = h.Initiatives.Members(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Agenda, err = h.Initiatives.AgendaItems(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, g := range goals {
		d.Goals = append(d.Goals, goalRow{Goal: g, Findings: h.smart(r, goalInput(g))})
	}
	d.Initiative = in
	d.CanEdit, _ = h.Accounts.Can(ctx, httpx.User(ctx), account.EditInitiative, account.Initiative(in.ID))
	d.Frequencies, d.Aggs = measure.Frequencies, measure.Aggregations
	for _, m := range []*map[string]string{&d.Indicator, &d.GoalForm, &d.Story} {
		if *m == nil {
			*m = map[string]string{}
		}
	}
	h.render(w, r, status, "initiative_measures", "Goals and indicators of "+in.Name, "initiatives", d)
}

// smart runs the SMART check on a goal, saved or a draft (see
// measure.Store.CheckGoal: an initiative's goal is judged by the combined
// values of its indicator, an organization's own by its own values). A
// failure is logged and shows no findings.
func (h *handler) smart(r *http.Request, in measure.GoalInput) []measure.Finding {
	findings, err := h.Measure.CheckGoal(r.Context(), in)
	if err != nil {
		h.Logger.Error("SMART check", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
	return findings
}

// goalAsOf is the goal as it stood at the end of the page's as_of day, and
// that day; the goal as it stands when there is no such day (or the goal
// was not set yet then).
func (h *handler) goalAsOf(r *http.Request, g *measure.Goal) (*measure.Goal, string) {
	day := r.URL.Query().Get("as_of")
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return g, day
	}
	if old, err := h.Measure.GoalAsOf(r.Context(), g.ID, t.Add(24*time.Hour-time.Nanosecond)); err == nil {
		return old, day
	}
	return g, day
}

// goalInput is a saved goal as the SMART check reads it.
func goalInput(g measure.Goal) measure.GoalInput {
	return measure.GoalInput{InitiativeID: g.InitiativeID, OrganizationID: g.OrganizationID, Statement: g.Statement, IndicatorID: g.IndicatorID,
		Baseline: g.Baseline, Target: g.Target, Unit: g.Unit, StartsOn: g.StartsOn, DueOn: g.DueOn, AgendaItemID: g.AgendaItemID}
}

func parseDay(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func (h *handler) measuresPage(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	h.showMeasures(w, r, in, http.StatusOK, measuresData{})
}

func (h *handler) indicatorCreate(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	form, input := parseIndicatorForm(r)
	ind, err := h.Measure.CreateIndicator(r.Context(), httpx.Actor(r), in.ID, input)
	if problems := fieldProblems(err); problems != nil {
		h.showMeasures(w, r, in, http.StatusUnprocessableEntity, measuresData{Indicator: form, Reporters: input.Reporters, IndErrors: problems})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "The indicator “"+ind.Name+"” was added. Its reporters can now report it.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/measures", in.ID))
}

// parseIndicatorForm reads the indicator form, as typed and as input.
func parseIndicatorForm(r *http.Request) (map[string]string, measure.IndicatorInput) {
	form := map[string]string{}
	for _, k := range []string{"name", "definition", "unit", "direction", "aggregation", "frequency", "source", "weight_label"} {
		form[k] = r.PostFormValue(k)
	}
	return form, measure.IndicatorInput{Name: form["name"], Definition: form["definition"], Unit: form["unit"], Direction: form["direction"],
		Aggregation: form["aggregation"], Frequency: measure.Frequency(form["frequency"]), Source: form["source"], WeightLabel: form["weight_label"],
		Reporters: r.PostForm["reporters"]}
}

// fieldProblems returns the field messages of a validation error or a
// conflict, and nil for any other error.
func fieldProblems(err error) map[string]string {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return v.Fields
	case errors.As(err, &c):
		field := c.Field
		if field == "" {
			field = "form"
		}
		return map[string]string{field: c.Message}
	}
	return nil
}

func optionalNumber(s string) (*float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	return &f, nil
}

// parseGoalForm reads the goal form; problems with numbers are reported by field.
func parseGoalForm(r *http.Request, initiativeID int64) (measure.GoalInput, map[string]string, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"statement", "indicator_id", "baseline", "baseline_period", "target", "unit", "starts_on", "due_on", "owner_organization_id", "agenda_item_id", "reason"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	problems := map[string]string{}
	in := measure.GoalInput{InitiativeID: initiativeID, Statement: form["statement"], BaselinePeriod: form["baseline_period"], Unit: form["unit"],
		StartsOn: form["starts_on"], DueOn: form["due_on"], OwnerOrganizationID: form["owner_organization_id"]}
	in.IndicatorID, _ = strconv.ParseInt(form["indicator_id"], 10, 64)
	in.AgendaItemID, _ = strconv.ParseInt(form["agenda_item_id"], 10, 64)
	var err error
	if in.Baseline, err = optionalNumber(form["baseline"]); err != nil {
		problems["baseline"] = err.Error()
	}
	if in.Target, err = optionalNumber(form["target"]); err != nil {
		problems["target"] = err.Error()
	}
	return in, form, problems
}

// goalCreate adds a goal; with action=check it only runs the SMART check
// and shows the form again, so a goal can be improved before it is saved.
func (h *handler) goalCreate(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	input, form, problems := parseGoalForm(r, in.ID)
	h.createGoal(w, r, input, form, problems, func(status int, d goalFormState) {
		h.showMeasures(w, r, in, status, measuresData{GoalForm: d.Form, GoalErrors: d.Errors, Draft: d.Draft, Checked: d.Checked})
	}, "The goal was added; it shows on the dashboard.", func(g *measure.Goal) string { return fmt.Sprintf("/initiatives/%d/goals/%d", in.ID, g.ID) })
}

// goalFormState is a goal form shown again: as typed, its problems and,
// after "Check it", what the SMART check says.
type goalFormState struct {
	Form, Errors map[string]string
	Draft        []measure.Finding
	Checked      bool
}

// createGoal saves a goal from its form, for an initiative's goals page and
// an organization's own alike. With action=check, or a number that is not
// one, nothing is saved and again shows the form with the SMART check; a
// goal the store refuses shows the form with its problems; a saved one goes
// to its page with the flash.
func (h *handler) createGoal(w http.ResponseWriter, r *http.Request, input measure.GoalInput, form, problems map[string]string,
	again func(status int, d goalFormState), flash string, page func(*measure.Goal) string) {
	if r.PostFormValue("action") == "check" || len(problems) > 0 {
		status := http.StatusOK
		if len(problems) > 0 {
			status = http.StatusUnprocessableEntity
		}
		again(status, goalFormState{Form: form, Errors: problems, Draft: h.smart(r, input), Checked: true})
		return
	}
	g, err := h.Measure.CreateGoal(r.Context(), httpx.Actor(r), input)
	if p := fieldProblems(err); p != nil {
		again(http.StatusUnprocessableEntity, goalFormState{Form: form, Errors: p})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", flash)
	redirect(w, r, page(g))
}

// addMilestone adds the milestone of the form to a goal; a value that is
// not a number, or one the goal has already, shows the page again.
func (h *handler) addMilestone(w http.ResponseWriter, r *http.Request, goalID int64, again func(form, problems map[string]string), flash, page string) {
	form := map[string]string{"value": r.PostFormValue("value"), "label": r.PostFormValue("label")}
	v, err := optionalNumber(form["value"])
	switch {
	case err != nil:
		again(form, map[string]string{"value": err.Error()})
		return
	case v == nil:
		again(form, map[string]string{"value": "is required"})
		return
	}
	_, err = h.Measure.AddMilestone(r.Context(), httpx.Actor(r), goalID, *v, form["label"])
	if p := fieldProblems(err); p != nil {
		again(form, p)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", flash)
	redirect(w, r, page)
}

type goalPageData struct {
	Initiative *initiative.Initiative
	Goal       *measure.Goal
	Shown      *measure.Goal // the revision shown (as of a date, or the current one)
	Revisions  []measure.Goal
	Findings   []measure.Finding
	Indicators []*measure.Indicator
	Members    []initiative.Member
	Agenda     []initiative.AgendaItem
	CanEdit    bool
	AsOf       string
	Form       map[string]string
	Errors     map[string]string
	Milestones []measure.Milestone
	Milestone  map[string]string // the milestone form, as typed
	MsErrors   map[string]string
	// Each member's part of the indicator in one period (the latest unless
	// the page asks for another), and the periods there are.
	Period        string
	Periods       []string
	Contributions []measure.Contribution
}

// goal loads the goal of the path, making sure it belongs to the initiative.
func (h *handler) goal(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) *measure.Goal {
	id, _ := strconv.ParseInt(r.PathValue("goal"), 10, 64)
	g, err := h.Measure.Goal(r.Context(), id)
	if err == nil && g.InitiativeID != in.ID {
		err = errs.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return g
}

func (h *handler) showGoal(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, g *measure.Goal, status int, d goalPageData) {
	ctx := r.Context()
	var err error
	d.Initiative, d.Goal = in, g
	d.Shown, d.AsOf = h.goalAsOf(r, g)
	if d.Revisions, err = h.Measure.GoalRevisions(ctx, g.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Indicators, err = h.Measure.Indicators(ctx, in.ID, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Members, err = h.Initiatives.Members(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Agenda, err = h.Initiatives.AgendaItems(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Findings = h.smart(r, goalInput(*d.Shown))
	d.CanEdit, _ = h.Accounts.Can(ctx, httpx.User(ctx), account.EditInitiative, account.Initiative(in.ID))
	if d.Milestones, err = h.Measure.Milestones(ctx, g.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if g.IndicatorID != 0 {
		series, err := h.Measure.Rollup(ctx, g.IndicatorID, "", "")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for i := len(series) - 1; i >= 0; i-- {
			d.Periods = append(d.Periods, series[i].Period)
		}
		if d.Period = r.URL.Query().Get("period"); d.Period == "" && len(d.Periods) > 0 {
			d.Period = d.Periods[0]
		}
		if d.Period != "" {
			if d.Contributions, err = h.Measure.Contributions(ctx, g.IndicatorID, d.Period); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	if d.Form == nil {
		d.Form = goalForm(g)
	}
	if d.Milestone == nil {
		d.Milestone = map[string]string{}
	}
	h.render(w, r, status, "initiative_goal", g.Statement, "initiatives", d)
}

func (h *handler) goalPage(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	if g := h.goal(w, r, in); g != nil {
		h.showGoal(w, r, in, g, http.StatusOK, goalPageData{})
	}
}

// goalRevise writes a new revision of a goal, with its reason; the earlier
// ones stay, so the dashboard can show the goal as it was.
func (h *handler) goalRevise(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	g := h.goal(w, r, in)
	if g == nil {
		return
	}
	input, form, problems := parseGoalForm(r, in.ID)
	if len(problems) > 0 {
		h.showGoal(w, r, in, g, http.StatusUnprocessableEntity, goalPageData{Form: form, Errors: problems})
		return
	}
	_, err := h.Measure.Revise(r.Context(), httpx.Actor(r), g.ID, input, form["reason"])
	if p := fieldProblems(err); p != nil {
		h.showGoal(w, r, in, g, http.StatusUnprocessableEntity, goalPageData{Form: form, Errors: p})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "The goal was revised; the earlier version is kept with its reason.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/goals/%d", in.ID, g.ID))
}

func (h *handler) storyCreate(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	// Any member organization's people may add a story; backbone staff too.
	u := httpx.User(r.Context())
	ok, _ := h.Accounts.Can(r.Context(), u, account.EditInitiative, account.Initiative(in.ID))
	if !ok {
		ms, _ := h.Accounts.MembershipsOf(r.Context(), u.ID)
		members, _ := h.Initiatives.Members(r.Context(), in.ID)
		for _, m := range ms {
			for _, im := range members {
				if im.OrganizationID == m.OrganizationID && im.Status == "active" {
					ok = true
				}
			}
		}
	}
	if !ok {
		h.fail(w, r, fmt.Errorf("add a story to initiative %d: %w", in.ID, errs.ErrForbidden))
		return
	}
	form := map[string]string{}
	for _, k := range []string{"title", "body", "kind", "consent_by", "consent_on", "consent_how"} {
		form[k] = r.PostFormValue(k)
	}
	var goals []int64
	for _, s := range r.PostForm["goal_ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			goals = append(goals, id)
		}
	}
	_, err := h.Measure.AddStory(r.Context(), httpx.Actor(r), in.ID, measure.StoryInput{Title: form["title"], Body: form["body"], Kind: form["kind"],
		ConsentBy: form["consent_by"], ConsentOn: form["consent_on"], ConsentHow: form["consent_how"], GoalIDs: goals})
	if p := fieldProblems(err); p != nil {
		h.showMeasures(w, r, in, http.StatusUnprocessableEntity, measuresData{Story: form, StoryErrors: p})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "The story was added; it shows beside the numbers on the dashboard.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/dashboard", in.ID))
}
