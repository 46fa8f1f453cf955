package api

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/demo"
	"backbone/internal/hsds"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// samaritanID is Samaritan House, the demo partner's organization.
var samaritanID = hsds.OhanaID("organizations", "5")

// newMeasureApp is the API over the demo community, whose (now private)
// initiative {init} has indicators, goals, milestones, a story and 18
// months of reports. Tokens: coordinator (backbone staff), partner (admin
// of Samaritan House {samaritan}, a member), steward, outsider, and viewer
// (a viewer of the initiative, of no member organization). Also:
//   - indicators {meals} (Samaritan reports it; so does {otherorg}),
//     {isolated} (Samaritan does not report it) and {spare} (Samaritan
//     reports it, no goal), with goals {mealsgoal} and {isolatedgoal};
//   - {owngoal}: Samaritan's own goal on meals;
//   - {lastmonth}: the last closed month, which Samaritan has reported;
//   - {old1} to {old4}: four months in a row, 25 to 22 months before it,
//     before the demo's history starts; {old1day} and {old4day}, the first
//     of {old1} and the last of {old4}; {mid}: 20 months before it.
//
// The fixture is built once per engine and day in the test process.
func newMeasureApp(t testing.TB, db *store.DB) *testApp {
	t.Helper()
	return serveTestApp(db, storetest.Fixture(t, db, "measure", buildMeasureApp))
}

// buildMeasureApp writes newMeasureApp's fixture.
func buildMeasureApp(t testing.TB, db *store.DB) apiFixture {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := demo.Load(ctx, db, account.WithPasswordCost(account.TestPasswordCost))
	must(err)
	accounts := testAccounts(db)
	sys := account.SystemActor("test")
	inits := initiative.NewStore(db)
	for _, who := range []string{"outsider", "viewer"} {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: who + "@example.org", Name: who, Password: "correct horse battery"})
		must(err)
		if who == "viewer" {
			must(inits.SetUserRole(ctx, sys, res.InitiativeID, u.ID, account.InitiativeViewer))
		}
	}
	_, err = db.Exec(`UPDATE initiatives SET is_public = FALSE`)
	must(err)
	tokens := map[string]string{}
	for _, who := range []string{"coordinator", "partner", "outsider", "steward", "viewer"} {
		secret, _, err := accounts.CreateToken(ctx, sys, who+"@example.org", "tests", 0)
		must(err)
		tokens[who] = secret
	}
	m := measure.NewStore(db)
	last := measure.LastClosed(measure.Monthly, db.Now())
	vars := map[string]string{"{init}": fmt.Sprint(res.InitiativeID), "{samaritan}": samaritanID,
		"{lastmonth}": last.String(), "{mid}": last.Add(-20).String(), "{today}": db.Now().Format(time.DateOnly),
		"{old1day}": last.Add(-25).Start().Format(time.DateOnly), "{old4day}": last.Add(-21).Start().AddDate(0, 0, -1).Format(time.DateOnly)}
	for i := 1; i <= 4; i++ {
		vars[fmt.Sprintf("{old%d}", i)] = last.Add(i - 26).String()
	}
	inds, err := m.Indicators(ctx, sys, res.InitiativeID, false)
	must(err)
	var meals int64
	for _, ind := range inds {
		switch ind.Name {
		case "Home-delivered meals":
			meals, vars["{meals}"] = ind.ID, fmt.Sprint(ind.ID)
			for _, org := range ind.Reporters {
				if org != samaritanID {
					vars["{otherorg}"] = org
				}
			}
		case "Isolated older adults connected":
			vars["{isolated}"] = fmt.Sprint(ind.ID)
		}
	}
	goals, err := m.Goals(ctx, sys, measure.InitiativeGoals(res.InitiativeID))
	must(err)
	for _, g := range goals {
		switch fmt.Sprint(g.IndicatorID) {
		case vars["{meals}"]:
			vars["{mealsgoal}"] = fmt.Sprint(g.ID)
		case vars["{isolated}"]:
			vars["{isolatedgoal}"] = fmt.Sprint(g.ID)
		}
	}
	spare, err := m.CreateIndicator(ctx, sys, res.InitiativeID, measure.IndicatorInput{Name: "Volunteer hours",
		Definition: "Hours given by volunteers in the month", Unit: "hours", Reporters: []string{samaritanID}})
	must(err)
	vars["{spare}"] = fmt.Sprint(spare.ID)
	base, target := 3000.0, 6000.0
	own, err := m.CreateGoal(ctx, sys, measure.GoalInput{OrganizationID: samaritanID, Statement: "Deliver 6,000 meals a month ourselves",
		IndicatorID: meals, Baseline: &base, Target: &target, Unit: "meals", StartsOn: "2024-01-01", DueOn: "2030-12-31"})
	must(err)
	vars["{owngoal}"] = fmt.Sprint(own.ID)
	return apiFixture{tokens: tokens, vars: vars}
}

