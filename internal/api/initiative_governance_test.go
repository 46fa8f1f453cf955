package api

import (
	"strings"
	"testing"
)

const consensusBody = `{"decision_rule":"consensus","quorum_percent":60,"meeting_cadence":"quarterly","reason":"We decide together",
	"conflict_steps":[{"description":"Talk it through","mediator":"The chair"}],"channels":[{"what":"Newsletter","how_often":"monthly","who":"Backbone staff"}]`

func TestGovernanceEndpoints(t *testing.T) {
	runWorkScenarios(t, []scenario{
		{Name: "current version for a member", Method: "GET", URL: w + "/governance", Token: "member", ExpectedStatus: 200, Schema: "Governance",
			ExpectedContent: []string{`"version":2`, `"decision_rule":"majority"`, `"quorum_percent":50`}},
		{Name: "hidden from an outsider", Method: "GET", URL: w + "/governance", Token: "steward", ExpectedStatus: 404},
		{Name: "none adopted yet", Method: "GET", URL: prefix + "/initiatives/2/governance", Token: "steward", ExpectedStatus: 404,
			ExpectedContent: []string{"Open Harbor has no governance framework yet"}},
		{Name: "history for a member", Method: "GET", URL: w + "/governance/history", Token: "member", ExpectedStatus: 200, Schema: "GovernanceHistory",
			ExpectedContent: []string{`"version":2`, `"version":1`}},
		{Name: "history hidden from an outsider", Method: "GET", URL: w + "/governance/history", Token: "steward", ExpectedStatus: 404},

		{Name: "staff adopt a new version", Method: "PUT", URL: w + "/governance", Token: "staff", Body: consensusBody + `,"base_version":2}`,
			ExpectedStatus: 200, Schema: "Governance", ExpectedContent: []string{`"version":3`, `"decision_rule":"consensus"`, "Newsletter"}},
		{Name: "a stale version", Method: "PUT", URL: w + "/governance", Token: "staff", Body: consensusBody + `,"base_version":1}`,
			ExpectedStatus: 409, ExpectedContent: []string{`"field":"base_version"`}},
		{Name: "a member may not change governance", Method: "PUT", URL: w + "/governance", Token: "member", Body: consensusBody + `}`, ExpectedStatus: 403},
		{Name: "an outsider may not change governance", Method: "PUT", URL: w + "/governance", Token: "steward", Body: consensusBody + `}`, ExpectedStatus: 404},
		{Name: "a framework without conflict steps or quorum", Method: "PUT", URL: w + "/governance", Token: "staff",
			Body: `{"decision_rule":"majority","threshold_percent":40,"meeting_cadence":"monthly","reason":"x"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"conflict_steps"`, `"field":"quorum_percent"`, `"field":"threshold_percent"`}},
		{Name: "state after the refusals is still version 2", Method: "GET", URL: w + "/governance", Token: "staff", ExpectedStatus: 200,
			Schema: "Governance", ExpectedContent: []string{`"version":2`}},
	})
}

const mouBody = `{"title":"Memorandum of understanding","kind":"mou","parties":["river","lake"],"effective_on":"2025-01-01","ends_on":"2027-01-01","renewal_reminder_days":60}`

