package store

import (
	"strings"
	"unicode/utf8"
)

// Migration 24: the organizations list finds a part of a name (any case)
// by an index of the names' three-letter pieces (trigrams) instead of
// reading every name: 0.28-0.55 s at 250,000 organizations on SQLite. On
// SQLite an FTS5 table with the trigram tokenizer, contentless, whose rows
// are keyed by organization_names' docids (as service_search keys the
// services' index), kept by triggers; on PostgreSQL GIN indexes of pg_trgm
// on lower(name) and lower(alternate_name), which the LIKE of the list
// uses as it is. pg_trgm ships with PostgreSQL, but creating it needs a
// role that may: where it cannot be created, the migration says so and the
// list reads every name as before. An expression index has statistics
// only once its table is analyzed, and without them PostgreSQL expected a
// part of a name in 1 organization in 50 and walked the name index in
// order looking for 20 (0.26-0.44 s at 250,000 for a part in none): the
// migration analyzes organizations, and the addresses and languages that
// migrations 21-23 indexed by expressions too.
func init() {
	register(Migration{24, "organizations by parts of their names", ``})
	registerEngineSQL(24, map[Engine]string{
		SQLite: strings.Join([]string{
			`CREATE TABLE organization_names (docid INTEGER PRIMARY KEY, organization_id TEXT NOT NULL UNIQUE)`,
			`CREATE VIRTUAL TABLE organization_names_fts USING fts5(name, alternate_name, content='', contentless_delete=1, tokenize='trigram')`,
			trigger("organization_names_ai AFTER INSERT ON organization_names",
				`INSERT INTO organization_names_fts (rowid, name, alternate_name) SELECT new.docid, o.name, o.alternate_name FROM organizations o WHERE o.id = new.organization_id`),
			trigger("organization_names_ad AFTER DELETE ON organization_names", `DELETE FROM organization_names_fts WHERE rowid = old.docid`),
			trigger("organizations_names_ai AFTER INSERT ON organizations", `INSERT INTO organization_names (organization_id) VALUES (new.id)`),
			trigger("organizations_names_au AFTER UPDATE OF name, alternate_name ON organizations",
				`DELETE FROM organization_names_fts WHERE rowid = (SELECT docid FROM organization_names WHERE organization_id = new.id)`,
				`INSERT INTO organization_names_fts (rowid, name, alternate_name) SELECT docid, new.name, new.alternate_name FROM organization_names WHERE organization_id = new.id`),
			trigger("organizations_names_ad AFTER DELETE ON organizations", `DELETE FROM organization_names WHERE organization_id = old.id`),
			`INSERT INTO organization_names (organization_id) SELECT id FROM organizations ORDER BY id`,
		}, ";\n"),
		Postgres: `DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm could not be created (%): the organizations list reads every name', SQLERRM; END $$;
DO $$ DECLARE s TEXT; BEGIN SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'; IF s IS NOT NULL THEN EXECUTE format('CREATE INDEX organizations_name_trgm ON organizations USING GIN (lower(name) %I.gin_trgm_ops)', s); EXECUTE format('CREATE INDEX organizations_alternate_name_trgm ON organizations USING GIN (lower(alternate_name) %I.gin_trgm_ops)', s); END IF; END $$;
ANALYZE organizations;
ANALYZE addresses;
ANALYZE languages`,
	})
}

// NamePartMatch is, on SQLite from migration 24 on, the condition that the
// organization whose id is id (an SQL expression) has text in its name or
// alternate name, in any case, found by the trigram index (arg makes the
// query's placeholder); ok is false on PostgreSQL, whose LIKE on
// lower(name) uses its own trigram index, and for a text too short to
// have a trigram (fewer than three characters), which only a reading of
// every name finds.
func NamePartMatch(e Engine, id, text string, arg func(any) string) (cond string, ok bool) {
	if e != SQLite || utf8.RuneCountInString(text) < 3 {
		return "", false
	}
	return id + ` IN (SELECT n.organization_id FROM organization_names_fts f JOIN organization_names n ON n.docid = f.rowid
		WHERE organization_names_fts MATCH ` + arg(quote(text)) + `)`, true
}

// Migration 25: a service's taxonomy terms by one index that holds both
// (it replaces the index on link_id alone), so that testing whether a
// service has a term of a taxonomy (the HSDS API's taxonomy_id, for every
// service it lists) reads no attribute row: at a million services SQLite
// counted a taxonomy's services in 0.84 s instead of 3.0 (native SQLite,
// warm).
func init() {
	register(Migration{25, "attributes by service and term", `DROP INDEX attributes_link;
CREATE INDEX attributes_link_term ON attributes (link_id, taxonomy_term_id)`})
}
