package store

func init() { register(initiativeWorkMigration) }

// initiativeWorkMigration holds the work of an initiative: the history of
// its members, the common agenda, who is responsible for what, the
// mutually reinforcing activities with their RACI letters, the versioned
// governance framework and the written agreements.
var initiativeWorkMigration = Migration{5, "initiative work", `
CREATE TABLE member_events (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	at {{TIME}} NOT NULL,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	from_status TEXT NOT NULL DEFAULT '',
	to_status TEXT NOT NULL,
	from_role TEXT NOT NULL DEFAULT '',
	to_role TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_events_initiative ON member_events (initiative_id, at);
CREATE TABLE agenda_items (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL,
	archived_at {{TIME}},
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX agenda_items_initiative ON agenda_items (initiative_id, position);
CREATE TABLE organization_responsibilities (
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	position INTEGER NOT NULL,
	responsibility TEXT NOT NULL,
	PRIMARY KEY (initiative_id, organization_id, position)
);
CREATE TABLE initiative_people (
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id),
	job_role TEXT NOT NULL,
	PRIMARY KEY (initiative_id, user_id)
);
CREATE TABLE person_responsibilities (
	initiative_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	position INTEGER NOT NULL,
	responsibility TEXT NOT NULL,
	PRIMARY KEY (initiative_id, user_id, position),
	FOREIGN KEY (initiative_id, user_id) REFERENCES initiative_people (initiative_id, user_id) ON DELETE CASCADE
);
CREATE TABLE activities (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	agenda_item_id BIGINT REFERENCES agenda_items (id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	starts_on {{TIME}},
	ends_on {{TIME}},
	status TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX activities_initiative ON activities (initiative_id);
CREATE INDEX activities_agenda_item ON activities (agenda_item_id);
CREATE TABLE raci_assignments (
	id {{ID}},
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id),
	user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
	letter TEXT NOT NULL,
	CHECK ((organization_id IS NULL) <> (user_id IS NULL))
);
CREATE UNIQUE INDEX raci_assignments_organization ON raci_assignments (activity_id, organization_id) WHERE organization_id IS NOT NULL;
CREATE UNIQUE INDEX raci_assignments_user ON raci_assignments (activity_id, user_id) WHERE user_id IS NOT NULL;
CREATE TABLE governance_versions (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	decision_rule TEXT NOT NULL,
	quorum_percent INTEGER NOT NULL DEFAULT 0,
	threshold_percent INTEGER NOT NULL DEFAULT 0,
	lead_organization_id TEXT REFERENCES organizations (id),
	conflict_steps_json TEXT NOT NULL,
	meeting_cadence TEXT NOT NULL,
	channels_json TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	UNIQUE (initiative_id, version)
);
CREATE TABLE agreements (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	kind TEXT NOT NULL,
	effective_on {{TIME}} NOT NULL,
	ends_on {{TIME}},
	renewal_reminder_days INTEGER NOT NULL DEFAULT 0,
	document {{BLOB}},
	document_name TEXT NOT NULL DEFAULT '',
	document_type TEXT NOT NULL DEFAULT '',
	document_size INTEGER NOT NULL DEFAULT 0,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX agreements_initiative ON agreements (initiative_id);
CREATE INDEX agreements_ends ON agreements (ends_on);
CREATE TABLE agreement_parties (
	agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	signed_at {{TIME}},
	signed_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	signed_by TEXT NOT NULL DEFAULT '',
	signatory TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (agreement_id, organization_id)
)`}
