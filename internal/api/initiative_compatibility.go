package api

import (
	"net/http"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// assessmentStart is the body of POST /assessments.
type assessmentStart struct {
	OrganizationID string `json:"organization_id"`
}

// assessmentAnswers is the body of PUT /assessments/{assessment}/answers.
type assessmentAnswers struct {
	Side    string          `json:"side"`
	Answers []answerWritten `json:"answers"`
}

// answerWritten is one answer as a client writes it.
type answerWritten struct {
	QuestionID string `json:"question_id"`
	Score      int    `json:"score"`
	Note       string `json:"note"`
}

// assessmentView is an assessment with its summary.
type assessmentView struct {
	*initiative.Assessment
	Summary initiative.CompatibilitySummary `json:"summary"`
}

// Compatibility checks are between the backbone and a prospective partner:
// backbone staff see and answer the initiative's side, and the partner's
// people see and answer theirs, before the partner can see the initiative.

func (h *handler) listAssessments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	as, err := h.Initiatives.Assessments(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(as))
	return nil
}

func (h *handler) startAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body assessmentStart
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	a, err := h.Initiatives.StartAssessment(r.Context(), httpx.Actor(r), id, body.OrganizationID)
	if err != nil {
		return err
	}
	location(w, id, "assessments", a.ID)
	h.writeJSON(w, r, http.StatusCreated, assessmentView{a, initiative.Summarize(a)})
	return nil
}

func (h *handler) getAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "assessment")
	if err != nil {
		return err
	}
	a, err := h.Initiatives.Assessment(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, assessmentView{a, initiative.Summarize(a)})
	return nil
}

func (h *handler) answerAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "assessment")
	if err != nil {
		return err
	}
	var body assessmentAnswers
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	answers := make([]initiative.Answer, len(body.Answers))
	for i, x := range body.Answers {
		answers[i] = initiative.Answer{QuestionID: x.QuestionID, Score: x.Score, Note: x.Note}
	}
	if err := h.Initiatives.Answer(r.Context(), httpx.Actor(r), id, aid, body.Side, answers); err != nil {
		return err
	}
	saved, err := h.Initiatives.Assessment(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, assessmentView{saved, initiative.Summarize(saved)})
	return nil
}

// updates answers with a page of the initiative's updates feed.
func (h *handler) updates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	limit, err := intParam(q, "limit")
	if err != nil {
		return err
	}
	before, err := intParam(q, "before")
	if err != nil {
		return err
	}
	var v errs.ValidationError
	if limit < 0 || limit > 200 {
		v.Add("limit", "must be between 1 and 200")
	}
	if before < 0 {
		v.Add("before", "must be an entry id")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	feed, err := h.Initiatives.Feed(r.Context(), httpx.Actor(r), id, limit, int64(before))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(feed))
	return nil
}
