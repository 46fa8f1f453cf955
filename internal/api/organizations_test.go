package api

import (
	"strings"
	"testing"
)

const orgs = prefix + "/organizations"

func TestAuthAndMeta(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "me without a token", Method: "GET", URL: prefix + "/me",
			ExpectedStatus:  401,
			ExpectedContent: []string{`"type":"/problems/unauthenticated"`, `"instance":"/api/v1/me"`, `"request_id":"`},
			ExpectedHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="backbone"`}},
		{Name: "me with an unknown token", Method: "GET", URL: prefix + "/me", Headers: map[string]string{"Authorization": "Bearer bb_nosuchtoken"},
			ExpectedStatus: 401, ExpectedHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="backbone"`}},
		{Name: "me with basic auth", Method: "GET", URL: prefix + "/me", Headers: map[string]string{"Authorization": "Basic YWRtaW46cGFzcw=="},
			ExpectedStatus: 401},
		{Name: "me with a disabled user's token", Method: "GET", URL: prefix + "/me", Token: "disabled",
			ExpectedStatus: 401, NotExpectedContent: []string{"disabled@example.org"}},
		{Name: "me with a revoked token", Method: "GET", URL: prefix + "/me", Token: "revoked",
			ExpectedStatus: 401, NotExpectedContent: []string{"member@example.org"}},
		{Name: "me as member", Method: "GET", URL: prefix + "/me", Token: "member",
			ExpectedStatus: 200, Schema: "User",
			ExpectedContent:    []string{`"email":"member@example.org"`, `"role":"member"`, `"name":"The member"`},
			NotExpectedContent: []string{"password", "disabled_at"}},
		{Name: "me as admin", Method: "GET", URL: prefix + "/me", Token: "admin",
			ExpectedStatus: 200, Schema: "User", ExpectedContent: []string{`"role":"admin"`}},
		{Name: "openapi needs no token", Method: "GET", URL: prefix + "/openapi.json",
			ExpectedStatus: 200, ExpectedContent: []string{`"openapi": "3.1.0"`, `"/organizations/{id}/archive"`},
			ExpectedHeaders: map[string]string{"Content-Type": "application/json"}},
		{Name: "sectors as member", Method: "GET", URL: prefix + "/sectors", Token: "member",
			ExpectedStatus: 200, Schema: "SectorList", ExpectedContent: []string{`"mental health"`, `"housing"`}},
		{Name: "sectors without a token", Method: "GET", URL: prefix + "/sectors", ExpectedStatus: 401},
		{Name: "sectors with a disabled user's token", Method: "GET", URL: prefix + "/sectors", Token: "disabled", ExpectedStatus: 401},
	})
}

func TestRouting(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "unknown route", Method: "GET", URL: prefix + "/nowhere", Token: "admin",
			ExpectedStatus: 404, ExpectedContent: []string{`"type":"/problems/no-route"`, `"instance":"/api/v1/nowhere"`}},
		{Name: "unknown route without a token is still 404", Method: "GET", URL: prefix + "/nowhere",
			ExpectedStatus: 404, ExpectedContent: []string{`"type":"/problems/no-route"`}},
		{Name: "unknown version", Method: "GET", URL: "/api/v2/organizations", ExpectedStatus: 404},
		{Name: "trailing slash", Method: "GET", URL: orgs + "/", Token: "admin", ExpectedStatus: 404},
		{Name: "too deep", Method: "GET", URL: orgs + "/river/services/x", Token: "admin", ExpectedStatus: 404},
		{Name: "delete an organization", Method: "DELETE", URL: orgs + "/" + riverID, Token: "admin",
			ExpectedStatus: 405, ExpectedContent: []string{`"type":"/problems/method-not-allowed"`},
			ExpectedHeaders: map[string]string{"Allow": "GET, PATCH"}},
		{Name: "put the list", Method: "PUT", URL: orgs, Token: "admin",
			ExpectedStatus: 405, ExpectedHeaders: map[string]string{"Allow": "GET, POST"}},
		{Name: "post to me", Method: "POST", URL: prefix + "/me", ExpectedStatus: 405,
			ExpectedHeaders: map[string]string{"Allow": "GET"}},
		{Name: "get archive", Method: "GET", URL: orgs + "/river/archive", Token: "admin", ExpectedStatus: 405,
			ExpectedHeaders: map[string]string{"Allow": "POST"}},
	})
}

