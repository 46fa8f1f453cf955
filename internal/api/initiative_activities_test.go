package api

import (
	"strings"
	"testing"
)

func TestActivityEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "list for a member", Method: "GET", URL: w + "/activities", Token: "member", ExpectedStatus: 200, Schema: "ActivityList",
			ExpectedContent: []string{"Weekend meal packs"}},
		{Name: "list hidden from an outsider", Method: "GET", URL: w + "/activities", Token: "steward", ExpectedStatus: 404},

		{Name: "a member's admin records its activity", Method: "POST", URL: w + "/activities", Token: "member",
			Body:           `{"organization_id":"river","agenda_item_id":{item},"title":"Food pantry deliveries","starts_on":"2025-03-01","ends_on":"2025-06-30"}`,
			ExpectedStatus: 201, Schema: "Activity", ExpectedContent: []string{`"starts_on":"2025-03-01T00:00:00Z"`, `"status":"planned"`}},
		{Name: "staff record a member's activity", Method: "POST", URL: w + "/activities", Token: "staff",
			Body: `{"organization_id":"lake","title":"Homework club"}`, ExpectedStatus: 201, Schema: "Activity"},
		{Name: "a member may not record another's activity", Method: "POST", URL: w + "/activities", Token: "member",
			Body: `{"organization_id":"lake","title":"x"}`, ExpectedStatus: 403},
		{Name: "an outsider may not record an activity", Method: "POST", URL: w + "/activities", Token: "steward",
			Body: `{"organization_id":"river","title":"x"}`, ExpectedStatus: 404},
		{Name: "an activity that ends before it starts", Method: "POST", URL: w + "/activities", Token: "staff",
			Body:           `{"organization_id":"river","title":"x","starts_on":"2025-06-01","ends_on":"2025-05-01"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"ends_on"`}},
		{Name: "a date that is not a date", Method: "POST", URL: w + "/activities", Token: "staff",
			Body: `{"organization_id":"river","title":"x","starts_on":"soon"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"starts_on"`}},
		{Name: "an organization that is not an active member", Method: "POST", URL: w + "/activities", Token: "staff",
			Body: `{"organization_id":"harbor","title":"x"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"organization_id"`}},

		{Name: "one for a member", Method: "GET", URL: w + "/activities/{activity}", Token: "member", ExpectedStatus: 200, Schema: "Activity"},
		{Name: "one hidden from an outsider", Method: "GET", URL: w + "/activities/{activity}", Token: "steward", ExpectedStatus: 404},
		{Name: "one through another initiative", Method: "GET", URL: prefix + "/initiatives/2/activities/{activity}", Token: "admin", ExpectedStatus: 404},

		{Name: "its organization's admin updates it", Method: "PATCH", URL: w + "/activities/{activity}", Token: "member",
			Body: `{"status":"under_way"}`, ExpectedStatus: 200, Schema: "Activity", ExpectedContent: []string{`"status":"under_way"`, "Weekend meal packs"}},
		{Name: "another member may not update it", Method: "PATCH", URL: w + "/activities/{activity}", Token: "lake",
			Body: `{"status":"done"}`, ExpectedStatus: 403},
		{Name: "moving it to an organization one does not speak for", Method: "PATCH", URL: w + "/activities/{activity}", Token: "member",
			Body: `{"organization_id":"lake"}`, ExpectedStatus: 403},
		{Name: "a status that does not exist", Method: "PATCH", URL: w + "/activities/{activity}", Token: "member",
			Body: `{"status":"maybe"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"status"`}},

		{Name: "its organization's admin deletes it", Method: "DELETE", URL: w + "/activities/{activity}", Token: "member", ExpectedStatus: 204},
		{Name: "another member may not delete it", Method: "DELETE", URL: w + "/activities/{activity}", Token: "lake", ExpectedStatus: 403},

		{Name: "staff give a RACI letter", Method: "PUT", URL: w + "/activities/{activity}/raci", Token: "staff",
			Body: `{"organization_id":"river","letter":"a"}`, ExpectedStatus: 200, Schema: "RACIAssignmentList",
			ExpectedContent: []string{`"letter":"A"`, "Riverside Food Bank"}},
		{Name: "staff give a person a letter", Method: "PUT", URL: w + "/activities/{activity}/raci", Token: "staff",
			Body: `{"user_id":{memberuser},"letter":"R"}`, ExpectedStatus: 200, Schema: "RACIAssignmentList", ExpectedContent: []string{`"letter":"R"`}},
		{Name: "a member may not give letters", Method: "PUT", URL: w + "/activities/{activity}/raci", Token: "member",
			Body: `{"organization_id":"river","letter":"A"}`, ExpectedStatus: 403},
		{Name: "a letter that is not RACI", Method: "PUT", URL: w + "/activities/{activity}/raci", Token: "staff",
			Body: `{"organization_id":"river","letter":"Z"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"letter"`}},

		{Name: "the matrix flags nobody accountable", Method: "GET", URL: w + "/raci", Token: "member", ExpectedStatus: 200, Schema: "RACIMatrix",
			ExpectedContent: []string{`"no_accountable":true`, "Weekend meal packs"}},
		{Name: "the matrix hidden from an outsider", Method: "GET", URL: w + "/raci", Token: "steward", ExpectedStatus: 404},
		{Name: "coverage shows the gap", Method: "GET", URL: w + "/coverage", Token: "lake", ExpectedStatus: 200, Schema: "Coverage",
			ExpectedContent: []string{`"title":"Stable housing for all","description":"","position":2}],"overlaps"`, `"gap":true`}},
		{Name: "coverage hidden from an outsider", Method: "GET", URL: w + "/coverage", Token: "steward", ExpectedStatus: 404},
	})
}

// TestCoverageOverlap records two members doing the same thing toward one
// goal and finds the overlap, then flags two accountable organizations.
func TestCoverageOverlap(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		code, body := call(t, app, "POST", w+"/activities", "lake", `{"organization_id":"lake","agenda_item_id":{item},"title":"Weekend meal pack"}`)
		if code != 201 {
			t.Fatalf("add: %d %s", code, body)
		}
		_, body = call(t, app, "GET", w+"/coverage", "member", "")
		if !strings.Contains(body, `"shared_words":["meal","pack","weekend"]`) {
			t.Errorf("no overlap: %s", body)
		}
		checkSchema(t, "Coverage", []byte(body))
		for _, org := range []string{"river", "lake"} {
			if code, body := call(t, app, "PUT", w+"/activities/{activity}/raci", "staff", `{"organization_id":"`+org+`","letter":"A"}`); code != 200 {
				t.Fatalf("raci: %d %s", code, body)
			}
		}
		_, body = call(t, app, "GET", w+"/raci", "member", "")
		if !strings.Contains(body, `"several_accountable":true`) {
			t.Errorf("not flagged: %s", body)
		}
	})
}
