package store

import (
	"fmt"
	"strings"
)

// Migration 16 gives "near a point" a spatial index. The index of migration
// 8 on (latitude, longitude) ranges on latitude only: a 10 km box around
// Los Angeles read every location in the band of latitude it spans, across
// the whole state (Long Beach, Anaheim, Riverside, ...), tens of thousands
// of index entries at a million services. SQLite gets an R*Tree of the
// located locations (kept by triggers, like the search index), PostgreSQL
// a GiST index on the point (built in; no extension needed).
func init() {
	register(Migration{16, "location points", ``})
	registerEngineSQL(16, map[Engine]string{SQLite: sqliteLocationPoints(), Postgres: postgresLocationPoints})
}

// sqliteLocationPoints: location_points gives each located location the
// integer id an R*Tree row needs; location_rtree holds its point (as a box
// of no size, in 32-bit floats rounded outwards) with the location's id
// and exact coordinates alongside, so that a search near a point reads
// neither locations nor location_points.
func sqliteLocationPoints() string {
	const located = `new.latitude IS NOT NULL AND new.longitude IS NOT NULL`
	add := []string{
		`INSERT INTO location_points (location_id) SELECT new.id WHERE ` + located + ` ON CONFLICT (location_id) DO NOTHING`,
		`INSERT INTO location_rtree (pid, min_lat, max_lat, min_lon, max_lon, location_id, latitude, longitude)
		SELECT lp.pid, new.latitude, new.latitude, new.longitude, new.longitude, new.id, new.latitude, new.longitude
		FROM location_points lp WHERE lp.location_id = new.id AND ` + located,
	}
	remove := []string{
		`DELETE FROM location_rtree WHERE pid = (SELECT pid FROM location_points WHERE location_id = old.id)`,
		`DELETE FROM location_points WHERE location_id = old.id`,
	}
	stmts := []string{
		`CREATE TABLE location_points (pid INTEGER PRIMARY KEY, location_id TEXT NOT NULL UNIQUE)`,
		`CREATE VIRTUAL TABLE location_rtree USING rtree(pid, min_lat, max_lat, min_lon, max_lon, +location_id, +latitude, +longitude)`,
		trigger("locations_points_ai AFTER INSERT ON locations", add...),
		trigger("locations_points_au AFTER UPDATE OF id, latitude, longitude ON locations", append(remove, add...)...),
		trigger("locations_points_ad AFTER DELETE ON locations", remove...),
		`INSERT INTO location_points (location_id) SELECT id FROM locations WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id`,
		`INSERT INTO location_rtree (pid, min_lat, max_lat, min_lon, max_lon, location_id, latitude, longitude)
		SELECT lp.pid, l.latitude, l.latitude, l.longitude, l.longitude, l.id, l.latitude, l.longitude
		FROM location_points lp JOIN locations l ON l.id = lp.location_id`,
	}
	return strings.Join(stmts, ";\n")
}

const postgresLocationPoints = `CREATE INDEX locations_point ON locations USING GIST (point(longitude, latitude))
	WHERE latitude IS NOT NULL AND longitude IS NOT NULL`

// LocationsInBox describes the located locations within a box of latitude
// and longitude, by the engine's spatial index: From is a FROM item, Where
// the condition on it (the four bounds are placeholders or numbers), and
// ID, Lat and Lon the expressions for a location's id and coordinates.
// The box may give a little more than its bounds (SQLite's R*Tree keeps
// 32-bit floats), never less: callers check the exact distance.
type LocationsBox struct{ From, Where, ID, Lat, Lon string }

// LocationsInBox returns the LocationsBox for an engine and bounds.
func LocationsInBox(e Engine, minLat, maxLat, minLon, maxLon string) LocationsBox {
	if e == Postgres {
		return LocationsBox{From: "locations l",
			Where: fmt.Sprintf(`l.latitude IS NOT NULL AND l.longitude IS NOT NULL AND point(l.longitude, l.latitude) <@
				box(point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)), point(CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION)))`,
				minLon, minLat, maxLon, maxLat),
			ID: "l.id", Lat: "l.latitude", Lon: "l.longitude"}
	}
	return LocationsBox{From: "location_rtree l",
		Where: fmt.Sprintf(`l.max_lat >= %s AND l.min_lat <= %s AND l.max_lon >= %s AND l.min_lon <= %s`, minLat, maxLat, minLon, maxLon),
		ID:    "l.location_id", Lat: "l.latitude", Lon: "l.longitude"}
}
