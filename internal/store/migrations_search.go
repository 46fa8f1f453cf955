package store

// Migration 8 indexes services for search: the full-text index (its DDL is
// engine-specific, see searchSchema), and plain indexes on coordinates for
// the bounding box that comes before exact distances.
func init() {
	register(Migration{8, "search", `
CREATE INDEX locations_coordinates ON locations (latitude, longitude);
CREATE INDEX attributes_term_link ON attributes (taxonomy_term_id, link_id);
CREATE INDEX service_areas_name ON service_areas (lower(name))`})
	registerEngineSQL(8, map[Engine]string{SQLite: searchSchema(SQLite), Postgres: searchSchema(Postgres)})
}
