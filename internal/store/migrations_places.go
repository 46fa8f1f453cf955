package store

// Migration 40: a location's point may be approximate, the centroid of its
// postal code or city from the offline gazetteer (internal/gazetteer)
// rather than given by its source or an editor, so that a search near a
// place still finds it and a page can say its point is approximate. The
// points themselves are set by the directory (LocateApproximately), which
// the migration cannot run: `backbone directory locate` and every import
// and edit do. An optional geocoder (a Nominatim-compatible service named
// in the settings) refines the points of street addresses: its answers are
// kept (geocode_cache), found or not, so that each address is asked once.
func init() {
	register(Migration{40, "approximate locations", `
ALTER TABLE locations ADD COLUMN coordinates_approximate BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX locations_approximate ON locations (coordinates_approximate) WHERE coordinates_approximate;
CREATE TABLE geocode_cache (
	address TEXT PRIMARY KEY,
	found BOOLEAN NOT NULL,
	latitude DOUBLE PRECISION,
	longitude DOUBLE PRECISION,
	asked_at {{TIME}} NOT NULL
)`})
}
