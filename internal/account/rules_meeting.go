package account

// Meetings and check-ins of an initiative.
const (
	// ViewMeetings is reading an initiative's meetings, their agendas,
	// invitees' answers, attendance, minutes and action items: whoever may
	// see the initiative. Target: the initiative.
	ViewMeetings Action = "meeting.view"
	// ScheduleMeeting is scheduling, changing and cancelling a meeting and
	// its invitations, and writing its agenda: backbone staff. Target: the
	// initiative.
	ScheduleMeeting Action = "meeting.schedule"
	// RecordMeeting is recording what happened at a meeting: attendance,
	// minutes and action items: backbone staff. Target: the initiative.
	RecordMeeting Action = "meeting.record"
	// AnswerMeeting is accepting or declining one's own invitation while
	// signed in: anyone who may see the initiative; the meeting decides
	// whether they were invited. (A private RSVP link needs no account.)
	// Target: the initiative.
	AnswerMeeting Action = "meeting.answer"
)

func decideMeeting(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewMeetings, AnswerMeeting:
		return f.seesInitiative(), true
	case ScheduleMeeting, RecordMeeting:
		return f.backbone(), true
	}
	return false, false
}
