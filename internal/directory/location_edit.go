package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// LocationInput is what a person writes when adding or editing a location:
// the place, its street address and its phones.
type LocationInput struct {
	Name           string       `json:"name"`
	Description    string       `json:"description"`
	Transportation string       `json:"transportation"`
	Latitude       *float64     `json:"latitude"`
	Longitude      *float64     `json:"longitude"`
	Address        AddressInput `json:"address"`
	Phones         []PhoneInput `json:"phones"`
}

// AddressInput is the street address of a location; all empty means none.
type AddressInput struct {
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
}

// Empty reports whether no part of the address is written.
func (a AddressInput) Empty() bool { return a == AddressInput{} }

// PhoneInput is a phone number of a service or a location.
type PhoneInput struct {
	Number      string `json:"number"`
	Extension   string `json:"extension"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// PhoneTypes are the kinds of phone HSDS 3.0 names; imported records may
// carry others (such as hotline), which are kept.
var PhoneTypes = []string{"voice", "text", "cell", "fax", "textphone", "video", "pager"}

// fieldCheck gathers the messages of one input, field by field.
type fieldCheck struct{ errs.ValidationError }

func (c *fieldCheck) tooLong(field, s string, n int) {
	if utf8.RuneCountInString(s) > n {
		c.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", n, utf8.RuneCountInString(s)))
	}
}

func trimAll(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(*p)
	}
}

// normalizePhones trims the phones, drops the rows left wholly blank (a
// form's spare rows) and checks the others; messages name the row as it was
// sent, such as phones[1].number.
func normalizePhones(c *fieldCheck, phones []PhoneInput) []PhoneInput {
	out := []PhoneInput{}
	for i, p := range phones {
		trimAll(&p.Number, &p.Extension, &p.Type, &p.Description)
		p.Type = strings.ToLower(p.Type)
		if p == (PhoneInput{}) {
			continue
		}
		at := fmt.Sprintf("phones[%d].", i)
		if p.Number == "" {
			c.Add(at+"number", "is required when the row has an extension, type or description")
		} else if !looksLikePhone(p.Number) {
			c.Add(at+"number", "must be a phone number such as 650-555-0100")
		}
		c.tooLong(at+"number", p.Number, 50)
		c.tooLong(at+"extension", p.Extension, 20)
		c.tooLong(at+"type", p.Type, 30)
		c.tooLong(at+"description", p.Description, maxShort)
		out = append(out, p)
	}
	return out
}

// looksLikePhone accepts what people write as a phone number: digits with
// spaces, dashes, dots, brackets and a leading plus, and short codes like 211.
func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -.()+/", r):
		default:
			return false
		}
	}
	return digits >= 3
}

// Normalize trims the input and checks it, returning every problem at once,
// field by field.
func (in *LocationInput) Normalize() error {
	var c fieldCheck
	trimAll(&in.Name, &in.Description, &in.Transportation)
	a := &in.Address
	trimAll(&a.Address1, &a.Address2, &a.City, &a.StateProvince, &a.PostalCode, &a.Country)
	if in.Name == "" {
		c.Add("name", "is required, such as Main office or Eastside clinic")
	}
	c.tooLong("name", in.Name, maxName)
	c.tooLong("description", in.Description, maxDescription)
	c.tooLong("transportation", in.Transportation, maxMission)
	switch {
	case (in.Latitude == nil) != (in.Longitude == nil):
		field := "latitude"
		if in.Longitude == nil {
			field = "longitude"
		}
		c.Add(field, "is needed too: give both latitude and longitude, or neither")
	case in.Latitude != nil:
		if !(*in.Latitude >= -90 && *in.Latitude <= 90) { // NaN too
			c.Add("latitude", "must be between -90 and 90, such as 37.4852")
		}
		if !(*in.Longitude >= -180 && *in.Longitude <= 180) {
			c.Add("longitude", "must be between -180 and 180, such as -122.2364")
		}
	}
	if !a.Empty() {
		if a.Address1 == "" {
			c.Add("address.address_1", "is required for a street address")
		}
		// A city is not required: a P.O. box may have none (the data-quality
		// report lists addresses without one).
		if a.Country == "" {
			a.Country = "US"
		}
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"address.address_1", a.Address1, maxShort}, {"address.address_2", a.Address2, maxShort}, {"address.city", a.City, 100},
		{"address.state_province", a.StateProvince, 100}, {"address.postal_code", a.PostalCode, 20}, {"address.country", a.Country, 100}} {
		c.tooLong(f.name, f.value, f.max)
	}
	in.Phones = normalizePhones(&c, in.Phones)
	return c.OrNil()
}

// LocationProfile is a location with everything its page and the API show.
type LocationProfile struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	LocationInput
	// CoordinatesApproximate is true when the point is the centroid of the
	// address's postal code or city (places_approximate.go).
	CoordinatesApproximate bool         `json:"coordinates_approximate"`
	Services               []ServiceRef `json:"services"`
}

// ServiceRef names a service, for links.
type ServiceRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Location returns one location with its street address, phones and the
// services delivered there, to someone who may read the directory
// (account.ViewDirectory).
func (s *Store) Location(ctx context.Context, actor account.Actor, id string) (*LocationProfile, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	return s.location(ctx, s.db, id)
}

// LocationFor returns one location to someone who may read the directory
// and take action a (EditLocation) on the organization it belongs to: what
// a form to change it starts from, or a partial update merges over. The
// operation checks again when it is carried out.
func (s *Store) LocationFor(ctx context.Context, actor account.Actor, a account.Action,
	id string) (*LocationProfile, error) {
	l, err := s.Location(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, a, account.Org(l.OrganizationID)); err != nil {
		return nil, err
	}

	return l, nil
}

func (s *Store) location(ctx context.Context, q store.Querier, id string) (*LocationProfile, error) {
	l := &LocationProfile{ID: id}
	var lat, long sql.NullFloat64
	err := q.QueryRowContext(ctx, `SELECT l.organization_id, coalesce(o.name, ''), l.name, l.description,
		l.transportation, l.latitude, l.longitude,
		l.coordinates_approximate FROM locations l LEFT JOIN organizations o ON o.id = l.organization_id WHERE l.id =
		$1`, id).
		Scan(&l.OrganizationID, &l.OrganizationName, &l.Name, &l.Description, &l.Transportation, &lat, &long,
			&l.CoordinatesApproximate)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("location %q: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get location %q: %w", id, err)
	}
	if lat.Valid && long.Valid {
		l.Latitude, l.Longitude = &lat.Float64, &long.Float64
	}
	a := &l.Address
	err = q.QueryRowContext(ctx, `SELECT address_1, address_2, city, state_province, postal_code, country FROM addresses
		WHERE location_id = $1 AND address_type <> 'postal' ORDER BY id LIMIT 1`, id).
		Scan(&a.Address1, &a.Address2, &a.City, &a.StateProvince, &a.PostalCode, &a.Country)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get address of location %q: %w", id, err)
	}
	if l.Phones, err = phonesOf(ctx, q, "location_id", id); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(
		ctx,
		`SELECT sv.id, sv.name, sv.status FROM service_at_locations sal JOIN services sv ON sv.id = sal.service_id
		WHERE sal.location_id = $1 ORDER BY lower(sv.name), sv.id`,
		id,
	)
	if err != nil {
		return nil, fmt.Errorf("services at location %q: %w", id, err)
	}
	defer rows.Close()
	l.Services = []ServiceRef{}
	for rows.Next() {
		var r ServiceRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Status); err != nil {
			return nil, fmt.Errorf("services at location %q: %w", id, err)
		}
		l.Services = append(l.Services, r)
	}
	return l, rows.Err()
}

// LocationProfilesOf returns every location of an organization, by name,
// to someone who may read the directory (account.ViewDirectory).
func (s *Store) LocationProfilesOf(ctx context.Context, actor account.Actor, orgID string) ([]*LocationProfile, error) {
	if _, err := s.ViewOrganization(ctx, actor, orgID); err != nil {
		return nil, err
	}
	ids, err := idsOf(ctx, s.db, `SELECT id FROM locations WHERE organization_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list locations: %w", err)
	}
	out := []*LocationProfile{}
	for _, id := range ids {
		l, err := s.location(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// CreateLocation adds a location to an organization, for its admins and
// the stewards (account.EditLocation).
func (s *Store) CreateLocation(
	ctx context.Context,
	actor account.Actor,
	orgID string,
	in LocationInput,
) (*LocationProfile, error) {
	if err := s.rules.Check(ctx, actor, account.EditLocation, account.Org(orgID)); err != nil {
		return nil, err
	}

	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *LocationProfile
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.writableOrganization(ctx, tx, orgID)
		if err != nil {
			return err
		}
		id := NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO locations (id, organization_id, location_type, name, description, transportation, latitude, longitude)
			VALUES ($1, $2, 'physical', $3, $4, $5, $6, $7)`, id, orgID, in.Name, in.Description, in.Transportation, in.Latitude, in.Longitude); err != nil {
			return fmt.Errorf("insert location: %w", err)
		}
		if err := writeLocationParts(ctx, tx, id, in); err != nil {
			return err
		}
		if _, err := locateApproximately(ctx, tx, id); err != nil {
			return err
		}
		if out, err = s.location(ctx, tx, id); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "create", EntityType: "organization", EntityID: o.ID,
				Summary: "added the location " + in.Name, After: in},
		)
	})
	return out, err
}

// UpdateLocation replaces the editable fields of a location, its street
// address and its phones, for the admins of the organization it belongs to
// and the stewards (account.EditLocation). A mailing address from an import
// is kept.
func (s *Store) UpdateLocation(
	ctx context.Context,
	actor account.Actor,
	id string,
	in LocationInput,
) (*LocationProfile, error) {
	orgID, err := s.ownerOf(ctx, actor, "locations", "location", id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.EditLocation, account.Org(orgID)); err != nil {
		return nil, err
	}

	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *LocationProfile
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.location(ctx, tx, id)
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
		if keptApproximate(before, in) {
			in.Latitude, in.Longitude = nil, nil // placed again from the address, which may have changed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE locations SET name = $1, description = $2, transportation = $3, latitude = $4, longitude = $5
			WHERE id = $6`, in.Name, in.Description, in.Transportation, in.Latitude, in.Longitude, id); err != nil {
			return fmt.Errorf("update location: %w", err)
		}
		if err := writeLocationParts(ctx, tx, id, in); err != nil {
			return err
		}
		if _, err := locateApproximately(ctx, tx, id); err != nil {
			return err
		}
		if out, err = s.location(ctx, tx, id); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "update", EntityType: "organization", EntityID: before.OrganizationID,
				Summary: "edited the location " + in.Name, Before: before.LocationInput, After: out.LocationInput},
		)
	})
	return out, err
}

