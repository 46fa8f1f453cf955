package api

import "testing"

// The work fixture: lake's person has a link to their own calendar
// ({lakelink}); the member (of river, the backbone of River Alliance) one
// to River Alliance ({memberlink}).
func TestFeedLinkEndpoints(t *testing.T) {
	me := prefix + "/me/feeds"
	runWorkScenarios(t, []scenario{
		{Name: "list one's links", Method: "GET", URL: me, Token: "lake", ExpectedStatus: 200, Schema: "FeedLinkList",
			ExpectedContent: []string{
				`"prefix":"bbc_`,
				`"made_by":"The lake person"`,
			}, NotExpectedContent: []string{"calendar_url", "River Alliance"}},
		{
			Name:            "list the member's initiative link",
			Method:          "GET",
			URL:             me,
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "FeedLinkList",
			ExpectedContent: []string{`"initiative_name":"River Alliance"`},
		},
		{Name: "nobody signed in", Method: "GET", URL: me, ExpectedStatus: 401},

		{Name: "make a link to one's own calendar", Method: "POST", URL: me, Token: "lake", Body: `{}`,
			ExpectedStatus: 201, Schema: "FeedLinkMade",
			ExpectedContent:    []string{`"calendar_url":"http://example.com/calendar/bbc_`},
			NotExpectedContent: []string{"atom_url"}},
		{
			Name:           "make a link to an initiative one takes part in",
			Method:         "POST",
			URL:            me,
			Token:          "lake",
			Body:           `{"initiative_id":1}`,
			ExpectedStatus: 201,
			Schema:         "FeedLinkMade",
			ExpectedContent: []string{
				`"atom_url":"http://example.com/initiatives/1/updates.atom?token=bbc_`,
				`"initiative_id":1`,
			},
		},
		{
			Name:           "a public initiative's link, by anyone signed in",
			Method:         "POST",
			URL:            me,
			Token:          "steward",
			Body:           `{"initiative_id":2}`,
			ExpectedStatus: 201,
			Schema:         "FeedLinkMade",
		},
		{
			Name:           "a private initiative one cannot see",
			Method:         "POST",
			URL:            me,
			Token:          "steward",
			Body:           `{"initiative_id":1}`,
			ExpectedStatus: 404,
		},
		{
			Name:            "an initiative id that is not a number",
			Method:          "POST",
			URL:             me,
			Token:           "lake",
			Body:            `{"initiative_id":"one"}`,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"field":"initiative_id"`},
		},
		{
			Name:            "a field that does not exist",
			Method:          "POST",
			URL:             me,
			Token:           "lake",
			Body:            `{"name":"x"}`,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"field":"name"`},
		},
		{Name: "making one signed out", Method: "POST", URL: me, Body: `{}`, ExpectedStatus: 401},

		{Name: "revoke one's own link", Method: "DELETE", URL: me + "/{lakelink}", Token: "lake", ExpectedStatus: 204},
		{
			Name:           "another's own calendar link",
			Method:         "DELETE",
			URL:            me + "/{lakelink}",
			Token:          "admin",
			ExpectedStatus: 404,
		},
		{
			Name:           "the backbone staff revoke a link to their initiative",
			Method:         "DELETE",
			URL:            me + "/{memberlink}",
			Token:          "staff",
			ExpectedStatus: 204,
		},
		{
			Name:           "a partner may not revoke another's link to the initiative",
			Method:         "DELETE",
			URL:            me + "/{memberlink}",
			Token:          "lake",
			ExpectedStatus: 404,
		},
		{Name: "a link that does not exist", Method: "DELETE", URL: me + "/999", Token: "lake", ExpectedStatus: 404},
		{
			Name:           "a link id that is not a number",
			Method:         "DELETE",
			URL:            me + "/abc",
			Token:          "lake",
			ExpectedStatus: 404,
		},
	})
}
