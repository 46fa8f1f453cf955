package api

import (
	"testing"

	"backbone/internal/testutil/storetest"
)

// TestQualityDismissAPI: a steward finds the phone that is words right as
// it is; it leaves the report and its counts, shows in the dismissed view
// with who and the note, and is listed again on restore. Others may not.
func TestQualityDismissAPI(t *testing.T) {
	const (
		q   = prefix + "/directory/quality"
		key = `"kind":"phone_not_number","record":"phone","record_id":"9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c3003",` +
			`"field":"number","value":"call the front desk"`
		count = `{"kind":"phone_not_number","label":"Phones that are not a number","count":`
	)
	scenarios := []scenario{
		{Name: "a member may not dismiss", Method: "POST", URL: q + "/dismissals", Token: "member",
			Body: `{` + key + `}`, ExpectedStatus: 403},
		{Name: "no token", Method: "POST", URL: q + "/dismissals", Body: `{` + key + `}`, ExpectedStatus: 401},
		{Name: "an unknown kind is named", Method: "POST", URL: q + "/dismissals", Token: "steward",
			Body: `{"kind":"typo","record":"phone","record_id":"x","field":"number","value":""}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"kind"`}},
		{Name: "a record that is not there", Method: "POST", URL: q + "/dismissals", Token: "steward",
			Body: `{"kind":"phone_not_number","record":"phone","record_id":"nope",` +
				`"field":"number","value":""}`,
			ExpectedStatus: 404},
		{Name: "right as it is", Method: "POST", URL: q + "/dismissals", Token: "steward",
			Body: `{` + key + `,"note":"Callers ask the desk by name."}`, ExpectedStatus: 204},
		{Name: "it leaves the list and the counts", Method: "GET", URL: q, Token: "steward", ExpectedStatus: 200,
			Schema: "QualityReport", ExpectedContent: []string{`"total":9`, `"dismissed":1`, count + `0}`},
			NotExpectedContent: []string{`"value":"call the front desk"`}},
		{Name: "the dismissed view", Method: "GET", URL: q + "?dismissed=true", Token: "steward", ExpectedStatus: 200,
			Schema: "QualityReport", ExpectedContent: []string{`"total":1`, `"dismissed_view":true`, key,
				`"note":"Callers ask the desk by name."`, `"dismissed_by":"steward@example.org"`}},
		{Name: "a bad view", Method: "GET", URL: q + "?dismissed=maybe", Token: "steward", ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"dismissed"`}},
		{Name: "a member may not restore", Method: "POST", URL: q + "/dismissals/restore", Token: "member",
			Body: `{` + key + `}`, ExpectedStatus: 403},
		{Name: "restored", Method: "POST", URL: q + "/dismissals/restore", Token: "steward", Body: `{` + key + `}`,
			ExpectedStatus: 204},
		{Name: "listed again", Method: "GET", URL: q, Token: "steward", ExpectedStatus: 200, Schema: "QualityReport",
			ExpectedContent: []string{`"total":10`, `"dismissed":0`, count + `1}`, `"value":"call the front desk"`}},
		{Name: "restored twice", Method: "POST", URL: q + "/dismissals/restore", Token: "steward",
			Body: `{` + key + `}`, ExpectedStatus: 404},
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			db := eng.open(t)
			app := serveTestApp(db, storetest.Fixture(t, db, "quality", buildQualityApp))
			for _, s := range scenarios {
				if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
					return
				}
			}
		})
	}
}