func TestListOrganizations(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "member lists active organizations", Method: "GET", URL: orgs, Token: "member",
			ExpectedStatus: 200, Schema: "OrganizationPage",
			ExpectedContent:    []string{`"total":2`, `"limit":25`, `"offset":0`, "Riverside Food Bank", "Harbor Housing Alliance"},
			NotExpectedContent: []string{"Old Mill Clinic"},
			ExpectedHeaders:    map[string]string{"Link": ""}},
		{Name: "without a token", Method: "GET", URL: orgs, ExpectedStatus: 401},
		{Name: "with a revoked token", Method: "GET", URL: orgs, Token: "revoked", ExpectedStatus: 401},
		{Name: "archived only", Method: "GET", URL: orgs + "?status=archived", Token: "steward",
			ExpectedStatus: 200, Schema: "OrganizationPage", ExpectedContent: []string{`"total":1`, "Old Mill Clinic"},
			NotExpectedContent: []string{"Riverside"}},
		{Name: "all", Method: "GET", URL: orgs + "?status=all", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":3`, "Old Mill Clinic", "Riverside"}},
		{Name: "search by name, any case", Method: "GET", URL: orgs + "?q=RIVER", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":1`, "Riverside Food Bank"}, NotExpectedContent: []string{"Harbor"}},
		{Name: "by sector", Method: "GET", URL: orgs + "?sector=housing", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":1`, "Harbor Housing Alliance", `"sectors":["housing"]`},
			NotExpectedContent: []string{"Riverside"}},
		{Name: "updated since long ago", Method: "GET", URL: orgs + "?updated_since=2000-01-01T00:00:00Z", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":2`}},
		{Name: "updated since the future", Method: "GET", URL: orgs + "?updated_since=2999-01-01T00:00:00%2B02:00", Token: "member",
			ExpectedStatus: 200, Schema: "OrganizationPage", ExpectedContent: []string{`"total":0`, `"items":[]`}},
		{Name: "newest first", Method: "GET", URL: orgs + "?sort=updated&limit=1", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{"Harbor Housing Alliance"}, NotExpectedContent: []string{"Riverside"}},
		{Name: "first page", Method: "GET", URL: orgs + "?limit=1&sort=name", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":2`, `"limit":1`, "Harbor Housing Alliance"},
			NotExpectedContent: []string{"Riverside"},
			ExpectedHeaders:    map[string]string{"Link": `</api/v1/organizations?limit=1&offset=1&sort=name>; rel="next"`}},
		{Name: "last page", Method: "GET", URL: orgs + "?limit=1&offset=1&sort=name", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"offset":1`, "Riverside Food Bank"}, NotExpectedContent: []string{"Harbor"},
			ExpectedHeaders: map[string]string{"Link": `</api/v1/organizations?limit=1&offset=0&sort=name>; rel="prev"`}},
		{Name: "middle page", Method: "GET", URL: orgs + "?status=all&limit=1&offset=1", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":3`},
			ExpectedHeaders: map[string]string{"Link": `</api/v1/organizations?limit=1&offset=2&status=all>; rel="next", </api/v1/organizations?limit=1&offset=0&status=all>; rel="prev"`}},
		{Name: "past the end", Method: "GET", URL: orgs + "?offset=10", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`, `"total":2`},
			ExpectedHeaders: map[string]string{"Link": `</api/v1/organizations?limit=25&offset=0>; rel="prev"`}},
		{Name: "bad parameters, every one named, sorted", Method: "GET", URL: orgs + "?status=gone&sort=size&limit=500&offset=-1", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"type":"/problems/validation"`,
				`"errors":[{"field":"limit","detail":"must be between 1 and 200"},{"field":"offset","detail":"must not be negative"},{"field":"sort","detail":"must be name or updated"},{"field":"status","detail":"must be active, archived or all"}]`}},
		{Name: "limit zero", Method: "GET", URL: orgs + "?limit=0", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"limit"`}},
		{Name: "limit not a number", Method: "GET", URL: orgs + "?limit=ten", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`{"field":"limit","detail":"must be a whole number"}`}},
		{Name: "unknown sector", Method: "GET", URL: orgs + "?sector=astrology", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"sector"`, "astrology"}},
		{Name: "bad updated_since", Method: "GET", URL: orgs + "?updated_since=yesterday", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"updated_since"`, "RFC 3339"}},
	})
}

func TestGetOrganization(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "member reads one", Method: "GET", URL: orgs + "/" + harborID, Token: "member",
			ExpectedStatus: 200, Schema: "Organization",
			ExpectedContent: []string{`"id":"harbor"`, `"name":"Harbor Housing Alliance"`, `"version":2`, `"mission":"A home for everyone"`},
			ExpectedHeaders: map[string]string{"ETag": `"2"`, "Content-Type": "application/json"}},
		{Name: "archived one", Method: "GET", URL: orgs + "/" + millID, Token: "member",
			ExpectedStatus: 200, Schema: "Organization", ExpectedContent: []string{"Old Mill Clinic", `"archived_at":"`}},
		{Name: "unknown id", Method: "GET", URL: orgs + "/nosuch", Token: "admin",
			ExpectedStatus: 404, ExpectedContent: []string{`"type":"/problems/not-found"`, `"instance":"/api/v1/organizations/nosuch"`}},
		{Name: "without a token", Method: "GET", URL: orgs + "/" + riverID, ExpectedStatus: 401,
			NotExpectedContent: []string{"Riverside"}},
		{Name: "with a disabled user's token", Method: "GET", URL: orgs + "/" + riverID, Token: "disabled", ExpectedStatus: 401},
	})
}

