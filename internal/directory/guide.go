package directory

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// MaxGuideServices bounds a printed guide: past a few hundred pages a
// guide is no longer read, and the request should pick a narrower topic.
const MaxGuideServices = 1000

// uncategorized is the heading of services with neither a taxonomy term
// nor a sector.
const uncategorized = "Other services"

// GuideFilter picks what a resource guide covers. Empty fields match everything.
type GuideFilter struct {
	Sector   string `json:"sector"`   // organizations working in this sector
	Category string `json:"category"` // a taxonomy term (id or name) or a term under it
	Area     string `json:"area"`     // a service area or the city of a location
}

// Guide is a printable resource guide: the services that match a filter,
// grouped by category, each with what a caller needs to reach it.
type Guide struct {
	Title        string          `json:"title"`
	Filter       GuideFilter     `json:"filter"`
	GeneratedAt  time.Time       `json:"generated_at"`
	ServiceCount int             `json:"service_count"`
	Categories   []GuideCategory `json:"categories"`
}

// GuideCategory is one heading of a guide with its services, by name.
type GuideCategory struct {
	Name     string         `json:"name"`
	Services []GuideService `json:"services"`
}

// GuideService is one entry of a guide.
type GuideService struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Status           string   `json:"status"`
	Description      string   `json:"description"`
	OrganizationID   string   `json:"organization_id"`
	OrganizationName string   `json:"organization_name"`
	Website          string   `json:"website"`
	Email            string   `json:"email"`
	Addresses        []string `json:"addresses"`
	Phones           []string `json:"phones"`
	Hours            []string `json:"hours"`
	Eligibility      string   `json:"eligibility"`
	Fees             string   `json:"fees"`
	Languages        []string `json:"languages"`
	categories       []string
	sectors          []string
}

// GuideOption is a choice offered when picking a guide: a category or an area.
type GuideOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Title says in words what the filter covers, for the guide's cover.
func (f GuideFilter) Title() string {
	var parts []string
	if f.Category != "" {
		parts = append(parts, f.Category)
	}
	if f.Sector != "" {
		parts = append(parts, strings.ToUpper(f.Sector[:1])+f.Sector[1:])
	}
	title := "Community resource guide"
	if len(parts) > 0 {
		title = strings.Join(parts, " · ") + " resources"
	}
	if f.Area != "" {
		title += " in " + f.Area
	}
	return title
}

// guideWhere returns the condition on services sv (joined to organizations
// o) that the filter means, with its arguments.
func (f GuideFilter) guideWhere() (string, []any) {
	where := []string{"o.archived_at IS NULL", "sv.status NOT IN ('inactive', 'defunct')"}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Sector != "" {
		where = append(where, "EXISTS (SELECT 1 FROM organization_sectors os WHERE os.organization_id = o.id AND os.sector = "+arg(f.Sector)+")")
	}
	if f.Category != "" {
		id, name := arg(f.Category), arg(strings.ToLower(f.Category))
		where = append(where, `EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
			LEFT JOIN taxonomy_terms up ON up.id = t.parent_id
			WHERE a.link_id = sv.id AND (t.id = `+id+` OR lower(t.name) = `+name+` OR up.id = `+id+` OR lower(up.name) = `+name+`))`)
	}
	if f.Area != "" {
		like, city := arg(store.LikePattern(f.Area)), arg(strings.ToLower(f.Area))
		where = append(where, `(EXISTS (SELECT 1 FROM service_areas sa WHERE sa.service_id = sv.id AND lower(sa.name) LIKE `+like+` ESCAPE '\')
			OR EXISTS (SELECT 1 FROM service_at_locations sal JOIN addresses ad ON ad.location_id = sal.location_id
				WHERE sal.service_id = sv.id AND lower(ad.city) = `+city+`))`)
	}
	return strings.Join(where, " AND "), args
}

// Check trims the filter and checks the sector.
func (f *GuideFilter) Check() error {
	f.Sector = strings.ToLower(strings.TrimSpace(f.Sector))
	f.Category = strings.TrimSpace(f.Category)
	f.Area = strings.TrimSpace(f.Area)
	var v errs.ValidationError
	if f.Sector != "" && !validSector(f.Sector) {
		v.Add("sector", fmt.Sprintf("%q is not a known sector", f.Sector))
	}
	for field, s := range map[string]string{"category": f.Category, "area": f.Area} {
		if len(s) > maxName {
			v.Add(field, fmt.Sprintf("must be at most %d characters", maxName))
		}
	}
	return v.OrNil()
}

