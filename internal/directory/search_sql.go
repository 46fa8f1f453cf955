package directory

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"backbone/internal/store"
)

// The second phase of a search: its statement, written for the engine.
// What it reads depends on what is asked (see Search): every service by
// name, the text matches, or the services near a point, each filtered by
// id before its service is read.

// args numbers the parameters of a query as it is written.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
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
	st := &searchStatement{engine: s.db.Engine, q: q, words: words, terms: terms, mode: mode,
		tokens: make([]string, len(terms)), bounded: len(words) > 0 || q.Lat != nil}
	for i, t := range terms {
		st.tokens[i] = store.CategoryToken(t)
	}

	var query string
	switch {
	case !st.bounded:
		query = st.listing()
	case q.Lat != nil:
		query = st.page(st.nearPoint())
	default:
		// The text matches that pass the filters, the first
		// SearchCandidateCap + 1 in index order: only they are ranked.
		with := `f AS MATERIALIZED (SELECT m.service_id, m.score, CAST(NULL AS DOUBLE PRECISION) AS km FROM (` +
			st.textMatches(nil, st.filters) + `) m)`
		query = st.page(with, "(SELECT COUNT(*) FROM f)")
	}
	return query, st.a
}

// searchStatement is one search's statement as searchSQL writes it, part
// by part: the parameters, numbered in the order the parts add them, and
// what the parts read.
type searchStatement struct {
	a       args
	engine  store.Engine
	q       SearchQuery
	words   []string
	terms   []string // the ids of the category's terms
	tokens  []string // their tokens in the full-text index
	mode    int      // searchPage or searchCount
	bounded bool     // with text or near: the candidates are few
}

// textMatches is the full-text query of the words, with the category's
// tokens and cells when given (see store.SearchQueryText), the first
// SearchCandidateCap + 1 matches that pass cond, scored for a page (a
// count needs no score).
func (st *searchStatement) textMatches(cells []string, cond func(id string) string) string {
	text, terms := store.SearchQueryText(st.engine, st.words, st.tokens, cells)
	if terms != "" {
		terms = st.a.add(terms)
	}
	limit := fmt.Sprint(SearchCandidateCap + 1)
	// Sorted by distance, the words only filter: no scores.
	ranked := st.mode == searchPage && st.q.Sort != "distance"
	return store.SearchTextMatches(st.engine, st.a.add(text), terms, limit, ranked, cond)
}

// filters writes the filters on a candidate's id, so that a candidate is
// filtered before its service is read. It is called once per query.
func (st *searchStatement) filters(id string) string {
	q, a := st.q, &st.a
	var where []string
	if st.bounded {
		// The services of archived organizations (few, by a partial
		// index) are left out without reading each candidate's service
		// and organization. (CROSS JOIN keeps SQLite, without
		// statistics, from reading every service to find them.)
		where = append(where, id+` NOT IN (`+archivedServices+`)`, id+` NOT IN (`+defunctServices+`)`)
	}

	// With text or near, the category's tokens in the full-text index
	// (kept to their own column, or to weight D) find exactly its
	// services, with the words or the cells around a point.
	if len(st.terms) > 0 && !st.bounded {
		// The services filed under the terms, as a set (by the index
		// on term and service), not a look-up per candidate.
		ph := make([]string, len(st.terms))
		for i, t := range st.terms {
			ph[i] = a.add(t)
		}
		where = append(
			where,
			fmt.Sprintf(`%s IN (SELECT at.link_id FROM attributes at WHERE at.taxonomy_term_id IN (%s))`,
				id, strings.Join(ph, ", ")),
		)
	}

	if q.Language != "" {
		p := a.add(strings.ToLower(q.Language))
		where = append(where, belongsTo("languages", "lg", id, `(lower(lg.code) = `+p+` OR lower(lg.name) = `+p+`)`,
			st.engine, false))
	}
	if q.Area != "" {
		where = append(
			where,
			fmt.Sprintf(`%s IN (SELECT sa.service_id FROM service_areas sa WHERE lower(sa.name) = %s)`,
				id, a.add(strings.ToLower(q.Area))),
		)
	}
	if q.OpenNow {
		where = append(where, openNowFilter(a, id, q.At, st.engine))
	}
	return strings.Join(where, " AND ")
}

