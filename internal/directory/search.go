package directory

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// SearchQuery is what a person looks for in the directory. Every field is
// optional; with none set, every active service is listed by name.
type SearchQuery struct {
	Text     string // free text, matched with stemming against names, terms, descriptions and eligibility
	Category string // a taxonomy term, by id, code or name (any case)
	Language string // a language the service is offered in, by code ("es") or name ("Spanish")
	Area     string // a service area, by name (any case)
	// Near is "LAT,LON" or a place found among the directory's own
	// addresses: a postal code, a city or a street address (the middle of
	// its located addresses; see PlacePoint); Lat and Lon may be set
	// instead.
	Near     string
	Lat, Lon *float64
	RadiusKm float64 // how far from Near; DefaultRadiusKm when zero
	// OpenNow keeps services with a schedule open at At (now when zero),
	// read in At's own time zone; see openNowFilter for the fields honoured.
	OpenNow bool
	At      time.Time
	Sort    string // "relevance" (default with text), "distance" (needs Near; default near a point without text) or "name"
	Limit   int    // page size, DefaultSearchLimit when zero
	Offset  int
}

// SearchResult is one service found, with what a list of results shows.
type SearchResult struct {
	ServiceID        string   `json:"service_id"`
	ServiceName      string   `json:"service_name"`
	OrganizationID   string   `json:"organization_id"`
	OrganizationName string   `json:"organization_name"`
	Description      string   `json:"description"`
	Score            float64  `json:"score"`                 // text relevance, higher is better; 0 without text
	DistanceKm       *float64 `json:"distance_km,omitempty"` // to the nearest location, when searching near a point
	LocationName     string   `json:"location_name"`
	Address          string   `json:"address"` // the street address of the (nearest) location, on one line
	Latitude         *float64 `json:"latitude,omitempty"`
	Longitude        *float64 `json:"longitude,omitempty"`
	// Phones are the service's own, then those of its (nearest) location
	// that belong to no service; voice lines first.
	Phones []PhoneInput `json:"phones"`
	// Hours are the service's own schedules and those of its (nearest)
	// location, as a flyer says them (sayHours).
	Hours []string `json:"hours"`
}

// SearchPage is one page of results.
type SearchPage struct {
	Items  []SearchResult `json:"items"`
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
	// Capped is true when Total is a lower bound: more than Total services
	// match. Searches without text or near are counted only up to
	// SearchTotalCap (or the end of the page asked for, when further);
	// text without near, up to SearchCandidateCap (see RankedCapped).
	// When false, Total is the exact number of results.
	Capped bool `json:"capped"`
	// RankedCapped is true when more than SearchCandidateCap services
	// matched the text (and the filters), so only the first
	// SearchCandidateCap of them in index order were ranked: a better
	// match may be missing. Near a point, Total then counts only those.
	RankedCapped bool `json:"ranked_capped"`
	// Near is the point searched around, resolved from a place when one
	// was given.
	NearLat *float64 `json:"near_latitude,omitempty"`
	NearLon *float64 `json:"near_longitude,omitempty"`
}

// Search limits and defaults.
const (
	DefaultSearchLimit = 20
	DefaultRadiusKm    = 10.0
	MaxRadiusKm        = 500.0
	MaxSearchOffset    = 10000
	maxSearchText      = 200
	// SearchCandidateCap bounds how many text matches are ranked: a word
	// found in most services would otherwise have every one of them scored
	// (seconds at a million services), and a broad one (in 300,000 of
	// them) costs 4-5 µs a score on SQLite (bm25 reads each match's
	// column sizes), so 20 ms per 5,000. The filters apply first; past the
	// cap, the first SearchCandidateCap matches that pass them, in index
	// order, are ranked: results stay relevant to the words, but a better
	// match further on may be missed. Page.RankedCapped says when that
	// happened. A directory of tens of thousands of services reaches it
	// only with its broadest words.
	SearchCandidateCap = 2500
	// SearchTotalCap bounds how far results are counted: past it (or past
	// the page asked for, when that is further) a search answers "more than
	// N" (Page.Capped) instead of counting every result, which would cost
	// as much as ranking them all.
	SearchTotalCap = 1000
)

// SearchSorts are the orders a search can be sorted in.
var SearchSorts = []string{"relevance", "distance", "name"}

