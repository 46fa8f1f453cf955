package account

// The directory: organizations, their services and locations, and keeping
// them fresh.
const (
	// ViewDirectory is reading the directory: anyone signed in.
	ViewDirectory Action = "directory.view"
	// CreateOrganization is adding an organization: the directory's
	// stewards.
	CreateOrganization Action = "organization.create"
	// EditOrganization is changing an organization's record, its services
	// and locations: its admins and the stewards. Target: the organization.
	EditOrganization Action = "organization.edit"
	// ArchiveOrganization is archiving or restoring an organization: the
	// stewards. Target: the organization.
	ArchiveOrganization Action = "organization.archive"
)

// decideDirectory is the rule book's chapter on the directory.
func decideDirectory(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewDirectory:
		return f.signedIn(), true
	case CreateOrganization, ArchiveOrganization:
		return f.steward(), true
	case EditOrganization:
		return f.steward() || f.OrgRole == OrgAdmin, true
	}
	return false, false
}
