package directory

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Reading a service whole, as its page and the API show it: its fields,
// terms, locations and hours.

// ServiceProfile is a service with everything its page and the API show:
// the fields a person edits, and the names of what its ids point at.
type ServiceProfile struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	ServiceInput
	TaxonomyTerms []TermRef `json:"taxonomy_terms"`
	// Categories are its built-in categories (directly or through mapped
	// keywords) and Situations whom it serves (see categories.go).
	Categories []ServiceCategory `json:"categories"`
	Situations []string          `json:"situations"`
	// Hours are every schedule of the service's own as a flyer says them
	// (hoursOf): its weekly hours (Schedules, which a person edits) and
	// the others an import brought, such as a holiday's.
	Hours []string `json:"hours"`
	// HoursToCheck are the hours of the service and its places that close
	// before they open (HoursReversed), as a flyer says them: the page
	// flags them for a steward.
	HoursToCheck   []string      `json:"hours_to_check"`
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
	// ApproximateLocation is true when its point is the centroid of its
	// postal code or city (places_approximate.go).
	ApproximateLocation bool `json:"approximate_location"`
}

// hoursToCheck says the hours of a service, of its places and of the
// service at each that close before they open.
func hoursToCheck(ctx context.Context, q store.Querier, serviceID string) ([]string, error) {
	out := []string{}
	err := scanAll(
		ctx,
		q,
		3,
		`SELECT byday, opens_at, closes_at FROM schedules WHERE opens_at <> '' AND closes_at <> '' AND (
		service_id = $1 OR location_id IN (SELECT location_id FROM service_at_locations WHERE service_id = $1)
		OR service_at_location_id IN (SELECT id FROM service_at_locations WHERE service_id = $1)) ORDER BY id`,
		func(c []string) {
			if HoursReversed(c[1], c[2]) {
				out = appendNew(out, ScheduleHours{ByDay: c[0], Opens: c[1], Closes: c[2]}.String())
			}
		},
		serviceID,
	)
	if err != nil {
		return nil, fmt.Errorf("hours to check of service %q: %w", serviceID, err)
	}
	return out, nil
}

// hoursOf reads the schedules query selects (byday, opens_at, closes_at,
// description, freq) and says them as sayHours does.
func hoursOf(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
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
		return nil, err
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
// phones and hours, to someone who may read the directory
// (account.ViewDirectory).
func (s *Store) Service(ctx context.Context, actor account.Actor, id string) (*ServiceProfile, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	return s.service(ctx, s.db, id)
}

// ServiceFor returns one service to someone who may read the directory and
// take action a (EditService) on the organization it belongs to: what a
// form to change it starts from, or a partial update merges over. The
// operation checks again when it is carried out.
func (s *Store) ServiceFor(ctx context.Context, actor account.Actor, a account.Action,
	id string) (*ServiceProfile, error) {
	sv, err := s.Service(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, a, account.Org(sv.OrganizationID)); err != nil {
		return nil, err
	}

	return sv, nil
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
		return nil, fmt.Errorf("get service %q: %w", id, err)
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
	if p.Categories, p.Situations, err = categoriesOf(ctx, q, id); err != nil {
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
	if p.HoursToCheck, err = hoursToCheck(ctx, q, id); err != nil {
		return nil, err
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
	rows, err := q.QueryContext(
		ctx,
		`SELECT id, name, taxonomy FROM (SELECT DISTINCT t.id, t.name, `+termTaxonomy+` AS taxonomy
		FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id `+termTaxonomyJoin+`
		WHERE a.link_id = $1) n ORDER BY lower(taxonomy), taxonomy, lower(name), name, id`,
		serviceID,
	)
	if err != nil {
		return nil, fmt.Errorf("terms of service %q: %w", serviceID, err)
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
	return out, rows.Err()
}

func locationsAt(ctx context.Context, q store.Querier, serviceID string) ([]LocationRef, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT DISTINCT l.id, l.name, l.coordinates_approximate FROM service_at_locations sal
		JOIN locations l ON l.id = sal.location_id
		WHERE sal.service_id = $1 ORDER BY l.name, l.id`,
		serviceID,
	)
	if err != nil {
		return nil, fmt.Errorf("locations of service %q: %w", serviceID, err)
	}
	defer rows.Close()
	out := []LocationRef{}
	for rows.Next() {
		var l LocationRef
		if err := rows.Scan(&l.ID, &l.Name, &l.ApproximateLocation); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		var a Address
		err := q.QueryRowContext(ctx, `SELECT address_1, address_2, city, state_province, postal_code, country FROM addresses
			WHERE location_id = $1 ORDER BY CASE address_type WHEN 'physical' THEN 0 ELSE 1 END, id LIMIT 1`, out[i].ID).
			Scan(&a.Address1, &a.Address2, &a.City, &a.StateProvince, &a.PostalCode, &a.Country)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("address of location %q: %w", out[i].ID, err)
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
		return nil, fmt.Errorf("hours of service %q: %w", serviceID, err)
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
	return out, rows.Err()
}

// ServiceProfilesOf returns every service of an organization, by name, to
// someone who may read the directory (account.ViewDirectory).
func (s *Store) ServiceProfilesOf(ctx context.Context, actor account.Actor, orgID string) ([]*ServiceProfile, error) {
	if _, err := s.ViewOrganization(ctx, actor, orgID); err != nil {
		return nil, err
	}
	ids, err := idsOf(ctx, s.db, `SELECT id FROM services WHERE organization_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	out := []*ServiceProfile{}
	for _, id := range ids {
		p, err := s.service(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// TaxonomyTerms returns the taxonomy terms a service can be filed under,
// each with its taxonomy's name, by taxonomy then name (in any case): at
// most limit of them, those some service is filed under first; to someone
// who may read the directory (account.ViewDirectory).
func (s *Store) TaxonomyTerms(ctx context.Context, actor account.Actor, limit int) ([]TermRef, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	rows, err := s.db.QueryContext(
		ctx,
		`SELECT t.id, t.name, `+termTaxonomy+` FROM taxonomy_terms t `+termTaxonomyJoin+`
		ORDER BY CASE WHEN EXISTS (SELECT 1 FROM attributes a WHERE a.taxonomy_term_id = t.id) THEN 0 ELSE 1 END, lower(t.name), t.id
		LIMIT $1`,
		limit,
	)
	if err != nil {
		return nil, fmt.Errorf("list taxonomy terms: %w", err)
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
	return out, rows.Err()
}

// SortTerms sorts terms by taxonomy then name, in any case, then id: as
// a service's own are read (termsOf).
func SortTerms(terms []TermRef) {
	slices.SortFunc(terms, func(a, b TermRef) int {
		return cmp.Or(
			strings.Compare(strings.ToLower(a.Taxonomy), strings.ToLower(b.Taxonomy)),
			strings.Compare(a.Taxonomy, b.Taxonomy),
			strings.Compare(
				strings.ToLower(a.Name),
				strings.ToLower(b.Name),
			),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.ID, b.ID),
		)
	})
}
