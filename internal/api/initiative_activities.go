package api

import (
	"net/http"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// activityBody is the body of POST /activities and PATCH
// /activities/{activity}: for a PATCH, the fields present replace the
// activity's, and an empty date clears it. Dates are written YYYY-MM-DD.
type activityBody struct {
	OrganizationID *string `json:"organization_id"`
	AgendaItemID   *int64  `json:"agenda_item_id"`
	Title          *string `json:"title"`
	Description    *string `json:"description"`
	StartsOn       *string `json:"starts_on"`
	EndsOn         *string `json:"ends_on"`
	Status         *string `json:"status"`
}

// over merges the body over base; a date that is not a date is a
// validation error.
func (b activityBody) over(base initiative.ActivityInput) (initiative.ActivityInput, error) {
	in := base
	for _, f := range []struct{ src, dst *string }{
		{b.OrganizationID, &in.OrganizationID}, {b.Title, &in.Title}, {b.Description, &in.Description}, {b.Status, &in.Status},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if b.AgendaItemID != nil {
		in.AgendaItemID = *b.AgendaItemID
	}
	var v errs.ValidationError
	if b.StartsOn != nil {
		in.Starts = parseDay(&v, "starts_on", b.StartsOn)
	}
	if b.EndsOn != nil {
		in.Ends = parseDay(&v, "ends_on", b.EndsOn)
	}
	return in, v.OrNil()
}

// addActivity records an activity: backbone staff record anyone's, a
// member's own people record the member's (the domain decides).
func (h *handler) addActivity(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body activityBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	next, err := body.over(initiative.ActivityInput{})
	if err != nil {
		return err
	}
	a, err := h.Initiatives.AddActivity(r.Context(), httpx.Actor(r), in.ID, next)
	if err != nil {
		return err
	}
	location(w, in.ID, "activities", a.ID)
	h.writeJSON(w, r, http.StatusCreated, a)
	return nil
}

// activityOf returns the path's activity, read through its initiative (one
// of another initiative is not found).
func (h *handler) activityOf(r *http.Request) (*initiative.Activity, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	activityID, err := pathID(r, "activity")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.Activity(r.Context(), httpx.Actor(r), id, activityID)
}

func (h *handler) getActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activityOf(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

// updateActivity changes an activity; moving it to another organization
// needs the right to record for both (the domain decides).
func (h *handler) updateActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activityOf(r)
	if err != nil {
		return err
	}
	var body activityBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	next, err := body.over(initiative.ActivityInput{OrganizationID: a.OrganizationID, AgendaItemID: a.AgendaItemID, Title: a.Title,
		Description: a.Description, Starts: a.Starts, Ends: a.Ends, Status: a.Status})
	if err != nil {
		return err
	}
	saved, err := h.Initiatives.UpdateActivity(r.Context(), httpx.Actor(r), a.InitiativeID, a.ID, next)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

func (h *handler) deleteActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	activityID, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	if _, err := h.Initiatives.DeleteActivity(r.Context(), httpx.Actor(r), id, activityID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// setRACI gives or takes away a RACI letter and answers with the
// activity's letters.
func (h *handler) setRACI(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	activityID, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	var body initiative.RACIInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	letters, err := h.Initiatives.SetRACI(r.Context(), httpx.Actor(r), id, activityID, body)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(letters))
	return nil
}

func (h *handler) raciMatrix(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	m, err := h.Initiatives.RACIMatrix(r.Context(), in.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func (h *handler) coverage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	c, err := h.Initiatives.Coverage(r.Context(), in.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// responsibilities is the body of GET /responsibilities.
type responsibilities struct {
	Organizations []initiative.OrganizationResponsibilities `json:"organizations"`
	People        []initiative.Person                       `json:"people"`
}

// responsibilityList is the body of PUT /responsibilities/{org}.
type responsibilityList struct {
	Responsibilities []string `json:"responsibilities"`
}

// personBody is the body of PUT /people/{user}; the user is the path's.
type personBody struct {
	OrganizationID   string   `json:"organization_id"`
	JobRole          string   `json:"job_role"`
	Responsibilities []string `json:"responsibilities"`
}

func (h *handler) listResponsibilities(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	orgs, err := h.Initiatives.OrganizationResponsibilities(r.Context(), in.ID)
	if err != nil {
		return err
	}
	people, err := h.Initiatives.People(r.Context(), in.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, responsibilities{Organizations: orgs, People: people})
	return nil
}

// setOrganizationResponsibilities replaces a member's list: backbone staff
// write any, those who decide for the organization its own (the domain
// decides).
func (h *handler) setOrganizationResponsibilities(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body responsibilityList
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	orgID := r.PathValue("org")
	if err := h.Initiatives.SetOrganizationResponsibilities(r.Context(), httpx.Actor(r), in.ID, orgID, body.Responsibilities); err != nil {
		return err
	}
	o, err := h.Initiatives.Responsibilities(r.Context(), httpx.Actor(r), in.ID, orgID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, o)
	return nil
}

// personOf reads the path's person through the initiative.
func (h *handler) personOf(r *http.Request) (*initiative.Person, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	userID, err := pathID(r, "user")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.Person(r.Context(), httpx.Actor(r), id, userID)
}

func (h *handler) getPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := h.personOf(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func (h *handler) setPerson(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	userID, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var body personBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	err = h.Initiatives.SetPerson(r.Context(), httpx.Actor(r), in.ID, initiative.PersonInput{UserID: userID,
		OrganizationID: body.OrganizationID, JobRole: body.JobRole, Responsibilities: body.Responsibilities})
	if err != nil {
		return err
	}
	p, err := h.personOf(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func (h *handler) removePerson(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	userID, err := pathID(r, "user")
	if err != nil {
		return err
	}
	if err := h.Initiatives.RemovePerson(r.Context(), httpx.Actor(r), in.ID, userID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
