package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// Adding people, their details, temporary passwords and the settings:
// platform admins only. In the fixture the member is the admin of river
// and, through it, takes part in River Alliance.
func TestPeopleAdminAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "admin adds a person working for river, with a password made up", Method: "POST", URL: "/api/v1/users",
			Token: "admin", Body: `{"name":"Ana Díaz","email":"ana@example.org","organization_id":"river","organization_role":"staff"}`,
			ExpectedStatus: 201, Schema: "UserCreated",
			ExpectedContent: []string{`"email":"ana@example.org"`, `"organization_name":"Riverside Food Bank"`,
				`"role":"staff"`, `"must_change_password":true`, `"temporary_password":"`},
			ExpectedHeaders: map[string]string{"Location": "/api/v1/users/5"}},
		{Name: "admin adds a person with a password of their own", Method: "POST", URL: "/api/v1/users", Token: "admin",
			Body:           `{"name":"Bo","email":"bo@example.org","role":"steward","password":"bo's own password","must_change_password":false}`,
			ExpectedStatus: 201, Schema: "UserCreated", ExpectedContent: []string{`"must_change_password":false`, `"role":"steward"`},
			NotExpectedContent: []string{"temporary_password", "bo's own password"}},
		{Name: "a password of their own is required", Method: "POST", URL: "/api/v1/users", Token: "admin",
			Body: `{"name":"Bo","email":"bo@example.org","must_change_password":false}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"password"`}},
		{Name: "an email someone has", Method: "POST", URL: "/api/v1/users", Token: "admin",
			Body: `{"name":"Again","email":"Member@example.org"}`, ExpectedStatus: 409,
			ExpectedContent: []string{`"field":"email"`, "already exists"}},
		{Name: "fields named", Method: "POST", URL: "/api/v1/users", Token: "admin",
			Body: `{"name":"","email":"nope","organization_id":"river","organization_role":"boss"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"name"`, `"field":"email"`, `"field":"organization_role"`}},
		{Name: "an organization that is not in the directory", Method: "POST", URL: "/api/v1/users", Token: "admin",
			Body:           `{"name":"Cy","email":"cy@example.org","organization_id":"nowhere","organization_role":"staff"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"organization_id"`}},
		{Name: "a steward may not add people", Method: "POST", URL: "/api/v1/users", Token: "steward",
			Body: `{"name":"Ana","email":"ana@example.org"}`, ExpectedStatus: 403},
		{Name: "nobody signed in may not add people", Method: "POST", URL: "/api/v1/users",
			Body: `{"name":"Ana","email":"ana@example.org"}`, ExpectedStatus: 401},

		{
			Name:            "admin reads a person with no role in an initiative",
			Method:          "GET",
			URL:             "/api/v1/users/admin@example.org",
			Token:           "admin",
			ExpectedStatus:  200,
			Schema:          "UserAccount",
			ExpectedContent: []string{`"initiative_roles":[]`, `"must_change_password":false`},
		},
		{Name: "admin renames the member", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"name":"Mia Member","email":"mia@example.org"}`, ExpectedStatus: 200, Schema: "UserAccount",
			ExpectedContent: []string{`"name":"Mia Member"`, `"email":"mia@example.org"`}},
		{Name: "an email someone else has", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"email":"steward@example.org"}`, ExpectedStatus: 409, ExpectedContent: []string{`"field":"email"`}},
		{Name: "a name left empty", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"name":"  "}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`}},
		{Name: "a steward may not rename", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "steward",
			Body: `{"name":"Mia"}`, ExpectedStatus: 403},

		{
			Name:            "admin sets a temporary password",
			Method:          "POST",
			URL:             "/api/v1/users/member@example.org/temporary-password",
			Token:           "admin",
			Body:            `{"temporary_password":"handed-over-1"}`,
			ExpectedStatus:  200,
			Schema:          "TemporaryPassword",
			ExpectedContent: []string{`"temporary_password":"handed-over-1"`},
		},
		{
			Name:           "admin lets Backbone make one up",
			Method:         "POST",
			URL:            "/api/v1/users/member@example.org/temporary-password",
			Token:          "admin",
			Body:           `{}`,
			ExpectedStatus: 200,
			Schema:         "TemporaryPassword",
		},
		{
			Name:            "a temporary password too short",
			Method:          "POST",
			URL:             "/api/v1/users/member@example.org/temporary-password",
			Token:           "admin",
			Body:            `{"temporary_password":"short"}`,
			ExpectedStatus:  422,
			ExpectedContent: []string{`"field":"password"`},
		},
		{
			Name:           "a temporary password for nobody",
			Method:         "POST",
			URL:            "/api/v1/users/nobody@example.org/temporary-password",
			Token:          "admin",
			Body:           `{}`,
			ExpectedStatus: 404,
		},
		{
			Name:           "a steward may not set passwords",
			Method:         "POST",
			URL:            "/api/v1/users/member@example.org/temporary-password",
			Token:          "steward",
			Body:           `{}`,
			ExpectedStatus: 403,
		},

		{Name: "admin reads the settings", Method: "GET", URL: "/api/v1/settings", Token: "admin", ExpectedStatus: 200,
			Schema:          "Settings",
			ExpectedContent: []string{`{"initiative_starters":"stewards","distance_unit":"auto","geocoder_url":""}`}},
		{
			Name:           "a steward may not read the settings",
			Method:         "GET",
			URL:            "/api/v1/settings",
			Token:          "steward",
			ExpectedStatus: 403,
		},
		{Name: "nobody signed in", Method: "GET", URL: "/api/v1/settings", ExpectedStatus: 401},
		{
			Name:            "admin lets organizations' admins start initiatives",
			Method:          "PUT",
			URL:             "/api/v1/settings",
			Token:           "admin",
			Body:            `{"initiative_starters":"stewards_and_organization_admins"}`,
			ExpectedStatus:  200,
			Schema:          "Settings",
			ExpectedContent: []string{`"initiative_starters":"stewards_and_organization_admins"`},
		},
		{Name: "distances in kilometres", Method: "PUT", URL: "/api/v1/settings", Token: "admin",
			Body:           `{"initiative_starters":"stewards_and_organization_admins","distance_unit":"km"}`,
			ExpectedStatus: 200, Schema: "Settings", ExpectedContent: []string{`"distance_unit":"km"`}},
		{Name: "a unit that is not one", Method: "PUT", URL: "/api/v1/settings", Token: "admin",
			Body:           `{"initiative_starters":"stewards","distance_unit":"leagues"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"distance_unit"`}},
		{Name: "a choice that is not one", Method: "PUT", URL: "/api/v1/settings", Token: "admin",
			Body: `{"initiative_starters":"everyone"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"initiative_starters"`}},
		{Name: "an unknown setting", Method: "PUT", URL: "/api/v1/settings", Token: "admin",
			Body: `{"theme":"dark"}`, ExpectedStatus: 400},
		{Name: "a member may not change the settings", Method: "PUT", URL: "/api/v1/settings", Token: "member",
			Body: `{"initiative_starters":"stewards_and_organization_admins"}`, ExpectedStatus: 403},
	})
}

// TestPersonInitiativeRolesAPI: a person's roles in initiatives, as the
// workspace fixture gives them, read with the person.
func TestPersonInitiativeRolesAPI(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{
			Name:           "admin reads the staff's role",
			Method:         "GET",
			URL:            "/api/v1/users/staff@work.example.org",
			Token:          "admin",
			ExpectedStatus: 200,
			Schema:         "UserAccount",
			ExpectedContent: []string{
				`"initiative_roles":[{"initiative_id":1,"initiative_name":"River Alliance","role":"backbone_staff"}]`,
			},
		},
		{Name: "the list leaves them out", Method: "GET", URL: "/api/v1/users", Token: "admin", ExpectedStatus: 200,
			Schema: "UserAccountList", NotExpectedContent: []string{`"initiative_roles"`}},
	})
}

// TestSettingsLetOrganizationAdminsStart checks that the setting is what
// the rule book reads: the member, admin of river, may start an initiative
// through the API once the admins let organizations' admins, and not
// before.
func TestSettingsLetOrganizationAdminsStart(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		start := `{"name":"Meals Together","status":"active"}`
		if code, _ := call(t, app, "POST", "/api/v1/initiatives", "member", start); code != 403 {
			t.Fatalf("an organization's admin starts an initiative by default: %d", code)
		}
		if code, body := call(t, app, "PUT", "/api/v1/settings", "admin",
			`{"initiative_starters":"stewards_and_organization_admins"}`); code != 200 {
			t.Fatalf("settings: %d %s", code, body)
		}
		code, body := call(t, app, "POST", "/api/v1/initiatives", "member", start)
		if code != 201 {
			t.Fatalf("an organization's admin starts an initiative when allowed: %d %s", code, body)
		}
		var created struct{ ID int64 }
		if err := json.Unmarshal([]byte(body), &created); err != nil {
			t.Fatal(err)
		}
		if code, body := call(t, app, "GET", "/api/v1/users/member@example.org", "admin", ""); code != 200 ||
			!strings.Contains(body, `"initiative_name":"Meals Together","role":"backbone_staff"`) {
			t.Fatalf("the starter runs it: %d %s", code, body)
		}
	})
}
