package store

// Migration 32: settings a platform admin chooses for the whole instance,
// kept as keys and values so that later settings need no new table; and
// the temporary password a platform admin sets, which its holder must
// replace at their next sign-in.
func init() {
	register(Migration{32, "settings and temporary passwords", `
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at {{TIME}} NOT NULL
);
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE`})
}