// Check validates and completes a query, naming each parameter that is
// wrong. A place in Near is resolved by Search, not here.
func (q *SearchQuery) Check() error {
	var v errs.ValidationError
	q.Text = strings.TrimSpace(q.Text)
	q.Category, q.Language, q.Area, q.Near = strings.TrimSpace(q.Category), strings.TrimSpace(q.Language), strings.TrimSpace(q.Area), strings.TrimSpace(q.Near)
	checkTexts(&v, map[string]string{"q": q.Text, "category": q.Category, "language": q.Language, "area": q.Area, "near": q.Near})
	if v.Has() {
		return v.OrNil()
	}
	if utf8.RuneCountInString(q.Text) > maxSearchText {
		v.Add("q", fmt.Sprintf("must be at most %d characters", maxSearchText))
	}
	if q.Near != "" && q.Lat == nil {
		if lat, lon, ok := parseLatLon(q.Near); ok {
			q.Lat, q.Lon = &lat, &lon
		} else if first, _, _ := strings.Cut(q.Near, ","); strings.Contains(q.Near, ",") && isNumber(first) {
			v.Add("near", "must be LAT,LON (such as 37.48,-122.23), or a place: a postal code, a city or a street address")
		}
	}
	if (q.Lat == nil) != (q.Lon == nil) {
		v.Add("near", "needs both a latitude and a longitude")
	}
	if q.Lat != nil && q.Lon != nil && (math.IsNaN(*q.Lat) || *q.Lat < -90 || *q.Lat > 90 || math.IsNaN(*q.Lon) || *q.Lon < -180 || *q.Lon > 180) {
		v.Add("near", "latitude must be between -90 and 90 and longitude between -180 and 180")
	}
	if q.RadiusKm == 0 {
		q.RadiusKm = DefaultRadiusKm
	}
	if math.IsNaN(q.RadiusKm) || q.RadiusKm <= 0 || q.RadiusKm > MaxRadiusKm {
		v.Add("radius", fmt.Sprintf("must be more than 0 and at most %g km", MaxRadiusKm))
	}
	near := q.Lat != nil || q.Near != ""
	switch q.Sort {
	case "":
		// The best match: by relevance to the words; without words, the
		// nearest first near a point, else by name.
		switch {
		case q.Text != "":
			q.Sort = "relevance"
		case near:
			q.Sort = "distance"
		default:
			q.Sort = "name"
		}
	case "relevance", "name":
	case "distance":
		if !near {
			v.Add("sort", "distance needs near (a point or a place)")
		}
	default:
		v.Add("sort", "must be relevance, distance or name")
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPageSize))
	}
	if q.Offset < 0 || q.Offset > MaxSearchOffset {
		v.Add("offset", fmt.Sprintf("must be between 0 and %d", MaxSearchOffset))
	}
	return v.OrNil()
}

// checkTexts adds to v a problem for each field whose text has one.
func checkTexts(v *errs.ValidationError, fields map[string]string) {
	for field, s := range fields {
		if p := errs.TextProblem(s); p != "" {
			v.Add(field, p)
		}
	}
}

// isNumber reports whether s (trimmed) is a decimal number.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// parseLatLon reads "LAT,LON".
func parseLatLon(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lat, lon, err1 == nil && err2 == nil
}

// searchStopWords are left out of text queries: every service has them,
// and requiring them would only lose matches.
var searchStopWords = map[string]bool{"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true,
	"by": true, "for": true, "from": true, "in": true, "is": true, "it": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "with": true}

// foldAccents takes the accents off the Latin letters a directory in the
// Americas meets, as SQLite's remove_diacritics does to the index, so that
// "counséling" finds "counseling" on both engines. (PostgreSQL's english
// configuration keeps accents in the index: an accented word in a record
// is found there only as written.)
var foldAccents = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ç", "c", "é", "e", "è", "e",
	"ê", "e", "ë", "e", "í", "i", "ì", "i", "î", "i", "ï", "i", "ñ", "n", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y")

