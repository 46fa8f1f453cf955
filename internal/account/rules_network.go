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

// Partner surveys: waves of organizations rating one another.
const (
	// ManageSurveyWave is coordinating a partner survey wave: opening it,
	// finding it among the waves, reading its progress and results,
	// reminding those who have not answered, closing it, keeping or
	// updating each recorded tie its answers differ from (the tie changes
	// then, not when the wave closes) and comparing it with another: the
	// directory's stewards (any wave, of any list of
	// organizations or of any initiative), and the backbone staff of the
	// wave's initiative. Target: the wave's initiative, or the platform for
	// a wave of any list of organizations.
	ManageSurveyWave Action = "survey.manage"
	// AnswerSurvey is answering a wave for an organization through its
	// private link: anyone who holds the link, with no account. The link's
	// secret is the check, made where the answer is saved; no user is
	// asked for (Store.Check refuses someone not signed in), so this rule
	// names the operation rather than deciding it.
	AnswerSurvey Action = "survey.answer"
)

// decideNetwork is the rule book's chapter on the relationship map and
// partner surveys.
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
	case ManageSurveyWave:
		return f.steward() || f.backbone(), true
	case AnswerSurvey:
		return true, true
	}
	return false, false
}
