package hsds

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats of the older HSDS tabular data packages, as bundles and the
// audit log name them.
const (
	Legacy2CSVFormat = "hsds-2.0-csv"
	Legacy1CSVFormat = "hsds-1.1-csv"
)

// ReadPackage reads an HSDS tabular data package of any version: a
// 3.0 one (ReadCSV), or a 1.x or 2.0 one (ReadLegacyCSV), told
// apart by the resources its datapackage.json lists (or, when it lists
// none, by its files).
func ReadPackage(fsys fs.FS) (*Bundle, error) {
	if legacyPackage(fsys) {
		return ReadLegacyCSV(fsys)
	}
	return ReadCSV(fsys)
}

// legacyOnly are the resources that only HSDS 1.x and 2.0 packages have,
// with their usual files.
var legacyOnly = map[string]string{
	"physical_address": "physical_addresses.csv", "postal_address": "postal_addresses.csv",
	"service_attribute": "service_attributes.csv", "other_attribute": "other_attributes.csv",
	"service_taxonomy": "services_taxonomy.csv", "regular_schedule": "regular_schedules.csv",
	"holiday_schedule": "holiday_schedules.csv", "accessibility_for_disabilities": "accessibility_for_disabilities.csv",
	"payment_accepted": "payments_accepted.csv", "eligibility": "eligibility.csv",
}

func legacyPackage(fsys fs.FS) bool {
	listed := packageResources(fsys)
	for name := range legacyOnly {
		if _, ok := listed[name]; ok {
			return true
		}
	}
	if len(listed) > 0 {
		return false
	}
	for _, file := range legacyOnly {
		if _, err := fs.Stat(fsys, file); err == nil {
			return true
		}
	}
	return false
}

// legacyTable is how one table of an HSDS 1.x or 2.0 package becomes rows
// of a 3.0 table: each 3.0 field is read from the column of the same name
// unless from names another ("" for none), and every id is turned into
// the id Backbone keeps (LegacyID) in the namespace of the table it names.
type legacyTable struct {
	name, file string
	target     string            // the 3.0 table, "" for one read by hand (eligibility, payments)
	from       map[string]string // a 3.0 field → the column it is read from
	need       []string          // the columns its header must have
}

// legacyTables are read in this order. HSDS 1.1's are marked.
var legacyTables = []legacyTable{
	{name: "organization", file: "organizations.csv", target: "organization", from: map[string]string{"website": "url"}, need: []string{"id", "name"}},
	{name: "program", file: "programs.csv", target: "program", need: []string{"id", "organization_id", "name"}},
	{name: "taxonomy_term", file: "taxonomy_terms.csv", target: "taxonomy_term", from: map[string]string{"name": "term"}, need: []string{"id", "term"}},
	{name: "taxonomy", file: "taxonomy.csv", target: "taxonomy_term", from: map[string]string{"taxonomy": "vocabulary"}, need: []string{"id", "name"}}, // 1.1
	{name: "service", file: "services.csv", target: "service", from: map[string]string{"fees_description": "fees", "fees": ""}, need: []string{"id", "organization_id", "name", "status"}},
	{name: "location", file: "locations.csv", target: "location", from: map[string]string{"location_type": ""}, need: []string{"id"}},
	{name: "service_at_location", file: "services_at_location.csv", target: "service_at_location", need: []string{"id", "service_id", "location_id"}},
	{name: "contact", file: "contacts.csv", target: "contact", need: []string{"id"}},
	{name: "phone", file: "phones.csv", target: "phone", need: []string{"id", "number"}},
	{name: "physical_address", file: "physical_addresses.csv", target: "address", from: map[string]string{"address_type": ""}, need: []string{"id", "location_id", "address_1"}},
	{name: "postal_address", file: "postal_addresses.csv", target: "address", from: map[string]string{"address_type": ""}, need: []string{"id", "location_id", "address_1"}},
	{name: "schedule", file: "schedules.csv", target: "schedule", need: []string{"id"}},
	{name: "regular_schedule", file: "regular_schedules.csv", target: "schedule", from: map[string]string{"opens_at": "", "closes_at": ""}, need: []string{"id", "weekday"}},    // 1.1
	{name: "holiday_schedule", file: "holiday_schedules.csv", target: "schedule", from: map[string]string{"opens_at": "", "closes_at": ""}, need: []string{"id", "start_date"}}, // 1.1
	{name: "funding", file: "funding.csv", target: "funding", need: []string{"id"}},
	{name: "eligibility", file: "eligibility.csv", need: []string{"id", "service_id"}},
	{name: "service_area", file: "service_areas.csv", target: "service_area", from: map[string]string{"name": "service_area"}, need: []string{"id"}},
	{name: "required_document", file: "required_documents.csv", target: "required_document", need: []string{"id"}},
	{name: "payment_accepted", file: "payments_accepted.csv", need: []string{"id", "service_id", "payment"}},
	{name: "language", file: "languages.csv", target: "language", from: map[string]string{"name": "", "code": ""}, need: []string{"id", "language"}},
	{name: "accessibility_for_disabilities", file: "accessibility_for_disabilities.csv", target: "accessibility", from: map[string]string{"description": "accessibility"}, need: []string{"id"}},
	{name: "service_attribute", file: "service_attributes.csv", target: "attribute", from: map[string]string{"link_id": "service_id"}, need: []string{"id", "service_id", "taxonomy_term_id"}},
	{name: "other_attribute", file: "other_attributes.csv", target: "attribute", from: map[string]string{"link_id": ""}, need: []string{"id", "link_id", "link_type", "taxonomy_term_id"}},
	{name: "service_taxonomy", file: "services_taxonomy.csv", target: "attribute", from: map[string]string{"link_id": "service_id", "taxonomy_term_id": "taxonomy_id", "value": "taxonomy_detail"}, need: []string{"id", "service_id", "taxonomy_id"}}, // 1.1
	{name: "metadata", file: "metadata.csv", target: "metadata", from: map[string]string{"resource_id": ""}, need: []string{"id", "resource_id"}},
	{name: "meta_table_description", file: "meta_table_descriptions.csv", target: "meta_table_description", need: []string{"id"}},
}

