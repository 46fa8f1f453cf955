package store

import (
	"encoding/hex"
	"fmt"
	"math"
	"strings"
)

// Migration 16 makes two kinds of search cheap at a million services.
//
// Near a point: the index of migration 8 on (latitude, longitude) ranges on
// latitude only: a 10 km box around Los Angeles read every location in the
// band of latitude it spans, across the whole state (Long Beach, Anaheim,
// Riverside, ...), tens of thousands of index entries, and then the
// services at each. Each service at a located location now has a point in
// a spatial index, kept by triggers like the search index: an R*Tree on
// SQLite, a GiST index on PostgreSQL (built in; no extension needed).
//
// Text in a category, or near a point: each service's taxonomy terms are
// indexed by id as well, as one token per term (CategoryToken), and its
// points as the grid cells they fall in (cellToken), so that the
// full-text index finds the services holding the words, the category and
// a cell near the point at once, instead of checking every match of the
// words (tens of thousands for an ordinary word at a million services)
// against the category or the box. On SQLite the tokens are two more FTS5
// columns, weighted 0 in the ranking; on PostgreSQL they are lexemes of
// weight D, which the ranking weighs 0.
func init() {
	register(Migration{16, "service points, category and cell tokens", ``})
	registerEngineSQL(16, map[Engine]string{
		SQLite:   sqliteServicePoints() + ";\n" + sqliteSearchTokens(),
		Postgres: postgresServicePoints + ";\n" + postgresSearchTokens,
	})
}

// CellSizes are the sizes, in degrees of latitude and of longitude, of the
// grid cells a service's points are indexed in, finest first: about 2, 11,
// 55 and 280 km north to south.
var CellSizes = []float64{0.02, 0.1, 0.5, 2.5}

// maxBoxCells is how many cells a search may name: the finest level whose
// cells cover the box in at most this many is used.
const maxBoxCells = 64

// cellToken is the token of a cell: "g", a letter for its level (an index
// in CellSizes), and its row and column counted from 90° south and 180°
// west in cells of that size. cellTokensOf computes the same in SQL, with
// the same IEEE arithmetic.
func cellToken(level int, row, col int64) string { return fmt.Sprintf("g%c%dx%d", 'a'+level, row, col) }

// BoxCells returns the tokens of the cells that cover a box, at the finest
// level that needs at most maxBoxCells of them (nil if none does).
func BoxCells(minLat, maxLat, minLon, maxLon float64) []string {
	for level, size := range CellSizes {
		r0, r1 := int64(math.Floor((minLat+90)/size)), int64(math.Floor((maxLat+90)/size))
		c0, c1 := int64(math.Floor((minLon+180)/size)), int64(math.Floor((maxLon+180)/size))
		if (r1-r0+1)*(c1-c0+1) > maxBoxCells {
			continue
		}
		var out []string
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				out = append(out, cellToken(level, r, c))
			}
		}
		return out
	}
	return nil
}

// cellTokensOf is the SQL of a point's cell tokens (l.latitude and
// l.longitude), one per level, separated by spaces; cast is the engine's
// integer type.
func cellTokensOf(cast string) string {
	var parts []string
	for level, size := range CellSizes {
		row, col := cellOf(size)
		parts = append(
			parts,
			fmt.Sprintf(`'g%c' || CAST(%s AS %s) || 'x' || CAST(%s AS %[3]s)`, 'a'+level, row, cast, col),
		)
	}
	return strings.Join(parts, ` || ' ' || `)
}

// cellOf is the SQL of the row and column of the cell of a size that holds
// the point l.latitude, l.longitude (as cellToken counts them).
func cellOf(size float64) (row, col string) {
	return fmt.Sprintf(`floor((l.latitude + 90) / %g)`, size), fmt.Sprintf(`floor((l.longitude + 180) / %g)`, size)
}

// servicePointsOf is the FROM and WHERE of a service sv's located points.
const servicePointsOf = `FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
	WHERE sal.service_id = sv.id AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL`

// CategoryToken is the token a taxonomy term's id is indexed as for
// search: "c" and the hexadecimal of its bytes, one word for either
// engine's parser whatever the id holds. The SQL below computes the same.
func CategoryToken(termID string) string { return "c" + hex.EncodeToString([]byte(termID)) }

