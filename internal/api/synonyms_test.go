package api

import "testing"

func TestSearchSynonymsAPI(t *testing.T) {
	const synonyms = prefix + "/directory/synonyms"
	runSearchScenarios(t, []scenario{
		{Name: "the list needs a sign-in", Method: "GET", URL: synonyms, ExpectedStatus: 401},
		{Name: "the seeded list", Method: "GET", URL: synonyms, Token: "member", ExpectedStatus: 200,
			Schema: "SynonymList", ExpectedContent: []string{`{"phrase":"rent help","replacement":"rental assistance"}`}},
		{Name: "rent help finds rental assistance", Method: "GET", URL: search + "?q=rent+help", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", NotExpectedContent: []string{`"total":0`},
			ExpectedContent: []string{`"synonyms":[{"phrase":"rent help","replacement":"rental assistance"}]`}},
		{Name: "a misspelling gets a did you mean", Method: "GET", URL: search + "?q=fod+pantry", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", ExpectedContent: []string{`"did_you_mean":"food pantry"`}},
		{Name: "no results near a place: a wider radius", Method: "GET",
			URL: search + "?q=zzzqqq&near=94063&radius=5", Token: "member", ExpectedStatus: 200, Schema: "ServiceSearchPage",
			ExpectedContent: []string{`"total":0`, `"offers":{"categories":[],"wider_radius_km":10}`}},
		{Name: "a member may not edit", Method: "PUT", URL: synonyms, Token: "member",
			Body: `{"items":[{"phrase":"bus","replacement":"transportation"}]}`, ExpectedStatus: 403},
		{Name: "a phrase of stop words is refused", Method: "PUT", URL: synonyms, Token: "steward",
			Body: `{"items":[{"phrase":"the","replacement":"transportation"}]}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"items[0].phrase"`}},
		{Name: "an unknown field is refused", Method: "PUT", URL: synonyms, Token: "steward",
			Body: `{"items":[{"phrase":"bus","replacement":"transportation","x":1}]}`, ExpectedStatus: 400},
		{Name: "a steward replaces the list", Method: "PUT", URL: synonyms, Token: "steward",
			Body:           `{"items":[{"phrase":"Bus","replacement":"transportation"}]}`,
			ExpectedStatus: 200, Schema: "SynonymList",
			ExpectedContent: []string{`{"items":[{"phrase":"bus","replacement":"transportation"}]}`}},
		{Name: "rent help no longer widens", Method: "GET", URL: search + "?q=rent+help", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", ExpectedContent: []string{`"total":0`},
			NotExpectedContent: []string{`"synonyms"`}},
		{Name: "a list left out deletes nothing", Method: "PUT", URL: "/api/v1/directory/synonyms", Token: "steward",
			Body: `{"items":null}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"items"`}},
	})
}
