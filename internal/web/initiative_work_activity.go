package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/review"
)

// activityFormData is the form that records or edits an activity.
type activityFormData struct {
	Blocks        *subjectPanel // an activity's roadblocks and reviews, once it is recorded
	Initiative    *initiative.Initiative
	Activity      *initiative.Activity // nil when recording a new one
	Input         activityInput
	Errors        map[string]string
	Problem       string
	Organizations []initiative.Member // the members the user may record for
	Items         []initiative.AgendaItem
	Statuses      []string
	CanDelete     bool
}

// activityInput is the form as typed: dates stay text so that a mistyped
// one comes back as it was written.
type activityInput struct {
	OrganizationID string
	AgendaItemID   int64
	Title          string
	Description    string
	Starts         string
	Ends           string
	Status         string
}

func activityInputOf(a *initiative.Activity) activityInput {
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return activityInput{OrganizationID: a.OrganizationID, AgendaItemID: a.AgendaItemID, Title: a.Title, Description: a.Description,
		Starts: day(a.Starts), Ends: day(a.Ends), Status: a.Status}
}

// parseActivityForm reads the form into the domain input, with messages for
// the dates that are not dates.
func parseActivityForm(r *http.Request) (activityInput, initiative.ActivityInput, map[string]string) {
	typed := activityInput{OrganizationID: r.PostFormValue("organization_id"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Starts: strings.TrimSpace(r.PostFormValue("starts_on")),
		Ends: strings.TrimSpace(r.PostFormValue("ends_on")), Status: r.PostFormValue("status")}
	problems := map[string]string{}
	if s := r.PostFormValue("agenda_item_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 0 {
			problems["agenda_item_id"] = "is not an agenda item"
		}
		typed.AgendaItemID = id
	}
	day := func(field, s string) *time.Time {
		if s == "" {
			return nil
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			problems[field] = "must be a date, like 2025-03-31"
			return nil
		}
		return &t
	}
	in := initiative.ActivityInput{OrganizationID: typed.OrganizationID, AgendaItemID: typed.AgendaItemID, Title: typed.Title,
		Description: typed.Description, Starts: day("starts_on", typed.Starts), Ends: day("ends_on", typed.Ends), Status: typed.Status}
	return typed, in, problems
}

// renderActivityForm fills in the choices and shows the form: the active
// members the signed-in person may record for, and the activity's own
// organization (a member that has since left can still close its
// activity).
func (h *handler) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, d activityFormData) error {
	ctx := r.Context()
	recordable, err := h.Initiatives.RecordableMembers(ctx, httpx.Actor(r), d.Initiative.ID)
	if err != nil {
		return err
	}
	d.Organizations = membersIn(recordable, "active")
	if d.Activity != nil && !hasMember(d.Organizations, d.Activity.OrganizationID) {
		d.Organizations = append(d.Organizations, initiative.Member{OrganizationID: d.Activity.OrganizationID, OrganizationName: d.Activity.OrganizationName})
	}
	// Whoever may change an activity may delete it (account.RecordActivity).
	d.CanDelete = d.Activity != nil
	if d.Items, err = h.Initiatives.AgendaItems(ctx, d.Initiative.ID); err != nil {
		return err
	}
	d.Statuses = initiative.ActivityStatuses
	title := "Record an activity"
	if d.Activity != nil {
		title = "Edit “" + d.Activity.Title + "”"
	}
	if d.Activity != nil {
		if d.Blocks, err = h.subjectPanel(r, review.KindActivity, d.Activity.ID); err != nil {
			return err
		}
	}
	h.render(w, r, status, "initiative_work_activity", title, "initiatives", d)
	return nil
}

func hasMember(ms []initiative.Member, orgID string) bool {
	for _, m := range ms {
		if m.OrganizationID == orgID {
			return true
		}
	}
	return false
}

// offerRecording decides whether the activity form is offered (or shown
// again with its mistakes) to the signed-in person: they must record the
// activities of some active member, and of each organization named (the
// activity's, the one typed). Saving asks the domain again.
func (h *handler) offerRecording(r *http.Request, in *initiative.Initiative, orgs ...string) error {
	recordable, err := h.Initiatives.RecordableMembers(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		return err
	}
	if len(membersIn(recordable, "active")) == 0 {
		return fmt.Errorf("record an activity in initiative %d: %w", in.ID, errs.ErrForbidden)
	}
	for _, org := range orgs {
		if org == "" {
			continue
		}
		if err := h.offer(r, account.RecordActivity, account.OrgIn(org, in.ID)); err != nil {
			return err
		}
	}
	return nil
}

