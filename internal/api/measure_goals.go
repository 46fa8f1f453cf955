package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// An initiative's goals and an organization's own goals are written, read,
// revised and checked alike; only whose they are (a measure.Owner), and so
// who may, differ: the store decides. A goalScope says whose goals a path
// names, and the handlers below serve both.

// goalOwner is whose goals a path names, and where they are served.
type goalOwner struct {
	measure.Owner
	path string
}

// goalScope reads whose goals the path names.
type goalScope func(r *http.Request) (goalOwner, error)

// initiativeGoals: an initiative's goals.
func initiativeGoals(r *http.Request) (goalOwner, error) {
	id, err := pathID(r, "id")
	return goalOwner{Owner: measure.InitiativeGoals(id), path: fmt.Sprintf("%s/initiatives/%d/goals", prefix, id)}, err
}

// organizationGoals: an organization's own goals.
func organizationGoals(r *http.Request) (goalOwner, error) {
	id := r.PathValue("id")
	return goalOwner{Owner: measure.OrganizationGoals(id),
		path: prefix + "/organizations/" + url.PathEscape(id) + "/goals"}, nil
}

// goal reads whose goals the path names, and the goal's id.
func (scope goalScope) goal(r *http.Request) (goalOwner, int64, error) {
	owner, err := scope(r)
	if err != nil {
		return goalOwner{}, 0, err
	}
	id, err := pathID(r, "goal")
	return owner, id, err
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
	case o.OrganizationID != "" && b.OwnerOrganizationID != nil:
		return measure.GoalInput{}, "", unknown("owner_organization_id", "an organization's own goal is owned by the organization")
	case o.OrganizationID != "" && b.AgendaItemID != nil:
		return measure.GoalInput{}, "", unknown("agenda_item_id", "an organization's own goal serves no initiative's agenda item")
	case !revision && b.Reason != nil:
		return measure.GoalInput{}, "", unknown("reason", "a goal's first version needs no reason; give one when revising it")
	}
	in := measure.GoalInput{InitiativeID: o.InitiativeID, OrganizationID: o.OrganizationID,
		Statement: b.Statement, IndicatorID: b.IndicatorID,
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

// findingsOf is what the SMART check found, as the API gives it.
func findingsOf(fs []measure.Finding) []finding {
	out := make([]finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, finding{Letter: f.Letter, Criterion: f.Criterion, Message: f.Message, Undecided: f.Undecided})
	}
	return out
}

// checked returns g with its SMART findings.
func (h *handler) checked(r *http.Request, g *measure.Goal) (checkedGoal, error) {
	fs, err := h.Measure.GoalFindings(r.Context(), httpx.Actor(r), g)
	return checkedGoal{Goal: *g, Findings: findingsOf(fs)}, err
}

func (h *handler) listGoals(w http.ResponseWriter, r *http.Request) error {
	owner, err := initiativeGoals(r)
	if err != nil {
		return err
	}
	goals, err := h.Measure.Goals(r.Context(), httpx.Actor(r), owner.Owner)
	if err != nil {
		return err
	}
	out := make([]checkedGoal, 0, len(goals))
	for i := range goals {
		g, err := h.checked(r, &goals[i])
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
		owner, err := scope(r)
		if err != nil {
			return err
		}
		in, _, err := owner.decodeGoal(w, r, false)
		if err != nil {
			return err
		}
		g, err := h.Measure.CreateGoal(r.Context(), httpx.Actor(r), in)
		if err != nil {
			return err
		}
		out, err := h.checked(r, g)
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
		owner, err := scope(r)
		if err != nil {
			return err
		}
		in, _, err := owner.decodeGoal(w, r, false)
		if err != nil {
			return err
		}
		fs, err := h.Measure.CheckGoal(r.Context(), httpx.Actor(r), in)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, map[string]any{"findings": findingsOf(fs), "smart": len(fs) == 0})
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
		owner, id, err := scope.goal(r)
		if err != nil {
			return err
		}
		g, err := h.Measure.Goal(r.Context(), httpx.Actor(r), owner.Owner, id)
		if err != nil {
			return err
		}
		shown, err := h.goalVersion(r, owner.Owner, g)
		if err != nil {
			return err
		}
		d := goalDetail{}
		if d.checkedGoal, err = h.checked(r, shown); err != nil {
			return err
		}
		if d.Revisions, err = h.Measure.GoalRevisions(r.Context(), httpx.Actor(r), owner.Owner, g.ID); err != nil {
			return err
		}
		if d.Milestones, err = h.Measure.Milestones(r.Context(), httpx.Actor(r), owner.Owner, g.ID); err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, d)
		return nil
	}
}

// goalVersion is the version of g the query asks for: as of a day, one
// revision, or (neither) the current one.
func (h *handler) goalVersion(r *http.Request, owner measure.Owner, g *measure.Goal) (*measure.Goal, error) {
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
		shown, err := h.Measure.GoalAsOf(r.Context(), httpx.Actor(r), owner, g.ID,
			day.Add(24*time.Hour-time.Nanosecond))
		if errors.Is(err, errs.ErrNotFound) {
			return nil, &requestError{status: http.StatusNotFound, kind: "not-found", field: "as_of", detail: "as_of: the goal was not yet set on " + asOf}
		}
		return shown, err
	case rev != "":
		n, err := strconv.Atoi(rev)
		if err != nil || n < 1 {
			return nil, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "revision", detail: "revision: must be a whole number from 1"}
		}
		shown, err := h.Measure.GoalRevision(r.Context(), httpx.Actor(r), owner, g.ID, n)
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
		owner, id, err := scope.goal(r)
		if err != nil {
			return err
		}
		in, reason, err := owner.decodeGoal(w, r, true)
		if err != nil {
			return err
		}
		revised, err := h.Measure.Revise(r.Context(), httpx.Actor(r), owner.Owner, id, in, reason)
		if err != nil {
			return err
		}
		out, err := h.checked(r, revised)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, out)
		return nil
	}
}

func listMilestones(scope goalScope) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		owner, id, err := scope.goal(r)
		if err != nil {
			return err
		}
		ms, err := h.Measure.Milestones(r.Context(), httpx.Actor(r), owner.Owner, id)
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
		owner, id, err := scope.goal(r)
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
		m, err := h.Measure.AddMilestone(r.Context(), httpx.Actor(r), owner.Owner, id, *body.Value, body.Label)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusCreated, m)
		return nil
	}
}
