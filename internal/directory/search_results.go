package directory

import (
	"context"
	"fmt"
	"math"

	"backbone/internal/store"
)

// The last phase of a search: what a list of results shows beside each
// service found, read for the whole page at once.

// addResultDetails fills in each result's location (the nearest to the
// point searched around, else the first by name), its street address (the
// location's first physical one, by id) and the phones: the service's own
// (voice, then hotline, then the rest, by number), then those of that
// location that belong to no service. One statement reads them for the
// whole page (resultDetailsSQL).
func (s *Store) addResultDetails(ctx context.Context, items []SearchResult, lat, lon *float64) error {
	if len(items) == 0 {
		return nil
	}
	index := make(map[string]int, len(items))
	ids := make([]string, len(items))
	for i, r := range items {
		index[r.ServiceID], ids[i] = i, r.ServiceID
	}
	rows, err := s.db.QueryKept(ctx, resultDetails[s.db.Engine], jsonList(ids))
	if err != nil {
		return fmt.Errorf("search result details: %w", err)
	}
	defer rows.Close()
	best := map[string]float64{}
	location := map[string]string{}
	byLocation := map[string][]PhoneInput{}
	// The schedules of each service: its own (location ""), and those at
	// each of its locations.
	type hours struct {
		location string
		h        ScheduleHours
	}
	schedules := map[string][]hours{}
	for rows.Next() {
		var kind int
		var sid, lid *string
		var name string
		var la, lo *float64
		var ad Address
		var ph PhoneInput
		if err := rows.Scan(&kind, &sid, &lid, &name, &la, &lo, &ad.Address1, &ad.Address2, &ad.City, &ad.StateProvince,
			&ad.PostalCode, &ad.Country, &ph.Extension, &ph.Type, &ph.Description); err != nil {
			return fmt.Errorf("search result details: %w", err)
		}
		switch kind {
		case 1: // a phone: name is its number
			ph.Number = name
			if sid != nil {
				r := &items[index[*sid]]
				r.Phones = append(r.Phones, ph)
			} else if lid != nil {
				byLocation[*lid] = append(byLocation[*lid], ph)
			}
			continue
		case 2: // a schedule: name is its days, the address its times, ph its frequency and description
			x := hours{h: ScheduleHours{ByDay: name, Opens: ad.Address1, Closes: ad.Address2, Freq: ph.Type,
				Description: ph.Description}}
			if lid != nil {
				x.location = *lid
			}
			schedules[*sid] = append(schedules[*sid], x)
			continue
		}
		d := math.Inf(1)
		if lat != nil && la != nil && lo != nil {
			d = Haversine(*lat, *lon, *la, *lo)
		}
		if old, seen := best[*sid]; seen && d >= old {
			continue
		}
		best[*sid] = d
		location[*sid] = *lid
		r := &items[index[*sid]]
		r.LocationName, r.Address, r.Latitude, r.Longitude = name, ad.Oneline(), la, lo
		r.ApproximateLocation = ph.Type == "approximate" // a location's row: phone_type says so
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search result details: %w", err)
	}
	for i := range items {
		items[i].Phones = append(items[i].Phones, byLocation[location[items[i].ServiceID]]...)
		if items[i].Phones == nil {
			items[i].Phones = []PhoneInput{}
		}
		var list []ScheduleHours
		for _, x := range schedules[items[i].ServiceID] {
			if x.location == "" || x.location == location[items[i].ServiceID] {
				list = append(list, x.h)
			}
		}
		items[i].Hours = sayHours(list)
	}
	return nil
}

