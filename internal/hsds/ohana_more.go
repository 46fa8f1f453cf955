package hsds

import (
	"strconv"
	"strings"
)

// The parts of the Ohana layout that HSDS 3.0 keeps in tables of their own:
// programs, the taxonomy and the services' terms, schedules (regular and
// holiday), contacts, and the lists that Ohana writes in one cell
// (languages, service areas, required documents, funding sources,
// accessibility). They become HSDS records, so they are saved, exported
// and served like those of an HSDS import. Ohana's service keywords, which
// HSDS 3.0 has no field for, become the terms of a taxonomy of their own
// (as HSDS 3.0 classifies services: by attributes), so that they are kept,
// found by the search, and group the resource guide; so do their accepted
// payments, in the "Payment accepted" taxonomy that HSDS 2.0 packages'
// payments go to too. The services' audience has no HSDS 3.0 field and is
// not kept.

// ohanaTaxonomyID is the taxonomy that Ohana's terms belong to, and
// ohanaKeywordsID the one its services' keywords make.
var (
	ohanaTaxonomyID = OhanaID("taxonomy", "ohana")
	ohanaKeywordsID = OhanaID("taxonomy", "keywords")
)

func (r *ohanaReader) record(row *ohanaRow, table, id string, values map[string]string) {
	for k, v := range values {
		if v == "" {
			delete(values, k)
		}
	}
	r.b.Records = append(r.b.Records, Record{Source: row.source(), Table: table, ID: id, Values: values})
}

func (r *ohanaReader) readPrograms() error {
	seen := map[string]bool{}
	return r.each("programs.csv", false, []string{"id", "organization_id", "name"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		org := row.ref("organization_id", r.orgs, "organizations.csv", true)
		name := row.text("name", true, maxName)
		if !ok || org == "" {
			return
		}
		if r.programs == nil {
			r.programs = map[string]string{}
		}
		r.programs[id] = OhanaID("programs", id)
		r.record(row, "program", r.programs[id], map[string]string{"organization_id": org, "name": name,
			"alternate_name": row.text("alternate_name", false, maxName), "description": ""})
	})
}

func (r *ohanaReader) readTaxonomy() error {
	seen := map[string]bool{}
	terms := map[string]string{}
	var rows []*ohanaRow
	err := r.each("taxonomy.csv", false, []string{"taxonomy_id", "name"}, func(row *ohanaRow) {
		code := row.get("taxonomy_id")
		if code == "" {
			row.problem("taxonomy_id", "is required")
			return
		}
		if seen[code] {
			row.problem("taxonomy_id", "%q is used by an earlier row", code)
			return
		}
		seen[code] = true
		terms[code] = OhanaID("taxonomy", code)
		rows = append(rows, row)
	})
	if err != nil || len(rows) == 0 {
		r.terms = terms
		return err
	}
	r.b.Records = append(r.b.Records, Record{Source: "taxonomy.csv", Table: "taxonomy", ID: ohanaTaxonomyID,
		Values: map[string]string{"name": "Ohana service taxonomy", "description": "The service categories of the Ohana API's sample data (San Mateo County)."}})
	for _, row := range rows {
		code := row.get("taxonomy_id")
		name := row.text("name", true, maxName)
		parent := ""
		if p := row.get("parent_id"); p != "" {
			if parent = terms[p]; parent == "" {
				row.problem("parent_id", "no row with taxonomy_id %q in taxonomy.csv", p)
			}
		}
		r.record(row, "taxonomy_term", terms[code], map[string]string{"code": code, "name": name, "description": name,
			"parent_id": parent, "taxonomy": "Ohana", "taxonomy_id": ohanaTaxonomyID})
	}
	r.terms = terms
	return nil
}

