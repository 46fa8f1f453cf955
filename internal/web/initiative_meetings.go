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
	"backbone/internal/meeting"
)

// occurrenceKey writes an occurrence's start for addresses: 20270105T180000Z.
func occurrenceKey(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// upcomingRow is one occurrence to come, as the list shows it.
type upcomingRow struct {
	Meeting *meeting.Meeting
	When    string
	Key     string
}

// heldRow is a meeting held, as the check-in history shows it.
type heldRow struct {
	*meeting.Held
	When string
	Key  string
}

type meetingListData struct {
	Initiative  *initiative.Initiative
	Upcoming    []upcomingRow
	Meetings    []*meeting.Meeting
	History     []heldRow
	CanSchedule bool
}

func (h *handler) meetingList(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	actor := httpx.Actor(r)
	up, err := h.Meetings.Upcoming(r.Context(), actor, in.ID, 400*24*time.Hour, 12)
	if err != nil {
		return err
	}
	d := meetingListData{Initiative: in}
	for _, u := range up {
		d.Upcoming = append(
			d.Upcoming,
			upcomingRow{Meeting: u.Meeting, When: u.Meeting.When(u.At), Key: occurrenceKey(u.At)},
		)
	}
	if d.Meetings, err = h.Meetings.List(r.Context(), actor, in.ID); err != nil {
		return err
	}
	history, err := h.Meetings.History(r.Context(), actor, in.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*meeting.Meeting{}
	for _, m := range d.Meetings {
		byID[m.ID] = m
	}
	for _, x := range history {
		row := heldRow{Held: x, Key: occurrenceKey(x.At)}
		if m := byID[x.MeetingID]; m != nil {
			row.When = m.When(x.At)
		}
		d.History = append(d.History, row)
	}
	if d.CanSchedule, err = h.may(r, account.ScheduleMeeting, account.Initiative(in.ID)); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_meetings", "Meetings · "+in.Name, "initiatives", d)
	return nil
}

// choice is an option of a select or a group of checkboxes.
type choice struct {
	Value, Label string
	Selected     bool
}

type meetingFormData struct {
	Initiative *initiative.Initiative
	Meeting    *meeting.Meeting // nil for a new one
	Input      meeting.Input
	Date, Time string
	Emails     string
	Kinds      []choice
	Repeats    []choice
	Orgs       []choice
	Zone       string
	Errors     map[string]string
}

var repeatLabels = map[string]string{"once": "Once", "weekly": "Every week, on the same weekday",
	"biweekly": "Every two weeks, on the same weekday", "monthly": "Monthly, on the same weekday of the month " +
		"(e.g. the first Tuesday)", "bimonthly": "Every two months, same weekday of the month",
	"quarterly": "Every three months, same weekday of the month", "semiannual": "Every six months, same weekday",
	"annual": "Every year, same weekday of the month"}

func (h *handler) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, d meetingFormData) error {
	for _, k := range meeting.Kinds {
		d.Kinds = append(d.Kinds, choice{k, strings.ToUpper(meeting.KindLabel(k)[:1]) + meeting.KindLabel(k)[1:],
			k == d.Input.Kind})
	}
	for _, rp := range meeting.Repeats {
		d.Repeats = append(d.Repeats, choice{rp, repeatLabels[rp], rp == d.Input.Repeat})
	}
	members, err := h.Initiatives.Members(r.Context(), d.Initiative.ID)
	if err != nil {
		return err
	}
	picked := map[string]bool{}
	for _, o := range d.Input.Organizations {
		picked[o] = true
	}
	for _, m := range members {
		if m.Status == "active" || m.Status == "invited" || picked[m.OrganizationID] {
			d.Orgs = append(d.Orgs, choice{m.OrganizationID, m.OrganizationName, picked[m.OrganizationID]})
		}
	}
	zone, err := h.Initiatives.TimeZoneOf(r.Context(), d.Initiative.ID)
	if err != nil {
		return err
	}
	if zone == "" {
		zone = h.TimeZone.String()
	}
	d.Zone = zone
	title := "Schedule a meeting · " + d.Initiative.Name
	if d.Meeting != nil {
		title = "Change " + d.Meeting.Title + " · " + d.Initiative.Name
	}
	h.render(w, r, status, "initiative_meeting_form", title, "initiatives", d)
	return nil
}

// meetingNew offers the form, its repeat prefilled from governance's
// meeting cadence, and every active member invited.
func (h *handler) meetingNew(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offered(r, account.ScheduleMeeting, account.Initiative(in.ID)); err != nil {
		return err
	}
	d := meetingFormData{Initiative: in, Input: meeting.Input{Kind: meeting.KindCheckIn, Repeat: "monthly",
		DurationMinutes: 60}, Time: "10:00"}
	if g, err := h.Initiatives.Governance(r.Context(), httpx.Actor(r), in.ID); err == nil && g.MeetingCadence != "" {
		d.Input.Repeat = g.MeetingCadence
	} else if err != nil && !errors.Is(err, errs.ErrNotFound) {
		return err
	}
	members, err := h.Initiatives.Members(r.Context(), in.ID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Status == "active" {
			d.Input.Organizations = append(d.Input.Organizations, m.OrganizationID)
		}
	}
	d.Date = h.now().AddDate(0, 0, 7).Format(time.DateOnly)
	return h.renderMeetingForm(w, r, http.StatusOK, d)
}

func parseMeetingForm(r *http.Request, d *meetingFormData) {
	d.Date, d.Time, d.Emails = strings.TrimSpace(r.PostFormValue("date")), strings.TrimSpace(r.PostFormValue("time")),
		r.PostFormValue("emails")
	minutes, _ := strconv.Atoi(r.PostFormValue("duration_minutes"))
	d.Input = meeting.Input{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Start: d.Date + "T" + d.Time, DurationMinutes: minutes,
		Repeat: r.PostFormValue("repeat"), Until: r.PostFormValue("until"), Place: r.PostFormValue("place"),
		VideoURL: r.PostFormValue("video_url"), Organizations: r.PostForm["organizations"],
		RRule: r.PostFormValue("rrule")}
	for _, e := range strings.FieldsFunc(d.Emails, func(r rune) bool {
		return r == ',' || r == '\n' || r == ' ' ||
			r == ';' || r == '\r'
	}) {
		d.Input.Emails = append(d.Input.Emails, e)
	}
	for _, p := range r.PostForm["people"] {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			d.Input.People = append(d.Input.People, id)
		}
	}
}

