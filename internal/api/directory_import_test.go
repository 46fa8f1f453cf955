package api

import (
	"os"
	"testing"

	"backbone/internal/testutil/filetest"
)

// TestDirectoryImportAPI: a steward imports a directory file through the
// API, as the body or a multipart form, in any format the web upload
// takes; a bad row refuses the whole file, naming file, row and field;
// others may not.
func TestDirectoryImportAPI(t *testing.T) {
	url := prefix + "/directory/import"
	older := string(filetest.Zip(t, "../hsds/testdata/hsds-2.0", ""))
	broken := string(filetest.Zip(t, "../hsds/testdata/hsds-2.0", "", "physical_addresses.csv", "2 Oak Ave", ""))
	service, err := os.ReadFile("../hsds/testdata/hsds/examples/service_full.json")
	if err != nil {
		t.Fatal(err)
	}
	zipType := map[string]string{"Content-Type": "application/zip"}
	form, formType := multipartBody(t, "file", "eastbay.zip", older)
	runServiceScenarios(t, []scenario{
		{
			Name:           "an HSDS 2.0 package as a ZIP body",
			Method:         "POST",
			URL:            url,
			Token:          "steward",
			Body:           older,
			Headers:        zipType,
			ExpectedStatus: 200,
			Schema:         "DirectoryImport",
			ExpectedContent: []string{
				`"file":"directory.zip"`,
				`"format":"hsds-2.0-csv"`,
				`"organizations":2`,
				`"services":2`,
				`"addresses":3`,
			},
		},
		{
			Name:            "the same as a form's file",
			Method:          "POST",
			URL:             url,
			Token:           "steward",
			Body:            form,
			Headers:         map[string]string{"Content-Type": formType},
			ExpectedStatus:  200,
			Schema:          "DirectoryImport",
			ExpectedContent: []string{`"file":"eastbay.zip"`, `"services":2`},
		},
		{
			Name:            "an HSDS 3.0 JSON file",
			Method:          "POST",
			URL:             url + "?filename=service_full.json",
			Token:           "steward",
			Body:            string(service),
			ExpectedStatus:  200,
			Schema:          "DirectoryImport",
			ExpectedContent: []string{`"format":"hsds-3.0-json"`, `"services":1`},
		},
		{Name: "a bad row refuses the file", Method: "POST", URL: url, Token: "steward", Body: broken, Headers: zipType,
			ExpectedStatus: 422, ExpectedContent: []string{"nothing was imported", "physical_addresses.csv row 3: address_1: is required"}},
		{
			Name:           "not a directory file",
			Method:         "POST",
			URL:            url,
			Token:          "steward",
			Body:           "hello",
			Headers:        map[string]string{"Content-Type": "text/plain"},
			ExpectedStatus: 415,
		},
		{
			Name:           "a member may not import",
			Method:         "POST",
			URL:            url,
			Token:          "member",
			Body:           older,
			Headers:        zipType,
			ExpectedStatus: 403,
		},
		{Name: "no token", Method: "POST", URL: url, Body: older, Headers: zipType, ExpectedStatus: 401},
		// The export: a ZIP of the HSDS 3.0 files, to anyone who may see the directory.
		{Name: "export", Method: "GET", URL: prefix + "/directory/export", Token: "member", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"Content-Type": "application/zip"},
			ExpectedContent: []string{
				"PK\x03\x04",
				"services.json",
				"organizations.json",
				"datapackage.json",
				"services.csv",
			}},
		{Name: "export needs a token", Method: "GET", URL: prefix + "/directory/export", ExpectedStatus: 401},
		{
			Name:            "export in HSDS 3.1",
			Method:          "GET",
			URL:             prefix + "/directory/export?version=3.1",
			Token:           "member",
			ExpectedStatus:  200,
			ExpectedHeaders: map[string]string{"Content-Type": "application/zip"},
			ExpectedContent: []string{"PK\x03\x04", "services.json", "url.csv", "units.csv", "service_capacity.csv"},
		},
		{
			Name:            "export in an unknown version",
			Method:          "GET",
			URL:             prefix + "/directory/export?version=2.9",
			Token:           "member",
			ExpectedStatus:  422,
			ExpectedContent: []string{"version", "must be one of 3.0, 3.1"},
		},
	})
}
