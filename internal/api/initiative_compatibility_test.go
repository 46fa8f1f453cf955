package api

import "testing"

func TestCompatibilityEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "staff list the checks", Method: "GET", URL: w + "/assessments", Token: "staff", ExpectedStatus: 200, Schema: "AssessmentList",
			ExpectedContent: []string{`"organization_id":"harbor"`}},
		{Name: "a member lists only the checks it may read", Method: "GET", URL: w + "/assessments", Token: "member", ExpectedStatus: 200,
			Schema: "AssessmentList", ExpectedContent: []string{`{"items":[]}`}},
		{Name: "another member lists none of them", Method: "GET", URL: w + "/assessments", Token: "lake", ExpectedStatus: 200,
			Schema: "AssessmentList", NotExpectedContent: []string{`"organization_id":"harbor"`}},
		{Name: "an outsider may not list them", Method: "GET", URL: w + "/assessments", Token: "steward", ExpectedStatus: 404},

		{Name: "staff start a check", Method: "POST", URL: w + "/assessments", Token: "staff", Body: `{"organization_id":"grove"}`,
			ExpectedStatus: 201, Schema: "Assessment", ExpectedContent: []string{`"organization_name":"Grove Family Clinic"`, `"complete":false`}},
		{Name: "not with the backbone itself", Method: "POST", URL: w + "/assessments", Token: "staff", Body: `{"organization_id":"river"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"organization_id"`}},
		{Name: "a member may not start one", Method: "POST", URL: w + "/assessments", Token: "member", Body: `{"organization_id":"grove"}`, ExpectedStatus: 403},

		{Name: "staff read a check", Method: "GET", URL: w + "/assessments/{assessment}", Token: "staff", ExpectedStatus: 200, Schema: "Assessment",
			ExpectedContent: []string{`"summary":{"areas":[`}},
		{Name: "the partner reads it before joining", Method: "GET", URL: w + "/assessments/{assessment}", Token: "harbor", ExpectedStatus: 200, Schema: "Assessment"},
		{Name: "another member may not read it", Method: "GET", URL: w + "/assessments/{assessment}", Token: "lake", ExpectedStatus: 403},
		{Name: "an outsider may not read it", Method: "GET", URL: w + "/assessments/{assessment}", Token: "steward", ExpectedStatus: 404},
		{Name: "a check through another initiative", Method: "GET", URL: prefix + "/initiatives/2/assessments/{assessment}", Token: "admin", ExpectedStatus: 404},

		{Name: "the partner answers", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "harbor",
			Body:           `{"side":"partner","answers":[{"question_id":"conflicts.funding","score":1,"note":"Same county grant"}]}`,
			ExpectedStatus: 200, Schema: "Assessment", ExpectedContent: []string{"Conflict of interest flagged", "Same county grant"}},
		{Name: "staff answer for the initiative", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "staff",
			Body: `{"side":"initiative","answers":[{"question_id":"vision.problem","score":4}]}`, ExpectedStatus: 200, Schema: "Assessment"},
		{Name: "the partner may not answer for the initiative", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "harbor",
			Body: `{"side":"initiative","answers":[{"question_id":"vision.problem","score":4}]}`, ExpectedStatus: 403},
		{Name: "staff may not answer for the partner", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "staff",
			Body: `{"side":"partner","answers":[{"question_id":"vision.problem","score":4}]}`, ExpectedStatus: 403},
		{Name: "a score off the scale", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "staff",
			Body: `{"side":"initiative","answers":[{"question_id":"vision.problem","score":9}]}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"vision.problem"`}},
		{Name: "an outsider may not answer", Method: "PUT", URL: w + "/assessments/{assessment}/answers", Token: "steward",
			Body: `{"side":"partner","answers":[{"question_id":"vision.problem","score":4}]}`, ExpectedStatus: 404},
	})
}

func TestUpdatesEndpoint(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "the feed for a member", Method: "GET", URL: w + "/updates", Token: "lake", ExpectedStatus: 200, Schema: "UpdateList",
			ExpectedContent: []string{`"kind":"activity"`, "Weekend meal packs", `"kind":"governance"`}},
		{Name: "one entry", Method: "GET", URL: w + "/updates?limit=1", Token: "lake", ExpectedStatus: 200, Schema: "UpdateList"},
		{Name: "entries before one", Method: "GET", URL: w + "/updates?before=3", Token: "lake", ExpectedStatus: 200, Schema: "UpdateList"},
		{Name: "a limit that is not a number", Method: "GET", URL: w + "/updates?limit=many", Token: "lake", ExpectedStatus: 400},
		{Name: "a limit too large", Method: "GET", URL: w + "/updates?limit=500", Token: "lake", ExpectedStatus: 422, ExpectedContent: []string{`"field":"limit"`}},
		{Name: "hidden from an outsider", Method: "GET", URL: w + "/updates", Token: "steward", ExpectedStatus: 404},
	})
}
