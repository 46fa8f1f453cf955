package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
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
	sections         []string // the top-level sections of its built-in categories
	sectors          []string
}

// GuideOption is a choice offered when picking a guide: a category or an area.
type GuideOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
	// Capped is true when there are more than Count (categories are
	// counted only as far as a guide may go, MaxGuideServices).
	Capped bool `json:"capped,omitempty"`
	// Group is a category's taxonomy, by whose name categories come.
	Group string `json:"group,omitempty"`
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
// o) that the filter means, with its arguments; none is true when nothing
// can match (a category or area that no record names). Each part is a set
// of services found by its own index (the category's terms, the area's
// names and cities, the sector's organizations), so that the engine can
// start from the smallest: as an EXISTS tested on every service, a guide
// for one category in one city read the whole directory (5.7 s at a
// million services on SQLite, 1.8 s at 100,000 on PostgreSQL).
func (s *Store) guideWhere(ctx context.Context, f GuideFilter) (cond string, args []any, none bool, err error) {
	e := s.db.Engine
	where := []string{"o.archived_at IS NULL", "sv.status NOT IN ('inactive', 'defunct')"}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Sector != "" {
		where = append(
			where,
			"o.id IN (SELECT os.organization_id FROM organization_sectors os WHERE os.sector = "+arg(f.Sector)+")",
		)
	}
	if f.Category != "" {
		// The term named (by id or name, any case) and the terms under it.
		terms, err := idsOf(ctx, s.db, `SELECT t.id FROM taxonomy_terms t WHERE t.id = $1 OR lower(t.name) = $2
			OR t.parent_id IN (SELECT u.id FROM taxonomy_terms u WHERE u.id = $1 OR lower(u.name) = $2)`,
			f.Category, strings.ToLower(f.Category))
		if err != nil {
			return "", nil, true, err
		}
		builtIn, err := s.builtInCategoryTerms(ctx, f.Category)
		if err != nil {
			return "", nil, true, err
		}
		if terms = append(terms, builtIn...); len(terms) == 0 {
			return "", nil, true, nil
		}
		where = append(
			where,
			`sv.id IN (SELECT a.link_id FROM attributes a WHERE `+store.InJSONList(
				e,
				"a.taxonomy_term_id",
				arg(jsonList(terms)),
			)+`)`,
		)
	}
	if f.Area != "" {
		// A service area whose name holds the words (among the directory's
		// few names, then by their index), or a location in the city.
		names, err := s.distinctNames(ctx, "service_areas", "name", store.LikePattern(f.Area), 0)
		if err != nil {
			return "", nil, true, err
		}
		lower := make([]string, len(names))
		for i, n := range names {
			lower[i] = n.key
		}
		where = append(
			where,
			`sv.id IN (SELECT sa.service_id FROM service_areas sa WHERE `+store.InJSONList(
				e,
				"lower(sa.name)",
				arg(jsonList(lower)),
			)+`
			UNION SELECT sal.service_id FROM addresses ad JOIN service_at_locations sal ON sal.location_id = ad.location_id
				WHERE lower(ad.city) = `+arg(
				strings.ToLower(f.Area),
			)+`)`,
		)
	}
	return strings.Join(where, " AND "), args, false, nil
}

// jsonList writes ids as a JSON array, for store.InJSONList.
func jsonList(ids []string) string {
	b, _ := json.Marshal(ids) // strings always marshal
	return string(b)
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
	checkTexts(&v, map[string]string{"category": f.Category, "area": f.Area})
	for field, s := range map[string]string{"category": f.Category, "area": f.Area} {
		if len(s) > maxName {
			v.Add(field, fmt.Sprintf("must be at most %d characters", maxName))
		}
	}
	return v.OrNil()
}

