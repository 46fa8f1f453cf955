package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// An initiative's goals and an organization's own goals are written, read,
// revised and checked alike; only whose they are, and who may, differ. A
// goalScope says that for a path, and the handlers below serve both.

// goalOwner is whose goals a path names: an initiative's, or one
// organization's own.
type goalOwner struct {
	initiativeID int64
	orgID        string
	path         string // where its goals are served
}

// goalScope finds the owner of the path's goals when the caller may read
// them (write false) or set them.
type goalScope func(h *handler, r *http.Request, write bool) (goalOwner, error)

// initiativeGoals: an initiative's goals are read by whoever may view it
// and set by its backbone staff.
func initiativeGoals(h *handler, r *http.Request, write bool) (goalOwner, error) {
	a := account.ViewInitiative
	if write {
		a = account.EditInitiative
	}
	in, err := h.initiativeFor(r, a)
	if err != nil {
		return goalOwner{}, err
	}
	return goalOwner{initiativeID: in.ID, path: fmt.Sprintf("%s/initiatives/%d/goals", prefix, in.ID)}, nil
}

// organizationGoals: an organization's own goals are read by its people and
// the stewards, and set by its people.
func organizationGoals(h *handler, r *http.Request, write bool) (goalOwner, error) {
	a := account.ViewOrganizationGoals
	if write {
		a = account.SetOrganizationGoals
	}
	id := r.PathValue("id")
	if err := h.authorize(r, a, account.Org(id)); err != nil {
		return goalOwner{}, err
	}
	o, err := h.Directory.Organization(r.Context(), id)
	if err != nil {
		return goalOwner{}, err
	}
	return goalOwner{orgID: o.ID, path: prefix + "/organizations/" + url.PathEscape(o.ID) + "/goals"}, nil
}

// goal returns the goal of the path as it stands, if it is the owner's.
func (o goalOwner) goal(h *handler, r *http.Request) (*measure.Goal, error) {
	id, err := pathID(r, "goal")
	if err != nil {
		return nil, err
	}
	g, err := h.Measure.Goal(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if g.InitiativeID != o.initiativeID || g.OrganizationID != o.orgID {
		return nil, fmt.Errorf("goal %d of %s: %w", id, o.path, errs.ErrNotFound)
	}
	return g, nil
}

// goal returns the owner of the path's goals, if the caller may read them
// (or set them), and the goal of the path.
func (scope goalScope) goal(h *handler, r *http.Request, write bool) (goalOwner, *measure.Goal, error) {
	owner, err := scope(h, r, write)
	if err != nil {
		return goalOwner{}, nil, err
	}
	g, err := owner.goal(h, r)
	return owner, g, err
}

// draft returns the owner of the path's goals, if the caller may set them,
// and the new goal the body states.
func (scope goalScope) draft(h *handler, w http.ResponseWriter, r *http.Request) (goalOwner, measure.GoalInput, error) {
	owner, err := scope(h, r, true)
	if err != nil {
		return goalOwner{}, measure.GoalInput{}, err
	}
	in, _, err := owner.decodeGoal(w, r, false)
	return owner, in, err
}

// goalBody is the body that sets a goal: an initiative's or, without
// owner_organization_id and agenda_item_id, an organization's own; a
// revision adds its reason. A revision states the whole goal: fields left
// out are cleared.
type goalBody struct {
	Statement           string   `json:"statement"`
	IndicatorID         int64    `json:"indicator_id"`
	Baseline            *float64 `json:"baseline"`
	BaselinePeriod      string   `json:"baseline_period"`
	Target              *float64 `json:"target"`
	Unit                string   `json:"unit"`
	StartsOn            string   `json:"starts_on"`
	DueOn               string   `json:"due_on"`
	OwnerOrganizationID *string  `json:"owner_organization_id"`
	AgendaItemID        *int64   `json:"agenda_item_id"`
	Reason              *string  `json:"reason"`
}

// decodeGoal reads a goal body for the owner: the goal and, for a revision,
// the reason. A field the owner's schema lacks is refused as unknown.
func (o goalOwner) decodeGoal(w http.ResponseWriter, r *http.Request, revision bool) (measure.GoalInput, string, error) {
	var b goalBody
	if err := decodeBody(w, r, &b); err != nil {
		return measure.GoalInput{}, "", err
	}
	unknown := func(field, why string) error {
		return &requestError{status: http.StatusBadRequest, kind: "unknown-field", field: field, detail: fmt.Sprintf("unknown field %q: %s", field, why)}
	}
	switch {
	case o.orgID != "" && b.OwnerOrganizationID != nil:
		return measure.GoalInput{}, "", unknown("owner_organization_id", "an organization's own goal is owned by the organization")
	case o.orgID != "" && b.AgendaItemID != nil:
		return measure.GoalInput{}, "", unknown("agenda_item_id", "an organization's own goal serves no initiative's agenda item")
	case !revision && b.Reason != nil:
		return measure.GoalInput{}, "", unknown("reason", "a goal's first version needs no reason; give one when revising it")
	}
	in := measure.GoalInput{InitiativeID: o.initiativeID, OrganizationID: o.orgID, Statement: b.Statement, IndicatorID: b.IndicatorID,
		Baseline: b.Baseline, BaselinePeriod: b.BaselinePeriod, Target: b.Target, Unit: b.Unit, StartsOn: b.StartsOn, DueOn: b.DueOn}
	if b.OwnerOrganizationID != nil {
		in.OwnerOrganizationID = *b.OwnerOrganizationID
	}
	if b.AgendaItemID != nil {
		in.AgendaItemID = *b.AgendaItemID
	}
	reason := ""
	if b.Reason != nil {
		reason = *b.Reason
	}
	return in, reason, nil
}

// finding is one SMART letter a goal misses, as the API gives it.
type finding struct {
	Letter    string `json:"letter"`
	Criterion string `json:"criterion"`
	Message   string `json:"message"`
	Undecided bool   `json:"undecided"` // the check could not judge, rather than found a fault
}

// checkedGoal is a goal with what its SMART check finds.
type checkedGoal struct {
	Goal     measure.Goal `json:"goal"`
	Findings []finding    `json:"findings"`
}

// findings runs the SMART check on a draft.
func (h *handler) findings(ctx context.Context, in measure.GoalInput) ([]finding, error) {
	fs, err := h.Measure.CheckGoal(ctx, in)
	if err != nil {
		return nil, err
	}
	out := make([]finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, finding{Letter: f.Letter, Criterion: f.Criterion, Message: f.Message, Undecided: f.Undecided})
	}
	return out, nil
}