const newOrg = `{"name": "Eastside Youth Center", "description": "After-school programs", "sectors": ["Education", "education"], "website": "eastside.example.org", "year_incorporated": 2004}`

func TestCreateOrganization(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "steward adds one", Method: "POST", URL: orgs, Token: "steward", Body: newOrg,
			ExpectedStatus: 201, Schema: "Organization",
			ExpectedContent: []string{`"name":"Eastside Youth Center"`, `"sectors":["education"]`, `"website":"https://eastside.example.org"`,
				`"year_incorporated":2004`, `"version":1`, `"archived_at":null`},
			ExpectedHeaders: map[string]string{"ETag": `"1"`}},
		{Name: "admin adds one with its own id", Method: "POST", URL: orgs, Token: "admin",
			Body:           `{"id": "eastside-1", "name": "Eastside Youth Center", "description": "After-school programs"}`,
			ExpectedStatus: 201, Schema: "Organization", ExpectedContent: []string{`"id":"eastside-1"`},
			ExpectedHeaders: map[string]string{"Location": "/api/v1/organizations/eastside-1"}},
		{Name: "member may not add", Method: "POST", URL: orgs, Token: "member", Body: newOrg,
			ExpectedStatus: 403, ExpectedContent: []string{`"type":"/problems/forbidden"`}, NotExpectedContent: []string{"member@example.org"}},
		{Name: "member may not add, even with a bad body", Method: "POST", URL: orgs, Token: "member", Body: `{`,
			ExpectedStatus: 403},
		{Name: "without a token", Method: "POST", URL: orgs, Body: newOrg, ExpectedStatus: 401},
		{Name: "with a revoked token", Method: "POST", URL: orgs, Token: "revoked", Body: newOrg, ExpectedStatus: 401},
		{Name: "empty object", Method: "POST", URL: orgs, Token: "steward", Body: `{}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"errors":[{"field":"description","detail":"is required: say in a sentence or two what the organization does"},{"field":"name","detail":"is required"}]`}},
		{Name: "every field checked, sorted by field", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"id": "a/b", "name": "X", "description": "d", "email": "not-an-email", "year_incorporated": 1200, "sectors": ["astrology"], "website": "ftp://x"}`,
			ExpectedStatus: 422,
			ExpectedContent: []string{`{"field":"email","detail":"must be an email address like info@example.org"}`,
				`"errors":[{"field":"email"`, `},{"field":"id",`, `},{"field":"sectors",`, `},{"field":"website",`, `},{"field":"year_incorporated",`}},
		{Name: "duplicate name, any case", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name": "harbor HOUSING alliance", "description": "Again"}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"type":"/problems/conflict"`, `"field":"name"`, "Harbor Housing Alliance"}},
		{Name: "name of an archived organization is free", Method: "POST", URL: orgs, Token: "steward",
			Body: `{"name": "Old Mill Clinic", "description": "Reopened"}`, ExpectedStatus: 201},
		{Name: "duplicate id", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"id": "river", "name": "Another River", "description": "Clash"}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"id"`}},
		{Name: "malformed JSON names line and column", Method: "POST", URL: orgs, Token: "steward",
			Body:           "{\n  \"name\": \"X\",\n  \"description\": }",
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/malformed-json"`, "line 3, column 18"}},
		{Name: "truncated JSON", Method: "POST", URL: orgs, Token: "steward", Body: `{"name": "X"`,
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/malformed-json"`, "line 1"}},
		{Name: "wrong type names the field", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name": "X", "description": "d", "year_incorporated": "1990"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/invalid-body"`, `"field":"year_incorporated"`, "year_incorporated: expected a whole number, got string"}},
		{Name: "sectors must be an array", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name": "X", "description": "d", "sectors": "food"}`,
			ExpectedStatus: 400, ExpectedContent: []string{"sectors: expected an array of strings"}},
		{Name: "not an object", Method: "POST", URL: orgs, Token: "steward", Body: `["X"]`,
			ExpectedStatus: 400, ExpectedContent: []string{"must be a JSON object"}},
		{Name: "unknown field", Method: "POST", URL: orgs, Token: "steward",
			Body:           `{"name": "X", "description": "d", "colour": "red"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/unknown-field"`, `"field":"colour"`, `unknown field \"colour\"`}},
		{Name: "version is not a create field", Method: "POST", URL: orgs, Token: "steward",
			Body: `{"name": "X", "description": "d", "version": 3}`, ExpectedStatus: 400, ExpectedContent: []string{`"field":"version"`}},
		{Name: "trailing data", Method: "POST", URL: orgs, Token: "steward",
			Body: `{"name": "X", "description": "d"} {"name": "Y"}`, ExpectedStatus: 400, ExpectedContent: []string{"after the JSON object"}},
		{Name: "empty body", Method: "POST", URL: orgs, Token: "steward", Headers: map[string]string{"Content-Type": "application/json"},
			ExpectedStatus: 400, ExpectedContent: []string{"empty"}},
		{Name: "too large", Method: "POST", URL: orgs, Token: "steward", Body: big(),
			ExpectedStatus: 413, ExpectedContent: []string{`"type":"/problems/body-too-large"`}},
		{Name: "form body", Method: "POST", URL: orgs, Token: "steward", Body: `name=X&description=d`,
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			ExpectedStatus: 415, ExpectedContent: []string{`"type":"/problems/unsupported-media-type"`}},
		{Name: "no content type", Method: "POST", URL: orgs, Token: "steward", Body: newOrg,
			Headers: map[string]string{"Content-Type": ""}, ExpectedStatus: 415},
		{Name: "json with charset", Method: "POST", URL: orgs, Token: "steward", Body: newOrg,
			Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, ExpectedStatus: 201},
	})
}