// SearchTerms splits text into the lower-case words a search requires,
// without accents, stop words or punctuation (so no query syntax reaches an
// engine).
func SearchTerms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(foldAccents.Replace(strings.ToLower(text)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if searchStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// args numbers the parameters of a query as it is written.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// Search finds services. The plan depends on what is asked:
//   - near a point: the points of services in the bounding box of the
//     circle (a spatial index, migration 16) are the candidates; text and a
//     category, when given, are looked for by the full-text index among
//     the services in the grid cells around the box (store.BoxCells), the
//     text matches scored (at most SearchCandidateCap); each remaining
//     service gets its exact haversine distance to its nearest point, and
//     those beyond the radius go;
//   - text without near: the engine's full-text index gives the candidates
//     that hold the words and the category (at most SearchCandidateCap,
//     see there) and pass the other filters, with their scores;
//   - otherwise every active service is a candidate.
//
// The other filters apply to the candidates. Results are in a stable
// order: by score (best first), then id; by distance first when sorted by
// distance; by name and id when sorted by name. Only services of active
// (not archived) organizations are found.
//
// With text or near, the candidates are few enough to be counted exactly:
// they are filtered once (by id, without reading the services), counted,
// and only the page's rows are read (unless sorted by name). Ties are
// broken by id rather than name so that the page can be cut before any
// service is read. Without text or near (a whole directory listed by
// name, or one category), the page is read as the engine sorts it and the
// results are counted only as far as SearchTotalCap: Page.Capped then
// says "more than Total".
func (s *Store) Search(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.At.IsZero() {
		// Opening hours are written in local time.
		q.At = s.now().In(time.Local)
	}
	if q.Near != "" && q.Lat == nil {
		lat, lon, ok, err := s.PlacePoint(ctx, q.Near)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &errs.ValidationError{Fields: map[string]string{"near": fmt.Sprintf(
				"no located address in the directory has the postal code, city or street address %q; give LAT,LON (such as 37.48,-122.23) instead", q.Near)}}
		}
		q.Lat, q.Lon = &lat, &lon
	}
	words := SearchTerms(q.Text)
	page := &SearchPage{Items: []SearchResult{}, Limit: q.Limit, Offset: q.Offset, NearLat: q.Lat, NearLon: q.Lon}
	if q.Text != "" && len(words) == 0 {
		return page, nil // only stop words or punctuation: nothing can match
	}
	bounded := len(words) > 0 || q.Lat != nil
	// A category is resolved first, to its terms' ids: with text or near
	// the full-text index then finds the category's services together with
	// the words or the cells around the point (see searchSQL).
	var terms []string
	if q.Category != "" {
		var err error
		if terms, err = s.categoryTerms(ctx, q.Category); err != nil {
			return nil, err
		}
		if len(terms) == 0 {
			return page, nil // no such category: nothing can match
		}
	}
	query, a := s.searchSQL(q, words, terms, searchPage)
	rows, err := s.db.QueryKept(ctx, query, store.PlanEachTime(s.db.Engine, a)...)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("search services: %w", err))
	}
	defer rows.Close()
	total, candidates := 0, 0
	for rows.Next() {
		var r SearchResult
		var km *float64
		if err := rows.Scan(&r.ServiceID, &r.ServiceName, &r.OrganizationID, &r.OrganizationName, &r.Description,
			&r.Score, &km, &total, &candidates); err != nil {
			return nil, fmt.Errorf("search services: %w", err)
		}
		if km != nil {
			d := math.Round(*km*100) / 100
			r.DistanceKm = &d
		}
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Classify(fmt.Errorf("search services: %w", err))
	}
	rows.Close()
	// Unbounded searches ask for one row more than the page, to tell
	// whether there are more.
	more := !bounded && len(page.Items) > q.Limit
	if more {
		page.Items = page.Items[:q.Limit]
	}
	switch {
	case bounded && len(page.Items) > 0:
		page.Total = total
	case !bounded && !more && (len(page.Items) > 0 || q.Offset == 0):
		page.Total = q.Offset + len(page.Items) // the last page: the count is known
	default:
		// Past the last page, or a full page of an unbounded search.
		limit := max(SearchTotalCap, q.Offset+q.Limit+1)
		n, c, err := s.searchCount(ctx, q, words, terms, limit)
		if err != nil {
			return nil, err
		}
		page.Total, candidates = n, c
		if !bounded {
			page.Total, page.Capped = min(n, limit), n > limit
		}
	}
	// The text matches that pass the filters are gathered up to
	// SearchCandidateCap + 1: one more says there were more than the cap.
	if len(words) > 0 && candidates > SearchCandidateCap {
		page.RankedCapped = true
		if q.Lat == nil {
			page.Total, page.Capped = SearchCandidateCap, true
		}
	}
	if err := s.addResultDetails(ctx, page.Items, q.Lat, q.Lon); err != nil {
		return nil, err
	}
	return page, nil
}

// searchCount counts the results of q (when unbounded, up to limit+1),
// and the text candidates (for RankedCapped).
func (s *Store) searchCount(ctx context.Context, q SearchQuery, words, terms []string, limit int) (n, candidates int, err error) {
	q.Offset, q.Limit = 0, limit
	query, a := s.searchSQL(q, words, terms, searchCount)
	if err := s.db.QueryRowContext(ctx, query, store.PlanEachTime(s.db.Engine, a)...).Scan(&n, &candidates); err != nil {
		return 0, 0, store.Classify(fmt.Errorf("count search results: %w", err))
	}
	return n, candidates, nil
}

// categoryTerms gives the ids of the taxonomy terms a category filter
// names: by id, code or name, in any case (each by its own index,
// migration 18).
func (s *Store) categoryTerms(ctx context.Context, category string) ([]string, error) {
	ids, err := idsOf(ctx, s.db, `SELECT id FROM taxonomy_terms WHERE id = $1 OR lower(code) = $2 OR lower(name) = $2 ORDER BY id`,
		category, strings.ToLower(category))
	if err != nil {
		return nil, fmt.Errorf("search services: the category: %w", err)
	}
	return ids, nil
}

// What searchSQL writes: the page, or the count of results.
const (
	searchPage = iota
	searchCount
)

