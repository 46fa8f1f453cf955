package api

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
)

// duplicateServices is a directory where one organization wrote its pantry
// twice (the same name but for case and "Program", one phone), the second
// with a schedule and Spanish.
func duplicateServices() *hsds.Bundle {
	return &hsds.Bundle{
		Organizations: []hsds.OrganizationRecord{{ID: "svdp", Name: "St. Vincent de Paul"}},
		Services: []hsds.ServiceRecord{
			{ID: "pantry", OrganizationID: "svdp", Name: "Food Pantry", Status: "active",
				Description: "Groceries weekly."},
			{ID: "pantry-2", OrganizationID: "svdp", Name: "Food pantry program", Status: "active",
				Description: "Bags of groceries every Tuesday."},
		},
		Phones: []hsds.PhoneRecord{
			{ID: "p1", ServiceID: "pantry", Number: "650-555-0100"},
			{ID: "p2", ServiceID: "pantry-2", Number: "(650) 555-0100"},
		},
		Records: []hsds.Record{
			{Source: "l1", Table: "language", ID: "l1", Values: map[string]string{"service_id": "pantry-2",
				"code": "es", "name": "Spanish"}},
			{Source: "sc1", Table: "schedule", ID: "sc1", Values: map[string]string{"service_id": "pantry-2",
				"byday": "TU", "freq": "WEEKLY", "opens_at": "09:00", "closes_at": "12:00"}},
		},
	}
}

func TestServiceMergesAPI(t *testing.T) {
	const dir = prefix + "/directory"
	scenarios := []scenario{
		{Name: "a member may not list duplicate services", Method: "GET", URL: dir + "/duplicate-services",
			Token: "member", ExpectedStatus: 403},
		{Name: "nor may an anonymous caller", Method: "GET", URL: dir + "/duplicate-services", ExpectedStatus: 401},
		{Name: "the steward sees the pair", Method: "GET", URL: dir + "/duplicate-services", Token: "steward",
			ExpectedStatus: 200, Schema: "ServiceDuplicatePage", ExpectedContent: []string{`"total":1`,
				`"same_organization":true`, `"a":{"id":"pantry","name":"Food Pantry"`, `"kind":"phone"`}},
		{Name: "a bad limit", Method: "GET", URL: dir + "/duplicate-services?limit=5000", Token: "steward",
			ExpectedStatus: 422, ExpectedContent: []string{"limit"}},
		{Name: "the preview", Method: "GET", URL: dir + "/service-merge-preview?keep_id=pantry&merge_id=pantry-2",
			Token: "steward", ExpectedStatus: 200, Schema: "ServiceMergePreview", ExpectedContent: []string{
				`"name":"description"`, `"other":"Bags of groceries every Tuesday."`, `"languages.service_id":1`}},
		{Name: "a member may not merge", Method: "POST", URL: dir + "/service-merges", Token: "member",
			Body: `{"keep_id":"pantry","merge_id":"pantry-2"}`, ExpectedStatus: 403},
		{Name: "an organization's field is not a service's", Method: "POST", URL: dir + "/service-merges",
			Token: "steward", Body: `{"keep_id":"pantry","merge_id":"pantry-2","take":["tax_id"]}`,
			ExpectedStatus: 422, ExpectedContent: []string{"take"}},
		{Name: "one service twice", Method: "POST", URL: dir + "/service-merges", Token: "steward",
			Body: `{"keep_id":"pantry","merge_id":"pantry"}`, ExpectedStatus: 422,
			ExpectedContent: []string{"merge_id"}},
		{Name: "an unknown service", Method: "POST", URL: dir + "/service-merges", Token: "steward",
			Body: `{"keep_id":"pantry","merge_id":"nope"}`, ExpectedStatus: 404},
		{Name: "the merge", Method: "POST", URL: dir + "/service-merges", Token: "steward",
			Body: `{"keep_id":"pantry","merge_id":"pantry-2","take":["description"]}`, ExpectedStatus: 201,
			Schema: "ServiceMerge", ExpectedContent: []string{`"id":1`, `"merged_status":"active"`,
				`"status":"defunct"`, `"schedules.service_id":1`,
				`{"field":"description","before":"Groceries weekly.","after":"Bags of groceries every Tuesday."}`}},
		{Name: "the kept service has what moved", Method: "GET", URL: prefix + "/services/pantry", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"description":"Bags of groceries every Tuesday."`,
				`"languages":["Spanish"]`}},
		{Name: "no more duplicates", Method: "GET", URL: dir + "/duplicate-services", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":0`}},
		{Name: "merged twice", Method: "POST", URL: dir + "/service-merges", Token: "steward",
			Body: `{"keep_id":"pantry","merge_id":"pantry-2"}`, ExpectedStatus: 409},
		{Name: "the merge's record", Method: "GET", URL: dir + "/service-merges/1", Token: "steward",
			ExpectedStatus: 200, Schema: "ServiceMerge", ExpectedContent: []string{`"undone_at":null`}},
		{Name: "a member may not read it", Method: "GET", URL: dir + "/service-merges/1", Token: "member",
			ExpectedStatus: 403},
		{Name: "a missing merge", Method: "GET", URL: dir + "/service-merges/9", Token: "steward", ExpectedStatus: 404},
		{Name: "a member may not undo", Method: "POST", URL: dir + "/service-merges/1/undo", Token: "member",
			ExpectedStatus: 403},
		{Name: "the undo", Method: "POST", URL: dir + "/service-merges/1/undo", Token: "steward", ExpectedStatus: 200,
			Schema: "ServiceMerge", ExpectedContent: []string{`"undone_by":"steward@example.org"`}},
		{Name: "the kept service has its own back", Method: "GET", URL: prefix + "/services/pantry", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"description":"Groceries weekly."`, `"languages":[]`}},
		{Name: "the merged service is back", Method: "GET", URL: prefix + "/services/pantry-2", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"active"`, `"languages":["Spanish"]`}},
		{Name: "undo twice", Method: "POST", URL: dir + "/service-merges/1/undo", Token: "steward",
			ExpectedStatus: 409},
		{Name: "a member may not dismiss", Method: "POST", URL: dir + "/duplicate-services/dismiss", Token: "member",
			Body: `{"a_id":"pantry-2","b_id":"pantry"}`, ExpectedStatus: 403},
		{Name: "not a duplicate", Method: "POST", URL: dir + "/duplicate-services/dismiss", Token: "steward",
			Body: `{"a_id":"pantry-2","b_id":"pantry"}`, ExpectedStatus: 204},
		{Name: "dismissed for good", Method: "GET", URL: dir + "/duplicate-services", Token: "steward",
			ExpectedStatus: 200, ExpectedContent: []string{`"total":0`}},
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			db := eng.open(t)
			app := newTestApp(t, db)
			if _, err := directory.NewStore(db).SaveBundle(context.Background(), account.SystemActor("test"),
				duplicateServices()); err != nil {
				t.Fatal(err)
			}
			for _, s := range scenarios {
				if !t.Run(s.Name, func(t *testing.T) { s.run(t, app) }) {
					return
				}
			}
		})
	}
}
