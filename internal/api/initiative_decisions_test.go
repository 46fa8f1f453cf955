package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const proposalJSON = `{"title":"Share one calendar","body":"All partners use one calendar.","proposed_by":"river","deadline":"2099-01-01T00:00:00Z"}`

func TestDecisionEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "list for a member", Method: "GET", URL: w + "/proposals", Token: "lake", ExpectedStatus: 200, Schema: "ProposalList",
			ExpectedContent: []string{"Adopt the shared intake form", "Extend pantry hours"}},
		{Name: "list hidden from an outsider", Method: "GET", URL: w + "/proposals", Token: "steward", ExpectedStatus: 404},

		{Name: "a member proposes under the current rule", Method: "POST", URL: w + "/proposals", Token: "member", Body: proposalJSON,
			ExpectedStatus: 201, Schema: "Proposal", ExpectedContent: []string{`"rule":{"name":"majority","quorum_percent":50,"threshold_percent":50`, `"status":"open"`}},
		{Name: "no proposals before governance", Method: "POST", URL: prefix + "/initiatives/2/proposals", Token: "admin",
			Body: `{"title":"x","proposed_by":"harbor","deadline":"2099-01-01T00:00:00Z"}`, ExpectedStatus: 409,
			ExpectedContent: []string{"no governance framework yet", `"field":"decision_rule"`}},
		{Name: "a member may not propose for another", Method: "POST", URL: w + "/proposals", Token: "member",
			Body: strings.Replace(proposalJSON, `"river"`, `"lake"`, 1), ExpectedStatus: 403},
		{Name: "an outsider may not propose", Method: "POST", URL: w + "/proposals", Token: "steward", Body: proposalJSON, ExpectedStatus: 404},
		{Name: "a deadline in the past", Method: "POST", URL: w + "/proposals", Token: "member",
			Body: `{"title":"x","proposed_by":"river","deadline":"2000-01-01T00:00:00Z"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"deadline"`}},
		{Name: "a deadline that is not a time", Method: "POST", URL: w + "/proposals", Token: "member",
			Body: `{"title":"x","proposed_by":"river","deadline":"next week"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"deadline"`}},
		{Name: "a proposal without a title", Method: "POST", URL: w + "/proposals", Token: "member",
			Body: `{"proposed_by":"river","deadline":"2099-01-01T00:00:00Z"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"title"`}},

		{Name: "one for a member", Method: "GET", URL: w + "/proposals/{delegated}", Token: "member", ExpectedStatus: 200, Schema: "Proposal",
			ExpectedContent: []string{`"delegations":[{"from_organization_id":"lake"`, `"status":"pending"`}},
		{Name: "one hidden from an outsider", Method: "GET", URL: w + "/proposals/{proposal}", Token: "steward", ExpectedStatus: 404},

		{Name: "a member's admin votes", Method: "POST", URL: w + "/proposals/{proposal}/votes", Token: "member",
			Body: `{"organization_id":"river","choice":"yes","comment":"About time"}`, ExpectedStatus: 200, Schema: "Proposal",
			ExpectedContent: []string{`"choice":"yes"`, `"participated":1`}},
		{Name: "a member may not vote for another", Method: "POST", URL: w + "/proposals/{proposal}/votes", Token: "lake",
			Body: `{"organization_id":"river","choice":"no"}`, ExpectedStatus: 403},
		{Name: "an outsider may not vote", Method: "POST", URL: w + "/proposals/{proposal}/votes", Token: "steward",
			Body: `{"organization_id":"harbor","choice":"no"}`, ExpectedStatus: 404},
		{Name: "a vote after the deadline", Method: "POST", URL: w + "/proposals/{late}/votes", Token: "member",
			Body: `{"organization_id":"river","choice":"yes"}`, ExpectedStatus: 409, ExpectedContent: []string{`"field":"deadline"`}},
		{Name: "a choice the rule does not offer", Method: "POST", URL: w + "/proposals/{proposal}/votes", Token: "member",
			Body: `{"organization_id":"river","choice":"block"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"choice"`}},
		{Name: "a vote from an organization that delegated", Method: "POST", URL: w + "/proposals/{delegated}/votes", Token: "lake",
			Body: `{"organization_id":"lake","choice":"no"}`, ExpectedStatus: 409},
		{Name: "an invited organization does not vote", Method: "POST", URL: w + "/proposals/{proposal}/votes", Token: "harbor",
			Body: `{"organization_id":"harbor","choice":"no"}`, ExpectedStatus: 404},

		{Name: "a member's admin delegates", Method: "POST", URL: w + "/proposals/{proposal}/delegations", Token: "lake",
			Body: `{"from_organization_id":"lake","to_organization_id":"river"}`, ExpectedStatus: 200, Schema: "Proposal",
			ExpectedContent: []string{`"to_organization_name":"Riverside Food Bank"`}},
		{Name: "a second delegation", Method: "POST", URL: w + "/proposals/{delegated}/delegations", Token: "lake",
			Body: `{"from_organization_id":"lake","to_organization_id":"river"}`, ExpectedStatus: 409, ExpectedContent: []string{`"field":"from_organization_id"`}},
		{Name: "a member may not delegate another's vote", Method: "POST", URL: w + "/proposals/{proposal}/delegations", Token: "member",
			Body: `{"from_organization_id":"lake","to_organization_id":"river"}`, ExpectedStatus: 403},
		{Name: "delegating to itself", Method: "POST", URL: w + "/proposals/{proposal}/delegations", Token: "lake",
			Body: `{"from_organization_id":"lake","to_organization_id":"lake"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"to_organization_id"`}},

		{Name: "a member comments", Method: "POST", URL: w + "/proposals/{proposal}/comments", Token: "lake",
			Body: `{"organization_id":"lake","body":"Which calendar?"}`, ExpectedStatus: 201, Schema: "Comment", ExpectedContent: []string{"Which calendar?"}},
		{Name: "a member may not comment for another", Method: "POST", URL: w + "/proposals/{proposal}/comments", Token: "lake",
			Body: `{"organization_id":"river","body":"x"}`, ExpectedStatus: 403},
		{Name: "an empty comment", Method: "POST", URL: w + "/proposals/{proposal}/comments", Token: "lake",
			Body: `{"organization_id":"lake","body":" "}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"body"`}},
		{Name: "an outsider may not comment", Method: "POST", URL: w + "/proposals/{proposal}/comments", Token: "steward",
			Body: `{"organization_id":"harbor","body":"x"}`, ExpectedStatus: 404},

		{Name: "closing without quorum is refused", Method: "POST", URL: w + "/proposals/{late}/close", Token: "staff",
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"quorum"`, "cannot be decided without quorum", "0 of 2 voting members took part"}},
		{Name: "the proposing organization's admin may not close it", Method: "POST", URL: w + "/proposals/{late}/close", Token: "member", ExpectedStatus: 403},
		{Name: "closing before everyone voted", Method: "POST", URL: w + "/proposals/{proposal}/close", Token: "staff",
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"deadline"`}},
		{Name: "another member may not close it", Method: "POST", URL: w + "/proposals/{late}/close", Token: "lake", ExpectedStatus: 403},
		{Name: "an outsider may not close it", Method: "POST", URL: w + "/proposals/{late}/close", Token: "steward", ExpectedStatus: 404},

		{Name: "the proposer withdraws", Method: "POST", URL: w + "/proposals/{proposal}/withdraw", Token: "member",
			ExpectedStatus: 200, Schema: "Proposal", ExpectedContent: []string{`"status":"withdrawn"`}},
		{Name: "another member may not withdraw it", Method: "POST", URL: w + "/proposals/{proposal}/withdraw", Token: "lake", ExpectedStatus: 403},

		{Name: "the log for a member", Method: "GET", URL: w + "/decisions", Token: "member", ExpectedStatus: 200, Schema: "ProposalList",
			ExpectedContent: []string{`{"items":[]}`}},
		{Name: "a private log hidden from an outsider", Method: "GET", URL: w + "/decisions", Token: "steward", ExpectedStatus: 404},
		{Name: "a public log of a private initiative for anyone signed in", Method: "GET", URL: prefix + "/initiatives/3/decisions", Token: "steward",
			ExpectedStatus: 200, Schema: "ProposalList"},
		{Name: "a public log still needs a token", Method: "GET", URL: prefix + "/initiatives/3/decisions", ExpectedStatus: 401},
		{Name: "the log of an initiative that does not exist", Method: "GET", URL: prefix + "/initiatives/99/decisions", Token: "steward", ExpectedStatus: 404},

		{Name: "staff make the log public", Method: "PUT", URL: w + "/decisions/public", Token: "staff", Body: `{"public":true}`,
			ExpectedStatus: 200, Schema: "DecisionLogSetting", ExpectedContent: []string{`{"public":true}`}},
		{Name: "a member may not make it public", Method: "PUT", URL: w + "/decisions/public", Token: "member", Body: `{"public":true}`, ExpectedStatus: 403},
		{Name: "the setting is required", Method: "PUT", URL: w + "/decisions/public", Token: "staff", Body: `{}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"public"`}},
	})
}