// and is " AND cond", or nothing when there is no condition.
func and(cond string) string {
	if cond == "" {
		return ""
	}
	return " AND " + cond
}

// listing writes a search without text or near: every service is a
// candidate, so the page is read as the engine sorts it, and counted only
// as far as the limit.
func (st *searchStatement) listing() string {
	q := st.q
	from := `services sv JOIN organizations o ON o.id = sv.organization_id
			WHERE o.archived_at IS NULL AND sv.status <> 'defunct'` + and(st.filters("sv.id"))
	if st.mode == searchCount {
		return fmt.Sprintf(`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM %s LIMIT %d) n), 0`, from, q.Limit+1)
	}
	return fmt.Sprintf(`SELECT sv.id, sv.name, o.id, o.name, sv.description, CAST(0 AS DOUBLE PRECISION), `+
		`CAST(NULL AS DOUBLE PRECISION), 0, 0
			FROM %s ORDER BY lower(sv.name), sv.id LIMIT %d OFFSET %d`, from, q.Limit+1, q.Offset)
}

// searchCircle is what a search near a point reads of it: the point and
// the box that holds the circle (parameters), the box's grid cells, the
// SQL of a service's distance to its nearest point (g), and the radius.
type searchCircle struct {
	pLat, pLon                     string
	minLat, maxLat, minLon, maxLon string
	cells                          []string
	km, radius                     string
}

// nearPoint writes the candidates of a search near a point, f, and their
// number as the text candidates count them; with words on SQLite
// (nearText) or else from the points in the box (inBox).
func (st *searchStatement) nearPoint() (with, candidates string) {
	q, a := st.q, &st.a
	lat, lon := *q.Lat, *q.Lon
	dLat := q.RadiusKm / (6371.0 * math.Pi / 180) // the box holds the circle
	dLon := dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
	c := searchCircle{pLat: a.add(lat), pLon: a.add(lon)}
	c.minLat, c.maxLat, c.minLon, c.maxLon = a.add(lat-dLat), a.add(lat+dLat), a.add(lon-dLon), a.add(lon+dLon)
	c.cells = store.BoxCells(lat-dLat, lat+dLat, lon-dLon, lon+dLon)

	// Haversine, on a sphere of 6371 km, to a service's nearest point (g),
	// computed only for the services that pass the other conditions.
	c.km = `MIN(` + haversine("g.latitude", "g.longitude", c.pLat, c.pLon) + `)`
	c.radius = a.add(q.RadiusKm)
	if len(st.words) > 0 && store.FullTextHoldsPlaces(st.engine) {
		return st.nearText(c)
	}
	return st.inBox(c)
}

// nearText writes, on SQLite, the text matches (capped as for text alone)
// in the cells around the box (and in the category), by one full-text
// query: few, each checked against the box by its service's own points,
// which then give its distance (service_points, migration 17); gathering
// every point in the box from the R*Tree first cost more than the
// look-ups. Each match's distance is a subquery of its own points, so the
// matches need no grouping (a join of them to their points, grouped by
// service, cost 9% more for 2,500 matches at 1M).
func (st *searchStatement) nearText(c searchCircle) (with, candidates string) {
	inBox := func(string) string {
		from, of := store.PointsOfDocID("services_fts.rowid", "gp")
		return `EXISTS (SELECT 1 FROM ` + from + ` WHERE ` + of +
			` AND gp.latitude BETWEEN ` + c.minLat + ` AND ` + c.maxLat +
			` AND gp.longitude BETWEEN ` + c.minLon + ` AND ` + c.maxLon + `)`
	}
	from, of := store.PointsOfDocID("m.docid", "g")
	nearest := `(SELECT MIN(` + haversine("g.latitude", "g.longitude", c.pLat, c.pLon) + `) FROM ` + from +
		` WHERE ` + of + `)`
	with = `t AS MATERIALIZED (SELECT m.service_id, m.score, m.docid, ` + nearest + ` AS km FROM (` +
		st.textMatches(c.cells, inBox) + `) m),
				f AS MATERIALIZED (SELECT t.service_id, t.score, t.km FROM t WHERE t.km <= ` + c.radius +
		and(st.filters("t.service_id")) + `)`
	return with, "(SELECT COUNT(*) FROM t)"
}

