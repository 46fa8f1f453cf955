package directory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// The hsds package's test files, which the directory imports and exports.
const (
	hsdsCSV      = "../hsds/testdata/hsds/csv"
	hsdsExamples = "../hsds/testdata/hsds/examples"
	hsds20       = "../hsds/testdata/hsds-2.0"
	hsds11       = "../hsds/testdata/hsds-1.1"
	sample       = "../hsds/testdata/ohana-smc"
)

// readPath reads a directory file or folder (hsds.ReadPath).
func readPath(t testing.TB, path string) *hsds.Bundle {
	t.Helper()
	b, err := hsds.ReadPath(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
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
	c, err := directory.NewStore(db).ExportHSDS(context.Background(), actor, dir)
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
		sch, err := c.Compile(filepath.Join("../hsds/testdata/hsds/schema", f.schema))
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
		b := readPath(t, hsdsCSV)
		for _, r := range b.Records {
			if r.Table == "cost_option" && r.ID == "1fdf4d39-3d80-484d-9f92-a8ffa08621e7" {
				r.Values["service_id"] = "00000000" + strings.TrimPrefix(r.Values["service_id"], "ac148810")
			}
		}
		for i := range b.Services {
			if b.Services[i].Name == "Community Counselling" {
				b.Services[i].Name = "Changed Name"
			}
		}
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

// TestHSDSLegacyImport: both packages import, export as 3.0 objects that
// validate against the official schemas and import back the same, and
// importing a package again changes nothing, on both engines.
func TestHSDSLegacyImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importAll(t, db, hsds20, hsds11)
		before := hsdsSnapshot(t, db)
		importAll(t, db, hsds20, hsds11)
		if after := hsdsSnapshot(t, db); after != before {
			t.Fatalf("importing again changed the counts: %s, then %s", before, after)
		}
		_, c := exportRoundTrip(t, db)
		if c.Organizations != 3 || c.Services != 4 || c.Addresses != 4 || c.Schedules != 7 || c.Attributes != 8 || c.Taxonomies != 3 {
			t.Fatalf("exported %s", c)
		}
		// The search finds the services by their categories and places.
		q := directory.SearchQuery{Text: "groceries", Category: "Food Pantry", Near: "94063", RadiusKm: 10}
		p, err := directory.NewStore(db).Search(t.Context(), actor, q)
		if err != nil || p.Total != 1 || p.Items[0].ServiceName != "Weekly Pantry" {
			t.Fatalf("search: %v %+v", err, p)
		}
	})
}
