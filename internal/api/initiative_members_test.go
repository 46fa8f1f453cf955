package api

import (
	"strings"
	"testing"
)

// w is the workspace of River Alliance, the fixture's private initiative.
const w = prefix + "/initiatives/1"

func TestMemberEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "history for a member", Method: "GET", URL: w + "/members/history", Token: "member",
			ExpectedStatus: 200, Schema: "MemberHistory", ExpectedContent: []string{`"to_status":"invited"`, "Harbor Housing Alliance"}},
		{Name: "history of a private initiative hidden from an outsider", Method: "GET", URL: w + "/members/history", Token: "steward", ExpectedStatus: 404},
		{Name: "history needs a token", Method: "GET", URL: w + "/members/history", ExpectedStatus: 401},

		{Name: "staff invite", Method: "POST", URL: w + "/members", Token: "staff", Body: `{"organization_id":"grove","role":"funder"}`,
			ExpectedStatus: 201, Schema: "Member", ExpectedContent: []string{`"status":"invited"`, `"role":"funder"`}},
		{Name: "a member who is not staff may not invite", Method: "POST", URL: w + "/members", Token: "member",
			Body: `{"organization_id":"grove","role":"funder"}`, ExpectedStatus: 403},
		{Name: "an outsider may not invite", Method: "POST", URL: w + "/members", Token: "steward",
			Body: `{"organization_id":"grove","role":"funder"}`, ExpectedStatus: 404},
		{Name: "invite with an unknown role", Method: "POST", URL: w + "/members", Token: "staff",
			Body: `{"organization_id":"grove","role":"boss"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"role"`}},
		{Name: "invite an unknown organization", Method: "POST", URL: w + "/members", Token: "staff",
			Body: `{"organization_id":"nowhere","role":"funder"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"organization_id"`}},
		{Name: "invite an active member again", Method: "POST", URL: w + "/members", Token: "staff",
			Body: `{"organization_id":"lake","role":"funder"}`, ExpectedStatus: 409},
		{Name: "invite with an unknown field", Method: "POST", URL: w + "/members", Token: "staff",
			Body: `{"organization_id":"grove","role":"funder","x":1}`, ExpectedStatus: 400},

		{Name: "the invited organization's admin accepts", Method: "POST", URL: w + "/members/harbor/respond", Token: "harbor",
			Body: `{"accept":true}`, ExpectedStatus: 200, Schema: "Member", ExpectedContent: []string{`"status":"active"`}},
		{Name: "the invited organization's admin declines", Method: "POST", URL: w + "/members/harbor/respond", Token: "harbor",
			Body: `{"accept":false}`, ExpectedStatus: 200, Schema: "Member", ExpectedContent: []string{`"status":"declined"`}},
		{Name: "another member may not answer for the invited organization", Method: "POST", URL: w + "/members/harbor/respond", Token: "lake",
			Body: `{"accept":true}`, ExpectedStatus: 403},
		// Rule 3: an organization joins by its own decision (the API let
		// backbone staff accept for it).
		{Name: "backbone staff may not answer for the invited organization", Method: "POST", URL: w + "/members/harbor/respond", Token: "staff",
			Body: `{"accept":true}`, ExpectedStatus: 403},
		{Name: "an outsider does not learn of the invitation", Method: "POST", URL: w + "/members/harbor/respond", Token: "steward",
			Body: `{"accept":true}`, ExpectedStatus: 404},
		{Name: "an admin of an organization never invited does not learn of the initiative", Method: "POST", URL: prefix + "/initiatives/3/members/lake/respond",
			Token: "lake", Body: `{"accept":true}`, ExpectedStatus: 404},
		{Name: "answering without an answer", Method: "POST", URL: w + "/members/harbor/respond", Token: "harbor",
			Body: `{}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"accept"`}},
		{Name: "an active member has no invitation to answer", Method: "POST", URL: w + "/members/river/respond", Token: "member",
			Body: `{"accept":true}`, ExpectedStatus: 409},

		{Name: "a member's admin leaves", Method: "POST", URL: w + "/members/lake/leave", Token: "lake", Body: `{"reason":"Funding ended"}`,
			ExpectedStatus: 200, Schema: "Member", ExpectedContent: []string{`"status":"left"`}},
		{Name: "another member may not make it leave", Method: "POST", URL: w + "/members/lake/leave", Token: "member",
			Body: `{"reason":"x"}`, ExpectedStatus: 403},
		{Name: "an outsider may not make it leave", Method: "POST", URL: w + "/members/lake/leave", Token: "steward",
			Body: `{"reason":"x"}`, ExpectedStatus: 404},
		// Rule 2: leaving is the organization's own decision; backbone staff
		// remove a member instead (it was a 409 here: staff could make an
		// organization leave).
		{Name: "backbone staff may not make an organization leave", Method: "POST", URL: w + "/members/harbor/leave", Token: "staff",
			Body: `{"reason":"x"}`, ExpectedStatus: 403},
		{Name: "a reason too long", Method: "POST", URL: w + "/members/lake/leave", Token: "lake",
			Body: `{"reason":"` + strings.Repeat("x", 2001) + `"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"reason"`}},

		{Name: "staff change a role", Method: "PATCH", URL: w + "/members/lake", Token: "staff", Body: `{"role":"supporting_partner","reason":"Less time"}`,
			ExpectedStatus: 200, Schema: "Member", ExpectedContent: []string{`"role":"supporting_partner"`}},
		{Name: "a member may not change a role", Method: "PATCH", URL: w + "/members/lake", Token: "lake",
			Body: `{"role":"backbone"}`, ExpectedStatus: 403},
		{Name: "a role that does not exist", Method: "PATCH", URL: w + "/members/lake", Token: "staff",
			Body: `{"role":"king"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"role"`}},
		{Name: "the role of an organization that is not a member", Method: "PATCH", URL: w + "/members/grove", Token: "staff",
			Body: `{"role":"funder"}`, ExpectedStatus: 409},
	})
}

