package account

// An initiative's governance: its framework, agreements, decisions, and the
// compatibility checks with prospective partners.
const (
	// ManageGovernance is keeping an initiative's governance framework and
	// agreements, and closing its proposals: its backbone staff. Target:
	// the initiative.
	ManageGovernance Action = "initiative.governance"
)

// Compatibility checks, between an initiative and a prospective partner.
// Their notes are candid ("leadership is unreliable"), so only the two
// sides read them.
const (
	// ListAssessments is asking for an initiative's compatibility checks:
	// anyone who may see the initiative, who is given those of them they
	// may view (ViewAssessment). Target: the initiative.
	ListAssessments Action = "assessment.list"
	// StartAssessment is opening a check with an organization: backbone
	// staff. Target: the initiative.
	StartAssessment Action = "assessment.start"
	// ViewAssessment is reading a check with both sides' answers and notes:
	// the initiative's backbone staff and the assessed organization's
	// people. Target: the initiative and the organization.
	ViewAssessment Action = "assessment.view"
	// AnswerForInitiative is answering a check as the initiative: backbone
	// staff. Target: the initiative.
	AnswerForInitiative Action = "assessment.answer.initiative"
	// AnswerForPartner is answering a check as the organization assessed:
	// its people. Target: the organization.
	AnswerForPartner Action = "assessment.answer.partner"
)

// decideGovernance is the rule book's chapter on governance.
func decideGovernance(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ManageGovernance:
		return f.backbone(), true
	case ListAssessments:
		return f.seesInitiative(), true
	case StartAssessment, AnswerForInitiative:
		return f.backbone(), true
	case ViewAssessment:
		return f.backbone() || f.orgPerson(), true
	case AnswerForPartner:
		return f.orgPerson(), true
	}
	return false, false
}
