package api

import (
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// storyParams are the query parameters of the story list.
var storyParams = []param{
	{Name: "goal", Description: "Only the stories linked to this goal", Schema: obj{"type": "integer", "minimum": 1}},
	{Name: "limit", Description: "How many, newest first", Schema: obj{"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
}

func (h *handler) listStories(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
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
	stories, err := h.Measure.Stories(r.Context(), httpx.Actor(r), id, goal, int(limit))
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
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body storyBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	st, err := h.Measure.AddStory(r.Context(), httpx.Actor(r), id, measure.StoryInput{Title: body.Title,
		Body: body.Body, Kind: body.Kind,
		ConsentBy: body.ConsentBy, ConsentOn: body.ConsentOn, ConsentHow: body.ConsentHow, GoalIDs: body.GoalIDs})
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, st)
	return nil
}