// searchSQL writes the query for q. A search with text or near gathers
// its candidates that pass every filter in f (service_id, score, km), as
// Search describes, and the page reads only those of f that can be on it;
// the number of results and of text candidates comes in each row, or
// alone for the count. Other searches read the page straight, with one
// row more than the limit, and count up to the limit + 1.
//
// terms, when given, are the ids of the taxonomy terms the category names
// (categoryTerms): with text or near the full-text index looks for their
// tokens with the words or the cells around the point, and gives exactly
// the category's services, so no other check follows.
//
// Limits and offsets are written into the statement as numbers (q's are
// checked integers): SQLite plans a statement whose LIMIT is bound only
// later a second time, at its first step. At 10,000 services that second
// planning took 32% of the CPU time of a search near a point, and 17%
// with the limits written in: the rest is FTS5's own statement that finds
// a term in a segment's index, which SQLite plans again inside it.
func (s *Store) searchSQL(q SearchQuery, words, terms []string, mode int) (string, []any) {
	var a args
	engine := s.db.Engine
	tokens := make([]string, len(terms))
	for i, t := range terms {
		tokens[i] = store.CategoryToken(t)
	}
	bounded := len(words) > 0 || q.Lat != nil
	// textMatches is the full-text query of the words, with the category's
	// tokens and cells when given (see store.SearchQueryText), the first
	// SearchCandidateCap + 1 matches that pass cond, scored for a page (a
	// count needs no score).
	textMatches := func(cells []string, cond func(id string) string) string {
		text, terms := store.SearchQueryText(engine, words, tokens, cells)
		if terms != "" {
			terms = a.add(terms)
		}
		return store.SearchTextMatches(engine, a.add(text), terms, fmt.Sprint(SearchCandidateCap+1), mode == searchPage, cond)
	}
	// filters writes the filters on a candidate's id, so that a candidate
	// is filtered before its service is read. It is called once per query.
	filters := func(id string) string {
		var where []string
		if bounded {
			// The services of archived organizations (few, by a partial
			// index) are left out without reading each candidate's service
			// and organization. (CROSS JOIN keeps SQLite, without
			// statistics, from reading every service to find them.)
			where = append(where, id+` NOT IN (`+archivedServices+`)`)
		}
		// With text or near, the category's tokens in the full-text index
		// (kept to their own column, or to weight D) find exactly its
		// services, with the words or the cells around a point.
		if len(terms) > 0 && !bounded {
			// The services filed under the terms, as a set (by the index
			// on term and service), not a look-up per candidate.
			ph := make([]string, len(terms))
			for i, t := range terms {
				ph[i] = a.add(t)
			}
			where = append(where, fmt.Sprintf(`%s IN (SELECT at.link_id FROM attributes at WHERE at.taxonomy_term_id IN (%s))`,
				id, strings.Join(ph, ", ")))
		}
		if q.Language != "" {
			p := a.add(strings.ToLower(q.Language))
			where = append(where, belongsTo("languages", "lg", id, `(lower(lg.code) = `+p+` OR lower(lg.name) = `+p+`)`, engine, false))
		}
		if q.Area != "" {
			where = append(where, fmt.Sprintf(`%s IN (SELECT sa.service_id FROM service_areas sa WHERE lower(sa.name) = %s)`,
				id, a.add(strings.ToLower(q.Area))))
		}
		if q.OpenNow {
			where = append(where, openNowFilter(&a, id, q.At, engine))
		}
		return strings.Join(where, " AND ")
	}
	and := func(cond string) string {
		if cond == "" {
			return ""
		}
		return " AND " + cond
	}
	if !bounded {
		// Every service is a candidate: read the page as the engine sorts
		// it, and count only as far as the limit.
		from := `services sv JOIN organizations o ON o.id = sv.organization_id
			WHERE o.archived_at IS NULL` + and(filters("sv.id"))
		if mode == searchCount {
			return fmt.Sprintf(`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM %s LIMIT %d) n), 0`, from, q.Limit+1), a
		}
		return fmt.Sprintf(`SELECT sv.id, sv.name, o.id, o.name, sv.description, CAST(0 AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION), 0, 0
			FROM %s ORDER BY lower(sv.name), sv.id LIMIT %d OFFSET %d`, from, q.Limit+1, q.Offset), a
	}
	var with, candidates string
	if q.Lat != nil {
		lat, lon := *q.Lat, *q.Lon
		dLat := q.RadiusKm / (6371.0 * math.Pi / 180) // the box holds the circle
		dLon := dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
		pLat, pLon := a.add(lat), a.add(lon)
		minLat, maxLat, minLon, maxLon := a.add(lat-dLat), a.add(lat+dLat), a.add(lon-dLon), a.add(lon+dLon)
		cells := store.BoxCells(lat-dLat, lat+dLat, lon-dLon, lon+dLon)
		// Haversine, on a sphere of 6371 km, to a service's nearest point
		// (g), computed only for the services that pass the other
		// conditions.
		km := `MIN(` + haversine("g.latitude", "g.longitude", pLat, pLon) + `)`
		radius := a.add(q.RadiusKm)
		// f gathers the candidates from pairs of a service (id, and its
		// score) and one of its points (g), as from says: it keeps those
		// within the radius, by their nearest point.
		f := func(id, score, from string) string {
			return `f AS MATERIALIZED (SELECT * FROM (SELECT ` + id + ` AS service_id, ` + score + ` AS score, ` + km + ` AS km
				FROM ` + from + ` WHERE 1 = 1` + and(filters(id)) + ` GROUP BY ` + id + `, ` + score + `) n WHERE km <= ` + radius + `)`
		}
		if len(words) > 0 && engine == store.SQLite {
			// The text matches (capped as for text alone) in the cells
			// around the box (and in the category), by one full-text
			// query: few, each checked against the box by its service's
			// own points, which then give its distance (service_points,
			// migration 17); gathering every point in the box from the
			// R*Tree first cost more than the look-ups. Each match's
			// distance is a subquery of its own points, so the matches
			// need no grouping (a join of them to their points, grouped
			// by service, cost 9% more for 2,500 matches at 1M).
			inBox := func(string) string {
				from, of := store.PointsOfDocID("services_fts.rowid", "gp")
				return `EXISTS (SELECT 1 FROM ` + from + ` WHERE ` + of + ` AND gp.latitude BETWEEN ` + minLat + ` AND ` + maxLat +
					` AND gp.longitude BETWEEN ` + minLon + ` AND ` + maxLon + `)`
			}
			from, of := store.PointsOfDocID("m.docid", "g")
			nearest := `(SELECT MIN(` + haversine("g.latitude", "g.longitude", pLat, pLon) + `) FROM ` + from + ` WHERE ` + of + `)`
			with = `t AS MATERIALIZED (SELECT m.service_id, m.score, m.docid, ` + nearest + ` AS km FROM (` + textMatches(cells, inBox) + `) m),
				f AS MATERIALIZED (SELECT t.service_id, t.score, t.km FROM t WHERE t.km <= ` + radius + and(filters("t.service_id")) + `)`
			candidates = "(SELECT COUNT(*) FROM t)"
		} else {
			// Otherwise g, the points of services in the box, by the engine's
			// spatial index (migration 16): on PostgreSQL with their service's
			// id, on SQLite with its search docid; with a category and no
			// words, only its services in the cells around the box (by their
			// tokens in the full-text index; with words, the text matches hold
			// them).
			box := store.ServicesInBox(engine, minLat, maxLat, minLon, maxLon)
			key, keyName := box.Service, "service_id"
			services, service := "g", "g.service_id"
			if engine == store.SQLite {
				key, keyName = box.DocID, "docid"
				services, service = "g CROSS JOIN service_search gs ON gs.docid = g.docid", "gs.service_id"
			}
			with = fmt.Sprintf(`g AS MATERIALIZED (SELECT %s AS %s, %s AS latitude, %s AS longitude FROM %s WHERE %s`,
				key, keyName, box.Lat, box.Lon, box.From, box.Where)
			if len(tokens) > 0 && len(words) == 0 {
				with += ` AND ` + key + ` IN (` + store.SearchTokenMatches(engine, tokens, cells, a.add) + `)`
			}
			with += `)`
			if len(words) > 0 {
				// On PostgreSQL, the text matches (capped as for text alone) in
				// the cells around the box (and in the category), by one
				// full-text query, each then checked against g.
				inBox := func(id string) string { return id + " IN (SELECT service_id FROM g)" }
				with += `, t AS MATERIALIZED (` + textMatches(cells, inBox) + `), ` + f("t.service_id", "t.score", `t JOIN g ON g.service_id = t.service_id`)
				candidates = "(SELECT COUNT(*) FROM t)"
			} else {
				with += `, ` + f(service, "CAST(0 AS DOUBLE PRECISION)", services)
				candidates = "0"
			}
		}
	} else {
		// The text matches that pass the filters, the first
		// SearchCandidateCap + 1 in index order: only they are ranked.
		with = `f AS MATERIALIZED (SELECT m.service_id, m.score, CAST(NULL AS DOUBLE PRECISION) AS km FROM (` +
			textMatches(nil, filters) + `) m)`
		candidates = "(SELECT COUNT(*) FROM f)"
	}
	if mode == searchCount {
		return fmt.Sprintf(`WITH %s SELECT (SELECT COUNT(*) FROM f), %s`, with, candidates), a
	}
	// The page is cut from f by score (or distance) and id, and only its
	// rows are read; sorted by name, every result has to be.
	key, outer := "score DESC, service_id", "c.score DESC, c.service_id"
	switch q.Sort {
	case "distance":
		key, outer = "km, score DESC, service_id", "c.km, c.score DESC, c.service_id"
	case "name":
		return fmt.Sprintf(`WITH %s
			SELECT sv.id, sv.name, o.id, o.name, sv.description, c.score, c.km, (SELECT COUNT(*) FROM f), %s
			FROM f c JOIN services sv ON sv.id = c.service_id JOIN organizations o ON o.id = sv.organization_id
			ORDER BY lower(sv.name), sv.id LIMIT %d OFFSET %d`, with, candidates, q.Limit, q.Offset), a
	}
	query := fmt.Sprintf(`WITH %s, p AS (SELECT service_id, score, km FROM f ORDER BY %s LIMIT %d OFFSET %d)
		SELECT sv.id, sv.name, o.id, o.name, sv.description, c.score, c.km, (SELECT COUNT(*) FROM f), %s
		FROM p c JOIN services sv ON sv.id = c.service_id JOIN organizations o ON o.id = sv.organization_id
		ORDER BY %s`, with, key, q.Limit, q.Offset, candidates, outer)
	return query, a
}

