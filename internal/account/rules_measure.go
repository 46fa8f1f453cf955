package account

// Shared measurement: an initiative's indicators, goals, milestones, the
// partners' reports, stories and the dashboard.
const (
	// ViewMeasurement is reading an initiative's indicators, goals (with
	// their revisions, milestones and SMART findings), stories, dashboard
	// (and its CSV), each member's part of a period, and the late reports:
	// anyone who may see the initiative. Target: the initiative.
	ViewMeasurement Action = "measure.view"
	// ManageMeasurement is agreeing on an initiative's indicators (adding,
	// changing and retiring them, choosing who reports each) and setting its
	// goals (adding, revising, their milestones, and checking a draft
	// against SMART): its backbone staff. Target: the initiative.
	ManageMeasurement Action = "measure.manage"
	// ReportMeasurement is reporting an organization's value of an
	// indicator for a period, or correcting it: the organization's people
	// (admins and staff), in an initiative they see; the indicator must be
	// one the organization is asked to report (else the report is invalid,
	// not refused). Target: the organization in the initiative (OrgIn).
	ReportMeasurement Action = "measurement.report"
	// ViewMeasurementHistory is reading every revision of one
	// organization's value: the organization's people, in an initiative they
	// see, and the initiative's backbone staff. Target: the organization in
	// the initiative (OrgIn).
	ViewMeasurementHistory Action = "measurement.history"
	// WithdrawMeasurement is withdrawing an organization's wrong value for
	// a period, with a reason, so that it no longer counts (its history is
	// kept): the organization's people, in an initiative they see, and the
	// initiative's backbone staff, who look after the data's quality.
	// Target: the organization in the initiative (OrgIn).
	WithdrawMeasurement Action = "measurement.withdraw"
	// ImportMeasurements is recording a file of measurements, for any of
	// the indicators' reporters: the initiative's backbone staff. Target:
	// the initiative.
	ImportMeasurements Action = "measurement.import"
	// ViewReportForm is opening the page partners report their numbers on
	// (which offers each what it may report) and downloading the file to
	// fill in: anyone who may see the initiative. Target: the initiative.
	ViewReportForm Action = "measurement.report.form"
	// TellStory is adding a story beside an initiative's numbers: its
	// backbone staff, and the people of its active member organizations.
	// Target: the initiative, named with an active member organization the
	// user works for when there is one (OrgIn); the store chooses it, as
	// the facts cannot say whether an organization is an active member.
	TellStory Action = "story.tell"
)

// An organization's own goals, measured by the values it reports itself.
const (
	// ViewOrganizationGoals is reading an organization's own goals and its
	// progress towards them: its people, and the directory's stewards.
	// Target: the organization.
	ViewOrganizationGoals Action = "organization.goals.view"
	// SetOrganizationGoals is writing and revising an organization's own
	// goals and milestones, and checking a draft of one against SMART: its
	// people (admins and staff). Target: the organization.
	SetOrganizationGoals Action = "organization.goals.set"
)

// decideMeasure is the rule book's chapter on measurement.
func decideMeasure(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewMeasurement, ViewReportForm:
		return f.seesInitiative(), true
	case ManageMeasurement, ImportMeasurements:
		return f.backbone(), true
	case ReportMeasurement:
		return f.orgPerson() && f.seesInitiative(), true
	case ViewMeasurementHistory, WithdrawMeasurement:
		return f.backbone() || (f.orgPerson() && f.seesInitiative()), true
	case TellStory:
		return f.backbone() || (f.orgPerson() && f.seesInitiative()), true
	case ViewOrganizationGoals:
		return f.steward() || f.orgPerson(), true
	case SetOrganizationGoals:
		return f.orgPerson(), true
	}
	return false, false
}
