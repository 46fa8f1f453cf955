package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/account"
)

// An organization's services and locations as its page shows them: each
// service with where it is delivered, each location with its addresses and
// phones.

// Service is a service as the organization page shows it.
type Service struct {
	ID                     string   `json:"id"`
	Name                   string   `json:"name"`
	AlternateName          string   `json:"alternate_name"`
	Description            string   `json:"description"`
	Status                 string   `json:"status"`
	URL                    string   `json:"url"`
	Email                  string   `json:"email"`
	Eligibility            string   `json:"eligibility"`
	Fees                   string   `json:"fees"`
	ApplicationProcess     string   `json:"application_process"`
	WaitTime               string   `json:"wait_time"`
	InterpretationServices string   `json:"interpretation_services"`
	LocationNames          []string `json:"location_names"`
}

// Location is a place where an organization works, with its addresses and phones.
type Location struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	Transportation string    `json:"transportation"`
	Latitude       *float64  `json:"latitude"`
	Longitude      *float64  `json:"longitude"`
	Addresses      []Address `json:"addresses"`
	Phones         []Phone   `json:"phones"`
}

// Address is a street or mailing address.
type Address struct {
	Type          string `json:"address_type"` // physical or postal
	Attention     string `json:"attention"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2"`
	City          string `json:"city"`
	Region        string `json:"region"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
}

// Lines returns the address as it is written on an envelope, one line per
// element, leaving out the empty ones.
func (a Address) Lines() []string {
	var lines []string
	for _, s := range []string{a.Attention, a.Address1, a.Address2} {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	last := strings.TrimSpace(a.City)
	if st := strings.TrimSpace(strings.TrimSpace(a.StateProvince) + " " + strings.TrimSpace(a.PostalCode)); st != "" {
		if last != "" {
			last += ", "
		}
		last += st
	}
	if last != "" {
		lines = append(lines, last)
	}
	// The directory is a local one: a country is only worth writing when
	// it is not the United States.
	if c := strings.TrimSpace(a.Country); c != "" && !strings.EqualFold(c, "US") && !strings.EqualFold(c, "USA") {
		lines = append(lines, c)
	}
	return lines
}

// Oneline returns the address on one line, such as
// "2600 Middlefield Road, Redwood City, CA 94063".
func (a Address) Oneline() string { return strings.Join(a.Lines(), ", ") }

// Phone is a phone number.
type Phone struct {
	Number    string `json:"number"`
	Extension string `json:"extension"`
	Type      string `json:"type"`
}

// ServicesOf returns the services of an organization, by name, each with the
// names of the locations where it is delivered, to someone who may read the
// directory (account.ViewDirectory).
func (s *Store) ServicesOf(ctx context.Context, actor account.Actor, orgID string) ([]Service, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Org(orgID)); err != nil {
		return nil, err
	}

	rows, err := s.db.QueryContext(
		ctx,
		`SELECT id, name, alternate_name, description, status, url, email, eligibility_description,
		fees_description, application_process, wait_time, interpretation_services
		FROM services WHERE organization_id = $1 ORDER BY lower(name), id`,
		orgID,
	)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	defer rows.Close()
	var out []Service
	index := map[string]int{}
	for rows.Next() {
		var sv Service
		if err := rows.Scan(&sv.ID, &sv.Name, &sv.AlternateName, &sv.Description, &sv.Status, &sv.URL, &sv.Email, &sv.Eligibility,
			&sv.Fees, &sv.ApplicationProcess, &sv.WaitTime, &sv.InterpretationServices); err != nil {
			return nil, fmt.Errorf("list services: %w", err)
		}
		index[sv.ID] = len(out)
		out = append(out, sv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	locs, err := s.db.QueryContext(ctx, `SELECT sal.service_id, l.name FROM service_at_locations sal
		JOIN services sv ON sv.id = sal.service_id JOIN locations l ON l.id = sal.location_id
		WHERE sv.organization_id = $1 ORDER BY lower(l.name), l.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list service locations: %w", err)
	}
	defer locs.Close()
	for locs.Next() {
		var id, name string
		if err := locs.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("list service locations: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].LocationNames = append(out[i].LocationNames, name)
		}
	}
	return out, locs.Err()
}

