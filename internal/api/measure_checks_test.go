package api

import "testing"

// TestReportChecksAPI: an indicator's range, periods that have not begun,
// values too large to add up and values far from the organization's
// history (refused unless confirmed; listed as warnings in a file), and
// withdrawing a wrong value.
func TestReportChecksAPI(t *testing.T) {
	w := prefix + "/initiatives/{init}"
	report := func(indicator, period, value string) string {
		return `{"indicator_id":` + indicator + `,"organization_id":"{samaritan}","period":"` + period + `","value":` + value + `}`
	}
	withdraw := func(period, reason string) string {
		return `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"` + period + `","reason":"` + reason + `"}`
	}
	csv := map[string]string{"Content-Type": "text/csv"}
	history := w + "/measurements/history?indicator_id={meals}&organization_id={samaritan}&period={lastmonth}"
	runMeasureScenarios(t, []scenario{
		// An indicator's allowed range.
		{Name: "staff add an indicator with a range", Method: "POST", URL: w + "/indicators", Token: "coordinator",
			ExpectedStatus: 201, Schema: "Indicator", Body: `{"name":"Clients satisfied","definition":"Share of clients satisfied",
				"unit":"percent","aggregation":"average","minimum":0,"maximum":100,"reporters":["{samaritan}"]}`,
			ExpectedContent: []string{`"minimum":0`, `"maximum":100`}},
		{Name: "a range upside down", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 422,
			Body:            `{"name":"Upside down","definition":"x","minimum":10,"maximum":1}`,
			ExpectedContent: []string{`"field":"maximum"`, "at least the minimum"}},
		{Name: "a count with a negative minimum", Method: "POST", URL: w + "/indicators", Token: "coordinator", ExpectedStatus: 422,
			Body:            `{"name":"Net meals","definition":"x","aggregation":"sum","minimum":-5}`,
			ExpectedContent: []string{`"field":"minimum"`, "cannot be negative"}},
		{Name: "the meals indicator has no range", Method: "GET", URL: w + "/indicators/{meals}", Token: "partner",
			ExpectedStatus: 200, Schema: "Indicator", ExpectedContent: []string{`"minimum":null`, `"maximum":null`}},
		{Name: "a wrong value, confirmed", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body:           `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"{lastmonth}","value":1,"confirm":true}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"value":1,`, `"revision":2`}},
		{Name: "staff give meals a maximum", Method: "PATCH", URL: w + "/indicators/{meals}", Token: "coordinator",
			Body: `{"maximum":50000}`, ExpectedStatus: 200, Schema: "Indicator", ExpectedContent: []string{`"maximum":50000`, `"minimum":null`}},
		{Name: "a report above the maximum", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: report("{meals}", "{mid}", "60000"), ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"value"`, "must be at most 50,000"}},
		{Name: "staff take the maximum away", Method: "PATCH", URL: w + "/indicators/{meals}", Token: "coordinator",
			Body: `{"maximum":null}`, ExpectedStatus: 200, Schema: "Indicator", ExpectedContent: []string{`"maximum":null`}},

		// Values and periods refused.
		{Name: "a count below zero", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: report("{meals}", "{mid}", "-4"), ExpectedStatus: 422, ExpectedContent: []string{`"field":"value"`, "cannot be negative"}},
		{Name: "a period that has not begun", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: report("{meals}", "2099-01", "40"), ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"period"`, "2099-01 has not begun yet"}},
		{Name: "a value of 1.7e308", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: report("{meals}", "{mid}", "1.7e308"), ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"value"`, "must be between"}},
		{Name: "the dashboard answers", Method: "GET", URL: w + "/dashboard", Token: "partner", ExpectedStatus: 200, Schema: "Dashboard"},
		{Name: "a target a hair's breadth from its baseline", Method: "POST", URL: w + "/goals", Token: "coordinator",
			Body:           `{"statement":"Hold the meals steady","indicator_id":{meals},"baseline":0,"target":1e-320,"due_on":"2030-12-31"}`,
			ExpectedStatus: 201},
		{Name: "the dashboard still answers, without that percent", Method: "GET", URL: w + "/dashboard", Token: "partner",
			ExpectedStatus: 200, Schema: "Dashboard", ExpectedContent: []string{`"statement":"Hold the meals steady"`, `"percent":null`}},

		// A value far from the organization's history.
		{Name: "a value far from the history", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body: report("{meals}", "{old2}", "9000000"), ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"value"`, "is far from what Samaritan House usually reports", `\"confirm\": true`}},
		{Name: "the same value, confirmed", Method: "POST", URL: w + "/measurements", Token: "partner",
			Body:           `{"indicator_id":{meals},"organization_id":"{samaritan}","period":"{old2}","value":9000000,"confirm":true}`,
			ExpectedStatus: 201, Schema: "Measurement", ExpectedContent: []string{`"value":9000000`}},
		{Name: "a file lists far values as warnings", Method: "POST", URL: w + "/measurements/import?filename=old.csv",
			Token: "coordinator", Headers: csv, ExpectedStatus: 200, Schema: "ImportResult",
			Body:            "indicator,organization,period,value\nHome-delivered meals,{samaritan},{old3},200000000\n",
			ExpectedContent: []string{`"created":1`, `"warnings":[{"row":2,"column":"value","message":"200,000,000 for {old3} is far from`}},
		{Name: "a file with a period that has not begun is refused", Method: "POST", URL: w + "/measurements/import?filename=f.csv",
			Token: "coordinator", Headers: csv, ExpectedStatus: 422,
			Body:            "indicator,organization,period,value\nHome-delivered meals,{samaritan},2099-01,2\n",
			ExpectedContent: []string{`"field":"period"`, "f.csv row 2"}},

		// Withdrawing a wrong value.
		{Name: "an outsider may not withdraw", Method: "POST", URL: w + "/measurements/withdraw", Token: "outsider",
			Body: withdraw("{old2}", "typo"), ExpectedStatus: 404},
		{Name: "a viewer may not withdraw", Method: "POST", URL: w + "/measurements/withdraw", Token: "viewer",
			Body: withdraw("{old2}", "typo"), ExpectedStatus: 403},
		{Name: "a withdrawal says why", Method: "POST", URL: w + "/measurements/withdraw", Token: "partner",
			Body: withdraw("{old2}", " "), ExpectedStatus: 422, ExpectedContent: []string{`"field":"reason"`}},
		{Name: "the partner withdraws its wrong value", Method: "POST", URL: w + "/measurements/withdraw", Token: "partner",
			Body: withdraw("{old2}", "Three zeros too many"), ExpectedStatus: 200, Schema: "Measurement",
			ExpectedContent: []string{`"value":9000000`, `"withdrawn_at":"`, `"withdraw_reason":"Three zeros too many"`}},
		{Name: "nothing left to withdraw", Method: "POST", URL: w + "/measurements/withdraw", Token: "partner",
			Body: withdraw("{old2}", "again"), ExpectedStatus: 422, ExpectedContent: []string{`"field":"period"`, "no value"}},
		{Name: "staff withdraw a partner's value", Method: "POST", URL: w + "/measurements/withdraw", Token: "coordinator",
			Body: withdraw("{lastmonth}", "Reported by mistake"), ExpectedStatus: 200, Schema: "Measurement",
			ExpectedContent: []string{`"withdrawn_by":"`}},
		{Name: "the history keeps the withdrawn value", Method: "GET", URL: history, Token: "partner", ExpectedStatus: 200,
			Schema: "MeasurementHistory", ExpectedContent: []string{`"withdraw_reason":"Reported by mistake"`, `"value":1`}},
		{Name: "the dashboard leaves it out", Method: "GET", URL: w + "/dashboard?member={samaritan}", Token: "partner",
			ExpectedStatus: 200, Schema: "Dashboard", NotExpectedContent: []string{`"period":"{lastmonth}","value":1,`}},
	})
}