// archivedServices is the query of the ids of the archived organizations'
// services: few, found from the organizations' partial index
// (organizations_archived) then by the index on the organization (CROSS
// JOIN keeps SQLite, without statistics, from reading every service to
// find them). A set of services to leave out, or to count and subtract,
// so that no service's own organization is read.
const archivedServices = `SELECT asv.id FROM organizations ao CROSS JOIN services asv WHERE ao.archived_at IS NOT NULL AND asv.organization_id = ao.id`

// perRow ends the condition of a filter's EXISTS subquery so that
// PostgreSQL checks it for each candidate, by index, rather than turning
// it into a hashed set of every service that passes (it does when it
// expects many candidates, as in a listing by name, whose page and count
// read only the first few hundred): that read every schedule or language
// of the directory, 0.3-1 s at 100,000 services. OFFSET 0 keeps the
// subquery as written; SQLite checks each candidate anyway.
func perRow(e store.Engine) string {
	if e == store.Postgres {
		return ` OFFSET 0`
	}
	return ``
}

// openNowFilter keeps services with a schedule (their own, or one of their
// locations' or services-at-locations') open at t, read in t's time zone.
// It honours byday (RFC 5545 two-letter days, such as "MO,TU"; a day with
// an ordinal, such as "1MO", is not matched), freq (WEEKLY or empty: on the
// byday days; DAILY: every day), opens_at and closes_at (HH:MM, a closing
// time before the opening one meaning past midnight, honoured on the
// opening day only) and valid_from / valid_to (YYYY-MM-DD, inclusive). It
// ignores the other recurrence fields (interval, until, count, by month
// day, ...), the schedule's timezone and holiday schedules.
func openNowFilter(a *args, id string, t time.Time, e store.Engine) string {
	day := a.add("%," + strings.ToUpper(t.Weekday().String()[:2]) + ",%")
	clock := a.add(t.Format("15:04:05"))
	date := a.add(t.Format("2006-01-02"))
	open := fmt.Sprintf(`(upper(sc.freq) = 'DAILY' OR (upper(sc.freq) IN ('', 'WEEKLY') AND ',' || upper(replace(sc.byday, ' ', '')) || ',' LIKE %[1]s))
		AND sc.opens_at <> '' AND sc.closes_at <> ''
		AND ((sc.opens_at <= %[2]s AND %[2]s < sc.closes_at) OR (sc.closes_at < sc.opens_at AND sc.opens_at <= %[2]s))
		AND (sc.valid_from = '' OR sc.valid_from <= %[3]s) AND (sc.valid_to = '' OR sc.valid_to >= %[3]s)`, day, clock, date)
	return belongsTo("schedules", "sc", id, open, e, true)
}