// TestInvitationAcceptedByInvitedAdmin follows an invitation: staff invite,
// the invited organization's admin (who cannot see the private initiative
// yet) accepts, and then sees it.
func TestInvitationAcceptedByInvitedAdmin(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		if code, body := call(t, app, "GET", w, "harbor", ""); code != 404 {
			t.Fatalf("before joining: %d %s", code, body)
		}
		if code, body := call(t, app, "POST", w+"/members/harbor/respond", "harbor", `{"accept":true}`); code != 200 {
			t.Fatalf("accept: %d %s", code, body)
		}
		code, body := call(t, app, "GET", w+"/members", "harbor", "")
		if code != 200 || !strings.Contains(body, `"organization_id":"harbor","organization_name":"Harbor Housing Alliance","role":"supporting_partner","status":"active"`) {
			t.Fatalf("after joining: %d %s", code, body)
		}
		if code, body := call(t, app, "POST", w+"/members/harbor/respond", "harbor", `{"accept":true}`); code != 409 {
			t.Fatalf("accepting twice: %d %s", code, body)
		}
		_, body = call(t, app, "GET", w+"/members/history", "harbor", "")
		if !strings.Contains(body, `"from_status":"invited","to_status":"active"`) {
			t.Errorf("history lacks the acceptance: %s", body)
		}
	})
}

func TestAgendaEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "list for a member", Method: "GET", URL: w + "/agenda", Token: "member", ExpectedStatus: 200, Schema: "AgendaList",
			ExpectedContent: []string{"Every family has enough food", "Stable housing for all"}},
		{Name: "list hidden from an outsider", Method: "GET", URL: w + "/agenda", Token: "steward", ExpectedStatus: 404},
		{Name: "list of a public initiative for anyone", Method: "GET", URL: prefix + "/initiatives/2/agenda", Token: "steward",
			ExpectedStatus: 200, Schema: "AgendaList", ExpectedContent: []string{`{"items":[]}`}},
		{Name: "list of an initiative that does not exist", Method: "GET", URL: prefix + "/initiatives/99/agenda", Token: "admin", ExpectedStatus: 404},

		{Name: "staff add an item", Method: "POST", URL: w + "/agenda", Token: "staff", Body: `{"title":"Safe routes to school"}`,
			ExpectedStatus: 201, Schema: "AgendaItem", ExpectedContent: []string{`"position":3`}},
		{Name: "a member may not add an item", Method: "POST", URL: w + "/agenda", Token: "member", Body: `{"title":"x"}`, ExpectedStatus: 403},
		{Name: "an item needs a title", Method: "POST", URL: w + "/agenda", Token: "staff", Body: `{"title":"  "}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"title"`}},
		{Name: "an item must be JSON", Method: "POST", URL: w + "/agenda", Token: "staff", Body: `title=x`,
			Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, ExpectedStatus: 415},

		{Name: "staff edit an item", Method: "PATCH", URL: w + "/agenda/{item}", Token: "staff", Body: `{"description":"No one goes hungry"}`,
			ExpectedStatus: 200, Schema: "AgendaItem", ExpectedContent: []string{"Every family has enough food", "No one goes hungry"}},
		{Name: "a member may not edit an item", Method: "PATCH", URL: w + "/agenda/{item}", Token: "member", Body: `{"title":"x"}`, ExpectedStatus: 403},
		{Name: "an item of another initiative is not found", Method: "PATCH", URL: prefix + "/initiatives/2/agenda/{item}", Token: "admin",
			Body: `{"title":"x"}`, ExpectedStatus: 404},
		{Name: "an item id that is not a number", Method: "PATCH", URL: w + "/agenda/abc", Token: "staff", Body: `{"title":"x"}`, ExpectedStatus: 404},

		{Name: "staff archive an item", Method: "POST", URL: w + "/agenda/{item}/archive", Token: "staff",
			ExpectedStatus: 200, Schema: "AgendaItem", ExpectedContent: []string{`"archived_at":"`}},
		{Name: "a member may not archive an item", Method: "POST", URL: w + "/agenda/{item}/archive", Token: "member", ExpectedStatus: 403},

		{Name: "staff reorder", Method: "PUT", URL: w + "/agenda/order", Token: "staff", Body: `{"ids":[{item2},{item}]}`,
			ExpectedStatus: 200, Schema: "AgendaList", ExpectedContent: []string{`"title":"Stable housing for all","description":"","position":1`}},
		{Name: "a reorder must name every item", Method: "PUT", URL: w + "/agenda/order", Token: "staff", Body: `{"ids":[{item}]}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"ids"`}},
		{Name: "a member may not reorder", Method: "PUT", URL: w + "/agenda/order", Token: "member", Body: `{"ids":[{item2},{item}]}`, ExpectedStatus: 403},
	})
}

func TestResponsibilityEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "list for a member", Method: "GET", URL: w + "/responsibilities", Token: "member", ExpectedStatus: 200, Schema: "Responsibilities",
			ExpectedContent: []string{"Keep the pantry schedule", `"organization_id":"lake"`}},
		{Name: "list hidden from an outsider", Method: "GET", URL: w + "/responsibilities", Token: "steward", ExpectedStatus: 404},

		{Name: "staff set an organization's responsibilities", Method: "PUT", URL: w + "/responsibilities/lake", Token: "staff",
			Body: `{"responsibilities":["Run the youth survey"," "]}`, ExpectedStatus: 200, Schema: "OrganizationResponsibilities",
			ExpectedContent: []string{`"responsibilities":["Run the youth survey"]`}},
		// What an organization takes on is its own list, in its own words:
		// its admins write it, as the web page let them (the API let only
		// backbone staff).
		{Name: "a member's admin sets its own", Method: "PUT", URL: w + "/responsibilities/lake", Token: "lake",
			Body: `{"responsibilities":["Run the youth survey"]}`, ExpectedStatus: 200, Schema: "OrganizationResponsibilities",
			ExpectedContent: []string{`"responsibilities":["Run the youth survey"]`}},
		{Name: "a member may not set another's", Method: "PUT", URL: w + "/responsibilities/river", Token: "lake",
			Body: `{"responsibilities":["x"]}`, ExpectedStatus: 403},
		{Name: "an organization that is not a member", Method: "PUT", URL: w + "/responsibilities/grove", Token: "staff",
			Body: `{"responsibilities":["x"]}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"organization_id"`}},

		{Name: "a person for a member", Method: "GET", URL: w + "/people/{memberuser}", Token: "member", ExpectedStatus: 200, Schema: "Person",
			ExpectedContent: []string{`"job_role":"administrator"`}},
		{Name: "a person hidden from an outsider", Method: "GET", URL: w + "/people/{memberuser}", Token: "steward", ExpectedStatus: 404},
		{Name: "a person with no part", Method: "GET", URL: w + "/people/{staffuser}", Token: "member", ExpectedStatus: 404},

		{Name: "staff set a person's part", Method: "PUT", URL: w + "/people/{staffuser}", Token: "staff",
			Body: `{"job_role":"supervisor","responsibilities":["Chair the meetings"]}`, ExpectedStatus: 200, Schema: "Person",
			ExpectedContent: []string{"Chair the meetings", `"organization_id":""`}},
		{Name: "a job role that does not exist", Method: "PUT", URL: w + "/people/{staffuser}", Token: "staff",
			Body: `{"job_role":"chief"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"job_role"`}},
		{Name: "a user that does not exist", Method: "PUT", URL: w + "/people/99999", Token: "staff",
			Body: `{"job_role":"supervisor"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"user_id"`}},
		{Name: "a member may not set a person's part", Method: "PUT", URL: w + "/people/{memberuser}", Token: "member",
			Body: `{"job_role":"supervisor"}`, ExpectedStatus: 403},

		{Name: "staff remove a person", Method: "DELETE", URL: w + "/people/{memberuser}", Token: "staff", ExpectedStatus: 204},
		{Name: "removing a person with no part", Method: "DELETE", URL: w + "/people/{staffuser}", Token: "staff", ExpectedStatus: 404},
		{Name: "a member may not remove a person", Method: "DELETE", URL: w + "/people/{memberuser}", Token: "member", ExpectedStatus: 403},
	})
}

