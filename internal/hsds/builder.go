package hsds

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rows of HSDS 3.0 tables on their way into a Bundle, from whichever
// file: each checked against its table, the same object met twice merged,
// then turned into the bundle's records.

// maxProblems bounds how many problems one read reports: enough to fix a
// file in one pass, not so many that one broken column floods the screen.
const maxProblems = 20

// sourceRow is one row of one HSDS table on its way into a bundle, from a CSV
// row or a JSON object.
type sourceRow struct {
	table  *Table
	source string // "services.csv row 3", or "services.json: [3].phones[0]"
	path   bool   // source is a JSON path: fields are joined with "."
	values map[string]string
	// columns names, for a field read from a column of another name (an
	// HSDS 2.0 taxonomy term's name, from its "term" column), that column.
	columns map[string]string
}

// where names a field of the row in a problem.
func (r *sourceRow) where(field string) string {
	if c, ok := r.columns[field]; ok {
		field = c
	}
	if r.path {
		if strings.HasSuffix(r.source, ": ") {
			return r.source + field
		}
		return r.source + "." + field
	}
	return r.source + ": " + field
}

func (r *sourceRow) recordSource() string { return strings.TrimSuffix(r.source, ": ") }

// builder gathers rows, checks them and turns them into a bundle.
type builder struct {
	b        *Bundle
	problems []error
	rows     map[string]*sourceRow // table + "\x00" + id, for merging the same object met twice
	order    []*sourceRow
}

func newBuilder(format string) *builder {
	return &builder{b: &Bundle{Format: format, LooseLinks: true}, rows: map[string]*sourceRow{}}
}

func (h *builder) add(err error) {
	if len(h.problems) < maxProblems {
		h.problems = append(h.problems, err)
	}
}

func (h *builder) problem(r *sourceRow, field, format string, args ...any) {
	h.add(fmt.Errorf("%s: %s", r.where(field), fmt.Sprintf(format, args...)))
}

func (h *builder) full() bool { return len(h.problems) >= maxProblems }

// check validates a row's values against its table, normalising enums.
// It reports whether the row is usable.
func (h *builder) check(r *sourceRow) bool {
	before := len(h.problems)
	for _, c := range r.table.Columns {
		v := strings.TrimSpace(r.values[c.Name])
		if !utf8.ValidString(v) {
			h.problem(r, c.Name, "is not valid UTF-8 text (save the file as UTF-8)")
			continue
		}
		if strings.IndexByte(v, 0) >= 0 {
			h.problem(r, c.Name, "contains a NUL character")
			continue
		}
		r.values[c.Name] = v
		if v == "" {
			if r.table.MustBeFilled(c) {
				h.problem(r, c.Name, "is required")
			}
			continue
		}
		if (c.Name == "id" || c.Format == "uuid") && len(v) > 250 {
			h.problem(r, c.Name, "must be at most 250 characters (it has %d)", len(v))
		}
		// Backbone keeps a phone extension as text (Ohana's can be "x12").
		if c.Kind == Number && r.table.Name+"."+c.Name != "phone.extension" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				h.problem(r, c.Name, "%q is not a number", v)
			} else if c.Name == "year_incorporated" && f != math.Trunc(f) {
				h.problem(r, c.Name, "%q is not a year", v)
			}
		}
		if len(c.Enum) > 0 {
			found := false
			for _, e := range c.Enum {
				if strings.EqualFold(v, e) {
					r.values[c.Name], found = e, true
				}
			}
			if !found {
				h.problem(r, c.Name, "%q is not one of %s", v, strings.Join(c.Enum, ", "))
			}
		}
	}
	return len(h.problems) == before
}

// put adds a checked row; the same object met again (a phone nested under
// both its service and its location) fills in what the first lacked.
func (h *builder) put(r *sourceRow, unique bool) {
	key := r.table.Name + "\x00" + r.values["id"]
	if old, ok := h.rows[key]; ok {
		if unique {
			h.problem(r, "id", "%q is used by %s", r.values["id"], old.recordSource())
			return
		}
		for k, v := range r.values {
			if old.values[k] == "" {
				old.values[k] = v
			}
		}
		return
	}
	h.rows[key] = r
	h.order = append(h.order, r)
}

// bundle turns the gathered rows into the bundle's records.
func (h *builder) bundle() (*Bundle, error) {
	if len(h.problems) > 0 {
		return nil, errors.Join(h.problems...)
	}
	b := h.b
	b.Format = formatOf(b.Format, h.order)
	for _, r := range h.order {
		v, src := r.values, r.recordSource()
		num := func(col string) *float64 {
			if v[col] == "" {
				return nil
			}
			f, _ := strconv.ParseFloat(v[col], 64)
			return &f
		}
		switch r.table.Name {
		case "organization":
			o := OrganizationRecord{Source: src, ID: v["id"], Name: v["name"], AlternateName: v["alternate_name"],
				Description: v["description"], Email: v["email"], Website: v["website"], TaxStatus: v["tax_status"],
				TaxID: v["tax_id"], LegalStatus: v["legal_status"], Logo: v["logo"], URI: v["uri"],
				ParentOrganizationID: v["parent_organization_id"]}
			if f := num("year_incorporated"); f != nil {
				y := int(*f)
				o.YearIncorporated = &y
			}
			b.Organizations = append(b.Organizations, o)
		case "location":
			b.Locations = append(b.Locations, LocationRecord{Source: src, ID: v["id"], OrganizationID: v["organization_id"],
				LocationType: v["location_type"], Name: v["name"], AlternateName: v["alternate_name"],
				Description: v["description"], Transportation: v["transportation"], URL: v["url"],
				Latitude: num("latitude"), Longitude: num("longitude"),
				ExternalIdentifier: v["external_identifier"], ExternalIdentifierType: v["external_identifier_type"]})
		case "address":
			b.Addresses = append(b.Addresses, AddressRecord{Source: src, ID: v["id"], LocationID: v["location_id"],
				Type: v["address_type"], Attention: v["attention"], Address1: v["address_1"], Address2: v["address_2"],
				City: v["city"], Region: v["region"], StateProvince: v["state_province"], PostalCode: v["postal_code"],
				Country: v["country"]})
		case "phone":
			b.Phones = append(b.Phones, PhoneRecord{Source: src, ID: v["id"], OrganizationID: v["organization_id"],
				LocationID: v["location_id"], ServiceID: v["service_id"], ContactID: v["contact_id"],
				ServiceAtLocationID: v["service_at_location_id"], Number: v["number"], Extension: v["extension"],
				Type: v["type"], Description: v["description"]})
		case "service":
			b.Services = append(b.Services, ServiceRecord{Source: src, ID: v["id"], OrganizationID: v["organization_id"],
				ProgramID: v["program_id"], Name: v["name"], AlternateName: v["alternate_name"], Description: v["description"],
				URL: v["url"], Email: v["email"], Status: v["status"], InterpretationServices: v["interpretation_services"],
				ApplicationProcess: v["application_process"], Fees: v["fees_description"], WaitTime: v["wait_time"],
				FeesText: v["fees"], Accreditations: v["accreditations"], Eligibility: v["eligibility_description"],
				MinimumAge: num("minimum_age"), MaximumAge: num("maximum_age"), AssuredDate: v["assured_date"],
				AssurerEmail: v["assurer_email"], Licenses: v["licenses"], Alert: v["alert"], LastModified: v["last_modified"]})
		case "service_at_location":
			b.ServiceAtLocations = append(b.ServiceAtLocations, ServiceAtLocationRecord{Source: src, ID: v["id"],
				ServiceID: v["service_id"], LocationID: v["location_id"], Description: v["description"]})
		default:
			vals := make(map[string]string, len(r.table.Columns))
			for _, c := range r.table.Columns {
				if c.Name != "id" {
					vals[c.Name] = v[c.Name]
				}
			}
			b.Records = append(b.Records, Record{Source: src, Table: r.table.Name, ID: v["id"], Values: vals})
		}
	}
	return b, nil
}
