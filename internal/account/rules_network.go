package account

// The relationship map: ties, analyses, settings, partner surveys.
const (
	// RecordTie is saying how an organization relates to another: its own
	// people and the stewards. Target: the organization the tie starts
	// from.
	RecordTie Action = "tie.record"
	// ImportTies is loading ties from a file: the stewards.
	ImportTies Action = "tie.import"
	// RunNetworkAnalysis is starting an exact network analysis as a
	// background job: anyone who may view the network.
	RunNetworkAnalysis Action = "network.analysis.run"
	// ManageNetworkAnalysis is cancelling anyone's analysis job (a user may
	// always cancel their own): the directory's stewards.
	ManageNetworkAnalysis Action = "network.analysis.manage"
	// ConfigureNetwork is editing the relationship map's settings, such as
	// the sectors that service gaps are found in: the directory's stewards.
	ConfigureNetwork Action = "network.configure"
)

// decideNetwork is the rule book's chapter on the relationship map.
func decideNetwork(f Facts, a Action) (allowed, known bool) {
	switch a {
	case RunNetworkAnalysis:
		return f.signedIn(), true
	case RecordTie:
		return f.steward() || f.orgPerson(), true
	case ImportTies, ManageNetworkAnalysis, ConfigureNetwork:
		return f.steward(), true
	}
	return false, false
}