// TestRemoveMemberEndpoint: backbone staff take an organization out,
// saying why (an active member removed, an invitation withdrawn); the
// organization's own people leave instead.
func TestRemoveMemberEndpoint(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "staff remove an active member", Method: "POST", URL: w + "/members/lake/remove", Token: "staff",
			Body: `{"reason":"Has not taken part for a year"}`, ExpectedStatus: 200, Schema: "Member",
			ExpectedContent: []string{`"organization_id":"lake"`, `"status":"removed"`}},
		{Name: "staff withdraw an invitation", Method: "POST", URL: w + "/members/harbor/remove", Token: "staff",
			Body: `{"reason":"Sent by mistake"}`, ExpectedStatus: 200, Schema: "Member", ExpectedContent: []string{`"status":"removed"`}},
		{Name: "a member's admin may not remove it", Method: "POST", URL: w + "/members/lake/remove", Token: "lake",
			Body: `{"reason":"x"}`, ExpectedStatus: 403},
		{Name: "another member's admin may not remove it", Method: "POST", URL: w + "/members/lake/remove", Token: "member",
			Body: `{"reason":"x"}`, ExpectedStatus: 403},
		{Name: "an outsider does not learn of the initiative", Method: "POST", URL: w + "/members/lake/remove", Token: "steward",
			Body: `{"reason":"x"}`, ExpectedStatus: 404},
		{Name: "a removal needs a reason", Method: "POST", URL: w + "/members/lake/remove", Token: "staff",
			Body: `{}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"reason"`}},
		{Name: "the backbone organization cannot be removed", Method: "POST", URL: w + "/members/river/remove", Token: "staff",
			Body: `{"reason":"x"}`, ExpectedStatus: 409},
		{Name: "an organization that is not a member", Method: "POST", URL: w + "/members/grove/remove", Token: "staff",
			Body: `{"reason":"x"}`, ExpectedStatus: 409},
		{Name: "a removal with an unknown field", Method: "POST", URL: w + "/members/lake/remove", Token: "staff",
			Body: `{"reason":"x","notify":true}`, ExpectedStatus: 400},
	})
}

// TestRemovedMemberHistory: the removal is kept as the backbone's, with its
// reason, and the removed organization's people no longer see the private
// initiative.
func TestRemovedMemberHistory(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		if code, body := call(t, app, "POST", w+"/members/lake/remove", "staff", `{"reason":"Has not taken part for a year"}`); code != 200 {
			t.Fatalf("remove: %d %s", code, body)
		}
		_, body := call(t, app, "GET", w+"/members/history", "member", "")
		if !strings.Contains(body, `"from_status":"active","to_status":"removed","from_role":"core_partner","to_role":"core_partner","reason":"Has not taken part for a year"`) ||
			!strings.Contains(body, `"actor":"staff@work.example.org"`) {
			t.Errorf("history lacks the removal: %s", body)
		}
		if code, body := call(t, app, "GET", w, "lake", ""); code != 404 {
			t.Errorf("a removed member's admin reads the private initiative: %d %s", code, body)
		}
		_, body = call(t, app, "GET", w+"/updates", "member", "")
		if !strings.Contains(body, "the backbone removed Lakeside Youth Center from River Alliance: Has not taken part for a year") {
			t.Errorf("the updates feed lacks the removal: %s", body)
		}
	})
}
