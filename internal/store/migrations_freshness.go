package store

func init() { register(freshnessMigration) }

// freshnessMigration keeps the directory fresh: who last verified an
// organization or a service (the time is already there), and the updates
// an organization's own people propose to its record, waiting for a
// directory steward to accept or reject them. The proposed fields are kept
// as a JSON object of the fields that change, with the version of the
// record they were written against, so a proposal overtaken by another edit
// is seen as stale instead of silently undoing it. The indexes on
// last_verified_at serve the "needs verification" list, oldest first.
var freshnessMigration = Migration{9, "freshness", `
ALTER TABLE organizations ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
CREATE INDEX organizations_verified ON organizations (last_verified_at);
CREATE INDEX services_verified ON services (last_verified_at);
CREATE TABLE change_proposals (
	id {{ID}},
	entity_type TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	fields_json TEXT NOT NULL,
	base_version INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	proposed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	proposed_by_label TEXT NOT NULL,
	proposed_at {{TIME}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending',
	reviewed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	reviewed_by_label TEXT NOT NULL DEFAULT '',
	review_note TEXT NOT NULL DEFAULT '',
	reviewed_at {{TIME}}
);
CREATE INDEX change_proposals_entity ON change_proposals (entity_type, entity_id, status);
CREATE INDEX change_proposals_status ON change_proposals (status, proposed_at)`}
