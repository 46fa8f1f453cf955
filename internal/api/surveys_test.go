package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"backbone/internal/network"
)

func TestSurveysAPI(t *testing.T) {
	const surveys = prefix + "/surveys"
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			db := eng.open(t)
			app := newTestApp(t, db)
			story := func(scenarios ...scenario) {
				t.Helper()
				for _, s := range scenarios {
					if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
						t.FailNow()
					}
				}
			}
			story(
				scenario{Name: "nobody signed in", Method: "GET", URL: surveys, ExpectedStatus: 401},
				scenario{Name: "no surveys yet", Method: "GET", URL: surveys, Token: "steward", ExpectedStatus: 200, Schema: "SurveyWaveList",
					ExpectedContent: []string{`"items":[]`}},
				scenario{Name: "a member may not survey any list", Method: "POST", URL: surveys, Token: "member",
					Body: `{"name":"x","organization_ids":["river","harbor"]}`, ExpectedStatus: 403},
				scenario{Name: "invalid", Method: "POST", URL: surveys, Token: "steward",
					Body: `{"name":"","organization_ids":["river"],"closes_at":"yesterday"}`, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"name"`, `"field":"organization_ids"`, `"field":"closes_at"`}},
				scenario{Name: "an archived organization", Method: "POST", URL: surveys, Token: "steward",
					Body: `{"name":"x","organization_ids":["river","mill"]}`, ExpectedStatus: 422, ExpectedContent: []string{"archived"}},
				scenario{Name: "an unknown field", Method: "POST", URL: surveys, Token: "steward",
					Body: `{"name":"x","organizations":["river"]}`, ExpectedStatus: 400},
			)

			// Open a wave and keep the links it gives once.
			req := httptest.NewRequest("POST", surveys, strings.NewReader(`{"name":"Spring 2026","organization_ids":["river","harbor"]}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+app.tokens["steward"])
			rec := httptest.NewRecorder()
			app.handler.ServeHTTP(rec, req)
			if rec.Code != 201 || rec.Header().Get("Location") != surveys+"/1" {
				t.Fatalf("create: %d %s", rec.Code, rec.Body)
			}
			checkSchema(t, "SurveyCreated", rec.Body.Bytes())
			var created struct {
				Links []struct {
					OrganizationID string `json:"organization_id"`
					Token          string `json:"token"`
					Path           string `json:"path"`
				} `json:"links"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || len(created.Links) != 2 || !strings.HasPrefix(created.Links[0].Path, "/survey/") {
				t.Fatalf("links: %v %s", err, rec.Body)
			}
			// River's respondent answers through its link (the web form does the same).
			net := network.NewStore(db)
			four := 4
			for _, l := range created.Links {
				if l.OrganizationID == riverID {
					if err := net.SaveResponse(context.Background(), l.Token, network.Response{Ratings: []network.Rating{
						{RatedID: harborID, Level: "collaboration", TrustReliable: &four, ValueResources: &four, Resources: "beds"}}}); err != nil {
						t.Fatal(err)
					}
				}
			}
			story(
				scenario{Name: "the list", Method: "GET", URL: surveys, Token: "steward", ExpectedStatus: 200, Schema: "SurveyWaveList",
					ExpectedContent: []string{`"name":"Spring 2026"`, `"participants":2`, `"responded":1`}},
				scenario{Name: "a member sees none", Method: "GET", URL: surveys, Token: "member", ExpectedStatus: 200,
					ExpectedContent: []string{`"items":[]`}},
				scenario{Name: "progress and results", Method: "GET", URL: surveys + "/1", Token: "steward", ExpectedStatus: 200, Schema: "SurveyReport",
					ExpectedContent:    []string{`"responded_at":null`, `"answered":1`, `"trust_received":4`, `"resources":"beds"`, `"level":"collaboration"`},
					NotExpectedContent: []string{`"token"`}},
				scenario{Name: "a member may not see it", Method: "GET", URL: surveys + "/1", Token: "member", ExpectedStatus: 403},
				scenario{Name: "a missing survey", Method: "GET", URL: surveys + "/9", Token: "steward", ExpectedStatus: 404},
				scenario{Name: "not a number", Method: "GET", URL: surveys + "/x", Token: "steward", ExpectedStatus: 404},
				scenario{Name: "a member may not remind", Method: "POST", URL: surveys + "/1/remind", Token: "member", ExpectedStatus: 403},
				scenario{Name: "remind an organization not asked", Method: "POST", URL: surveys + "/1/remind", Token: "steward",
					Body: `{"organization_ids":["mill"]}`, ExpectedStatus: 422},
				scenario{Name: "remind those who have not answered", Method: "POST", URL: surveys + "/1/remind", Token: "steward",
					ExpectedStatus: 200, Schema: "SurveyReminded", ExpectedContent: []string{`"organization_id":"harbor"`, `"path":"/survey/`},
					NotExpectedContent: []string{`"organization_id":"river"`}},
				scenario{Name: "the reminder is recorded", Method: "GET", URL: surveys + "/1", Token: "steward", ExpectedStatus: 200,
					NotExpectedContent: []string{`"reminded_at":null,"answered":0`}},
				scenario{Name: "a member may not close it", Method: "POST", URL: surveys + "/1/close", Token: "member", ExpectedStatus: 403},
				scenario{Name: "nothing to review while open", Method: "GET", URL: surveys + "/1/changes", Token: "steward", ExpectedStatus: 200,
					Schema: "SurveyChangeList", ExpectedContent: []string{`"items":[]`}},
				scenario{Name: "no decision while open", Method: "POST", URL: surveys + "/1/changes", Token: "steward",
					Body: `{"a_organization_id":"river","b_organization_id":"harbor","decision":"keep"}`, ExpectedStatus: 409},
				scenario{Name: "close", Method: "POST", URL: surveys + "/1/close", Token: "steward", ExpectedStatus: 200, Schema: "SurveyClosed",
					ExpectedContent: []string{`"suggested_changes":1`}},
				scenario{Name: "close twice", Method: "POST", URL: surveys + "/1/close", Token: "steward", ExpectedStatus: 409},
				scenario{Name: "closing leaves the map as it was", Method: "GET", URL: prefix + "/ties?organization=river", Token: "steward",
					ExpectedStatus: 200, ExpectedContent: []string{`"level":"cooperation"`, `"version":1`}},
				scenario{Name: "the change, beside the record", Method: "GET", URL: surveys + "/1/changes", Token: "steward", ExpectedStatus: 200,
					Schema: "SurveyChangeList", ExpectedContent: []string{`"suggested_level":"collaboration"`, `"suggested_status":"active"`,
						`"recorded":[{`, `recorded: cooperation, active, since 2022-05-01`, `"decision":""`}},
				scenario{Name: "a member may not see the changes", Method: "GET", URL: surveys + "/1/changes", Token: "member", ExpectedStatus: 403},
				scenario{Name: "a member may not decide", Method: "POST", URL: surveys + "/1/changes", Token: "member",
					Body: `{"a_organization_id":"river","b_organization_id":"harbor","decision":"update"}`, ExpectedStatus: 403},
				scenario{Name: "a bad decision", Method: "POST", URL: surveys + "/1/changes", Token: "steward",
					Body: `{"a_organization_id":"river","b_organization_id":"harbor","decision":"later","status":"great"}`, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"decision"`, `"field":"status"`}},
				scenario{Name: "update", Method: "POST", URL: surveys + "/1/changes", Token: "steward",
					Body:           `{"a_organization_id":"harbor","b_organization_id":"river","decision":"update","note":"confirmed"}`,
					ExpectedStatus: 200, Schema: "SurveyChange", ExpectedContent: []string{`"decision":"update"`, `"level":"collaboration"`, `"version":2`}},
				scenario{Name: "decided once", Method: "POST", URL: surveys + "/1/changes", Token: "steward",
					Body: `{"a_organization_id":"river","b_organization_id":"harbor","decision":"keep"}`, ExpectedStatus: 409},
				scenario{Name: "the accepted change is on the map", Method: "GET", URL: prefix + "/ties?organization=river", Token: "steward",
					ExpectedStatus: 200, ExpectedContent: []string{`"level":"collaboration"`, `"status":"active"`, `"version":2`}},
				scenario{Name: "a second wave", Method: "POST", URL: surveys, Token: "admin",
					Body: `{"name":"Autumn 2026","organization_ids":["river","harbor"]}`, ExpectedStatus: 201, Schema: "SurveyCreated"},
				scenario{Name: "compare", Method: "GET", URL: surveys + "/compare?a=1&b=2", Token: "steward", ExpectedStatus: 200, Schema: "SurveyComparison",
					ExpectedContent: []string{`"lost_ties":[{`, `"level_before":"collaboration"`, `"new_ties":[]`}},
				scenario{Name: "compare needs both", Method: "GET", URL: surveys + "/compare?a=1", Token: "steward", ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"b"`}},
				scenario{Name: "compare a bad number", Method: "GET", URL: surveys + "/compare?a=1&b=two", Token: "steward", ExpectedStatus: 400},
				scenario{Name: "compare with itself", Method: "GET", URL: surveys + "/compare?a=1&b=1", Token: "steward", ExpectedStatus: 422},
				scenario{Name: "compare with a missing one", Method: "GET", URL: surveys + "/compare?a=1&b=9", Token: "steward", ExpectedStatus: 404},
				scenario{Name: "a member may not compare", Method: "GET", URL: surveys + "/compare?a=1&b=2", Token: "member", ExpectedStatus: 403},
			)
		})
	}
}
