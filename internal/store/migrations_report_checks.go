package store

func init() { register(reportChecksMigration, voteHistoryMigration) }

// reportChecksMigration gives an indicator an optional allowed range of
// values, and a measurement the who, when and why of its withdrawal: a
// wrong report is withdrawn, never deleted (it leaves the roll-ups as a
// superseded revision does). The partial index finds the few periods that
// hold a withdrawn value, so that an import writes the next revision there.
var reportChecksMigration = Migration{28, "indicator ranges and withdrawn measurements", `
ALTER TABLE indicators ADD COLUMN minimum DOUBLE PRECISION;
ALTER TABLE indicators ADD COLUMN maximum DOUBLE PRECISION;
ALTER TABLE measurements ADD COLUMN withdrawn_at {{TIME}};
ALTER TABLE measurements ADD COLUMN withdrawn_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE measurements ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';
ALTER TABLE measurements ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX measurements_withdrawn ON measurements (indicator_id, period) WHERE withdrawn_at IS NOT NULL`}

// voteHistoryMigration keeps every vote an organization casts on a
// proposal: proposal_votes holds the one that counts (the latest), and the
// history each one cast, so a changed vote stays visible. The votes cast so
// far are their own first entries.
var voteHistoryMigration = Migration{29, "vote history", `
CREATE TABLE proposal_vote_history (
	id {{ID}},
	proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	choice TEXT NOT NULL,
	comment TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	revision INTEGER NOT NULL,
	cast_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX proposal_vote_history_revision ON proposal_vote_history (proposal_id, organization_id, revision);
INSERT INTO proposal_vote_history (proposal_id, organization_id, choice, comment, user_id, actor, revision, cast_at)
	SELECT proposal_id, organization_id, choice, comment, user_id, actor, revision, cast_at FROM proposal_votes`}