// legacyRefs are the namespaces of the ids that 3.0 fields hold (a row's
// own id is in its table's).
var legacyRefs = map[string]string{
	"organization_id": "organization", "program_id": "program", "service_id": "service", "location_id": "location",
	"service_at_location_id": "service_at_location", "contact_id": "contact", "phone_id": "phone",
	"parent_id": "taxonomy_term", "taxonomy_term_id": "taxonomy_term", "link_id": "service",
}

// legacyEntities are the 3.0 tables that HSDS 2.0's entity names (an
// other attribute's link_type, a metadata row's resource_type) become;
// "" for those 3.0 has no table of.
var legacyEntities = map[string]string{
	"organization": "organization", "program": "program", "service": "service", "service_at_location": "service_at_location",
	"location": "location", "phone": "phone", "contact": "contact", "physical_address": "address", "postal_address": "address",
	"schedule": "schedule", "regular_schedule": "schedule", "holiday_schedule": "schedule", "funding": "funding",
	"service_area": "service_area", "required_document": "required_document", "language": "language",
	"accessibility_for_disabilities": "accessibility", "taxonomy_term": "taxonomy_term", "taxonomy": "taxonomy_term",
	"service_attribute": "attribute", "other_attribute": "attribute", "service_taxonomy": "attribute",
	"eligibility": "", "payment_accepted": "",
}

// legacyRow is one data row of a legacy table.
type legacyRow struct {
	source string
	header map[string]int
	fields []string
}

// get returns the trimmed value of a column, and whether the file has it.
func (r *legacyRow) get(col string) (string, bool) {
	i, ok := r.header[col]
	if !ok {
		return "", false
	}
	return strings.TrimSpace(r.fields[i]), true
}

func (r *legacyRow) value(col string) string { v, _ := r.get(col); return v }

// legacyCriterion is one eligibility criterion of a service.
type legacyCriterion struct{ source, serviceID, text string }

type legacyReader struct {
	h          *builder
	seen       map[string]map[string]bool // namespace → the ids its rows use, as written
	taxonomies map[string]string          // a taxonomy's name, lower case → its id
	payments   map[string]string          // a payment method, lower case → its term's id
	eligible   []legacyCriterion          // the eligibility criteria of services
	v11        bool                       // the package has tables only HSDS 1.1 has
}

