package store

func init() { register(feedLinksMigration) }

// feedLinksMigration keeps the private links that calendar programs and
// feed readers use, which cannot sign in: the link's secret is the key, so
// only its hash is kept. A link with no initiative is a person's own
// calendar; one with an initiative serves that initiative's calendar and
// updates feed. Either reads as the person who made it, at read time.
var feedLinksMigration = Migration{35, "calendar and feed links", `
CREATE TABLE feed_links (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	revoked_at {{TIME}}
);
CREATE INDEX feed_links_user ON feed_links (user_id);
CREATE INDEX feed_links_initiative ON feed_links (initiative_id)`}