// writeLocationParts writes a location's street address and phones. The
// address the form shows (the first that is not postal, as location reads
// it) is changed in place, keeping its id and what the form does not show
// (an attention line, a region); cleared, the location has no street
// address left; the location's other addresses stay as they are.
func writeLocationParts(ctx context.Context, tx *sql.Tx, id string, in LocationInput) error {
	a := in.Address
	var shown string
	err := tx.QueryRowContext(ctx, `SELECT id FROM addresses WHERE location_id = $1 AND address_type <> 'postal' ORDER BY id LIMIT 1`, id).
		Scan(&shown)
	switch {
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("read address: %w", err)
	case a.Empty():
		if _, err := tx.ExecContext(ctx, `DELETE FROM addresses WHERE location_id = $1 AND address_type <> 'postal'`, id); err != nil {
			return fmt.Errorf("remove address: %w", err)
		}
	case shown == "":
		if _, err := tx.ExecContext(ctx, `INSERT INTO addresses (id, location_id, address_1, address_2, city, state_province, postal_code, country, address_type)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'physical')`, NewID(), id, a.Address1, a.Address2, a.City, a.StateProvince, a.PostalCode, a.Country); err != nil {
			return fmt.Errorf("add address: %w", err)
		}
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE addresses SET address_1 = $1, address_2 = $2, city = $3, state_province = $4, postal_code = $5, country = $6
			WHERE id = $7 AND NOT (address_1 = $1 AND address_2 = $2 AND city = $3 AND state_province = $4 AND postal_code = $5 AND country = $6)`,
			a.Address1, a.Address2, a.City, a.StateProvince, a.PostalCode, a.Country, shown); err != nil {
			return fmt.Errorf("change address: %w", err)
		}
	}
	return writePhones(ctx, tx, "location_id", id, in.Phones)
}

// writePhones makes the phones whose column (service_id or location_id)
// is id those given, keeping each phone that is unchanged (see syncRows).
func writePhones(ctx context.Context, tx *sql.Tx, column, id string, phones []PhoneInput) error {
	key := func(p PhoneInput) string {
		return strings.Join([]string{p.Number, p.Extension, strings.ToLower(p.Type), p.Description}, "\x00")
	}
	have, err := shownRows(
		ctx,
		tx,
		`SELECT id, number, extension, type, description FROM phones WHERE `+column+` = $1 ORDER BY id`,
		id,
		func(v []string) string { return key(PhoneInput{v[0], v[1], v[2], v[3]}) },
	)
	if err != nil {
		return fmt.Errorf("replace phones: %w", err)
	}
	want := make([]string, len(phones))
	for i, p := range phones {
		want[i] = key(p)
	}
	return syncRows(ctx, tx, "phones", have, want, func(i int) error {
		_, err := tx.ExecContext(
			ctx,
			`INSERT INTO phones (id, `+column+`, number, extension, type, description) VALUES ($1, $2, $3, $4, $5, $6)`,
			NewID(),
			id,
			phones[i].Number,
			phones[i].Extension,
			phones[i].Type,
			phones[i].Description,
		)
		return err
	})
}

// shownRow is a row of a list a form shows (a service's phones, hours,
// languages, areas): its id and the key of what the form shows of it.
type shownRow struct{ id, key string }

// shownRows reads the rows of a list that a form shows: query selects the
// id then the shown columns (text) for the owner's id ($1), and key makes
// the key of the shown values ("" for a row the form does not show, which
// is then left as it is).
func shownRows(
	ctx context.Context,
	tx *sql.Tx,
	query, owner string,
	key func(values []string) string,
) ([]shownRow, error) {
	rows, err := tx.QueryContext(ctx, query, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []shownRow
	for rows.Next() {
		var id string
		values := make([]string, len(cols)-1)
		dest := []any{&id}
		for i := range values {
			dest = append(dest, &values[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if k := key(values); k != "" {
			out = append(out, shownRow{id, k})
		}
	}
	return out, rows.Err()
}

// syncRows makes a list that a form saves as a whole (have, as shownRows
// read it) hold what the form sent (want, the keys of its rows), touching
// only what changed: a row whose key is still wanted stays as it is, with
// its id (by which HSDS readers and a re-import know it) and what the form
// does not show (a phone's languages, a schedule's description and dates,
// an area's extent); a row no longer wanted is deleted from table, and a
// wanted key that no row holds is added by add(its index in want).
func syncRows(
	ctx context.Context,
	tx *sql.Tx,
	table string,
	have []shownRow,
	want []string,
	add func(i int) error,
) error {
	free := map[string][]string{}
	for _, r := range have {
		free[r.key] = append(free[r.key], r.id)
	}
	var missing []int
	for i, k := range want {
		if ids := free[k]; len(ids) > 0 {
			free[k] = ids[1:]
		} else {
			missing = append(missing, i)
		}
	}
	for _, r := range have {
		if slices.Contains(free[r.key], r.id) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1`, r.id); err != nil {
				return fmt.Errorf("remove from %s: %w", table, err)
			}
		}
	}
	for _, i := range missing {
		if err := add(i); err != nil {
			return fmt.Errorf("add to %s: %w", table, err)
		}
	}
	return nil
}

