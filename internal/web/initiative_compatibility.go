package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type compatibilityListData struct {
	Initiative    *initiative.Initiative
	Assessments   []initiative.Assessment
	CanEdit       bool
	Organizations []*directory.Organization
	OrgID         string
	Errors        map[string]string
}

// compatibilityQuestion is one question with both sides' answers, for the
// summary and the answer form.
type compatibilityQuestion struct {
	initiative.CompatibilityQuestion
	Initiative, Partner           initiative.Answer
	InitiativeLabel, PartnerLabel string // the scale's words for each side's score
	Disagree                      bool
	Score                         string // the answering side's score as typed
	Note                          string
	Error                         string
}

type compatibilityArea struct {
	initiative.CompatibilityArea
	Questions []compatibilityQuestion
}

type compatibilityViewData struct {
	Initiative   *initiative.Initiative
	Member       bool // the reader may view the initiative (shows its pages)
	Assessment   *initiative.Assessment
	Summary      initiative.CompatibilitySummary
	Areas        []compatibilityArea
	AnswerAsUs   bool
	AnswerAsThem bool
	Side         string // on the answer form: initiative or partner
	SideName     string
	Scale        []scalePoint
	Errors       map[string]string
}

type scalePoint struct {
	Score int
	Label string
}

func compatibilityScale() []scalePoint {
	var out []scalePoint
	for i := 1; i <= 4; i++ {
		out = append(out, scalePoint{i, initiative.ScaleLabels[i]})
	}
	return out
}

func (h *handler) renderCompatibilityList(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	in *initiative.Initiative,
	d compatibilityListData,
) error {
	ctx := r.Context()
	d.Initiative = in
	var err error
	if d.Assessments, err = h.Initiatives.Assessments(ctx, httpx.Actor(r), in.ID); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.StartAssessment, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.CanEdit {
		orgs, err := h.Directory.ListOrganizations(ctx, directory.OrganizationFilter{Limit: directory.MaxPageSize})
		if err != nil {
			return err
		}
		for _, o := range orgs.Items {
			if o.ID != in.BackboneOrganizationID {
				d.Organizations = append(d.Organizations, o)
			}
		}
	}
	h.render(w, r, status, "initiative_compatibility", "Compatibility · "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) compatibilityList(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.renderCompatibilityList(w, r, http.StatusOK, in, compatibilityListData{})
}

func (h *handler) compatibilityStart(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	orgID := r.PostFormValue("organization_id")
	a, err := h.Initiatives.StartAssessment(r.Context(), httpx.Actor(r), in.ID, orgID)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		return h.renderCompatibilityList(
			w,
			r,
			http.StatusUnprocessableEntity,
			in,
			compatibilityListData{OrgID: orgID, Errors: v.Fields},
		)
	case err != nil:
		return err
	}
	h.setFlash(
		w,
		r,
		"success",
		"The compatibility check with "+a.OrganizationName+" was started. Answer the initiative's side, and ask "+a.OrganizationName+" to answer theirs.",
	)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/compatibility/%d", in.ID, a.ID))
	return nil
}

// compatibilityAssessment loads the assessment in the path for someone who
// may read it: the initiative's backbone staff, or the prospective
// partner's people (who are not members yet, so may not otherwise see a
// private initiative). The domain decides (account.ViewAssessment).
func (h *handler) compatibilityAssessment(r *http.Request) (*compatibilityViewData, error) {
	ctx := r.Context()
	actor := httpx.Actor(r)
	iid, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	aid, err := pathInt(r, "assessment")
	if err != nil {
		return nil, err
	}
	a, err := h.Initiatives.Assessment(ctx, actor, iid, aid)
	if err != nil {
		return nil, err
	}
	d := &compatibilityViewData{}
	if d.Member, err = h.may(r, account.ViewInitiative, account.Initiative(iid)); err != nil {
		return nil, err
	}
	if d.AnswerAsUs, d.AnswerAsThem, err = h.Initiatives.MayAnswer(ctx, actor, a); err != nil {
		return nil, err
	}
	// The check is readable, so the initiative's name is too.
	if d.Initiative, err = h.Initiatives.Get(ctx, iid); err != nil {
		return nil, err
	}
	d.Assessment, d.Summary, d.Scale = a, initiative.Summarize(a), compatibilityScale()
	d.Areas = compatibilityAreas(a, d.Summary)
	return d, nil
}

