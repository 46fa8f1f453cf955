package api

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

const search = prefix + "/services/search"

// runSearchScenarios runs scenarios against the usual test app over a
// database that also holds the San Mateo County sample directory.
func runSearchScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			db := eng.open(t)
			app := serveTestApp(db, storetest.Fixture(t, db, "search", buildSearchApp))
			for _, s := range scenarios {
				t.Run(s.Name, func(t *testing.T) { s.run(t, app) })
			}
		})
	}
}

// buildSearchApp writes newTestApp's fixture and the San Mateo County
// sample directory.
func buildSearchApp(t testing.TB, db *store.DB) apiFixture {
	f := storetest.Fixture(t, db, "api", buildTestApp)
	b, err := hsds.ReadPath("../hsds/testdata/ohana-smc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := directory.NewStore(db).SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSearchServices(t *testing.T) {
	runSearchScenarios(t, []scenario{
		{Name: "without a token", Method: "GET", URL: search + "?q=meals", ExpectedStatus: 401},
		{Name: "text, stemmed and ranked", Method: "GET", URL: search + "?q=meals", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage",
			ExpectedContent: []string{`"service_name":"`, `Meal`, `"capped":false`, `"phones":[`}},
		{
			Name:            "near a postal code, by distance",
			Method:          "GET",
			URL:             search + "?near=94063&radius=5&sort=distance&limit=3",
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "ServiceSearchPage",
			ExpectedContent: []string{`"distance_km":`, `Redwood City`, `"limit":3`},
			ExpectedHeaders: map[string]string{
				"Link": `</api/v1/services/search?limit=3&near=94063&offset=3&radius=5&sort=distance>; rel="next"`,
			},
		},
		{
			Name:           "near a point with words",
			Method:         "GET",
			URL:            search + "?q=counseling&near=37.4772,-122.2132&radius=30",
			Token:          "steward",
			ExpectedStatus: 200,
			Schema:         "ServiceSearchPage",
			// Near a point, the nearest first, the words only filtering:
			// no relevance score.
			ExpectedContent:    []string{`"near_latitude":37.4772`, `"score":0,`},
			NotExpectedContent: []string{`"score":0.`, `"score":1`, `"score":2`},
		},
		{
			Name:               "open at a given time (a Wednesday noon: the sample's weekday hours)",
			Method:             "GET",
			URL:                search + "?open_now=true&at=2026-03-04T12:00:00-08:00",
			Token:              "member",
			ExpectedStatus:     200,
			Schema:             "ServiceSearchPage",
			NotExpectedContent: []string{`"total":0`},
		},
		{
			Name:            "open at a given time (a Sunday at 3 am: nothing)",
			Method:          "GET",
			URL:             search + "?open_now=true&at=2026-03-08T03:00:00-08:00",
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "ServiceSearchPage",
			ExpectedContent: []string{`"total":0`},
		},
		{Name: "nothing matches", Method: "GET", URL: search + "?q=zzzqqq", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", ExpectedContent: []string{`"items":[]`, `"total":0`}},
		{Name: "the filters' choices", Method: "GET", URL: search + "/choices", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchChoices", ExpectedContent: []string{`"areas":[`, `"San Mateo County"`, `"languages":[`, `"Spanish"`, `"cities":[`, `"Redwood City"`,
				`{"taxonomy":"Ohana service keywords","categories":[`}},
		{Name: "the filters' choices need a sign-in", Method: "GET", URL: search + "/choices", ExpectedStatus: 401},
		{
			Name:           "near a street address",
			Method:         "GET",
			URL:            search + "?near=2600+Middlefield+Road,+Redwood+City&radius=1&sort=distance&limit=1",
			Token:          "member",
			ExpectedStatus: 200,
			Schema:         "ServiceSearchPage",
			ExpectedContent: []string{`"distance_km":0,`, `"near_latitude":37.47`,
				`"phones":[{"number":"650 780-7525","extension":"","type":"voice","description":""},{"number":"650 ` +
					`701-0856","extension":"","type":"fax","description":""}],"hours":["Mon 09:00–03:00"]`},
		},
		{Name: "near a city", Method: "GET", URL: search + "?near=Redwood+City&radius=5", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", ExpectedContent: []string{`"distance_km"`, `"Redwood City`}},
		{Name: "near an unknown place", Method: "GET", URL: search + "?near=Xanadu", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"near"`, `\"Xanadu\" was not found`}},
		{
			Name:           "near a city from the gazetteer, in miles",
			Method:         "GET",
			URL:            search + "?q=food&near=Palo+Alto&radius=16",
			Token:          "member",
			ExpectedStatus: 200,
			Schema:         "ServiceSearchPage",
			ExpectedContent: []string{`"distance_unit":"mi"`,
				`"near_latitude":37.44188,"near_longitude":-122.14302`, `"distance":`},
		},
		{Name: "near a town in another state", Method: "GET", URL: search + "?near=Palo+Alto,+PA", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceSearchPage", ExpectedContent: []string{`"total":0`,
				`"near_latitude":40.68731`}},
		{
			Name:            "near a postal code from the gazetteer",
			Method:          "GET",
			URL:             search + "?near=94301&radius=20",
			Token:           "member",
			ExpectedStatus:  200,
			Schema:          "ServiceSearchPage",
			ExpectedContent: []string{`"near_latitude":37.444218`, `"distance":`},
		},
		{Name: "bad near", Method: "GET", URL: search + "?near=91,500", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"near"`}},
		{Name: "unknown postal code", Method: "GET", URL: search + "?near=00000", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"near"`, `postal code`}},
		{Name: "bad radius", Method: "GET", URL: search + "?near=94063&radius=far", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"radius"`}},
		{Name: "distance without near", Method: "GET", URL: search + "?sort=distance", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"sort"`}},
		{Name: "limit zero", Method: "GET", URL: search + "?limit=0", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"limit"`}},
		{Name: "bad open_now and at", Method: "GET", URL: search + "?open_now=maybe&at=noon", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"at"`, `"field":"open_now"`}},
		{Name: "documented", Method: "GET", URL: prefix + "/openapi.json",
			ExpectedStatus: 200, ExpectedContent: []string{`"/services/search"`, `"ServiceSearchPage"`, `"open_now"`}},
	})
}
