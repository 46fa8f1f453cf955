package api

import "testing"

// The work queue: in the work fixture the member is the admin of river (the
// backbone of River Alliance), lake is a core partner that gave its vote on
// the food council to river, harbor is invited, and the staff person works
// for no organization. Each sees only what their organization owes.
func TestMyQueueAPI(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "the member votes and signs for river", Method: "GET", URL: "/api/v1/me/queue", Token: "member",
			ExpectedStatus: 200, Schema: "WorkQueue",
			ExpectedContent: []string{`"kind":"vote","title":"Vote on “Adopt the shared intake form”"`,
				`"title":"Vote on “Join the county food council”"`, `"kind":"signature","title":"Sign “Data-sharing agreement”"`,
				`"organization_name":"Riverside Food Bank"`, `"link":"/initiatives/1/decisions/{proposal}"`,
				`"link":"/initiatives/1/agreements/{agreement}"`, `"deadline":"`},
			NotExpectedContent: []string{"Extend pantry hours", "Lakeside Youth Center", "invitation"}},
		{Name: "lake gave its vote away on the food council", Method: "GET", URL: "/api/v1/me/queue", Token: "lake",
			ExpectedStatus: 200, Schema: "WorkQueue",
			ExpectedContent:    []string{"Adopt the shared intake form", "Sign “Data-sharing agreement”", `"organization_id":"lake"`},
			NotExpectedContent: []string{"Join the county food council", "Riverside Food Bank"}},
		{Name: "harbor is invited", Method: "GET", URL: "/api/v1/me/queue", Token: "harbor", ExpectedStatus: 200,
			Schema: "WorkQueue", ExpectedContent: []string{`"kind":"invitation","title":"Join River Alliance as supporting partner"`,
				`"link":"/initiatives/1/members"`, `"action":"Answer the invitation"`},
			NotExpectedContent: []string{"Data-sharing agreement", `"kind":"vote"`}},
		{Name: "the staff person owes nothing", Method: "GET", URL: "/api/v1/me/queue", Token: "staff", ExpectedStatus: 200,
			Schema: "WorkQueue", ExpectedContent: []string{`{"items":[]}`}},
		{Name: "nobody signed in", Method: "GET", URL: "/api/v1/me/queue", ExpectedStatus: 401},
	})
}
