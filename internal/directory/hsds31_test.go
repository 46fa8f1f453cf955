package directory_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// The HSDS 3.1 fixtures: a service in the JSON form with every object and
// field 3.1 adds (shapes from the 3.1 schemas' examples), and the
// specification's 3.0 example package with 3.1's columns and tables added.
const (
	hsds31JSON    = "../hsds/testdata/hsds-3.1/services.json"
	hsds31CSV     = "../hsds/testdata/hsds-3.1/csv"
	hsds31Schemas = "../hsds/testdata/hsds-3.1/schema"
)

// TestHSDS31Import: a 3.1 JSON file and a 3.1 package import with their 3.1
// fields kept; a 3.1 export validates against the 3.1 schemas and imports
// back the same; a 3.0 export of the same directory leaves 3.1 out and
// still validates against 3.0's, on both engines.
func TestHSDS31Import(t *testing.T) {
	for path, want := range map[string]string{hsds31JSON: "hsds-3.1-json", hsds31CSV: "hsds-3.1-csv",
		hsdsCSV: "hsds-3.0-csv",
		filepath.Join(hsdsExamples, "service_full.json"): "hsds-3.0-json"} {
		if got := readPath(t, path).Format; got != want {
			t.Errorf("%s read as %s, want %s", path, got, want)
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importAll(t, db, hsds31CSV, hsds31JSON)
		for _, q := range []struct{ sql, want string }{
			{`SELECT COUNT(*) FROM urls`, "4"},
			{`SELECT label FROM urls WHERE id = '30951f94-7b24-11ef-ba1b-a79405d4dcaa'`, "Twitter"},
			{`SELECT organization_id FROM urls WHERE id = '30951f94-7b24-11ef-ba1b-a79405d4dcaa'`,
				"3a1ab1c4-7bdc-11ef-8c2b-0b3b6e8f2e11"},
			{`SELECT service_id FROM urls WHERE id = '4a2c9d10-7b24-11ef-a1b2-5f3c1d2e4f60'`,
				"f75b808e-7bdb-11ef-afaa-ab00a77dc5c4"},
			{`SELECT COUNT(*) FROM units`, "2"},
			{`SELECT name FROM units WHERE id = '187a37a2-7b40-11ef-9790-dbf7623d4407'`, "Bed"},
			{`SELECT COUNT(*) FROM service_capacities`, "2"},
			{`SELECT available || '/' || maximum || ' ' || unit_id FROM service_capacities
				WHERE service_id = 'f75b808e-7bdb-11ef-afaa-ab00a77dc5c4'`, "12/40 187a37a2-7b40-11ef-9790-dbf7623d4407"},
			{`SELECT label FROM attributes WHERE id = '6c1f3d95-7bdc-11ef-8e6f-3a8f2b4d5c61'`, "Night shelter"},
			{`SELECT label FROM attributes WHERE id = 'ae58cc39-8b70-4ab1-8aea-786882e5ac8e'`, "An Example Label"},
			{`SELECT service_at_location_id FROM service_areas WHERE id = 'b05371d9-7bdc-11ef-82a3-7ecd6f8190a5'`,
				"af69894e-7bed-11ef-a85c-07e0918a608c"},
			{`SELECT service_at_location_id FROM service_areas WHERE id = '381c64f1-a724-4884-9c21-ac96c21cca3e'`,
				"e94c9f38-1e8f-4564-91d4-d53501ab1765"},
		} {
			var got string
			if err := db.QueryRow(q.sql).Scan(&got); err != nil || strings.TrimSuffix(got, ".0") != q.want {
				// PostgreSQL writes 12/40 as 12/40; SQLite as 12.0/40.0.
				if strings.ReplaceAll(got, ".0", "") != q.want {
					t.Errorf("%s: %q, %v; want %q", q.sql, got, err, q.want)
				}
			}
		}

		// 3.1: validated against the 3.1 schemas, imported back the same.
		dir, c := exportVersion(t, db, hsds.V31)
		if c.URLs != 4 || c.Units != 2 || c.ServiceCapacities != 2 {
			t.Fatalf("exported %s, %+v", c, c)
		}
		validateAgainst(t, dir, hsds31Schemas)
		services := readFile(t, dir, "services.json")
		for _, want := range []string{`"capacities"`, `"additional_urls"`, `"label": "Night shelter"`,
			`"service_areas"`, `"unit": {`, `"updated": "2024-09-25T13:23:06Z"`, `"opens_at": "19:00:00"`} {
			if !strings.Contains(services, want) {
				t.Errorf("services.json (3.1) lacks %s", want)
			}
		}
		if !strings.Contains(readFile(t, dir, "organizations.json"), `"additional_websites"`) {
			t.Error("organizations.json (3.1) lacks additional_websites")
		}
		if !strings.Contains(readFile(t, dir, "datapackage.json"), `"version": "3.1.0"`) {
			t.Error("the 3.1 package does not say its version")
		}
		again := freshLike(t, db)
		importAll(t, again, dir)
		dir2, c2 := exportVersion(t, again, hsds.V31)
		if c2 != c {
			t.Fatalf("counts %s, then %s", c, c2)
		}
		sameFiles(t, dir, dir2)

		// 3.0 by default: none of 3.1, valid against 3.0's schemas.
		dir30, c30 := export(t, db)
		validateExport(t, dir30)
		if c30.URLs != 0 || c30.Units != 0 || c30.ServiceCapacities != 0 {
			t.Fatalf("a 3.0 export counts 3.1's objects: %+v", c30)
		}
		for _, f := range []string{"url.csv", "units.csv", "service_capacity.csv"} {
			if _, err := os.Stat(filepath.Join(dir30, f)); err == nil {
				t.Errorf("a 3.0 export writes %s", f)
			}
		}
		for f, nots := range map[string][]string{
			"services.json":      {"capacities", "additional_urls", `"label"`},
			"organizations.json": {"additional_websites", "additional_urls", `"label"`},
			"attributes.csv":     {"label"},
			"service_areas.csv":  {"service_at_location_id"},
		} {
			text := readFile(t, dir30, f)
			for _, not := range nots {
				if strings.Contains(text, not) {
					t.Errorf("3.0 %s holds %s", f, not)
				}
			}
		}

		if _, err := directory.NewStore(db).ExportHSDSVersion(t.Context(), actor, t.TempDir(), "2.9"); err == nil {
			t.Error("an unknown version exported")
		}
	})
}