// checked returns g with its SMART findings.
func (h *handler) checked(ctx context.Context, g *measure.Goal) (checkedGoal, error) {
	fs, err := h.findings(ctx, measure.GoalInput{InitiativeID: g.InitiativeID, OrganizationID: g.OrganizationID, Statement: g.Statement,
		IndicatorID: g.IndicatorID, Baseline: g.Baseline, BaselinePeriod: g.BaselinePeriod, Target: g.Target, Unit: g.Unit,
		StartsOn: g.StartsOn, DueOn: g.DueOn, OwnerOrganizationID: g.OwnerOrganizationID, AgendaItemID: g.AgendaItemID})
	return checkedGoal{Goal: *g, Findings: fs}, err
}

func (h *handler) listGoals(w http.ResponseWriter, r *http.Request) error {
	owner, err := initiativeGoals(h, r, false)
	if err != nil {
		return err
	}
	goals, err := h.Measure.Goals(r.Context(), owner.initiativeID)
	if err != nil {
		return err
	}
	out := make([]checkedGoal, 0, len(goals))
	for i := range goals {
		g, err := h.checked(r.Context(), &goals[i])
		if err != nil {
			return err
		}
		out = append(out, g)
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

// createGoal sets a goal of the scope's owner.
func createGoal(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		owner, in, err := scope.draft(h, w, r)
		if err != nil {
			return err
		}
		g, err := h.Measure.CreateGoal(r.Context(), httpx.Actor(r), in)
		if err != nil {
			return err
		}
		out, err := h.checked(r.Context(), g)
		if err != nil {
			return err
		}
		w.Header().Set("Location", fmt.Sprintf("%s/%d", owner.path, g.ID))
		h.writeJSON(w, r, http.StatusCreated, out)
		return nil
	}
}

// checkGoal runs the SMART check on a draft without saving it, as the web
// form's "check" button does; only those who may set the goal may ask.
func checkGoal(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		_, in, err := scope.draft(h, w, r)
		if err != nil {
			return err
		}
		fs, err := h.findings(r.Context(), in)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, map[string]any{"findings": fs, "smart": len(fs) == 0})
		return nil
	}
}

