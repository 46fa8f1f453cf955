package account

// The relationship map: ties, analyses, settings.
const (
	// ViewNetwork is reading the relationship map: its ties, their history
	// and CSV, the map, its analyses, comparisons and analysis jobs, service
	// gaps and the sectors they are found in: anyone signed in. Target: the
	// platform. A selection scoped to an initiative is read only by someone
	// who may also see the initiative (ViewInitiative): to anyone else it is
	// not found.
	ViewNetwork Action = "network.view"
	// RecordTie is recording and editing how an organization relates to
	// another: its own people and the stewards. Target: the organization the
	// tie starts from.
	RecordTie Action = "tie.record"
	// ImportTies is loading ties from a file: the stewards.
	ImportTies Action = "tie.import"
	// RunNetworkAnalysis is starting an exact network analysis as a
	// background job: anyone who may view the network.
	RunNetworkAnalysis Action = "network.analysis.run"
	// CancelNetworkAnalysis is cancelling an analysis job: the person who
	// started it, and the directory's stewards. Target: the job, whose
	// AuthorID is the user who started it (none for a command's).
	CancelNetworkAnalysis Action = "network.analysis.cancel"
	// ConfigureNetwork is editing the relationship map's settings, such as
	// the sectors that service gaps are found in: the directory's stewards.
	ConfigureNetwork Action = "network.configure"
)

// decideNetwork is the rule book's chapter on the relationship map.
func decideNetwork(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewNetwork, RunNetworkAnalysis:
		return f.signedIn(), true
	case RecordTie:
		return f.steward() || f.orgPerson(), true
	case ImportTies, ConfigureNetwork:
		return f.steward(), true
	case CancelNetworkAnalysis:
		return f.steward() || (f.signedIn() && f.Author), true
	}
	return false, false
}
