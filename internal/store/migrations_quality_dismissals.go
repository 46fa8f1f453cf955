package store

// Migration 56: a steward's "right as it is" on a data-quality finding. A
// finding is named by its kind, record, record id, field and value (for a
// name collision, the other organization's id); fingerprint is a hash of
// the record as it was when dismissed, so that the finding comes back on
// its own once the record changes. The report is computed when read
// (directory.QualityReport): a dismissal is a note beside it, never a
// copy of it.
func init() {
	register(Migration{56, "quality dismissals", `
CREATE TABLE quality_dismissals (
	kind TEXT NOT NULL,
	record TEXT NOT NULL,
	record_id TEXT NOT NULL,
	field TEXT NOT NULL,
	value TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	dismissed_at {{TIME}} NOT NULL,
	dismissed_by TEXT NOT NULL,
	PRIMARY KEY (kind, record, record_id, field, value)
)`})
}
