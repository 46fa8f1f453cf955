package hsds_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"backbone/internal/hsds"
)

const sample = "testdata/ohana-smc"

func readSample(t *testing.T) *hsds.Bundle {
	t.Helper()
	b, err := hsds.ReadOhana(os.DirFS(sample))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadOhanaSample(t *testing.T) {
	b := readSample(t)
	got := []int{len(b.Organizations), len(b.Locations), len(b.Addresses), len(b.Phones), len(b.Services), len(b.ServiceAtLocations)}
	want := []int{8, 22, 42, 54, 23, 23}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("organizations, locations, addresses, phones, services, service_at_locations = %v, want %v", got, want)
		}
	}
	pfs := hsds.OhanaID("organizations", "1")
	if b.Organizations[0].ID != pfs || b.Organizations[0].Name != "Peninsula Family Service" || b.Organizations[0].Source != "organizations.csv row 2" {
		t.Fatalf("first organization %+v", b.Organizations[0])
	}
	if ex := b.Organizations[7]; ex.YearIncorporated == nil || *ex.YearIncorporated != 1970 || ex.Website != "http://example.org" || ex.LegalStatus != "Nonprofit" {
		t.Fatalf("Example Agency %+v", ex)
	}
	l := b.Locations[0]
	if l.OrganizationID != pfs || l.Latitude == nil || *l.Latitude != 37.477227 || *l.Longitude != -122.213221 || l.Transportation != "SAMTRANS stops in front." {
		t.Fatalf("first location %+v", l)
	}
	if l := b.Locations[19]; l.LocationType != "virtual" || l.Latitude != nil || l.Longitude != nil {
		t.Fatalf("virtual location %+v", l)
	}
	// A service belongs to its location's organization, and is delivered there.
	for i, sv := range b.Services {
		sal := b.ServiceAtLocations[i]
		if sal.ServiceID != sv.ID {
			t.Fatalf("service at location %d is for %s, not %s", i, sal.ServiceID, sv.ID)
		}
		var owner string
		for _, l := range b.Locations {
			if l.ID == sal.LocationID {
				owner = l.OrganizationID
			}
		}
		if owner != sv.OrganizationID {
			t.Fatalf("service %q belongs to %s, its location to %s", sv.Name, sv.OrganizationID, owner)
		}
	}
	if sv := b.Services[21]; sv.Name != "Passport Photos" || sv.Email != "passports@example.org" || sv.URL != "http://www.example.com" || sv.InterpretationServices == "" {
		t.Fatalf("Passport Photos %+v", sv)
	}
	if sv := b.Services[0]; !strings.HasPrefix(sv.Eligibility, "Age 55 or over") || !strings.HasPrefix(sv.Fees, "$2.50") || sv.WaitTime != "No wait." || sv.Status != "active" {
		t.Fatalf("first service %+v", sv)
	}
	var postal, physical int
	for _, a := range b.Addresses {
		switch a.Type {
		case "physical":
			physical++
		case "postal":
			postal++
		}
	}
	if physical != 21 || postal != 21 {
		t.Fatalf("%d physical and %d postal addresses", physical, postal)
	}
	// Phones of contacts belong to what the contact belongs to.
	for _, p := range b.Phones {
		if p.Source == "phones.csv row 42" && p.LocationID != hsds.OhanaID("locations", "22") {
			t.Fatalf("contact 29's phone %+v", p)
		}
		if p.Source == "phones.csv row 45" && (p.Type != "hotline" || p.Description != "Hotline") {
			t.Fatalf("hotline %+v", p)
		}
	}
}

func TestOhanaID(t *testing.T) {
	id := hsds.OhanaID("services", "7")
	if id != hsds.OhanaID("services", "7") || id == hsds.OhanaID("locations", "7") {
		t.Fatal("ids must be the same for the same row and differ across tables")
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Fatalf("%s is not a version-5 UUID", id)
	}
}

