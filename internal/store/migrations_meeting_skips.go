package store

// Migration 45: occurrences of a series of meetings that will not take
// place (a holiday, a clash), each with why; the series' calendar carries
// them as EXDATE.
func init() {
	register(Migration{45, "meeting skips", `
CREATE TABLE meeting_skips (
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	starts_at {{TIME}} NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	created_at {{TIME}} NOT NULL,
	PRIMARY KEY (meeting_id, starts_at)
)`})
}
