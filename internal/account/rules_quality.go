package account

// The directory's data-quality report: what a steward should look at in
// records HSDS accepts (required text left empty, hours that close before
// they open, phones that are not a number, names that collide, ...).
const (
	// ReadDirectoryQuality is reading the data-quality report of the
	// directory: the stewards, who import and fix the records it names.
	// Target: the platform.
	ReadDirectoryQuality Action = "directory.quality"
	// DismissQualityProblem is marking a finding of the report "right as
	// it is" (it leaves the list and the counts until its record changes),
	// and restoring it: the stewards. Target: the platform.
	DismissQualityProblem Action = "directory.quality.dismiss"
)

func decideQuality(f Facts, a Action) (allowed, known bool) {
	if a == ReadDirectoryQuality || a == DismissQualityProblem {
		return f.steward(), true
	}
	return false, false
}
