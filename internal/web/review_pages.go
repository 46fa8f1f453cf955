package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/review"
)

// subjectPanel is what a subject's own page shows of its roadblocks and
// reviews: the current roadblocks, the cadence and the links to do more.
type subjectPanel struct {
	Subject    review.Subject
	Roadblocks []review.Roadblock
	Schedule   *review.Schedule
}

// subjectPanel reads the panel of subject (kind, id) for the signed-in
// person; nil when they may not see its roadblocks.
func (h *handler) subjectPanel(r *http.Request, kind string, id int64) (*subjectPanel, error) {
	ctx, actor := r.Context(), httpx.Actor(r)
	sub, err := h.Reviews.Subject(ctx, actor, kind, id)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := &subjectPanel{Subject: sub}
	if p.Roadblocks, err = h.Reviews.Roadblocks(ctx, actor, review.RoadblockFilter{SubjectKind: kind,
		SubjectID: id}); err != nil {
		return nil, err
	}
	if p.Schedule, err = h.Reviews.Schedule(ctx, actor, kind, id); err != nil {
		return nil, err
	}
	return p, nil
}

// registerData is the roadblocks register: its heat grid and its list, for
// one initiative or across what the person may see.
type registerData struct {
	Initiative *initiative.Initiative // nil across initiatives
	Heat       review.Heat
	Roadblocks []review.Roadblock
	Filter     review.RoadblockFilter
	Base       string // the register's address, for the cells' links
	Likelihood [5]string
	Impact     [5]string
	Statuses   []string
}

// roadblocksPage is the register across every initiative (and
// organization's own goal) the person may see.
func (h *handler) roadblocksPage(w http.ResponseWriter, r *http.Request) error {
	return h.register(w, r, nil)
}

// initiativeRoadblocks is one initiative's register.
func (h *handler) initiativeRoadblocks(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.register(w, r, in)
}

func (h *handler) register(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) error {
	q := r.URL.Query()
	f := review.RoadblockFilter{Status: q.Get("status")}
	f.Likelihood, _ = strconv.Atoi(q.Get("likelihood"))
	f.Impact, _ = strconv.Atoi(q.Get("impact"))
	d := registerData{Initiative: in, Filter: f, Base: "/roadblocks", Likelihood: review.LikelihoodWords,
		Impact: review.ImpactWords, Statuses: review.Statuses}
	title := "Roadblocks"
	if in != nil {
		f.InitiativeID, d.Base, title = in.ID, fmt.Sprintf("/initiatives/%d/roadblocks", in.ID), "Roadblocks · "+in.Name
	}
	var err error
	if d.Heat, _, err = h.Reviews.HeatGrid(r.Context(), httpx.Actor(r), f); err != nil {
		return err
	}
	if d.Roadblocks, err = h.Reviews.Roadblocks(r.Context(), httpx.Actor(r), f); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "roadblocks", title, "initiatives", d)
	return nil
}

// subjectOf reads the path's subject ({kind}/{subject}) for the signed-in
// person.
func (h *handler) subjectOf(r *http.Request) (review.Subject, error) {
	id, err := pathInt(r, "subject")
	if err != nil {
		return review.Subject{}, err
	}
	return h.Reviews.Subject(r.Context(), httpx.Actor(r), r.PathValue("kind"), id)
}

// roadblockFormData is the form of a roadblock: a new one on a subject, or
// one on the register to change.
type roadblockFormData struct {
	Subject    review.Subject
	Roadblock  *review.Roadblock // nil for a new one
	Form       map[string]string
	Errors     map[string]string
	People     []review.Person
	Categories []string
	Words      map[string]string
	Likelihood [5]string
	Impact     [5]string
	Statuses   []string
}

func (h *handler) renderRoadblock(w http.ResponseWriter, r *http.Request, status int, d roadblockFormData) error {
	var err error
	if d.People, err = h.Reviews.People(r.Context(), httpx.Actor(r), d.Subject.Kind, d.Subject.ID); err != nil {
		return err
	}
	d.Categories, d.Words, d.Statuses = review.Categories, review.CategoryWords, review.Statuses
	d.Likelihood, d.Impact = review.LikelihoodWords, review.ImpactWords
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	title := "New roadblock · " + d.Subject.Title
	if d.Roadblock != nil {
		title = d.Roadblock.Title
	}
	h.render(w, r, status, "roadblock", title, "initiatives", d)
	return nil
}

// roadblockNew is the form to put a roadblock on a subject.
func (h *handler) roadblockNew(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	if !sub.CanEdit && !sub.CanPropose {
		return fmt.Errorf("roadblocks of %s %d: %w", sub.Kind, sub.ID, errs.ErrForbidden)
	}
	return h.renderRoadblock(w, r, http.StatusOK, roadblockFormData{Subject: sub,
		Form: map[string]string{"likelihood": "2", "impact": "2", "status": review.StatusOpen}})
}

// roadblockFields reads a roadblock's form.
func roadblockFields(r *http.Request) (review.RoadblockInput, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"title", "description", "category", "likelihood", "impact", "mitigation",
		"owner_user_id", "review_on", "status"} {
		form[k] = r.PostFormValue(k)
	}
	in := review.RoadblockInput{Title: form["title"], Description: form["description"], Category: form["category"],
		Mitigation: form["mitigation"], ReviewOn: form["review_on"], Status: form["status"]}
	in.Likelihood, _ = strconv.Atoi(form["likelihood"])
	in.Impact, _ = strconv.Atoi(form["impact"])
	in.OwnerUserID, _ = strconv.ParseInt(form["owner_user_id"], 10, 64)
	return in, form
}

