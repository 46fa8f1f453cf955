package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/meeting"
)

// occurrenceChoice is an occurrence the view lets staff pick to record.
type occurrenceChoice struct {
	Key, When string
	Selected  bool
}

// attendanceRow is an invitee with their answer and attendance.
type attendanceRow struct {
	meeting.Invitee
	Status string
}

type meetingViewData struct {
	Initiative  *initiative.Initiative
	Meeting     *meeting.Meeting
	Next        string
	Occurrences []occurrenceChoice
	At          string // the occurrence shown, as a key; "" when none has come
	AtWhen      string
	Held        *meeting.Held
	Attendance  []attendanceRow
	Statuses    []string
	Members     []initiative.Member
	Mine        *meeting.Invitee
	CanSchedule bool
	CanRecord   bool
	Errors      map[string]string
	// ToCome are the next meetings of a series, which staff may call off
	// one by one; Skipped those called off, which they may restore.
	ToCome  []occurrenceChoice
	Skipped []skippedRow
}

// skippedRow is an occurrence called off, as the page lists it.
type skippedRow struct {
	Key, When, Reason string
}

func (h *handler) meetingView(w http.ResponseWriter, r *http.Request) error {
	return h.renderMeetingView(w, r, http.StatusOK, nil)
}

func (h *handler) renderMeetingView(w http.ResponseWriter, r *http.Request, status int,
	problems map[string]string) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	actor := httpx.Actor(r)
	d := meetingViewData{Initiative: in, Meeting: m, Statuses: meeting.AttendanceStatuses, Errors: problems}
	if m.Next != nil {
		d.Next = m.When(*m.Next)
	}
	now := h.now()
	past := meeting.Occurrences(m, now.AddDate(-2, 0, 0), now, 500)
	if len(past) > 8 {
		past = past[len(past)-8:]
	}
	future := meeting.Occurrences(m, now, now.AddDate(2, 0, 0), 3)
	want := r.URL.Query().Get("at")
	if want == "" && r.Method == http.MethodPost {
		want = r.PostFormValue("at")
	}
	if want == "" {
		switch {
		case len(past) > 0:
			want = occurrenceKey(past[len(past)-1])
		case len(future) > 0:
			want = occurrenceKey(future[0])
		}
	}
	for i := len(past) - 1; i >= 0; i-- {
		d.Occurrences = append(d.Occurrences, occurrenceChoice{occurrenceKey(past[i]), m.When(past[i]),
			occurrenceKey(past[i]) == want})
	}
	for _, t := range future {
		d.Occurrences = append(d.Occurrences, occurrenceChoice{occurrenceKey(t), m.When(t) + " (to come)",
			occurrenceKey(t) == want})
	}
	if want != "" {
		at, err := time.Parse("20060102T150405Z", want)
		if err != nil {
			return errs.ErrNotFound
		}
		held, err := h.Meetings.Held(r.Context(), actor, in.ID, m.ID, at)
		var v *errs.ValidationError
		if errors.As(err, &v) {
			return errs.ErrNotFound
		}
		if err != nil {
			return err
		}
		d.At, d.AtWhen, d.Held = want, m.When(at), held
		for _, v := range m.Invitees {
			d.Attendance = append(d.Attendance, attendanceRow{Invitee: v, Status: held.Attendance[v.ID]})
		}
	}
	if v, ok := meeting.InviteeOf(m, actor.User); ok {
		d.Mine = &v
	}
	if m.Recurring() && !m.Cancelled() {
		for _, t := range meeting.Occurrences(m, now, now.AddDate(2, 0, 0), 6) {
			d.ToCome = append(d.ToCome, occurrenceChoice{occurrenceKey(t), m.When(t), false})
		}
		for _, k := range m.Skipped {
			if k.At.After(now) {
				d.Skipped = append(d.Skipped, skippedRow{occurrenceKey(k.At), m.When(k.At), k.Reason})
			}
		}
	}
	if d.CanSchedule, err = h.may(r, account.ScheduleMeeting, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.CanRecord, err = h.may(r, account.RecordMeeting, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.CanRecord {
		members, err := h.Initiatives.Members(r.Context(), in.ID)
		if err != nil {
			return err
		}
		for _, mb := range members {
			if mb.Status == "active" {
				d.Members = append(d.Members, mb)
			}
		}
	}
	h.render(w, r, status, "initiative_meeting_view", m.Title+" · "+in.Name, "initiatives", d)
	return nil
}

// meetingAt reads the occurrence the form names; one that is not a time
// is left zero, which the domain refuses once it has checked who may ask.
func meetingAt(r *http.Request) (time.Time, error) {
	at, _ := time.Parse("20060102T150405Z", r.PostFormValue("at"))
	return at, nil
}

// meetingRecorded goes back to the meeting's page at the occurrence, or
// shows the page again with what went wrong.
func (h *handler) meetingRecorded(w http.ResponseWriter, r *http.Request, in int64, m int64, err error,
	done string) error {
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.renderMeetingView(w, r, http.StatusUnprocessableEntity, v.Fields)
	}
	var c *errs.ConflictError
	if errors.As(err, &c) {
		return h.renderMeetingView(w, r, http.StatusConflict, map[string]string{c.Field: c.Message})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", done)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/meetings/%d?at=%s", in, m, r.PostFormValue("at")))
	return nil
}