// belongsTo is the condition that a row of table (as alias) passing cond
// belongs to the service whose id is id: the service's own, one of its
// locations', or, with atServiceAtLocation, one of its services at
// locations'. One EXISTS for each way, each by its
// index: as one OR of the ways, PostgreSQL read every row of the table for
// each candidate (2 s a page of schedules at 1,500 services). Each is
// checked per candidate (perRow).
func belongsTo(table, alias, id, cond string, e store.Engine, atServiceAtLocation bool) string {
	table += ` ` + alias
	cond += perRow(e)
	ways := []string{
		`EXISTS (SELECT 1 FROM ` + table + ` WHERE ` + alias + `.service_id = ` + id + ` AND ` + cond + `)`,
		`EXISTS (SELECT 1 FROM service_at_locations bsal JOIN ` + table + ` ON ` + alias + `.location_id = bsal.location_id WHERE bsal.service_id = ` + id + ` AND ` + cond + `)`,
	}
	if atServiceAtLocation {
		ways = append(ways, `EXISTS (SELECT 1 FROM service_at_locations bsal JOIN `+table+` ON `+alias+`.service_at_location_id = bsal.id WHERE bsal.service_id = `+id+` AND `+cond+`)`)
	}
	return `(` + strings.Join(ways, ` OR `) + `)`
}

// placeSample bounds how many located addresses a place's middle is
// taken from: a big city has tens of thousands, and the first few thousand
// found (in the order they were added) place its middle as well.
const placeSample = 2000