// Guide gathers the resource guide that f asks for, for someone who may
// make one (account.ViewGuide).
func (s *Store) Guide(ctx context.Context, actor account.Actor, f GuideFilter) (*Guide, error) {
	if err := s.rules.Check(ctx, actor, account.ViewGuide, account.Platform); err != nil {
		return nil, err
	}

	if err := f.Check(); err != nil {
		return nil, err
	}
	// A category picked from the form is a term's id: the cover and the
	// headings say its name.
	named := f
	if f.Category != "" {
		var name string
		err := s.db.QueryRowContext(ctx, `SELECT name FROM taxonomy_terms WHERE id = $1`, f.Category).Scan(&name)
		switch {
		case err == nil:
			named.Category = name
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("guide category: %w", err)
		}
	}
	g := &Guide{Title: named.Title(), Filter: f, GeneratedAt: s.now(), Categories: []GuideCategory{}}
	cond, args, none, err := s.guideWhere(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("guide: %w", err)
	}
	if none {
		return g, nil
	}
	from := ` FROM services sv JOIN organizations o ON o.id = sv.organization_id WHERE ` + cond
	// Counted only as far as a guide may go.
	if err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1%s LIMIT %d) n`, from, MaxGuideServices+1),
		args...).Scan(&g.ServiceCount); err != nil {
		return nil, fmt.Errorf("count guide services: %w", err)
	}
	if g.ServiceCount > MaxGuideServices {
		v := &errs.ValidationError{}
		v.Add(
			"category",
			fmt.Sprintf(
				"this guide would list more than %d services, the most a guide holds: pick a category, a sector or an area",
				MaxGuideServices,
			),
		)
		return nil, v
	}
	if g.ServiceCount == 0 {
		return g, nil
	}
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT sv.id, sv.name, sv.status, sv.description, o.id, o.name, COALESCE(NULLIF(sv.url, ''), o.website),
		COALESCE(NULLIF(sv.email, ''), o.email), sv.eligibility_description, COALESCE(NULLIF(sv.fees_description, ''), sv.fees)`+from+`
		ORDER BY lower(sv.name), sv.id`,
		args...)
	if err != nil {
		return nil, fmt.Errorf("list guide services: %w", err)
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
		return nil, fmt.Errorf("list guide services: %w", err)
	}
	// The details are read for the services listed, by their ids.
	listed := make([]string, len(services))
	for i, sv := range services {
		listed[i] = sv.ID
	}
	args = []any{jsonList(listed)}
	ids := func(col string) string { return store.InJSONList(s.db.Engine, col, "$1") }
	details := []struct {
		what, sql string
		add       func(sv *GuideService, a Address, text string)
	}{
		{
			"categories",
			`SELECT a.link_id, '', t.name FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
			WHERE ` + ids("a.link_id") + ` ORDER BY lower(t.name)`,
			func(sv *GuideService, _ Address, text string) { sv.categories = append(sv.categories, text) },
		},
		{
			"sectors",
			`SELECT sv2.id, '', os.sector FROM services sv2
			JOIN organization_sectors os ON os.organization_id = sv2.organization_id
			WHERE ` + ids(
				"sv2.id",
			) + ` ORDER BY os.sector`,
			func(sv *GuideService, _ Address, text string) { sv.sectors = append(sv.sectors, text) },
		},
		{
			"phones",
			`SELECT sal.service_id, p.type, p.number || CASE WHEN p.extension <> '' THEN ' ext. ' || p.extension ELSE '' END
			FROM service_at_locations sal JOIN phones p ON p.location_id = sal.location_id WHERE ` + ids(
				"sal.service_id",
			) + `
			UNION SELECT p.service_id, p.type, p.number || CASE WHEN p.extension <> '' THEN ' ext. ' || p.extension ELSE '' END
			FROM phones p WHERE ` + ids(
				"p.service_id",
			) + ` ORDER BY 1, 3`,
			func(sv *GuideService, a Address, text string) {
				if a.Type != "" && a.Type != "voice" {
					text += " (" + a.Type + ")"
				}
				sv.Phones = appendNew(sv.Phones, text)
			},
		},
		{
			"languages",
			`SELECT l.service_id, '', l.name FROM languages l WHERE ` + ids(
				"l.service_id",
			) + ` AND l.name <> '' ORDER BY l.name`,
			func(sv *GuideService, _ Address, text string) { sv.Languages = appendNew(sv.Languages, text) },
		},
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
	sections, _, err := serviceCategories(ctx, s.db, ids, args[0])
	if err != nil {
		return nil, err
	}
	for _, sv := range services {
		for _, c := range sections[sv.ID] {
			sv.sections = appendNew(sv.sections, c.Section)
		}
	}
	g.Categories = groupGuide(services, named)
	return g, nil
}

func (s *Store) eachGuideRow(ctx context.Context, q string, args []any, fn func(id, kind, text string)) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, text string
		if err := rows.Scan(&id, &kind, &text); err != nil {
			return err
		}
		fn(id, kind, text)
	}
	return rows.Err()
}