// ReadLegacyCSV reads an HSDS 1.x or 2.0 tabular data package into
// the 3.0 records Backbone keeps, as HSDS 3.0 changed the older tables:
//   - physical and postal addresses become addresses of that type, with the
//     deprecated address_3 and address_4 after address_2;
//   - service attributes, other attributes and 1.1's service taxonomy
//     become attributes (a 1.1 taxonomy detail is the attribute's value);
//   - 2.0's taxonomy terms (their "term" is the name) and 1.1's taxonomy
//     rows become taxonomy terms, in a taxonomy per named taxonomy or
//     vocabulary (one called "Categories" when none is named);
//   - 1.1's regular schedules (a weekday, by name or number, 1 being
//     Monday) and holiday schedules become schedules, as 2.0's are; a daily
//     schedule repeats weekly on every day, a yearly one (which 3.0 cannot
//     say) keeps its times and says so in its notes;
//   - accessibility for disabilities becomes accessibility; a language is
//     kept as a code when written as one (es, spa), as a name otherwise
//     (several in one cell are one each), and a phone's languages become
//     languages of the phone;
//   - eligibility criteria become the service's eligibility description;
//     accepted payment methods (which 3.0 dropped) become the terms of a
//     "Payment accepted" taxonomy, linked to the services as attributes;
//   - a service's fees are its fees description; an organization's url is
//     its website; a phone's deprecated department is its description, or
//     follows it after a dash.
//
// Ids that are not UUIDs are turned into UUIDs (LegacyID). Every problem
// names the file, the row and the column, as for a 3.0 package; one
// problem refuses the whole package.
func ReadLegacyCSV(fsys fs.FS) (*Bundle, error) {
	lr := &legacyReader{h: newBuilder(Legacy2CSVFormat), seen: map[string]map[string]bool{},
		taxonomies: map[string]string{}, payments: map[string]string{}}
	listed := packageResources(fsys)
	for i := range legacyTables {
		l := &legacyTables[i]
		file := l.file
		if p := listed[l.name]; p != "" && fs.ValidPath(path.Clean(p)) {
			file = path.Clean(p)
		}
		if _, err := fs.Stat(fsys, file); err == nil {
			switch l.name {
			case "taxonomy", "regular_schedule", "holiday_schedule", "service_taxonomy":
				lr.v11 = true
			}
		}
		err := lr.h.eachCSVRow(fsys, file, l.need, func(source string, header map[string]int, fields []string) {
			lr.read(l, &legacyRow{source: source, header: header, fields: fields})
		})
		if err != nil {
			return nil, err
		}
		if lr.h.full() {
			break
		}
	}
	lr.finish()
	if lr.v11 {
		lr.h.b.Format = Legacy1CSVFormat
	}
	return lr.h.bundle()
}

// read turns one legacy row into the rows of 3.0 tables it holds.
func (lr *legacyReader) read(l *legacyTable, row *legacyRow) {
	h := lr.h
	// Text no database can store, named by its own column before any id
	// made from it hides it.
	for i, v := range row.fields {
		problem := ""
		if !utf8.ValidString(v) {
			problem = "is not valid UTF-8 text (save the file as UTF-8)"
		} else if strings.IndexByte(v, 0) >= 0 {
			problem = "contains a NUL character"
		}
		if problem != "" {
			for col, j := range row.header {
				if j == i {
					h.add(fmt.Errorf("%s: %s: %s", row.source, col, problem))
				}
			}
			return
		}
	}
	rawID := row.value("id")
	if lr.seen[l.name] == nil {
		lr.seen[l.name] = map[string]bool{}
	}
	lr.seen[l.name][rawID] = true
	switch l.name {
	case "eligibility":
		if e := row.value("eligibility"); e != "" && row.value("service_id") == "" {
			lr.h.add(fmt.Errorf("%s: service_id: is required", row.source))
		} else if e != "" {
			lr.eligible = append(lr.eligible, legacyCriterion{row.source, LegacyID("service", row.value("service_id")), e})
		}
		return
	case "payment_accepted":
		lr.payment(row)
		return
	}
	t := TableNamed(l.target)
	r := &sourceRow{table: t, source: row.source, values: map[string]string{}, columns: map[string]string{}}
	for _, c := range t.Columns {
		col := c.Name
		if f, ok := l.from[c.Name]; ok {
			col = f
		}
		v, ok := row.get(col)
		if col == "" || !ok {
			continue
		}
		if col != c.Name {
			r.columns[c.Name] = col
		}
		switch ns, isRef := legacyRefs[c.Name]; {
		case c.Name == "id":
			v = LegacyID(l.idSpace(), v)
		case isRef:
			v = LegacyID(ns, v)
		}
		r.values[c.Name] = v
	}
	if !lr.adjust(l, row, r) {
		return
	}
	if h.check(r) {
		h.put(r, true)
	}
}

// idSpace is the namespace of a table's own ids: 1.1's taxonomy rows are
// the terms that other tables name as taxonomy terms.
func (l *legacyTable) idSpace() string {
	if l.name == "taxonomy" {
		return "taxonomy_term"
	}
	return l.name
}

