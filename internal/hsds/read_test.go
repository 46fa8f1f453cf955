package hsds_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"backbone/internal/hsds"
)

const (
	hsdsCSV      = "testdata/hsds/csv"
	hsdsExamples = "testdata/hsds/examples"
)

func readPath(t *testing.T, path string) *hsds.Bundle {
	t.Helper()
	b, err := hsds.ReadPath(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
}

func recordsOf(b *hsds.Bundle, table string) []hsds.Record {
	var out []hsds.Record
	for _, r := range b.Records {
		if r.Table == table {
			out = append(out, r)
		}
	}
	return out
}

func TestReadHSDSCSVSpecExample(t *testing.T) {
	b := readPath(t, hsdsCSV)
	if b.Format != hsds.CSVFormat {
		t.Fatalf("format %q", b.Format)
	}
	got := []int{len(b.Organizations), len(b.Locations), len(b.Addresses), len(b.Phones), len(b.Services), len(b.ServiceAtLocations)}
	for _, n := range got {
		if n != 1 {
			t.Fatalf("organizations, locations, addresses, phones, services, service_at_locations = %v, want one each", got)
		}
	}
	for _, table := range []string{"taxonomy", "taxonomy_term", "program", "contact", "schedule", "language", "service_area",
		"cost_option", "required_document", "funding", "accessibility", "organization_identifier", "attribute", "metadata", "meta_table_description"} {
		if n := len(recordsOf(b, table)); n != 1 {
			t.Errorf("%d %s records, want 1", n, table)
		}
	}
	sv := b.Services[0]
	if sv.ID != "ac148810-d857-441c-9679-408f346de14b" || sv.ProgramID != "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42" || sv.FeesText != "fees_description" ||
		*sv.MinimumAge != 12 || *sv.MaximumAge != 100 || sv.AssuredDate != "2005-01-01" || sv.Source != "services.csv row 2" {
		t.Fatalf("service %+v", sv)
	}
	sc := recordsOf(b, "schedule")[0]
	if sc.Values["byday"] != "TH,FR" || sc.Values["freq"] != "WEEKLY" || sc.Values["opens_at"] != "10:00:00" || sc.Values["timezone"] != "3" {
		t.Fatalf("schedule %+v", sc)
	}
	if o := b.Organizations[0]; o.Logo == "" || o.URI != "http://example.com" || *o.YearIncorporated != 2011 || o.ParentOrganizationID == "" {
		t.Fatalf("organization %+v", o)
	}
}

func TestReadHSDSJSONExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(hsdsExamples, "*.json"))
	if len(files) < 10 {
		t.Fatalf("only %d example files", len(files))
	}
	for _, f := range files {
		b := readPath(t, f)
		if len(b.Organizations)+len(b.Services)+len(b.Locations)+len(b.ServiceAtLocations)+len(b.Records) == 0 {
			t.Errorf("%s: nothing read", f)
		}
	}
	b := readPath(t, filepath.Join(hsdsExamples, "service_full.json"))
	if len(b.Services) != 1 || len(b.Organizations) != 1 || b.Services[0].OrganizationID != b.Organizations[0].ID {
		t.Fatalf("service_full: services %+v organizations %+v", b.Services, b.Organizations)
	}
	if len(b.ServiceAtLocations) != 1 || len(b.Locations) != 1 || b.ServiceAtLocations[0].LocationID != b.Locations[0].ID {
		t.Fatalf("service_full: service at location %+v, locations %+v", b.ServiceAtLocations, b.Locations)
	}
	for _, table := range []string{"taxonomy_term", "schedule", "language", "service_area", "contact", "cost_option", "required_document", "funding", "program"} {
		if len(recordsOf(b, table)) == 0 {
			t.Errorf("service_full: no %s", table)
		}
	}
	// A nested object that does not say whose it is belongs to its parent.
	doc := `[{"id":"s1","name":"Meals","status":"Active","organization":{"id":"o1","name":"Org","description":"d"},
		"phones":[{"id":"p1","number":"555"}],"attributes":[{"id":"a1","taxonomy_term":{"id":"t1","name":"Food","description":""}}]}]`
	b, err := hsds.ReadJSON("services.json", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if b.Services[0].OrganizationID != "o1" || b.Services[0].Status != "active" || b.Phones[0].ServiceID != "s1" {
		t.Fatalf("links not filled: %+v %+v", b.Services[0], b.Phones[0])
	}
	a := recordsOf(b, "attribute")[0]
	if a.Values["link_id"] != "s1" || a.Values["link_entity"] != "service" || a.Values["taxonomy_term_id"] != "t1" {
		t.Fatalf("attribute %+v", a)
	}
}

func TestReadHSDSProblems(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"services.json", `[{"id":"s1","name":"A","status":"active"},{"id":"s2","name":"B","status":"active","phones":[{"id":"p"}]}]`,
			"services.json: [1].phones[0].number: is required"},
		{"services.json", `{"id":"s1","name":"A","status":"open"}`, `services.json: status: "open" is not one of active`},
		{"service_list.json", `{"total_items":1,"contents":[{"id":"s1","name":"A","status":"active","minimum_age":"ten"}]}`,
			`service_list.json: contents[0].minimum_age: "ten" is not a number`},
		{"organizations.json", `[{"id":"o","name":"O","description":"","locations":[{"id":"l","location_type":"physical","addresses":{}}]}]`,
			"organizations.json: [0].locations[0].addresses: must be an array, not an object"},
		{"services.json", `[1]`, "[0]: must be an object"},
		{"services.json", `{"id":`, "services.json: not JSON"},
	}
	for _, c := range cases {
		_, err := hsds.ReadJSON(c.name, strings.NewReader(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.doc, err, c.want)
		}
	}
	dir := copyDir(t, hsdsCSV)
	replaceIn(t, filepath.Join(dir, "phones.csv"), `"""+44 1234 234567"""`, "")
	_, err := hsds.ReadPath(dir)
	if err == nil || !strings.Contains(err.Error(), "phones.csv row 2: number: is required") {
		t.Fatalf("error %v", err)
	}
}

func copyDir(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadPathFormats(t *testing.T) {
	if b := readPath(t, sample); b.Format != hsds.OhanaFormat {
		t.Fatalf("Ohana folder read as %q", b.Format)
	}
	if b := readPath(t, filepath.Join(hsdsExamples, "organization_full.json")); b.Format != hsds.JSONFormat {
		t.Fatalf("JSON read as %q", b.Format)
	}
	if _, err := hsds.ReadPath(t.TempDir()); err == nil {
		t.Fatal("an empty folder was read")
	}
}

func FuzzReadHSDSJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(hsdsExamples, "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(file), data)
	}
	f.Add("x.json", []byte(`{"contents":[{"status":1,"phones":[null,{"languages":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := hsds.ReadJSON(name, bytes.NewReader(data))
		if err == nil && b == nil {
			t.Fatal("no bundle and no error")
		}
	})
}

func FuzzReadHSDSCSV(f *testing.F) {
	for _, file := range []string{"services.csv", "phones.csv", "schedules.csv", "organizations.csv"} {
		data, err := os.ReadFile(filepath.Join(hsdsCSV, file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(file, data)
	}
	f.Add("locations.csv", []byte("id,location_type,latitude\n1,PHYSICAL,NaN\n"))
	pkg, err := os.ReadFile(filepath.Join(hsdsCSV, "datapackage.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		fsys := fstest.MapFS{"datapackage.json": {Data: pkg}, file: {Data: data}}
		b, err := hsds.ReadCSV(fsys)
		if err == nil && b == nil {
			t.Fatal("no bundle and no error")
		}
	})
}
