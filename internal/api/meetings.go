package api

import (
	"net/http"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/meeting"
)

// meetingRoutes are an initiative's meetings and check-ins, and the
// private RSVP link an invitee answers by without an account. {at} is an
// occurrence's start in UTC, written 20270105T180000Z.
func (h *handler) meetingRoutes() []route {
	rt := func(method, path, op, summary, request string, status int, response string, problems []int,
		handle func(*handler, http.ResponseWriter, *http.Request) error) route {
		return route{Method: method, Pattern: workPrefix + path, OperationID: op, Tag: "meetings", Summary: summary,
			Request: request, Status: status, Response: response, Problems: problems, handle: handle}
	}
	read := []int{400, 401, 404}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	held := "/meetings/{meeting}/held/{at}"
	return []route{
		rt("GET", "/meetings", "listMeetings", "The initiative's meetings, the next to come first", "", 200,
			"MeetingList", read, (*handler).listMeetings),
		rt("POST", "/meetings", "scheduleMeeting", "Schedule a meeting or a series (backbone staff): invitations "+
			"with an .ics go by e-mail to each person invited; the agenda is drafted from the initiative's state",
			"MeetingInput", 201, "Meeting", act, (*handler).scheduleMeeting),
		rt("GET", "/meetings/{meeting}", "getMeeting", "One meeting with its invitees, their answers and its agenda",
			"", 200, "Meeting", read, getMeeting),
		rt("PUT", "/meetings/{meeting}", "changeMeeting", "Change a meeting (backbone staff): everyone invited gets "+
			"the changed invitation (a higher SEQUENCE); people taken off get a cancellation", "MeetingInput", 200,
			"Meeting", act, changeMeeting),
		rt("DELETE", "/meetings/{meeting}", "cancelMeeting", "Cancel a meeting or its whole series (backbone staff); "+
			"everyone invited gets a cancellation (METHOD:CANCEL)", "", 200, "Meeting", act, cancelMeeting),
		rt("PUT", "/meetings/{meeting}/agenda", "setMeetingAgenda", "Replace the agenda, in order (backbone staff)",
			"MeetingAgenda", 200, "Meeting", act, setMeetingAgenda),
		rt("POST", "/meetings/{meeting}/answer", "answerMeeting", "Accept or decline one's own invitation",
			"MeetingAnswer", 200, "MeetingInvitee", act, answerMeeting),
		rt("GET", held, "getMeetingHeld", "What was recorded of one occurrence: attendance, minutes, action items",
			"", 200, "MeetingHeld", read, getMeetingHeld),
		rt("PUT", held+"/attendance", "recordMeetingAttendance", "Record who came (backbone staff): "+
			"invitee id → present, absent or regrets", "MeetingAttendance", 200, "MeetingHeld", act,
			recordMeetingAttendance),
		rt("PUT", held+"/minutes", "saveMeetingMinutes", "Write the minutes (backbone staff)", "MeetingMinutes", 200,
			"MeetingHeld", act, saveMeetingMinutes),
		rt("POST", held+"/actions", "addMeetingAction", "Add an action item (backbone staff); it becomes one of "+
			"the initiative's activities, of the organization that owns it", "MeetingActionInput", 201,
			"MeetingAction", act, addMeetingAction),
		rt("PUT", "/meetings/{meeting}/skips/{at}", "skipMeeting", "Call one occurrence of a series off "+
			"(backbone staff), with why; the series goes on, its calendar leaves the day out (EXDATE) and everyone "+
			"invited gets the changed invitation", "MeetingSkip", 200, "Meeting", act, skipMeeting),
		rt("DELETE", "/meetings/{meeting}/skips/{at}", "restoreMeeting", "Restore a skipped occurrence: it takes "+
			"place after all (backbone staff); everyone invited is told", "", 200, "Meeting", act, restoreMeeting),
		rt("GET", "/meeting-history", "meetingHistory", "The check-in history: meetings held, newest first, with "+
			"their attendance rate and the action items they produced", "", 200, "MeetingHeldList", read,
			(*handler).meetingHistory),
		{Method: "POST", Pattern: prefix + "/meetings/rsvp/{token}", OperationID: "rsvpMeeting", Tag: "meetings",
			Public: true, Summary: "Accept or decline an invitation by its private link's token, without an account",
			Request: "MeetingAnswer", Status: 200, Response: "MeetingInvitee", Problems: []int{400, 404, 409, 415, 422},
			handle: (*handler).rsvpMeeting},
	}
}