// inBox writes g, the points of services in the box, by the engine's
// spatial index (migration 16): on PostgreSQL with their service's id, on
// SQLite with its search docid; with a category and no words, only its
// services in the cells around the box (by their tokens in the full-text
// index; with words, the text matches hold them). The candidates are the
// services of g, or, with words (on PostgreSQL), the text matches among
// them.
func (st *searchStatement) inBox(c searchCircle) (with, candidates string) {
	box := store.ServicesInBox(st.engine, c.minLat, c.maxLat, c.minLon, c.maxLon)
	key, keyName, services, service := box.Key, box.KeyName, box.Services, box.ServiceID
	with = fmt.Sprintf(`g AS MATERIALIZED (SELECT %s AS %s, %s AS latitude, %s AS longitude FROM %s WHERE %s`,
		key, keyName, box.Lat, box.Lon, box.From, box.Where)
	if len(st.tokens) > 0 && len(st.words) == 0 {
		with += ` AND ` + key + ` IN (` + store.SearchTokenMatches(st.engine, st.tokens, c.cells, st.a.add) + `)`
	}
	with += `)`

	if len(st.words) > 0 {
		// On PostgreSQL, the text matches (capped as for text alone) in
		// the cells around the box (and in the category), by one
		// full-text query, each then checked against g.
		inBox := func(id string) string { return id + " IN (SELECT service_id FROM g)" }
		with += `, t AS MATERIALIZED (` + st.textMatches(c.cells, inBox) + `), ` +
			st.withinRadius(c, "t.service_id", "t.score", `t JOIN g ON g.service_id = t.service_id`)
		return with, "(SELECT COUNT(*) FROM t)"
	}
	with += `, ` + st.withinRadius(c, service, "CAST(0 AS DOUBLE PRECISION)", services)
	return with, "0"
}

// withinRadius gathers the candidates, f, from pairs of a service (id, and
// its score) and one of its points (g), as from says: it keeps those
// within the radius, by their nearest point.
func (st *searchStatement) withinRadius(c searchCircle, id, score, from string) string {
	return `f AS MATERIALIZED (SELECT * FROM (SELECT ` + id + ` AS service_id, ` + score + ` AS score, ` + c.km + ` AS km
				FROM ` + from + ` WHERE 1 = 1` + and(
		st.filters(id),
	) + ` GROUP BY ` + id + `, ` + score + `) n WHERE km <= ` +
		c.radius + `)`
}

// page writes what is read of the candidates f: their count (and that of
// the text candidates), or the page, cut from f by score (or distance) and
// id so that only its rows are read; sorted by name, every result has to
// be.
func (st *searchStatement) page(with, candidates string) string {
	q := st.q
	if st.mode == searchCount {
		return fmt.Sprintf(`WITH %s SELECT (SELECT COUNT(*) FROM f), %s`, with, candidates)
	}
	key, outer := "score DESC, service_id", "c.score DESC, c.service_id"
	switch q.Sort {
	case "distance":
		key, outer = "km, score DESC, service_id", "c.km, c.score DESC, c.service_id"
	case "name":
		return fmt.Sprintf(`WITH %s
			SELECT sv.id, sv.name, o.id, o.name, sv.description, c.score, c.km, (SELECT COUNT(*) FROM f), %s
			FROM f c JOIN services sv ON sv.id = c.service_id JOIN organizations o ON o.id = sv.organization_id
			ORDER BY lower(sv.name), sv.id LIMIT %d OFFSET %d`, with, candidates, q.Limit, q.Offset)
	}
	return fmt.Sprintf(`WITH %s, p AS (SELECT service_id, score, km FROM f ORDER BY %s LIMIT %d OFFSET %d)
		SELECT sv.id, sv.name, o.id, o.name, sv.description, c.score, c.km, (SELECT COUNT(*) FROM f), %s
		FROM p c JOIN services sv ON sv.id = c.service_id JOIN organizations o ON o.id = sv.organization_id
		ORDER BY %s`, with, key, q.Limit, q.Offset, candidates, outer)
}

