package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/network"
	"backbone/internal/store"
)

// newMeasureApp is the API over the demo community, whose initiative has
// indicators, goals and reports; tokens for its coordinator, a partner and
// an outsider.
func newMeasureApp(t testing.TB, db *store.DB) *testApp {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	accounts := account.NewStore(db)
	sys := account.SystemActor("test")
	if _, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: "outsider@example.org", Name: "Outsider", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE initiatives SET is_public = FALSE`); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, who := range []string{"coordinator", "partner", "outsider"} {
		secret, _, err := accounts.CreateToken(ctx, sys, who+"@example.org", "tests", 0)
		if err != nil {
			t.Fatal(err)
		}
		tokens[who] = secret
	}
	m := measure.NewStore(db)
	inds, err := m.Indicators(ctx, res.InitiativeID, false)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"{init}": fmt.Sprint(res.InitiativeID), "{samaritan}": directory.OhanaID("organizations", "5")}
	for _, ind := range inds {
		if ind.Name == "Home-delivered meals" {
			vars["{meals}"] = fmt.Sprint(ind.ID)
		}
	}
	logger := slog.New(slog.DiscardHandler)
	mux := http.NewServeMux()
	mux.Handle("/api/", New(Deps{Accounts: accounts, Directory: directory.NewStore(db), Initiatives: initiative.NewStore(db),
		Network: network.NewStore(db), Measure: m, Logger: logger}))
	return &testApp{handler: httpx.Log(logger, mux), tokens: tokens, vars: vars}
}

func TestMeasurementAPI(t *testing.T) {
	w := prefix + "/initiatives/{init}"
	report := func(value string) string {
		return `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"2024-05","value":` + value + `}`
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			for _, s := range []scenario{
				{Name: "indicators", Method: "GET", URL: w + "/indicators", Token: "partner", ExpectedStatus: 200, Schema: "IndicatorList",
					ExpectedContent: []string{`"name":"Home-delivered meals"`}},
				{Name: "indicators of a private initiative to an outsider", Method: "GET", URL: w + "/indicators", Token: "outsider", ExpectedStatus: 404},
				{Name: "the dashboard", Method: "GET", URL: w + "/dashboard", Token: "partner", ExpectedStatus: 200, Schema: "Dashboard",
					ExpectedContent: []string{`"statement":"Deliver 15,000 home-delivered meals a month across the county"`, `"status":"on_track"`}},
				{Name: "late reports", Method: "GET", URL: w + "/late-reports", Token: "coordinator", ExpectedStatus: 200, Schema: "LateReportList",
					ExpectedContent: []string{`"organization_name":"Redwood City Public Library"`}},
				{Name: "a partner reports for its organization", Method: "POST", URL: w + "/measurements", Token: "partner", Body: report("4321"),
					ExpectedStatus: 201, Schema: "Measurement", ExpectedContent: []string{`"value":4321`, `"period":"2024-05"`, `"revision":1`}},
				{Name: "the coordinator may not report for Samaritan House", Method: "POST", URL: w + "/measurements", Token: "coordinator", Body: report("1"),
					ExpectedStatus: 403},
				{Name: "a value that is not a number", Method: "POST", URL: w + "/measurements", Token: "partner", Body: report(`"lots"`), ExpectedStatus: 400},
				{Name: "a period of the wrong frequency", Method: "POST", URL: w + "/measurements", Token: "partner",
					Body: `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"2024-Q1","value":5}`, ExpectedStatus: 422,
					ExpectedContent: []string{"monthly"}},
				{Name: "an unknown indicator", Method: "POST", URL: w + "/measurements", Token: "partner",
					Body: `{"indicator_id":999,"organization_id":"{samaritan}","period":"2024-05","value":5}`, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"indicator_id"`}},
			} {
				t.Run(s.Name, func(t *testing.T) {
					app := newMeasureApp(t, eng.open(t))
					for k, v := range app.vars {
						s.Body = strings.ReplaceAll(s.Body, k, v)
					}
					s.run(t, app)
				})
			}
		})
	}
}
