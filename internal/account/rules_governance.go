package account

// An initiative's governance: its framework, agreements, decisions, and the
// compatibility checks with prospective partners.
//
// Whoever acts for or speaks for an organization here must also see the
// initiative: an organization that left a private initiative, or was only
// invited to it, does not vote, sign or propose in it.

// The governance framework: how the initiative decides, resolves conflicts
// and communicates, kept as versions.
const (
	// ViewGovernance is reading the governance framework and its earlier
	// versions: anyone who may see the initiative. Target: the initiative.
	ViewGovernance Action = "governance.view"
	// SaveGovernance is adopting a new version of the framework: backbone
	// staff. Target: the initiative.
	SaveGovernance Action = "governance.save"
)

// Written agreements between member organizations (MOUs, data sharing).
const (
	// ViewAgreements is listing the agreements and reading one: anyone who
	// may see the initiative. Target: the initiative.
	ViewAgreements Action = "agreement.view"
	// DraftAgreement is writing a new agreement: backbone staff. Target:
	// the initiative.
	DraftAgreement Action = "agreement.draft"
	// EditAgreement is rewriting an agreement nobody has signed yet:
	// backbone staff. Target: the initiative.
	EditAgreement Action = "agreement.edit"
	// SignAgreement is recording a party's signature. A signature binds the
	// organization, so those who act for it sign (ActForOrganization: its
	// admins, its staff who are the initiative's partner leads); backbone
	// staff may also record a signature made on paper, for any party.
	// Target: the party in the initiative (OrgIn).
	SignAgreement Action = "agreement.sign"
	// AttachAgreementDocument is attaching the agreement's file (a scan of
	// the signed copy): backbone staff. Target: the initiative.
	AttachAgreementDocument Action = "agreement.document.attach"
	// DownloadAgreementDocument is reading the agreement's file: anyone who
	// may see the initiative. Target: the initiative.
	DownloadAgreementDocument Action = "agreement.document.download"
)

// Proposals put to the member organizations, their votes, and the log of
// what was decided.
const (
	// ViewDecisions is listing the proposals and reading one with its
	// votes, delegations and comments: anyone who may see the initiative.
	// Target: the initiative.
	ViewDecisions Action = "decision.view"
	// ProposeDecision is putting a proposal for an organization: its people
	// (admins and staff). Target: the proposing organization in the
	// initiative (OrgIn).
	ProposeDecision Action = "decision.propose"
	// CastVote is voting for an organization: those who act for it
	// (ActForOrganization). Target: the voting organization in the
	// initiative (OrgIn).
	CastVote Action = "decision.vote"
	// DelegateVote is giving an organization's vote on a proposal to
	// another member: those who act for it (ActForOrganization). Target:
	// the delegating organization in the initiative (OrgIn).
	DelegateVote Action = "decision.delegate"
	// CommentOnProposal is commenting for an organization, voting or not:
	// its people. Target: the commenting organization in the initiative
	// (OrgIn).
	CommentOnProposal Action = "decision.comment"
	// CloseProposal is counting the votes and recording the outcome:
	// backbone staff, who keep the decision log for everyone. Target: the
	// initiative.
	CloseProposal Action = "decision.close"
	// WithdrawProposal is taking an open proposal off the table: the person
	// who proposed it while they still speak for the proposing
	// organization; those who act for that organization (its admins, its
	// staff who are partner leads); backbone staff. Target: the proposing
	// organization in the initiative (OrgIn), with AuthorID the proposer.
	WithdrawProposal Action = "decision.withdraw"
	// ReadDecisionLog is reading the decisions taken: anyone who may see
	// the initiative. Target: the initiative.
	ReadDecisionLog Action = "decision.log.read"
	// ReadPublicDecisionLog is reading the decisions of an initiative that
	// made its log public: anyone signed in, even when the initiative is
	// private. Target: the initiative.
	ReadPublicDecisionLog Action = "decision.log.read_public"
	// PublishDecisionLog is choosing whether the decision log is public:
	// backbone staff. Target: the initiative.
	PublishDecisionLog Action = "decision.log.publish"
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
	// Acting for an organization is one rule, in the initiatives' chapter.
	actsFor, _ := decideInitiative(f, ActForOrganization)
	member := f.seesInitiative()
	switch a {
	case ViewGovernance, ViewAgreements, DownloadAgreementDocument, ViewDecisions, ReadDecisionLog:
		return member, true
	case SaveGovernance, DraftAgreement, EditAgreement, AttachAgreementDocument, CloseProposal, PublishDecisionLog:
		return f.backbone(), true
	case SignAgreement:
		return (member && actsFor) || f.backbone(), true
	case ProposeDecision, CommentOnProposal:
		return member && f.orgPerson(), true
	case CastVote, DelegateVote:
		return member && actsFor, true
	case WithdrawProposal:
		return (member && ((f.Author && f.orgPerson()) || actsFor)) || f.backbone(), true
	case ReadPublicDecisionLog:
		return f.signedIn(), true
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
