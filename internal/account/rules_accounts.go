package account

// Accounts: people, their roles, and the audit log.
const (
	// ViewAudit is reading the whole audit log: platform admins only.
	ViewAudit Action = "audit.view"
	// ManageUsers is adding people, changing their name and email, and
	// giving them a temporary password: platform admins only.
	ManageUsers Action = "users.manage"
	// ListUsers is reading the list of everyone with an account, with
	// their emails, platform roles and organizations: platform admins only.
	ListUsers Action = "users.list"
	// SetPlatformRole is making someone a member, a directory steward or a
	// platform admin: platform admins only. Target: Platform.
	SetPlatformRole Action = "user.role"
	// DisableUser is disabling someone's account (they can no longer sign
	// in, their tokens stop working) or enabling it again: platform admins
	// only. Target: Platform.
	DisableUser Action = "user.disable"
	// ViewSettings is reading the instance's settings (who may start an
	// initiative): platform admins only.
	ViewSettings Action = "settings.view"
	// ChangeSettings is changing them: platform admins only.
	ChangeSettings Action = "settings.change"
	// ViewMail is reading the mail outbox (every message Backbone sent or
	// will send, with the mail server's answers): platform admins only.
	ViewMail Action = "mail.view"
	// ResendMail is putting a message that failed back in the outbox:
	// platform admins only.
	ResendMail Action = "mail.resend"
	// SendTestMail is sending a test message to check the mail server:
	// platform admins only.
	SendTestMail Action = "mail.test"
)

// An organization's people: who works for it, as its admins or staff.
const (
	// ViewOrganizationPeople is reading who works for an organization and
	// in which role: anyone signed in, as the directory is shared (their
	// emails only to those who may change the list). Target: the
	// organization.
	ViewOrganizationPeople Action = "organization.people.view"
	// GrantOrganizationRole is adding someone with an account to an
	// organization's people, as an admin or staff, or changing their role
	// there: its admins and the directory's stewards. Target: the
	// organization.
	GrantOrganizationRole Action = "organization.people.grant"
	// RevokeOrganizationRole is taking someone off an organization's
	// people: its admins and the directory's stewards. Target: the
	// organization.
	RevokeOrganizationRole Action = "organization.people.revoke"
	// LeaveOrganizationWithoutAdmin is removing or demoting an
	// organization's last admin, leaving nobody to keep its record and its
	// people: the directory's stewards, who can appoint a new one. Target:
	// the organization.
	LeaveOrganizationWithoutAdmin Action = "organization.people.orphan"
)

// People's roles in an initiative: backbone staff, partner leads, members
// and viewers (people of member organizations take part as members
// without one).
const (
	// ViewInitiativeRoles is reading who has which role in an initiative:
	// anyone who may see the initiative (their emails only to those who may
	// change the roles). Target: the initiative.
	ViewInitiativeRoles Action = "initiative.roles.view"
	// GrantInitiativeRole is giving someone a role in an initiative, or
	// another role: its backbone staff. Target: the initiative.
	GrantInitiativeRole Action = "initiative.roles.grant"
	// RevokeInitiativeRole is taking someone's role in an initiative away:
	// its backbone staff. Target: the initiative.
	RevokeInitiativeRole Action = "initiative.roles.revoke"
)

// decideAccounts is the rule book's chapter on accounts and roles. Only
// platform admins (whom Decide lets do anything) manage people and read
// the log.
func decideAccounts(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewAudit, ManageUsers, ListUsers, SetPlatformRole, DisableUser, ViewSettings, ChangeSettings,
		ViewMail, ResendMail, SendTestMail:
		return false, true
	case ViewOrganizationPeople:
		return f.signedIn(), true
	case GrantOrganizationRole, RevokeOrganizationRole:
		return f.steward() || f.OrgRole == OrgAdmin, true
	case LeaveOrganizationWithoutAdmin:
		return f.steward(), true
	case ViewInitiativeRoles:
		return f.seesInitiative(), true
	case GrantInitiativeRole, RevokeInitiativeRole:
		return f.backbone(), true
	}
	return false, false
}
