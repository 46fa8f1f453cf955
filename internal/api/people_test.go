package api

import (
	"net/http"
	"strings"
	"testing"
)

// People and platform roles: platform admins only. In the fixture the
// member is the admin of river; admin@example.org is the only platform
// admin.
func TestUsersAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "admin lists everyone", Method: "GET", URL: "/api/v1/users", Token: "admin", ExpectedStatus: 200,
			ExpectedContent: []string{`"email":"member@example.org"`, `"organization_name":"Riverside Food Bank"`, `"disabled":true`},
			Schema:          "UserAccountList"},
		{Name: "a steward may not list", Method: "GET", URL: "/api/v1/users", Token: "steward", ExpectedStatus: 403},
		{Name: "a member may not list", Method: "GET", URL: "/api/v1/users", Token: "member", ExpectedStatus: 403},
		{Name: "nobody signed in", Method: "GET", URL: "/api/v1/users", ExpectedStatus: 401},
		{Name: "admin reads one by email", Method: "GET", URL: "/api/v1/users/member@example.org", Token: "admin", ExpectedStatus: 200,
			ExpectedContent: []string{`"role":"member"`, `"role":"admin"`}, Schema: "UserAccount"},
		{Name: "a steward may not ask whether an email has an account", Method: "GET", URL: "/api/v1/users/nobody@example.org",
			Token: "steward", ExpectedStatus: 403},
		{Name: "admin reads nobody", Method: "GET", URL: "/api/v1/users/nobody@example.org", Token: "admin", ExpectedStatus: 404},
		{Name: "admin reads a number that is nobody's", Method: "GET", URL: "/api/v1/users/9999", Token: "admin", ExpectedStatus: 404},

		{Name: "admin makes the member a steward", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"role":"steward"}`, ExpectedStatus: 200, ExpectedContent: []string{`"role":"steward"`}, Schema: "UserAccount"},
		{Name: "admin disables the member", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"disabled":true}`, ExpectedStatus: 200, ExpectedContent: []string{`"disabled":true`}, Schema: "UserAccount"},
		{Name: "admin enables the disabled steward", Method: "PATCH", URL: "/api/v1/users/disabled@example.org", Token: "admin",
			Body: `{"disabled":false}`, ExpectedStatus: 200, ExpectedContent: []string{`"disabled":false`, `"disabled_at":null`}},
		{Name: "a role that does not exist", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"role":"king"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"role"`, "must be one of member, steward, admin"}},
		{Name: "the last admin may not step down", Method: "PATCH", URL: "/api/v1/users/admin@example.org", Token: "admin",
			Body: `{"role":"member"}`, ExpectedStatus: 409, ExpectedContent: []string{"last platform admin", `"field":"role"`}},
		{Name: "the last admin may not be disabled", Method: "PATCH", URL: "/api/v1/users/admin@example.org", Token: "admin",
			Body: `{"disabled":true}`, ExpectedStatus: 409, ExpectedContent: []string{"last platform admin", `"field":"disabled"`}},
		{Name: "a steward may not change roles", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "steward",
			Body: `{"role":"admin"}`, ExpectedStatus: 403},
		{Name: "a steward may not disable", Method: "PATCH", URL: "/api/v1/users/nobody@example.org", Token: "steward",
			Body: `{"disabled":true}`, ExpectedStatus: 403},
		{Name: "admin changes nobody", Method: "PATCH", URL: "/api/v1/users/nobody@example.org", Token: "admin",
			Body: `{"role":"member"}`, ExpectedStatus: 404},
		{Name: "an unknown field", Method: "PATCH", URL: "/api/v1/users/member@example.org", Token: "admin",
			Body: `{"rank":"steward"}`, ExpectedStatus: 400},
	})
}

// TestUsersAPIChangesTakeEffect checks that a role change counts at the
// person's next request, and that a disabled person's token stops working.
func TestUsersAPIChangesTakeEffect(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		if code, _ := call(t, app, "POST", "/api/v1/organizations", "member", `{"name":"New Pantry","description":"Food"}`); code != 403 {
			t.Fatalf("a member adds an organization: %d", code)
		}
		if code, body := call(t, app, "PATCH", "/api/v1/users/member@example.org", "admin", `{"role":"steward"}`); code != 200 {
			t.Fatalf("make a steward: %d %s", code, body)
		}
		if code, body := call(t, app, "POST", "/api/v1/organizations", "member", `{"name":"New Pantry","description":"Food"}`); code != 201 {
			t.Fatalf("the new steward adds an organization: %d %s", code, body)
		}
		if code, body := call(t, app, "PATCH", "/api/v1/users/member@example.org", "admin", `{"disabled":true}`); code != 200 {
			t.Fatalf("disable: %d %s", code, body)
		}
		if code, _ := call(t, app, "GET", "/api/v1/me", "member", ""); code != 401 {
			t.Fatalf("a disabled person's token: %d", code)
		}
	})
}

// An organization's people: its admins and the stewards change them;
// anyone signed in reads who works there, emails only for those who may
// change the list. In the work fixture harbor@work.example.org is the
// admin of harbor, not of river.
func TestOrganizationPeopleAPI(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "its admin reads its people", Method: "GET", URL: "/api/v1/organizations/river/people", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"email":"member@example.org"`, `"role":"admin"`}, Schema: "OrganizationPersonList"},
		{Name: "another organization's admin reads names only", Method: "GET", URL: "/api/v1/organizations/river/people", Token: "harbor",
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"The member"`}, NotExpectedContent: []string{"member@example.org"}},
		{Name: "the people of no organization", Method: "GET", URL: "/api/v1/organizations/nowhere/people", Token: "steward", ExpectedStatus: 404},
		{Name: "nobody signed in", Method: "GET", URL: "/api/v1/organizations/river/people", ExpectedStatus: 401},

		{Name: "its admin adds someone as staff", Method: "PUT", URL: "/api/v1/organizations/river/people/lake@work.example.org",
			Token: "member", Body: `{"role":"staff"}`, ExpectedStatus: 200,
			ExpectedContent: []string{`"role":"staff"`, `"name":"The lake person"`}, Schema: "OrganizationPerson"},
		{Name: "a steward adds someone by number", Method: "PUT", URL: "/api/v1/organizations/river/people/{staffuser}",
			Token: "steward", Body: `{"role":"admin"}`, ExpectedStatus: 200, ExpectedContent: []string{`"role":"admin"`}},
		{Name: "a steward takes away its last admin", Method: "DELETE", URL: "/api/v1/organizations/river/people/member@example.org",
			Token: "steward", ExpectedStatus: 204},
		{Name: "its last admin may not step down", Method: "PUT", URL: "/api/v1/organizations/river/people/member@example.org",
			Token: "member", Body: `{"role":"staff"}`, ExpectedStatus: 409, ExpectedContent: []string{"last admin of Riverside Food Bank"}},
		{Name: "its last admin may not leave", Method: "DELETE", URL: "/api/v1/organizations/river/people/member@example.org",
			Token: "member", ExpectedStatus: 409},
		{Name: "another organization's admin may not add", Method: "PUT", URL: "/api/v1/organizations/river/people/lake@work.example.org",
			Token: "harbor", Body: `{"role":"staff"}`, ExpectedStatus: 403},
		{Name: "another organization's admin may not remove", Method: "DELETE", URL: "/api/v1/organizations/river/people/member@example.org",
			Token: "harbor", ExpectedStatus: 403},
		{Name: "someone without an account", Method: "PUT", URL: "/api/v1/organizations/river/people/stranger@example.org",
			Token: "member", Body: `{"role":"staff"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"email"`}},
		{Name: "a role that does not exist", Method: "PUT", URL: "/api/v1/organizations/river/people/lake@work.example.org",
			Token: "member", Body: `{"role":"owner"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"role"`}},
		{Name: "someone who does not work there", Method: "DELETE", URL: "/api/v1/organizations/river/people/lake@work.example.org",
			Token: "member", ExpectedStatus: 404},
		{Name: "a number that is nobody's", Method: "DELETE", URL: "/api/v1/organizations/river/people/9999",
			Token: "member", ExpectedStatus: 404},
	})
}

// Roles in an initiative: its backbone staff give and take them away. In
// the work fixture staff@work.example.org runs River Alliance (1, private),
// whose active members include lake; the steward has no part in it.
func TestInitiativeRolesAPI(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "backbone staff read the roles", Method: "GET", URL: "/api/v1/initiatives/1/roles", Token: "staff", ExpectedStatus: 200,
			ExpectedContent: []string{`"email":"staff@work.example.org"`, `"role":"backbone_staff"`}, Schema: "InitiativeRoleList"},
		{Name: "a member's people read names only", Method: "GET", URL: "/api/v1/initiatives/1/roles", Token: "lake", ExpectedStatus: 200,
			ExpectedContent: []string{`"name":"The staff person"`}, NotExpectedContent: []string{"staff@work.example.org"}},
		{Name: "a private initiative does not exist for an outsider", Method: "GET", URL: "/api/v1/initiatives/1/roles",
			Token: "steward", ExpectedStatus: 404},
		{Name: "a public initiative's roles", Method: "GET", URL: "/api/v1/initiatives/2/roles", Token: "steward", ExpectedStatus: 200,
			ExpectedContent: []string{`{"items":[]}`}},

		{Name: "backbone staff make someone a viewer", Method: "PUT", URL: "/api/v1/initiatives/1/roles/steward@example.org",
			Token: "staff", Body: `{"role":"viewer"}`, ExpectedStatus: 200,
			ExpectedContent: []string{`"role":"viewer"`, `"works_for_member":false`}, Schema: "InitiativeRole"},
		{Name: "a partner lead of a member", Method: "PUT", URL: "/api/v1/initiatives/1/roles/lake@work.example.org",
			Token: "staff", Body: `{"role":"partner_lead"}`, ExpectedStatus: 200,
			ExpectedContent: []string{`"works_for_member":true`, `"organizations":["Lakeside Youth Center"]`}},
		{Name: "a platform admin gives a second backbone staff", Method: "PUT", URL: "/api/v1/initiatives/1/roles/{memberuser}",
			Token: "admin", Body: `{"role":"backbone_staff"}`, ExpectedStatus: 200},
		{Name: "a member's admin may not give roles", Method: "PUT", URL: "/api/v1/initiatives/1/roles/steward@example.org",
			Token: "lake", Body: `{"role":"viewer"}`, ExpectedStatus: 403},
		{Name: "an outsider may not give roles", Method: "PUT", URL: "/api/v1/initiatives/1/roles/steward@example.org",
			Token: "steward", Body: `{"role":"backbone_staff"}`, ExpectedStatus: 404},
		{Name: "a role that does not exist", Method: "PUT", URL: "/api/v1/initiatives/1/roles/steward@example.org",
			Token: "staff", Body: `{"role":"owner"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"role"`, "backbone_staff, partner_lead, member, viewer"}},
		{Name: "someone without an account", Method: "PUT", URL: "/api/v1/initiatives/1/roles/stranger@example.org",
			Token: "staff", Body: `{"role":"viewer"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"email"`}},
		{Name: "the last backbone staff may not become a viewer", Method: "PUT", URL: "/api/v1/initiatives/1/roles/staff@work.example.org",
			Token: "staff", Body: `{"role":"viewer"}`, ExpectedStatus: 409,
			ExpectedContent: []string{"last backbone staff of River Alliance", "nobody could run the initiative"}},
		{Name: "the last backbone staff may not go", Method: "DELETE", URL: "/api/v1/initiatives/1/roles/staff@work.example.org",
			Token: "staff", ExpectedStatus: 409},
		{Name: "take away a role nobody gave", Method: "DELETE", URL: "/api/v1/initiatives/1/roles/lake@work.example.org",
			Token: "staff", ExpectedStatus: 404},
		{Name: "a member's admin may not take roles away", Method: "DELETE", URL: "/api/v1/initiatives/1/roles/staff@work.example.org",
			Token: "lake", ExpectedStatus: 403},
	})
}

// TestInitiativeRoleTakesEffect checks that a viewer sees the private
// initiative at their next request, and no longer once the role is gone;
// both changes are in the initiative's updates.
func TestInitiativeRoleTakesEffect(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		step := func(method, url, token, body string, want int) string {
			t.Helper()
			code, got := call(t, app, method, url, token, body)
			if code != want {
				t.Fatalf("%s %s as %s: %d, want %d: %s", method, url, token, code, want, got)
			}
			return got
		}
		step("GET", "/api/v1/initiatives/1", "steward", "", http.StatusNotFound)
		step("PUT", "/api/v1/initiatives/1/roles/steward@example.org", "staff", `{"role":"viewer"}`, http.StatusOK)
		step("GET", "/api/v1/initiatives/1", "steward", "", http.StatusOK)
		step("DELETE", "/api/v1/initiatives/1/roles/steward@example.org", "staff", "", http.StatusNoContent)
		step("GET", "/api/v1/initiatives/1", "steward", "", http.StatusNotFound)
		feed := step("GET", "/api/v1/initiatives/1/updates", "staff", "", http.StatusOK)
		for _, want := range []string{"gave The steward the viewer role", "took the viewer role from The steward"} {
			if !strings.Contains(feed, want) {
				t.Errorf("the updates lack %q: %s", want, feed)
			}
		}
	})
}