func TestUpdateOrganization(t *testing.T) {
	river := orgs + "/" + riverID
	harbor := orgs + "/" + harborID
	runScenarios(t, []scenario{
		{Name: "org admin changes one field of their organization", Method: "PATCH", URL: river, Token: "member",
			Body:           `{"mission": "No one goes hungry"}`,
			ExpectedStatus: 200, Schema: "Organization",
			ExpectedContent: []string{`"mission":"No one goes hungry"`, `"name":"Riverside Food Bank"`, `"description":"Groceries for families in need"`,
				`"email":"info@riverside.example.org"`, `"year_incorporated":1998`, `"sectors":["food"]`, `"version":2`},
			ExpectedHeaders: map[string]string{"ETag": `"2"`}},
		{Name: "keys match fields in any case, as in encoding/json", Method: "PATCH", URL: river, Token: "member",
			Body: `{"Mission": "Any case"}`, ExpectedStatus: 200, ExpectedContent: []string{`"mission":"Any case"`}},
		{Name: "org admin may not change another organization", Method: "PATCH", URL: harbor, Token: "member",
			Body: `{"mission": "Taken over"}`, ExpectedStatus: 403},
		{Name: "without a token", Method: "PATCH", URL: river, Body: `{"mission": "x"}`, ExpectedStatus: 401},
		{Name: "disabled user's token", Method: "PATCH", URL: river, Token: "disabled", Body: `{"mission": "x"}`, ExpectedStatus: 401},
		{Name: "steward changes any organization, with If-Match", Method: "PATCH", URL: harbor, Token: "steward",
			Headers: map[string]string{"If-Match": `"2"`}, Body: `{"sectors": ["housing", "mental health"]}`,
			ExpectedStatus: 200, ExpectedContent: []string{`"sectors":["housing","mental health"]`, `"version":3`},
			ExpectedHeaders: map[string]string{"ETag": `"3"`}},
		{Name: "current version in the body", Method: "PATCH", URL: harbor, Token: "steward",
			Body: `{"version": 2, "tax_id": "12-3456789"}`, ExpectedStatus: 200, ExpectedContent: []string{`"tax_id":"12-3456789"`}},
		{Name: "stale version in the body", Method: "PATCH", URL: harbor, Token: "steward",
			Body:           `{"version": 1, "mission": "Overwrite"}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"type":"/problems/conflict"`, `"field":"version"`}},
		{Name: "stale If-Match", Method: "PATCH", URL: harbor, Token: "admin",
			Headers: map[string]string{"If-Match": `"1"`}, Body: `{"mission": "Overwrite"}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"version"`}},
		{Name: "If-Match is not an ETag", Method: "PATCH", URL: harbor, Token: "admin",
			Headers: map[string]string{"If-Match": `"abc"`}, Body: `{"mission": "x"}`, ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"If-Match"`}},
		{Name: "version and If-Match disagree", Method: "PATCH", URL: harbor, Token: "admin",
			Headers: map[string]string{"If-Match": `"2"`}, Body: `{"version": 3, "mission": "x"}`, ExpectedStatus: 400},
		{Name: "version must be positive", Method: "PATCH", URL: harbor, Token: "admin",
			Body: `{"version": 0}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"version"`}},
		{Name: "rename to a taken name", Method: "PATCH", URL: river, Token: "member",
			Body: `{"name": "HARBOR housing alliance"}`, ExpectedStatus: 409, ExpectedContent: []string{`"field":"name"`}},
		{Name: "blank name", Method: "PATCH", URL: river, Token: "member",
			Body: `{"name": "  "}`, ExpectedStatus: 422, ExpectedContent: []string{`"errors":[{"field":"name","detail":"is required"}]`}},
		{Name: "null clears a field", Method: "PATCH", URL: river, Token: "member",
			Body: `{"year_incorporated": null, "email": null, "sectors": null}`, ExpectedStatus: 200,
			ExpectedContent: []string{`"year_incorporated":null`, `"email":""`, `"sectors":[]`, `"name":"Riverside Food Bank"`}},
		{Name: "empty object changes nothing but the version", Method: "PATCH", URL: river, Token: "member",
			Body: `{}`, ExpectedStatus: 200, ExpectedContent: []string{`"version":2`, `"year_incorporated":1998`}},
		{Name: "id may not be patched", Method: "PATCH", URL: river, Token: "member",
			Body: `{"id": "elsewhere"}`, ExpectedStatus: 400, ExpectedContent: []string{`"type":"/problems/unknown-field"`, `"field":"id"`}},
		{Name: "wrong type", Method: "PATCH", URL: river, Token: "member",
			Body: `{"name": 7}`, ExpectedStatus: 400, ExpectedContent: []string{"name: expected a string, got number"}},
		{Name: "malformed", Method: "PATCH", URL: river, Token: "member",
			Body: `{"name": "x",}`, ExpectedStatus: 400, ExpectedContent: []string{"line 1, column 14"}},
		{Name: "too large", Method: "PATCH", URL: river, Token: "member", Body: big(), ExpectedStatus: 413},
		{Name: "wrong content type", Method: "PATCH", URL: river, Token: "member", Body: `{"mission": "x"}`,
			Headers: map[string]string{"Content-Type": "text/plain"}, ExpectedStatus: 415},
		{Name: "merge-patch content type", Method: "PATCH", URL: river, Token: "member", Body: `{"mission": "x"}`,
			Headers: map[string]string{"Content-Type": "application/merge-patch+json"}, ExpectedStatus: 200},
		{Name: "unknown organization", Method: "PATCH", URL: orgs + "/nosuch", Token: "steward",
			Body: `{"mission": "x"}`, ExpectedStatus: 404},
		{Name: "archived organization", Method: "PATCH", URL: orgs + "/" + millID, Token: "steward",
			Body: `{"mission": "x"}`, ExpectedStatus: 409, ExpectedContent: []string{"archived"}},
	})
}

func TestArchiveAndRestore(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "steward archives", Method: "POST", URL: orgs + "/river/archive", Token: "steward",
			ExpectedStatus: 200, Schema: "Organization", ExpectedContent: []string{`"archived_at":"`, `"version":2`},
			ExpectedHeaders: map[string]string{"ETag": `"2"`}},
		{Name: "org admin may not archive their organization", Method: "POST", URL: orgs + "/river/archive", Token: "member",
			ExpectedStatus: 403},
		{Name: "archive without a token", Method: "POST", URL: orgs + "/river/archive", ExpectedStatus: 401},
		{Name: "archive unknown", Method: "POST", URL: orgs + "/nosuch/archive", Token: "admin", ExpectedStatus: 404},
		{Name: "archive an archived one changes nothing", Method: "POST", URL: orgs + "/mill/archive", Token: "admin",
			ExpectedStatus: 200, ExpectedContent: []string{`"archived_at":"`}},
		{Name: "admin restores", Method: "POST", URL: orgs + "/mill/restore", Token: "admin",
			ExpectedStatus: 200, Schema: "Organization", ExpectedContent: []string{`"archived_at":null`, "Old Mill Clinic"}},
		{Name: "member may not restore", Method: "POST", URL: orgs + "/mill/restore", Token: "member", ExpectedStatus: 403},
		{Name: "restore with a revoked token", Method: "POST", URL: orgs + "/mill/restore", Token: "revoked", ExpectedStatus: 401},
		{Name: "restore unknown", Method: "POST", URL: orgs + "/nosuch/restore", Token: "steward", ExpectedStatus: 404},
	})
}

