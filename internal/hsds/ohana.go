package hsds

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// OhanaFormat names the Ohana API's CSV layout in bundles and the audit log.
const OhanaFormat = "ohana-csv"

// The longest text an Ohana field may hold, in characters: what the
// directory's own forms allow, so that an import keeps nothing an edit of
// the record would refuse.
const (
	maxName        = 200
	maxDescription = 10000
	maxShort       = 254
	maxURL         = 500
)

// ReadOhana reads a folder in the CSV layout of the Ohana API (Code for
// America's directory, close to HSDS 1.x): organizations.csv, and when
// present locations.csv, addresses.csv, mail_addresses.csv, services.csv,
// phones.csv and contacts.csv (read only to find whose phone a contact's
// phone is). Other files, such as schedules, programs and taxonomy, are
// left alone.
//
// Ohana ids are small integers; each becomes a UUID derived from the file
// and the id, so that importing the same folder again updates the records
// it made the first time. Every problem names the file, the row (the header
// is row 1) and the field.
func ReadOhana(fsys fs.FS) (*Bundle, error) {
	r := &ohanaReader{fsys: fsys, b: &Bundle{Format: OhanaFormat},
		orgs: map[string]string{}, locations: map[string]ohanaLocation{}, services: map[string]string{}, payments: map[string]string{}}
	steps := []func() error{r.readOrganizations, r.readLocations, r.readServices, r.readContacts,
		func() error { return r.readAddresses("addresses.csv", "physical") },
		func() error { return r.readAddresses("mail_addresses.csv", "postal") },
		r.readPhones, r.readPrograms, r.readTaxonomy, r.readServiceLists, r.readLocationLists,
		r.readRegularSchedules, r.readHolidaySchedules, r.contactRecords}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
		// Later files refer to earlier ones: once a file has problems,
		// reading on would only report their echoes.
		if len(r.problems) > 0 {
			return nil, errors.Join(r.problems...)
		}
	}
	return r.b, nil
}

type ohanaLocation struct{ id, orgID string }

type ohanaContact struct{ locationID, organizationID, serviceID string }

type ohanaReader struct {
	fsys     fs.FS
	b        *Bundle
	problems []error

	orgs      map[string]string // Ohana id → UUID
	locations map[string]ohanaLocation
	services  map[string]string
	contacts  map[string]ohanaContact // nil when there is no contacts.csv
	programs  map[string]string       // Ohana program id → UUID
	terms     map[string]string       // Ohana taxonomy_id → UUID
	keywords  map[string]string       // a keyword, lower case → its term's id
	payments  map[string]string       // a payment method, lower case → its term's id
}

// ohanaRow is one data row of a CSV file, read by column name.
type ohanaRow struct {
	r      *ohanaReader
	file   string
	n      int // 1-based, the header being row 1
	header map[string]int
	fields []string
}

// get returns the trimmed value of a column, or "" when the file has no such column.
func (row *ohanaRow) get(col string) string {
	i, ok := row.header[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(row.fields[i])
}

// problem records what is wrong with a field of this row.
func (row *ohanaRow) problem(field, format string, args ...any) {
	row.r.add(fmt.Errorf("%s row %d: %s: %s", row.file, row.n, field, fmt.Sprintf(format, args...)))
}

func (row *ohanaRow) source() string { return fmt.Sprintf("%s row %d", row.file, row.n) }

func (r *ohanaReader) add(err error) {
	if len(r.problems) < maxProblems {
		r.problems = append(r.problems, err)
	}
}

// each calls fn for every data row of a file. A missing file is no rows
// unless it is required; the columns listed must be in the header.
func (r *ohanaReader) each(file string, required bool, columns []string, fn func(row *ohanaRow)) error {
	f, err := r.fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1 // checked here, to say which row is short
	head, err := cr.Read()
	if err == io.EOF {
		r.add(fmt.Errorf("%s: the file is empty: it needs a header row", file))
		return nil
	}
	if err != nil {
		r.add(fmt.Errorf("%s row 1: %v", file, err))
		return nil
	}
	header := map[string]int{}
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := header[h]; dup && h != "" {
			r.add(fmt.Errorf("%s row 1: column %q appears twice", file, h))
		}
		header[h] = i
	}
	for _, c := range columns {
		if _, ok := header[c]; !ok {
			r.add(fmt.Errorf("%s row 1: %s: the header has no %q column", file, c, c))
		}
	}
	if len(r.problems) > 0 {
		return nil
	}
	for n := 2; len(r.problems) < maxProblems; n++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.add(fmt.Errorf("%s row %d: %v", file, n, err))
			break
		}
		row := &ohanaRow{r: r, file: file, n: n, header: header, fields: fields}
		if len(fields) != len(head) {
			r.add(fmt.Errorf("%s row %d: has %d fields where the header has %d", file, n, len(fields), len(head)))
			continue
		}
		if !cleanText(row, head) {
			continue
		}
		fn(row)
	}
	return nil
}

// cleanText refuses text the databases cannot store: invalid UTF-8 and NUL bytes.
func cleanText(row *ohanaRow, head []string) bool {
	for i, v := range row.fields {
		if !utf8.ValidString(v) {
			row.problem(strings.TrimSpace(head[i]), "is not valid UTF-8 text (save the file as UTF-8)")
			return false
		}
		if strings.IndexByte(v, 0) >= 0 {
			row.problem(strings.TrimSpace(head[i]), "contains a NUL character")
			return false
		}
	}
	return true
}

// id checks a row's own id: present and not already used in the file.
func (row *ohanaRow) id(seen map[string]bool) (string, bool) {
	id := row.get("id")
	if id == "" {
		row.problem("id", "is required")
		return "", false
	}
	if seen[id] {
		row.problem("id", "%q is used by an earlier row", id)
		return "", false
	}
	seen[id] = true
	return id, true
}

// text returns a column's value, reporting it when it is required and
// empty or longer than max characters.
func (row *ohanaRow) text(col string, required bool, max int) string {
	v := row.get(col)
	if required && v == "" {
		row.problem(col, "is required")
	}
	if n := utf8.RuneCountInString(v); n > max {
		row.problem(col, "must be at most %d characters (it has %d)", max, n)
	}
	return v
}

func (r *ohanaReader) readOrganizations() error {
	seen := map[string]bool{}
	names := map[string]int{} // lower-case name → row
	return r.each("organizations.csv", true, []string{"id", "name"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		o := OrganizationRecord{Source: row.source(), ID: OhanaID("organizations", id),
			Name:          row.text("name", true, maxName),
			AlternateName: row.text("alternate_name", false, maxName),
			Description:   row.text("description", false, maxDescription),
			Email:         row.text("email", false, maxShort),
			Website:       row.text("website", false, maxURL),
			TaxStatus:     row.text("tax_status", false, 100),
			TaxID:         row.text("tax_id", false, 100),
			LegalStatus:   row.text("legal_status", false, 100),
		}
		if d := row.get("date_incorporated"); d != "" {
			y, err := incorporationYear(d)
			if err != nil {
				row.problem("date_incorporated", "%q is not a date such as \"January 01, 1970\" or 1970-01-01", d)
			}
			o.YearIncorporated = y
		}
		if key := strings.ToLower(o.Name); o.Name != "" {
			if first, dup := names[key]; dup {
				row.problem("name", "%q is also the name of row %d", o.Name, first)
			} else {
				names[key] = row.n
			}
		}
		if ok {
			r.orgs[id] = o.ID
			r.b.Organizations = append(r.b.Organizations, o)
		}
	})
}

// incorporationYear reads the year out of Ohana's date_incorporated.
func incorporationYear(s string) (*int, error) {
	for _, layout := range []string{"January 02, 2006", "January 2, 2006", "2006-01-02", "01/02/2006", "1/2/2006", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			y := t.Year()
			return &y, nil
		}
	}
	return nil, fmt.Errorf("not a date: %q", s)
}

func (r *ohanaReader) readLocations() error {
	seen := map[string]bool{}
	return r.each("locations.csv", false, []string{"id", "organization_id", "name"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		l := LocationRecord{Source: row.source(), ID: OhanaID("locations", id), LocationType: "physical",
			Name:           row.text("name", true, maxName),
			AlternateName:  row.text("alternate_name", false, maxName),
			Description:    row.text("description", false, maxDescription),
			Transportation: row.text("transportation", false, maxDescription),
			URL:            row.text("website", false, maxURL),
		}
		l.OrganizationID = row.ref("organization_id", r.orgs, "organizations.csv", true)
		if v := strings.ToLower(row.get("virtual")); v == "true" || v == "t" || v == "1" || v == "yes" {
			l.LocationType = "virtual"
		}
		l.Latitude = row.coordinate("latitude", 90)
		l.Longitude = row.coordinate("longitude", 180)
		switch lat, long := row.get("latitude"), row.get("longitude"); {
		case lat != "" && long == "":
			row.problem("longitude", "is required when latitude is given")
		case lat == "" && long != "":
			row.problem("latitude", "is required when longitude is given")
		}
		if ok && l.OrganizationID != "" {
			r.locations[id] = ohanaLocation{id: l.ID, orgID: l.OrganizationID}
			r.b.Locations = append(r.b.Locations, l)
		}
	})
}

// ref resolves a column that holds the Ohana id of a row in another file.
func (row *ohanaRow) ref(col string, ids map[string]string, file string, required bool) string {
	v := row.get(col)
	if v == "" {
		if required {
			row.problem(col, "is required")
		}
		return ""
	}
	id, ok := ids[v]
	if !ok {
		row.problem(col, "no row with id %q in %s", v, file)
	}
	return id
}

// coordinate reads a latitude or longitude: empty, or a number within ±limit.
func (row *ohanaRow) coordinate(col string, limit float64) *float64 {
	v := row.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		row.problem(col, "%q is not a number", v)
		return nil
	}
	if f < -limit || f > limit {
		row.problem(col, "%v is out of range (-%v to %v)", f, limit, limit)
		return nil
	}
	return &f
}

func (r *ohanaReader) locationIDs() map[string]string {
	ids := make(map[string]string, len(r.locations))
	for k, l := range r.locations {
		ids[k] = l.id
	}
	return ids
}

// serviceStatuses are the statuses HSDS allows a service.
var serviceStatuses = []string{"active", "inactive", "defunct", "temporarily closed"}

func (r *ohanaReader) readServices() error {
	seen := map[string]bool{}
	locs := r.locationIDs()
	return r.each("services.csv", false, []string{"id", "location_id", "name"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		sv := ServiceRecord{Source: row.source(), ID: OhanaID("services", id),
			Name:                   row.text("name", true, maxName),
			AlternateName:          row.text("alternate_name", false, maxName),
			Description:            row.text("description", false, maxDescription),
			URL:                    row.text("website", false, maxURL),
			Email:                  row.text("email", false, maxShort),
			InterpretationServices: row.text("interpretation_services", false, maxDescription),
			ApplicationProcess:     row.text("application_process", false, maxDescription),
			Fees:                   row.text("fees", false, maxDescription),
			WaitTime:               row.text("wait_time", false, maxDescription),
			Eligibility:            row.text("eligibility", false, maxDescription),
			Status:                 strings.ToLower(row.get("status")),
		}
		switch {
		case sv.Status == "":
			row.problem("status", "is required (one of %s)", strings.Join(serviceStatuses, ", "))
		case !oneOf(sv.Status, serviceStatuses):
			row.problem("status", "%q is not one of %s", sv.Status, strings.Join(serviceStatuses, ", "))
		}
		locationID := row.ref("location_id", locs, "locations.csv", true)
		if !ok || locationID == "" {
			return
		}
		// An Ohana service belongs to one location, and through it to an organization.
		sv.OrganizationID = r.locations[row.get("location_id")].orgID
		r.services[id] = sv.ID
		r.b.Services = append(r.b.Services, sv)
		r.b.ServiceAtLocations = append(r.b.ServiceAtLocations, ServiceAtLocationRecord{Source: sv.Source,
			ID: OhanaID("service_at_locations", id), ServiceID: sv.ID, LocationID: locationID})
	})
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// contacts reads only what phones need: whose contact each contact is.
// Backbone does not keep contacts (people's names) from an import.
func (r *ohanaReader) readContacts() error {
	seen := map[string]bool{}
	return r.each("contacts.csv", false, []string{"id"}, func(row *ohanaRow) {
		if r.contacts == nil {
			r.contacts = map[string]ohanaContact{}
		}
		id, ok := row.id(seen)
		if ok {
			r.contacts[id] = ohanaContact{locationID: row.get("location_id"), organizationID: row.get("organization_id"), serviceID: row.get("service_id")}
		}
	})
}

func (r *ohanaReader) readAddresses(file, kind string) error {
	seen := map[string]bool{}
	locs := r.locationIDs()
	table := strings.TrimSuffix(file, ".csv")
	return r.each(file, false, []string{"id", "location_id", "address_1"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		a := AddressRecord{Source: row.source(), ID: OhanaID(table, id), Type: kind,
			Attention:     row.text("attention", false, maxShort),
			Address1:      row.text("address_1", true, maxShort),
			Address2:      row.text("address_2", false, maxShort),
			City:          row.text("city", true, maxShort),
			Region:        row.text("region", false, maxShort),
			StateProvince: row.text("state_province", false, maxShort),
			PostalCode:    row.text("postal_code", false, 50),
			Country:       row.text("country", false, 100),
		}
		a.LocationID = row.ref("location_id", locs, "locations.csv", true)
		if ok && a.LocationID != "" {
			r.b.Addresses = append(r.b.Addresses, a)
		}
	})
}

func (r *ohanaReader) readPhones() error {
	seen := map[string]bool{}
	locs := r.locationIDs()
	return r.each("phones.csv", false, []string{"id", "number"}, func(row *ohanaRow) {
		id, ok := row.id(seen)
		p := PhoneRecord{Source: row.source(), ID: OhanaID("phones", id),
			Number:      row.text("number", true, 100),
			Extension:   row.text("extension", false, 50),
			Type:        strings.ToLower(row.text("number_type", false, 50)),
			Description: row.text("department", false, maxShort),
		}
		p.OrganizationID = row.ref("organization_id", r.orgs, "organizations.csv", false)
		p.LocationID = row.ref("location_id", locs, "locations.csv", false)
		p.ServiceID = row.ref("service_id", r.services, "services.csv", false)
		if row.get("organization_id") == "" && row.get("location_id") == "" && row.get("service_id") == "" {
			// A contact's phone belongs to whatever the contact belongs to.
			r.contactOwner(row, &p)
		}
		if ok && (p.OrganizationID != "" || p.LocationID != "" || p.ServiceID != "") {
			r.b.Phones = append(r.b.Phones, p)
		}
	})
}

func (r *ohanaReader) contactOwner(row *ohanaRow, p *PhoneRecord) {
	cid := row.get("contact_id")
	if cid == "" {
		row.problem("location_id", "a phone must belong to a location, a service, an organization or a contact")
		return
	}
	if r.contacts == nil {
		row.problem("contact_id", "refers to contact %q but there is no contacts.csv", cid)
		return
	}
	c, ok := r.contacts[cid]
	if !ok {
		row.problem("contact_id", "no row with id %q in contacts.csv", cid)
		return
	}
	p.LocationID = r.locations[c.locationID].id
	p.OrganizationID = r.orgs[c.organizationID]
	p.ServiceID = r.services[c.serviceID]
	if p.LocationID == "" && p.OrganizationID == "" && p.ServiceID == "" {
		row.problem("contact_id", "contact %q belongs to no known location, service or organization", cid)
	}
}
