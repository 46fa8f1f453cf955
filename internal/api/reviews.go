package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/report"
	"backbone/internal/review"
)

// reviewRoutes are the roadblocks register and the scheduled reviews. A
// subject is named in the path by its kind and id (/subjects/goal/12); its
// owner's rules decide who reads and who writes (see review.Subjects).
func (h *handler) reviewRoutes() []route {
	read := []int{400, 401, 404, 422}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	sub := prefix + "/subjects/{kind}/{subject}"
	levels := []param{
		{Name: "initiative_id", Description: "One initiative's (whoever may see it); every one the caller may " +
			"see when left out", Schema: obj{"type": "integer"}},
		{Name: "status", Description: "proposed, open, mitigated, closed, or all; the current ones (not closed) " +
			"when left out", Schema: obj{"type": "string"}},
		{Name: "likelihood", Description: "One cell of the heat grid: its likelihood, 1 to 4",
			Schema: obj{"type": "integer", "minimum": 1, "maximum": 4}},
		{Name: "impact", Description: "One cell of the heat grid: its impact, 1 to 4",
			Schema: obj{"type": "integer", "minimum": 1, "maximum": 4}},
	}
	return []route{
		{Method: "GET", Pattern: prefix + "/roadblocks", OperationID: "listRoadblocks", Tag: "reviews",
			Summary: "The roadblocks register: one initiative's, or every one the caller may see, the gravest " +
				"(likelihood × impact) first", Query: levels, Status: 200, Response: "RoadblockList",
			Problems: read, handle: (*handler).listRoadblocks},
		{Method: "GET", Pattern: prefix + "/roadblocks/heat", OperationID: "getRoadblockHeat", Tag: "reviews",
			Summary: "The heat grid of the current roadblocks: how many in each cell of likelihood × impact",
			Query:   levels[:1], Status: 200, Response: "RoadblockHeat", Problems: read,
			handle: (*handler).roadblockHeat},
		{Method: "GET", Pattern: prefix + "/roadblocks/{roadblock}", OperationID: "getRoadblock", Tag: "reviews",
			Summary: "One roadblock, with its subject", Status: 200, Response: "Roadblock", Problems: read,
			handle: (*handler).getRoadblock},
		{Method: "PUT", Pattern: prefix + "/roadblocks/{roadblock}", OperationID: "updateRoadblock", Tag: "reviews",
			Summary: "Rewrite a roadblock: accept a proposed one, change its levels, mitigation, owner, review date " +
				"or status (backbone staff; an organization's people for its own goal)", Request: "RoadblockInput",
			Status: 200, Response: "Roadblock", Problems: act, handle: (*handler).updateRoadblock},
		{Method: "GET", Pattern: sub + "/roadblocks", OperationID: "listSubjectRoadblocks", Tag: "reviews",
			Summary: "A subject's roadblocks (kind: goal, activity, agreement, initiative)",
			Query:   levels[1:2], Status: 200, Response: "RoadblockList", Problems: read,
			handle: (*handler).listSubjectRoadblocks},
		{Method: "POST", Pattern: sub + "/roadblocks", OperationID: "createRoadblock", Tag: "reviews",
			Summary: "Put a roadblock on a subject: backbone staff record it (open unless said otherwise); the " +
				"initiative's partners propose it, and it waits as proposed", Request: "RoadblockInput", Status: 201,
			Response: "Roadblock", Headers: []string{"Location"}, Problems: act,
			handle: (*handler).createRoadblock},
		{Method: "GET", Pattern: sub + "/review-schedule", OperationID: "getReviewSchedule", Tag: "reviews",
			Summary: "A subject's review cadence and when its next review is due (404 when it has none)",
			Status:  200, Response: "ReviewSchedule", Problems: read, handle: (*handler).getReviewSchedule},
		{Method: "PUT", Pattern: sub + "/review-schedule", OperationID: "setReviewSchedule", Tag: "reviews",
			Summary: "Set a subject's review cadence: quarterly, semiannual, annual, or once on a date (backbone " +
				"staff)", Request: "ReviewScheduleInput", Status: 200, Response: "ReviewSchedule", Problems: act,
			handle: (*handler).setReviewSchedule},
		{Method: "GET", Pattern: sub + "/reviews", OperationID: "listReviews", Tag: "reviews",
			Summary: "A subject's reviews held, the newest first", Status: 200, Response: "ReviewList",
			Problems: read, handle: (*handler).listReviews},
		{Method: "POST", Pattern: sub + "/reviews", OperationID: "recordReview", Tag: "reviews",
			Summary: "Record a review held (backbone staff), with what it changed, in one transaction: a goal " +
				"revision (through the goal's own revision, with its reason), new activities, roadblocks closed",
			Request: "ReviewInput", Status: 201, Response: "Review", Headers: []string{"Location"}, Problems: act,
			handle: (*handler).recordReview},
		{Method: "GET", Pattern: prefix + "/reviews/due", OperationID: "listReviewsDue", Tag: "reviews",
			Summary: "Reviews due within a window (two weeks by default) or overdue, the most overdue first",
			Query: []param{levels[0], {Name: "within", Description: "How many days ahead count as due (1 to 366)",
				Schema: obj{"type": "integer", "minimum": 1, "maximum": 366}}},
			Status: 200, Response: "ReviewScheduleList", Problems: read, handle: (*handler).listReviewsDue},
		{Method: "GET", Pattern: prefix + "/reviews/{review}", OperationID: "getReview", Tag: "reviews",
			Summary: "One review's record", Status: 200, Response: "Review", Problems: read,
			handle: (*handler).getReview},
		{Method: "GET", Pattern: prefix + "/reviews/{review}/pdf", OperationID: "getReviewPDF", Tag: "reviews",
			Summary: "One review's record to print (application/pdf), on A4 or Letter paper",
			Query: []param{{Name: "paper", Description: "a4 (when left out) or letter",
				Schema: obj{"type": "string", "enum": []string{"a4", "letter"}}}},
			Status: 200, Problems: read, handle: (*handler).reviewPDF},
	}
}