// sqliteTokensOf and postgresTokensOf are a service sv's category and cell
// tokens as the engine's document holds them: two FTS5 column values on
// SQLite, lexemes of weight D on PostgreSQL.
var (
	sqliteTokensOf = `coalesce((SELECT group_concat('c' || lower(hex(a.taxonomy_term_id)), ' ') FROM attributes a WHERE a.link_id = sv.id), ''),
	coalesce((SELECT group_concat(` + cellTokensOf(
		"INTEGER",
	) + `, ' ') ` + servicePointsOf + `), '')`
	postgresTokensOf = `setweight(to_tsvector('simple', coalesce((SELECT string_agg('c' || encode(convert_to(a.taxonomy_term_id, 'UTF8'), 'hex'), ' ')
		FROM attributes a WHERE a.link_id = sv.id), '') || ' ' || coalesce((SELECT string_agg(` + cellTokensOf(
		"BIGINT",
	) + `, ' ') ` + servicePointsOf + `), '')), 'D')`
)

// sqliteSearchColumns are the values of one service's FTS5 row from
// migration 16 on, in the table's column order, for a row sv of services
// and o of organizations.
var sqliteSearchColumns = `sv.name, sv.alternate_name, coalesce(o.name, ''),
	coalesce((SELECT group_concat(t.name, ' ') FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = sv.id), ''),
	sv.description, sv.eligibility_description, ` + sqliteTokensOf

// sqliteIndexServices is the statement that indexes the service_search
// rows ss that join (to services sv and organizations o) with what
// follows it.
var sqliteIndexServices = `INSERT INTO services_fts (rowid, name, alternate_name, organization, terms, description, eligibility, categories, cells)
	SELECT ss.docid, ` + sqliteSearchColumns + ` FROM `

// sqliteIndexService indexes the service_search row named row ("new").
func sqliteIndexService(row string) string {
	return sqliteIndexServices + fmt.Sprintf(`services sv LEFT JOIN organizations o ON o.id = sv.organization_id
		JOIN (SELECT %[1]s.docid AS docid) ss WHERE sv.id = %[1]s.service_id`, row)
}

// sqliteSearchTokens rebuilds the FTS5 table with the categories and cells
// columns, the triggers that write it (and keep a service's cells with its
// locations), and its rows.
func sqliteSearchTokens() string {
	stmts := []string{
		`DROP TABLE services_fts`,
		`CREATE VIRTUAL TABLE services_fts USING fts5(name, alternate_name, organization, terms, description, eligibility, categories, cells,
	content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`,
		`DROP TRIGGER service_search_ai`,
		`DROP TRIGGER service_search_au`,
		trigger("service_search_ai AFTER INSERT ON service_search WHEN NOT "+sqliteDeferred, sqliteIndexService("new")),
		trigger("service_search_au AFTER UPDATE ON service_search WHEN NOT "+sqliteDeferred,
			`DELETE FROM services_fts WHERE rowid = old.docid`, sqliteIndexService("new")),
		sqliteIndexServices + `service_search ss JOIN services sv ON sv.id = ss.service_id
		LEFT JOIN organizations o ON o.id = sv.organization_id ORDER BY ss.docid`,
		// A service's cells follow its locations.
		// (Inside a bulk import, points_pending notes them instead.)
		trigger(
			"service_at_locations_search_ai AFTER INSERT ON service_at_locations WHEN NOT "+sqliteDeferred,
			sqliteBump(`= new.service_id`),
		),
		trigger(
			"service_at_locations_search_au AFTER UPDATE OF service_id, location_id ON service_at_locations WHEN NOT "+sqliteDeferred,
			sqliteBump(`= old.service_id`),
			sqliteBump(`= new.service_id`),
		),
		trigger(
			"service_at_locations_search_ad AFTER DELETE ON service_at_locations WHEN NOT "+sqliteDeferred,
			sqliteBump(`= old.service_id`),
		),
		trigger("locations_search_au AFTER UPDATE OF latitude, longitude ON locations WHEN NOT "+sqliteDeferred,
			sqliteBump(`IN (SELECT service_id FROM service_at_locations WHERE location_id = new.id)`)),
	}
	return strings.Join(stmts, ";\n")
}