func exportVersion(t *testing.T, db *store.DB, version string) (string, directory.Counts) {
	t.Helper()
	dir := t.TempDir()
	c, err := directory.NewStore(db).ExportHSDSVersion(t.Context(), actor, dir, version)
	if err != nil {
		t.Fatal(err)
	}
	return dir, c
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// validateAgainst checks every exported service and organization against
// the per-object schemas in a folder (3.1's have no compiled form: their
// $refs name the files beside them).
func validateAgainst(t *testing.T, dir, schemas string) {
	t.Helper()
	abs, err := filepath.Abs(schemas)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ file, schema string }{{"services.json", "service.json"},
		{"organizations.json", "organization.json"}} {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft7)
		sch, err := c.Compile(filepath.Join(abs, f.schema))
		if err != nil {
			t.Fatal(err)
		}
		var objects []json.RawMessage
		if err := json.Unmarshal([]byte(readFile(t, dir, f.file)), &objects); err != nil {
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

// TestHSDSFrictionless: the demo directory's tabular package, 3.0 and 3.1,
// and the 3.1 fixture's, pass the Frictionless Data validator (the npm
// datapackage library, run by node): types, required cells, enums and
// foreign keys.
func TestHSDSFrictionless(t *testing.T) {
	validate := frictionless(t)
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, account.WithPasswordCost(account.TestPasswordCost)); err != nil {
		t.Fatal(err)
	}
	importAll(t, db, hsds31CSV, hsds31JSON)
	// Required cells left empty: an organization's description is written
	// as its name; an address without a postal code is left out of the
	// tabular package (the JSON keeps it).
	const address = "9f4260c8-7bdc-11ef-b192-6dbc5e708f94"
	if _, err := db.Exec(`UPDATE addresses SET postal_code = '' WHERE id = '` + address + `'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE organizations SET description = '' WHERE name = 'Harbour Housing Trust'`); err != nil {
		t.Fatal(err)
	}
	for _, v := range hsds.Versions {
		dir, _ := exportVersion(t, db, v)
		if !strings.Contains(readFile(t, dir, "schedules.csv"), ",09:00:00,") {
			t.Fatalf("%s: schedules.csv has no 09:00:00", v)
		}
		if strings.Contains(readFile(t, dir, "addresses.csv"), address) {
			t.Errorf("%s: addresses.csv holds the address without a postal code", v)
		}
		if !strings.Contains(readFile(t, dir, "services.json"), address) {
			t.Errorf("%s: services.json lacks the address without a postal code", v)
		}
		if !strings.Contains(readFile(t, dir, "organizations.csv"), "Harbour Housing Trust,,Harbour Housing Trust,") {
			t.Errorf("%s: the organization without a description is not described by its name", v)
		}
		validate(dir)
	}
}

// frictionless returns a function that validates a data package folder with
// the npm datapackage library, installed as .ci/run installs it; without
// node and the library the test is skipped, or fails when
// BACKBONE_REQUIRE_TOOLS is set.
func frictionless(t *testing.T) func(dir string) {
	t.Helper()
	const version = "1.1.10"
	tmp := os.Getenv("TMPDIR")
	if tmp == "" {
		tmp = "/tmp"
	}
	modules := filepath.Join(tmp, "backbone-ci", "datapackage-"+version, "node_modules")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(modules, "datapackage", "package.json"))
	}
	if err != nil {
		msg := "node and the npm datapackage library are needed: npm install --prefix " +
			filepath.Dir(modules) + " datapackage@" + version + " (.ci/run installs it)"
		if os.Getenv("BACKBONE_REQUIRE_TOOLS") != "" {
			t.Fatal(msg + ", and BACKBONE_REQUIRE_TOOLS is set")
		}
		t.Skip(msg)
	}
	script, err := filepath.Abs("../hsds/testdata/frictionless/validate.js")
	if err != nil {
		t.Fatal(err)
	}
	return func(dir string) {
		t.Helper()
		cmd := exec.Command(node, script, dir)
		cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("the Frictionless validator refuses %s: %v\n%s", dir, err, out)
		}
	}
}
