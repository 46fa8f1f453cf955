package api

import (
	"context"
	"os"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

const qualityFixture = "../directory/testdata/quality.json"

// runQualityScenarios runs scenarios, each on its own app whose directory
// is runServiceScenarios' with the data-quality fixture imported.
func runQualityScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			for _, s := range scenarios {
				t.Run(s.Name, func(t *testing.T) {
					t.Parallel()
					db := eng.open(t)
					s.run(t, serveTestApp(db, storetest.Fixture(t, db, "quality", buildQualityApp)))
				})
			}
		})
	}
}

func buildQualityApp(t testing.TB, db *store.DB) apiFixture {
	f := storetest.Fixture(t, db, "services", buildServiceApp)
	b, err := hsds.ReadPath(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := directory.NewStore(db).SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestDirectoryQualityAPI: a file HSDS 3.0 accepts imports (a P.O. box
// without a city, two organizations whose names differ only in case), the
// answer carries its data-quality report, and the stewards read the
// directory's report by kind; a file that breaks the schema is still
// refused whole, naming the record and field.
func TestDirectoryQualityAPI(t *testing.T) {
	county, err := os.ReadFile(qualityFixture)
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(
		`[{"id":"s1","name":"Pantry","status":"sometimes","organization":{"id":"o1","name":"A","description":"B"}}]`,
	)
	imp := prefix + "/directory/import?filename=county.json"
	q := prefix + "/directory/quality"
	runServiceScenarios(t, []scenario{
		{
			Name:            "a file that breaks the schema is refused whole",
			Method:          "POST",
			URL:             imp,
			Token:           "steward",
			Body:            string(bad),
			ExpectedStatus:  422,
			ExpectedContent: []string{"nothing was imported", "status", "sometimes"},
		},
		{Name: "a file HSDS accepts imports, with its quality report", Method: "POST", URL: imp, Token: "steward",
			Body: string(county), ExpectedStatus: 200, Schema: "DirectoryImport",
			ExpectedContent: []string{`"organizations":2`, `"quality":{"total":9`,
				`{"kind":"closes_before_opens","label":"Hours that close before they open","count":1}`,
				`"fix_url":"/services/9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c0001/edit"`}},
	})
	runQualityScenarios(t, []scenario{
		{Name: "the stewards read the report", Method: "GET", URL: q, Token: "steward", ExpectedStatus: 200,
			Schema: "QualityReport", ExpectedContent: []string{`"total":10`, `"matched":10`,
				`"kind":"empty_required","record":"address"`, `"field":"city"`, `"kind":"unknown_language"`, `"value":"Klingon"`}},
		{
			Name:               "by kind, paged",
			Method:             "GET",
			URL:                q + "?kind=name_collision&limit=1",
			Token:              "steward",
			ExpectedStatus:     200,
			Schema:             "QualityReport",
			ExpectedContent:    []string{`"matched":2`, `"limit":1`, `"record":"organization","record_id":"9d1c3b6e`},
			NotExpectedContent: []string{`"kind":"phone_not_number","record"`},
		},
		{Name: "an unknown kind", Method: "GET", URL: q + "?kind=typos", Token: "steward", ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"kind"`}},
		{
			Name:           "a limit that is not a number",
			Method:         "GET",
			URL:            q + "?limit=ten",
			Token:          "steward",
			ExpectedStatus: 422,
		},
		{Name: "a member may not read it", Method: "GET", URL: q, Token: "member", ExpectedStatus: 403},
		{Name: "no token", Method: "GET", URL: q, ExpectedStatus: 401},
	})
}
