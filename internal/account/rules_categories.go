package account

// The directory's categories: how an import's keywords map to the built-in
// taxonomy, and the synonyms a search also tries.
const (
	// ViewCategoryMappings is reading the keywords of the directory with
	// their mappings and suggestions, and the synonyms: anyone signed in.
	// Target: the platform.
	ViewCategoryMappings Action = "directory.categories.view"
	// EditCategoryMappings is mapping keywords to the taxonomy's
	// categories (or keeping them as situations): the stewards. Target:
	// the platform.
	EditCategoryMappings Action = "directory.categories.edit"
	// EditSearchSynonyms is changing the list of synonyms a search tries:
	// the stewards. Target: the platform.
	EditSearchSynonyms Action = "directory.synonyms.edit"
)

func decideCategories(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewCategoryMappings:
		return f.signedIn(), true
	case EditCategoryMappings, EditSearchSynonyms:
		return f.steward(), true
	}
	return false, false
}
