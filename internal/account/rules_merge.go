package account

// Duplicates in the directory: finding organizations that are probably the
// same, merging them and undoing a merge.
const (
	// ListDuplicates is reading the list of probable duplicate
	// organizations with their evidence, and a merge's record: the
	// stewards.
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
)

func decideMerge(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ListDuplicates, DismissDuplicate, MergeOrganizations, UndoMerge:
		return f.steward(), true
	}
	return false, false
}
