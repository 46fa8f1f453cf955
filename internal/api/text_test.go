package api

import "testing"

// TestTextAtTheBoundary: text no database can store (a NUL, bytes that are
// not UTF-8) is refused where it comes in, naming the field or parameter,
// on both engines (PostgreSQL would otherwise fail the write: a 500).
func TestTextAtTheBoundary(t *testing.T) {
	runServiceScenarios(t, []scenario{
		{Name: "a NUL in an organization's name", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name":"Eastside\u0000Youth","description":"After-school programs"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"type":"/problems/validation"`, `{"field":"name","detail":"must not hold a NUL character"}`}},
		{Name: "an escaped backslash before u0000 is ordinary text", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name":"Eastside \\u0000 Youth","description":"After-school programs"}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"name":"Eastside \\u0000 Youth"`}},
		{Name: "a NUL deep in a service's body is named by its path", Method: "POST", URL: prefix + "/organizations/river/services", Token: "steward",
			Body:           `{"name":"Pantry","service_areas":["San Mateo County"],"phones":[{"number":"650-555-0100"},{"number":"650-555-0101","extension":"1\u00002"}]}`,
			ExpectedStatus: 422, ExpectedContent: []string{`{"field":"phones[1].extension","detail":"must not hold a NUL character"}`}},
		{Name: "a NUL in a list of strings", Method: "POST", URL: prefix + "/organizations/river/services", Token: "steward",
			Body:           `{"name":"Pantry","service_areas":["San Mateo County","\u0000"]}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"service_areas[1]"`}},
		{Name: "a NUL in a field's name", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name":"Eastside","description":"After-school programs","x\u0000":1}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/invalid-body"`, "a field's name in the body holds a NUL character"}},
		{Name: "a body that is not UTF-8", Method: "POST", URL: orgs, Token: "steward",
			Body:           "{\"name\":\n\"Eastside \xff Youth\",\"description\":\"After-school programs\"}",
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/malformed-json"`, "the body must be UTF-8 text; the byte at line 2, column 11 (byte 19) is not"}},
		{Name: "an id with a NUL", Method: "GET", URL: orgs + "/river%00", Token: "member",
			ExpectedStatus: 404, ExpectedContent: []string{`"type":"/problems/not-found"`}},
		{Name: "an id that is not UTF-8", Method: "GET", URL: prefix + "/services/caf%E9", Token: "member",
			ExpectedStatus: 404, ExpectedContent: []string{`"instance":"/api/v1/services/caf%E9"`}},
		{Name: "a NUL in a query parameter", Method: "GET", URL: orgs + "?q=river%00", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`{"field":"q","detail":"must not hold a NUL character"}`}},
		{Name: "a query parameter that is not UTF-8", Method: "GET", URL: prefix + "/services/search?text=caf%E9", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`{"field":"text","detail":"must be text (UTF-8)"}`}},
	})
}
