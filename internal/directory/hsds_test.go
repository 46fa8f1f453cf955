package directory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

const (
	hsdsCSV      = "testdata/hsds/csv"
	hsdsExamples = "testdata/hsds/examples"
)

func readPath(t *testing.T, path string) *directory.Bundle {
	t.Helper()
	b, err := directory.ReadPath(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
}

func recordsOf(b *directory.Bundle, table string) []directory.Record {
	var out []directory.Record
	for _, r := range b.Records {
		if r.Table == table {
			out = append(out, r)
		}
	}
	return out
}

func TestReadHSDSCSVSpecExample(t *testing.T) {
	b := readPath(t, hsdsCSV)
	if b.Format != directory.HSDSCSVFormat {
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
	b, err := directory.ReadHSDSJSON("services.json", strings.NewReader(doc))
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
		_, err := directory.ReadHSDSJSON(c.name, strings.NewReader(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.doc, err, c.want)
		}
	}
	dir := copyDir(t, hsdsCSV)
	replaceIn(t, filepath.Join(dir, "phones.csv"), `"""+44 1234 234567"""`, "")
	_, err := directory.ReadPath(dir)
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
	if b := readPath(t, sample); b.Format != directory.OhanaFormat {
		t.Fatalf("Ohana folder read as %q", b.Format)
	}
	if b := readPath(t, filepath.Join(hsdsExamples, "organization_full.json")); b.Format != directory.HSDSJSONFormat {
		t.Fatalf("JSON read as %q", b.Format)
	}
	if _, err := directory.ReadPath(t.TempDir()); err == nil {
		t.Fatal("an empty folder was read")
	}
}

// freshLike returns a new, empty database on the same engine as db.
func freshLike(t *testing.T, db *store.DB) *store.DB {
	if db.Engine == store.Postgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}

func importAll(t *testing.T, db *store.DB, paths ...string) {
	t.Helper()
	s := directory.NewStore(db)
	for _, p := range paths {
		if _, err := s.SaveBundle(context.Background(), account.SystemActor("test"), readPath(t, p)); err != nil {
			t.Fatalf("import %s: %v", p, err)
		}
	}
}

func export(t *testing.T, db *store.DB) (string, directory.Counts) {
	t.Helper()
	dir := t.TempDir()
	c, err := directory.NewStore(db).ExportHSDS(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, c
}

func sameFiles(t *testing.T, a, b string, names ...string) {
	t.Helper()
	if len(names) == 0 {
		entries, _ := os.ReadDir(a)
		for _, e := range entries {
			names = append(names, e.Name())
		}
	}
	for _, n := range names {
		x, err1 := os.ReadFile(filepath.Join(a, n))
		y, err2 := os.ReadFile(filepath.Join(b, n))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", n, err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs after a round trip:\n%s\n---\n%s", n, clip(x), clip(y))
		}
	}
}

func clip(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "..."
	}
	return string(b)
}

func TestHSDSRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importAll(t, db, hsdsCSV, filepath.Join(hsdsExamples, "service_full.json"), filepath.Join(hsdsExamples, "organization_full.json"),
			filepath.Join(hsdsExamples, "service_at_location_full.json"), filepath.Join(hsdsExamples, "taxonomy_term.json"), sample)
		first, c := exportRoundTrip(t, db)
		if c.Organizations != 9 || c.Services != 24 || c.Schedules == 0 || c.TaxonomyTerms == 0 || c.Attributes == 0 || c.Contacts == 0 {
			t.Fatalf("exported %s", c)
		}

		// So do the JSON files, for the services and organizations they hold.
		viaJSON := freshLike(t, db)
		importAll(t, viaJSON, filepath.Join(first, "organizations.json"), filepath.Join(first, "services.json"))
		third, _ := export(t, viaJSON)
		sameFiles(t, first, third, "services.json", "organizations.json")
	})
}

// exportRoundTrip exports db's directory, checks every object against the
// official schemas, and checks that the whole package imports into an empty
// database and exports the same; it returns the export and its counts.
func exportRoundTrip(t *testing.T, db *store.DB) (string, directory.Counts) {
	t.Helper()
	first, c := export(t, db)
	validateExport(t, first)
	again := freshLike(t, db)
	importAll(t, again, first)
	second, c2 := export(t, again)
	if c2 != c {
		t.Fatalf("counts %s, then %s", c, c2)
	}
	sameFiles(t, first, second)
	return first, c
}

// validateExport checks every exported object against the official
// compiled schemas.
func validateExport(t *testing.T, dir string) {
	t.Helper()
	for _, f := range []struct{ file, schema string }{{"services.json", "service.json"}, {"organizations.json", "organization.json"}} {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft7)
		sch, err := c.Compile(filepath.Join("testdata/hsds/schema", f.schema))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, f.file))
		if err != nil {
			t.Fatal(err)
		}
		var objects []json.RawMessage
		if err := json.Unmarshal(data, &objects); err != nil {
			t.Fatal(err)
		}
		if len(objects) == 0 {
			t.Fatalf("%s is empty", f.file)
		}
		for i, raw := range objects {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s [%d]: %v", f.file, i, err)
			}
		}
	}
}

func TestHSDSReimportAndRefusal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importAll(t, db, hsdsCSV, filepath.Join(hsdsExamples, "service_full.json"))
		before := hsdsSnapshot(t, db)
		importAll(t, db, hsdsCSV)
		if after := hsdsSnapshot(t, db); after != before {
			t.Fatalf("re-import changed the counts: %s, then %s", before, after)
		}
		before = snapshot(t, db) + " " + hsdsSnapshot(t, db)

		// A cost option of a service that is nowhere: the package is refused whole.
		dir := copyDir(t, hsdsCSV)
		replaceIn(t, filepath.Join(dir, "cost_options.csv"), "1fdf4d39-3d80-484d-9f92-a8ffa08621e7,ac148810", "1fdf4d39-3d80-484d-9f92-a8ffa08621e7,00000000")
		replaceIn(t, filepath.Join(dir, "services.csv"), "Community Counselling", "Changed Name")
		b := readPath(t, dir)
		_, err := directory.NewStore(db).SaveBundle(context.Background(), account.SystemActor("test"), b)
		if err == nil || !strings.Contains(err.Error(), "cost_options.csv row 2: service_id: no service with id") {
			t.Fatalf("error %v", err)
		}
		if after := snapshot(t, db) + " " + hsdsSnapshot(t, db); after != before {
			t.Fatalf("a refused import changed the database: %s, then %s", before, after)
		}
		var name string
		if err := db.QueryRow(`SELECT name FROM services WHERE id = 'ac148810-d857-441c-9679-408f346de14b'`).Scan(&name); err != nil || name != "Community Counselling" {
			t.Fatalf("service name %q, %v", name, err)
		}
	})
}

func hsdsSnapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, table := range []string{"organizations", "locations", "addresses", "phones", "services", "service_at_locations", "taxonomies", "taxonomy_terms", "programs", "contacts", "schedules", "languages", "service_areas",
		"cost_options", "required_documents", "fundings", "accessibility", "organization_identifiers", "attributes", "metadata"} {
		var n string
		if err := db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ",")
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
		b, err := directory.ReadHSDSJSON(name, bytes.NewReader(data))
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
		b, err := directory.ReadHSDSCSV(fsys)
		if err == nil && b == nil {
			t.Fatal("no bundle and no error")
		}
	})
}