var postgresSearchTokens = `CREATE OR REPLACE FUNCTION service_search_refresh(sid TEXT) RETURNS void LANGUAGE sql AS $$
INSERT INTO service_search (service_id, document)
SELECT sv.id, ` + postgresSearchDocument16 + `
FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = sid
ON CONFLICT (service_id) DO UPDATE SET document = excluded.document
$$;
CREATE FUNCTION service_search_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF TG_OP <> 'INSERT' THEN PERFORM service_search_touch(OLD.service_id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM service_search_touch(NEW.service_id); END IF; RETURN NULL; END
$$;
CREATE TRIGGER service_at_locations_search AFTER INSERT OR UPDATE OF service_id, location_id OR DELETE ON service_at_locations
	FOR EACH ROW EXECUTE FUNCTION service_search_points();
CREATE FUNCTION service_search_locations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_touch(sal.service_id) FROM service_at_locations sal WHERE sal.location_id = NEW.id; RETURN NULL; END
$$;
CREATE TRIGGER locations_search AFTER UPDATE OF latitude, longitude ON locations
	FOR EACH ROW WHEN (OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.longitude IS DISTINCT FROM NEW.longitude) EXECUTE FUNCTION service_search_locations();
UPDATE service_search ss SET document = d.document FROM (SELECT sv.id, ` + postgresSearchDocument16 + ` AS document
	FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id) d WHERE d.id = ss.service_id`

// postgresSearchDocument16 is a service's weighted tsvector from migration
// 16 on: migration 8's, with the category and cell tokens of weight D.
var postgresSearchDocument16 = postgresSearchDocument + ` ||
	` + postgresTokensOf

// PointShift places a service's search docid in the high bits of its
// points' R*Tree ids on SQLite (docid << PointShift + the point's number
// among the service's), so that a search reads the docid off the id:
// the R*Tree's own columns cost nothing to read, an auxiliary column a
// look-up per row (2 µs; 30 ms for the 12,000 points of a city).
const PointShift = 20

// sqliteServicePoints: each service at a located location gets a point in
// service_rtree (a box of no size, in 32-bit floats rounded outwards, so
// within a metre) under an id that holds its service's docid (PointShift);
// service_points maps the service at location to that id. A service has up
// to 2^20 point ids in its life; points past that are not indexed.
func sqliteServicePoints() string {
	// note, inside a bulk import, puts services at locations aside for
	// FlushSearchIndex (a SELECT of sal_id, service_id).
	note := func(sals string) string {
		return `INSERT INTO points_pending (sal_id, service_id) ` + sals + ` ON CONFLICT DO NOTHING`
	}
	salInsert, salUpdate, locationUpdate := sqlitePointsTriggers(false)
	stmts := []string{
		`CREATE TABLE service_points (pid INTEGER PRIMARY KEY, sal_id TEXT NOT NULL UNIQUE)`,
		`CREATE VIRTUAL TABLE service_rtree USING rtree(pid, min_lat, max_lat, min_lon, max_lon)`,
		`CREATE TABLE points_pending (sal_id TEXT NOT NULL, service_id TEXT NOT NULL, PRIMARY KEY (sal_id, service_id))`,
		salInsert, salUpdate,
		trigger("service_at_locations_points_ad AFTER DELETE ON service_at_locations", sqlitePointsRemove(`old.id`)...),
		locationUpdate,
		trigger("locations_points_bd BEFORE DELETE ON locations", sqlitePointsRemove(sqliteAtLocation("old"))...),
		trigger("service_at_locations_points_ai_deferred AFTER INSERT ON service_at_locations WHEN "+sqliteDeferred,
			note(`VALUES (new.id, new.service_id)`)),
		trigger(
			"service_at_locations_points_au_deferred AFTER UPDATE OF id, service_id, location_id ON service_at_locations WHEN "+sqliteDeferred,
			note(`VALUES (old.id, old.service_id), (new.id, new.service_id)`),
		),
		trigger("service_at_locations_points_ad_deferred AFTER DELETE ON service_at_locations WHEN "+sqliteDeferred,
			note(`VALUES (old.id, old.service_id)`)),
		trigger(
			"locations_points_au_deferred AFTER UPDATE OF id, latitude, longitude ON locations WHEN "+sqliteDeferred,
			note(`SELECT id, service_id FROM service_at_locations WHERE location_id = new.id`),
		),
	}
	stmts = append(stmts, sqlitePointsAdd(`1 = 1`, false)...)
	return strings.Join(stmts, ";\n")
}

