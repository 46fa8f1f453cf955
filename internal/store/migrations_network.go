package store

func init() { register(networkMigration) }

// networkMigration holds the relationship map: ties between organizations
// and every version of each tie, so the map can be seen as it was on any day.
// Dates a person gives (since, until) are kept as YYYY-MM-DD text, which
// sorts and compares the same in both engines.
var networkMigration = Migration{7, "network", `
CREATE TABLE ties (
	id TEXT PRIMARY KEY,
	from_organization_id TEXT NOT NULL REFERENCES organizations (id),
	to_organization_id TEXT NOT NULL REFERENCES organizations (id),
	kinds TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL,
	status TEXT NOT NULL,
	since TEXT NOT NULL DEFAULT '',
	until TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL,
	CHECK (from_organization_id <> to_organization_id)
);
CREATE UNIQUE INDEX ties_pair ON ties (from_organization_id, to_organization_id);
CREATE INDEX ties_to ON ties (to_organization_id);
CREATE TABLE tie_versions (
	id {{ID}},
	tie_id TEXT NOT NULL REFERENCES ties (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	from_organization_id TEXT NOT NULL,
	to_organization_id TEXT NOT NULL,
	kinds TEXT NOT NULL,
	level TEXT NOT NULL,
	status TEXT NOT NULL,
	since TEXT NOT NULL,
	until TEXT NOT NULL,
	notes TEXT NOT NULL,
	recorded_at {{TIME}} NOT NULL,
	superseded_at {{TIME}},
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	change_note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX tie_versions_version ON tie_versions (tie_id, version);
CREATE INDEX tie_versions_recorded ON tie_versions (recorded_at)`}