// TestOrganizationParent makes the river food bank a unit of the harbor
// alliance; the harbor cannot then be made a unit of the river (a cycle),
// nor anything its own parent.
func TestOrganizationParent(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		river, harbor := orgs+"/"+riverID, orgs+"/"+harborID
		for _, c := range []struct {
			what, url, token, body string
			status                 int
			want                   string
		}{
			{"its own parent", river, "member", `{"parent_organization_id": "river"}`, 422, "cannot be its own parent"},
			{"a parent nobody knows", river, "member", `{"parent_organization_id": "nowhere"}`, 422,
				"no organization has the id nowhere"},
			{"the river becomes a unit of the harbor", river, "member", `{"parent_organization_id": "harbor"}`, 200,
				`"parent_organization_id":"harbor"`},
			{"someone who does not keep the harbor", harbor, "member", `{"parent_organization_id": "river"}`, 403, ""},
			{"a cycle", harbor, "steward", `{"parent_organization_id": "river"}`, 422, "would make a cycle"},
			{"no parent again", river, "member", `{"parent_organization_id": ""}`, 200, `"parent_organization_id":""`},
		} {
			st, out := call(t, app, "PATCH", c.url, c.token, c.body)
			if st != c.status || !strings.Contains(out, c.want) {
				t.Fatalf("%s: %d %s", c.what, st, out)
			}
			if st == 200 {
				checkSchema(t, "Organization", []byte(out))
			}
		}
	})
}