// LocationsOf returns the locations of an organization, by name, each with
// its addresses (street address first) and phones, to someone who may read
// the directory (account.ViewDirectory).
func (s *Store) LocationsOf(ctx context.Context, actor account.Actor, orgID string) ([]Location, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Org(orgID)); err != nil {
		return nil, err
	}

	rows, err := s.db.QueryContext(ctx, `SELECT id, name, description, transportation, latitude, longitude
		FROM locations WHERE organization_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list locations: %w", err)
	}
	defer rows.Close()
	var out []Location
	index := map[string]int{}
	for rows.Next() {
		var l Location
		var lat, long sql.NullFloat64
		if err := rows.Scan(&l.ID, &l.Name, &l.Description, &l.Transportation, &lat, &long); err != nil {
			return nil, fmt.Errorf("list locations: %w", err)
		}
		if lat.Valid && long.Valid {
			l.Latitude, l.Longitude = &lat.Float64, &long.Float64
		}
		index[l.ID] = len(out)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list locations: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	addrs, err := s.db.QueryContext(
		ctx,
		`SELECT a.location_id, a.address_type, a.attention, a.address_1, a.address_2, a.city, a.region,
		a.state_province, a.postal_code, a.country
		FROM addresses a JOIN locations l ON l.id = a.location_id WHERE l.organization_id = $1
		ORDER BY CASE a.address_type WHEN 'physical' THEN 0 ELSE 1 END, a.id`,
		orgID,
	)
	if err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	defer addrs.Close()
	for addrs.Next() {
		var id string
		var a Address
		if err := addrs.Scan(&id, &a.Type, &a.Attention, &a.Address1, &a.Address2, &a.City, &a.Region, &a.StateProvince, &a.PostalCode, &a.Country); err != nil {
			return nil, fmt.Errorf("list addresses: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].Addresses = append(out[i].Addresses, a)
		}
	}
	if err := addrs.Err(); err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	addrs.Close()
	phones, err := s.db.QueryContext(ctx, `SELECT p.location_id, p.number, p.extension, p.type
		FROM phones p JOIN locations l ON l.id = p.location_id WHERE l.organization_id = $1
		ORDER BY CASE p.type WHEN 'voice' THEN 0 WHEN 'hotline' THEN 1 ELSE 2 END, p.number, p.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list phones: %w", err)
	}
	defer phones.Close()
	for phones.Next() {
		var id string
		var p Phone
		if err := phones.Scan(&id, &p.Number, &p.Extension, &p.Type); err != nil {
			return nil, fmt.Errorf("list phones: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].Phones = append(out[i].Phones, p)
		}
	}
	return out, phones.Err()
}

// CountServices returns how many services the active organizations offer:
// every service less those of the archived organizations (few, by their
// partial index), so that the count reads no organization per service
// (0.7 s for the home page at a million services on SQLite).
func (s *Store) CountServices(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, countPublishedServices).Scan(&n)
	return n, err
}

// ServiceCounts returns how many services each of the named organizations
// offers (those with none are left out), to someone who may read the
// directory: the map sizes its circles by it.
func (s *Store) ServiceCounts(ctx context.Context, actor account.Actor, orgIDs []string) (map[string]int, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	out := map[string]int{}
	const chunk = 500
	for start := 0; start < len(orgIDs); start += chunk {
		part := orgIDs[start:min(start+chunk, len(orgIDs))]
		args := make([]any, len(part))
		marks := make([]string, len(part))
		for i, id := range part {
			args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
		}

		rows, err := s.db.QueryContext(ctx, `SELECT organization_id, COUNT(*) FROM services
			WHERE organization_id IN (`+strings.Join(marks, ", ")+`) GROUP BY organization_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("count services: %w", err)
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("count services: %w", err)
			}
			out[id] = n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("count services: %w", err)
		}
	}
	return out, nil
}
