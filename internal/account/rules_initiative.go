package account

// Initiatives: the initiative itself, its members and their part in it.
const (
	// ViewInitiative is reading an initiative and its lists (members and
	// their history, agenda, activities, RACI matrix, responsibilities,
	// people): anyone for a public one; for a private one, whoever has a
	// role in it (its member organizations' people are members). Target:
	// the initiative.
	ViewInitiative Action = "initiative.view"
	// EditInitiative is changing an initiative's record (its name, problem,
	// vision, common agenda, geography, status, visibility and backbone
	// organization): its backbone staff. Target: the initiative. Areas
	// whose operations have no action of their own yet check this one.
	EditInitiative Action = "initiative.edit"
	// CreateInitiative is starting an initiative: the stewards, and, when
	// the platform admins have chosen so in the settings
	// (StartersOrganizationAdmins), the admins of any organization. Whoever
	// starts one becomes its backbone staff. Target: the platform.
	CreateInitiative Action = "initiative.create"
	// ActForOrganization is deciding for an organization in an initiative:
	// voting, delegating its vote, signing an agreement. Its admins may; so
	// may its staff who are the initiative's partner leads, when the target
	// names the initiative (OrgIn). Target: the organization, or its part in
	// an initiative.
	ActForOrganization Action = "organization.act"
	// SpeakForOrganization is taking part for an organization: commenting on
	// a proposal, answering a compatibility assessment as the partner.
	// Target: the organization. Its people may.
	SpeakForOrganization Action = "organization.speak"
)

// An initiative's members: the lifecycle of an organization's membership.
const (
	// InviteMember is inviting an organization from the directory to join:
	// backbone staff. Target: the initiative.
	InviteMember Action = "member.invite"
	// ChangeMemberRole is giving an invited or active member another role:
	// backbone staff. Target: the initiative.
	ChangeMemberRole Action = "member.role"
	// AnswerInvitation is accepting or declining an organization's
	// invitation: those who decide for it (as ActForOrganization: its
	// admins, its staff who are partner leads), who need not see a private
	// initiative yet. Not backbone staff: an organization joins by its own
	// decision. Target: the organization's part in the initiative (OrgIn).
	AnswerInvitation Action = "member.answer"
	// LeaveInitiative is an active member leaving: those who decide for it
	// (as ActForOrganization), who see the initiative. Target: the
	// organization's part in the initiative (OrgIn).
	LeaveInitiative Action = "member.leave"
	// RemoveMember is taking an organization out of an initiative by the
	// backbone's decision, with a reason: removing an active member or
	// withdrawing an open invitation. Backbone staff. Target: the
	// initiative.
	RemoveMember Action = "member.remove"
)

// An initiative's work: the common agenda, who does what, who answers for
// it, and the updates that tell the partners.
const (
	// EditAgenda is adding, editing, moving and archiving the common
	// agenda's items: backbone staff. Target: the initiative.
	EditAgenda Action = "agenda.edit"
	// RecordActivity is adding, changing and deleting an organization's
	// activities: backbone staff for any member; the organization's own
	// people (admins and staff) for its activities, in an initiative they
	// see. Target: the organization's part in the initiative (OrgIn).
	RecordActivity Action = "activity.record"
	// AssignRACI is giving organizations and people their RACI letters for
	// an activity: backbone staff. Target: the initiative.
	AssignRACI Action = "activity.raci"
	// SetResponsibilities is writing what a member organization is
	// responsible for: backbone staff for any member; those who decide for
	// the organization (as ActForOrganization) for its own list, in an
	// initiative they see. Target: the organization's part in the
	// initiative (OrgIn).
	SetResponsibilities Action = "responsibilities.set"
	// ManagePeople is writing a person's job role and responsibilities in an
	// initiative, and taking them off: backbone staff. Target: the
	// initiative.
	ManagePeople Action = "people.manage"
	// ViewUpdates is reading an initiative's updates feed (who changed what,
	// agreements due for renewal): whoever may see the initiative. Target:
	// the initiative.
	ViewUpdates Action = "initiative.updates"
)

// decidesForOrganization is the rule of ActForOrganization: an
// organization's admins decide for it, and so do its staff who are the
// initiative's partner leads.
func decidesForOrganization(f Facts) bool {
	return f.OrgRole == OrgAdmin || (f.OrgRole == OrgStaff && f.InitiativeRole == InitiativePartnerLead)
}

// decideInitiative is the rule book's chapter on initiatives and members.
func decideInitiative(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewInitiative, ViewUpdates:
		return f.seesInitiative(), true
	case EditInitiative, InviteMember, ChangeMemberRole, RemoveMember, EditAgenda, AssignRACI, ManagePeople:
		return f.backbone(), true
	case CreateInitiative:
		return f.steward() || (f.OrganizationAdminsStart && f.AdminOfAnOrganization), true
	case ActForOrganization, AnswerInvitation:
		return decidesForOrganization(f), true
	case LeaveInitiative:
		return decidesForOrganization(f) && f.seesInitiative(), true
	case RecordActivity:
		return f.backbone() || (f.orgPerson() && f.seesInitiative()), true
	case SetResponsibilities:
		return f.backbone() || (decidesForOrganization(f) && f.seesInitiative()), true
	case SpeakForOrganization:
		return f.orgPerson(), true
	}
	return false, false
}