func TestAgreementEndpoints(t *testing.T) {
	big := strings.Repeat("x", 10<<20+1)
	runWorkScenarios(t, []scenario{
		{Name: "list for a member", Method: "GET", URL: w + "/agreements", Token: "lake", ExpectedStatus: 200, Schema: "AgreementList",
			ExpectedContent: []string{"Data-sharing agreement", `"status":"draft"`, `"document_name":"dsa.txt"`}},
		{Name: "list hidden from an outsider", Method: "GET", URL: w + "/agreements", Token: "steward", ExpectedStatus: 404},

		{Name: "staff draft one", Method: "POST", URL: w + "/agreements", Token: "staff", Body: mouBody,
			ExpectedStatus: 201, Schema: "Agreement", ExpectedContent: []string{`"renewal_due_on":"2026-11-02T00:00:00Z"`, `"status":"draft"`}},
		{Name: "a member may not draft one", Method: "POST", URL: w + "/agreements", Token: "member", Body: mouBody, ExpectedStatus: 403},
		{Name: "an end date before the start", Method: "POST", URL: w + "/agreements", Token: "staff",
			Body:           `{"title":"Backwards","kind":"mou","parties":["river","lake"],"effective_on":"2025-06-01","ends_on":"2025-01-01"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"ends_on"`}},
		{Name: "nothing was written by the refusals", Method: "GET", URL: w + "/agreements", Token: "staff", ExpectedStatus: 200,
			Schema: "AgreementList", NotExpectedContent: []string{"Backwards", "Memorandum"}},
		{Name: "a party that is not an active member", Method: "POST", URL: w + "/agreements", Token: "staff",
			Body:           `{"title":"x","kind":"mou","parties":["river","harbor"],"effective_on":"2025-01-01"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"parties"`}},

		{Name: "one for a member", Method: "GET", URL: w + "/agreements/{agreement}", Token: "member", ExpectedStatus: 200, Schema: "Agreement"},
		{Name: "one hidden from an outsider", Method: "GET", URL: w + "/agreements/{agreement}", Token: "steward", ExpectedStatus: 404},
		{Name: "staff edit a draft", Method: "PATCH", URL: w + "/agreements/{agreement}", Token: "staff", Body: `{"title":"Data-sharing agreement 2025","ends_on":""}`,
			ExpectedStatus: 200, Schema: "Agreement", ExpectedContent: []string{"Data-sharing agreement 2025", `"ends_on":null`}},
		{Name: "a member may not edit it", Method: "PATCH", URL: w + "/agreements/{agreement}", Token: "member", Body: `{"title":"x"}`, ExpectedStatus: 403},
		{Name: "an edit that ends it before it starts", Method: "PATCH", URL: w + "/agreements/{agreement}", Token: "staff",
			Body: `{"ends_on":"2024-01-01"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"ends_on"`}},

		{Name: "a party's admin signs", Method: "POST", URL: w + "/agreements/{agreement}/sign", Token: "member",
			Body: `{"organization_id":"river","signatory":"Ana Ruiz, director"}`, ExpectedStatus: 200, Schema: "Agreement",
			ExpectedContent: []string{`"status":"partially_signed"`, "Ana Ruiz, director"}},
		{Name: "staff record a signature", Method: "POST", URL: w + "/agreements/{agreement}/sign", Token: "staff",
			Body: `{"organization_id":"lake","signatory":"Lee Park"}`, ExpectedStatus: 200, Schema: "Agreement"},
		{Name: "a member may not sign for another party", Method: "POST", URL: w + "/agreements/{agreement}/sign", Token: "member",
			Body: `{"organization_id":"lake","signatory":"Someone"}`, ExpectedStatus: 403},
		{Name: "a signature needs a signatory", Method: "POST", URL: w + "/agreements/{agreement}/sign", Token: "lake",
			Body: `{"organization_id":"lake"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"signatory"`}},
		{Name: "an outsider may not sign", Method: "POST", URL: w + "/agreements/{agreement}/sign", Token: "steward",
			Body: `{"organization_id":"lake","signatory":"x"}`, ExpectedStatus: 404},

		{Name: "staff attach a document", Method: "PUT", URL: w + "/agreements/{agreement}/document?filename=mou.pdf", Token: "staff",
			Body: "%PDF-1.4 signed", Headers: map[string]string{"Content-Type": "application/pdf"}, ExpectedStatus: 200, Schema: "Agreement",
			ExpectedContent: []string{`"document_name":"mou.pdf"`, `"document_type":"application/pdf"`, `"document_size":15`}},
		{Name: "the name from Content-Disposition", Method: "PUT", URL: w + "/agreements/{agreement}/document", Token: "staff",
			Body: "scan", Headers: map[string]string{"Content-Type": "image/png", "Content-Disposition": `attachment; filename="scan.png"`},
			ExpectedStatus: 200, Schema: "Agreement", ExpectedContent: []string{`"document_name":"scan.png"`}},
		{Name: "a document without a name", Method: "PUT", URL: w + "/agreements/{agreement}/document", Token: "staff",
			Body: "data", Headers: map[string]string{"Content-Type": "application/pdf"}, ExpectedStatus: 422, ExpectedContent: []string{`"field":"document"`}},
		{Name: "a document too large", Method: "PUT", URL: w + "/agreements/{agreement}/document?filename=big.pdf", Token: "staff",
			Body: big, Headers: map[string]string{"Content-Type": "application/pdf"}, ExpectedStatus: 413},
		{Name: "a member may not attach a document", Method: "PUT", URL: w + "/agreements/{agreement}/document?filename=x.pdf", Token: "member",
			Body: "x", Headers: map[string]string{"Content-Type": "application/pdf"}, ExpectedStatus: 403},
		{Name: "a member downloads the document", Method: "GET", URL: w + "/agreements/{agreement}/document", Token: "lake", ExpectedStatus: 200,
			ExpectedContent: []string{"We share data."}, ExpectedHeaders: map[string]string{
				"Content-Type":        "text/plain; charset=utf-8",
				"Content-Disposition": `attachment; filename=dsa.txt`, "X-Content-Type-Options": "nosniff"}},
		{Name: "the document hidden from an outsider", Method: "GET", URL: w + "/agreements/{agreement}/document", Token: "steward", ExpectedStatus: 404},
	})
}