// readServiceLists turns the list cells of services.csv into records, and
// links each service to its program and taxonomy terms.
func (r *ohanaReader) readServiceLists() error {
	byID := map[string]int{}
	for i, sv := range r.b.Services {
		byID[sv.ID] = i
	}
	return r.each("services.csv", false, []string{"id"}, func(row *ohanaRow) {
		id := OhanaID("services", row.get("id"))
		i, ok := byID[id]
		if !ok {
			return
		}
		if p := row.get("program_id"); p != "" {
			if r.b.Services[i].ProgramID = r.programs[p]; r.b.Services[i].ProgramID == "" {
				row.problem("program_id", "no row with id %q in programs.csv", p)
			}
		}
		for n, code := range cellList(row.get("taxonomy_ids")) {
			term := r.terms[code]
			if term == "" {
				row.problem("taxonomy_ids", "no row with taxonomy_id %q in taxonomy.csv", code)
				continue
			}
			r.record(row, "attribute", OhanaID("service_taxonomy", row.get("id")+":"+strconv.Itoa(n)),
				map[string]string{"link_id": id, "taxonomy_term_id": term, "link_type": "service", "link_entity": "service"})
		}
		r.readKeywords(row, id)
		add := func(table, id string, values map[string]string) { r.record(row, table, id, values) }
		seen := map[string]bool{}
		for _, method := range cellList(row.get("accepted_payments")) {
			if key := strings.ToLower(method); !seen[key] {
				seen[key] = true
				add("attribute", OhanaID("service_payments", row.get("id")+":"+key), map[string]string{"link_id": id,
					"taxonomy_term_id": paymentTerm(r.payments, method, add), "link_type": "service", "link_entity": "service"})
			}
		}
		lists := []struct{ col, table, field string }{
			{"languages", "language", "name"}, {"service_areas", "service_area", "name"},
			{"required_documents", "required_document", "document"}, {"funding_sources", "funding", "source"},
		}
		for _, l := range lists {
			for n, v := range cellList(row.get(l.col)) {
				r.record(row, l.table, OhanaID("service_"+l.col, row.get("id")+":"+strconv.Itoa(n)), map[string]string{"service_id": id, l.field: v})
			}
		}
	})
}

// readKeywords makes the keywords of a service (row of services.csv, id
// its service's id) the terms of the keywords taxonomy and links them to
// it; a keyword is one term whatever its case, named as first written.
func (r *ohanaReader) readKeywords(row *ohanaRow, id string) {
	seen := map[string]bool{}
	for _, kw := range cellList(row.get("keywords")) {
		key := strings.ToLower(kw)
		if seen[key] {
			continue
		}
		seen[key] = true
		if len([]rune(kw)) > maxName {
			row.problem("keywords", "%q is longer than %d characters", kw, maxName)
			continue
		}
		if r.keywords == nil {
			r.keywords = map[string]string{}
			r.b.Records = append(r.b.Records, Record{Source: "services.csv", Table: "taxonomy", ID: ohanaKeywordsID,
				Values: map[string]string{"name": "Ohana service keywords", "description": "The keywords of the services in the Ohana file (its keywords column)."}})
		}
		term, ok := r.keywords[key]
		if !ok {
			term = OhanaID("keyword", key)
			r.keywords[key] = term
			r.record(row, "taxonomy_term", term, map[string]string{"name": kw, "description": kw, "taxonomy": "Ohana keywords", "taxonomy_id": ohanaKeywordsID})
		}
		r.record(row, "attribute", OhanaID("service_keywords", row.get("id")+":"+key),
			map[string]string{"link_id": id, "taxonomy_term_id": term, "link_type": "service", "link_entity": "service"})
	}
}

// readLocationLists does the same for the languages and accessibility of locations.
func (r *ohanaReader) readLocationLists() error {
	return r.each("locations.csv", false, []string{"id"}, func(row *ohanaRow) {
		loc, ok := r.locations[row.get("id")]
		if !ok {
			return
		}
		for n, v := range cellList(row.get("languages")) {
			r.record(row, "language", OhanaID("location_languages", row.get("id")+":"+strconv.Itoa(n)), map[string]string{"location_id": loc.id, "name": v})
		}
		for n, v := range cellList(row.get("accessibility")) {
			r.record(row, "accessibility", OhanaID("location_accessibility", row.get("id")+":"+strconv.Itoa(n)),
				map[string]string{"location_id": loc.id, "description": strings.ReplaceAll(v, "_", " ")})
		}
	})
}

