package store

// Migration 38: an initiative's outgoing webhooks ("channels") and their
// deliveries.
//
// The events dispatcher writes one delivery per enabled channel that
// wants an event, in the transaction that takes the event off its queue;
// UNIQUE (webhook_id, event_id) keeps an event from being posted twice to
// one channel. A delivery worker claims due deliveries with a lease, as
// the mail outbox's worker does, and records each attempt in
// webhook_attempts. A test delivery has no event (event_id NULL).
//
// The URL and the signing secret are kept as they are: Backbone needs
// them to post and to sign. They are never logged nor shown whole after
// the channel is saved.
func init() {
	register(Migration{38, "outgoing webhooks", `
CREATE TABLE webhooks (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	format TEXT NOT NULL,
	url TEXT NOT NULL,
	secret TEXT NOT NULL DEFAULT '',
	kinds TEXT NOT NULL DEFAULT '',
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	failures INTEGER NOT NULL DEFAULT 0,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX webhooks_initiative ON webhooks (initiative_id, id);
CREATE TABLE webhook_deliveries (
	id {{ID}},
	webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event_id BIGINT REFERENCES audit_events (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'queued',
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at {{TIME}} NOT NULL,
	next_attempt_at {{TIME}} NOT NULL,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until {{TIME}},
	last_error TEXT NOT NULL DEFAULT '',
	delivered_at {{TIME}}
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, id);
CREATE TABLE webhook_attempts (
	id {{ID}},
	delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
	at {{TIME}} NOT NULL,
	http_status INTEGER NOT NULL DEFAULT 0,
	answer TEXT NOT NULL DEFAULT '',
	duration_ms INTEGER NOT NULL DEFAULT 0,
	outcome TEXT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id)`})
}