// phonesOf returns the phones whose column (service_id or location_id) is id.
func phonesOf(ctx context.Context, q store.Querier, column, id string) ([]PhoneInput, error) {
	rows, err := q.QueryContext(ctx, `SELECT number, extension, type, description FROM phones WHERE `+column+` = $1
		ORDER BY CASE type WHEN 'voice' THEN 0 WHEN 'hotline' THEN 1 ELSE 2 END, number, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list phones: %w", err)
	}
	defer rows.Close()
	out := []PhoneInput{}
	for rows.Next() {
		var p PhoneInput
		if err := rows.Scan(&p.Number, &p.Extension, &p.Type, &p.Description); err != nil {
			return nil, fmt.Errorf("list phones: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// writableOrganization returns the organization a service or location is
// added to or edited in, refusing an archived one.
func (s *Store) writableOrganization(ctx context.Context, q store.Querier, id string) (*Organization, error) {
	o, err := s.organization(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if o.Archived() {
		return nil, &errs.ConflictError{
			Message: o.Name + " is archived; restore it before changing its services or locations",
		}
	}
	return o, nil
}

// ownerOf returns the organization that record id of table (services,
// locations; kind names one in messages) belongs to, to someone who may
// read the directory: the target of the rule that changes it. A location
// an import left without an organization belongs to none ("").
func (s *Store) ownerOf(ctx context.Context, actor account.Actor, table, kind, id string) (string, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return "", err
	}

	orgID, err := store.One(ctx, s.db, fmt.Sprintf("%s %q", kind, id), store.Value[sql.NullString],
		`SELECT organization_id FROM `+table+` WHERE id = $1`, id)
	return orgID.String, err
}

// idsOf runs a query that returns one text column.
func idsOf(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
