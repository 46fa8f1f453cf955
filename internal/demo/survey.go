package demo

import (
	"context"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/network"
	"backbone/internal/store"
)

// surveyName is the demo's closed partner survey, whose answers wait for
// the coordinator's review: where they differ from the recorded map, the
// survey's page suggests a change to keep or accept.
const surveyName = "Autumn partner survey"

// surveyAnswers are what each organization said of the others: one side
// sees the Samaritan House referrals as over, which the record (since 2017)
// does not; Peninsula Family Service and Salvation Army agree with the
// record that theirs is strained; the library and the Salvation Army know
// of each other, which is not recorded yet.
var surveyAnswers = []struct {
	rater, rated, level string
	strained            bool
	trust, value        int
}{
	{"Samaritan House", "San Mateo County Human Services Agency", "coordination", false, 3, 4},
	{"San Mateo County Human Services Agency", "Samaritan House", "none", false, 2, 2},
	{"Peninsula Family Service", "Salvation Army", "awareness", true, 2, 2},
	{"Salvation Army", "Peninsula Family Service", "awareness", true, 1, 2},
	{"Salvation Army", "Samaritan House", "cooperation", false, 4, 3},
	{"Samaritan House", "Salvation Army", "cooperation", false, 4, 3},
	{"Redwood City Public Library", "Salvation Army", "awareness", false, 3, 2},
	{"Salvation Army", "Redwood City Public Library", "awareness", false, 3, 2},
}

// loadSurvey opens the demo initiative's partner survey for five of its
// members, records their answers and closes it, as its coordinator.
func loadSurvey(ctx context.Context, db *store.DB, initiativeID int64, ids map[string]string,
	coordinator account.Actor) error {
	net := network.NewStore(db)
	var orgs []string
	for _, name := range []string{"Peninsula Family Service", "Salvation Army", "Samaritan House",
		"San Mateo County Human Services Agency", "Redwood City Public Library"} {
		orgs = append(orgs, ids[name])
	}
	w, links, err := net.CreateWave(ctx, coordinator, network.WaveInput{Name: surveyName, InitiativeID: initiativeID,
		OrganizationIDs: orgs})
	if err != nil {
		return fmt.Errorf("open the survey: %w", err)
	}
	token := map[string]string{}
	for _, l := range links {
		token[l.OrganizationID] = l.Token
	}
	ratings := map[string][]network.Rating{}
	for _, a := range surveyAnswers {
		trust, value := a.trust, a.value
		ratings[a.rater] = append(ratings[a.rater], network.Rating{RatedID: ids[a.rated], Level: a.level,
			Strained: a.strained, TrustReliable: &trust, TrustOpen: &trust, ValueInvolvement: &value})
	}
	for rater, rs := range ratings {
		if err := net.SaveResponse(ctx, token[ids[rater]], network.Response{Ratings: rs}); err != nil {
			return fmt.Errorf("answer the survey for %s: %w", rater, err)
		}
	}
	if _, err := net.CloseWave(ctx, coordinator, w.ID); err != nil {
		return fmt.Errorf("close the survey: %w", err)
	}
	return nil
}
