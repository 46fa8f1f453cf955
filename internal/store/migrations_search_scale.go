package store

import (
	"encoding/hex"
	"fmt"
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
// Text in a category: each service's taxonomy terms are indexed by id as
// well, as one token per term (CategoryToken), so that the full-text index
// finds the services holding both the words and the category at once
// instead of checking every match of the words against the category. On
// SQLite the tokens are a seventh FTS5 column, weighted 0 in the ranking;
// on PostgreSQL they are lexemes of weight D, which the ranking weighs 0.
func init() {
	register(Migration{16, "service points and category tokens", ``})
	registerEngineSQL(16, map[Engine]string{
		SQLite:   sqliteServicePoints() + ";\n" + sqliteCategoryTokens(),
		Postgres: postgresServicePoints + ";\n" + postgresCategoryTokens,
	})
}

// CategoryToken is the token a taxonomy term's id is indexed as for
// search: "c" and the hexadecimal of its bytes, one word for either
// engine's parser whatever the id holds. The SQL below computes the same.
func CategoryToken(termID string) string { return "c" + hex.EncodeToString([]byte(termID)) }

const (
	sqliteCategoryTokensOf   = `coalesce((SELECT group_concat('c' || lower(hex(a.taxonomy_term_id)), ' ') FROM attributes a WHERE a.link_id = sv.id), '')`
	postgresCategoryTokensOf = `setweight(to_tsvector('simple', coalesce((SELECT string_agg('c' || encode(convert_to(a.taxonomy_term_id, 'UTF8'), 'hex'), ' ')
		FROM attributes a WHERE a.link_id = sv.id), '')), 'D')`
)

// sqliteSearchColumns are the values of one service's FTS5 row from
// migration 16 on, in the table's column order, for a row sv of services
// and o of organizations.
const sqliteSearchColumns = `sv.name, sv.alternate_name, coalesce(o.name, ''),
	coalesce((SELECT group_concat(t.name, ' ') FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = sv.id), ''),
	sv.description, sv.eligibility_description, ` + sqliteCategoryTokensOf

// sqliteIndexServices is the statement that indexes the service_search
// rows ss that join (to services sv and organizations o) with what
// follows it.
const sqliteIndexServices = `INSERT INTO services_fts (rowid, name, alternate_name, organization, terms, description, eligibility, categories)
	SELECT ss.docid, ` + sqliteSearchColumns + ` FROM `

// sqliteIndexService indexes the service_search row named row ("new").
func sqliteIndexService(row string) string {
	return sqliteIndexServices + fmt.Sprintf(`services sv LEFT JOIN organizations o ON o.id = sv.organization_id
		JOIN (SELECT %[1]s.docid AS docid) ss WHERE sv.id = %[1]s.service_id`, row)
}

// sqliteCategoryTokens rebuilds the FTS5 table with the categories column,
// the two triggers that write it, and its rows.
func sqliteCategoryTokens() string {
	const deferred = `EXISTS (SELECT 1 FROM search_deferral)`
	stmts := []string{
		`DROP TABLE services_fts`,
		`CREATE VIRTUAL TABLE services_fts USING fts5(name, alternate_name, organization, terms, description, eligibility, categories,
	content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`,
		`DROP TRIGGER service_search_ai`,
		`DROP TRIGGER service_search_au`,
		trigger("service_search_ai AFTER INSERT ON service_search WHEN NOT "+deferred, sqliteIndexService("new")),
		trigger("service_search_au AFTER UPDATE ON service_search WHEN NOT "+deferred,
			`DELETE FROM services_fts WHERE rowid = old.docid`, sqliteIndexService("new")),
		sqliteIndexServices + `service_search ss JOIN services sv ON sv.id = ss.service_id
		LEFT JOIN organizations o ON o.id = sv.organization_id ORDER BY ss.docid`,
	}
	return strings.Join(stmts, ";\n")
}

const postgresCategoryTokens = `CREATE OR REPLACE FUNCTION service_search_refresh(sid TEXT) RETURNS void LANGUAGE sql AS $$
INSERT INTO service_search (service_id, document)
SELECT sv.id, ` + postgresSearchDocument16 + `
FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = sid
ON CONFLICT (service_id) DO UPDATE SET document = excluded.document
$$;
UPDATE service_search ss SET document = d.document FROM (SELECT sv.id, ` + postgresSearchDocument16 + ` AS document
	FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id) d WHERE d.id = ss.service_id`

// postgresSearchDocument16 is a service's weighted tsvector from migration
// 16 on: migration 8's, with the category tokens of weight D.
const postgresSearchDocument16 = postgresSearchDocument + ` ||
	` + postgresCategoryTokensOf

// sqliteServicePoints: service_points gives each service at a located
// location the integer id an R*Tree row needs; service_rtree holds its
// point (a box of no size, in 32-bit floats rounded outwards) with the
// service's id and search docid and the exact coordinates alongside, so
// that a search near a point reads neither locations nor the services at
// them, and meets the full-text index by docid.
func sqliteServicePoints() string {
	const located = `l.latitude IS NOT NULL AND l.longitude IS NOT NULL`
	// add indexes the services at locations sal (a condition on sal and l).
	add := func(where string) []string {
		return []string{
			`INSERT INTO service_points (sal_id) SELECT sal.id FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
			WHERE ` + where + ` AND ` + located + ` ON CONFLICT (sal_id) DO NOTHING`,
			`INSERT INTO service_rtree (pid, min_lat, max_lat, min_lon, max_lon, service_id, docid, latitude, longitude)
			SELECT sp.pid, l.latitude, l.latitude, l.longitude, l.longitude, sal.service_id,
				(SELECT ss.docid FROM service_search ss WHERE ss.service_id = sal.service_id), l.latitude, l.longitude
			FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id JOIN service_points sp ON sp.sal_id = sal.id
			WHERE ` + where + ` AND ` + located,
		}
	}
	// remove takes out the services at locations whose ids sals gives.
	remove := func(sals string) []string {
		return []string{
			`DELETE FROM service_rtree WHERE pid IN (SELECT pid FROM service_points WHERE sal_id IN (` + sals + `))`,
			`DELETE FROM service_points WHERE sal_id IN (` + sals + `)`,
		}
	}
	ofLocation := func(row string) string {
		return `SELECT id FROM service_at_locations WHERE location_id = ` + row + `.id`
	}
	stmts := []string{
		`CREATE TABLE service_points (pid INTEGER PRIMARY KEY, sal_id TEXT NOT NULL UNIQUE)`,
		`CREATE VIRTUAL TABLE service_rtree USING rtree(pid, min_lat, max_lat, min_lon, max_lon, +service_id, +docid, +latitude, +longitude)`,
		trigger("service_at_locations_points_ai AFTER INSERT ON service_at_locations", add(`sal.id = new.id`)...),
		trigger("service_at_locations_points_au AFTER UPDATE OF id, service_id, location_id ON service_at_locations",
			append(remove(`old.id`), add(`sal.id = new.id`)...)...),
		trigger("service_at_locations_points_ad AFTER DELETE ON service_at_locations", remove(`old.id`)...),
		trigger("locations_points_au AFTER UPDATE OF id, latitude, longitude ON locations",
			append(remove(ofLocation("old")), add(`sal.location_id = new.id`)...)...),
		trigger("locations_points_bd BEFORE DELETE ON locations", remove(ofLocation("old"))...),
	}
	stmts = append(stmts, add(`1 = 1`)...)
	return strings.Join(stmts, ";\n")
}

// postgresServicePoints: service_points holds each service at a located
// location with its point, under a GiST index, kept by triggers.
const postgresServicePoints = `CREATE TABLE service_points (
	sal_id TEXT PRIMARY KEY REFERENCES service_at_locations (id) ON UPDATE CASCADE ON DELETE CASCADE,
	service_id TEXT NOT NULL,
	latitude DOUBLE PRECISION NOT NULL,
	longitude DOUBLE PRECISION NOT NULL
);
CREATE INDEX service_points_point ON service_points USING GIST (point(longitude, latitude)) INCLUDE (service_id, latitude);
CREATE FUNCTION service_points_refresh(sals TEXT[]) RETURNS void LANGUAGE sql AS $$
DELETE FROM service_points WHERE sal_id = ANY (sals); INSERT INTO service_points (sal_id, service_id, latitude, longitude) SELECT sal.id, sal.service_id, l.latitude, l.longitude FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id WHERE sal.id = ANY (sals) AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
$$;
CREATE FUNCTION service_points_sal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_points_refresh(ARRAY[NEW.id]); RETURN NULL; END
$$;
CREATE TRIGGER service_at_locations_points AFTER INSERT OR UPDATE OF id, service_id, location_id ON service_at_locations
	FOR EACH ROW EXECUTE FUNCTION service_points_sal();
CREATE FUNCTION service_points_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_points_refresh(ARRAY(SELECT id FROM service_at_locations WHERE location_id = NEW.id)); RETURN NULL; END
$$;
CREATE TRIGGER locations_points AFTER UPDATE OF latitude, longitude ON locations
	FOR EACH ROW WHEN (OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.longitude IS DISTINCT FROM NEW.longitude) EXECUTE FUNCTION service_points_location();
INSERT INTO service_points (sal_id, service_id, latitude, longitude)
SELECT sal.id, sal.service_id, l.latitude, l.longitude FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL`

// ServicesInBox describes the services at located locations within a box
// of latitude and longitude, by the engine's spatial index: From is a
// FROM item, Where the condition on it (the four bounds are placeholders
// or numbers), and Service, Lat and Lon the expressions for a point's
// service id and coordinates; on SQLite, DocID is the service's search
// docid (services_fts.rowid). The box may give a little more than its
// bounds (SQLite's R*Tree keeps 32-bit floats), never less: callers check
// the exact distance.
type ServicesBox struct{ From, Where, Service, DocID, Lat, Lon string }

// ServicesInBox returns the ServicesBox for an engine and bounds.
func ServicesInBox(e Engine, minLat, maxLat, minLon, maxLon string) ServicesBox {
	if e == Postgres {
		return ServicesBox{From: "service_points p",
			Where: fmt.Sprintf(`point(p.longitude, p.latitude) <@ box(point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)),
				point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)))`, minLon, minLat, maxLon, maxLat),
			Service: "p.service_id", Lat: "p.latitude", Lon: "p.longitude"}
	}
	return ServicesBox{From: "service_rtree p",
		Where:   fmt.Sprintf(`p.max_lat >= %s AND p.min_lat <= %s AND p.max_lon >= %s AND p.min_lon <= %s`, minLat, maxLat, minLon, maxLon),
		Service: "p.service_id", DocID: "p.docid", Lat: "p.latitude", Lon: "p.longitude"}
}

// SearchCategoryDocIDs is, on SQLite, a query of the search docids of the
// services holding one of the CategoryTokens in the parameter query (as
// SearchQueryText writes them, without words).
func SearchCategoryDocIDs(query string) string {
	return `SELECT rowid FROM services_fts WHERE services_fts MATCH ` + query
}