// adjust makes what a table's rows need beyond the columns: false drops
// the row (a problem is noted, or 3.0 keeps nothing of it).
func (lr *legacyReader) adjust(l *legacyTable, row *legacyRow, r *sourceRow) bool {
	v := r.values
	switch l.name {
	case "organization":
		// A "date" of format %Y: a year, sometimes written as a whole date.
		if y := v["year_incorporated"]; len(y) > 4 && y[4] == '-' {
			v["year_incorporated"] = y[:4]
		}
	case "taxonomy_term", "taxonomy":
		if strings.TrimSpace(v["description"]) == "" {
			v["description"] = v["name"]
		}
		v["taxonomy_id"] = lr.taxonomy(row.source, v["taxonomy"])
	case "service":
		for n, code := range cellList(row.value("taxonomy_ids")) { // 1.x, deprecated
			lr.put(row.source, "attribute", LegacyID("service_taxonomy_ids", row.value("id")+":"+strconv.Itoa(n)), map[string]string{
				"link_id": v["id"], "taxonomy_term_id": LegacyID("taxonomy_term", code), "link_type": "service", "link_entity": "service"})
		}
	case "location":
		v["location_type"] = "physical"
	case "phone":
		switch d := row.value("department"); {
		case d == "":
		case v["description"] == "":
			v["description"] = d
		default:
			v["description"] += " – " + d // shown in brackets after the number: no brackets inside
		}
		for n, lang := range cellList(row.value("language")) {
			lr.put(row.source, "language", LegacyID("phone_language", row.value("id")+":"+strconv.Itoa(n)),
				languageValues(lang, map[string]string{"phone_id": v["id"]}))
		}
	case "physical_address", "postal_address":
		v["address_type"] = strings.TrimSuffix(l.name, "_address")
		var more []string
		for _, c := range []string{"address_2", "address_3", "address_4"} {
			if s := row.value(c); s != "" {
				more = append(more, s)
			}
		}
		v["address_2"] = strings.Join(more, ", ")
	case "schedule":
		switch strings.ToUpper(v["freq"]) {
		case "DAILY":
			v["freq"] = "WEEKLY"
			if v["byday"] == "" {
				v["byday"] = "MO,TU,WE,TH,FR,SA,SU"
			}
		case "YEARLY":
			v["freq"] = ""
			v["notes"] = strings.TrimSpace("Repeats yearly. " + v["notes"])
		}
	case "regular_schedule":
		day, ok := weekdayCode(row.value("weekday"))
		if !ok {
			lr.h.add(fmt.Errorf("%s: weekday: %q is not a day of the week (a name, or a number from 1 for Monday to 7 for Sunday)", row.source, row.value("weekday")))
			return false
		}
		v["freq"], v["byday"] = "WEEKLY", day
		return lr.clocks(row, v)
	case "holiday_schedule":
		from, to := ohanaDate(row.value("start_date")), ohanaDate(row.value("end_date"))
		v["valid_from"], v["valid_to"] = from, to
		v["description"] = "Holiday hours"
		if c := strings.ToLower(row.value("closed")); c == "true" || c == "t" || c == "1" || c == "yes" {
			v["description"] = "Closed for a holiday"
		}
		if from == "" {
			v["notes"] = "Dates as given: " + row.value("start_date") + " to " + row.value("end_date")
		}
		return lr.clocks(row, v)
	case "language":
		// One language a row, though some packages list several in one
		// ("Spanish, Tagalog"): the first is the row's, the rest rows of
		// their own.
		langs := cellList(row.value("language"))
		if len(langs) == 0 {
			langs = []string{""}
		}
		for k, x := range languageValues(langs[0], nil) {
			v[k] = x
		}
		for n, lang := range langs[1:] {
			more := map[string]string{"service_id": v["service_id"], "location_id": v["location_id"]}
			lr.put(row.source, "language", LegacyID("language", row.value("id")+":"+strconv.Itoa(n+1)), languageValues(lang, more))
		}
	case "accessibility_for_disabilities":
		v["description"] = strings.ReplaceAll(v["description"], "_", " ")
	case "service_attribute", "service_taxonomy":
		v["link_type"], v["link_entity"] = "service", "service"
	case "other_attribute":
		kind := strings.ToLower(row.value("link_type"))
		entity, known := legacyEntities[kind]
		if !known {
			lr.h.add(fmt.Errorf("%s: link_type: %q is not an HSDS 2.0 table", row.source, row.value("link_type")))
			return false
		}
		if entity == "" {
			return false // eligibility and payments are kept otherwise, not as records to link to
		}
		v["link_id"], v["link_type"], v["link_entity"] = LegacyID(kind, row.value("link_id")), entity, entity
		r.columns["link_entity"] = "link_type"
	case "metadata":
		kind := strings.ToLower(row.value("resource_type"))
		if kind == "" {
			kind = lr.resourceOf(row.value("resource_id")) // 1.1 names none
		}
		entity, known := legacyEntities[kind]
		if !known || entity == "" {
			lr.h.add(fmt.Errorf("%s: resource_type: %q is not a table of the package (give organization, service, location, ...)", row.source, kind))
			return false
		}
		if kind == "taxonomy" {
			kind = "taxonomy_term"
		}
		v["resource_id"], v["resource_type"] = LegacyID(kind, row.value("resource_id")), entity
	}
	return true
}