func (h *handler) listMeetings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ms, err := h.Meetings.List(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(ms))
	return nil
}

func (h *handler) scheduleMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in meeting.Input
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Meetings.At(httpx.SiteURL(r)).Schedule(r.Context(), httpx.Actor(r), id, in)
	if err != nil {
		return err
	}
	if h.Mail != nil {
		h.Mail.Wake()
	}
	location(w, id, "meetings", m.ID)
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

// meetingIDs reads the initiative and meeting of the path.
func meetingIDs(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	m, err := pathID(r, "meeting")
	return id, m, err
}

// skipBody says why an occurrence is called off.
type skipBody struct {
	Reason string `json:"reason"`
}

// meetingCall is one request about a meeting of the path: with its
// initiative and meeting ids, the actor, the decoded body (B, or none for
// struct{}) and the store as the request reached it.
type meetingCall[B any] struct {
	r                   *http.Request
	actor               account.Actor
	initiative, meeting int64
	body                B
	store               *meeting.Store
}

// onMeeting serves an endpoint about one meeting: it reads the path's ids
// and the body, runs do and writes its answer with status; a change wakes
// the mail worker, for the invitations it sent.
func onMeeting[B, R any](status int, write bool, do func(c meetingCall[B]) (R, error)) func(*handler,
	http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		id, mid, err := meetingIDs(r)
		if err != nil {
			return err
		}
		c := meetingCall[B]{r: r, actor: httpx.Actor(r), initiative: id, meeting: mid,
			store: h.Meetings.At(httpx.SiteURL(r))}
		if _, none := any(c.body).(struct{}); !none {
			if err := decodeBody(w, r, &c.body); err != nil {
				return err
			}
		}
		out, err := do(c)
		if err != nil {
			return err
		}
		if write && h.Mail != nil {
			h.Mail.Wake()
		}
		h.writeJSON(w, r, status, out)
		return nil
	}
}

var (
	getMeeting = onMeeting(http.StatusOK, false, func(c meetingCall[struct{}]) (*meeting.Meeting, error) {
		return c.store.Get(c.r.Context(), c.actor, c.initiative, c.meeting)
	})
	changeMeeting = onMeeting(http.StatusOK, true, func(c meetingCall[meeting.Input]) (*meeting.Meeting, error) {
		return c.store.Update(c.r.Context(), c.actor, c.initiative, c.meeting, c.body)
	})
	cancelMeeting = onMeeting(http.StatusOK, true, func(c meetingCall[struct{}]) (*meeting.Meeting, error) {
		return c.store.Cancel(c.r.Context(), c.actor, c.initiative, c.meeting)
	})
	skipMeeting = onMeeting(http.StatusOK, true, func(c meetingCall[skipBody]) (*meeting.Meeting, error) {
		return c.store.SkipOne(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r), c.body.Reason)
	})
	restoreMeeting = onMeeting(http.StatusOK, true, func(c meetingCall[struct{}]) (*meeting.Meeting, error) {
		return c.store.RestoreOne(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r))
	})
	setMeetingAgenda = onMeeting(http.StatusOK, false, func(c meetingCall[agendaBody]) (*meeting.Meeting, error) {
		return c.store.SetAgenda(c.r.Context(), c.actor, c.initiative, c.meeting, c.body.Items)
	})
	answerMeeting = onMeeting(http.StatusOK, false, func(c meetingCall[answerBody]) (meeting.Invitee, error) {
		inv, err := c.store.Answer(c.r.Context(), c.actor, c.initiative, c.meeting, c.body.Answer)
		if err != nil {
			return meeting.Invitee{}, err
		}
		return inv.Invitee, nil
	})
	getMeetingHeld = onMeeting(http.StatusOK, false, func(c meetingCall[struct{}]) (*meeting.Held, error) {
		return c.store.Held(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r))
	})
	recordMeetingAttendance = onMeeting(http.StatusOK, false,
		func(c meetingCall[attendanceBody]) (*meeting.Held, error) {
			statuses := map[int64]string{}
			for k, v := range c.body.Attendance {
				n, err := strconv.ParseInt(k, 10, 64)
				if err != nil {
					return nil, &errs.ValidationError{
						Fields: map[string]string{"attendance": "keys must be invitee ids"},
					}
				}
				statuses[n] = v
			}
			return c.store.RecordAttendance(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r), statuses)
		})
	saveMeetingMinutes = onMeeting(http.StatusOK, false, func(c meetingCall[minutesBody]) (*meeting.Held, error) {
		return c.store.SaveMinutes(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r), c.body.Minutes)
	})
	addMeetingAction = onMeeting(http.StatusCreated, false, func(c meetingCall[actionBody]) (*meeting.Action, error) {
		in := meeting.ActionInput{Title: c.body.Title, OrganizationID: c.body.OrganizationID,
			OwnerName: c.body.OwnerName}
		if c.body.DueOn != "" {
			var v errs.ValidationError
			in.DueOn = parseDay(&v, "due_on", &c.body.DueOn)
			if err := v.OrNil(); err != nil {
				return nil, err
			}
		}
		return c.store.AddAction(c.r.Context(), c.actor, c.initiative, c.meeting, heldAt(c.r), in)
	})
)

