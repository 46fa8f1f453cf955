package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
)

// The data-quality report is computed when it is read, from the records
// as they are, rather than kept in a table that every edit must bring up
// to date: a problem is gone as soon as its record is fixed, by whichever
// path (a page, the API, an import, an accepted proposal, a merge), with
// nothing to fall out of step and no trigger on a dozen tables. Reading it
// is one scan of each table concerned, with the judgements SQL cannot make
// (a phone, a time, a language code, a name's key) in Go: linear in the
// directory, and paid only when a steward opens the list or an import
// ends. At 60,000 services it took 1.0 s on SQLite and 1.3 s on PostgreSQL
// (BenchmarkQualityReport, 2 cores), which a steward's page can bear; a
// kept table would make the read cheap but every write dearer and the
// report stale wherever a path forgot it.

// QualityProblem is one problem of data quality: the record it is in and
// the field, what is wrong, and the record whose edit page fixes it.
type QualityProblem struct {
	Kind     string `json:"kind"`
	Record   string `json:"record"` // organization, program, location, address, phone, schedule or language
	RecordID string `json:"record_id"`
	Field    string `json:"field"`
	Value    string `json:"value"`
	Message  string `json:"message"`
	// Fix is the record whose edit page corrects the problem: an
	// organization, a service or a location, with its name and the page.
	FixRecord string `json:"fix_record"`
	FixID     string `json:"fix_id"`
	FixName   string `json:"fix_name"`
	FixURL    string `json:"fix_url"`
	// Dismissal is a steward's "right as it is", in the dismissed view.
	Dismissal *QualityDismissal `json:"dismissal,omitempty"`
}

// QualityCount is how many problems of one kind the directory has.
type QualityCount struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// QualityReport is the directory's data-quality report: counts per kind
// and one page of the problems (of one kind, when asked), leaving out
// those a steward found right as it is (Dismissed counts them; the
// dismissed view lists them instead).
type QualityReport struct {
	Total     int              `json:"total"`
	Dismissed int              `json:"dismissed"`
	View      bool             `json:"dismissed_view,omitempty"` // the dismissed findings are listed
	Counts    []QualityCount   `json:"counts"`
	Kind      string           `json:"kind,omitempty"`
	Limit     int              `json:"limit"`
	Offset    int              `json:"offset"`
	Matched   int              `json:"matched"`
	Problems  []QualityProblem `json:"problems"`
}

// QualityFilter chooses the problems a report pages through.
type QualityFilter struct {
	Kind   string
	Limit  int
	Offset int
	// Dismissed lists the findings a steward dismissed instead of the
	// others.
	Dismissed bool
}