// sqlitePointsTriggers are the triggers that index the points of a
// service at a location inserted or updated, and of a location updated
// (with their coordinates in service_points from migration 17 on:
// coords).
func sqlitePointsTriggers(coords bool) (salInsert, salUpdate, locationUpdate string) {
	return trigger(
			"service_at_locations_points_ai AFTER INSERT ON service_at_locations WHEN NOT "+sqliteDeferred,
			sqlitePointsAdd(`sal.id = new.id`, coords)...),
		trigger(
			"service_at_locations_points_au AFTER UPDATE OF id, service_id, location_id ON service_at_locations WHEN NOT "+sqliteDeferred,
			append(sqlitePointsRemove(`old.id`), sqlitePointsAdd(`sal.id = new.id`, coords)...)...),
		trigger(
			"locations_points_au AFTER UPDATE OF id, latitude, longitude ON locations WHEN NOT "+sqliteDeferred,
			append(
				sqlitePointsRemove(sqliteAtLocation("old")),
				sqlitePointsAdd(`sal.location_id = new.id`, coords)...)...)
}

// Migration 17 gives SQLite's service_points each point's coordinates, so
// that a search for words near a point checks each text match against the
// box, and measures its distance, by its own service's points (a range of
// service_points' ids: PointsOfDocID), instead of first gathering every
// point in the box from the R*Tree (12,057 around Los Angeles at a million
// services), setting them aside and looking each match up among them. The
// 12 words of the benchmark near each of its 18 cities at a million
// services: 31.7 ms on average before, 22.4 after; the slowest 51.4 and
// 45.5 ms.
func init() {
	register(Migration{17, "coordinates of the points of services", ``})
	salInsert, salUpdate, locationUpdate := sqlitePointsTriggers(true)
	registerEngineSQL(17, map[Engine]string{SQLite: strings.Join([]string{
		`ALTER TABLE service_points ADD COLUMN latitude REAL`,
		`ALTER TABLE service_points ADD COLUMN longitude REAL`,
		`UPDATE service_points SET latitude = l.latitude, longitude = l.longitude
		FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id WHERE sal.id = service_points.sal_id`,
		`DROP TRIGGER service_at_locations_points_ai`,
		`DROP TRIGGER service_at_locations_points_au`,
		`DROP TRIGGER locations_points_au`,
		salInsert, salUpdate, locationUpdate,
	}, ";\n")})
}

// Migration 18: a category filter names its taxonomy terms by code or
// name in any case (directory.Store.categoryTerms); a taxonomy such as 211's
// has thousands of terms, which each search would otherwise read.
func init() {
	register(
		Migration{
			18,
			"taxonomy terms by code and name",
			`CREATE INDEX taxonomy_terms_code ON taxonomy_terms (lower(code));
CREATE INDEX taxonomy_terms_name ON taxonomy_terms (lower(name))`,
		},
	)
}

// Migration 19: a search without words or a point lists services by name
// (lower(name), then id), a page at a time; without an index every search
// sorted the whole directory (126 ms at 100,000 services on SQLite, 74 on
// PostgreSQL), now it reads the index in order.
func init() {
	register(Migration{19, "services by name", `CREATE INDEX services_name ON services (lower(name), id)`})
}

// Migration 20: the organizations listed newest first (updated_at DESC,
// then id) read an index in that order instead of sorting them all (345 ms
// for 250,000 organizations on SQLite); it serves "changed since" too, as
// the index it replaces did.
func init() {
	register(Migration{20, "organizations newest first", `DROP INDEX organizations_updated;
CREATE INDEX organizations_updated ON organizations (updated_at DESC, id)`})
}

// Migration 21: the search form offers the languages services are offered
// in (directory.Store.SearchLanguages), found one name at a time in this
// index, as the service areas are in theirs (migration 8), instead of
// reading every language of the directory for each form shown.
func init() {
	register(Migration{21, "languages by name", `CREATE INDEX languages_name ON languages (lower(name))`})
}

// Migration 22: the resource guide finds the services of a city by their
// locations' addresses, and offers the directory's cities, by this index
// (directory.Store.guideWhere, GuideAreas): without it each guide for an
// area read every address.
func init() {
	register(Migration{22, "addresses by city", `CREATE INDEX addresses_city ON addresses (lower(city))`})
}

// Migration 23: a search near a place finds it among the directory's
// addresses by postal code or street (directory.Store.PlacePoint), as by
// city (migration 22); without these each such search read every address.
func init() {
	register(
		Migration{
			23,
			"addresses by postal code and street",
			`CREATE INDEX addresses_postal_code ON addresses (postal_code);
CREATE INDEX addresses_street ON addresses (lower(address_1))`,
		},
	)
}