// The bodies of the meeting endpoints.
type (
	agendaBody struct {
		Items []meeting.Item `json:"items"`
	}
	answerBody struct {
		Answer string `json:"answer"`
	}
	attendanceBody struct {
		Attendance map[string]string `json:"attendance"` // invitee id → status
	}
	minutesBody struct {
		Minutes string `json:"minutes"`
	}
	actionBody struct {
		Title          string `json:"title"`
		OrganizationID string `json:"organization_id"`
		OwnerName      string `json:"owner_name"`
		DueOn          string `json:"due_on"`
	}
)

func (h *handler) rsvpMeeting(w http.ResponseWriter, r *http.Request) error {
	var body answerBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	inv, err := h.Meetings.AnswerByToken(r.Context(), r.PathValue("token"), body.Answer)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, inv.Invitee)
	return nil
}

// heldAt reads the path's occurrence; one that is not a time is left zero,
// which the domain refuses once it has checked who may ask.
func heldAt(r *http.Request) time.Time {
	at, _ := time.Parse("20060102T150405Z", r.PathValue("at"))
	return at
}

func (h *handler) meetingHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	history, err := h.Meetings.History(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(history))
	return nil
}

// meetingSchemas documents the meetings' bodies and answers.
func meetingSchemas() obj {
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	when := obj{"type": "string", "format": "date-time"}
	maybeWhen := obj{"type": []string{"string", "null"}, "format": "date-time"}
	enum := func(values []string, desc string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	array := func(item obj) obj { return obj{"type": "array", "items": item} }
	object := func(desc string, required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	listOf := func(schema string) obj {
		return object("A list", []string{"items"}, obj{"items": array(ref(schema))})
	}
	answers := []string{meeting.AnswerPending, meeting.AnswerAccepted, meeting.AnswerDeclined}
	invitee := obj{"id": integer, "organization_id": obj{"type": "string", "description": "Set for an organization"},
		"organization_name": str, "user_id": obj{"type": "integer", "description": "Set for a person with an account"},
		"email": str, "name": str, "via_organization_id": obj{"type": "string",
			"description": "The organization the person was invited with"},
		"answer": enum(answers, "A person's answer; organizations stay pending"), "answered_at": when}
	item := obj{"id": integer, "title": str, "note": str,
		"source": enum([]string{"", meeting.SourceLateReport, meeting.SourceGoal, meeting.SourceProposal,
			meeting.SourceAgreement, meeting.SourceMember}, "What a drafted item came from; empty for one written"),
		"source_url": str}
	action := obj{"id": integer, "activity_id": obj{"type": "integer", "description": "The activity it became"},
		"title": str, "organization_id": str, "organization_name": str, "owner_name": str, "due_on": maybeWhen}
	repeats := append([]string{""}, meeting.Repeats...)
	return obj{
		"MeetingInput": object("A meeting as staff write it; the organizations, people and e-mails are who is "+
			"invited (on a change: who stays invited)", []string{"title", "start"}, obj{
			"kind":  enum(meeting.Kinds, "check_in when left out"),
			"title": obj{"type": "string", "maxLength": 200}, "description": obj{"type": "string", "maxLength": 10000},
			"start": obj{"type": "string", "description": "The first meeting's local date and time in the " +
				"initiative's time zone, YYYY-MM-DDTHH:MM"},
			"duration_minutes": obj{"type": "integer", "minimum": 0, "maximum": 1440, "description": "60 when 0"},
			"repeat":           enum(repeats, "once, or how often, on the first meeting's weekday (of the month)"),
			"until": obj{
				"type":        "string",
				"description": "The series' last day, YYYY-MM-DD; empty for no end",
			},
			"rrule": obj{"type": "string", "maxLength": 500,
				"description": "An RFC 5545 RRULE value (FREQ=MONTHLY;BYDAY=1TU); wins over repeat"},
			"place": obj{"type": "string", "maxLength": 500}, "video_url": obj{"type": "string", "maxLength": 1000},
			"organizations": array(str), "people": array(integer), "emails": array(str),
		}),
		"MeetingInvitee":    object("An organization or a person invited", []string{"id", "name", "answer"}, invitee),
		"MeetingAgendaItem": object("One line of the agenda", []string{"title"}, item),
		"Meeting": object("A meeting or a series", []string{"id", "initiative_id", "kind", "title", "starts_at",
			"duration_minutes", "time_zone", "rrule", "schedule", "status", "sequence", "invitees", "agenda"}, obj{
			"id": integer, "initiative_id": integer, "initiative_name": str, "kind": enum(meeting.Kinds, ""),
			"title": str, "description": str, "starts_at": when, "duration_minutes": integer, "time_zone": str,
			"rrule":    obj{"type": "string", "description": "Empty for a one-off meeting"},
			"repeat":   enum(repeats, "The form's choice the rule is; empty for another rule"),
			"schedule": obj{"type": "string", "description": "The rule in words"}, "place": str, "video_url": str,
			"status":   enum([]string{meeting.StatusScheduled, meeting.StatusCancelled}, ""),
			"sequence": obj{"type": "integer", "description": "The invitation's revision"}, "organizer_id": integer,
			"organizer_name": str, "created_at": when, "updated_at": when,
			"invitees": array(ref("MeetingInvitee")), "agenda": array(ref("MeetingAgendaItem")),
			"next": obj{"type": "string", "format": "date-time", "description": "The next meeting; absent if none"},
			"skipped": array(object("An occurrence called off", []string{"at", "reason"},
				obj{"at": when, "reason": str})),
		}),
		"MeetingSkip": object("Why an occurrence is called off", nil, obj{"reason": obj{"type": "string",
			"maxLength": 500}}),
		"MeetingList": listOf("Meeting"),
		"MeetingAgenda": object(
			"The whole agenda, in order",
			[]string{"items"},
			obj{"items": array(ref("MeetingAgendaItem"))},
		),
		"MeetingAnswer": object("An answer to an invitation", []string{"answer"},
			obj{"answer": enum([]string{meeting.AnswerAccepted, meeting.AnswerDeclined}, "")}),
		"MeetingAttendance": object("Who came", []string{"attendance"}, obj{"attendance": obj{"type": "object",
			"additionalProperties": enum(meeting.AttendanceStatuses, ""), "description": "Invitee id → status"}}),
		"MeetingMinutes": object("The minutes", []string{"minutes"}, obj{"minutes": obj{"type": "string",
			"maxLength": 100000}}),
		"MeetingActionInput": object("An action item", []string{"title", "organization_id"}, obj{
			"title": obj{"type": "string", "maxLength": 200}, "organization_id": str,
			"owner_name": obj{"type": "string", "maxLength": 200},
			"due_on":     obj{"type": "string", "description": "YYYY-MM-DD, or empty"}}),
		"MeetingAction": object("An action item agreed at a meeting, and the activity it became",
			[]string{"id", "activity_id", "title", "organization_id"}, action),
		"MeetingHeld": object("What was recorded of one meeting held", []string{"meeting_id", "at", "recorded",
			"attendance", "minutes", "actions", "present", "invited", "attendance_rate"}, obj{
			"meeting_id": integer, "title": str, "kind": str, "at": when, "recorded": obj{"type": "boolean"},
			"attendance": obj{"type": "object", "additionalProperties": enum(meeting.AttendanceStatuses, ""),
				"description": "Invitee id → status"},
			"minutes": str, "actions": array(ref("MeetingAction")), "present": integer, "invited": integer,
			"attendance_rate": obj{"type": "number", "minimum": 0, "maximum": 1,
				"description": "Over the organizations invited, or the people when no organization was"},
		}),
		"MeetingHeldList": listOf("MeetingHeld"),
	}
}