// PlacePoint finds the point that a place names, from the directory's own
// located addresses, so that "near" needs no geocoder: a postal code
// (which finds it with an extension too: "94025" finds "94025-9881"), a
// city, a street address ("2600 Middlefield Road", with ", Redwood City"
// after it when the street is in more than one city), or a city and state
// ("Redwood City, CA"), each form tried in that order through its index
// (migrations 22, 23 and 26). The point is the middle of the addresses found
// (at most placeSample of them): the median latitude and the median
// longitude, which a few addresses placed far away (a mistyped point)
// do not move, as they would an average. ok is false when no located
// address matches; a street found in more than one city is a validation
// error that asks for the city.
func (s *Store) PlacePoint(ctx context.Context, place string) (lat, lon float64, ok bool, err error) {
	place = strings.TrimSpace(place)
	lower := strings.ToLower(place)
	type try struct {
		where  string
		args   []any
		street bool // a street alone: it must be in one city
	}
	var tries []try
	parts := strings.Split(lower, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) == 1 {
		var postal args // a postal code, or it with an extension (a ZIP+4)
		isPostal := store.PostalCodeIs(s.db.Engine, "a.postal_code", place, postal.add)
		tries = []try{{isPostal, postal, false}, {"lower(a.city) = $1", []any{lower}, false},
			{"lower(a.address_1) = $1", []any{lower}, true}}
	} else {
		tries = []try{{"lower(a.address_1) = $1 AND lower(a.city) = $2", []any{parts[0], parts[1]}, false},
			{"lower(a.city) = $1 AND lower(a.state_province) = $2", []any{parts[0], parts[1]}, false}}
	}
	for _, t := range tries {
		lats, lons, cities, err := s.placeAddresses(ctx, t.where, t.args)
		if err != nil {
			return 0, 0, false, fmt.Errorf("find the place %q: %w", place, err)
		}
		if len(lats) == 0 {
			continue
		}
		if t.street && len(cities) > 1 {
			slices.Sort(cities)
			return 0, 0, false, &errs.ValidationError{Fields: map[string]string{"near": fmt.Sprintf(
				"%q is a street address in more than one city (%s): add the city, such as %q", place, strings.Join(cities, ", "), place+", "+cities[0])}}
		}
		return median(lats), median(lons), true, nil
	}
	return 0, 0, false, nil
}

// placeAddresses reads the points of the located addresses that where
// picks (at most placeSample), with their cities, each once whatever its
// case, as written.
func (s *Store) placeAddresses(ctx context.Context, where string, args []any) (lats, lons []float64, cities []string, err error) {
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT l.latitude, l.longitude, a.city FROM addresses a JOIN locations l ON l.id = a.location_id
		WHERE %s AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL LIMIT %d`, where, placeSample), args...)
	if err != nil {
		return nil, nil, nil, store.Classify(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var la, lo float64
		var city string
		if err := rows.Scan(&la, &lo, &city); err != nil {
			return nil, nil, nil, err
		}
		lats, lons = append(lats, la), append(lons, lo)
		if k := strings.ToLower(city); !seen[k] {
			seen[k] = true
			cities = append(cities, city)
		}
	}
	return lats, lons, cities, store.Classify(rows.Err())
}

// median is the middle of xs (the mean of the two middle ones when they
// are even in number); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

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
		return store.Classify(fmt.Errorf("search result details: %w", err))
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
			x := hours{h: ScheduleHours{ByDay: name, Opens: ad.Address1, Closes: ad.Address2, Freq: ph.Type, Description: ph.Description}}
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
	}
	if err := rows.Err(); err != nil {
		return store.Classify(fmt.Errorf("search result details: %w", err))
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
// array), their locations with each physical address, then their phones
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
			coalesce(ad.country, '') AS country, '' AS extension, '' AS phone_type, '' AS phone_description, sal.service_id AS k1, lower(l.name) AS k2, l.id AS k3, coalesce(ad.id, '') AS k4
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
var resultDetails = map[store.Engine]string{store.SQLite: resultDetailsSQL(store.SQLite), store.Postgres: resultDetailsSQL(store.Postgres)}

// haversine is the SQL of the distance in kilometres, on a sphere of
// 6371 km, from the point (lat, lon) to (pLat, pLon), all in degrees.
func haversine(lat, lon, pLat, pLon string) string {
	return fmt.Sprintf(`2 * 6371.0 * asin(sqrt(power(sin(radians(%[1]s - %[3]s) / 2), 2) +
		cos(radians(%[3]s)) * cos(radians(%[1]s)) * power(sin(radians(%[2]s - %[4]s) / 2), 2)))`, lat, lon, pLat, pLon)
}

// Haversine returns the great-circle distance in kilometres between two
// points given in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// CategoryGroup is the categories (term names) of one taxonomy, named as
// the taxonomy is ("" for terms of none).
type CategoryGroup struct {
	Taxonomy   string   `json:"taxonomy"`
	Categories []string `json:"categories"`
}

// SearchCategoryGroups returns the names of the taxonomy terms that
// services are filed under, by taxonomy, the taxonomies and the names in
// each by name in any case: a directory's own categories, an import's
// keywords and its accepted payments apart. A name in two taxonomies is in
// both.
func (s *Store) SearchCategoryGroups(ctx context.Context) ([]CategoryGroup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT taxonomy, name FROM (SELECT DISTINCT `+termTaxonomy+` AS taxonomy, t.name
		FROM taxonomy_terms t `+termTaxonomyJoin+`
		WHERE EXISTS (SELECT 1 FROM attributes a WHERE a.taxonomy_term_id = t.id)) n
		ORDER BY lower(taxonomy), taxonomy, lower(name), name`)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list search categories: %w", err))
	}
	defer rows.Close()
	out := []CategoryGroup{}
	for rows.Next() {
		var taxonomy, name string
		if err := rows.Scan(&taxonomy, &name); err != nil {
			return nil, fmt.Errorf("list search categories: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].Taxonomy != taxonomy {
			out = append(out, CategoryGroup{Taxonomy: taxonomy})
		}
		out[len(out)-1].Categories = append(out[len(out)-1].Categories, name)
	}
	return out, store.Classify(rows.Err())
}