// resultDetailsSQL reads, for the services whose ids are in $1 (a JSON
// array), their locations with each physical address (phone_type is
// "approximate" when the location's point is), then their phones
// and the phones of their locations that belong to no service, then their
// schedules and those of their locations (of the service there, or of the
// location), in the order addResultDetails picks them in. The text is the same for every
// page, so that each engine keeps it prepared (on PostgreSQL a generic
// plan, which looks the ids up by index: see store.InJSONList). The phones
// come in two halves, each by its own index (an OR of the two would read
// every phone); "belongs to no service" is written so that no index is
// used for it (SQLite would otherwise read every such phone by its index
// on service_id, and keep those of the locations). The page's locations
// are gathered first, then their phones joined: as a semi-join
// ("location_id IN (...)"), PostgreSQL's generic plan in a small directory
// read every service at a location again for each phone (10 ms a page
// at 300 services; see BenchmarkSearchLargeTaxonomy).
func resultDetailsSQL(e store.Engine) string {
	in := func(col string) string { return store.InJSONList(e, col, "$1") }
	phone := `CASE p.type WHEN 'voice' THEN '0' WHEN 'hotline' THEN '1' ELSE '2' END, p.number, p.id, ''`
	return `SELECT kind, service_id, location_id, name, latitude, longitude,
		address_1, address_2, city, state_province, postal_code, country, extension, phone_type, phone_description FROM (
		SELECT 0 AS kind, sal.service_id, l.id AS location_id, l.name, l.latitude, l.longitude,
			coalesce(ad.address_1, '') AS address_1, coalesce(ad.address_2, '') AS address_2, coalesce(ad.city, '') AS city,
			coalesce(ad.state_province, '') AS state_province, coalesce(ad.postal_code, '') AS postal_code,
			coalesce(ad.country, '') AS country, '' AS extension,
			CASE WHEN l.coordinates_approximate THEN 'approximate' ELSE '' END AS phone_type, '' AS phone_description,
			sal.service_id AS k1, lower(l.name) AS k2, l.id AS k3, coalesce(ad.id, '') AS k4
		FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
		LEFT JOIN addresses ad ON ad.location_id = l.id AND ad.address_type = 'physical'
		WHERE ` + in("sal.service_id") + `
		UNION ALL
		SELECT 1, p.service_id, p.location_id, p.number, NULL, NULL, '', '', '', '', '', '', p.extension, p.type, p.description, ` + phone + `
		FROM phones p WHERE ` + in("p.service_id") + `
		UNION ALL
		SELECT 1, NULL, p.location_id, p.number, NULL, NULL, '', '', '', '', '', '', p.extension, p.type, p.description, ` + phone + `
		FROM (SELECT DISTINCT location_id FROM service_at_locations WHERE ` + in("service_id") + `) sl
		JOIN phones p ON p.location_id = sl.location_id WHERE coalesce(p.service_id, '') = ''
		UNION ALL
		SELECT 2, sc.service_id, NULL, sc.byday, NULL, NULL, sc.opens_at, sc.closes_at, '', '', '', '', '', sc.freq, sc.description,
			sc.service_id, '', sc.id, ''
		FROM schedules sc WHERE ` + in("sc.service_id") + `
		UNION ALL
		SELECT 2, sal.service_id, sal.location_id, sc.byday, NULL, NULL, sc.opens_at, sc.closes_at, '', '', '', '', '', sc.freq, sc.description,
			sal.service_id, sal.location_id, sc.id, ''
		FROM service_at_locations sal JOIN schedules sc ON sc.location_id = sal.location_id
		WHERE ` + in("sal.service_id") + `
		UNION ALL
		SELECT 2, sal.service_id, sal.location_id, sc.byday, NULL, NULL, sc.opens_at, sc.closes_at, '', '', '', '', '', sc.freq, sc.description,
			sal.service_id, sal.location_id, sc.id, ''
		FROM service_at_locations sal JOIN schedules sc ON sc.service_at_location_id = sal.id
		WHERE ` + in("sal.service_id") + `) d
		ORDER BY kind, k1, k2, k3, k4`
}

// resultDetails is resultDetailsSQL for each engine, written once.
var resultDetails = map[store.Engine]string{
	store.SQLite:   resultDetailsSQL(store.SQLite),
	store.Postgres: resultDetailsSQL(store.Postgres),
}