// guideAddresses adds the street address of each location a service is
// delivered at (the mailing address when there is no street one).
func (s *Store) guideAddresses(
	ctx context.Context,
	ids func(col string) string,
	args []any,
	byID map[string]*GuideService,
) error {
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT sal.service_id, ad.address_type, ad.attention, ad.address_1, ad.address_2, ad.city, ad.region,
		ad.state_province, ad.postal_code, ad.country
		FROM service_at_locations sal JOIN addresses ad ON ad.location_id = sal.location_id
		WHERE `+ids("sal.service_id")+`
		ORDER BY sal.service_id, CASE ad.address_type WHEN 'physical' THEN 0 ELSE 1 END, ad.id`,
		args...)
	if err != nil {
		return fmt.Errorf("guide addresses: %w", err)
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
	return rows.Err()
}

// guideHours adds the opening hours of each service: its own schedules,
// and those of the locations it is delivered at.
func (s *Store) guideHours(
	ctx context.Context,
	ids func(col string) string,
	args []any,
	byID map[string]*GuideService,
) error {
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT x.service_id, sc.byday, sc.opens_at, sc.closes_at, sc.description, sc.freq
		FROM (SELECT sc0.service_id AS service_id, sc0.id AS schedule_id FROM schedules sc0 WHERE `+ids("sc0.service_id")+`
			UNION SELECT sal.service_id, sc1.id FROM service_at_locations sal JOIN schedules sc1
				ON sc1.service_at_location_id = sal.id OR sc1.location_id = sal.location_id
			WHERE `+ids("sal.service_id")+`) x
		JOIN schedules sc ON sc.id = x.schedule_id ORDER BY x.service_id, sc.id`,
		args...)
	if err != nil {
		return fmt.Errorf("guide hours: %w", err)
	}
	defer rows.Close()
	schedules := map[string][]ScheduleHours{}
	for rows.Next() {
		var id string
		var h ScheduleHours
		if err := rows.Scan(&id, &h.ByDay, &h.Opens, &h.Closes, &h.Description, &h.Freq); err != nil {
			return fmt.Errorf("guide hours: %w", err)
		}
		schedules[id] = append(schedules[id], h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("guide hours: %w", err)
	}
	for id, list := range schedules {
		if sv := byID[id]; sv != nil {
			sv.Hours = sayHours(list)
		}
	}
	return nil
}

// groupGuide puts each service under each top-level section of the
// built-in taxonomy it is filed under (directly or through a mapped
// keyword), else under its organization's first sector (the sector asked
// for first), else under "Other services". An import's keywords are no
// headings: sorted by name, the first of them is chance, not a topic.
func groupGuide(services []*GuideService, f GuideFilter) []GuideCategory {
	groups := map[string][]GuideService{}
	for _, sv := range services {
		headings := sv.sections
		switch {
		case len(headings) > 0:
		case f.Sector != "":
			headings = []string{strings.ToUpper(f.Sector[:1]) + f.Sector[1:]}
		case len(sv.sectors) > 0:
			headings = []string{strings.ToUpper(sv.sectors[0][:1]) + sv.sectors[0][1:]}
		default:
			headings = []string{uncategorized}
		}
		for _, h := range headings {
			groups[h] = append(groups[h], *sv)
		}
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

// ordinal says an RFC 5545 day's place in its month: "1" is "1st", "-1"
// "last", "-2" "2nd last".
func ordinal(n string) string {
	v, err := strconv.Atoi(strings.TrimPrefix(n, "+"))
	if err != nil || v == 0 || v < -5 || v > 5 {
		return n
	}
	suffix := map[int]string{1: "st", 2: "nd", 3: "rd"}[max(v, -v)]
	if suffix == "" {
		suffix = "th"
	}
	switch {
	case v == -1:
		return "last"
	case v < 0:
		return strconv.Itoa(-v) + suffix + " last"
	}
	return strconv.Itoa(v) + suffix
}

var dayNames = map[string]string{
	"MO": "Mon",
	"TU": "Tue",
	"WE": "Wed",
	"TH": "Thu",
	"FR": "Fri",
	"SA": "Sat",
	"SU": "Sun",
}

// String says the hours the way a flyer does, such as "Mon, Tue 09:00–17:00",
// followed by the schedule's own description when it has one.
func (h ScheduleHours) String() string {
	var days []string
	for _, d := range strings.Split(h.ByDay, ",") {
		d = strings.ToUpper(strings.TrimSpace(d))
		if len(d) > 2 { // "1MO" (the first Monday of the month), "-1FR" (the last Friday)
			if name, ok := dayNames[d[len(d)-2:]]; ok {
				days = append(days, ordinal(d[:len(d)-2])+" "+name)
				continue
			}
		}
		if name, ok := dayNames[d]; ok {
			days = append(days, name)
		}
	}
	days = dayRuns(days)
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

// dayRuns says three or more days in a row, in the week's order, as
// their first and last ("Mon–Fri"), and the whole week as "Daily"; days
// out of order, or of a month ("1st Mon"), stay as they are.
func dayRuns(days []string) []string {
	at := make([]int, len(days))
	for i, d := range days {
		at[i] = slices.IndexFunc(Weekdays, func(code string) bool { return dayNames[code] == d })
		if at[i] < 0 || (i > 0 && at[i] <= at[i-1]) {
			return days
		}
	}
	if len(days) == len(Weekdays) {
		return []string{"Daily"}
	}
	var out []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && at[j+1] == at[j]+1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, days[i]+"–"+days[j])
		} else {
			out = append(out, days[i:j+1]...)
		}
		i = j + 1
	}
	return out
}