// PointsOfDocID is, on SQLite from migration 17 on, the FROM item and the
// condition of the points of the service whose search docid is docid (an
// SQL expression), with their coordinates as p.latitude and p.longitude:
// the range of service_points' ids that PointShift gives the service, read
// in one step by the table's key.
func PointsOfDocID(docid, p string) (from, where string) {
	return `service_points ` + p, fmt.Sprintf(
		`%[1]s.pid BETWEEN %[2]s << %[3]d AND (%[2]s << %[3]d) + %[4]d`,
		p,
		docid,
		PointShift,
		1<<PointShift-1,
	)
}

// sqliteAtLocation is the query of the services at the location row
// ("old").
func sqliteAtLocation(row string) string {
	return `SELECT id FROM service_at_locations WHERE location_id = ` + row + `.id`
}

// sqlitePointsRemove takes out of the index the points of the services at
// locations whose ids sals (a query) gives.
func sqlitePointsRemove(sals string) []string {
	return []string{
		`DELETE FROM service_rtree WHERE pid IN (SELECT pid FROM service_points WHERE sal_id IN (` + sals + `))`,
		`DELETE FROM service_points WHERE sal_id IN (` + sals + `)`,
	}
}

// sqlitePointsAdd indexes the services at locations sal (a condition on
// sal and l), numbering each service's new points after its others. From
// migration 17 on (coords), service_points holds each point's coordinates
// too; migration 16 wrote it without them.
func sqlitePointsAdd(where string, coords bool) []string {
	const located = `l.latitude IS NOT NULL AND l.longitude IS NOT NULL`
	shift := fmt.Sprint(PointShift)
	room := fmt.Sprint(1 << PointShift)
	var columns, values, point string
	if coords {
		columns, values, point = `, latitude, longitude`, `, x.latitude, x.longitude`, ` l.latitude, l.longitude,`
	}
	return []string{
		`INSERT INTO service_points (pid, sal_id` + columns + `) SELECT (x.docid << ` + shift + `) + x.n, x.sal_id` + values + ` FROM (
			SELECT d.docid, sal.id AS sal_id,` + point + ` coalesce((SELECT max(sp.pid) FROM service_points sp
				WHERE sp.pid BETWEEN d.docid << ` + shift + ` AND (d.docid << ` + shift + `) + ` + room + ` - 1) - (d.docid << ` + shift + `) + 1, 0)
				+ row_number() OVER (PARTITION BY d.docid ORDER BY sal.id) - 1 AS n
			FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id JOIN service_search d ON d.service_id = sal.service_id
			WHERE ` + where + ` AND ` + located + `) x
		WHERE x.n < ` + room + ` ON CONFLICT (sal_id) DO NOTHING`,
		`INSERT INTO service_rtree (pid, min_lat, max_lat, min_lon, max_lon)
		SELECT sp.pid, l.latitude, l.latitude, l.longitude, l.longitude
		FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id JOIN service_points sp ON sp.sal_id = sal.id
		WHERE ` + where + ` AND ` + located,
	}
}

// postgresServicePoints: service_points holds each service at a located
// location with its point, under a GiST index, kept by triggers; inside a
// bulk import (store.DeferSearchIndex) they note the services at
// locations in points_pending instead, and FlushSearchIndex refreshes them
// all in two statements.
var postgresServicePoints = `CREATE TABLE service_points (
	sal_id TEXT PRIMARY KEY REFERENCES service_at_locations (id) ON UPDATE CASCADE ON DELETE CASCADE,
	service_id TEXT NOT NULL,
	latitude DOUBLE PRECISION NOT NULL,
	longitude DOUBLE PRECISION NOT NULL
);
CREATE INDEX service_points_point ON service_points USING GIST (point(longitude, latitude)) INCLUDE (service_id, latitude, longitude);
CREATE FUNCTION service_points_refresh(sals TEXT[]) RETURNS void LANGUAGE sql AS $$
DELETE FROM service_points WHERE sal_id = ANY (sals); ` + postgresPointsAdd(`sal.id = ANY (sals)`) + `
$$;
CREATE TABLE points_pending (sal_id TEXT PRIMARY KEY);
CREATE FUNCTION service_points_touch(sals TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN IF current_setting('backbone.search_deferred', true) = 'on' THEN INSERT INTO points_pending (sal_id) SELECT unnest(sals) ON CONFLICT DO NOTHING; ELSE PERFORM service_points_refresh(sals); END IF; END
$$;
CREATE FUNCTION service_points_sal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_points_touch(ARRAY[NEW.id]); RETURN NULL; END
$$;
CREATE TRIGGER service_at_locations_points AFTER INSERT OR UPDATE OF id, service_id, location_id ON service_at_locations
	FOR EACH ROW EXECUTE FUNCTION service_points_sal();
CREATE FUNCTION service_points_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_points_touch(ARRAY(SELECT id FROM service_at_locations WHERE location_id = NEW.id)); RETURN NULL; END
$$;
CREATE TRIGGER locations_points AFTER UPDATE OF latitude, longitude ON locations
	FOR EACH ROW WHEN (OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.longitude IS DISTINCT FROM NEW.longitude) EXECUTE FUNCTION service_points_location();
` + postgresPointsAdd(`1 = 1`)

