package api

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/testutil/storetest"
)

// TestSurveyWaveRulesAPI is rule 4 of the rule book's survey chapter
// (account.ManageSurveyWave) as the API answers it: the directory's
// stewards, or the backbone staff of the wave's initiative. A steward may
// open a wave of an initiative's members (the API used to ask for the
// initiative's backbone staff only); a member of the initiative may not;
// to someone who may not see the private initiative, its wave is not found.
func TestSurveyWaveRulesAPI(t *testing.T) {
	db := storetest.SQLite(t)
	app := newTestApp(t, db)
	ctx, sys := context.Background(), account.SystemActor("test")

	// River Alliance (1, private) asks River, its backbone, and Harbor.
	if err := initiative.NewStore(db).AddMember(ctx, sys, 1, harborID, "core_partner", "active"); err != nil {
		t.Fatal(err)
	}
	accounts := account.NewStore(db)
	if _, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: "outsider@example.org", Name: "An outsider",
		Password: "correct horse battery", Role: account.RoleMember}); err != nil {
		t.Fatal(err)
	}
	secret, _, err := accounts.CreateToken(ctx, sys, "outsider@example.org", "tests", 0)
	if err != nil {
		t.Fatal(err)
	}
	app.tokens["outsider"] = secret

	const surveys = prefix + "/surveys"
	wave := `{"name":"River Alliance 2026","initiative_id":1}`
	for _, s := range []scenario{
		{Name: "nobody signed in", Method: "POST", URL: surveys, Body: wave, ExpectedStatus: 401},
		{Name: "an outsider may not see the initiative", Method: "POST", URL: surveys, Token: "outsider", Body: wave,
			ExpectedStatus: 404},
		{Name: "a member of the initiative may not", Method: "POST", URL: surveys, Token: "member", Body: wave,
			ExpectedStatus: 403},
		{Name: "a steward may", Method: "POST", URL: surveys, Token: "steward", Body: wave, ExpectedStatus: 201,
			Schema: "SurveyCreated", ExpectedContent: []string{`"initiative_name":"River Alliance"`, `"participants":2`}},
		{Name: "the steward finds it", Method: "GET", URL: surveys, Token: "steward", ExpectedStatus: 200,
			ExpectedContent: []string{`"name":"River Alliance 2026"`}},
		{Name: "the member does not", Method: "GET", URL: surveys, Token: "member", ExpectedStatus: 200,
			ExpectedContent: []string{`"items":[]`}},
		{Name: "the member may not read it", Method: "GET", URL: surveys + "/1", Token: "member", ExpectedStatus: 403},
		{Name: "to an outsider it is not there", Method: "GET", URL: surveys + "/1", Token: "outsider", ExpectedStatus: 404},
		{Name: "nor to remind", Method: "POST", URL: surveys + "/1/remind", Token: "outsider", ExpectedStatus: 404},
		{Name: "nor to close", Method: "POST", URL: surveys + "/1/close", Token: "outsider", ExpectedStatus: 404},
		{Name: "the steward closes it", Method: "POST", URL: surveys + "/1/close", Token: "steward", ExpectedStatus: 200,
			Schema: "SurveyClosed"},
	} {
		if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
			t.FailNow()
		}
	}
}
