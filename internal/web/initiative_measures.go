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
	"backbone/internal/review"
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

func (h *handler) showMeasures(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, status int,
	d measuresData) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	var err error
	if d.Indicators, err = h.Measure.Indicators(ctx, actor, in.ID, false); err != nil {
		return err
	}
	goals, err := h.Measure.Goals(ctx, actor, measure.InitiativeGoals(in.ID))
	if err != nil {
		return err
	}
	if d.Members, err = h.Initiatives.Members(ctx, in.ID); err != nil {
		return err
	}
	if d.Agenda, err = h.Initiatives.AgendaItems(ctx, in.ID); err != nil {
		return err
	}
	for i := range goals {
		findings, err := h.Measure.GoalFindings(ctx, actor, &goals[i])
		if err != nil {
			return err
		}
		d.Goals = append(d.Goals, goalRow{Goal: goals[i], Findings: findings})
	}
	d.Initiative = in
	if d.CanEdit, err = h.may(r, account.ManageMeasurement, account.Initiative(in.ID)); err != nil {
		return err
	}
	d.Frequencies, d.Aggs = measure.Frequencies, measure.Aggregations
	for _, m := range []*map[string]string{&d.Indicator, &d.GoalForm, &d.Story} {
		if *m == nil {
			*m = map[string]string{}
		}
	}
	h.render(w, r, status, "initiative_measures", "Goals and indicators of "+in.Name, "initiatives", d)
	return nil
}

// goalAsOf is the goal as it stood at the end of the page's as_of day, and
// that day; the goal as it stands when there is no such day (or the goal
// was not set yet then).
func (h *handler) goalAsOf(r *http.Request, o measure.Owner, g *measure.Goal) (*measure.Goal, string, error) {
	day := r.URL.Query().Get("as_of")
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return g, day, nil
	}
	old, err := h.Measure.GoalAsOf(r.Context(), httpx.Actor(r), o, g.ID, t.Add(24*time.Hour-time.Nanosecond))
	switch {
	case errors.Is(err, errs.ErrNotFound):
		return g, day, nil
	case err != nil:
		return nil, day, err
	}
	return old, day, nil
}

func (h *handler) measuresPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.showMeasures(w, r, in, http.StatusOK, measuresData{})
}

// indicatorCreate adds an indicator; the store says who may.
func (h *handler) indicatorCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	form, input, problems := parseIndicatorForm(r)
	if len(problems) > 0 {
		return h.showMeasures(w, r, in, http.StatusUnprocessableEntity, measuresData{Indicator: form,
			Reporters: input.Reporters, IndErrors: problems})
	}
	ind, err := h.Measure.CreateIndicator(r.Context(), httpx.Actor(r), in.ID, input)
	if problems := fieldProblems(err); problems != nil {
		return h.showMeasures(w, r, in, http.StatusUnprocessableEntity, measuresData{Indicator: form,
			Reporters: input.Reporters, IndErrors: problems})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The indicator “"+ind.Name+"” was added. Its reporters can now report it.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/measures", in.ID))
	return nil
}

// parseIndicatorForm reads the indicator form, as typed and as input, with
// the fields that are not numbers where numbers belong.
func parseIndicatorForm(r *http.Request) (map[string]string, measure.IndicatorInput, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"name", "definition", "unit", "direction", "aggregation", "frequency", "source", "weight_label",
		"minimum", "maximum"} {
		form[k] = r.PostFormValue(k)
	}
	in := measure.IndicatorInput{Name: form["name"], Definition: form["definition"], Unit: form["unit"], Direction: form["direction"],
		Aggregation: form["aggregation"], Frequency: measure.Frequency(form["frequency"]), Source: form["source"], WeightLabel: form["weight_label"],
		Reporters: r.PostForm["reporters"]}
	problems := map[string]string{}
	for field, dst := range map[string]**float64{"minimum": &in.Minimum, "maximum": &in.Maximum} {
		v, err := optionalNumber(form[field])
		if err != nil {
			problems[field] = err.Error()
		}
		*dst = v
	}
	return form, in, problems
}

