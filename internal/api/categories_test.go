package api

import (
	"testing"

	"backbone/internal/taxonomy/openeligibility"
)

func TestCategoryMappingsAPI(t *testing.T) {
	const mappings = prefix + "/directory/category-mappings"
	food := openeligibility.TermID("human_services:food:food_pantry")
	runStory(t, []scenario{
		{
			Name:            "none yet",
			Method:          "GET",
			URL:             mappings,
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "CategoryMappingList",
			ExpectedContent: []string{`{"items":[]}`},
		},
		{Name: "a member may not map", Method: "PUT", URL: mappings, Token: "member",
			Body: `{"items":[{"keyword":"Food Pantries","term_ids":["` + food + `"]}]}`, ExpectedStatus: 403},
		{Name: "a term of no built-in category is refused", Method: "PUT", URL: mappings, Token: "steward",
			Body: `{"items":[{"keyword":"Food Pantries","term_ids":["nope"]}]}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"mappings[0].term_ids"`}},
		{Name: "a steward maps a keyword and keeps one as a situation", Method: "PUT", URL: mappings, Token: "steward",
			Body: `{"items":[{"keyword":"Food Pantries","term_ids":["` + food + `"]},` +
				`{"keyword":"Bisexual","situation":true}]}`,
			ExpectedStatus: 200, Schema: "CategoryMappingList",
			ExpectedContent: []string{`"keyword":"Bisexual","term_ids":[],"situation":true`,
				`"keyword":"Food Pantries","term_ids":["` + food + `"],"situation":false`}},
		{
			Name:           "the keywords with their suggestions",
			Method:         "GET",
			URL:            prefix + "/directory/keywords",
			Token:          "member",
			ExpectedStatus: 200,
			Schema:         "KeywordList",
		},
	})
}
