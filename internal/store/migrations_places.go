package store

// Migration 40: a location's point may be approximate, the centroid of its
// postal code or city from the offline gazetteer (internal/gazetteer)
// rather than given by its source or an editor, so that a search near a
// place still finds it and a page can say its point is approximate. The
// points themselves are set by the directory (LocateApproximately), which
// the migration cannot run: `backbone directory locate` and every import
// and edit do.
func init() {
	register(Migration{40, "approximate locations", `
ALTER TABLE locations ADD COLUMN coordinates_approximate BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX locations_approximate ON locations (coordinates_approximate) WHERE coordinates_approximate`})
}
