package api

import (
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// storyParams are the query parameters of the story list.
var storyParams = []param{
	{Name: "goal", Description: "Only the stories linked to this goal", Schema: obj{"type": "integer", "minimum": 1}},
	{Name: "limit", Description: "How many, newest first", Schema: obj{"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
}

func (h *handler) listStories(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var goal, limit int64
	for name, v := range map[string]*int64{"goal": &goal, "limit": &limit} {
		s := q.Get(name)
		if s == "" {
			continue
		}
		if *v, err = strconv.ParseInt(s, 10, 64); err != nil || *v < 1 || (name == "limit" && *v > 500) {
			return &requestError{status: http.StatusBadRequest, kind: "bad-request", field: name,
				detail: fmt.Sprintf("%s: %q is not a whole number in range (see %s/openapi.json)", name, s, prefix)}
		}
	}
	stories, err := h.Measure.Stories(r.Context(), in.ID, goal, int(limit))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(stories))
	return nil
}

// storyBody is the body of a new story.
type storyBody struct {
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Kind       string  `json:"kind"`
	ConsentBy  string  `json:"consent_by"`
	ConsentOn  string  `json:"consent_on"`
	ConsentHow string  `json:"consent_how"`
	GoalIDs    []int64 `json:"goal_ids"`
}

func (h *handler) addStory(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	if err := h.authorizeStory(r, in.ID); err != nil {
		return err
	}
	var body storyBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	st, err := h.Measure.AddStory(r.Context(), httpx.Actor(r), in.ID, measure.StoryInput{Title: body.Title, Body: body.Body, Kind: body.Kind,
		ConsentBy: body.ConsentBy, ConsentOn: body.ConsentOn, ConsentHow: body.ConsentHow, GoalIDs: body.GoalIDs})
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, st)
	return nil
}

// authorizeStory is the web's rule for who may tell a story in an
// initiative: its backbone staff, or anyone who works for one of its active
// member organizations.
func (h *handler) authorizeStory(r *http.Request, initiativeID int64) error {
	ok, err := h.can(r, account.EditInitiative, account.Initiative(initiativeID))
	if err != nil || ok {
		return err
	}
	ms, err := h.Accounts.MembershipsOf(r.Context(), httpx.User(r.Context()).ID)
	if err != nil {
		return err
	}
	members, err := h.Initiatives.Members(r.Context(), initiativeID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		for _, im := range members {
			if im.OrganizationID == m.OrganizationID && im.Status == "active" {
				return nil
			}
		}
	}
	return fmt.Errorf("add a story to initiative %d: %w", initiativeID, errs.ErrForbidden)
}