// roadblockCreate puts a roadblock on a subject; the store says who may
// record one and who may only propose it.
func (h *handler) roadblockCreate(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	in, form := roadblockFields(r)
	in.SubjectKind, in.SubjectID = sub.Kind, sub.ID
	rb, err := h.Reviews.CreateRoadblock(r.Context(), httpx.Actor(r), in)
	if p := fieldProblems(err); p != nil {
		return h.renderRoadblock(w, r, http.StatusUnprocessableEntity, roadblockFormData{Subject: sub, Form: form,
			Errors: p})
	}
	if err != nil {
		return err
	}
	msg := "The roadblock is on the register."
	if rb.Status == review.StatusProposed {
		msg = "The roadblock is proposed: the backbone staff will accept it."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, sub.URL)
	return nil
}

// roadblockPage shows a roadblock, with the form to change it for those
// who may.
func (h *handler) roadblockPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "roadblock")
	if err != nil {
		return err
	}
	rb, err := h.Reviews.Roadblock(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return h.renderRoadblock(w, r, http.StatusOK, roadblockFormData{Subject: rb.Subject, Roadblock: rb,
		Form: roadblockForm(rb)})
}

func roadblockForm(rb *review.Roadblock) map[string]string {
	return map[string]string{"title": rb.Title, "description": rb.Description, "category": rb.Category,
		"likelihood": strconv.Itoa(rb.Likelihood), "impact": strconv.Itoa(rb.Impact), "mitigation": rb.Mitigation,
		"owner_user_id": strconv.FormatInt(rb.OwnerUserID, 10), "review_on": rb.ReviewOn, "status": rb.Status}
}

// roadblockSave changes a roadblock.
func (h *handler) roadblockSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "roadblock")
	if err != nil {
		return err
	}
	in, form := roadblockFields(r)
	saved, err := h.Reviews.UpdateRoadblock(r.Context(), httpx.Actor(r), id, in)
	if p := fieldProblems(err); p != nil {
		rb, err := h.Reviews.Roadblock(r.Context(), httpx.Actor(r), id)
		if err != nil {
			return err
		}
		return h.renderRoadblock(w, r, http.StatusUnprocessableEntity, roadblockFormData{Subject: rb.Subject,
			Roadblock: rb, Form: form, Errors: p})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The roadblock was saved.")
	redirect(w, r, fmt.Sprintf("/roadblocks/%d", saved.ID))
	return nil
}

// reviewsData is a subject's reviews: its cadence, the form to set it and
// the reviews held.
type reviewsData struct {
	Subject  review.Subject
	Schedule *review.Schedule
	Reviews  []review.Review
	Cadences []string
	Words    map[string]string
	Form     map[string]string
	Errors   map[string]string
}

func (h *handler) renderReviews(w http.ResponseWriter, r *http.Request, status int, d reviewsData) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	var err error
	if d.Schedule, err = h.Reviews.Schedule(ctx, actor, d.Subject.Kind, d.Subject.ID); err != nil {
		return err
	}
	if d.Reviews, err = h.Reviews.Reviews(ctx, actor, d.Subject.Kind, d.Subject.ID); err != nil {
		return err
	}
	d.Cadences, d.Words = review.Cadences, review.CadenceWords
	if d.Form == nil {
		d.Form = map[string]string{"cadence": review.Quarterly}
		if d.Schedule != nil {
			d.Form["cadence"] = d.Schedule.Cadence
		}
	}
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	h.render(w, r, status, "subject_reviews", "Reviews · "+d.Subject.Title, "initiatives", d)
	return nil
}

// subjectReviews is a subject's reviews page.
func (h *handler) subjectReviews(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	return h.renderReviews(w, r, http.StatusOK, reviewsData{Subject: sub})
}

// reviewScheduleSave sets a subject's review cadence.
func (h *handler) reviewScheduleSave(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	form := map[string]string{"cadence": r.PostFormValue("cadence"), "due_on": r.PostFormValue("due_on")}
	_, err = h.Reviews.SetSchedule(r.Context(), httpx.Actor(r), sub.Kind, sub.ID,
		review.ScheduleInput{Cadence: form["cadence"], DueOn: form["due_on"]})
	if p := fieldProblems(err); p != nil {
		return h.renderReviews(w, r, http.StatusUnprocessableEntity, reviewsData{Subject: sub, Form: form, Errors: p})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The review cadence was set.")
	redirect(w, r, fmt.Sprintf("/subjects/%s/%d/reviews", sub.Kind, sub.ID))
	return nil
}

// heatLevel names how grave likelihood × impact is, for the heat grid's
// colours: low (up to 3), medium (up to 6), high (8 or 9), severe (12 up).
func heatLevel(likelihood, impact int) string {
	switch score := likelihood * impact; {
	case score >= 12:
		return "severe"
	case score >= 8:
		return "high"
	case score >= 4:
		return "medium"
	}
	return "low"
}