// runMeasureScenarios runs the scenarios in order on one demo fixture per
// engine: loading the demo takes seconds on PostgreSQL, so the scenarios of
// a table share it, and each write is placed where the scenarios after it
// expect its effect. {names} are replaced in the body and expected content.
func runMeasureScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			t.Parallel()
			runMeasureTable(t, eng.open(t), scenarios)
		})
	}
}

// runMeasureScenariosOnDays runs the scenarios as runMeasureScenarios does,
// and again on SQLite with the demo loaded on each of the test days: the
// statuses, late reports and periods they check must hold on any day.
func runMeasureScenariosOnDays(t *testing.T, scenarios []scenario) {
	t.Helper()
	runMeasureScenarios(t, scenarios)
	t.Run("days", func(t *testing.T) {
		storetest.OnDays(t, func(t *testing.T, now *clock.Manual) {
			if now.Now().Equal(storetest.Day) {
				t.Skip("the day every test runs on: done above")
			}
			db := storetest.SQLite(t)
			db.Clock = now
			runMeasureTable(t, db, scenarios)
		})
	})
}

// runMeasureTable runs the scenarios in order on one demo fixture.
func runMeasureTable(t *testing.T, db *store.DB, scenarios []scenario) {
	t.Helper()
	app := newMeasureApp(t, db)
	for _, s := range scenarios {
		s = s.withVars(app)
		if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
			return // the scenarios after it may depend on it
		}
	}
}