func (h *handler) meetingAttendance(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	at, err := meetingAt(r)
	if err == nil {
		statuses := map[int64]string{}
		for _, v := range m.Invitees {
			statuses[v.ID] = r.PostFormValue(fmt.Sprintf("status_%d", v.ID))
		}
		_, err = h.Meetings.RecordAttendance(r.Context(), httpx.Actor(r), in.ID, m.ID, at, statuses)
	}
	return h.meetingRecorded(w, r, in.ID, m.ID, err, "Attendance recorded.")
}

func (h *handler) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	at, err := meetingAt(r)
	if err == nil {
		_, err = h.Meetings.SaveMinutes(r.Context(), httpx.Actor(r), in.ID, m.ID, at, r.PostFormValue("minutes"))
	}
	return h.meetingRecorded(w, r, in.ID, m.ID, err, "Minutes saved.")
}

func (h *handler) meetingAction(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	at, err := meetingAt(r)
	if err == nil {
		input := meeting.ActionInput{
			Title:          r.PostFormValue("title"),
			OrganizationID: r.PostFormValue("organization_id"),
			OwnerName:      r.PostFormValue("owner_name"),
		}
		if due, derr := agreementDate(r.PostFormValue("due_on")); derr != nil {
			err = &errs.ValidationError{Fields: map[string]string{"due_on": derr.Error()}}
		} else {
			input.DueOn = due
			_, err = h.Meetings.AddAction(r.Context(), httpx.Actor(r), in.ID, m.ID, at, input)
		}
	}
	return h.meetingRecorded(w, r, in.ID, m.ID, err, "Action item added; it is now one of the initiative's activities.")
}

func (h *handler) meetingAgenda(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	var items []meeting.Item
	for i := 0; i < len(m.Agenda)+1; i++ {
		f := func(name string) string { return r.PostFormValue(fmt.Sprintf("agenda.%d.%s", i, name)) }
		if f("remove") != "" {
			continue
		}
		it := meeting.Item{Title: f("title"), Note: f("note")}
		if i < len(m.Agenda) {
			it.Source, it.SourceURL = m.Agenda[i].Source, m.Agenda[i].SourceURL
		}
		items = append(items, it)
	}
	// Move an item up: the button names it.
	if up := r.PostFormValue("up"); up != "" {
		var i int
		if _, err := fmt.Sscan(up, &i); err == nil && i > 0 && i < len(items) {
			items[i-1], items[i] = items[i], items[i-1]
		}
	}
	_, err = h.Meetings.SetAgenda(r.Context(), httpx.Actor(r), in.ID, m.ID, items)
	return h.meetingRecorded(w, r, in.ID, m.ID, err, "Agenda saved.")
}

func (h *handler) meetingAnswer(w http.ResponseWriter, r *http.Request) error {
	in, m, err := h.initiativeMeeting(r)
	if err != nil {
		return err
	}
	_, err = h.Meetings.Answer(r.Context(), httpx.Actor(r), in.ID, m.ID, r.PostFormValue("answer"))
	return h.meetingRecorded(w, r, in.ID, m.ID, err, "Your answer is saved.")
}

type rsvpData struct {
	Token      string
	Invitation *meeting.Invitation
	When       string
	Done       string
	Error      string
}

func (h *handler) rsvpPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderRSVP(w, r, http.StatusOK, "", "")
}

func (h *handler) renderRSVP(w http.ResponseWriter, r *http.Request, status int, done, problem string) error {
	token := r.PathValue("token")
	inv, err := h.Meetings.ByToken(r.Context(), token)
	if errors.Is(err, errs.ErrNotFound) {
		h.render(w, r, http.StatusNotFound, "meeting_rsvp", "Invitation", "", rsvpData{
			Error: "This link does not open an invitation. Ask the person who invited you for a new one."})
		return nil
	}
	if err != nil {
		return err
	}
	m := inv.Meeting
	d := rsvpData{Token: token, Invitation: inv, When: m.When(m.StartsAt), Done: done, Error: problem}
	if m.Next != nil {
		d.When = m.When(*m.Next)
	}
	h.render(w, r, status, "meeting_rsvp", "Invitation: "+m.Title, "", d)
	return nil
}

func (h *handler) rsvp(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.Meetings.AnswerByToken(r.Context(), r.PathValue("token"), r.PostFormValue("answer"))
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.renderRSVP(w, r, http.StatusUnprocessableEntity, "", "Choose accept or decline.")
	case errors.As(err, &c):
		return h.renderRSVP(w, r, http.StatusConflict, "", "This meeting was cancelled.")
	case err != nil && !errors.Is(err, errs.ErrNotFound):
		return err
	case err != nil:
		return h.renderRSVP(w, r, http.StatusNotFound, "", "")
	}
	done := "Thank you: you accepted. See you there."
	if inv.Invitee.Answer == meeting.AnswerDeclined {
		done = "Thank you: you declined. The organizers know."
	}
	return h.renderRSVP(w, r, http.StatusOK, done, "")
}