// archivedServices is the query of the ids of the archived organizations'
// services: few, found from the organizations' partial index
// (organizations_archived) then by the index on the organization (CROSS
// JOIN keeps SQLite, without statistics, from reading every service to
// find them). A set of services to leave out, or to count and subtract,
// so that no service's own organization is read.
const archivedServices = `SELECT asv.id FROM organizations ao CROSS JOIN services asv ` +
	`WHERE ao.archived_at IS NOT NULL AND asv.organization_id = ao.id`

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
	open := fmt.Sprintf(
		`(upper(sc.freq) = 'DAILY' OR (upper(sc.freq) IN ('', 'WEEKLY') AND ',' || upper(replace(sc.byday, ' ', '')) || ',' LIKE %[1]s))
		AND sc.opens_at <> '' AND sc.closes_at <> ''
		AND ((sc.opens_at <= %[2]s AND %[2]s < sc.closes_at) OR (sc.closes_at < sc.opens_at AND sc.opens_at <= %[2]s))
		AND (sc.valid_from = '' OR sc.valid_from <= %[3]s) AND (sc.valid_to = '' OR sc.valid_to >= %[3]s)`,
		day,
		clock,
		date,
	)
	return belongsTo("schedules", "sc", id, open, e, true)
}

// belongsTo is the condition that a row of table (as alias) passing cond
// belongs to the service whose id is id: the service's own, one of its
// locations', or, with atServiceAtLocation, one of its services at
// locations'. One EXISTS for each way, each by its
// index: as one OR of the ways, PostgreSQL read every row of the table for
// each candidate (2 s a page of schedules at 1,500 services). Each is
// checked per candidate (store.EachCandidate).
func belongsTo(table, alias, id, cond string, e store.Engine, atServiceAtLocation bool) string {
	table += ` ` + alias
	// Checked per candidate, by index: as a set of every service that
	// passes, it read every schedule or language of the directory, 0.3-1 s
	// at 100,000 services, on PostgreSQL.
	cond += store.EachCandidate(e)
	ways := []string{
		`EXISTS (SELECT 1 FROM ` + table + ` WHERE ` + alias + `.service_id = ` + id + ` AND ` + cond + `)`,
		`EXISTS (SELECT 1 FROM service_at_locations bsal JOIN ` + table + ` ON ` + alias + `.location_id = bsal.location_id ` +
			`WHERE bsal.service_id = ` + id + ` AND ` + cond + `)`,
	}
	if atServiceAtLocation {
		ways = append(ways, `EXISTS (SELECT 1 FROM service_at_locations bsal JOIN `+table+
			` ON `+alias+`.service_at_location_id = bsal.id WHERE bsal.service_id = `+id+` AND `+cond+`)`)
	}
	return `(` + strings.Join(ways, ` OR `) + `)`
}

// defunctServices is the query of the ids of the services that no longer
// exist (HSDS status defunct, as a merged duplicate becomes): few, by their
// partial index (migration 62). The HSDS API still publishes them, as the
// specification's data; a search, which sends people somewhere, leaves
// them out.
const defunctServices = `SELECT dsv.id FROM services dsv WHERE dsv.status = 'defunct'`
