package hsds_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"backbone/internal/hsds"
)

const (
	hsds20 = "testdata/hsds-2.0"
	hsds11 = "testdata/hsds-1.1"
)

// record finds the record of table whose field is value.
func record(t *testing.T, b *hsds.Bundle, table, field, value string) hsds.Record {
	t.Helper()
	for _, r := range recordsOf(b, table) {
		if r.Values[field] == value {
			return r
		}
	}
	t.Fatalf("no %s with %s %q in %+v", table, field, value, recordsOf(b, table))
	return hsds.Record{}
}

// TestReadHSDS20Package: an HSDS 2.0.1 tabular data package becomes the
// 3.0 records Backbone keeps, every table of it, as ReadLegacyCSV
// describes.
func TestReadHSDS20Package(t *testing.T) {
	b := readPath(t, hsds20)
	if b.Format != hsds.Legacy2CSVFormat {
		t.Fatalf("format %q", b.Format)
	}
	id := hsds.LegacyID
	if len(b.Organizations) != 2 || len(b.Services) != 2 || len(b.Locations) != 2 || len(b.ServiceAtLocations) != 2 || len(b.Phones) != 3 || len(b.Addresses) != 3 {
		t.Fatalf("read %d organizations, %d services, %d locations, %d services at locations, %d phones, %d addresses",
			len(b.Organizations), len(b.Services), len(b.Locations), len(b.ServiceAtLocations), len(b.Phones), len(b.Addresses))
	}
	food := b.Organizations[0]
	if food.ID != id("organization", "1") || food.Website != "https://harborfood.example" || *food.YearIncorporated != 1978 || food.AlternateName != "HFB" {
		t.Errorf("organization: %+v", food)
	}
	if y := b.Organizations[1].YearIncorporated; y == nil || *y != 1990 {
		t.Errorf("a year written as a date: %v", y)
	}
	pantry := b.Services[0]
	if pantry.ID != id("service", "10") || pantry.OrganizationID != food.ID || pantry.ProgramID != id("program", "p1") ||
		pantry.Fees != "Free" || pantry.FeesText != "" || pantry.Eligibility != "family; adult" || pantry.InterpretationServices == "" {
		t.Errorf("service: %+v", pantry)
	}
	if b.Services[1].Accreditations != "State Bar certified" {
		t.Errorf("accreditations: %+v", b.Services[1])
	}
	if sal := b.ServiceAtLocations[1]; sal.ServiceID != id("service", "11") || sal.LocationID != id("location", "31") || sal.Description != "By appointment only" {
		t.Errorf("service at location: %+v", sal)
	}
	if l := b.Locations[0]; l.LocationType != "physical" || l.Latitude == nil || *l.Latitude != 37.4901 || l.Transportation != "Bus 5 to Harbor Blvd" {
		t.Errorf("location: %+v", l)
	}
	types := map[string]string{}
	for _, a := range b.Addresses {
		types[a.Address1] = a.Type
		if a.Address1 == "100 Harbor Blvd" && a.Address2 != "Building B, Dock 4" {
			t.Errorf("address lines 2 to 4: %q", a.Address2)
		}
	}
	if !maps(types, map[string]string{"100 Harbor Blvd": "physical", "2 Oak Ave": "physical", "PO Box 9": "postal"}) {
		t.Errorf("address types: %v", types)
	}
	if p := b.Phones[0]; p.Description != "Intake" || p.LocationID != id("location", "30") {
		t.Errorf("a phone's department: %+v", p)
	}
	if p := b.Phones[1]; p.Description != "Tenant line – Housing unit" || p.Extension != "12" {
		t.Errorf("a phone's description and department: %+v", p)
	}
	if p := b.Phones[2]; p.ContactID != id("contact", "50") {
		t.Errorf("a contact's phone: %+v", p)
	}
	// The phone's languages, and the services'.
	for _, c := range []struct{ field, value, owner, ownerID string }{
		{"code", "en", "phone_id", id("phone", "40")}, {"code", "es", "phone_id", id("phone", "40")},
		{"code", "es", "service_id", id("service", "10")}, {"name", "Tagalog", "service_id", id("service", "11")},
		{"name", "Vietnamese", "service_id", id("service", "11")}, // listed in one cell with Tagalog
	} {
		found := false
		for _, r := range recordsOf(b, "language") {
			found = found || (r.Values[c.field] == c.value && r.Values[c.owner] == c.ownerID)
		}
		if !found {
			t.Errorf("no language %s %q of %s: %+v", c.field, c.value, c.owner, recordsOf(b, "language"))
		}
	}
	// Schedules: weekly as written, daily on every day, yearly in words.
	if s := record(t, b, "schedule", "description", "Pantry days"); s.Values["freq"] != "WEEKLY" || s.Values["byday"] != "TU,TH" || s.Values["opens_at"] != "09:00" {
		t.Errorf("weekly schedule: %v", s.Values)
	}
	if s := record(t, b, "schedule", "description", "Office hours"); s.Values["freq"] != "WEEKLY" || s.Values["byday"] != "MO,TU,WE,TH,FR,SA,SU" || s.Values["location_id"] != id("location", "31") {
		t.Errorf("daily schedule: %v", s.Values)
	}
	if s := record(t, b, "schedule", "description", "Open house each spring"); s.Values["freq"] != "" || !strings.Contains(s.Values["notes"], "yearly") {
		t.Errorf("yearly schedule: %v", s.Values)
	}
	// Terms in their taxonomies; attributes of services and of others.
	food150 := record(t, b, "taxonomy_term", "name", "Food")
	pantryTerm := record(t, b, "taxonomy_term", "name", "Food Pantry")
	legal := record(t, b, "taxonomy_term", "name", "Legal Aid")
	oe := record(t, b, "taxonomy", "name", "Open Eligibility")
	if food150.ID != id("taxonomy_term", "150") || food150.Values["description"] != "Food" || food150.Values["taxonomy_id"] != oe.ID ||
		pantryTerm.Values["parent_id"] != food150.ID || pantryTerm.Values["description"] != "Places that give groceries" {
		t.Errorf("terms: %v %v", food150, pantryTerm)
	}
	if unnamed := record(t, b, "taxonomy", "name", "Categories"); legal.Values["taxonomy_id"] != unnamed.ID {
		t.Errorf("a term of no named taxonomy: %v", legal.Values)
	}
	if a := record(t, b, "attribute", "taxonomy_term_id", pantryTerm.ID); a.Values["link_id"] != pantry.ID || a.Values["link_entity"] != "service" {
		t.Errorf("service attribute: %v", a.Values)
	}
	entities := map[string]string{}
	for _, a := range recordsOf(b, "attribute") {
		if a.Values["taxonomy_term_id"] == food150.ID {
			entities[a.Values["link_entity"]] = a.Values["link_id"]
		}
	}
	if !maps(entities, map[string]string{"organization": food.ID, "address": id("physical_address", "60")}) {
		t.Errorf("other attributes (the eligibility row's left out): %v", entities)
	}
	// Payments accepted: terms of their own taxonomy, one per method.
	pay := record(t, b, "taxonomy", "name", "Payment accepted")
	for _, method := range []string{"cash", "Check"} {
		term := record(t, b, "taxonomy_term", "name", method)
		if term.Values["taxonomy_id"] != pay.ID {
			t.Errorf("payment term %v", term.Values)
		}
		if a := record(t, b, "attribute", "taxonomy_term_id", term.ID); a.Values["link_id"] != id("service", "11") {
			t.Errorf("payment attribute %v", a.Values)
		}
	}
	if a := record(t, b, "accessibility", "details", "Ramp at the side door"); a.Values["description"] != "wheelchair van" {
		t.Errorf("accessibility: %v", a.Values)
	}
	if m := record(t, b, "metadata", "field_name", "name"); m.Values["resource_id"] != pantry.ID || m.Values["resource_type"] != "service" {
		t.Errorf("metadata: %v", m.Values)
	}
	for _, c := range []struct{ table, field, value string }{
		{"service_area", "name", "San Mateo County"}, {"required_document", "document", "Photo ID"}, {"funding", "source", "County food security grant"},
		{"contact", "name", "Ana Ruiz"}, {"program", "name", "Emergency Food"}, {"meta_table_description", "name", "services"},
	} {
		record(t, b, c.table, c.field, c.value)
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestReadHSDS11Package: an HSDS 1.1 package (told by its files: its
// datapackage.json lists no resources) with 1.1's own tables: taxonomy,
// service taxonomy, taxonomy ids on services, regular and holiday
// schedules, eligibility.
func TestReadHSDS11Package(t *testing.T) {
	b := readPath(t, hsds11)
	if b.Format != hsds.Legacy1CSVFormat {
		t.Fatalf("format %q", b.Format)
	}
	id := hsds.LegacyID
	parenting := record(t, b, "taxonomy_term", "name", "Parenting Education")
	if parenting.ID != id("taxonomy_term", "T2") || parenting.Values["parent_id"] != id("taxonomy_term", "T1") ||
		parenting.Values["taxonomy"] != "Open Eligibility" || parenting.Values["description"] != "Parenting Education" {
		t.Errorf("1.1 taxonomy row: %+v", parenting)
	}
	if a := record(t, b, "attribute", "taxonomy_term_id", parenting.ID); a.Values["link_id"] != id("service", "1") {
		t.Errorf("a service's taxonomy_ids: %v", a.Values)
	}
	if a := record(t, b, "attribute", "taxonomy_term_id", id("taxonomy_term", "T3")); a.Values["link_id"] != id("service", "2") || a.Values["value"] != "Child Care*Low Income" {
		t.Errorf("service taxonomy: %v", a.Values)
	}
	days := map[string]string{}
	for _, s := range recordsOf(b, "schedule") {
		days[s.Values["byday"]] = s.Values["opens_at"] + "-" + s.Values["closes_at"]
	}
	if !maps(days, map[string]string{"TU": "18:00-20:00", "MO": "09:00-17:00", "SU": "10:00-13:00", "": "-"}) {
		t.Errorf("regular and holiday schedules: %v", days)
	}
	if h := record(t, b, "schedule", "byday", ""); h.Values["valid_from"] != "2026-12-24" || h.Values["valid_to"] != "2026-12-26" || h.Values["description"] != "Closed for a holiday" {
		t.Errorf("holiday: %v", h.Values)
	}
	if b.Services[0].Eligibility != "family" || b.Services[1].Status != "inactive" {
		t.Errorf("services: %+v", b.Services)
	}
	if a := b.Addresses[0]; a.Type != "physical" || a.City != "Belmont" || a.LocationID != id("location", "1") {
		t.Errorf("address: %+v", a)
	}
}

// TestReadHSDSLegacyProblems: a bad row refuses the package, naming the
// file, the row and the column as the file has them.
func TestReadHSDSLegacyProblems(t *testing.T) {
	cases := []struct{ dir, file, old, new, want string }{
		{hsds20, "taxonomy_terms.csv", "152,Legal Aid", "152,", "taxonomy_terms.csv row 4: term: is required"},
		{hsds20, "physical_addresses.csv", "2 Oak Ave", "", "physical_addresses.csv row 3: address_1: is required"},
		{hsds20, "services.csv", "Sliding scale,State Bar certified,\n", "Sliding scale,State Bar certified,\n12,2,,Open,,,,,closed,,,,,,\n", `services.csv row 4: status: "closed" is not one of`},
		{hsds20, "other_attributes.csv", "60,physical_address", "60,building", `other_attributes.csv row 3: link_type: "building" is not an HSDS 2.0 table`},
		{hsds20, "locations.csv", "37.4688", "north", `locations.csv row 3: latitude: "north" is not a number`},
		{hsds20, "services.csv", "10,1,p1", "11,1,p1", `services.csv row 3: id: "` + hsds.LegacyID("service", "11") + `" is used by services.csv row 2`},
		{hsds20, "eligibility.csv", "91,10", "91,99", "eligibility.csv row 3: service_id: no row of services.csv has this id"},
		{hsds20, "organizations.csv", "Eastside Legal Aid", "East\x00side", "organizations.csv row 3: name: contains a NUL character"},
		{hsds20, "organizations.csv", "Eastside Legal Aid", "East\xffside", "organizations.csv row 3: name: is not valid UTF-8"},
		{hsds20, "phones.csv", "language,description", "language,language", `phones.csv row 1: column "language" appears twice`},
		{hsds11, "regular_schedules.csv", ",Monday,", ",Funday,", `regular_schedules.csv row 3: weekday: "Funday" is not a day of the week`},
		{hsds11, "regular_schedules.csv", "9am", "nine", `regular_schedules.csv row 3: opens_at: "nine" is not a time`},
		{hsds11, "taxonomy.csv", "id,name", "id,title", `taxonomy.csv row 1: name: the header has no "name" column`},
	}
	for _, c := range cases {
		dir := copyDir(t, c.dir)
		replaceIn(t, filepath.Join(dir, c.file), c.old, c.new)
		_, err := hsds.ReadPath(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q -> %q: error %v, want %q", c.file, c.old, c.new, err, c.want)
		}
	}
}

// FuzzReadHSDSLegacyCSV: whatever one file of a 2.0 package holds, the
// reader gives a bundle or problems that each name a file of the package,
// never a panic.
func FuzzReadHSDSLegacyCSV(f *testing.F) {
	files := map[string][]byte{}
	for _, dir := range []string{hsds20, hsds11} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			if e.Name() != "datapackage.json" {
				files[e.Name()] = data
				f.Add(e.Name(), data)
			}
		}
	}
	f.Add("other_attributes.csv", []byte("id,link_id,link_type,taxonomy_term_id\n1,2,ELIGIBILITY,3\n2,,,\n"))
	f.Add("metadata.csv", []byte("id,resource_id\n1,10\n"))
	pkg, err := os.ReadFile(filepath.Join(hsds20, "datapackage.json"))
	if err != nil {
		f.Fatal(err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		fsys := fstest.MapFS{"datapackage.json": {Data: pkg}, file: {Data: data}}
		b, err := hsds.ReadLegacyCSV(fsys)
		if err == nil && b == nil {
			t.Fatal("no bundle and no error")
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !slices.ContainsFunc(append(names, file), func(n string) bool { return strings.HasPrefix(line, n) }) {
					t.Fatalf("a problem that names no file: %q", line)
				}
			}
		}
	})
}