// SearchChoices are what a search's filters can be given, from the
// directory itself, as a search form offers them.
type SearchChoices struct {
	Categories     []string        `json:"categories"`      // the names of CategoryGroups, each once, by name in any case
	CategoryGroups []CategoryGroup `json:"category_groups"` // SearchCategoryGroups
	Languages      []string        `json:"languages"`       // SearchLanguages
	Areas          []string        `json:"areas"`           // SearchAreas
	Cities         []string        `json:"cities"`          // the cities of the directory's addresses, places near takes (PlacePoint)
}

// SearchChoices gathers the categories, languages, service areas and
// cities that a search form offers.
func (s *Store) SearchChoices(ctx context.Context) (*SearchChoices, error) {
	c := &SearchChoices{}
	var err error
	if c.CategoryGroups, err = s.SearchCategoryGroups(ctx); err != nil {
		return nil, err
	}
	c.Categories = []string{}
	for _, g := range c.CategoryGroups {
		c.Categories = append(c.Categories, g.Categories...)
	}
	byName := func(a, b string) int {
		return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
	}
	slices.SortFunc(c.Categories, byName)
	c.Categories = slices.Compact(c.Categories)
	if c.Languages, err = s.SearchLanguages(ctx); err != nil {
		return nil, err
	}
	if c.Areas, err = s.SearchAreas(ctx); err != nil {
		return nil, err
	}
	if c.Cities, err = names(s.distinctNames(ctx, "addresses", "city", "", maxChoices)); err != nil {
		return nil, err
	}
	return c, nil
}

// SearchLanguages returns the names of the languages that services (or
// their locations) are offered in, each once whatever its case, in order,
// for a search form's language list (at most maxChoices).
func (s *Store) SearchLanguages(ctx context.Context) ([]string, error) {
	return names(s.distinctNames(ctx, "languages", "name", "", maxChoices))
}

// SearchAreas returns the names of the service areas in the directory,
// each once whatever its case, in order, for a search form to suggest (the
// area filter takes a whole name; at most maxChoices).
func (s *Store) SearchAreas(ctx context.Context) ([]string, error) {
	return names(s.distinctNames(ctx, "service_areas", "name", "", maxChoices))
}

// maxChoices bounds the names a form is offered.
const maxChoices = 500

// keyedName is a name as one of its rows spells it, with its key, the
// name as the engine lower-cases it.
type keyedName struct{ key, name string }

func names(list []keyedName, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.name
	}
	return out, nil
}

// distinctNames gives the distinct non-empty values of table's column, by
// lower(column), each as one of its rows spells it; with like (a LIKE
// pattern, such as store.LikePattern gives), only those whose lower-cased
// value matches it; at most limit of them (every one when limit is 0). The
// table's index on lower(column) is read one name at a time (each step the
// first name after the last), so the cost grows with the number of names,
// not of rows: a million services' service areas are read in a few
// hundred look-ups, not a scan and a sort of every row. (Neither engine
// skips through an index by itself for DISTINCT.)
func (s *Store) distinctNames(ctx context.Context, table, column, like string, limit int) ([]keyedName, error) {
	var a args
	query := fmt.Sprintf(`WITH RECURSIVE k (v) AS (
		SELECT (SELECT lower(%[2]s) FROM %[1]s WHERE lower(%[2]s) > '' ORDER BY lower(%[2]s) LIMIT 1)
		UNION ALL
		SELECT (SELECT lower(%[2]s) FROM %[1]s WHERE lower(%[2]s) > k.v ORDER BY lower(%[2]s) LIMIT 1) FROM k WHERE k.v IS NOT NULL)
		SELECT k.v, (SELECT %[2]s FROM %[1]s WHERE lower(%[2]s) = k.v LIMIT 1) FROM k WHERE k.v IS NOT NULL`, table, column)
	if like != "" {
		query += ` AND k.v LIKE ` + a.add(like) + ` ESCAPE '\'`
	}
	if limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := s.db.QueryContext(ctx, query, a...)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list the names of %s: %w", table, err))
	}
	defer rows.Close()
	out := []keyedName{}
	for rows.Next() {
		var n keyedName
		if err := rows.Scan(&n.key, &n.name); err != nil {
			return nil, fmt.Errorf("list the names of %s: %w", table, err)
		}
		out = append(out, n)
	}
	return out, store.Classify(rows.Err())
}
