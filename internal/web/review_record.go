package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/report"
	"backbone/internal/review"
)

// reviewFormData is the form of a review held: who took part, what was
// found, and what it changes (a goal's revision, a new activity, the
// roadblocks it closes).
type reviewFormData struct {
	Subject    review.Subject
	Goals      []measure.Goal     // the goals it may revise
	Roadblocks []review.Roadblock // the roadblocks it may close
	Members    []initiative.Member
	Closing    map[int64]bool
	Form       map[string]string
	Errors     map[string]string
}

func (h *handler) renderReviewForm(w http.ResponseWriter, r *http.Request, status int, d reviewFormData) error {
	ctx, actor, sub := r.Context(), httpx.Actor(r), d.Subject
	var err error
	switch sub.Kind {
	case review.KindGoal:
		g, err := h.Measure.GoalByID(ctx, actor, sub.ID)
		if err != nil {
			return err
		}
		d.Goals = []measure.Goal{*g}
	case review.KindInitiative:
		if d.Goals, err = h.Measure.Goals(ctx, actor, measure.InitiativeGoals(sub.ID)); err != nil {
			return err
		}
	}
	f := review.RoadblockFilter{SubjectKind: sub.Kind, SubjectID: sub.ID}
	if sub.Kind == review.KindInitiative {
		f = review.RoadblockFilter{InitiativeID: sub.ID}
	}
	if d.Roadblocks, err = h.Reviews.Roadblocks(ctx, actor, f); err != nil {
		return err
	}
	if sub.InitiativeID != 0 {
		members, err := h.Initiatives.RecordableMembers(ctx, actor, sub.InitiativeID)
		if err != nil {
			return err
		}
		d.Members = membersIn(members, "active")
	}
	if d.Form == nil {
		d.Form = map[string]string{"held_on": h.now().In(h.TimeZone).Format("2006-01-02")}
		if len(d.Goals) == 1 {
			d.Form["goal_id"] = strconv.FormatInt(d.Goals[0].ID, 10)
		}
	}
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	h.render(w, r, status, "review_form", "Record a review · "+sub.Title, "initiatives", d)
	return nil
}

// reviewNew is the form to record a review of a subject.
func (h *handler) reviewNew(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	if !sub.CanReview {
		return fmt.Errorf("reviews of %s %d: %w", sub.Kind, sub.ID, errs.ErrForbidden)
	}
	return h.renderReviewForm(w, r, http.StatusOK, reviewFormData{Subject: sub})
}

// reviewFields reads a review's form into the store's input.
func reviewFields(r *http.Request, sub review.Subject) (review.ReviewInput, map[string]string, map[int64]bool,
	map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"held_on", "participants", "findings", "goal_id", "goal_statement", "goal_target",
		"goal_due_on", "goal_reason", "activity_organization_id", "activity_title"} {
		form[k] = r.PostFormValue(k)
	}
	problems := map[string]string{}
	in := review.ReviewInput{SubjectKind: sub.Kind, SubjectID: sub.ID, HeldOn: form["held_on"],
		Participants: strings.Split(form["participants"], "\n"), Findings: form["findings"]}
	if reason := strings.TrimSpace(form["goal_reason"]); reason != "" {
		g := &review.GoalChange{Reason: reason, Statement: form["goal_statement"], DueOn: form["goal_due_on"]}
		g.GoalID, _ = strconv.ParseInt(form["goal_id"], 10, 64)
		if t := strings.TrimSpace(form["goal_target"]); t != "" {
			v, err := strconv.ParseFloat(t, 64)
			if err != nil {
				problems["goal_revision.target"] = "must be a number"
			}
			g.Target = &v
		}
		in.GoalRevision = g
	}
	if title := strings.TrimSpace(form["activity_title"]); title != "" {
		in.NewActivities = []initiative.ActivityInput{{OrganizationID: form["activity_organization_id"],
			Title: title}}
	}
	closing := map[int64]bool{}
	for _, s := range r.PostForm["close_roadblocks"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.CloseRoadblocks = append(in.CloseRoadblocks, id)
			closing[id] = true
		}
	}
	return in, form, closing, problems
}

// reviewCreate records a review held, and what it changed, in one go.
func (h *handler) reviewCreate(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.subjectOf(r)
	if err != nil {
		return err
	}
	in, form, closing, problems := reviewFields(r, sub)
	again := func(p map[string]string) error {
		return h.renderReviewForm(w, r, http.StatusUnprocessableEntity, reviewFormData{Subject: sub, Form: form,
			Errors: p, Closing: closing})
	}
	if len(problems) > 0 {
		return again(problems)
	}
	rv, err := h.Reviews.RecordReview(r.Context(), httpx.Actor(r), in)
	if p := fieldProblems(err); p != nil {
		return again(p)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The review was recorded.")
	redirect(w, r, fmt.Sprintf("/reviews/%d", rv.ID))
	return nil
}

// reviewPage is a review's record, laid out to print.
func (h *handler) reviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "review")
	if err != nil {
		return err
	}
	rv, err := h.Reviews.Review(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "review", "Review of "+rv.Subject.Title, "initiatives", rv)
	return nil
}

// reviewPDF is a review's record as a PDF, on A4 or Letter paper.
func (h *handler) reviewPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "review")
	if err != nil {
		return err
	}
	rv, err := h.Reviews.Review(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	pdf, name, err := report.ReviewPDF(rv, r.URL.Query().Get("paper"), h.now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	_, err = w.Write(pdf)
	return err
}