// QualityReport reads the directory's data-quality report, for the
// stewards (account.ReadDirectoryQuality).
func (s *Store) QualityReport(ctx context.Context, actor account.Actor, f QualityFilter) (*QualityReport, error) {
	if err := s.rules.Check(ctx, actor, account.ReadDirectoryQuality, account.Platform); err != nil {
		return nil, err
	}
	if f.Kind != "" &&
		!slices.ContainsFunc(QualityKinds, func(k struct{ Kind, Label string }) bool { return k.Kind == f.Kind }) {
		var v errs.ValidationError
		v.Add("kind", "must be one of empty_required, closes_before_opens, no_coordinates, "+
			"phone_not_number, name_collision, unknown_language")
		return nil, &v
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	f.Offset = max(f.Offset, 0)

	all, err := s.qualityProblems(ctx, s.db)
	if err != nil {
		return nil, err
	}
	in, err := dismissalsInForce(ctx, s.db)
	if err != nil {
		return nil, err
	}
	listed, dismissed := splitDismissed(all, in)
	if f.Dismissed {
		r := pageQuality(dismissed, f)
		r.Dismissed, r.View = len(dismissed), true
		return r, nil
	}
	r := pageQuality(listed, f)
	r.Dismissed = len(dismissed)
	return r, nil
}

// pageQuality counts problems by kind and keeps one page of them.
func pageQuality(all []QualityProblem, f QualityFilter) *QualityReport {
	r := &QualityReport{Total: len(all), Kind: f.Kind, Limit: f.Limit, Offset: f.Offset, Problems: []QualityProblem{}}
	counts := map[string]int{}
	var matched []QualityProblem
	for _, p := range all {
		counts[p.Kind]++
		if f.Kind == "" || p.Kind == f.Kind {
			matched = append(matched, p)
		}
	}
	for _, k := range QualityKinds {
		r.Counts = append(r.Counts, QualityCount{Kind: k.Kind, Label: k.Label, Count: counts[k.Kind]})
	}
	r.Matched = len(matched)
	if f.Offset < len(matched) {
		r.Problems = matched[f.Offset:min(len(matched), f.Offset+f.Limit)]
	}
	return r
}

// ImportQuality is the data-quality report of what an import brought:
// the problems of the records the bundle holds (a name collision when
// either organization is in it), with up to limit of them listed.
func (s *Store) ImportQuality(ctx context.Context, b *hsds.Bundle, limit int) (*QualityReport, error) {
	all, err := s.qualityProblems(ctx, s.db)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	put := func(table, id string) { in[table+"\x00"+id] = true }
	for _, o := range b.Organizations {
		put("organization", o.ID)
	}
	for _, l := range b.Locations {
		put("location", l.ID)
	}
	for _, a := range b.Addresses {
		put("address", a.ID)
	}
	for _, p := range b.Phones {
		put("phone", p.ID)
	}
	for _, r := range b.Records {
		put(r.Table, r.ID)
	}
	kept := all[:0]
	for _, p := range all {
		if in[p.Record+"\x00"+p.RecordID] || p.Kind == QualityNameCollision && in["organization\x00"+p.Value] {
			kept = append(kept, p)
		}
	}
	dismissals, err := dismissalsInForce(ctx, s.db)
	if err != nil {
		return nil, err
	}
	listed, dismissed := splitDismissed(kept, dismissals)
	r := pageQuality(listed, QualityFilter{Limit: limit})
	r.Dismissed = len(dismissed)
	return r, nil
}

// qualityProblems finds every problem of the directory's active records,
// ordered by kind (as QualityKinds lists them), the record to fix and the
// field.
func (s *Store) qualityProblems(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var all []QualityProblem
	for _, find := range []func(context.Context, store.Querier) ([]QualityProblem, error){
		emptyRequired, reversedHours, noCoordinates, phonesNotNumbers, collidingNames, unknownLanguages,
	} {
		found, err := find(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("data-quality report: %w", err)
		}
		all = append(all, found...)
	}
	if err := nameFixes(ctx, q, all); err != nil {
		return nil, fmt.Errorf("data-quality report: %w", err)
	}
	order := map[string]int{}
	for i, k := range QualityKinds {
		order[k.Kind] = i
	}
	slices.SortStableFunc(all, func(a, b QualityProblem) int {
		return cmp.Or(
			cmp.Compare(order[a.Kind], order[b.Kind]),
			cmp.Compare(strings.ToLower(a.FixName), strings.ToLower(b.FixName)),
			cmp.Compare(a.FixID, b.FixID),
			cmp.Compare(a.RecordID, b.RecordID),
			cmp.Compare(a.Field, b.Field),
		)
	})
	return all, nil
}

// fixBy chooses the record whose edit page fixes a problem: the service
// it belongs to, else the location, else the organization.
func fixBy(p *QualityProblem, serviceID, locationID, orgID string) {
	switch {
	case serviceID != "":
		p.FixRecord, p.FixID = "service", serviceID
	case locationID != "":
		p.FixRecord, p.FixID = "location", locationID
	default:
		p.FixRecord, p.FixID = "organization", orgID
	}
}

// nameFixes names the records that fix the problems and links their
// edit pages, reading the names of each kind of record in batches.
func nameFixes(ctx context.Context, q store.Querier, all []QualityProblem) error {
	tables := map[string]string{"organization": "organizations", "service": "services", "location": "locations"}
	for rec, table := range tables {
		seen := map[string]bool{}
		var ids []string
		for _, p := range all {
			if p.FixRecord == rec && p.FixID != "" && !seen[p.FixID] {
				seen[p.FixID] = true
				ids = append(ids, p.FixID)
			}
		}
		names := map[string]string{}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(len(ids), start+500)]
			args := make([]any, len(chunk))
			marks := make([]string, len(chunk))
			for i, id := range chunk {
				args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
			}
			name := "name"
			if rec == "location" {
				// A location without a name goes by its organization's.
				name = "CASE WHEN name <> '' THEN name ELSE coalesce((SELECT o.name FROM organizations o " +
					"WHERE o.id = locations.organization_id), '') END"
			}
			rows, err := q.QueryContext(
				ctx,
				`SELECT id, `+name+` FROM `+table+` WHERE id IN (`+strings.Join(marks, ", ")+`)`,
				args...)
			if err != nil {
				return fmt.Errorf("name %s: %w", table, err)
			}
			for rows.Next() {
				var id, n string
				if err := rows.Scan(&id, &n); err != nil {
					rows.Close()
					return err
				}
				names[id] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for i := range all {
			if p := &all[i]; p.FixRecord == rec && p.FixID != "" {
				p.FixName = names[p.FixID]
				p.FixURL = fixURL(rec, p.FixID)
			}
		}
	}
	return nil
}

func fixURL(record, id string) string {
	switch record {
	case "service":
		return "/services/" + id + "/edit"
	case "location":
		return "/locations/" + id + "/edit"
	}
	return "/organizations/" + id + "/edit"
}

// scanAll runs query with args and calls fn with each row's n text
// columns.
func scanAll(ctx context.Context, q store.Querier, n int, query string, fn func(cols []string), args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols := make([]string, n)
	ptrs := make([]any, n)
	for i := range cols {
		ptrs[i] = &cols[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fn(cols)
	}
	return rows.Err()
}

// activeOrg is the SQL condition that the organization o, if any, is not
// archived: the report leaves out what lists and search leave out.
const activeOrg = `(o.id IS NULL OR o.archived_at IS NULL)`

// emptyRequired finds text HSDS requires that is left empty, in the
// records Backbone keeps without it: an organization's or a program's
// description, an address's city, state, postal code or country.
func emptyRequired(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var out []QualityProblem
	add := func(record, id, field, serviceID, locationID, orgID string) {
		p := QualityProblem{Kind: QualityEmptyRequired, Record: record, RecordID: id, Field: field,
			Message: "the " + strings.ReplaceAll(
				field,
				"_",
				" ",
			) + " of " + article(
				record,
			) + " is empty; HSDS requires it"}
		fixBy(&p, serviceID, locationID, orgID)
		out = append(out, p)
	}
	err := scanAll(ctx, q, 1, `SELECT o.id FROM organizations o WHERE o.archived_at IS NULL AND o.description = ''`,
		func(c []string) { add("organization", c[0], "description", "", "", c[0]) })
	if err != nil {
		return nil, err
	}
	err = scanAll(
		ctx,
		q,
		2,
		`SELECT p.id, p.organization_id FROM programs p JOIN organizations o ON o.id = p.organization_id
		WHERE o.archived_at IS NULL AND p.description = ''`,
		func(c []string) { add("program", c[0], "description", "", "", c[1]) },
	)
	if err != nil {
		return nil, err
	}
	err = scanAll(
		ctx,
		q,
		7,
		`SELECT a.id, a.location_id, a.address_type, a.city, a.state_province, a.postal_code, a.country
		FROM addresses a JOIN locations l ON l.id = a.location_id LEFT JOIN organizations o ON o.id = l.organization_id
		WHERE `+activeOrg+` AND (a.city = '' OR a.state_province = '' OR a.postal_code = '' OR a.country = '')`,
		func(c []string) {
			record := "address"
			if c[2] == "postal" {
				record = "postal address"
			}
			for i, field := range []string{"city", "state_province", "postal_code", "country"} {
				if c[3+i] == "" {
					add(record, c[0], field, "", c[1], "")
				}
			}
		},
	)
	for i := range out {
		if out[i].Record == "postal address" {
			out[i].Record = "address"
			out[i].Message += " (a mailing address: correct it in the source file and import again)"
		}
	}
	return out, err
}

func article(record string) string {
	if strings.IndexAny(record[:1], "aeiou") == 0 {
		return "an " + record
	}
	return "a " + record
}

// reversedHours finds schedules that close before they open
// (HoursReversed), such as "Mon 09:00–03:00" meant for 3 pm.
func reversedHours(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var out []QualityProblem
	err := scanAll(ctx, q, 6, `SELECT sc.id, sc.opens_at, sc.closes_at, sc.byday,
		coalesce(sc.service_id, sal.service_id, ''), coalesce(sc.location_id, sal.location_id, '')
		FROM schedules sc LEFT JOIN service_at_locations sal ON sal.id = sc.service_at_location_id
		WHERE sc.opens_at <> '' AND sc.closes_at <> ''`,
		func(c []string) {
			if !HoursReversed(c[1], c[2]) {
				return
			}
			h := ScheduleHours{ByDay: c[3], Opens: c[1], Closes: c[2]}
			p := QualityProblem{Kind: QualityHoursReversed, Record: "schedule", RecordID: c[0], Field: "closes_at",
				Value: h.String(), Message: fmt.Sprintf("closes at %s, before it opens at %s (is %s meant as the afternoon?)",
					shortTime(c[2]), shortTime(c[1]), shortTime(c[2]))}
			fixBy(&p, c[4], c[5], "")
			out = append(out, p)
		})
	return out, err
}

// noCoordinates finds physical locations without a latitude and
// longitude of their own: with none they cannot be found by distance; with
// only an approximate point (from their postal code or city, see
// places_approximate.go) they are found, but placed at the middle of that
// area, until a steward (or the geocoder) gives the street's point.
func noCoordinates(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var out []QualityProblem
	err := scanAll(ctx, q, 2, `SELECT l.id, CASE WHEN l.latitude IS NULL OR l.longitude IS NULL THEN 'none'
		ELSE 'approximate' END FROM locations l LEFT JOIN organizations o ON o.id = l.organization_id
		WHERE `+activeOrg+` AND l.location_type = 'physical'
		AND (l.latitude IS NULL OR l.longitude IS NULL OR l.coordinates_approximate)`,
		func(c []string) {
			msg := "a physical location has no coordinates: a search near a place cannot find it by distance"
			if c[1] == "approximate" {
				msg = "a physical location has only an approximate point, from its postal code or city: " +
					"distances to it are rough"
			}
			out = append(
				out,
				QualityProblem{Kind: QualityNoCoordinates, Record: "location", RecordID: c[0], Field: "latitude",
					Message: msg, FixRecord: "location", FixID: c[0]},
			)
		})
	return out, err
}

// phonesNotNumbers finds phones whose number is not one (PhoneIsNumber).
func phonesNotNumbers(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var out []QualityProblem
	err := scanAll(ctx, q, 5, `SELECT p.id, p.number, coalesce(p.service_id, sal.service_id, c.service_id, ''),
		coalesce(p.location_id, c.location_id, sal.location_id, ''), coalesce(p.organization_id, c.organization_id, '')
		FROM phones p LEFT JOIN service_at_locations sal ON sal.id = p.service_at_location_id
		LEFT JOIN contacts c ON c.id = p.contact_id`,
		func(c []string) {
			if PhoneIsNumber(c[1]) {
				return
			}
			p := QualityProblem{
				Kind:     QualityPhoneNotNumber,
				Record:   "phone",
				RecordID: c[0],
				Field:    "number",
				Value:    c[1],
				Message:  fmt.Sprintf("%q is not a phone number", c[1]),
			}
			fixBy(&p, c[2], c[3], c[4])
			out = append(out, p)
		})
	return out, err
}

// collidingNames finds active organizations whose names are the same but
// for case, punctuation and spacing (NameKey): each is listed, its Value
// the id of the other (the first other, when more share the name).
func collidingNames(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	byKey := map[string][][2]string{}
	err := scanAll(
		ctx,
		q,
		2,
		`SELECT id, name FROM organizations WHERE archived_at IS NULL ORDER BY id`,
		func(c []string) {
			k := NameKey(c[1])
			byKey[k] = append(byKey[k], [2]string{c[0], c[1]})
		},
	)
	if err != nil {
		return nil, err
	}
	var out []QualityProblem
	for _, group := range byKey {
		if len(group) < 2 {
			continue
		}
		for i, o := range group {
			other := group[(i+1)%len(group)]
			out = append(
				out,
				QualityProblem{Kind: QualityNameCollision, Record: "organization", RecordID: o[0], Field: "name",
					Value: other[0], Message: fmt.Sprintf("%q and %q differ only in case or punctuation: "+
						"the same organization twice, or two that need names a person can tell apart", o[1], other[1]),
					FixRecord: "organization", FixID: o[0]},
			)
		}
	}
	return out, nil
}

// unknownLanguages finds languages whose code is not a language code
// (LanguageKnown), judging each distinct code once.
func unknownLanguages(ctx context.Context, q store.Querier) ([]QualityProblem, error) {
	var bad []string
	err := scanAll(ctx, q, 1, `SELECT DISTINCT code FROM languages WHERE code <> ''`, func(c []string) {
		if !LanguageKnown(c[0]) {
			bad = append(bad, c[0])
		}
	})
	if err != nil || len(bad) == 0 {
		return nil, err
	}
	var out []QualityProblem
	for _, code := range bad {
		rows, err := q.QueryContext(ctx, `SELECT l.id, coalesce(l.service_id, ph.service_id, ''),
			coalesce(l.location_id, ph.location_id, ''), coalesce(ph.organization_id, '')
			FROM languages l LEFT JOIN phones ph ON ph.id = l.phone_id WHERE l.code = $1`, code)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, sv, loc, org string
			if err := rows.Scan(&id, &sv, &loc, &org); err != nil {
				rows.Close()
				return nil, err
			}
			p := QualityProblem{
				Kind:     QualityUnknownLanguage,
				Record:   "language",
				RecordID: id,
				Field:    "code",
				Value:    code,
				Message:  fmt.Sprintf("%q is not an ISO 639 language code (such as es or spa)", code),
			}
			fixBy(&p, sv, loc, org)
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
