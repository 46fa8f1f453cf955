package account

// Duplicates in the directory: finding organizations and services that are
// probably the same, merging them and undoing a merge. Target: the platform.
const (
	// ListDuplicates is reading the lists of probable duplicate
	// organizations and services with their evidence, and a merge's
	// record: the stewards.
	ListDuplicates Action = "duplicate.list"
	// DismissDuplicate is marking a pair as not a duplicate, for good: the
	// stewards.
	DismissDuplicate Action = "duplicate.dismiss"
	// MergeOrganizations is merging one organization into another, which
	// moves its services, locations, ties, people and history to the
	// record kept: the stewards.
	MergeOrganizations Action = "organization.merge"
	// UndoMerge is undoing a merge from its record in the audit log: the
	// stewards.
	UndoMerge Action = "organization.unmerge"
	// MergeServices is merging one service into another (in the same
	// organization or another), which moves where it is offered, its
	// phones, schedules, contacts, languages, areas and categories to the
	// service kept: the stewards.
	MergeServices Action = "service.merge"
	// UndoServiceMerge is undoing a merge of services from its record in
	// the audit log: the stewards.
	UndoServiceMerge Action = "service.unmerge"
)

func decideMerge(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ListDuplicates, DismissDuplicate, MergeOrganizations, UndoMerge, MergeServices, UndoServiceMerge:
		return f.steward(), true
	}
	return false, false
}
