package store

// Migration 42: duplicate organizations found and merged. A merge keeps one
// record; organization_merges remembers what moved from the merged record
// to the kept one (moved_json: each table's rows by key, fields_json: the
// kept record's fields the steward took from the other), so that the merge
// can be undone exactly. organization_aliases maps a merged id to the kept
// one while the merge stands, so a re-import of the same file matches the
// kept record. duplicate_dismissals keeps a steward's "not a duplicate" for
// a pair, stored with the smaller id first (as Go compares them: a
// database's collation may not order ids by their bytes).
func init() {
	register(Migration{42, "organization merges", `
CREATE TABLE organization_merges (
	id {{ID}},
	kept_id TEXT NOT NULL REFERENCES organizations (id),
	merged_id TEXT NOT NULL REFERENCES organizations (id),
	moved_json TEXT NOT NULL,
	fields_json TEXT NOT NULL,
	merged_archived_at {{TIME}},
	merged_at {{TIME}} NOT NULL,
	merged_by TEXT NOT NULL,
	undone_at {{TIME}},
	undone_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organization_merges_kept ON organization_merges (kept_id);
CREATE INDEX organization_merges_merged ON organization_merges (merged_id);
CREATE TABLE organization_aliases (
	old_id TEXT PRIMARY KEY REFERENCES organizations (id),
	kept_id TEXT NOT NULL REFERENCES organizations (id),
	merge_id BIGINT NOT NULL REFERENCES organization_merges (id)
);
CREATE INDEX organization_aliases_kept ON organization_aliases (kept_id);
CREATE TABLE duplicate_dismissals (
	a_id TEXT NOT NULL REFERENCES organizations (id),
	b_id TEXT NOT NULL REFERENCES organizations (id),
	dismissed_at {{TIME}} NOT NULL,
	dismissed_by TEXT NOT NULL,
	PRIMARY KEY (a_id, b_id)
)`})
}