// Guide gathers the resource guide that f asks for.
func (s *Store) Guide(ctx context.Context, f GuideFilter) (*Guide, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	cond, args := f.guideWhere()
	from := ` FROM services sv JOIN organizations o ON o.id = sv.organization_id WHERE ` + cond
	g := &Guide{Title: f.Title(), Filter: f, GeneratedAt: s.now(), Categories: []GuideCategory{}}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&g.ServiceCount); err != nil {
		return nil, store.Classify(fmt.Errorf("count guide services: %w", err))
	}
	if g.ServiceCount > MaxGuideServices {
		v := &errs.ValidationError{}
		v.Add("category", fmt.Sprintf("this guide would list %d services; a guide holds at most %d: pick a category, a sector or an area", g.ServiceCount, MaxGuideServices))
		return nil, v
	}
	if g.ServiceCount == 0 {
		return g, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sv.id, sv.name, sv.status, sv.description, o.id, o.name, COALESCE(NULLIF(sv.url, ''), o.website),
		COALESCE(NULLIF(sv.email, ''), o.email), sv.eligibility_description, COALESCE(NULLIF(sv.fees_description, ''), sv.fees)`+from+`
		ORDER BY lower(sv.name), sv.id`, args...)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list guide services: %w", err))
	}
	var services []*GuideService
	byID := map[string]*GuideService{}
	for rows.Next() {
		sv := &GuideService{}
		if err := rows.Scan(&sv.ID, &sv.Name, &sv.Status, &sv.Description, &sv.OrganizationID, &sv.OrganizationName, &sv.Website,
			&sv.Email, &sv.Eligibility, &sv.Fees); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list guide services: %w", err)
		}
		services = append(services, sv)
		byID[sv.ID] = sv
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, store.Classify(fmt.Errorf("list guide services: %w", err))
	}
	ids := `SELECT sv.id` + from
	details := []struct {
		what, sql string
		add       func(sv *GuideService, a Address, text string)
	}{
		{"categories", `SELECT a.link_id, '', t.name FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
			WHERE a.link_id IN (` + ids + `) ORDER BY lower(t.name)`,
			func(sv *GuideService, _ Address, text string) { sv.categories = append(sv.categories, text) }},
		{"sectors", `SELECT sv2.id, '', os.sector FROM services sv2 JOIN organization_sectors os ON os.organization_id = sv2.organization_id
			WHERE sv2.id IN (` + ids + `) ORDER BY os.sector`,
			func(sv *GuideService, _ Address, text string) { sv.sectors = append(sv.sectors, text) }},
		{"phones", `SELECT sal.service_id, p.type, p.number || CASE WHEN p.extension <> '' THEN ' ext. ' || p.extension ELSE '' END
			FROM service_at_locations sal JOIN phones p ON p.location_id = sal.location_id WHERE sal.service_id IN (` + ids + `)
			UNION SELECT p.service_id, p.type, p.number || CASE WHEN p.extension <> '' THEN ' ext. ' || p.extension ELSE '' END
			FROM phones p WHERE p.service_id IN (` + ids + `) ORDER BY 1, 3`,
			func(sv *GuideService, a Address, text string) {
				if a.Type != "" && a.Type != "voice" {
					text += " (" + a.Type + ")"
				}
				sv.Phones = appendNew(sv.Phones, text)
			}},
		{"languages", `SELECT l.service_id, '', l.name FROM languages l WHERE l.service_id IN (` + ids + `) AND l.name <> '' ORDER BY l.name`,
			func(sv *GuideService, _ Address, text string) { sv.Languages = appendNew(sv.Languages, text) }},
	}
	for _, d := range details {
		if err := s.eachGuideRow(ctx, d.sql, args, func(id, kind, text string) {
			if sv := byID[id]; sv != nil {
				d.add(sv, Address{Type: kind}, text)
			}
		}); err != nil {
			return nil, fmt.Errorf("guide %s: %w", d.what, err)
		}
	}
	if err := s.guideAddresses(ctx, ids, args, byID); err != nil {
		return nil, err
	}
	if err := s.guideHours(ctx, ids, args, byID); err != nil {
		return nil, err
	}
	g.Categories = groupGuide(services, f)
	return g, nil
}

func (s *Store) eachGuideRow(ctx context.Context, q string, args []any, fn func(id, kind, text string)) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return store.Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, text string
		if err := rows.Scan(&id, &kind, &text); err != nil {
			return err
		}
		fn(id, kind, text)
	}
	return store.Classify(rows.Err())
}

// guideAddresses adds the street address of each location a service is
// delivered at (the mailing address when there is no street one).
func (s *Store) guideAddresses(ctx context.Context, ids string, args []any, byID map[string]*GuideService) error {
	rows, err := s.db.QueryContext(ctx, `SELECT sal.service_id, ad.address_type, ad.attention, ad.address_1, ad.address_2, ad.city, ad.region,
		ad.state_province, ad.postal_code, ad.country
		FROM service_at_locations sal JOIN addresses ad ON ad.location_id = sal.location_id
		WHERE sal.service_id IN (`+ids+`) ORDER BY sal.service_id, CASE ad.address_type WHEN 'physical' THEN 0 ELSE 1 END, ad.id`, args...)
	if err != nil {
		return store.Classify(fmt.Errorf("guide addresses: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a Address
		if err := rows.Scan(&id, &a.Type, &a.Attention, &a.Address1, &a.Address2, &a.City, &a.Region, &a.StateProvince, &a.PostalCode, &a.Country); err != nil {
			return fmt.Errorf("guide addresses: %w", err)
		}
		if sv := byID[id]; sv != nil && (a.Type == "physical" || len(sv.Addresses) == 0) {
			line := a.Oneline()
			if a.Type == "postal" {
				line = "Mail: " + line
			}
			sv.Addresses = appendNew(sv.Addresses, line)
		}
	}
	return store.Classify(rows.Err())
}

// guideHours adds the opening hours of each service: its own schedules,
// and those of the locations it is delivered at.
func (s *Store) guideHours(ctx context.Context, ids string, args []any, byID map[string]*GuideService) error {
	rows, err := s.db.QueryContext(ctx, `SELECT x.service_id, sc.byday, sc.opens_at, sc.closes_at, sc.description, sc.freq
		FROM (SELECT sc0.service_id AS service_id, sc0.id AS schedule_id FROM schedules sc0 WHERE sc0.service_id IN (`+ids+`)
			UNION SELECT sal.service_id, sc1.id FROM service_at_locations sal JOIN schedules sc1
				ON sc1.service_at_location_id = sal.id OR sc1.location_id = sal.location_id
			WHERE sal.service_id IN (`+ids+`)) x
		JOIN schedules sc ON sc.id = x.schedule_id ORDER BY x.service_id, sc.id`, args...)
	if err != nil {
		return store.Classify(fmt.Errorf("guide hours: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var h ScheduleHours
		if err := rows.Scan(&id, &h.ByDay, &h.Opens, &h.Closes, &h.Description, &h.Freq); err != nil {
			return fmt.Errorf("guide hours: %w", err)
		}
		if sv := byID[id]; sv != nil {
			if text := h.String(); text != "" {
				sv.Hours = appendNew(sv.Hours, text)
			}
		}
	}
	return store.Classify(rows.Err())
}

// groupGuide puts each service under one heading: the category asked for,
// else its first taxonomy term, else its organization's first sector.
func groupGuide(services []*GuideService, f GuideFilter) []GuideCategory {
	groups := map[string][]GuideService{}
	for _, sv := range services {
		heading := uncategorized
		switch {
		case f.Category != "" && containsFold(sv.categories, f.Category):
			heading = matchFold(sv.categories, f.Category)
		case len(sv.categories) > 0:
			heading = sv.categories[0]
		case f.Sector != "":
			heading = strings.ToUpper(f.Sector[:1]) + f.Sector[1:]
		case len(sv.sectors) > 0:
			heading = strings.ToUpper(sv.sectors[0][:1]) + sv.sectors[0][1:]
		}
		groups[heading] = append(groups[heading], *sv)
	}
	out := make([]GuideCategory, 0, len(groups))
	for name, list := range groups {
		out = append(out, GuideCategory{Name: name, Services: list})
	}
	sort.Slice(out, func(i, j int) bool {
		// "Other services" goes last, after the named headings.
		if (out[i].Name == uncategorized) != (out[j].Name == uncategorized) {
			return out[j].Name == uncategorized
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

func containsFold(list []string, s string) bool { return matchFold(list, s) != "" }

func matchFold(list []string, s string) string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x
		}
	}
	return ""
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// ScheduleHours is the part of an HSDS schedule a printed guide shows.
type ScheduleHours struct {
	ByDay       string // RFC 5545 days, such as "MO,TU,WE"
	Opens       string // "09:00"
	Closes      string
	Description string
	Freq        string
}

var dayNames = map[string]string{"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}

// String says the hours the way a flyer does, such as "Mon, Tue 09:00–17:00",
// followed by the schedule's own description when it has one.
func (h ScheduleHours) String() string {
	var days []string
	for _, d := range strings.Split(h.ByDay, ",") {
		d = strings.ToUpper(strings.TrimSpace(d))
		if len(d) > 2 { // "1MO" (the first Monday) and the like keep their number
			if name, ok := dayNames[d[len(d)-2:]]; ok {
				days = append(days, d[:len(d)-2]+" "+name)
				continue
			}
		}
		if name, ok := dayNames[d]; ok {
			days = append(days, name)
		}
	}
	if len(days) == 0 && strings.EqualFold(h.Freq, "DAILY") {
		days = append(days, "Daily")
	}
	var parts []string
	if len(days) > 0 {
		parts = append(parts, strings.Join(days, ", "))
	}
	switch {
	case h.Opens != "" && h.Closes != "":
		parts = append(parts, shortTime(h.Opens)+"–"+shortTime(h.Closes))
	case h.Opens != "":
		parts = append(parts, "from "+shortTime(h.Opens))
	}
	text := strings.Join(parts, " ")
	if d := strings.TrimSpace(h.Description); d != "" {
		if text != "" {
			text += ": "
		}
		text += d
	}
	return text
}

// shortTime drops the seconds and zone of an HSDS time ("09:00:00Z" → "09:00").
func shortTime(s string) string {
	if len(s) >= 5 && s[2] == ':' {
		return s[:5]
	}
	return s
}

// GuideCategories lists the taxonomy terms that services are filed under,
// with how many services each has, for the guide's picker.
func (s *Store) GuideCategories(ctx context.Context) ([]GuideOption, error) {
	return s.guideOptions(ctx, `SELECT t.id, t.name, COUNT(DISTINCT a.link_id) FROM taxonomy_terms t
		JOIN attributes a ON a.taxonomy_term_id = t.id JOIN services sv ON sv.id = a.link_id
		GROUP BY t.id, t.name ORDER BY lower(t.name), t.id LIMIT 500`)
}

// GuideAreas lists the cities where services are delivered and the service
// areas they name, for the guide's picker.
func (s *Store) GuideAreas(ctx context.Context) ([]GuideOption, error) {
	return s.guideOptions(ctx, `SELECT x.name, x.name, COUNT(DISTINCT x.service_id) FROM (
			SELECT ad.city AS name, sal.service_id AS service_id FROM service_at_locations sal JOIN addresses ad ON ad.location_id = sal.location_id
			UNION SELECT sa.name, sa.service_id FROM service_areas sa WHERE sa.service_id IS NOT NULL) x
		WHERE x.name <> '' GROUP BY x.name ORDER BY lower(x.name), x.name LIMIT 500`)
}

func (s *Store) guideOptions(ctx context.Context, q string) ([]GuideOption, error) {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("guide choices: %w", err))
	}
	defer rows.Close()
	out := []GuideOption{}
	for rows.Next() {
		var o GuideOption
		if err := rows.Scan(&o.Value, &o.Label, &o.Count); err != nil {
			return nil, fmt.Errorf("guide choices: %w", err)
		}
		out = append(out, o)
	}
	return out, store.Classify(rows.Err())
}