// boundText writes an indicator's minimum or maximum in its form ("" for none).
func boundText(b *float64) string {
	if b == nil {
		return ""
	}
	return strconv.FormatFloat(*b, 'f', -1, 64)
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
func (h *handler) goalCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input, form, problems := parseGoalForm(r, in.ID)
	return h.createGoal(w, r, input, form, problems, func(status int, d goalFormState) error {
		return h.showMeasures(w, r, in, status, measuresData{GoalForm: d.Form, GoalErrors: d.Errors,
			Draft: d.Draft, Checked: d.Checked})
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
// one, nothing is saved and again shows the form with the SMART check
// (which only those who may set the goal may ask for); a goal the store
// refuses shows the form with its problems; a saved one goes to its page
// with the flash.
func (h *handler) createGoal(w http.ResponseWriter, r *http.Request, input measure.GoalInput, form, problems map[string]string,
	again func(status int, d goalFormState) error, flash string, page func(*measure.Goal) string) error {
	if r.PostFormValue("action") == "check" || len(problems) > 0 {
		draft, err := h.Measure.CheckGoal(r.Context(), httpx.Actor(r), input)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if len(problems) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return again(status, goalFormState{Form: form, Errors: problems, Draft: draft, Checked: true})
	}
	g, err := h.Measure.CreateGoal(r.Context(), httpx.Actor(r), input)
	if p := fieldProblems(err); p != nil {
		return again(http.StatusUnprocessableEntity, goalFormState{Form: form, Errors: p})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", flash)
	redirect(w, r, page(g))
	return nil
}

// addMilestone adds the milestone of the form to goal goalID of the owner;
// a value that is not a number, or one the goal has already, shows the
// page again.
func (h *handler) addMilestone(w http.ResponseWriter, r *http.Request, o measure.Owner, goalID int64,
	again func(form, problems map[string]string) error, flash, page string) error {
	form := map[string]string{"value": r.PostFormValue("value"), "label": r.PostFormValue("label")}
	v, err := optionalNumber(form["value"])
	switch {
	case err != nil:
		return again(form, map[string]string{"value": err.Error()})
	case v == nil:
		return again(form, map[string]string{"value": "is required"})
	}
	_, err = h.Measure.AddMilestone(r.Context(), httpx.Actor(r), o, goalID, *v, form["label"])
	if p := fieldProblems(err); p != nil {
		return again(form, p)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", flash)
	redirect(w, r, page)
	return nil
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
	Blocks     *subjectPanel // the goal's roadblocks and reviews
	// Each member's part of the indicator in one period (the latest unless
	// the page asks for another), and the periods there are.
	Period        string
	Periods       []string
	Contributions []measure.Contribution
	IndicatorID   int64
	Withdrawable  map[string]bool // the organizations whose value the user may withdraw
}

// goalOf reads the initiative of the path and its goal ({goal}), for
// someone who may see them; a goal of another initiative is not found.
func (h *handler) goalOf(r *http.Request) (*initiative.Initiative, *measure.Goal, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "goal")
	if err != nil {
		return nil, nil, err
	}
	g, err := h.Measure.Goal(r.Context(), httpx.Actor(r), measure.InitiativeGoals(in.ID), id)
	return in, g, err
}

func (h *handler) showGoal(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, g *measure.Goal,
	status int, d goalPageData) error {
	ctx, actor, goals := r.Context(), httpx.Actor(r), measure.InitiativeGoals(in.ID)
	var err error
	d.Initiative, d.Goal = in, g
	if d.Shown, d.AsOf, err = h.goalAsOf(r, goals, g); err != nil {
		return err
	}
	if d.Revisions, err = h.Measure.GoalRevisions(ctx, actor, goals, g.ID); err != nil {
		return err
	}
	if d.Indicators, err = h.Measure.Indicators(ctx, actor, in.ID, false); err != nil {
		return err
	}
	if d.Members, err = h.Initiatives.Members(ctx, in.ID); err != nil {
		return err
	}
	if d.Agenda, err = h.Initiatives.AgendaItems(ctx, in.ID); err != nil {
		return err
	}
	if d.Findings, err = h.Measure.GoalFindings(ctx, actor, d.Shown); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.ManageMeasurement, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.Milestones, err = h.Measure.Milestones(ctx, actor, goals, g.ID); err != nil {
		return err
	}
	if g.IndicatorID != 0 {
		if err := h.contributions(r, in.ID, g.IndicatorID, &d); err != nil {
			return err
		}
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
	h.render(w, r, status, "initiative_goal", g.Statement, "initiatives", d)
	return nil
}

// contributions fills the goal page's periods of the indicator, newest
// first, and each member's part of the one shown.
func (h *handler) contributions(r *http.Request, initiativeID, indicatorID int64, d *goalPageData) error {
	series, err := h.Measure.Rollup(r.Context(), httpx.Actor(r), initiativeID, indicatorID, "", "")
	if err != nil {
		return err
	}
	for i := len(series) - 1; i >= 0; i-- {
		d.Periods = append(d.Periods, series[i].Period)
	}
	if d.Period = r.URL.Query().Get("period"); d.Period == "" && len(d.Periods) > 0 {
		d.Period = d.Periods[0]
	}
	if d.Period == "" {
		return nil
	}
	d.Contributions, err = h.Measure.Contributions(r.Context(), httpx.Actor(r), initiativeID, indicatorID, d.Period)
	if err != nil {
		return err
	}
	d.IndicatorID, d.Withdrawable = indicatorID, map[string]bool{}
	for _, c := range d.Contributions {
		if !c.Reported {
			continue
		}
		ok, err := h.may(r, account.WithdrawMeasurement, account.OrgIn(c.OrganizationID, initiativeID))
		if err != nil {
			return err
		}
		d.Withdrawable[c.OrganizationID] = ok
	}
	return nil
}

func (h *handler) goalPage(w http.ResponseWriter, r *http.Request) error {
	in, g, err := h.goalOf(r)
	if err != nil {
		return err
	}
	return h.showGoal(w, r, in, g, http.StatusOK, goalPageData{})
}

// goalRevise writes a new revision of a goal, with its reason; the earlier
// ones stay, so the dashboard can show the goal as it was.
func (h *handler) goalRevise(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "goal")
	if err != nil {
		return err
	}
	input, form, problems := parseGoalForm(r, in.ID)
	again := func(problems map[string]string) error {
		_, g, err := h.goalOf(r)
		if err != nil {
			return err
		}
		return h.showGoal(w, r, in, g, http.StatusUnprocessableEntity, goalPageData{Form: form, Errors: problems})
	}
	if len(problems) > 0 {
		return again(problems)
	}
	_, err = h.Measure.Revise(r.Context(), httpx.Actor(r), measure.InitiativeGoals(in.ID), id, input, form["reason"])
	if p := fieldProblems(err); p != nil {
		return again(p)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The goal was revised; the earlier version is kept with its reason.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/goals/%d", in.ID, id))
	return nil
}

// storyCreate adds a story beside the numbers; the store says who may
// (backbone staff, and the people of the initiative's active members).
func (h *handler) storyCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
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
	_, err = h.Measure.AddStory(r.Context(), httpx.Actor(r), in.ID, measure.StoryInput{Title: form["title"],
		Body: form["body"], Kind: form["kind"],
		ConsentBy: form["consent_by"], ConsentOn: form["consent_on"], ConsentHow: form["consent_how"], GoalIDs: goals})
	if p := fieldProblems(err); p != nil {
		return h.showMeasures(w, r, in, http.StatusUnprocessableEntity, measuresData{Story: form, StoryErrors: p})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The story was added; it shows beside the numbers on the dashboard.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/dashboard", in.ID))
	return nil
}
