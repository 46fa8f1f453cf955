package directory

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// CreateService adds a service to an organization, with its lists, for
// the organization's admins and the stewards (account.EditService).
func (s *Store) CreateService(
	ctx context.Context,
	actor account.Actor,
	orgID string,
	in ServiceInput,
) (*ServiceProfile, error) {
	if err := s.rules.Check(ctx, actor, account.EditService, account.Org(orgID)); err != nil {
		return nil, err
	}

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
		_, err = tx.ExecContext(
			ctx,
			`INSERT INTO services (id, organization_id, name, alternate_name, description, url, email, status,
			interpretation_services, application_process, fees_description, wait_time, eligibility_description, minimum_age, maximum_age,
			last_verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16)`,
			id,
			o.ID,
			in.Name,
			in.AlternateName,
			in.Description,
			in.URL,
			in.Email,
			in.Status,
			in.InterpretationServices,
			in.ApplicationProcess,
			in.FeesDescription,
			in.WaitTime,
			in.EligibilityDescription,
			in.MinimumAge,
			in.MaximumAge,
			now,
		)
		if err != nil {
			return fmt.Errorf("insert service: %w", err)
		}
		if err := writeServiceParts(ctx, tx, id, in); err != nil {
			return err
		}
		if out, err = s.service(ctx, tx, id); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "create", EntityType: "organization", EntityID: o.ID,
				Summary: "added the service " + in.Name, After: out.ServiceInput},
		)
	})
	return out, err
}

// UpdateService replaces a service's fields and its lists, for the
// admins of the organization it belongs to and the stewards
// (account.EditService). A service is never deleted: one that has ended is
// given the status defunct, so that referrals and history that name it
// still make sense.
func (s *Store) UpdateService(
	ctx context.Context,
	actor account.Actor,
	id string,
	in ServiceInput,
) (*ServiceProfile, error) {
	orgID, err := s.ownerOf(ctx, actor, "services", "service", id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.EditService, account.Org(orgID)); err != nil {
		return nil, err
	}

	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *ServiceProfile
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.service(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.OrganizationID != orgID {
			return &errs.ConflictError{Message: before.Name +
				" moved to another organization meanwhile; reload it and try again"}
		}
		if _, err := s.writableOrganization(ctx, tx, before.OrganizationID); err != nil {
			return err
		}
		if err := checkServiceLinks(ctx, tx, before.OrganizationID, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(
			ctx,
			`UPDATE services SET name = $1, alternate_name = $2, description = $3, url = $4, email = $5,
			status = $6, interpretation_services = $7, application_process = $8, fees_description = $9, wait_time = $10,
			eligibility_description = $11, minimum_age = $12, maximum_age = $13, updated_at = $14 WHERE id = $15`,
			in.Name,
			in.AlternateName,
			in.Description,
			in.URL,
			in.Email,
			in.Status,
			in.InterpretationServices,
			in.ApplicationProcess,
			in.FeesDescription,
			in.WaitTime,
			in.EligibilityDescription,
			in.MinimumAge,
			in.MaximumAge,
			s.now(),
			id,
		)
		if err != nil {
			return fmt.Errorf("update service: %w", err)
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
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "update", EntityType: "organization", EntityID: before.OrganizationID,
				Summary: summary, Before: before.ServiceInput, After: out.ServiceInput},
		)
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
		found, err := idsOf(
			ctx,
			tx,
			`SELECT id FROM locations WHERE organization_id = $1 AND id IN (`+marks+`)`,
			append([]any{orgID}, args...)...)
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
			return fmt.Errorf("%s: %w", what, err)
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
