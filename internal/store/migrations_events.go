package store

// Migration 36: events that wait to be dispatched, the durable schedule,
// and people's notifications.
//
// Every audit event is also written to event_pending in the transaction
// that records it, so that what follows from a change (notifications,
// webhook posts) is never lost and never made twice: a dispatcher claims a
// pending event with a lease, does its work in one transaction and deletes
// the row. scheduled_tasks holds when each periodic task (digests,
// reminders) runs next; an instance claims a due task with a lease, so that
// of several instances on one database only one runs it.
func init() {
	register(Migration{36, "events, schedule and notifications", `
CREATE TABLE event_pending (
	event_id BIGINT PRIMARY KEY REFERENCES audit_events (id) ON DELETE CASCADE,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until {{TIME}},
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE scheduled_tasks (
	name TEXT PRIMARY KEY,
	next_run_at {{TIME}} NOT NULL,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until {{TIME}},
	last_started_at {{TIME}},
	last_finished_at {{TIME}},
	last_error TEXT NOT NULL DEFAULT '',
	runs INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE notifications (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	dedupe TEXT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	subject TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	link TEXT NOT NULL DEFAULT '',
	created_at {{TIME}} NOT NULL,
	delivery TEXT NOT NULL,
	mailed_at {{TIME}},
	read_at {{TIME}}
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, dedupe);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);
CREATE INDEX notifications_digest ON notifications (delivery, mailed_at, user_id);
CREATE TABLE notification_preferences (
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	delivery TEXT NOT NULL,
	PRIMARY KEY (user_id, kind)
)`})
}
