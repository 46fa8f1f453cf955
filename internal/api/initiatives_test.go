package api

import "testing"

const inits = prefix + "/initiatives"

func TestInitiatives(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "list without a token", Method: "GET", URL: inits, ExpectedStatus: 401},
		{Name: "list as member: own and public, not others' private ones", Method: "GET", URL: inits, Token: "member",
			ExpectedStatus: 200, Schema: "InitiativeList",
			ExpectedContent:    []string{`"name":"River Alliance"`, `"name":"Open Harbor"`},
			NotExpectedContent: []string{"Quiet Circle"}},
		{Name: "list as admin: all", Method: "GET", URL: inits, Token: "admin",
			ExpectedStatus: 200, Schema: "InitiativeList", ExpectedContent: []string{"River Alliance", "Open Harbor", "Quiet Circle"}},
		{Name: "get own as member", Method: "GET", URL: inits + "/1", Token: "member",
			ExpectedStatus: 200, Schema: "Initiative", ExpectedContent: []string{`"backbone_organization_name":"Riverside Food Bank"`, `"member_count":1`}},
		{Name: "get public as member", Method: "GET", URL: inits + "/2", Token: "member", ExpectedStatus: 200, Schema: "Initiative"},
		{Name: "another's private one is not found", Method: "GET", URL: inits + "/3", Token: "member",
			ExpectedStatus: 404, NotExpectedContent: []string{"Quiet Circle"}},
		{Name: "private one as admin", Method: "GET", URL: inits + "/3", Token: "admin", ExpectedStatus: 200},
		{Name: "bad id", Method: "GET", URL: inits + "/abc", Token: "admin", ExpectedStatus: 404},
		{Name: "members of own as member", Method: "GET", URL: inits + "/1/members", Token: "member",
			ExpectedStatus: 200, Schema: "MemberList", ExpectedContent: []string{`"organization_name":"Riverside Food Bank"`, `"role":"backbone"`, `"status":"active"`}},
		{Name: "members of another's private one", Method: "GET", URL: inits + "/3/members", Token: "member", ExpectedStatus: 404},
		{Name: "start as member is forbidden", Method: "POST", URL: inits, Token: "member",
			Body: `{"name":"Mine"}`, ExpectedStatus: 403},
		{Name: "start as steward", Method: "POST", URL: inits, Token: "steward",
			Body:           `{"name":"Food Security Network","problem_statement":"Hunger","backbone_organization_id":"river","status":"forming"}`,
			ExpectedStatus: 201, Schema: "Initiative", ExpectedContent: []string{`"id":4`, `"name":"Food Security Network"`},
			ExpectedHeaders: map[string]string{"Location": inits + "/4"}},
		{Name: "start with no name", Method: "POST", URL: inits, Token: "steward", Body: `{"status":"dreaming"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`, `"field":"status"`}},
		{Name: "start with a taken name", Method: "POST", URL: inits, Token: "steward", Body: `{"name":"river alliance"}`,
			ExpectedStatus: 409},
		{Name: "start with an unknown backbone", Method: "POST", URL: inits, Token: "steward",
			Body: `{"name":"Ghost","backbone_organization_id":"nope"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"backbone_organization_id"`}},
		{Name: "member's admin may not edit (not backbone staff)", Method: "PATCH", URL: inits + "/1", Token: "member",
			Body: `{"status":"active"}`, ExpectedStatus: 403},
		{Name: "admin edits", Method: "PATCH", URL: inits + "/1", Token: "admin",
			Body: `{"status":"sustaining","vision":"A river for all"}`, ExpectedStatus: 200, Schema: "Initiative",
			ExpectedContent: []string{`"status":"sustaining"`, `"vision":"A river for all"`, `"name":"River Alliance"`}},
		{Name: "edit to a taken name", Method: "PATCH", URL: inits + "/1", Token: "admin", Body: `{"name":"open harbor"}`, ExpectedStatus: 409},
		{Name: "edit with a bad status", Method: "PATCH", URL: inits + "/1", Token: "admin", Body: `{"status":"asleep"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"status"`}},
		{Name: "edit another's private one", Method: "PATCH", URL: inits + "/3", Token: "member", Body: `{"status":"active"}`, ExpectedStatus: 404},
		{Name: "start with an unknown field", Method: "POST", URL: inits, Token: "steward", Body: `{"name":"X","budget":1}`,
			ExpectedStatus: 400, ExpectedContent: []string{"budget"}},
	})
}
