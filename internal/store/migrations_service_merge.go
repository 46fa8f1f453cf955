package store

// Migration 55: duplicate services found and merged, as organizations are
// (migration 42). service_merges remembers what moved from the merged
// service to the kept one (moved_json), the kept service's fields the
// steward took from the other (fields_json) and the merged service's status
// before the merge gave it defunct (merged_status), so that an undo
// restores it exactly. service_aliases maps a merged id to the kept one
// while the merge stands, so that a re-import of the same file matches the
// kept service. service_duplicate_dismissals keeps a steward's "not a
// duplicate" for a pair, the smaller id first (as Go compares them).
func init() {
	register(Migration{55, "service merges", `
CREATE TABLE service_merges (
	id {{ID}},
	kept_id TEXT NOT NULL REFERENCES services (id),
	merged_id TEXT NOT NULL REFERENCES services (id),
	moved_json TEXT NOT NULL,
	fields_json TEXT NOT NULL,
	merged_status TEXT NOT NULL,
	merged_at {{TIME}} NOT NULL,
	merged_by TEXT NOT NULL,
	undone_at {{TIME}},
	undone_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_merges_kept ON service_merges (kept_id);
CREATE INDEX service_merges_merged ON service_merges (merged_id);
CREATE TABLE service_aliases (
	old_id TEXT PRIMARY KEY REFERENCES services (id),
	kept_id TEXT NOT NULL REFERENCES services (id),
	merge_id BIGINT NOT NULL REFERENCES service_merges (id)
);
CREATE INDEX service_aliases_kept ON service_aliases (kept_id);
CREATE TABLE service_duplicate_dismissals (
	a_id TEXT NOT NULL REFERENCES services (id),
	b_id TEXT NOT NULL REFERENCES services (id),
	dismissed_at {{TIME}} NOT NULL,
	dismissed_by TEXT NOT NULL,
	PRIMARY KEY (a_id, b_id)
)`})
}