// TestDecisionByVote takes a decision end to end through the API: a member
// proposes, both voting members vote, backbone staff close the vote, and
// the outcome, with its reasons, is in the decision log, which outsiders
// read once it is public.
func TestDecisionByVote(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		code, body := call(t, app, "POST", w+"/proposals", "member", proposalJSON)
		if code != 201 {
			t.Fatalf("propose: %d %s", code, body)
		}
		var p struct{ ID int64 }
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		url := w + "/proposals/" + jsonNumber(p.ID)
		if code, body := call(t, app, "POST", url+"/close", "staff", ""); code != 409 {
			t.Fatalf("close before anyone voted: %d %s", code, body)
		}
		// River votes no, then changes its vote until voting closes: the
		// latest counts, and the history keeps both.
		if code, body := call(t, app, "POST", url+"/votes", "member", `{"organization_id":"river","choice":"no"}`); code != 200 {
			t.Fatalf("first vote: %d %s", code, body)
		}
		for token, vote := range map[string]string{"member": `{"organization_id":"river","choice":"yes"}`, "lake": `{"organization_id":"lake","choice":"yes","comment":"Agreed"}`} {
			if code, body := call(t, app, "POST", url+"/votes", token, vote); code != 200 {
				t.Fatalf("vote %s: %d %s", token, code, body)
			}
		}
		code, body = call(t, app, "GET", url, "lake", "")
		checkSchema(t, "Proposal", []byte(body))
		type vote struct {
			OrganizationID string `json:"organization_id"`
			Choice         string `json:"choice"`
			Revision       int    `json:"revision"`
		}
		var voted struct {
			Votes       []vote `json:"votes"`
			VoteHistory []vote `json:"vote_history"`
		}
		if err := json.Unmarshal([]byte(body), &voted); err != nil || code != 200 {
			t.Fatalf("proposal: %d %s", code, body)
		}
		var river []string
		for _, v := range voted.VoteHistory {
			if v.OrganizationID == "river" {
				river = append(river, fmt.Sprintf("%s %d", v.Choice, v.Revision))
			}
		}
		if len(voted.Votes) != 2 || len(voted.VoteHistory) != 3 || strings.Join(river, ", ") != "no 1, yes 2" {
			t.Fatalf("votes after a change: %s", body)
		}
		code, body = call(t, app, "POST", url+"/close", "staff", "")
		if code != 200 {
			t.Fatalf("close: %d %s", code, body)
		}
		checkSchema(t, "Proposal", []byte(body))
		var closed struct {
			Status         string   `json:"status"`
			OutcomeReasons []string `json:"outcome_reasons"`
			DecidedAt      *string  `json:"decided_at"`
		}
		if err := json.Unmarshal([]byte(body), &closed); err != nil {
			t.Fatal(err)
		}
		if closed.Status != "passed" || len(closed.OutcomeReasons) == 0 || closed.DecidedAt == nil {
			t.Fatalf("outcome: %s", body)
		}
		if code, body := call(t, app, "POST", url+"/votes", "member", `{"organization_id":"river","choice":"no"}`); code != 409 {
			t.Errorf("vote on a closed proposal: %d %s", code, body)
		}
		_, log := call(t, app, "GET", w+"/decisions", "lake", "")
		checkSchema(t, "ProposalList", []byte(log))
		if !strings.Contains(log, `"title":"Share one calendar"`) || !strings.Contains(log, `"status":"passed"`) || !strings.Contains(log, closed.OutcomeReasons[0]) {
			t.Errorf("decision log: %s", log)
		}
		if code, _ := call(t, app, "GET", w+"/decisions", "steward", ""); code != 404 {
			t.Errorf("private log read by an outsider: %d", code)
		}
		if code, body := call(t, app, "PUT", w+"/decisions/public", "staff", `{"public":true}`); code != 200 {
			t.Fatalf("make public: %d %s", code, body)
		}
		if code, body := call(t, app, "GET", w+"/decisions", "steward", ""); code != 200 || !strings.Contains(body, "Share one calendar") {
			t.Errorf("public log for an outsider: %d %s", code, body)
		}
		_, feed := call(t, app, "GET", w+"/updates", "member", "")
		if !strings.Contains(feed, "Share one calendar") || !strings.Contains(feed, `"kind":"decision"`) {
			t.Errorf("feed lacks the decision: %s", feed)
		}
	})
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }
