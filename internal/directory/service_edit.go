package directory

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// ServiceStatuses are the statuses HSDS gives a service.
var ServiceStatuses = []string{"active", "inactive", "defunct", "temporarily closed"}

// Weekdays are the RFC 5545 day codes HSDS schedules use, Monday first.
var Weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// CommonLanguages are offered as checkboxes on the service form; any other
// language can be written in.
var CommonLanguages = []string{"English", "Spanish", "Chinese", "Vietnamese", "Tagalog", "Arabic", "Korean",
	"Russian", "French", "Haitian Creole", "Portuguese", "American Sign Language"}

// languageCodes are the ISO 639 codes of the common languages, which the
// search's language filter also matches.
var languageCodes = map[string]string{"english": "en", "spanish": "es", "chinese": "zh", "vietnamese": "vi", "tagalog": "tl",
	"arabic": "ar", "korean": "ko", "russian": "ru", "french": "fr", "haitian creole": "ht", "portuguese": "pt", "american sign language": "ase"}

// ServiceInput is what a person writes when adding or editing a service,
// with the lists that belong to it, each saved as a whole.
type ServiceInput struct {
	Name                   string          `json:"name"`
	AlternateName          string          `json:"alternate_name"`
	Description            string          `json:"description"`
	URL                    string          `json:"url"`
	Email                  string          `json:"email"`
	Status                 string          `json:"status"`
	InterpretationServices string          `json:"interpretation_services"`
	ApplicationProcess     string          `json:"application_process"`
	FeesDescription        string          `json:"fees_description"`
	WaitTime               string          `json:"wait_time"`
	EligibilityDescription string          `json:"eligibility_description"`
	MinimumAge             *float64        `json:"minimum_age"`
	MaximumAge             *float64        `json:"maximum_age"`
	Languages              []string        `json:"languages"`
	ServiceAreas           []string        `json:"service_areas"`
	TaxonomyTermIDs        []string        `json:"taxonomy_term_ids"`
	LocationIDs            []string        `json:"location_ids"`
	Phones                 []PhoneInput    `json:"phones"`
	Schedules              []ScheduleInput `json:"schedules"`
}

// ScheduleInput is one row of opening hours: the days it holds for and the
// times the service opens and closes (HH:MM, 24-hour; a closing time before
// the opening one runs past midnight).
type ScheduleInput struct {
	Days     []string `json:"days"`
	OpensAt  string   `json:"opens_at"`
	ClosesAt string   `json:"closes_at"`
}

// Normalize trims the input and checks it, returning every problem at once,
// field by field; rows of a list are named by their place in it, such as
// schedules[1].opens_at.
func (in *ServiceInput) Normalize() error {
	var c fieldCheck
	trimAll(&in.Name, &in.AlternateName, &in.Description, &in.URL, &in.Email, &in.Status, &in.InterpretationServices,
		&in.ApplicationProcess, &in.FeesDescription, &in.WaitTime, &in.EligibilityDescription)
	if in.Name == "" {
		c.Add("name", "is required")
	}
	c.tooLong("name", in.Name, maxName)
	c.tooLong("alternate_name", in.AlternateName, maxName)
	for _, f := range []struct {
		name, value string
		max         int
	}{{"description", in.Description, maxDescription}, {"interpretation_services", in.InterpretationServices, maxMission},
		{"application_process", in.ApplicationProcess, maxMission}, {"fees_description", in.FeesDescription, maxMission},
		{"wait_time", in.WaitTime, maxShort}, {"eligibility_description", in.EligibilityDescription, maxMission},
		{"email", in.Email, maxShort}, {"url", in.URL, maxURL}} {
		c.tooLong(f.name, f.value, f.max)
	}
	in.Status = strings.ToLower(in.Status)
	if in.Status == "" {
		in.Status = "active"
	}
	if !slices.Contains(ServiceStatuses, in.Status) {
		c.Add("status", "must be one of "+strings.Join(ServiceStatuses, ", "))
	}
	if in.Email != "" && !looksLikeEmail(in.Email) {
		c.Add("email", "must be an email address like intake@example.org")
	}
	if in.URL != "" {
		if !strings.Contains(in.URL, "://") {
			in.URL = "https://" + in.URL
		}
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			c.Add("url", "must be a web address like https://example.org/meals")
		}
	}
	for _, age := range []struct {
		field string
		v     *float64
	}{{"minimum_age", in.MinimumAge}, {"maximum_age", in.MaximumAge}} {
		if age.v != nil && !(*age.v >= 0 && *age.v <= 130) { // NaN too
			c.Add(age.field, "must be an age between 0 and 130")
		}
	}
	if in.MinimumAge != nil && in.MaximumAge != nil && *in.MinimumAge > *in.MaximumAge {
		c.Add("maximum_age", "must not be below the minimum age")
	}
	in.Languages = distinctText(&c, "languages", in.Languages, 100)
	in.ServiceAreas = distinctText(&c, "service_areas", in.ServiceAreas, maxName)
	in.TaxonomyTermIDs = distinctText(&c, "taxonomy_term_ids", in.TaxonomyTermIDs, maxShort)
	in.LocationIDs = distinctText(&c, "location_ids", in.LocationIDs, maxShort)
	in.Phones = normalizePhones(&c, in.Phones)
	in.Schedules = normalizeSchedules(&c, in.Schedules)
	return c.OrNil()
}

// distinctText trims a list, dropping blanks and repeats (in any case).
func distinctText(c *fieldCheck, field string, list []string, max int) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		c.tooLong(field, s, max)
		out = append(out, s)
	}
	return out
}

// normalizeSchedules drops rows with neither days nor times (a form's
// spare rows), writes days as MO..SU and times as HH:MM.
func normalizeSchedules(c *fieldCheck, rows []ScheduleInput) []ScheduleInput {
	out := []ScheduleInput{}
	for i, r := range rows {
		trimAll(&r.OpensAt, &r.ClosesAt)
		var days []string
		for _, d := range r.Days {
			if d = strings.TrimSpace(d); d == "" {
				continue
			}
			code := dayCode(d)
			if code == "" {
				c.Add(fmt.Sprintf("schedules[%d].days", i), fmt.Sprintf("%q is not a day; use MO, TU, WE, TH, FR, SA or SU", d))
				continue
			}
			if !slices.Contains(days, code) {
				days = append(days, code)
			}
		}
		if len(days) == 0 && r.OpensAt == "" && r.ClosesAt == "" {
			continue
		}
		slices.SortFunc(days, func(a, b string) int { return slices.Index(Weekdays, a) - slices.Index(Weekdays, b) })
		at := fmt.Sprintf("schedules[%d].", i)
		if len(days) == 0 {
			c.Add(at+"days", "needs at least one day")
		}
		for _, t := range []struct {
			field string
			value *string
		}{{"opens_at", &r.OpensAt}, {"closes_at", &r.ClosesAt}} {
			if *t.value == "" {
				c.Add(at+t.field, "is required: a time such as 09:00")
				continue
			}
			parsed, err := time.Parse("15:04", *t.value)
			if err != nil {
				c.Add(at+t.field, "must be a time such as 09:00 or 17:30 (24-hour)")
				continue
			}
			*t.value = parsed.Format("15:04")
		}
		if r.OpensAt != "" && r.OpensAt == r.ClosesAt {
			c.Add(at+"closes_at", "must differ from the opening time")
		}
		out = append(out, ScheduleInput{Days: days, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt})
	}
	return out
}

// dayCode reads a day as a code (MO) or a name (Monday, mon), or returns "".
func dayCode(d string) string {
	d = strings.ToUpper(d)
	for _, code := range Weekdays {
		if d == code {
			return code
		}
	}
	for i, name := range []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"} {
		if len(d) >= 3 && strings.HasPrefix(name, d) {
			return Weekdays[i]
		}
	}
	return ""
}

// weekdayCodes returns the RFC 5545 codes of the days a schedule's byday
// names (codes or names, as dayCode reads them), each once, Monday first;
// none for days of a month ("1MO") or nothing readable.
func weekdayCodes(days []string) []string {
	var codes []string
	for _, d := range days {
		if code := dayCode(strings.TrimSpace(d)); code != "" && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	slices.SortFunc(codes, func(a, b string) int { return slices.Index(Weekdays, a) - slices.Index(Weekdays, b) })
	return codes
}

// ServiceProfile is a service with everything its page and the API show:
// the fields a person edits, and the names of what its ids point at.
type ServiceProfile struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	ServiceInput
	TaxonomyTerms []TermRef `json:"taxonomy_terms"`
	// Hours are every schedule of the service's own as a flyer says them
	// (hoursOf): its weekly hours (Schedules, which a person edits) and
	// the others an import brought, such as a holiday's.
	Hours          []string      `json:"hours"`
	Locations      []LocationRef `json:"locations"`
	LastVerifiedAt *time.Time    `json:"last_verified_at"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// TermRef names a taxonomy term.
type TermRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Taxonomy names the taxonomy the term belongs to (the service's
	// terms only): a directory's categories, an import's keywords or
	// accepted payments.
	Taxonomy string `json:"taxonomy,omitempty"`
}

// A taxonomy term's taxonomy, in SQL: termTaxonomyJoin joins a term (t)
// to the taxonomy it belongs to (tx), and termTaxonomy is the name the
// term's taxonomy goes by: the taxonomy's, else the term's own taxonomy
// text (HSDS 3.0 has both), else "".
const (
	termTaxonomyJoin = `LEFT JOIN taxonomies tx ON tx.id = t.taxonomy_id`
	termTaxonomy     = `coalesce(tx.name, t.taxonomy, '')`
)

// LocationRef names a location where a service is delivered, with its
// street address on one line, its phones and its hours: the location's
// own and the service's there (a service_at_location's), as hoursOf says
// them.
type LocationRef struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Address string       `json:"address"`
	Phones  []PhoneInput `json:"phones"`
	Hours   []string     `json:"hours"`
}

// hoursOf reads the schedules query selects (byday, opens_at, closes_at,
// description, freq) and says them as sayHours does.
func hoursOf(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, store.Classify(err)
	}
	defer rows.Close()
	var list []ScheduleHours
	for rows.Next() {
		var h ScheduleHours
		if err := rows.Scan(&h.ByDay, &h.Opens, &h.Closes, &h.Description, &h.Freq); err != nil {
			return nil, err
		}
		list = append(list, h)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Classify(err)
	}
	return sayHours(list), nil
}

// sayHours says schedules as a flyer does, without repeats: the weekly
// ones first, by their first day (Monday first), those with the same
// times and description joined into one line ("Mon, Tue, Wed
// 09:00–17:00": an import often writes a row per day), then the others
// (by date, by month, daily) in their order.
func sayHours(list []ScheduleHours) []string {
	var week []ScheduleHours
	var other []ScheduleHours
	for _, h := range list {
		var days []string
		if f := strings.ToUpper(h.Freq); f == "" || f == "WEEKLY" {
			days = weekdayCodes(strings.Split(h.ByDay, ","))
		}
		if len(days) == 0 {
			other = append(other, h)
			continue
		}
		h.Opens, h.Closes, h.Freq = shortTime(h.Opens), shortTime(h.Closes), ""
		i := slices.IndexFunc(week, func(w ScheduleHours) bool {
			return w.Opens == h.Opens && w.Closes == h.Closes && w.Description == h.Description
		})
		if i < 0 {
			week = append(week, h)
			i = len(week) - 1
		} else {
			days = weekdayCodes(append(days, strings.Split(week[i].ByDay, ",")...))
		}
		week[i].ByDay = strings.Join(days, ",")
	}
	first := func(h ScheduleHours) int { return slices.Index(Weekdays, h.ByDay[:2]) }
	slices.SortStableFunc(week, func(a, b ScheduleHours) int { return first(a) - first(b) })
	out := []string{}
	for _, h := range append(week, other...) {
		if text := h.String(); text != "" {
			out = appendNew(out, text)
		}
	}
	return out
}

// Service returns one service with its languages, areas, terms, locations,
// phones and hours.
func (s *Store) Service(ctx context.Context, id string) (*ServiceProfile, error) {
	return s.service(ctx, s.db, id)
}

func (s *Store) service(ctx context.Context, q store.Querier, id string) (*ServiceProfile, error) {
	p := &ServiceProfile{ID: id}
	in := &p.ServiceInput
	var minAge, maxAge sql.NullFloat64
	var verified sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT sv.organization_id, o.name, sv.name, sv.alternate_name, sv.description, sv.url, sv.email, sv.status,
		sv.interpretation_services, sv.application_process, sv.fees_description, sv.wait_time, sv.eligibility_description,
		sv.minimum_age, sv.maximum_age, sv.last_verified_at, sv.created_at, sv.updated_at
		FROM services sv JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = $1`, id).
		Scan(&p.OrganizationID, &p.OrganizationName, &in.Name, &in.AlternateName, &in.Description, &in.URL, &in.Email, &in.Status,
			&in.InterpretationServices, &in.ApplicationProcess, &in.FeesDescription, &in.WaitTime, &in.EligibilityDescription,
			&minAge, &maxAge, &verified, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("service %q: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, store.Classify(fmt.Errorf("get service %q: %w", id, err))
	}
	if minAge.Valid {
		in.MinimumAge = &minAge.Float64
	}
	if maxAge.Valid {
		in.MaximumAge = &maxAge.Float64
	}
	if verified.Valid {
		p.LastVerifiedAt = &verified.Time
	}
	if in.Languages, err = idsOf(ctx, q, `SELECT CASE WHEN name <> '' THEN name ELSE code END FROM languages
		WHERE service_id = $1 AND (name <> '' OR code <> '') ORDER BY lower(name), lower(code), id`, id); err != nil {
		return nil, fmt.Errorf("languages of service %q: %w", id, err)
	}
	if in.ServiceAreas, err = idsOf(ctx, q, `SELECT name FROM service_areas WHERE service_id = $1 AND name <> '' ORDER BY lower(name), id`, id); err != nil {
		return nil, fmt.Errorf("areas of service %q: %w", id, err)
	}
	if p.TaxonomyTerms, err = termsOf(ctx, q, id); err != nil {
		return nil, err
	}
	if p.Locations, err = locationsAt(ctx, q, id); err != nil {
		return nil, err
	}
	if in.Phones, err = phonesOf(ctx, q, "service_id", id); err != nil {
		return nil, err
	}
	if in.Schedules, err = schedulesOf(ctx, q, id); err != nil {
		return nil, err
	}
	if p.Hours, err = hoursOf(ctx, q, `SELECT byday, opens_at, closes_at, description, freq FROM schedules
		WHERE service_id = $1 ORDER BY id`, id); err != nil {
		return nil, fmt.Errorf("hours of service %q: %w", id, err)
	}
	in.Languages, in.ServiceAreas = nonNil(in.Languages), nonNil(in.ServiceAreas)
	in.TaxonomyTermIDs, in.LocationIDs = []string{}, []string{}
	for _, t := range p.TaxonomyTerms {
		in.TaxonomyTermIDs = append(in.TaxonomyTermIDs, t.ID)
	}
	for _, l := range p.Locations {
		in.LocationIDs = append(in.LocationIDs, l.ID)
	}
	return p, nil
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func termsOf(ctx context.Context, q store.Querier, serviceID string) ([]TermRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, taxonomy FROM (SELECT DISTINCT t.id, t.name, `+termTaxonomy+` AS taxonomy
		FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id `+termTaxonomyJoin+`
		WHERE a.link_id = $1) n ORDER BY lower(taxonomy), taxonomy, lower(name), name, id`, serviceID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("terms of service %q: %w", serviceID, err))
	}
	defer rows.Close()
	out := []TermRef{}
	for rows.Next() {
		var t TermRef
		if err := rows.Scan(&t.ID, &t.Name, &t.Taxonomy); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, store.Classify(rows.Err())
}

func locationsAt(ctx context.Context, q store.Querier, serviceID string) ([]LocationRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT l.id, l.name FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
		WHERE sal.service_id = $1 ORDER BY l.name, l.id`, serviceID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("locations of service %q: %w", serviceID, err))
	}
	defer rows.Close()
	out := []LocationRef{}
	for rows.Next() {
		var l LocationRef
		if err := rows.Scan(&l.ID, &l.Name); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Classify(err)
	}
	rows.Close()
	for i := range out {
		var a Address
		err := q.QueryRowContext(ctx, `SELECT address_1, address_2, city, state_province, postal_code, country FROM addresses
			WHERE location_id = $1 ORDER BY CASE address_type WHEN 'physical' THEN 0 ELSE 1 END, id LIMIT 1`, out[i].ID).
			Scan(&a.Address1, &a.Address2, &a.City, &a.StateProvince, &a.PostalCode, &a.Country)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, store.Classify(fmt.Errorf("address of location %q: %w", out[i].ID, err))
		}
		out[i].Address = a.Oneline()
		if out[i].Phones, err = phonesOf(ctx, q, "location_id", out[i].ID); err != nil {
			return nil, err
		}
		if out[i].Hours, err = hoursOf(ctx, q, `SELECT byday, opens_at, closes_at, description, freq FROM schedules
			WHERE location_id = $1 OR service_at_location_id IN
				(SELECT id FROM service_at_locations WHERE location_id = $1 AND service_id = $2)
			ORDER BY id`, out[i].ID, serviceID); err != nil {
			return nil, fmt.Errorf("hours of location %q: %w", out[i].ID, err)
		}
	}
	return out, nil
}

// schedulesOf returns a service's own weekly hours; schedules an import
// wrote in other forms (by date, by month) are left out.
func schedulesOf(ctx context.Context, q store.Querier, serviceID string) ([]ScheduleInput, error) {
	rows, err := q.QueryContext(ctx, `SELECT byday, opens_at, closes_at FROM schedules
		WHERE service_id = $1 AND upper(freq) IN ('', 'WEEKLY') AND byday <> '' ORDER BY id`, serviceID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("hours of service %q: %w", serviceID, err))
	}
	defer rows.Close()
	out := []ScheduleInput{}
	for rows.Next() {
		var byday string
		var r ScheduleInput
		if err := rows.Scan(&byday, &r.OpensAt, &r.ClosesAt); err != nil {
			return nil, err
		}
		for _, d := range strings.Split(byday, ",") {
			if code := dayCode(strings.TrimSpace(d)); code != "" {
				r.Days = append(r.Days, code)
			}
		}
		r.OpensAt, r.ClosesAt = shortTime(r.OpensAt), shortTime(r.ClosesAt)
		if len(r.Days) > 0 {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduleInput) int {
		return slices.Index(Weekdays, a.Days[0]) - slices.Index(Weekdays, b.Days[0])
	})
	return out, store.Classify(rows.Err())
}

// ServiceProfilesOf returns every service of an organization, by name.
func (s *Store) ServiceProfilesOf(ctx context.Context, orgID string) ([]*ServiceProfile, error) {
	ids, err := idsOf(ctx, s.db, `SELECT id FROM services WHERE organization_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	out := []*ServiceProfile{}
	for _, id := range ids {
		p, err := s.Service(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// CreateService adds a service to an organization, with its lists.
func (s *Store) CreateService(ctx context.Context, actor account.Actor, orgID string, in ServiceInput) (*ServiceProfile, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *ServiceProfile
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.writableOrganization(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := checkServiceLinks(ctx, tx, o.ID, in); err != nil {
			return err
		}
		id, now := NewID(), s.now()
		_, err = tx.ExecContext(ctx, `INSERT INTO services (id, organization_id, name, alternate_name, description, url, email, status,
			interpretation_services, application_process, fees_description, wait_time, eligibility_description, minimum_age, maximum_age,
			last_verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16)`,
			id, o.ID, in.Name, in.AlternateName, in.Description, in.URL, in.Email, in.Status, in.InterpretationServices,
			in.ApplicationProcess, in.FeesDescription, in.WaitTime, in.EligibilityDescription, in.MinimumAge, in.MaximumAge, now)
		if err != nil {
			return store.Classify(fmt.Errorf("insert service: %w", err))
		}
		if err := writeServiceParts(ctx, tx, id, in); err != nil {
			return err
		}
		if out, err = s.service(ctx, tx, id); err != nil {
			return err
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "create", EntityType: "organization", EntityID: o.ID,
			Summary: "added the service " + in.Name, After: out.ServiceInput})
	})
	return out, err
}

// UpdateService replaces a service's fields and its lists. A service is
// never deleted: one that has ended is given the status defunct, so that
// referrals and history that name it still make sense.
func (s *Store) UpdateService(ctx context.Context, actor account.Actor, id string, in ServiceInput) (*ServiceProfile, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *ServiceProfile
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.service(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := s.writableOrganization(ctx, tx, before.OrganizationID); err != nil {
			return err
		}
		if err := checkServiceLinks(ctx, tx, before.OrganizationID, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE services SET name = $1, alternate_name = $2, description = $3, url = $4, email = $5,
			status = $6, interpretation_services = $7, application_process = $8, fees_description = $9, wait_time = $10,
			eligibility_description = $11, minimum_age = $12, maximum_age = $13, updated_at = $14 WHERE id = $15`,
			in.Name, in.AlternateName, in.Description, in.URL, in.Email, in.Status, in.InterpretationServices, in.ApplicationProcess,
			in.FeesDescription, in.WaitTime, in.EligibilityDescription, in.MinimumAge, in.MaximumAge, s.now(), id)
		if err != nil {
			return store.Classify(fmt.Errorf("update service: %w", err))
		}
		if err := writeServiceParts(ctx, tx, id, in); err != nil {
			return err
		}
		if out, err = s.service(ctx, tx, id); err != nil {
			return err
		}
		summary := "edited the service " + in.Name
		if before.Status != in.Status {
			summary += " (now " + in.Status + ")"
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "update", EntityType: "organization", EntityID: before.OrganizationID,
			Summary: summary, Before: before.ServiceInput, After: out.ServiceInput})
	})
	return out, err
}

// checkServiceLinks refuses taxonomy terms that do not exist and locations
// that are not the organization's own.
func checkServiceLinks(ctx context.Context, tx *sql.Tx, orgID string, in ServiceInput) error {
	var v errs.ValidationError
	if len(in.TaxonomyTermIDs) > 0 {
		marks, args := inList(0, in.TaxonomyTermIDs)
		found, err := idsOf(ctx, tx, `SELECT id FROM taxonomy_terms WHERE id IN (`+marks+`)`, args...)
		if err != nil {
			return fmt.Errorf("check taxonomy terms: %w", err)
		}
		for _, id := range in.TaxonomyTermIDs {
			if !slices.Contains(found, id) {
				v.Add("taxonomy_term_ids", fmt.Sprintf("there is no taxonomy term with id %q", id))
			}
		}
	}
	if len(in.LocationIDs) > 0 {
		marks, args := inList(1, in.LocationIDs)
		found, err := idsOf(ctx, tx, `SELECT id FROM locations WHERE organization_id = $1 AND id IN (`+marks+`)`, append([]any{orgID}, args...)...)
		if err != nil {
			return fmt.Errorf("check locations: %w", err)
		}
		for _, id := range in.LocationIDs {
			if !slices.Contains(found, id) {
				v.Add("location_ids", fmt.Sprintf("the organization has no location with id %q", id))
			}
		}
	}
	return v.OrNil()
}

// inList returns placeholders $start+1, $start+2, ... for ids, and ids as arguments.
func inList(start int, ids []string) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", start+i+1)
		args[i] = id
	}
	return strings.Join(marks, ", "), args
}

// writeServiceParts makes a service's phones, weekly hours, languages and
// areas those given, keeping each that is unchanged with its id and what
// the form does not show (see syncRows), and its term and location links
// the given sets (a link that stays keeps its id, and what hangs from it).
func writeServiceParts(ctx context.Context, tx *sql.Tx, id string, in ServiceInput) error {
	if err := writePhones(ctx, tx, "service_id", id, in.Phones); err != nil {
		return err
	}
	exec := func(what, q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return store.Classify(fmt.Errorf("%s: %w", what, err))
		}
		return nil
	}
	// The weekly hours the form shows (schedulesOf), by their days (in
	// the week's order) and times.
	hoursKey := func(days []string, opens, closes string) string {
		codes := weekdayCodes(days)
		if len(codes) == 0 {
			return "" // not shown: kept
		}
		return strings.Join(codes, ",") + " " + shortTime(opens) + "-" + shortTime(closes)
	}
	have, err := shownRows(ctx, tx, `SELECT id, byday, opens_at, closes_at FROM schedules
		WHERE service_id = $1 AND upper(freq) IN ('', 'WEEKLY') AND byday <> ''`, id,
		func(v []string) string { return hoursKey(strings.Split(v[0], ","), v[1], v[2]) })
	if err != nil {
		return fmt.Errorf("replace hours: %w", err)
	}
	want := make([]string, len(in.Schedules))
	for i, r := range in.Schedules {
		want[i] = hoursKey(r.Days, r.OpensAt, r.ClosesAt)
	}
	if err := syncRows(ctx, tx, "schedules", have, want, func(i int) error {
		r := in.Schedules[i]
		return exec("add hours", `INSERT INTO schedules (id, service_id, freq, byday, opens_at, closes_at) VALUES ($1, $2, 'WEEKLY', $3, $4, $5)`,
			NewID(), id, strings.Join(r.Days, ","), r.OpensAt, r.ClosesAt)
	}); err != nil {
		return err
	}
	// Languages and areas, each as the form shows it (a language's name,
	// else its code), in any case.
	named := func(table, query string, list []string, add func(name string) error) error {
		have, err := shownRows(ctx, tx, query, id, func(v []string) string { return strings.ToLower(cmp.Or(v...)) })
		if err != nil {
			return fmt.Errorf("replace %s: %w", table, err)
		}
		want := make([]string, len(list))
		for i, n := range list {
			want[i] = strings.ToLower(n)
		}
		return syncRows(ctx, tx, table, have, want, func(i int) error { return add(list[i]) })
	}
	if err := named("languages", `SELECT id, name, code FROM languages WHERE service_id = $1`, in.Languages, func(l string) error {
		return exec("add language", `INSERT INTO languages (id, service_id, name, code) VALUES ($1, $2, $3, $4)`,
			NewID(), id, l, languageCodes[strings.ToLower(l)])
	}); err != nil {
		return err
	}
	if err := named("service_areas", `SELECT id, name FROM service_areas WHERE service_id = $1`, in.ServiceAreas, func(a string) error {
		return exec("add service area", `INSERT INTO service_areas (id, service_id, name) VALUES ($1, $2, $3)`, NewID(), id, a)
	}); err != nil {
		return err
	}
	terms, err := idsOf(ctx, tx, `SELECT DISTINCT taxonomy_term_id FROM attributes WHERE link_id = $1`, id)
	if err != nil {
		return fmt.Errorf("read taxonomy terms: %w", err)
	}
	for _, t := range terms {
		if !slices.Contains(in.TaxonomyTermIDs, t) {
			if err := exec("remove taxonomy term", `DELETE FROM attributes WHERE link_id = $1 AND taxonomy_term_id = $2`, id, t); err != nil {
				return err
			}
		}
	}
	for _, t := range in.TaxonomyTermIDs {
		if !slices.Contains(terms, t) {
			if err := exec("add taxonomy term", `INSERT INTO attributes (id, link_id, taxonomy_term_id, link_type, link_entity) VALUES ($1, $2, $3, 'service', 'service')`,
				NewID(), id, t); err != nil {
				return err
			}
		}
	}
	places, err := idsOf(ctx, tx, `SELECT DISTINCT location_id FROM service_at_locations WHERE service_id = $1`, id)
	if err != nil {
		return fmt.Errorf("read locations: %w", err)
	}
	for _, l := range places {
		if !slices.Contains(in.LocationIDs, l) {
			if err := exec("remove location", `DELETE FROM service_at_locations WHERE service_id = $1 AND location_id = $2`, id, l); err != nil {
				return err
			}
		}
	}
	for _, l := range in.LocationIDs {
		if !slices.Contains(places, l) {
			if err := exec("add location", `INSERT INTO service_at_locations (id, service_id, location_id) VALUES ($1, $2, $3)`, NewID(), id, l); err != nil {
				return err
			}
		}
	}
	return nil
}

// TaxonomyTerms returns the taxonomy terms a service can be filed under,
// each with its taxonomy's name, by taxonomy then name (in any case): at
// most limit of them, those some service is filed under first.
func (s *Store) TaxonomyTerms(ctx context.Context, limit int) ([]TermRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.name, `+termTaxonomy+` FROM taxonomy_terms t `+termTaxonomyJoin+`
		ORDER BY CASE WHEN EXISTS (SELECT 1 FROM attributes a WHERE a.taxonomy_term_id = t.id) THEN 0 ELSE 1 END, lower(t.name), t.id
		LIMIT $1`, limit)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list taxonomy terms: %w", err))
	}
	defer rows.Close()
	out := []TermRef{}
	for rows.Next() {
		var t TermRef
		if err := rows.Scan(&t.ID, &t.Name, &t.Taxonomy); err != nil {
			return nil, fmt.Errorf("list taxonomy terms: %w", err)
		}
		out = append(out, t)
	}
	SortTerms(out)
	return out, store.Classify(rows.Err())
}

// SortTerms sorts terms by taxonomy then name, in any case, then id: as
// a service's own are read (termsOf).
func SortTerms(terms []TermRef) {
	slices.SortFunc(terms, func(a, b TermRef) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Taxonomy), strings.ToLower(b.Taxonomy)), strings.Compare(a.Taxonomy, b.Taxonomy),
			strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
}
