package account

// Shared measurement, and an organization's own goals.
const (
	// ViewOrganizationGoals is reading an organization's own goals and its
	// progress towards them: its people, and the directory's stewards.
	// Target: the organization.
	ViewOrganizationGoals Action = "organization.goals.view"
	// SetOrganizationGoals is writing and revising an organization's own
	// goals and milestones: its people (admins and staff). Target: the
	// organization.
	SetOrganizationGoals Action = "organization.goals.set"
)

// decideMeasure is the rule book's chapter on measurement.
func decideMeasure(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewOrganizationGoals:
		return f.steward() || f.orgPerson(), true
	case SetOrganizationGoals:
		return f.orgPerson(), true
	}
	return false, false
}