// multipartBody is a form with one file field, and its Content-Type.
func multipartBody(t *testing.T, field, name, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(fw, content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}

// workbook is an XLSX file with the rows on its first sheet.
func workbook(t *testing.T, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMeasurementAPI(t *testing.T) {
	w := prefix + "/initiatives/{init}"
	report := func(value string) string {
		return `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"{mid}","value":` + value + `}`
	}
	csv := map[string]string{"Content-Type": "text/csv"}
	header := "indicator,organization,period,value\n"
	form, formType := multipartBody(t, "file", "april.csv", header+"Home-delivered meals,{samaritan},{old4},1500\n")
	xlsx := func(vars map[string]string) string {
		return workbook(t, []any{"indicator", "organization", "period", "value"}, []any{"Home-delivered meals", samaritanID, vars["{old3}"], 1400})
	}
	history := w + "/measurements/history?indicator_id={meals}&organization_id={samaritan}&period={lastmonth}"
	runMeasureScenariosOnDays(t, []scenario{
		// Indicators.
		{Name: "indicators", Method: "GET", URL: w + "/indicators", Token: "partner", ExpectedStatus: 200, Schema: "IndicatorList",
			ExpectedContent: []string{`"name":"Home-delivered meals"`}},
		{Name: "indicators of a private initiative to an outsider", Method: "GET", URL: w + "/indicators", Token: "outsider", ExpectedStatus: 404},
		{Name: "one indicator", Method: "GET", URL: w + "/indicators/{meals}", Token: "viewer", ExpectedStatus: 200, Schema: "Indicator",
			ExpectedContent: []string{`"reporters":[`, `"frequency":"monthly"`}},
		{Name: "an indicator of no initiative", Method: "GET", URL: w + "/indicators/99999", Token: "coordinator", ExpectedStatus: 404},
		{Name: "staff add an indicator", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 201, Schema: "Indicator",
			Body:            `{"name":"Rides given","definition":"Rides to appointments in the month","unit":"rides","reporters":["{samaritan}"]}`,
			ExpectedContent: []string{`"name":"Rides given"`, `"aggregation":"sum"`, `"reporters":["{samaritan}"]`}},
		{Name: "a partner may not add an indicator", Method: "POST", URL: w + "/indicators", Token: "partner", ExpectedStatus: 403,
			Body: `{"name":"Mine","definition":"What I count"}`},
		{Name: "an indicator without a definition", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 422,
			Body: `{"name":"Vague"}`, ExpectedContent: []string{`"field":"definition"`}},
		{Name: "an indicator name taken", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 409,
			Body: `{"name":"Rides given","definition":"Again"}`, ExpectedContent: []string{`"field":"name"`}},
		{Name: "a reporter that is not a member", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 422,
			Body: `{"name":"Elsewhere","definition":"x","reporters":["nobody"]}`, ExpectedContent: []string{`"field":"reporters"`}},
		{Name: "staff change an indicator's source", Method: "PATCH", URL: w + "/indicators/{meals}", Token: "coordinator", ExpectedStatus: 200,
			Schema: "Indicator", Body: `{"source":"Delivery logs, checked monthly"}`,
			ExpectedContent: []string{`"source":"Delivery logs, checked monthly"`, `"name":"Home-delivered meals"`}},
		{Name: "a partner may not change an indicator", Method: "PATCH", URL: w + "/indicators/{meals}", Token: "partner", ExpectedStatus: 403,
			Body: `{"source":"x"}`},
		{Name: "the frequency of a reported indicator", Method: "PATCH", URL: w + "/indicators/{meals}", Token: "coordinator", ExpectedStatus: 422,
			Body: `{"frequency":"quarterly"}`, ExpectedContent: []string{`"field":"frequency"`}},
		{Name: "a partner may not retire an indicator", Method: "POST", URL: w + "/indicators/{spare}/archive", Token: "partner", ExpectedStatus: 403},
		{Name: "staff retire an indicator", Method: "POST", URL: w + "/indicators/{spare}/archive", Token: "coordinator", ExpectedStatus: 200,
			Schema: "Indicator", ExpectedContent: []string{`"archived":true`}},

		// Reports, one at a time.
		{Name: "a partner reports for its organization", Method: "POST", URL: w + "/measurements", Token: "partner", Body: report("4321"),
			ExpectedStatus: 201, Schema: "Measurement", ExpectedContent: []string{`"value":4321`, `"period":"{mid}"`, `"revision":1`}},
		{Name: "the coordinator may not report for Samaritan House", Method: "POST", URL: w + "/measurements", Token: "coordinator", Body: report("1"),
			ExpectedStatus: 403},
		{Name: "a value that is not a number", Method: "POST", URL: w + "/measurements", Token: "partner", Body: report(`"lots"`), ExpectedStatus: 400},
		{Name: "a period of the wrong frequency", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"2024-Q1","value":5}`, ExpectedStatus: 422,
			ExpectedContent: []string{"monthly"}},
		{Name: "an unknown indicator", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: `{"indicator_id":999,"organization_id":"{samaritan}","period":"{mid}","value":5}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"indicator_id"`}},

		// A value's history, before and after an import corrects it.
		{Name: "the partner reads its value's history", Method: "GET", URL: history, Token: "partner", ExpectedStatus: 200, Schema: "MeasurementHistory",
			ExpectedContent: []string{`"period":"{lastmonth}"`, `"revision":1`}, NotExpectedContent: []string{`"revision":2`}},
		{Name: "another member's value's history", Method: "GET", URL: w + "/measurements/history?indicator_id={meals}&organization_id={otherorg}&period={lastmonth}",
			Token: "partner", ExpectedStatus: 403},
		{Name: "a history without its period", Method: "GET", URL: w + "/measurements/history?indicator_id={meals}&organization_id={samaritan}",
			Token: "coordinator", ExpectedStatus: 400, ExpectedContent: []string{`"field":"period"`}},
		{Name: "a history of a period of the wrong frequency", Method: "GET", URL: w + "/measurements/history?indicator_id={meals}&organization_id={samaritan}&period=2024-Q1",
			Token: "coordinator", ExpectedStatus: 422, ExpectedContent: []string{`"field":"period"`}},
		{Name: "a history to an outsider", Method: "GET", URL: history, Token: "outsider", ExpectedStatus: 404},

		// Files, all or nothing.
		{Name: "a partner may not import a file", Method: "POST", URL: w + "/measurements/import", Token: "partner", Headers: csv,
			Body: header + "Home-delivered meals,{samaritan},{old1},1000\n", ExpectedStatus: 403},
		{Name: "a file with a bad value is refused whole", Method: "POST", URL: w + "/measurements/import?filename=jan.csv", Token: "coordinator", Headers: csv,
			Body: header + "Home-delivered meals,{samaritan},{old1},1000\nHome-delivered meals,{samaritan},{old2},lots\n", ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"value"`, "jan.csv row 3"}},
		{Name: "a JSON body is not a file", Method: "POST", URL: w + "/measurements/import", Token: "coordinator", Body: `{"rows":[]}`, ExpectedStatus: 415},
		{Name: "staff import a CSV file that corrects a value", Method: "POST", URL: w + "/measurements/import", Token: "coordinator", Headers: csv,
			Body: header + "Home-delivered meals,{samaritan},{old1},1000\nHome-delivered meals,{samaritan},{lastmonth},4242\n", ExpectedStatus: 200,
			Schema: "ImportResult", ExpectedContent: []string{`"rows":2`, `"created":1`, `"corrected":1`}},
		{Name: "the corrected value's history", Method: "GET", URL: history, Token: "coordinator", ExpectedStatus: 200, Schema: "MeasurementHistory",
			ExpectedContent: []string{`"revision":2`, `"value":4242`, `"revision":1`}},
		{Name: "staff import an XLSX workbook", Method: "POST", URL: w + "/measurements/import", Token: "coordinator",
			Headers: map[string]string{"Content-Type": xlsxType}, MakeBody: xlsx, ExpectedStatus: 200, Schema: "ImportResult", ExpectedContent: []string{`"created":1`}},
		{Name: "staff import a file from a form", Method: "POST", URL: w + "/measurements/import", Token: "coordinator",
			Headers: map[string]string{"Content-Type": formType}, Body: form, ExpectedStatus: 200, Schema: "ImportResult", ExpectedContent: []string{`"created":1`}},
		{Name: "a form without its file", Method: "POST", URL: w + "/measurements/import", Token: "coordinator",
			Headers: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, Body: "--x--\r\n", ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"file"`}},

		// The dashboard and its filters.
		{Name: "the dashboard", Method: "GET", URL: w + "/dashboard", Token: "partner", ExpectedStatus: 200, Schema: "Dashboard",
			ExpectedContent: []string{`"statement":"Deliver 15,000 home-delivered meals a month across the county"`, `"status":"on_track"`, `"part_of_total":false`}},
		{Name: "one member's own values", Method: "GET", URL: w + "/dashboard?member={samaritan}", Token: "partner", ExpectedStatus: 200, Schema: "Dashboard",
			ExpectedContent: []string{`"member":"{samaritan}"`, `"part_of_total":true`, `"combined":[`, `"value":4242`}},
		{Name: "a member filter naming nobody", Method: "GET", URL: w + "/dashboard?member=nobody", Token: "partner", ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"member"`}},
		{Name: "goals as they stood before they were set", Method: "GET", URL: w + "/dashboard?as_of=2001-01-01", Token: "partner", ExpectedStatus: 200,
			Schema: "Dashboard", ExpectedContent: []string{`{"goals":[]}`}},
		{Name: "periods in a range", Method: "GET", URL: w + "/dashboard?from={old1day}&to={old4day}", Token: "partner", ExpectedStatus: 200,
			Schema: "Dashboard", ExpectedContent: []string{`"period":"{old1}"`, `"period":"{old4}"`}, NotExpectedContent: []string{`"period":"{lastmonth}"`}},
		{Name: "a day that is not a date", Method: "GET", URL: w + "/dashboard?as_of=yesterday", Token: "partner", ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"as_of"`}},
		{Name: "a range that ends before it starts", Method: "GET", URL: w + "/dashboard?from=2025-01-01&to=2024-01-01", Token: "partner", ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"to"`}},
		{Name: "the dashboard as a progress report", Method: "GET", URL: w + "/dashboard.pdf", Token: "partner", ExpectedStatus: 200,
			ExpectedContent: []string{"%PDF-1.", "/Title"}, ExpectedHeaders: map[string]string{"Content-Type": "application/pdf"}},
		{Name: "one member's progress report", Method: "GET", URL: w + "/dashboard.pdf?member={samaritan}&from={old1day}", Token: "partner",
			ExpectedStatus: 200, ExpectedHeaders: map[string]string{"Content-Type": "application/pdf"}},
		{Name: "a progress report for a member filter naming nobody", Method: "GET", URL: w + "/dashboard.pdf?member=nobody", Token: "partner",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"member"`}},
		{Name: "a progress report of a range that ends before it starts", Method: "GET", URL: w + "/dashboard.pdf?from=2025-01-01&to=2024-01-01",
			Token: "partner", ExpectedStatus: 400, ExpectedContent: []string{`"field":"to"`}},
		{Name: "late reports", Method: "GET", URL: w + "/late-reports", Token: "coordinator", ExpectedStatus: 200, Schema: "LateReportList",
			ExpectedContent: []string{`"organization_name":"Redwood City Public Library"`}},
	})
}

func TestGoalAPI(t *testing.T) {
	w := prefix + "/initiatives/{init}"
	goal := `"statement":"Give 5,000 rides a year","indicator_id":{meals},"baseline":100,"target":200,"unit":"meals","starts_on":"2025-01-01","due_on":"2026-12-31"`
	runMeasureScenarios(t, []scenario{
		{Name: "the goals with their findings", Method: "GET", URL: w + "/goals", Token: "viewer", ExpectedStatus: 200, Schema: "GoalList",
			ExpectedContent: []string{`"statement":"Deliver 15,000 home-delivered meals a month across the county"`, `"findings":[`}},
		{Name: "goals of a private initiative to an outsider", Method: "GET", URL: w + "/goals", Token: "outsider", ExpectedStatus: 404},
		{Name: "staff set a goal", Method: "POST", URL: w + "/goals", Token: "coordinator", Body: "{" + goal + "}", ExpectedStatus: 201, Schema: "CheckedGoal",
			ExpectedContent: []string{`"revision":1`, `"letter":"R"`}},
		{Name: "a partner may not set a goal", Method: "POST", URL: w + "/goals", Token: "partner", Body: "{" + goal + "}", ExpectedStatus: 403},
		{Name: "a goal without a statement", Method: "POST", URL: w + "/goals", Token: "coordinator", Body: `{"unit":"meals"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"statement"`}},
		{Name: "a goal on another initiative's indicator", Method: "POST", URL: w + "/goals", Token: "coordinator", Body: `{"statement":"x","indicator_id":99999}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"indicator_id"`}},
		{Name: "a first version with a reason", Method: "POST", URL: w + "/goals", Token: "coordinator", Body: `{"statement":"x","reason":"because"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"field":"reason"`}},
		{Name: "a draft checked without saving", Method: "POST", URL: w + "/goals/check", Token: "coordinator", Body: `{"statement":"More meals","indicator_id":{meals}}`,
			ExpectedStatus: 200, Schema: "GoalCheck", ExpectedContent: []string{`"smart":false`, `"letter":"M"`, `"letter":"T"`}, NotExpectedContent: []string{`"letter":"S"`}},
		{Name: "a partner may not check a draft", Method: "POST", URL: w + "/goals/check", Token: "partner", Body: `{"statement":"x"}`, ExpectedStatus: 403},
		{Name: "a draft with a target that is not a number", Method: "POST", URL: w + "/goals/check", Token: "coordinator", Body: `{"target":"many"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"field":"target"`}},

		{Name: "one goal with its revisions", Method: "GET", URL: w + "/goals/{mealsgoal}", Token: "partner", ExpectedStatus: 200, Schema: "GoalDetail",
			ExpectedContent: []string{`"revisions":[`, `"milestones":[`, `"value":12000`, `"current_revision":1`}},
		{Name: "an organization's own goal is not the initiative's", Method: "GET", URL: w + "/goals/{owngoal}", Token: "coordinator", ExpectedStatus: 404},
		{Name: "staff revise a goal", Method: "PUT", URL: w + "/goals/{mealsgoal}", Token: "coordinator", ExpectedStatus: 200, Schema: "CheckedGoal",
			Body:            `{"statement":"Deliver 16,000 meals a month","indicator_id":{meals},"baseline":9000,"target":16000,"unit":"meals","due_on":"2030-12-31","reason":"A new kitchen opened"}`,
			ExpectedContent: []string{`"revision":2`, `"reason":"A new kitchen opened"`, `"target":16000`}},
		{Name: "a revision without a reason", Method: "PUT", URL: w + "/goals/{mealsgoal}", Token: "coordinator", Body: `{"statement":"x"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"reason"`}},
		{Name: "a partner may not revise a goal", Method: "PUT", URL: w + "/goals/{mealsgoal}", Token: "partner", Body: `{"statement":"x","reason":"y"}`,
			ExpectedStatus: 403},
		{Name: "the goal as its first revision stated it", Method: "GET", URL: w + "/goals/{mealsgoal}?revision=1", Token: "partner", ExpectedStatus: 200,
			Schema: "GoalDetail", ExpectedContent: []string{`"goal":{"id":{mealsgoal},"initiative_id":{init},"revision":1,"current_revision":2`, `"target":15000`}},
		{Name: "the goal as it stands today", Method: "GET", URL: w + "/goals/{mealsgoal}?as_of=" + storetest.Day.Format(time.DateOnly), Token: "partner",
			ExpectedStatus: 200, Schema: "GoalDetail", ExpectedContent: []string{`"goal":{"id":{mealsgoal},"initiative_id":{init},"revision":2,"current_revision":2`}},
		{Name: "the goal before it was set", Method: "GET", URL: w + "/goals/{mealsgoal}?as_of=2001-01-01", Token: "partner", ExpectedStatus: 404,
			ExpectedContent: []string{`"field":"as_of"`}},
		{Name: "a revision the goal does not have", Method: "GET", URL: w + "/goals/{mealsgoal}?revision=9", Token: "partner", ExpectedStatus: 404,
			ExpectedContent: []string{`"field":"revision"`}},
		{Name: "a day that is not a date", Method: "GET", URL: w + "/goals/{mealsgoal}?as_of=soon", Token: "partner", ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"as_of"`}},

		{Name: "a goal's milestones", Method: "GET", URL: w + "/goals/{mealsgoal}/milestones", Token: "viewer", ExpectedStatus: 200, Schema: "MilestoneList",
			ExpectedContent: []string{`"value":12000`, `"reached_period":`}},
		{Name: "staff add a milestone", Method: "POST", URL: w + "/goals/{mealsgoal}/milestones", Token: "coordinator", Body: `{"value":14000,"label":"Almost there"}`,
			ExpectedStatus: 201, Schema: "Milestone", ExpectedContent: []string{`"value":14000`, `"label":"Almost there"`}},
		{Name: "a milestone already set", Method: "POST", URL: w + "/goals/{mealsgoal}/milestones", Token: "coordinator", Body: `{"value":14000}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"value"`}},
		{Name: "a milestone without a value", Method: "POST", URL: w + "/goals/{mealsgoal}/milestones", Token: "coordinator", Body: `{"label":"Soon"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"value"`}},
		{Name: "a partner may not add a milestone", Method: "POST", URL: w + "/goals/{mealsgoal}/milestones", Token: "partner", Body: `{"value":1}`,
			ExpectedStatus: 403},

		// Stories.
		{Name: "the stories", Method: "GET", URL: w + "/stories", Token: "viewer", ExpectedStatus: 200, Schema: "StoryList",
			ExpectedContent: []string{`"kind":"case_story"`, `"consent_by":"the man himself"`}},
		{Name: "the stories of one goal", Method: "GET", URL: w + "/stories?goal={mealsgoal}", Token: "viewer", ExpectedStatus: 200, Schema: "StoryList",
			ExpectedContent: []string{`{"items":[]}`}},
		{Name: "a goal filter that is not a number", Method: "GET", URL: w + "/stories?goal=meals", Token: "viewer", ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"goal"`}},
		{Name: "a member's person tells a story", Method: "POST", URL: w + "/stories", Token: "partner", ExpectedStatus: 201, Schema: "Story",
			Body: `{"title":"A hot meal on Sundays","body":"She had not eaten a hot meal in weeks.","kind":"quote","consent_by":"the client",` +
				`"consent_on":"2024-03-01","consent_how":"recorded verbally","goal_ids":[{mealsgoal}]}`,
			ExpectedContent: []string{`"title":"A hot meal on Sundays"`, `"goal_ids":[{mealsgoal}]`}},
		{Name: "a story without consent", Method: "POST", URL: w + "/stories", Token: "partner", ExpectedStatus: 422,
			Body: `{"title":"Untold","body":"Someone's story","kind":"quote"}`, ExpectedContent: []string{`"field":"consent_by"`, `"field":"consent_on"`}},
		{Name: "a viewer of no member may not tell a story", Method: "POST", URL: w + "/stories", Token: "viewer", ExpectedStatus: 403,
			Body: `{"title":"x","body":"y","kind":"quote","consent_by":"z","consent_on":"2024-03-01","consent_how":"form"}`},
	})
}

func TestOrganizationGoalAPI(t *testing.T) {
	o := prefix + "/organizations/{samaritan}"
	goal := `"statement":"Deliver 7,000 meals a month ourselves","indicator_id":{meals},"baseline":3000,"target":7000,"unit":"meals","starts_on":"2024-01-01","due_on":"2030-12-31"`
	runMeasureScenarios(t, []scenario{
		{Name: "its people list its goals with progress", Method: "GET", URL: o + "/goals", Token: "partner", ExpectedStatus: 200, Schema: "OrganizationGoalList",
			ExpectedContent: []string{`"statement":"Deliver 6,000 meals a month ourselves"`, `"member":"{samaritan}"`, `"part_of_total":false`, `"findings":[`, `"series":[{`}},
		{Name: "a steward reads them", Method: "GET", URL: o + "/goals", Token: "steward", ExpectedStatus: 200, Schema: "OrganizationGoalList"},
		{Name: "another organization's goals", Method: "GET", URL: prefix + "/organizations/{otherorg}/goals", Token: "partner", ExpectedStatus: 403},
		{Name: "an outsider may not read them", Method: "GET", URL: o + "/goals", Token: "outsider", ExpectedStatus: 403},
		{Name: "its people set a goal", Method: "POST", URL: o + "/goals", Token: "partner", Body: "{" + goal + "}", ExpectedStatus: 201, Schema: "CheckedGoal",
			ExpectedContent: []string{`"organization_id":"{samaritan}"`, `"revision":1`}},
		{Name: "a steward may not set its goals", Method: "POST", URL: o + "/goals", Token: "steward", Body: "{" + goal + "}", ExpectedStatus: 403},
		{Name: "a goal on an indicator it does not report", Method: "POST", URL: o + "/goals", Token: "partner", Body: `{"statement":"x","indicator_id":{isolated}}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"indicator_id"`}},
		{Name: "an own goal serves no agenda item", Method: "POST", URL: o + "/goals", Token: "partner", Body: `{"statement":"x","agenda_item_id":1}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"field":"agenda_item_id"`}},
		{Name: "a draft checked by its own values", Method: "POST", URL: o + "/goals/check", Token: "partner", Body: "{" + goal + "}", ExpectedStatus: 200,
			Schema: "GoalCheck", NotExpectedContent: []string{`"letter":"S"`, `"letter":"R"`}},
		{Name: "one own goal", Method: "GET", URL: o + "/goals/{owngoal}", Token: "steward", ExpectedStatus: 200, Schema: "GoalDetail",
			ExpectedContent: []string{`"revisions":[`, `"organization_id":"{samaritan}"`}},
		{Name: "an initiative's goal is not its own", Method: "GET", URL: o + "/goals/{mealsgoal}", Token: "partner", ExpectedStatus: 404},
		{Name: "its people revise a goal", Method: "PUT", URL: o + "/goals/{owngoal}", Token: "partner", ExpectedStatus: 200, Schema: "CheckedGoal",
			Body:            `{"statement":"Deliver 6,500 meals a month ourselves","indicator_id":{meals},"target":6500,"unit":"meals","reason":"A second van"}`,
			ExpectedContent: []string{`"revision":2`, `"reason":"A second van"`}},
		{Name: "a revision without a reason", Method: "PUT", URL: o + "/goals/{owngoal}", Token: "partner", Body: `{"statement":"x"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"reason"`}},
		{Name: "a steward may not revise its goals", Method: "PUT", URL: o + "/goals/{owngoal}", Token: "steward", Body: `{"statement":"x","reason":"y"}`,
			ExpectedStatus: 403},
		{Name: "its people add a milestone", Method: "POST", URL: o + "/goals/{owngoal}/milestones", Token: "partner", Body: `{"value":5000}`,
			ExpectedStatus: 201, Schema: "Milestone"},
		{Name: "the milestones of an own goal", Method: "GET", URL: o + "/goals/{owngoal}/milestones", Token: "steward", ExpectedStatus: 200,
			Schema: "MilestoneList", ExpectedContent: []string{`"value":5000`}},
		{Name: "a steward may not add a milestone", Method: "POST", URL: o + "/goals/{owngoal}/milestones", Token: "steward", Body: `{"value":5500}`,
			ExpectedStatus: 403},
	})
}