// postgresPointsAdd indexes the services at locations sal (a condition on
// sal and l), on one line (it goes in a function's body too).
func postgresPointsAdd(where string) string {
	return `INSERT INTO service_points (sal_id, service_id, latitude, longitude) SELECT sal.id, sal.service_id, l.latitude, l.longitude ` +
		`FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id WHERE ` + where + ` AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL`
}

// ServicesInBox describes the points of services at located locations
// within a box of latitude and longitude, by the engine's spatial index:
// From is a FROM item, Where the condition on it (the four bounds are
// placeholders or numbers), and Lat and Lon the expressions for a point's
// coordinates. On PostgreSQL, Service is the point's service id; on
// SQLite, DocID is its service's search docid (services_fts.rowid; the
// service id is in service_search). The box may give a little more than
// its bounds (SQLite's R*Tree keeps 32-bit floats), never less: callers
// check the exact distance.
// Key is how a point names its service (KeyName, the column it is given
// as): its search docid on SQLite, its id on PostgreSQL; Services joins
// the points (alias g) to what gives the service's id, ServiceID.
type ServicesBox struct {
	From, Where, Service, DocID, Lat, Lon string
	Key, KeyName, Services, ServiceID     string
}

// ServicesInBox returns the ServicesBox for an engine and bounds.
func ServicesInBox(e Engine, minLat, maxLat, minLon, maxLon string) ServicesBox {
	if e == Postgres {
		return ServicesBox{From: "service_points p",
			Where: fmt.Sprintf(
				`point(p.longitude, p.latitude) <@ box(point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)),
				point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)))`,
				minLon,
				minLat,
				maxLon,
				maxLat,
			),
			Service: "p.service_id", Lat: "p.latitude", Lon: "p.longitude",
			Key: "p.service_id", KeyName: "service_id", Services: "g", ServiceID: "g.service_id"}
	}
	return ServicesBox{From: "service_rtree p",
		Where: fmt.Sprintf(
			`p.max_lat >= %s AND p.min_lat <= %s AND p.max_lon >= %s AND p.min_lon <= %s`,
			minLat,
			maxLat,
			minLon,
			maxLon,
		),
		DocID: fmt.Sprintf(
			"(p.pid >> %d)",
			PointShift,
		), Lat: "(p.min_lat + p.max_lat) / 2", Lon: "(p.min_lon + p.max_lon) / 2",
		Key: fmt.Sprintf("(p.pid >> %d)", PointShift), KeyName: "docid",
		Services: "g CROSS JOIN service_search gs ON gs.docid = g.docid", ServiceID: "gs.service_id"}
}

// SearchTokenMatches is a query of the services holding one of the
// CategoryTokens categories and one of the cells (BoxCells), by the
// full-text index alone: their search docids on SQLite, their ids on
// PostgreSQL (as ServicesInBox keys its points). param turns the query's
// text into a placeholder.
func SearchTokenMatches(e Engine, categories, cells []string, param func(any) string) string {
	query, terms := SearchQueryText(e, nil, categories, cells)
	if e == Postgres {
		return `SELECT service_id FROM service_search WHERE document @@ to_tsquery('simple', ` + param(terms) + `)`
	}
	return `SELECT rowid FROM services_fts WHERE services_fts MATCH ` + param(query)
}