// goalParams are the query parameters of a goal: which version to show.
var goalParams = []param{
	{Name: "as_of", Description: "YYYY-MM-DD: the goal as it stood at the end of that day", Schema: obj{"type": "string", "format": "date"}},
	{Name: "revision", Description: "A revision number: the goal as that revision stated it", Schema: obj{"type": "integer", "minimum": 1}},
}

// goalDetail is one goal, as shown, with its history and milestones.
type goalDetail struct {
	checkedGoal
	Revisions  []measure.Goal      `json:"revisions"`
	Milestones []measure.Milestone `json:"milestones"`
}

// getGoal serves a goal as it stands, as it stood on a day (as_of), or as
// one revision stated it; the findings are those of the version shown.
func getGoal(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		_, g, err := scope.goal(h, r, false)
		if err != nil {
			return err
		}
		shown, err := h.goalVersion(r, g)
		if err != nil {
			return err
		}
		d := goalDetail{}
		if d.checkedGoal, err = h.checked(r.Context(), shown); err != nil {
			return err
		}
		if d.Revisions, err = h.Measure.GoalRevisions(r.Context(), g.ID); err != nil {
			return err
		}
		if d.Milestones, err = h.Measure.Milestones(r.Context(), g.ID); err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, d)
		return nil
	}
}

// goalVersion is the version of g the query asks for: as of a day, one
// revision, or (neither) the current one.
func (h *handler) goalVersion(r *http.Request, g *measure.Goal) (*measure.Goal, error) {
	q := r.URL.Query()
	asOf, rev := q.Get("as_of"), q.Get("revision")
	switch {
	case asOf != "" && rev != "":
		return nil, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "revision", detail: "revision: give as_of or revision, not both"}
	case asOf != "":
		day, err := queryDay(q, "as_of")
		if err != nil {
			return nil, err
		}
		shown, err := h.Measure.GoalAsOf(r.Context(), g.ID, day.Add(24*time.Hour-time.Nanosecond))
		if errors.Is(err, errs.ErrNotFound) {
			return nil, &requestError{status: http.StatusNotFound, kind: "not-found", field: "as_of", detail: "as_of: the goal was not yet set on " + asOf}
		}
		return shown, err
	case rev != "":
		n, err := strconv.Atoi(rev)
		if err != nil || n < 1 {
			return nil, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "revision", detail: "revision: must be a whole number from 1"}
		}
		shown, err := h.Measure.GoalRevision(r.Context(), g.ID, n)
		if errors.Is(err, errs.ErrNotFound) {
			return nil, &requestError{status: http.StatusNotFound, kind: "not-found", field: "revision",
				detail: fmt.Sprintf("revision: the goal has no revision %d (its newest is %d)", n, g.CurrentRevision)}
		}
		return shown, err
	}
	return g, nil
}

// reviseGoal writes a new revision of a goal, with its reason.
func reviseGoal(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		owner, g, err := scope.goal(h, r, true)
		if err != nil {
			return err
		}
		in, reason, err := owner.decodeGoal(w, r, true)
		if err != nil {
			return err
		}
		revised, err := h.Measure.Revise(r.Context(), httpx.Actor(r), g.ID, in, reason)
		if err != nil {
			return err
		}
		out, err := h.checked(r.Context(), revised)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, out)
		return nil
	}
}

func listMilestones(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		_, g, err := scope.goal(h, r, false)
		if err != nil {
			return err
		}
		ms, err := h.Measure.Milestones(r.Context(), g.ID)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, list(ms))
		return nil
	}
}

// milestoneBody is the body of a new milestone.
type milestoneBody struct {
	Value *float64 `json:"value"`
	Label string   `json:"label"`
}

func addMilestone(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		_, g, err := scope.goal(h, r, true)
		if err != nil {
			return err
		}
		var body milestoneBody
		if err := decodeBody(w, r, &body); err != nil {
			return err
		}
		if body.Value == nil {
			return &errs.ValidationError{Fields: map[string]string{"value": "is required: the value on the way to the target"}}
		}
		m, err := h.Measure.AddMilestone(r.Context(), httpx.Actor(r), g.ID, *body.Value, body.Label)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusCreated, m)
		return nil
	}
}