func (h *handler) meetingFormFailed(w http.ResponseWriter, r *http.Request, d meetingFormData, err error) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		if msg, ok := d.Errors["start"]; ok {
			d.Errors["date"] = msg
		}
		return h.renderMeetingForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Errors = map[string]string{"title": c.Message}
		return h.renderMeetingForm(w, r, http.StatusConflict, d)
	}
	return err
}

func (h *handler) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := meetingFormData{Initiative: in}
	parseMeetingForm(r, &d)
	m, err := h.Meetings.At(baseURL(r)).Schedule(r.Context(), httpx.Actor(r), in.ID, d.Input)
	if err != nil {
		return h.meetingFormFailed(w, r, d, err)
	}
	if h.Mail != nil {
		h.Mail.Wake()
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The %s %s is scheduled; the invitations are on their way.",
		meeting.KindLabel(m.Kind), account.Quote(m.Title)))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/meetings/%d", in.ID, m.ID))
	return nil
}

// initiativeMeeting reads the initiative and meeting of the path.
func (h *handler) initiativeMeeting(r *http.Request) (*initiative.Initiative, *meeting.Meeting, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "meeting")
	if err != nil {
		return nil, nil, err
	}
	m, err := h.Meetings.Get(r.Context(), httpx.Actor(r), in.ID, id)
	return in, m, err
}

func (h *handler) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	if err := h.offered(r, account.ScheduleMeeting, account.Initiative(in.ID)); err != nil {
		return err
	}
	d := meetingFormData{Initiative: in, Meeting: m, Input: meeting.InputOf(m)}
	d.Date, d.Time, _ = strings.Cut(d.Input.Start, "T")
	d.Emails = strings.Join(d.Input.Emails, "\n")
	return h.renderMeetingForm(w, r, http.StatusOK, d)
}

func (h *handler) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	d := meetingFormData{Initiative: in, Meeting: m}
	parseMeetingForm(r, &d)
	// People invited one by one stay invited: the form does not list them.
	d.Input.People = meeting.InputOf(m).People
	if _, err := h.Meetings.At(baseURL(r)).Update(r.Context(), httpx.Actor(r), in.ID, m.ID, d.Input); err != nil {
		return h.meetingFormFailed(w, r, d, err)
	}
	if h.Mail != nil {
		h.Mail.Wake()
	}
	h.setFlash(w, r, "success", "The meeting was changed; everyone invited is told.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/meetings/%d", in.ID, m.ID))
	return nil
}

func (h *handler) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	if _, err := h.Meetings.At(baseURL(r)).Cancel(r.Context(), httpx.Actor(r), in.ID, m.ID); err != nil {
		return err
	}
	if h.Mail != nil {
		h.Mail.Wake()
	}
	h.setFlash(w, r, "success", "The meeting is cancelled; everyone invited is told.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/meetings/%d", in.ID, m.ID))
	return nil
}

// meetingSkip calls one occurrence of a series off; meetingRestore puts it
// back. Everyone invited is told.
func (h *handler) meetingSkip(w http.ResponseWriter, r *http.Request) error {
	return h.meetingSkipOrRestore(w, r, true)
}

func (h *handler) meetingRestore(w http.ResponseWriter, r *http.Request) error {
	return h.meetingSkipOrRestore(w, r, false)
}

func (h *handler) meetingSkipOrRestore(w http.ResponseWriter, r *http.Request, skip bool) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	at, _ := time.Parse("20060102T150405Z", r.PostFormValue("at"))
	store := h.Meetings.At(baseURL(r))
	msg := "The meeting on " + m.When(at) + " is called off; everyone invited is told."
	if skip {
		_, err = store.SkipOne(r.Context(), httpx.Actor(r), in.ID, m.ID, at, r.PostFormValue("reason"))
	} else {
		_, err = store.RestoreOne(r.Context(), httpx.Actor(r), in.ID, m.ID, at)
		msg = "The meeting on " + m.When(at) + " takes place after all; everyone invited is told."
	}
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.renderMeetingView(w, r, http.StatusUnprocessableEntity, v.Fields)
	case errors.As(err, &c):
		return h.renderMeetingView(w, r, http.StatusConflict, map[string]string{"at": c.Message})
	case err != nil:
		return err
	}
	if h.Mail != nil {
		h.Mail.Wake()
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/meetings/%d#to-come", in.ID, m.ID))
	return nil
}