// scheduleOwner reads the service_id or location_id a schedule belongs to.
func (r *ohanaReader) scheduleOwner(row *ohanaRow) (map[string]string, bool) {
	v := map[string]string{}
	if s := row.get("service_id"); s != "" {
		if v["service_id"] = r.services[s]; v["service_id"] == "" {
			row.problem("service_id", "no row with id %q in services.csv", s)
			return nil, false
		}
		return v, true
	}
	if l := row.get("location_id"); l != "" {
		loc, ok := r.locations[l]
		if !ok {
			row.problem("location_id", "no row with id %q in locations.csv", l)
			return nil, false
		}
		v["location_id"] = loc.id
		return v, true
	}
	row.problem("location_id", "a schedule needs a location_id or a service_id")
	return nil, false
}

func (r *ohanaReader) readRegularSchedules() error {
	seen := map[string]bool{}
	return r.each("regular_schedules.csv", false, []string{"id", "weekday"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		v, owned := r.scheduleOwner(row)
		day := weekdays[strings.ToLower(row.get("weekday"))]
		if day == "" {
			row.problem("weekday", "%q is not a day of the week", row.get("weekday"))
		}
		opens, closes := row.clock("opens_at"), row.clock("closes_at")
		if !ok || !owned || day == "" {
			return
		}
		v["freq"], v["byday"], v["opens_at"], v["closes_at"] = "WEEKLY", day, opens, closes
		r.record(row, "schedule", OhanaID("regular_schedules", id), v)
	})
}

func (r *ohanaReader) readHolidaySchedules() error {
	seen := map[string]bool{}
	return r.each("holiday_schedules.csv", false, []string{"id", "start_date"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		v, owned := r.scheduleOwner(row)
		if !ok || !owned {
			return
		}
		from, to := ohanaDate(row.get("start_date")), ohanaDate(row.get("end_date"))
		closed := strings.EqualFold(row.get("closed"), "true")
		v["valid_from"], v["valid_to"] = from, to
		v["opens_at"], v["closes_at"] = row.clock("opens_at"), row.clock("closes_at")
		v["description"] = "Holiday hours"
		if closed {
			v["description"] = "Closed for a holiday"
		}
		if from == "" {
			// A date that is not a real day (the sample has "January 01, 0001") is kept as written.
			v["notes"] = "Dates as given: " + row.get("start_date") + " to " + row.get("end_date")
		}
		r.record(row, "schedule", OhanaID("holiday_schedules", id), v)
	})
}

// clock reads an opening or closing time: empty, or HH:MM.
func (row *ohanaRow) clock(col string) string {
	v := row.get(col)
	if v == "" {
		return ""
	}
	t, ok := clockOf(v)
	if !ok {
		row.problem(col, "%q is not a time like 09:30 or 3pm", v)
	}
	return t
}

// contactRecords keeps the contacts themselves (readContacts only noted
// where each belongs, for the phones).
func (r *ohanaReader) contactRecords() error {
	return r.each("contacts.csv", false, []string{"id"}, func(row *ohanaRow) {
		id := row.get("id")
		if id == "" {
			return
		}
		v := map[string]string{"name": row.text("name", false, maxShort), "title": row.text("title", false, maxShort),
			"email": row.text("email", false, maxShort), "department": row.text("department", false, maxShort)}
		v["organization_id"] = row.ref("organization_id", r.orgs, "organizations.csv", false)
		v["service_id"] = row.ref("service_id", r.services, "services.csv", false)
		v["location_id"] = row.ref("location_id", r.locationIDs(), "locations.csv", false)
		r.record(row, "contact", OhanaID("contacts", id), v)
	})
}
