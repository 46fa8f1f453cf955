package api

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// runServiceScenarios runs scenarios like runScenarios, on an app whose
// river organization has a location ({location}) and a service
// ({service}), and harbor a service of its own ({harbor-service}).
func runServiceScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			for _, s := range scenarios {
				t.Run(s.Name, func(t *testing.T) {
					t.Parallel()
					db := eng.open(t)
					s.run(t, serveTestApp(db, storetest.Fixture(t, db, "services", buildServiceApp)))
				})
			}
		})
	}
}

// buildServiceApp writes runServiceScenarios' fixture, on a copy of
// newTestApp's.
func buildServiceApp(t testing.TB, db *store.DB) apiFixture {
	base := storetest.Fixture(t, db, "api", buildTestApp)
	f := apiFixture{tokens: base.tokens, vars: maps.Clone(base.vars)}
	ctx, sys, dir := context.Background(), account.SystemActor("test"), directory.NewStore(db)
	if _, err := db.ExecContext(ctx, `INSERT INTO taxonomy_terms (id, name, taxonomy) VALUES ('food', 'Food', 'Open Eligibility')`); err != nil {
		t.Fatal(err)
	}
	lat, lon := 37.4852, -122.2364
	loc, err := dir.CreateLocation(ctx, sys, riverID, directory.LocationInput{Name: "Riverside pantry", Latitude: &lat, Longitude: &lon,
		Address: directory.AddressInput{Address1: "1 River Road", City: "Redwood City", StateProvince: "CA", PostalCode: "94063"},
		Phones:  []directory.PhoneInput{{Number: "650-555-0142", Type: "voice", Description: "Front desk"}}})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := dir.CreateService(ctx, sys, riverID, directory.ServiceInput{Name: "Meals on Wheels", Description: "Hot meals brought home",
		Languages: []string{"Spanish"}, TaxonomyTermIDs: []string{"food"}, LocationIDs: []string{loc.ID},
		Schedules: []directory.ScheduleInput{{Days: []string{"MO", "WE"}, OpensAt: "09:00", ClosesAt: "12:00"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The location's own hours, a row a day as imports write them.
	for i, day := range []string{"FR", "MO", "TU", "WE", "TH"} {
		if _, err := db.ExecContext(ctx, `INSERT INTO schedules (id, location_id, byday, opens_at, closes_at) VALUES ($1, $2, $3, '08:00', '17:00')`,
			fmt.Sprint("week-", i), loc.ID, day); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO schedules (id, location_id, freq, byday, opens_at, closes_at, description)
		VALUES ('month', $1, 'MONTHLY', '1SA', '10:00', '12:00', 'Repair café')`, loc.ID); err != nil {
		t.Fatal(err)
	}
	other, err := dir.CreateService(ctx, sys, harborID, directory.ServiceInput{Name: "Shelter beds"})
	if err != nil {
		t.Fatal(err)
	}
	away, err := dir.CreateLocation(ctx, sys, harborID, directory.LocationInput{Name: "Harbor shelter"})
	if err != nil {
		t.Fatal(err)
	}
	f.vars["{service}"], f.vars["{location}"], f.vars["{harbor-service}"], f.vars["{harbor-location}"] = sv.ID, loc.ID, other.ID, away.ID
	return f
}

func TestServiceScenarios(t *testing.T) {
	runServiceScenarios(t, []scenario{
		{Name: "list an organization's services", Method: "GET", URL: prefix + "/organizations/river/services", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceProfileList", ExpectedContent: []string{`"name":"Meals on Wheels"`, `"name":"Riverside pantry"`}},
		{Name: "services of an unknown organization", Method: "GET", URL: prefix + "/organizations/nowhere/services", Token: "steward",
			ExpectedStatus: 404},
		{Name: "one service in full", Method: "GET", URL: prefix + "/services/{service}", Token: "member", ExpectedStatus: 200,
			Schema: "ServiceProfile", ExpectedContent: []string{`"days":["MO","WE"]`, `"languages":["Spanish"]`, `"taxonomy_terms":[{"id":"food","name":"Food","taxonomy":"Open Eligibility"}]`,
				`1 River Road, Redwood City, CA 94063`, `"hours":["Mon, Wed 09:00–12:00"]`,
				`"address":"1 River Road, Redwood City, CA 94063","phones":[{"number":"650-555-0142","extension":"","type":"voice","description":"Front desk"}],` +
					`"hours":["Mon–Fri 08:00–17:00","1st Sat 10:00–12:00: Repair café"]`}},
		{Name: "an unknown service", Method: "GET", URL: prefix + "/services/nope", Token: "member", ExpectedStatus: 404},
		{Name: "no token", Method: "GET", URL: prefix + "/services/{service}", ExpectedStatus: 401},
		{Name: "its admin adds a service", Method: "POST", URL: prefix + "/organizations/river/services", Token: "member",
			Body: `{"name":"Pantry","eligibility_description":"Anyone","fees_description":"Free","minimum_age":18,"service_areas":["San Mateo County"],
				"phones":[{"number":"650-555-0100","type":"voice"}],"schedules":[{"days":["sa"],"opens_at":"9:00","closes_at":"13:00"}]}`,
			ExpectedStatus: 201, Schema: "ServiceProfile",
			ExpectedContent: []string{`"status":"active"`, `"service_areas":["San Mateo County"]`, `"opens_at":"09:00"`, `"days":["SA"]`}},
		{Name: "an outsider may not add a service", Method: "POST", URL: prefix + "/organizations/harbor/services", Token: "member",
			Body: `{"name":"Pantry"}`, ExpectedStatus: 403},
		{Name: "a service for an unknown organization", Method: "POST", URL: prefix + "/organizations/nowhere/services", Token: "steward",
			Body: `{"name":"Pantry"}`, ExpectedStatus: 404},
		{Name: "invalid fields are named", Method: "POST", URL: prefix + "/organizations/river/services", Token: "steward",
			Body:           `{"name":"","status":"closed","phones":[{"type":"fax"}],"schedules":[{"days":["MO"],"opens_at":"25:00","closes_at":"17:00"}]}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`, `"field":"status"`, `"field":"phones[0].number"`, `"field":"schedules[0].opens_at"`}},
		{Name: "an unknown field", Method: "POST", URL: prefix + "/organizations/river/services", Token: "steward",
			Body: `{"name":"Pantry","hours":"9-5"}`, ExpectedStatus: 400, ExpectedContent: []string{"hours"}},
		{Name: "end a service: defunct, lists kept", Method: "PATCH", URL: prefix + "/services/{service}", Token: "member",
			Body: `{"status":"defunct"}`, ExpectedStatus: 200, Schema: "ServiceProfile",
			ExpectedContent: []string{`"status":"defunct"`, `"languages":["Spanish"]`, `"days":["MO","WE"]`}},
		{Name: "a list sent replaces the list", Method: "PATCH", URL: prefix + "/services/{service}", Token: "steward",
			Body: `{"languages":["English","Tongan"],"location_ids":[]}`, ExpectedStatus: 200, Schema: "ServiceProfile",
			ExpectedContent: []string{`"languages":["English","Tongan"]`, `"locations":[]`}},
		{Name: "an outsider may not edit a service", Method: "PATCH", URL: prefix + "/services/{harbor-service}", Token: "member",
			Body: `{"status":"defunct"}`, ExpectedStatus: 403},
		{Name: "edit an unknown service", Method: "PATCH", URL: prefix + "/services/nope", Token: "steward",
			Body: `{"status":"defunct"}`, ExpectedStatus: 404},
		{Name: "links must be the organization's", Method: "PATCH", URL: prefix + "/services/{harbor-service}", Token: "steward",
			Body: `{"location_ids":["{location}"],"taxonomy_term_ids":["nope"]}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"location_ids"`, `"field":"taxonomy_term_ids"`}},
	})
}

func TestLocationScenarios(t *testing.T) {
	runServiceScenarios(t, []scenario{
		{Name: "list an organization's locations", Method: "GET", URL: prefix + "/organizations/river/locations", Token: "member",
			ExpectedStatus: 200, Schema: "LocationProfileList", ExpectedContent: []string{`"latitude":37.4852`, `"name":"Meals on Wheels"`}},
		{Name: "one location", Method: "GET", URL: prefix + "/locations/{location}", Token: "member", ExpectedStatus: 200,
			Schema: "LocationProfile", ExpectedContent: []string{`"address_1":"1 River Road"`, `"country":"US"`}},
		{Name: "an unknown location", Method: "GET", URL: prefix + "/locations/nope", Token: "member", ExpectedStatus: 404},
		{Name: "its admin adds a location", Method: "POST", URL: prefix + "/organizations/river/locations", Token: "member",
			Body:           `{"name":"Eastside","latitude":37.5,"longitude":-122.2,"phones":[{"number":"211"}],"address":{"address_1":"9 Elm St","city":"Menlo Park"}}`,
			ExpectedStatus: 201, Schema: "LocationProfile", ExpectedContent: []string{`"name":"Eastside"`, `"number":"211"`}},
		{Name: "an outsider may not add a location", Method: "POST", URL: prefix + "/organizations/harbor/locations", Token: "member",
			Body: `{"name":"Eastside"}`, ExpectedStatus: 403},
		{Name: "coordinates come in pairs, in range", Method: "POST", URL: prefix + "/organizations/river/locations", Token: "steward",
			Body: `{"name":"Eastside","latitude":95}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"longitude"`}},
		{Name: "an address needs a street (a P.O. box may have no city)", Method: "POST",
			URL: prefix + "/organizations/river/locations", Token: "steward",
			Body: `{"name":"Eastside","address":{"postal_code":"94063"}}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"address.address_1"`}, NotExpectedContent: []string{`"field":"address.city"`}},
		{Name: "move a location", Method: "PATCH", URL: prefix + "/locations/{location}", Token: "member",
			Body: `{"latitude":37.49,"longitude":-122.23}`, ExpectedStatus: 200, Schema: "LocationProfile",
			ExpectedContent: []string{`"latitude":37.49`, `"address_1":"1 River Road"`}},
		{Name: "an administrator may edit any location", Method: "PATCH", URL: prefix + "/locations/{location}", Token: "admin",
			Body: `{"name":"Mine now"}`, ExpectedStatus: 200},
		{Name: "an outsider may not edit a location", Method: "PATCH", URL: prefix + "/locations/{harbor-location}", Token: "member",
			Body: `{"name":"Mine now"}`, ExpectedStatus: 403},
		{Name: "edit an unknown location", Method: "PATCH", URL: prefix + "/locations/nope", Token: "steward",
			Body: `{"name":"X"}`, ExpectedStatus: 404},
	})
}