// roadblockFilter reads the register's query.
func roadblockFilter(q url.Values) (review.RoadblockFilter, error) {
	var v errs.ValidationError
	f := review.RoadblockFilter{Status: q.Get("status"), Likelihood: queryInt(q, "likelihood", 0, &v),
		Impact: queryInt(q, "impact", 0, &v)}
	f.InitiativeID = int64(queryInt(q, "initiative_id", 0, &v))
	return f, v.OrNil()
}

func (h *handler) listRoadblocks(w http.ResponseWriter, r *http.Request) error {
	f, err := roadblockFilter(r.URL.Query())
	if err != nil {
		return err
	}
	out, err := h.Reviews.Roadblocks(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

func (h *handler) roadblockHeat(w http.ResponseWriter, r *http.Request) error {
	f, err := roadblockFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f = review.RoadblockFilter{InitiativeID: f.InitiativeID}
	heat, _, err := h.Reviews.HeatGrid(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, heat)
	return nil
}

func (h *handler) getRoadblock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "roadblock")
	if err != nil {
		return err
	}
	rb, err := h.Reviews.Roadblock(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, rb)
	return nil
}

// roadblockBody is a roadblock as the API takes it; its subject is the
// path's.
type roadblockBody struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Likelihood  int    `json:"likelihood"`
	Impact      int    `json:"impact"`
	Mitigation  string `json:"mitigation"`
	OwnerUserID int64  `json:"owner_user_id"`
	ReviewOn    string `json:"review_on"`
	Status      string `json:"status"`
}

func (b roadblockBody) input(kind string, id int64) review.RoadblockInput {
	return review.RoadblockInput{SubjectKind: kind, SubjectID: id, Title: b.Title, Description: b.Description,
		Category: b.Category, Likelihood: b.Likelihood, Impact: b.Impact, Mitigation: b.Mitigation,
		OwnerUserID: b.OwnerUserID, ReviewOn: b.ReviewOn, Status: b.Status}
}

