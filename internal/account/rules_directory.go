package account

// The directory: organizations, their services and locations, searching
// and printing it, and bringing it in and out whole.
const (
	// ViewDirectory is reading the directory: its organizations (archived
	// ones too), their services, locations and history, and the sectors
	// they work in: anyone signed in. Target: the platform, or the
	// organization read.
	ViewDirectory Action = "directory.view"
	// SearchDirectory is searching the directory's services and reading the
	// choices the search's filters offer (categories, languages, areas,
	// cities): anyone signed in.
	SearchDirectory Action = "directory.search"
	// ViewGuide is making a resource guide of the directory's services, on
	// screen, to print or as a PDF: anyone signed in.
	ViewGuide Action = "directory.guide"
	// ExportDirectory is taking the whole directory out as HSDS 3.0 (the
	// ZIP the pages and the API send, the files a command writes): anyone
	// signed in, as they may read every record of it anyway.
	ExportDirectory Action = "directory.export"
	// ImportDirectory is bringing in a directory file (HSDS or Ohana),
	// which adds and changes organizations, services and locations
	// wholesale: the directory's stewards.
	ImportDirectory Action = "directory.import"
	// CreateOrganization is adding an organization: the directory's
	// stewards.
	CreateOrganization Action = "organization.create"
	// EditOrganization is changing an organization's record: its admins
	// and the stewards. Target: the organization.
	EditOrganization Action = "organization.edit"
	// ArchiveOrganization is archiving or restoring an organization: the
	// stewards. Target: the organization.
	ArchiveOrganization Action = "organization.archive"
	// EditService is adding a service to an organization or changing one of
	// its services: the organization's admins and the stewards. Target:
	// the organization the service belongs to.
	EditService Action = "service.edit"
	// EditLocation is adding a location to an organization or changing one
	// of its locations: the organization's admins and the stewards.
	// Target: the organization the location belongs to.
	EditLocation Action = "location.edit"
)

// Keeping the directory fresh: verifying records, and the updates an
// organization's people propose for a steward to review.
const (
	// ListStaleRecords is reading the list of organizations and services
	// whose verification is old or missing: the stewards, who verify them.
	ListStaleRecords Action = "verification.list"
	// VerifyRecord is recording that an organization's or a service's
	// record was checked and is right: the stewards.
	VerifyRecord Action = "verification.verify"
	// ProposeUpdate is proposing an update to an organization's record for
	// a steward to review: its people (admins and staff). Target: the
	// organization.
	ProposeUpdate Action = "proposal.propose"
	// ViewProposals is reading the updates proposed to an organization's
	// record, pending and reviewed: its people, and the stewards. Target:
	// the organization.
	ViewProposals Action = "proposal.view"
	// ReviewProposals is working through the queue of proposed updates and
	// proposed organizations, field by field, accepting the fields chosen
	// (which applies them, or adds the organization) or rejecting the
	// whole: the stewards.
	ReviewProposals Action = "proposal.review"
	// ProposeOrganization is proposing an organization that is not in the
	// directory yet, for a steward to review: anyone who works for an
	// organization in it (its admins and staff). Stewards add one directly.
	ProposeOrganization Action = "proposal.propose_organization"
	// ViewOwnProposals is reading the proposals one made and what became
	// of them: anyone signed in.
	ViewOwnProposals Action = "proposal.view_own"
)

// One's own account, beside the directory in the menu of everyone signed
// in.
const (
	// ChangeOwnPassword is changing one's own password, giving the current
	// one: oneself. Target: Target{AuthorID: the account's user}.
	ChangeOwnPassword Action = "account.password"
)

// decideDirectory is the rule book's chapter on the directory, keeping it
// fresh, and one's own account.
func decideDirectory(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewDirectory, SearchDirectory, ViewGuide, ExportDirectory, ViewOwnProposals:
		return f.signedIn(), true
	case CreateOrganization, ArchiveOrganization, ImportDirectory, ListStaleRecords, VerifyRecord, ReviewProposals:
		return f.steward(), true
	case EditOrganization, EditService, EditLocation:
		return f.steward() || f.OrgRole == OrgAdmin, true
	case ProposeUpdate:
		return f.orgPerson(), true
	case ProposeOrganization:
		return f.signedIn() && f.WorksSomewhere, true
	case ViewProposals:
		return f.steward() || f.orgPerson(), true
	case ChangeOwnPassword:
		return f.signedIn() && f.Author, true
	}
	return false, false
}
