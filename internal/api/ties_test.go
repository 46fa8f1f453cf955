package api

import "testing"

const ties = prefix + "/ties"

func TestTies(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "list without a token", Method: "GET", URL: ties, ExpectedStatus: 401},
		{Name: "list as member", Method: "GET", URL: ties, Token: "member", ExpectedStatus: 200, Schema: "TiePage",
			ExpectedContent: []string{`"total":1`, `"from_organization_name":"Riverside Food Bank"`, `"to_organization_name":"Harbor Housing Alliance"`, `"kinds":["referral"]`}},
		{Name: "list filtered to nothing", Method: "GET", URL: ties + "?kind=funding", Token: "member", ExpectedStatus: 200,
			ExpectedContent: []string{`"total":0`}},
		{Name: "list with a bad kind", Method: "GET", URL: ties + "?kind=gossip", Token: "member", ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"kind"`}},
		{Name: "list with a bad limit", Method: "GET", URL: ties + "?limit=many", Token: "member", ExpectedStatus: 400,
			ExpectedContent: []string{"limit"}},
		{Name: "get", Method: "GET", URL: ties + "/{tie}", Token: "member", ExpectedStatus: 200, Schema: "Tie",
			ExpectedHeaders: map[string]string{"ETag": `"1"`}, ExpectedContent: []string{`"since":"2022-05-01"`}},
		{Name: "get unknown", Method: "GET", URL: ties + "/nope", Token: "member", ExpectedStatus: 404},
		{Name: "history", Method: "GET", URL: ties + "/{tie}/history", Token: "member", ExpectedStatus: 200, Schema: "TieHistory",
			ExpectedContent: []string{`"change_note":"seed"`}},
		{Name: "member records a tie from its own organization", Method: "POST", URL: ties, Token: "member",
			Body:           `{"from_organization_id":"river","to_organization_id":"mill","level":"collaboration"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"to_organization_id"`, "archived"}},
		{Name: "member records a tie from its own organization to an active one", Method: "POST", URL: ties, Token: "member",
			Body:           `{"from_organization_id":"harbor","to_organization_id":"river"}`,
			ExpectedStatus: 403},
		{Name: "steward records a tie", Method: "POST", URL: ties, Token: "steward",
			Body:           `{"from_organization_id":"harbor","to_organization_id":"river","kinds":["funding","referral"],"status":"developing","change_note":"grant"}`,
			ExpectedStatus: 201, Schema: "Tie", ExpectedContent: []string{`"kinds":["funding","referral"]`, `"status":"developing"`, `"level":"awareness"`}},
		{Name: "a second tie for the pair", Method: "POST", URL: ties, Token: "member",
			Body: `{"from_organization_id":"river","to_organization_id":"harbor"}`, ExpectedStatus: 409},
		{Name: "invalid dates", Method: "POST", URL: ties, Token: "member",
			Body:           `{"from_organization_id":"river","to_organization_id":"harbor","since":"2024-05-01","until":"2023-01-01"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"until"`}},
		{Name: "member changes its organization's tie", Method: "PATCH", URL: ties + "/{tie}", Token: "member",
			Body:           `{"status":"strained","change_note":"missed handoffs"}`,
			ExpectedStatus: 200, Schema: "Tie", ExpectedContent: []string{`"status":"strained"`, `"level":"cooperation"`, `"version":2`},
			ExpectedHeaders: map[string]string{"ETag": `"2"`}},
		{Name: "change from a stale version", Method: "PATCH", URL: ties + "/{tie}", Token: "member",
			Headers: map[string]string{"If-Match": `"7"`}, Body: `{"status":"strained"}`, ExpectedStatus: 409},
		{Name: "change with an unknown field", Method: "PATCH", URL: ties + "/{tie}", Token: "member",
			Body: `{"to_organization_id":"mill"}`, ExpectedStatus: 400, ExpectedContent: []string{"to_organization_id"}},
		{Name: "steward of another organization may change it", Method: "PATCH", URL: ties + "/{tie}", Token: "steward",
			Body: `{"level":"collaboration"}`, ExpectedStatus: 200},
	})
}