func (h *handler) activityNew(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offerRecording(r, in); err != nil {
		return err
	}
	item, err := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64)
	if err != nil {
		item = 0
	}
	d := activityFormData{Initiative: in, Input: activityInput{AgendaItemID: item, Status: "planned"}}
	return h.renderActivityForm(w, r, http.StatusOK, d)
}

func (h *handler) activityCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	typed, input, problems := parseActivityForm(r)
	d := activityFormData{Initiative: in, Input: typed}
	if len(problems) > 0 {
		if err := h.offerRecording(r, in, typed.OrganizationID); err != nil {
			return err
		}
		return h.activityProblem(w, r, activityFormErrors(problems, input), problems, d)
	}
	a, err := h.Initiatives.AddActivity(r.Context(), httpx.Actor(r), in.ID, input)
	if err != nil {
		return h.activityProblem(w, r, err, problems, d)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity %s of %s was recorded.", account.Quote(a.Title), a.OrganizationName))
	redirect(w, r, activityPlace(in.ID, a))
	return nil
}

// activityPlace is where an activity shows on the work page.
func activityPlace(initiativeID int64, a *initiative.Activity) string {
	return initiativePath(initiativeID, "/work#activity-"+itoa(a.ID))
}

// activityFormErrors turns the form's own problems (dates that are not
// dates) into a validation error, with the domain's messages about the
// rest of the input beside them, so that every mistake shows at once.
func activityFormErrors(problems map[string]string, in initiative.ActivityInput) error {
	v := &errs.ValidationError{Fields: problems}
	var more *errs.ValidationError
	if errors.As(in.Normalize(), &more) {
		for f, msg := range more.Fields {
			v.Add(f, msg)
		}
	}
	return v
}

// activityProblem shows the form again with the domain's messages added to
// the form's own; any other error is the page's.
func (h *handler) activityProblem(w http.ResponseWriter, r *http.Request, err error, problems map[string]string,
	d activityFormData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = problems
		for f, msg := range v.Fields {
			if _, ok := d.Errors[f]; !ok {
				d.Errors[f] = msg
			}
		}
		return h.renderActivityForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.renderActivityForm(w, r, http.StatusConflict, d)
	}
	return err
}

// activityOf reads the activity of the path through the initiative in: one
// of another initiative is not found.
func (h *handler) activityOf(r *http.Request, in *initiative.Initiative) (*initiative.Activity, error) {
	id, err := pathInt(r, "activity")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.Activity(r.Context(), httpx.Actor(r), in.ID, id)
}

func (h *handler) activityEdit(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	a, err := h.activityOf(r, in)
	if err != nil {
		return err
	}
	if err := h.offer(r, account.RecordActivity, account.OrgIn(a.OrganizationID, in.ID)); err != nil {
		return err
	}
	d := activityFormData{Initiative: in, Activity: a, Input: activityInputOf(a)}
	return h.renderActivityForm(w, r, http.StatusOK, d)
}

func (h *handler) activitySave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	a, err := h.activityOf(r, in)
	if err != nil {
		return err
	}
	typed, input, problems := parseActivityForm(r)
	d := activityFormData{Initiative: in, Activity: a, Input: typed}
	if len(problems) > 0 {
		if err := h.offerRecording(r, in, a.OrganizationID, typed.OrganizationID); err != nil {
			return err
		}
		return h.activityProblem(w, r, activityFormErrors(problems, input), problems, d)
	}
	saved, err := h.Initiatives.UpdateActivity(r.Context(), httpx.Actor(r), in.ID, a.ID, input)
	if err != nil {
		return h.activityProblem(w, r, err, problems, d)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity %s was saved.", account.Quote(saved.Title)))
	redirect(w, r, activityPlace(in.ID, saved))
	return nil
}

// activityDelete removes an activity recorded by mistake: whoever may
// change it may (account.RecordActivity).
func (h *handler) activityDelete(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "activity")
	if err != nil {
		return err
	}
	a, err := h.Initiatives.DeleteActivity(r.Context(), httpx.Actor(r), in.ID, id)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity %s of %s was deleted.", account.Quote(a.Title), a.OrganizationName))
	redirect(w, r, initiativePath(in.ID, "/work"))
	return nil
}