// brokenCopy copies the sample into a temporary folder and replaces old with
// new in one of its files.
func brokenCopy(t *testing.T, file, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(sample, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == file {
			if !strings.Contains(string(data), old) {
				t.Fatalf("%s has no %q", file, old)
			}
			data = []byte(strings.Replace(string(data), old, new, 1))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadOhanaProblems(t *testing.T) {
	tests := []struct {
		name, file, old, new, want string
	}{
		{"latitude not a number", "locations.csv", "37.477227,", "abc,", `locations.csv row 2: latitude: "abc" is not a number`},
		{"longitude out of range", "locations.csv", "-122.213221", "-222.2", `locations.csv row 2: longitude: -222.2 is out of range`},
		{"unknown organization", "locations.csv", "\n5,1,", "\n5,99,", `locations.csv row 6: organization_id: no row with id "99" in organizations.csv`},
		{"unknown location", "services.csv", "\n3,3,", "\n3,42,", `services.csv row 4: location_id: no row with id "42" in locations.csv`},
		{"bad status", "services.csv", "Colma,active,", "Colma,open,", `services.csv row 2: status: "open" is not one of`},
		{"missing name", "organizations.csv", "Peninsula Volunteers,,,", ",,,", `organizations.csv row 3: name: is required`},
		{"duplicate name", "organizations.csv", "Peninsula Volunteers,,,", "peninsula family service,,,", `organizations.csv row 3: name: "peninsula family service" is also the name of row 2`},
		{"duplicate id", "phones.csv", "\n2,,1,", "\n1,,1,", `phones.csv row 3: id: "1" is used by an earlier row`},
		{"unknown contact", "phones.csv", "\n60,29,", "\n60,77,", `phones.csv row 55: contact_id: no row with id "77" in contacts.csv`},
		{"bad date", "organizations.csv", "January 01, 1970", "someday", `organizations.csv row 9: date_incorporated: "someday" is not a date`},
		{"short row", "addresses.csv", "\n2,2,24 Second Avenue,,San Mateo,CA,94401,US", "\n2,2,24 Second Avenue", `addresses.csv row 3: has 3 fields where the header has 8`},
		{"missing column", "mail_addresses.csv", "id,location_id,attention,address_1", "id,location_id,attention,street", `mail_addresses.csv row 1: address_1: the header has no "address_1" column`},
		{"bad quoting", "contacts.csv", `"Director, Second Career Services"`, `"Director, Second "Career" Services"`, `contacts.csv row 4: parse error`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hsds.ReadOhana(os.DirFS(brokenCopy(t, tt.file, tt.old, tt.new)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := hsds.ReadOhana(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "organizations.csv") {
		t.Fatalf("no organizations.csv: %v", err)
	}
}

func TestBundleWithout(t *testing.T) {
	b := readSample(t)
	var fixtures []string
	for _, o := range b.Organizations {
		switch o.Name {
		case "Fake Org", "Admin Test Org", "Example Agency":
			fixtures = append(fixtures, o.ID)
		}
	}
	w := b.Without(fixtures...)
	got := []int{len(w.Organizations), len(w.Locations), len(w.Addresses), len(w.Phones), len(w.Services), len(w.ServiceAtLocations)}
	want := []int{5, 19, 38, 38, 19, 19}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("without the fixtures: %v, want %v", got, want)
		}
	}
	if len(b.Organizations) != 8 {
		t.Fatal("Without changed the bundle it was given")
	}
	// The other records: those of what is left stay (the sample's
	// schedules are all at the fixtures' locations), and none points at
	// what went.
	tables := func(records []hsds.Record) map[string]int {
		n := map[string]int{}
		for _, r := range records {
			n[r.Table]++
		}
		return n
	}
	wantTables := map[string]int{"accessibility": 36, "attribute": 152, "contact": 27, "funding": 48, "language": 26, "program": 1, "schedule": 1,
		"service_area": 27, "taxonomy": 3, "taxonomy_term": 390}
	if got := tables(w.Records); !reflect.DeepEqual(got, wantTables) {
		t.Fatalf("records without the fixtures: %v, want %v (from %v)", got, wantTables, tables(b.Records))
	}
	// What went: every id of b that w no longer has.
	ids := func(b *hsds.Bundle) map[string]bool {
		m := map[string]bool{}
		for _, o := range b.Organizations {
			m[o.ID] = true
		}
		for _, l := range b.Locations {
			m[l.ID] = true
		}
		for _, s := range b.Services {
			m[s.ID] = true
		}
		for _, r := range b.Records {
			m[r.ID] = true
		}
		return m
	}
	kept, went := ids(w), map[string]bool{}
	for id := range ids(b) {
		went[id] = !kept[id]
	}
	for _, r := range w.Records {
		for k, v := range r.Values {
			if strings.HasSuffix(k, "_id") && went[v] {
				t.Fatalf("%s %s keeps %s = %s, which went", r.Table, r.ID, k, v)
			}
		}
	}
}

func FuzzReadOhana(f *testing.F) {
	f.Add("id,name\n1,A\n2,B\n", "id,organization_id,name,latitude,longitude\n1,1,Here,37.5,-122.2\n", "id,location_id,name,status\n1,1,Meals,active\n", "id,location_id,number\n1,1,650 555-1212\n")
	f.Add("\uFEFFid,name,date_incorporated\n1,\"A, \"\"quoted\"\"\",1970\n", "id,organization_id,name\n1,2,X\n", "", "id,contact_id,number\n1,5,1\n")
	f.Add("id,name\n1\n", "id,id\n", "id,location_id,name\n\"1", "number\n")
	f.Add("id,name\n1,A\n", "id,organization_id,name\n1,1,Here\n", "id,location_id,name,status,keywords\n1,1,Meals,active,\"Food, FOOD,food pantry,,\"\n2,1,More,active,Food\n", "")
	f.Fuzz(func(t *testing.T, orgs, locations, services, phones string) {
		fsys := fstest.MapFS{"organizations.csv": {Data: []byte(orgs)}}
		for name, data := range map[string]string{"locations.csv": locations, "services.csv": services, "phones.csv": phones} {
			if data != "" {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
		}
		b, err := hsds.ReadOhana(fsys)
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, o := range b.Organizations {
			if o.Name == "" || ids[o.ID] {
				t.Fatalf("organization %+v", o)
			}
			ids[o.ID] = true
		}
		for _, l := range b.Locations {
			if !ids[l.OrganizationID] {
				t.Fatalf("location of an unknown organization: %+v", l)
			}
		}
		for _, sv := range b.Services {
			if !ids[sv.OrganizationID] {
				t.Fatalf("service of an unknown organization: %+v", sv)
			}
		}
		// Each record once; each attribute's term is a record of the bundle.
		records := map[string]bool{}
		for _, r := range b.Records {
			if records[r.Table+" "+r.ID] {
				t.Fatalf("record twice: %s %s", r.Table, r.ID)
			}
			records[r.Table+" "+r.ID] = true
		}
		for _, r := range b.Records {
			if r.Table == "attribute" && !records["taxonomy_term "+r.Values["taxonomy_term_id"]] {
				t.Fatalf("attribute of an unknown term: %+v", r)
			}
		}
	})
}

func TestReadOhanaTablesOfTheirOwn(t *testing.T) {
	for _, c := range []struct {
		file, old, new, want string
	}{
		{"regular_schedules.csv", "1,22,,Monday", "1,22,,Moonday", `regular_schedules.csv row 2: weekday: "Moonday" is not a day of the week`},
		{"regular_schedules.csv", "1,22,,Monday,08:00", "1,22,,Monday,8 o'clock", `regular_schedules.csv row 2: opens_at: "8 o'clock" is not a time`},
		{"regular_schedules.csv", "1,22,,Monday", "1,99,,Monday", `regular_schedules.csv row 2: location_id: no row with id "99" in locations.csv`},
		{"taxonomy.csv", "101-01,Disaster Response,101,", "101-01,Disaster Response,999,", `taxonomy.csv row 3: parent_id: no row with taxonomy_id "999"`},
		{"programs.csv", "1,1,Defeat Hunger", "1,42,Defeat Hunger", `programs.csv row 2: organization_id: no row with id "42" in organizations.csv`},
	} {
		_, err := hsds.ReadOhana(os.DirFS(brokenCopy(t, c.file, c.old, c.new)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: got %v, want %q", c.file, c.new, err, c.want)
		}
	}
	b := readSample(t)
	kinds := map[string]int{}
	for _, r := range b.Records {
		kinds[r.Table]++
		if r.ID == hsds.OhanaID("regular_schedules", "1") && (r.Values["byday"] != "MO" || r.Values["freq"] != "WEEKLY" ||
			r.Values["opens_at"] != "08:00" || r.Values["closes_at"] != "17:00" || r.Values["location_id"] != hsds.OhanaID("locations", "22")) {
			t.Errorf("the first regular schedule: %v", r.Values)
		}
	}
	if kinds["schedule"] != 15 || kinds["contact"] != 31 || kinds["taxonomy_term"] != 290+97+3 {
		t.Fatalf("records %v", kinds)
	}
	// The keywords: a term each, whatever its case, named as first written,
	// in the keywords taxonomy, and an attribute per service and keyword.
	byID := map[string]hsds.Record{}
	for _, r := range b.Records {
		byID[r.Table+" "+r.ID] = r
	}
	if term := byID["taxonomy_term "+hsds.OhanaID("keyword", "public libraries")]; term.Values["name"] != "Public Libraries" ||
		term.Values["taxonomy_id"] != byID["taxonomy "+hsds.OhanaID("taxonomy", "keywords")].ID || term.ID == "" {
		t.Errorf("the keyword term: %+v", term)
	}
	if a := byID["attribute "+hsds.OhanaID("service_keywords", "10:public libraries")]; a.Values["link_id"] != hsds.OhanaID("services", "10") ||
		a.Values["taxonomy_term_id"] != hsds.OhanaID("keyword", "public libraries") {
		t.Errorf("the Main Library's keyword: %+v", a)
	}
	if _, ok := byID["taxonomy_term "+hsds.OhanaID("keyword", "EDUCATION SERVICES")]; ok {
		t.Error("a keyword's term id kept its case")
	}
	// Accepted payments ("Cash, Check, Credit Card"): a term each in the
	// taxonomy that HSDS 2.0 packages' payments go to, linked to the service.
	var methods []string
	for _, r := range b.Records {
		if r.Table == "attribute" && byID["taxonomy_term "+r.Values["taxonomy_term_id"]].Values["taxonomy"] == "Payment accepted" {
			term := byID["taxonomy_term "+r.Values["taxonomy_term_id"]]
			if term.Values["taxonomy_id"] != byID["taxonomy "+term.Values["taxonomy_id"]].ID || byID["taxonomy "+term.Values["taxonomy_id"]].Values["name"] != "Payment accepted" {
				t.Errorf("payment term %+v", term)
			}
			methods = append(methods, term.Values["name"]+" of "+r.Values["link_id"])
		}
	}
	svc := hsds.OhanaID("services", "22") // the one service of the sample that says
	if want := []string{"Cash of " + svc, "Check of " + svc, "Credit Card of " + svc}; !slices.Equal(methods, want) {
		t.Errorf("accepted payments %v, want %v", methods, want)
	}
}
