package account

// Initiatives: the initiative itself, its members and their part in it.
const (
	// ViewInitiative is reading an initiative's pages: anyone for a public
	// one; for a private one, whoever has a role in it (its member
	// organizations' people are members). Target: the initiative.
	ViewInitiative Action = "initiative.view"
	// EditInitiative is running an initiative (its record, members, agenda,
	// activities, indicators, goals): its backbone staff. Target: the
	// initiative.
	EditInitiative Action = "initiative.edit"
	// CreateInitiative is starting an initiative: the stewards.
	CreateInitiative Action = "initiative.create"
	// ActForOrganization is deciding for an organization in an initiative:
	// answering an invitation, leaving, voting, delegating its vote, signing
	// an agreement. Its admins may; so may its staff who are the
	// initiative's partner leads, when the target names the initiative
	// (OrgIn). Target: the organization, or its part in an initiative.
	ActForOrganization Action = "organization.act"
	// SpeakForOrganization is taking part for an organization: commenting on
	// a proposal, recording its activities, answering a compatibility
	// assessment as the partner. Target: the organization. Its people may.
	SpeakForOrganization Action = "organization.speak"
)

// decideInitiative is the rule book's chapter on initiatives and members.
func decideInitiative(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewInitiative:
		return f.seesInitiative(), true
	case EditInitiative:
		return f.backbone(), true
	case CreateInitiative:
		return f.steward(), true
	case ActForOrganization:
		return f.OrgRole == OrgAdmin || (f.OrgRole == OrgStaff && f.InitiativeRole == InitiativePartnerLead), true
	case SpeakForOrganization:
		return f.orgPerson(), true
	}
	return false, false
}