// compatibilityAreas groups the questions by area with both sides' answers.
func compatibilityAreas(a *initiative.Assessment, sum initiative.CompatibilitySummary) []compatibilityArea {
	ours, theirs := map[string]initiative.Answer{}, map[string]initiative.Answer{}
	for _, x := range a.Initiative {
		ours[x.QuestionID] = x
	}
	for _, x := range a.Partner {
		theirs[x.QuestionID] = x
	}
	apart := map[string]bool{}
	for _, d := range sum.Disagreements {
		apart[d.QuestionID] = true
	}
	var out []compatibilityArea
	for _, area := range initiative.CompatibilityAreas {
		ca := compatibilityArea{CompatibilityArea: area}
		for _, q := range initiative.CompatibilityQuestions {
			if q.Area == area.ID {
				ca.Questions = append(ca.Questions, compatibilityQuestion{CompatibilityQuestion: q,
					Initiative: ours[q.ID], Partner: theirs[q.ID], Disagree: apart[q.ID],
					InitiativeLabel: initiative.ScaleLabels[ours[q.ID].Score], PartnerLabel: initiative.ScaleLabels[theirs[q.ID].Score]})
			}
		}
		out = append(out, ca)
	}
	return out
}

func (h *handler) compatibilityView(w http.ResponseWriter, r *http.Request) error {
	d, err := h.compatibilityAssessment(r)
	if err != nil {
		return err
	}
	h.render(
		w,
		r,
		http.StatusOK,
		"initiative_compatibility_view",
		"Compatibility with "+d.Assessment.OrganizationName,
		"initiatives",
		d,
	)
	return nil
}

// answeringSide reads the side in the path, which the user must be able to
// answer: what the answer form offers. The answers themselves are checked
// again where they are recorded.
func answeringSide(r *http.Request, d *compatibilityViewData) error {
	d.Side = r.PathValue("side")
	switch {
	case d.Side == initiative.SideInitiative && d.AnswerAsUs:
		d.SideName = d.Initiative.Name
	case d.Side == initiative.SidePartner && d.AnswerAsThem:
		d.SideName = d.Assessment.OrganizationName
	case d.Side == initiative.SideInitiative || d.Side == initiative.SidePartner:
		return fmt.Errorf("answer for the %s: %w", d.Side, errs.ErrForbidden)
	default:
		return fmt.Errorf("side %q: %w", d.Side, errs.ErrNotFound)
	}
	return nil
}

func (h *handler) compatibilityAnswerForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.compatibilityAssessment(r)
	if err != nil {
		return err
	}
	if err := answeringSide(r, d); err != nil {
		return err
	}
	for i := range d.Areas {
		for j := range d.Areas[i].Questions {
			q := &d.Areas[i].Questions[j]
			given := q.Initiative
			if d.Side == initiative.SidePartner {
				given = q.Partner
			}
			if given.Score > 0 {
				q.Score, q.Note = strconv.Itoa(given.Score), given.Note
			}
		}
	}
	h.render(w, r, http.StatusOK, "initiative_compatibility_answer", "Answer the compatibility check", "initiatives", d)
	return nil
}

// compatibilityAnswer saves one side's answers; questions left without a
// score stay unanswered.
func (h *handler) compatibilityAnswer(w http.ResponseWriter, r *http.Request) error {
	d, err := h.compatibilityAssessment(r)
	if err != nil {
		return err
	}
	if err := answeringSide(r, d); err != nil {
		return err
	}
	var answers []initiative.Answer
	problems := map[string]string{}
	for i := range d.Areas {
		for j := range d.Areas[i].Questions {
			q := &d.Areas[i].Questions[j]
			q.Score = strings.TrimSpace(r.PostFormValue("score:" + q.ID))
			q.Note = strings.TrimSpace(r.PostFormValue("note:" + q.ID))
			if q.Score == "" {
				if q.Note != "" {
					problems[q.ID] = "has a note but no answer: choose how far this is true"
				}
				continue
			}
			n, err := strconv.Atoi(q.Score)
			if err != nil {
				n = -1 // refused below, with the domain's message
			}
			answers = append(answers, initiative.Answer{QuestionID: q.ID, Score: n, Note: q.Note})
		}
	}
	if len(problems) == 0 {
		err = h.Initiatives.Answer(r.Context(), httpx.Actor(r), d.Initiative.ID, d.Assessment.ID, d.Side, answers)
	}
	var v *errs.ValidationError
	if errors.As(err, &v) {
		problems = v.Fields
	}
	if len(problems) > 0 {
		d.Errors = problems
		for i := range d.Areas {
			for j := range d.Areas[i].Questions {
				q := &d.Areas[i].Questions[j]
				q.Error = problems[q.ID]
			}
		}
		h.render(
			w,
			r,
			http.StatusUnprocessableEntity,
			"initiative_compatibility_answer",
			"Answer the compatibility check",
			"initiatives",
			d,
		)
		return nil
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s for %s saved.", plural(len(answers), "answer"), d.SideName))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/compatibility/%d", d.Initiative.ID, d.Assessment.ID))
	return nil
}
