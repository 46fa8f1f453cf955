// Package notify tells people what concerns them: each event the
// initiatives' updates feed knows (and the reminders a daily scan finds)
// becomes a notification to the people it concerns, kept in the app with
// an unread count and sent by e-mail at once, in a daily or weekly digest,
// or not at all, as each person chooses per kind.
package notify

// Delivery is how a person wants a kind of notification.
type Delivery string

// The deliveries a person chooses from.
const (
	AtOnce Delivery = "now"    // an e-mail for each, at once
	Daily  Delivery = "daily"  // one e-mail a day listing them
	Weekly Delivery = "weekly" // one e-mail a week listing them
	Off    Delivery = "off"    // not notified at all
)

// Deliveries are the choices, in the order a form offers them.
var Deliveries = []Delivery{AtOnce, Daily, Weekly, Off}

// Label is how a form names a delivery.
func (d Delivery) Label() string {
	switch d {
	case AtOnce:
		return "At once"
	case Daily:
		return "Daily digest"
	case Weekly:
		return "Weekly digest"
	case Off:
		return "Off"
	}
	return string(d)
}

// Kind is a kind of notification.
type Kind struct {
	Name        string
	Label       string // what a person reads on the preferences page
	Description string
	Default     Delivery
	// Required kinds cannot be turned off: they ask the person to act, and
	// nobody else will tell them.
	Required bool
	// InApp kinds are never e-mailed as notifications: their e-mail is
	// sent otherwise (a meeting's calendar invitation, with its .ics).
	InApp bool
}

// The kinds of notification.
const (
	KindInvitation      = "invitation"
	KindMeeting         = "meeting"
	KindMeetingRecord   = "meeting_record"
	KindReportDue       = "report_due"
	KindReportLate      = "report_late"
	KindProposalOpened  = "proposal_opened"
	KindProposalClosing = "proposal_closing"
	KindVoteNeeded      = "vote_needed"
	KindAgreementToSign = "agreement_to_sign"
	KindRenewalDue      = "renewal_due"
	KindMilestone       = "milestone_reached"
	KindProposalReview  = "proposal_review"
	KindReviewDue       = "review_due"
	KindPlanSignal      = "plan_signal"
	KindPlanFeedback    = "plan_feedback"
)

// Kinds are every kind, in the order the preferences page lists them.
var Kinds = []Kind{
	{KindInvitation, "Invitations and roles",
		"Your organization is invited to join an initiative, or you are given a role in an initiative or an " +
			"organization.", AtOnce, true, false},
	{KindMeeting, "Meetings", "A meeting you are invited to is scheduled, changed or cancelled. Its calendar " +
		"invitation comes by e-mail, whatever you choose here.", AtOnce, true, true},
	{KindVoteNeeded, "Votes needed",
		"A proposal your organization votes on is open, or closes soon and your organization has not voted.", AtOnce,
		true, false},
	{KindAgreementToSign, "Agreements to sign", "An agreement your organization is a party to waits for signatures.",
		AtOnce, true, false},
	{KindReportDue, "Reports due", "A measurement your organization reports is due within a week.", Daily, false, false},
	{KindReportLate, "Late reports", "A measurement your organization reports is late.", Daily, false, false},
	{KindProposalOpened, "Proposals opened", "A proposal is put to an initiative you take part in.", Daily, false, false},
	{KindProposalClosing, "Proposals closing", "A proposal in an initiative you take part in closes within two days.",
		Daily, false, false},
	{KindRenewalDue, "Agreements due for renewal", "An agreement of an initiative you run is due for renewal.", Daily,
		false, false},
	{KindReviewDue, "Reviews due", "A scheduled review of something you look after (an initiative, one of its " +
		"goals, activities or agreements, or your organization's own goal) is due within a week, or overdue.", Daily,
		false, false},
	{KindMeetingRecord, "Minutes and actions",
		"The minutes of a meeting you were invited to, and the actions it gave your organization.", Weekly, false,
		false},
	{KindMilestone, "Milestones reached", "A goal of an initiative you take part in reaches a milestone.", Weekly,
		false, false},
	{KindProposalReview, "Reviews of your proposed updates",
		"A directory steward accepts or rejects an update you proposed to an organization's record.", AtOnce, false, false},
	{KindPlanSignal, "Plan signals met",
		"Backbone finds that a success signal of an action plan you own, keep or follow is met.", AtOnce, false, false},
	{KindPlanFeedback, "Plan feedback", "An action plan is shared with you, or someone comments on a plan you " +
		"own or follow, suggests a change to it, or answers your suggestion.", Daily, false, false},
}

// KindOf returns the kind named name.
func KindOf(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}