func (h *handler) updateRoadblock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "roadblock")
	if err != nil {
		return err
	}
	var body roadblockBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	rb, err := h.Reviews.UpdateRoadblock(r.Context(), httpx.Actor(r), id, body.input("", 0))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, rb)
	return nil
}

// subjectOf reads the path's subject: its kind and id.
func subjectOf(r *http.Request) (string, int64, error) {
	id, err := pathID(r, "subject")
	return r.PathValue("kind"), id, err
}

func (h *handler) listSubjectRoadblocks(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	out, err := h.Reviews.Roadblocks(r.Context(), httpx.Actor(r), review.RoadblockFilter{SubjectKind: kind,
		SubjectID: id, Status: r.URL.Query().Get("status")})
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

func (h *handler) createRoadblock(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	var body roadblockBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	rb, err := h.Reviews.CreateRoadblock(r.Context(), httpx.Actor(r), body.input(kind, id))
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+"/roadblocks/"+strconv.FormatInt(rb.ID, 10))
	h.writeJSON(w, r, http.StatusCreated, rb)
	return nil
}

func (h *handler) getReviewSchedule(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	sch, err := h.Reviews.Schedule(r.Context(), httpx.Actor(r), kind, id)
	if err != nil {
		return err
	}
	if sch == nil {
		return fmt.Errorf("%s %d has no review cadence yet: %w", kind, id, errs.ErrNotFound)
	}
	h.writeJSON(w, r, http.StatusOK, sch)
	return nil
}

func (h *handler) setReviewSchedule(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	var in review.ScheduleInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	sch, err := h.Reviews.SetSchedule(r.Context(), httpx.Actor(r), kind, id, in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, sch)
	return nil
}

func (h *handler) listReviews(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	out, err := h.Reviews.Reviews(r.Context(), httpx.Actor(r), kind, id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

// reviewBody is a review as the API takes it; its subject is the path's.
type reviewBody struct {
	HeldOn          string             `json:"held_on"`
	Participants    []string           `json:"participants"`
	Findings        string             `json:"findings"`
	GoalRevision    *review.GoalChange `json:"goal_revision"`
	NewActivities   []activityBody     `json:"new_activities"`
	CloseRoadblocks []int64            `json:"close_roadblocks"`
}

func (h *handler) recordReview(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := subjectOf(r)
	if err != nil {
		return err
	}
	var body reviewBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	in := review.ReviewInput{SubjectKind: kind, SubjectID: id, HeldOn: body.HeldOn, Participants: body.Participants,
		Findings: body.Findings, GoalRevision: body.GoalRevision, CloseRoadblocks: body.CloseRoadblocks}
	for _, a := range body.NewActivities {
		act, err := a.over(initiative.ActivityInput{})
		if err != nil {
			return err
		}
		in.NewActivities = append(in.NewActivities, act)
	}
	rv, err := h.Reviews.RecordReview(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+"/reviews/"+strconv.FormatInt(rv.ID, 10))
	h.writeJSON(w, r, http.StatusCreated, rv)
	return nil
}

func (h *handler) listReviewsDue(w http.ResponseWriter, r *http.Request) error {
	var v errs.ValidationError
	q := r.URL.Query()
	f := review.DueFilter{InitiativeID: int64(queryInt(q, "initiative_id", 0, &v)),
		Within: queryInt(q, "within", 0, &v)}
	if err := v.OrNil(); err != nil {
		return err
	}
	out, err := h.Reviews.Due(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

func (h *handler) getReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review")
	if err != nil {
		return err
	}
	rv, err := h.Reviews.Review(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, rv)
	return nil
}

func (h *handler) reviewPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review")
	if err != nil {
		return err
	}
	rv, err := h.Reviews.Review(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	pdf, name, err := report.ReviewPDF(rv, r.URL.Query().Get("paper"), h.Clock.Now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(pdf)
	return err
}
