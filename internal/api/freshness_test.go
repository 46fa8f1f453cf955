package api

import (
	"testing"
)

// runStory runs scenarios in order against one app per engine, for
// endpoints whose answers depend on what the requests before them did.
func runStory(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			app := newTestApp(t, eng.open(t))
			for _, s := range scenarios {
				if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
					return
				}
			}
		})
	}
}

func TestVerification(t *testing.T) {
	runStory(t, []scenario{
		{
			Name:           "member may not see the list",
			Method:         "GET",
			URL:            prefix + "/verification",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{Name: "nothing is older than a year", Method: "GET", URL: prefix + "/verification", Token: "steward",
			ExpectedStatus: 200, Schema: "StaleRecordPage", ExpectedContent: []string{`"total":0`, `"limit":50`}},
		{
			Name:               "every active organization is older than 0 days",
			Method:             "GET",
			URL:                prefix + "/verification?older_than_days=0&limit=1",
			Token:              "steward",
			ExpectedStatus:     200,
			Schema:             "StaleRecordPage",
			ExpectedContent:    []string{`"total":2`, `"kind":"organization"`, `"limit":1`},
			NotExpectedContent: []string{"Old Mill Clinic"},
		},
		{Name: "bad age", Method: "GET", URL: prefix + "/verification?older_than_days=soon", Token: "steward",
			ExpectedStatus: 422, ExpectedContent: []string{"older_than_days"}},
		{
			Name:           "negative age",
			Method:         "GET",
			URL:            prefix + "/verification?older_than_days=-1",
			Token:          "steward",
			ExpectedStatus: 422,
		},
		{
			Name:           "member may not verify",
			Method:         "POST",
			URL:            orgs + "/river/verify",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{Name: "steward verifies", Method: "POST", URL: orgs + "/river/verify", Token: "steward",
			ExpectedStatus: 200, Schema: "Verification",
			ExpectedContent: []string{
				`"kind":"organization"`,
				`"name":"Riverside Food Bank"`,
				`"verified_by":"steward@example.org"`,
			}},
		{
			Name:           "verify a missing organization",
			Method:         "POST",
			URL:            orgs + "/nowhere/verify",
			Token:          "steward",
			ExpectedStatus: 404,
		},
		{Name: "a verification is not an edit", Method: "GET", URL: orgs + "/river", Token: "steward",
			ExpectedStatus: 200, ExpectedHeaders: map[string]string{"ETag": `"1"`}},
	})
}

func TestProposalsAPI(t *testing.T) {
	const river = orgs + "/river/proposals"
	runStory(t, []scenario{
		{
			Name:           "a steward who does not work there may not propose",
			Method:         "POST",
			URL:            orgs + "/harbor/proposals",
			Token:          "member",
			Body:           `{"fields":{"mission":"x"}}`,
			ExpectedStatus: 403,
		},
		{Name: "fields are required", Method: "POST", URL: river, Token: "member", Body: `{"note":"hi"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"fields"`}},
		{
			Name:            "an unknown field is refused",
			Method:          "POST",
			URL:             river,
			Token:           "member",
			Body:            `{"fields":{"motto":"x"}}`,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"field":"motto"`},
		},
		{
			Name:           "nothing to change",
			Method:         "POST",
			URL:            river,
			Token:          "member",
			Body:           `{"fields":{"name":"Riverside Food Bank"}}`,
			ExpectedStatus: 422,
		},
		{
			Name:            "invalid values are refused field by field",
			Method:          "POST",
			URL:             river,
			Token:           "member",
			Body:            `{"fields":{"email":"nope"}}`,
			ExpectedStatus:  422,
			ExpectedContent: []string{`"field":"email"`},
		},
		{Name: "the organization's admin proposes", Method: "POST", URL: river, Token: "member",
			Body:           `{"fields":{"mission":"Comida para todos, también en Peña","version":1},"note":"new board"}`,
			ExpectedStatus: 201, Schema: "ChangeProposal",
			ExpectedContent: []string{
				`"id":1`,
				`"status":"pending"`,
				`"proposed_by":"member@example.org"`,
				`"proposed_by_name":"The member"`,
				`"base_version":1`,
				`{"field":"mission","label":"Mission","current":"","base":"","proposed":"Comida para todos, también en ` +
					`Peña","changed":true,"conflict":false,"outcome":"","applied":""}`,
			}},
		{Name: "from an old version it is refused", Method: "POST", URL: orgs + "/harbor/proposals", Token: "admin",
			Body: `{"fields":{"mission":"x","version":1}}`, ExpectedStatus: 409},
		{Name: "the organization sees its proposals", Method: "GET", URL: river, Token: "member",
			ExpectedStatus: 200, Schema: "ChangeProposalPage", ExpectedContent: []string{`"total":1`}},
		{
			Name:           "the member may not see the queue",
			Method:         "GET",
			URL:            prefix + "/proposals",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{
			Name:           "the member may not see another organization's proposals",
			Method:         "GET",
			URL:            orgs + "/harbor/proposals",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{Name: "the queue", Method: "GET", URL: prefix + "/proposals", Token: "steward",
			ExpectedStatus: 200, Schema: "ChangeProposalPage", ExpectedContent: []string{`"total":1`, `"entity_name":"Riverside Food Bank"`, `"stale":false`}},
		{
			Name:           "a bad status",
			Method:         "GET",
			URL:            prefix + "/proposals?status=maybe",
			Token:          "steward",
			ExpectedStatus: 422,
		},
		{
			Name:           "the member may not accept",
			Method:         "POST",
			URL:            prefix + "/proposals/1/accept",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{Name: "reject needs a note", Method: "POST", URL: prefix + "/proposals/1/reject", Token: "steward", Body: `{}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"review_note"`}},
		{Name: "accept without a body", Method: "POST", URL: prefix + "/proposals/1/accept", Token: "steward",
			ExpectedStatus: 200, Schema: "ChangeProposal", ExpectedContent: []string{`"status":"accepted"`, `"reviewed_by":"steward@example.org"`}},
		{Name: "the record has the change", Method: "GET", URL: orgs + "/river", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"mission":"Comida para todos, también en Peña"`}, ExpectedHeaders: map[string]string{"ETag": `"2"`}},
		{
			Name:           "accept twice",
			Method:         "POST",
			URL:            prefix + "/proposals/1/accept",
			Token:          "steward",
			ExpectedStatus: 409,
		},
		{
			Name:           "a missing proposal",
			Method:         "POST",
			URL:            prefix + "/proposals/99/reject",
			Token:          "steward",
			Body:           `{"note":"no"}`,
			ExpectedStatus: 404,
		},
		{
			Name:           "a proposal id that is not a number",
			Method:         "POST",
			URL:            prefix + "/proposals/x/accept",
			Token:          "steward",
			ExpectedStatus: 404,
		},
		// A proposal whose field was edited since is stale: accepting it
		// all is refused, naming the field; then it is rejected.
		{
			Name:            "propose an email",
			Method:          "POST",
			URL:             river,
			Token:           "member",
			Body:            `{"fields":{"email":"hola@river.example.org"}}`,
			ExpectedStatus:  201,
			ExpectedContent: []string{`"id":2`, `"base_version":2`, `"base":"info@riverside.example.org"`},
		},
		{Name: "someone edits the email meanwhile", Method: "PATCH", URL: orgs + "/river", Token: "steward",
			Body: `{"email":"desk@river.example.org","version":2}`, ExpectedStatus: 200},
		{Name: "the proposal shows the conflict", Method: "GET", URL: prefix + "/proposals", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"stale":true`, `"current_version":3`, `"conflict":true`}},
		{
			Name:            "accepting it all is refused",
			Method:          "POST",
			URL:             prefix + "/proposals/2/accept",
			Token:           "steward",
			Body:            `{"note":"ok"}`,
			ExpectedStatus:  409,
			ExpectedContent: []string{"field by field", `"field":"email"`},
		},
		{
			Name:           "rejecting with fields is refused",
			Method:         "POST",
			URL:            prefix + "/proposals/2/reject",
			Token:          "steward",
			Body:           `{"note":"no","fields":["email"]}`,
			ExpectedStatus: 422,
		},
		{
			Name:           "and rejected with a note",
			Method:         "POST",
			URL:            prefix + "/proposals/2/reject",
			Token:          "steward",
			Body:           `{"note":"please send it again"}`,
			ExpectedStatus: 200,
			Schema:         "ChangeProposal",
			ExpectedContent: []string{`"status":"rejected"`, `"review_note":"please send it again"`,
				`"declined":["email"]`, `"outcome":"declined"`},
		},
		{
			Name:            "the history of the organization's proposals",
			Method:          "GET",
			URL:             river + "?status=all",
			Token:           "steward",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"total":2`},
		},
	})
}

func TestGuideAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "without a token", Method: "GET", URL: prefix + "/guide", ExpectedStatus: 401},
		{
			Name:            "an empty directory gives an empty guide",
			Method:          "GET",
			URL:             prefix + "/guide?sector=food",
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "Guide",
			ExpectedContent: []string{`"title":"Food resources"`, `"service_count":0`, `"categories":[]`},
		},
		{Name: "an unknown sector", Method: "GET", URL: prefix + "/guide?sector=astrology", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"sector"`}},
		{Name: "the PDF", Method: "GET", URL: prefix + "/guide.pdf?area=Redwood+City", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{"%PDF-1."},
			ExpectedHeaders: map[string]string{"Content-Type": "application/pdf"}},
	})
}

// TestProposalFieldByFieldAPI: a steward accepts some fields of an update,
// and overwrites a conflicting field only when listing it in overwrite.
func TestProposalFieldByFieldAPI(t *testing.T) {
	const river = orgs + "/river/proposals"
	runStory(t, []scenario{
		{Name: "propose three fields", Method: "POST", URL: river, Token: "member",
			Body:           `{"fields":{"mission":"Food for all","email":"hola@river.example.org","website":"river.example.org"}}`,
			ExpectedStatus: 201, Schema: "ChangeProposal", ExpectedContent: []string{`"id":1`, `"conflict":false`}},
		{Name: "someone edits the email meanwhile", Method: "PATCH", URL: orgs + "/river", Token: "steward",
			Body: `{"email":"desk@river.example.org"}`, ExpectedStatus: 200},
		{Name: "a field not proposed", Method: "POST", URL: prefix + "/proposals/1/accept", Token: "steward",
			Body: `{"fields":["name"]}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"fields"`}},
		{Name: "no field", Method: "POST", URL: prefix + "/proposals/1/accept", Token: "steward",
			Body: `{"fields":[]}`, ExpectedStatus: 422, ExpectedContent: []string{"at least one field"}},
		{
			Name:            "a conflicting field without overwrite",
			Method:          "POST",
			URL:             prefix + "/proposals/1/accept",
			Token:           "steward",
			Body:            `{"fields":["mission","email"]}`,
			ExpectedStatus:  409,
			ExpectedContent: []string{`"field":"email"`, "overwrite"},
		},
		{
			Name:           "the member may not accept some fields",
			Method:         "POST",
			URL:            prefix + "/proposals/1/accept",
			Token:          "member",
			Body:           `{"fields":["mission"]}`,
			ExpectedStatus: 403,
		},
		{
			Name:           "accept the mission and overwrite the email",
			Method:         "POST",
			URL:            prefix + "/proposals/1/accept",
			Token:          "steward",
			Body:           `{"fields":["mission"],"overwrite":["email"],"note":"The website is another's"}`,
			ExpectedStatus: 200,
			Schema:         "ChangeProposal",
			ExpectedContent: []string{`"status":"accepted"`, `"declined":["website"]`,
				`"applied":{"email":"hola@river.example.org","mission":"Food for all"}`},
		},
		{Name: "the record has the accepted fields only", Method: "GET", URL: orgs + "/river", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"mission":"Food for all"`, `"email":"hola@river.example.org"`, `"website":""`}},
		{Name: "the proposer sees the outcome", Method: "GET", URL: prefix + "/proposals?mine=true", Token: "member",
			ExpectedStatus: 200, Schema: "ChangeProposalPage", ExpectedContent: []string{`"total":1`, `"outcome":"applied"`, `"outcome":"declined"`}},
	})
}

// TestNewOrganizationProposalAPI: someone who works for an organization
// proposes another; the steward is warned of a like name, corrects a value,
// accepts it field by field, and rejects a second one.
func TestNewOrganizationProposalAPI(t *testing.T) {
	const propose = prefix + "/proposals"
	runStory(t, []scenario{
		{Name: "without a token", Method: "POST", URL: propose, Body: `{"fields":{"name":"X"}}`, ExpectedStatus: 401},
		{Name: "a steward who works nowhere adds one instead", Method: "POST", URL: propose, Token: "steward",
			Body: `{"fields":{"name":"Harbour Housing","description":"Beds"}}`, ExpectedStatus: 403},
		{Name: "no fields", Method: "POST", URL: propose, Token: "member", Body: `{"note":"x"}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"fields"`}},
		{Name: "an id is not the proposer's to choose", Method: "POST", URL: propose, Token: "member",
			Body: `{"fields":{"id":"mine","name":"Harbour Housing","description":"Beds"}}`, ExpectedStatus: 400},
		{Name: "the form's checks: a description", Method: "POST", URL: propose, Token: "member",
			Body: `{"fields":{"name":"Harbour Housing"}}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"description"`}},
		{Name: "a name the directory has", Method: "POST", URL: propose, Token: "member",
			Body: `{"fields":{"name":"riverside food bank","description":"Food"}}`, ExpectedStatus: 409, ExpectedContent: []string{"already in the directory"}},
		{Name: "propose one", Method: "POST", URL: propose, Token: "member",
			Body:           `{"fields":{"name":"Harbor Housing Alliance East","description":"Beds tonight","email":"beds@east.example.org","sectors":["housing"]},"note":"New in town"}`,
			ExpectedStatus: 201, Schema: "ChangeProposal", ExpectedContent: []string{`"entity_type":"new_organization"`, `"entity_id":""`,
				`"similar":[{"id":"harbor","name":"Harbor Housing Alliance"}]`}},
		{
			Name:            "the queue holds it",
			Method:          "GET",
			URL:             propose,
			Token:           "steward",
			ExpectedStatus:  200,
			Schema:          "ChangeProposalPage",
			ExpectedContent: []string{`"total":1`, `"entity_name":"Harbor Housing Alliance East"`},
		},
		{Name: "the name must be accepted", Method: "POST", URL: propose + "/1/accept", Token: "steward",
			Body: `{"fields":["description"]}`, ExpectedStatus: 422, ExpectedContent: []string{"name must be accepted"}},
		{Name: "a correction of the wrong kind", Method: "POST", URL: propose + "/1/accept", Token: "steward",
			Body: `{"fields":["name","description"],"values":{"year_incorporated":"long ago"}}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"year_incorporated"`}},
		{
			Name:            "a correction is checked as the form checks it",
			Method:          "POST",
			URL:             propose + "/1/accept",
			Token:           "steward",
			Body:            `{"fields":["name","description"],"values":{"description":""}}`,
			ExpectedStatus:  422,
			ExpectedContent: []string{`"field":"description"`},
		},
		{
			Name:           "accept with a corrected name, without the email",
			Method:         "POST",
			URL:            propose + "/1/accept",
			Token:          "steward",
			Body:           `{"fields":["name","description","sectors"],"values":{"name":"Eastside Housing"}}`,
			ExpectedStatus: 200,
			Schema:         "ChangeProposal",
			ExpectedContent: []string{`"status":"accepted"`, `"entity_name":"Eastside Housing"`,
				`"declined":["email"]`},
		},
		{Name: "the organization is in the directory", Method: "GET", URL: orgs + "?q=Eastside", Token: "member",
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Eastside Housing"`, `"description":"Beds tonight"`}},
		{Name: "propose it again", Method: "POST", URL: propose, Token: "member",
			Body: `{"fields":{"name":"The Eastside Housing, Inc.","description":"Beds"}}`, ExpectedStatus: 201,
			ExpectedContent: []string{`"id":2`, `"name":"Eastside Housing"`}},
		{Name: "reject it, saying why", Method: "POST", URL: propose + "/2/reject", Token: "steward",
			Body: `{"note":"Already in the directory"}`, ExpectedStatus: 200, Schema: "ChangeProposal",
			ExpectedContent: []string{`"status":"rejected"`, `"entity_id":""`}},
		{
			Name:            "the proposer sees both outcomes, newest first",
			Method:          "GET",
			URL:             propose + "?mine=true",
			Token:           "member",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"total":2`, `"review_note":"Already in the directory"`},
		},
		{Name: "the steward's own list is empty", Method: "GET", URL: propose + "?mine=true", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":0`}},
	})
}