// clocks reads a 1.1 schedule's opening and closing times into v.
func (lr *legacyReader) clocks(row *legacyRow, v map[string]string) bool {
	ok := true
	for _, col := range []string{"opens_at", "closes_at"} {
		s := row.value(col)
		if s == "" {
			continue
		}
		t, good := clockOf(s)
		if !good {
			lr.h.add(fmt.Errorf("%s: %s: %q is not a time like 09:30 or 3pm", row.source, col, s))
			ok = false
		}
		v[col] = t
	}
	return ok
}

// weekdayCode reads a 1.1 weekday: a day's name, or a number from 1
// (Monday) to 7 (Sunday), 0 being Sunday too.
func weekdayCode(s string) (string, bool) {
	if d, ok := weekdays[strings.ToLower(s)]; ok {
		return d, true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 7 {
		return []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA", "SU"}[n], true
	}
	return "", false
}

// languageValues are a language as 3.0 keeps it: a code when written as
// one (two or three letters), a name otherwise, with more.
func languageValues(lang string, more map[string]string) map[string]string {
	v := map[string]string{}
	for k, x := range more {
		v[k] = x
	}
	if n := len(lang); (n == 2 || n == 3) && strings.Trim(strings.ToLower(lang), "abcdefghijklmnopqrstuvwxyz") == "" {
		v["code"] = strings.ToLower(lang)
	} else {
		v["name"] = lang
	}
	return v
}

// taxonomy is the id of the taxonomy that terms naming it (a name, a URI,
// or nothing) belong to, made the first time it is named.
func (lr *legacyReader) taxonomy(source, name string) string {
	name = strings.TrimSpace(name)
	key := strings.ToLower(name)
	if id, ok := lr.taxonomies[key]; ok {
		return id
	}
	id := LegacyID("taxonomy", "named:"+key)
	v := map[string]string{"name": name, "description": "The " + name + " taxonomy, as the HSDS data package names it."}
	if name == "" {
		v["name"], v["description"] = "Categories", "The taxonomy terms of an HSDS data package that names no taxonomy."
	}
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		v["uri"] = name
	}
	lr.taxonomies[key] = id
	lr.put(source, "taxonomy", id, v)
	return id
}

// payment links a service to the term of its accepted payment method, in
// the "Payment accepted" taxonomy.
func (lr *legacyReader) payment(row *legacyRow) {
	method := row.value("payment")
	if method == "" {
		return
	}
	add := func(table, id string, values map[string]string) { lr.put(row.source, table, id, values) }
	add("attribute", LegacyID("payment_accepted", row.value("id")), map[string]string{"link_id": LegacyID("service", row.value("service_id")),
		"taxonomy_term_id": paymentTerm(lr.payments, method, add), "link_type": "service", "link_entity": "service"})
}

// put adds a row made from a legacy one, checked like any other.
func (lr *legacyReader) put(source, table, id string, values map[string]string) {
	values["id"] = id
	r := &sourceRow{table: TableNamed(table), source: source, values: values}
	if lr.h.check(r) {
		lr.h.put(r, false)
	}
}

// resourceOf is the table whose rows use id, when one does.
func (lr *legacyReader) resourceOf(id string) string {
	found := ""
	for ns, ids := range lr.seen {
		if ids[id] {
			if found != "" {
				return ""
			}
			found = ns
		}
	}
	return found
}

// finish writes what needed every row first: each service's eligibility
// criteria, in the order of the file, as its eligibility description.
func (lr *legacyReader) finish() {
	for _, c := range lr.eligible {
		r, ok := lr.h.rows["service\x00"+c.serviceID]
		if !ok {
			lr.h.add(fmt.Errorf("%s: service_id: no row of services.csv has this id", c.source))
			continue
		}
		if d := r.values["eligibility_description"]; d != "" {
			r.values["eligibility_description"] = d + "; " + c.text
		} else {
			r.values["eligibility_description"] = c.text
		}
	}
}