// shortTime drops the seconds and zone of an HSDS time ("09:00:00Z" → "09:00").
func shortTime(s string) string {
	if len(s) >= 5 && s[2] == ':' {
		return s[:5]
	}
	return s
}

// GuideCategories lists the taxonomy terms that services are filed under,
// by taxonomy (Group), with how many services each has (counted up to MaxGuideServices + 1: a
// term with more is marked Capped, too broad for a guide alone), for the
// guide's picker (account.ViewGuide). Each term is counted by its own index entries, so a
// directory of a million services costs at most that many per term
// instead of a count of every service filed (5.4 s on SQLite).
func (s *Store) GuideCategories(ctx context.Context, actor account.Actor) ([]GuideOption, error) {
	if err := s.rules.Check(ctx, actor, account.ViewGuide, account.Platform); err != nil {
		return nil, err
	}

	opts, err := s.guideOptions(
		ctx,
		fmt.Sprintf(`SELECT t.id, t.name, (SELECT COUNT(*) FROM (SELECT DISTINCT a.link_id FROM attributes a
			JOIN services sv ON sv.id = a.link_id WHERE a.taxonomy_term_id = t.id LIMIT %[2]d) c), %[1]s
		FROM taxonomy_terms t %[3]s
		WHERE EXISTS (SELECT 1 FROM attributes a JOIN services sv ON sv.id = a.link_id WHERE a.taxonomy_term_id = t.id)
		ORDER BY lower(%[1]s), %[1]s, lower(t.name), t.id LIMIT 500`, termTaxonomy, MaxGuideServices+1, termTaxonomyJoin),
	)
	if err != nil {
		return nil, err
	}
	// The built-in categories, filed directly or through mapped keywords,
	// first; the keywords a steward mapped are not offered again.
	builtIn, err := s.guideOptions(
		ctx,
		fmt.Sprintf(`SELECT t.id, t.name, (SELECT COUNT(*) FROM (SELECT DISTINCT c.service_id
			FROM service_categories c WHERE c.term_id = t.id LIMIT %[1]d) n), 'Categories'
		FROM taxonomy_terms t WHERE t.code NOT LIKE 'human_situations%%' AND t.id IN (SELECT term_id FROM service_categories)
		ORDER BY t.code`, MaxGuideServices+1),
	)
	if err != nil {
		return nil, err
	}
	mapped, err := idsOf(
		ctx,
		s.db,
		`SELECT k.id FROM taxonomy_terms k JOIN category_mappings m ON m.keyword_key = lower(k.name)`,
	)
	if err != nil {
		return nil, fmt.Errorf("guide choices: %w", err)
	}
	opts = slices.DeleteFunc(
		opts,
		func(o GuideOption) bool { return slices.Contains(mapped, o.Value) || o.Group == "Open Eligibility" },
	)
	opts = append(builtIn, opts...)
	for i := range opts {
		if opts[i].Count > MaxGuideServices {
			opts[i].Count, opts[i].Capped = MaxGuideServices, true
		}
	}
	return opts, err
}

// GuideAreas lists the cities of the directory's addresses and the service
// areas its services name, each once whatever its case, in order (at most
// maxChoices), for the guide's picker (account.ViewGuide); they are not
// counted (Count is 0).
// Both are read one name at a time from their indexes (see distinctNames).
func (s *Store) GuideAreas(ctx context.Context, actor account.Actor) ([]GuideOption, error) {
	if err := s.rules.Check(ctx, actor, account.ViewGuide, account.Platform); err != nil {
		return nil, err
	}

	cities, err := s.distinctNames(ctx, "addresses", "city", "", maxChoices)
	if err != nil {
		return nil, err
	}
	areas, err := s.distinctNames(ctx, "service_areas", "name", "", maxChoices)
	if err != nil {
		return nil, err
	}
	all := append(cities, areas...)
	slices.SortStableFunc(all, func(a, b keyedName) int { return strings.Compare(a.key, b.key) })
	all = slices.CompactFunc(all, func(a, b keyedName) bool { return a.key == b.key })
	out := make([]GuideOption, 0, min(len(all), maxChoices))
	for _, n := range all[:min(len(all), maxChoices)] {
		out = append(out, GuideOption{Value: n.name, Label: n.name})
	}
	return out, nil
}

func (s *Store) guideOptions(ctx context.Context, q string) ([]GuideOption, error) {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("guide choices: %w", err)
	}
	defer rows.Close()
	out := []GuideOption{}
	for rows.Next() {
		var o GuideOption
		if err := rows.Scan(&o.Value, &o.Label, &o.Count, &o.Group); err != nil {
			return nil, fmt.Errorf("guide choices: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
