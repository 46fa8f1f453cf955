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
)

// activityFormData is the form that records or edits an activity.
type activityFormData struct {
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

// renderActivityForm fills in the choices and shows the form.
func (h *handler) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, d activityFormData) {
	ctx := r.Context()
	ms, err := h.Initiatives.Members(ctx, d.Initiative.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.userMay(r, account.EditInitiative, account.Initiative(d.Initiative.ID)) {
		d.Organizations = membersIn(ms, "active")
		d.CanDelete = d.Activity != nil
	} else if d.Organizations, err = h.ownMembers(r, ms, account.SpeakForOrganization, "active"); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Activity != nil && !hasMember(d.Organizations, d.Activity.OrganizationID) {
		// A member that has since left can still close its activity.
		d.Organizations = append(d.Organizations, initiative.Member{OrganizationID: d.Activity.OrganizationID, OrganizationName: d.Activity.OrganizationName})
	}
	if d.Items, err = h.Initiatives.AgendaItems(ctx, d.Initiative.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Statuses = initiative.ActivityStatuses
	title := "Record an activity"
	if d.Activity != nil {
		title = "Edit “" + d.Activity.Title + "”"
	}
	h.render(w, r, status, "initiative_work_activity", title, "initiatives", d)
}

func hasMember(ms []initiative.Member, orgID string) bool {
	for _, m := range ms {
		if m.OrganizationID == orgID {
			return true
		}
	}
	return false
}

// mayRecordFor reports whether the user may record or change activities of
// the organization: backbone staff for any member, a member's people for
// their own organization.
func (h *handler) mayRecordFor(r *http.Request, initiativeID int64, orgID string) bool {
	return h.userMay(r, account.EditInitiative, account.Initiative(initiativeID)) ||
		(orgID != "" && h.userMay(r, account.SpeakForOrganization, account.Org(orgID)))
}

// mayRecordAny reports whether the user may record an activity for at
// least one member, and answers 403 when not.
func (h *handler) mayRecordAny(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) bool {
	if h.userMay(r, account.EditInitiative, account.Initiative(in.ID)) {
		return true
	}
	own, err := h.speakableMembers(r, in.ID)
	if err != nil {
		h.fail(w, r, err)
		return false
	}
	if len(own) == 0 {
		h.fail(w, r, fmt.Errorf("record an activity in initiative %d: %w", in.ID, errs.ErrForbidden))
		return false
	}
	return true
}

func (h *handler) activityNew(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil || !h.mayRecordAny(w, r, in) {
		return
	}
	item, _ := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64)
	h.renderActivityForm(w, r, http.StatusOK, activityFormData{Initiative: in, Input: activityInput{AgendaItemID: item, Status: "planned"}})
}

func (h *handler) activityCreate(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil || !h.mayRecordAny(w, r, in) {
		return
	}
	typed, input, problems := parseActivityForm(r)
	if typed.OrganizationID != "" && !h.mayRecordFor(r, in.ID, typed.OrganizationID) {
		h.fail(w, r, fmt.Errorf("record an activity for %s: %w", typed.OrganizationID, errs.ErrForbidden))
		return
	}
	d := activityFormData{Initiative: in, Input: typed}
	var a *initiative.Activity
	err := activityFormErrors(problems, input)
	if err == nil {
		a, err = h.Initiatives.AddActivity(r.Context(), httpx.Actor(r), in.ID, input)
	}
	if err != nil {
		h.activityProblem(w, r, err, problems, d)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity “%s” of %s was recorded.", a.Title, a.OrganizationName))
	redirect(w, r, activityPlace(in.ID, a))
}

// activityPlace is where an activity shows on the work page.
func activityPlace(initiativeID int64, a *initiative.Activity) string {
	return initiativePath(initiativeID, "/work#activity-"+itoa(a.ID))
}

// activityFormErrors turns the form's own problems (dates that are not
// dates) into a validation error, with the domain's messages about the
// rest of the input beside them, so that every mistake shows at once; nil
// when the form has none of its own.
func activityFormErrors(problems map[string]string, in initiative.ActivityInput) error {
	if len(problems) == 0 {
		return nil
	}
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
// the form's own.
func (h *handler) activityProblem(w http.ResponseWriter, r *http.Request, err error, problems map[string]string, d activityFormData) {
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
		h.renderActivityForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		h.renderActivityForm(w, r, http.StatusConflict, d)
	default:
		h.fail(w, r, err)
	}
}

// changeableActivity loads the activity of the path, which must belong to
// the initiative and be one the user may change.
func (h *handler) changeableActivity(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) *initiative.Activity {
	a, err := h.Initiatives.Activity(r.Context(), pathID(r, "activity"))
	if err == nil && a.InitiativeID != in.ID {
		err = errs.ErrNotFound
	}
	if err == nil && !h.mayRecordFor(r, in.ID, a.OrganizationID) {
		err = fmt.Errorf("change activity %d: %w", a.ID, errs.ErrForbidden)
	}
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return a
}

func (h *handler) activityEdit(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	a := h.changeableActivity(w, r, in)
	if a == nil {
		return
	}
	h.renderActivityForm(w, r, http.StatusOK, activityFormData{Initiative: in, Activity: a, Input: activityInputOf(a)})
}

func (h *handler) activitySave(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	a := h.changeableActivity(w, r, in)
	if a == nil {
		return
	}
	typed, input, problems := parseActivityForm(r)
	if typed.OrganizationID != a.OrganizationID && !h.mayRecordFor(r, in.ID, typed.OrganizationID) {
		h.fail(w, r, fmt.Errorf("move activity %d to %s: %w", a.ID, typed.OrganizationID, errs.ErrForbidden))
		return
	}
	d := activityFormData{Initiative: in, Activity: a, Input: typed}
	saved := a
	err := activityFormErrors(problems, input)
	if err == nil {
		saved, err = h.Initiatives.UpdateActivity(r.Context(), httpx.Actor(r), a.ID, input)
	}
	if err != nil {
		h.activityProblem(w, r, err, problems, d)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity “%s” was saved.", saved.Title))
	redirect(w, r, activityPlace(in.ID, saved))
}

// activityDelete removes an activity recorded by mistake; backbone staff only.
func (h *handler) activityDelete(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	a := h.changeableActivity(w, r, in)
	if a == nil {
		return
	}
	if err := h.Initiatives.DeleteActivity(r.Context(), httpx.Actor(r), a.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The activity “%s” of %s was deleted.", a.Title, a.OrganizationName))
	redirect(w, r, initiativePath(in.ID, "/work"))
}
