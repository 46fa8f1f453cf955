package store

// Migration 37: an initiative's meetings and check-ins. A meeting is one
// event or a series (an RFC 5545 RRULE expanded in its time zone); its
// invitees are organizations and people (with or without accounts), each
// person with private RSVP links (only their hashes are kept). What happened
// at one occurrence (attendance, minutes, action items) hangs off a
// meeting_occurrences row made when staff first record it. Mail in the
// outbox may carry one attachment (a meeting's .ics).
func init() {
	register(Migration{37, "meetings and check-ins", `
CREATE TABLE meetings (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	starts_at {{TIME}} NOT NULL,
	duration_minutes INTEGER NOT NULL,
	time_zone TEXT NOT NULL,
	rrule TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	video_url TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'scheduled',
	sequence INTEGER NOT NULL DEFAULT 0,
	organizer_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX meetings_initiative ON meetings (initiative_id, starts_at);
CREATE TABLE meeting_invitees (
	id {{ID}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL DEFAULT '',
	via_organization_id TEXT NOT NULL DEFAULT '',
	answer TEXT NOT NULL DEFAULT 'pending',
	answered_at {{TIME}}
);
CREATE INDEX meeting_invitees_meeting ON meeting_invitees (meeting_id);
CREATE INDEX meeting_invitees_user ON meeting_invitees (user_id);
CREATE TABLE meeting_rsvp_links (
	token_hash TEXT PRIMARY KEY,
	invitee_id BIGINT NOT NULL REFERENCES meeting_invitees (id) ON DELETE CASCADE,
	created_at {{TIME}} NOT NULL
);
CREATE TABLE meeting_agenda_items (
	id {{ID}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	source_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_agenda_meeting ON meeting_agenda_items (meeting_id, position);
CREATE TABLE meeting_occurrences (
	id {{ID}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	starts_at {{TIME}} NOT NULL,
	minutes TEXT NOT NULL DEFAULT '',
	recorded_at {{TIME}} NOT NULL,
	UNIQUE (meeting_id, starts_at)
);
CREATE TABLE meeting_attendance (
	occurrence_id BIGINT NOT NULL REFERENCES meeting_occurrences (id) ON DELETE CASCADE,
	invitee_id BIGINT NOT NULL REFERENCES meeting_invitees (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	PRIMARY KEY (occurrence_id, invitee_id)
);
CREATE TABLE meeting_actions (
	id {{ID}},
	occurrence_id BIGINT NOT NULL REFERENCES meeting_occurrences (id) ON DELETE CASCADE,
	activity_id BIGINT REFERENCES activities (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	organization_id TEXT NOT NULL,
	owner_name TEXT NOT NULL DEFAULT '',
	due_on {{TIME}},
	created_at {{TIME}} NOT NULL
);
CREATE INDEX meeting_actions_occurrence ON meeting_actions (occurrence_id);
ALTER TABLE mail_outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_body TEXT NOT NULL DEFAULT ''`})
}
