package store

// Migration 34: the mail outbox. Every message Backbone sends is first
// written here, in the same transaction as the change that caused it, and
// a background worker sends it: a lease (lease_owner, lease_until) makes
// sure that of several instances on one database only one sends a message,
// and a message whose sender died is taken up again when its lease ends.
func init() {
	register(Migration{34, "mail outbox and password links", `
CREATE TABLE mail_outbox (
	id {{ID}},
	kind TEXT NOT NULL,
	to_address TEXT NOT NULL,
	subject TEXT NOT NULL,
	text_body TEXT NOT NULL,
	html_body TEXT NOT NULL,
	list_unsubscribe TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'queued',
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at {{TIME}} NOT NULL,
	next_attempt_at {{TIME}} NOT NULL,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until {{TIME}},
	last_error TEXT NOT NULL DEFAULT '',
	sent_at {{TIME}}
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
CREATE TABLE password_links (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	purpose TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	expires_at {{TIME}} NOT NULL,
	used_at {{TIME}}
);
CREATE INDEX password_links_user ON password_links (user_id, created_at)`})
}
