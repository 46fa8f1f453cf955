package store

import "strings"

// Migration 27: organizations by the words of their names and description,
// as services are found (stemmed: "shelters" finds "shelter"), for the
// HSDS API's organizations search ("full text search", as the
// specification names it). Before, that search looked for a part of each
// organization's name or description, reading every description: 0.45 s
// at 250,000 organizations. On SQLite a contentless FTS5 table with the
// services' tokenizer, whose rows are keyed by organization_names' docids
// (migration 24), kept by triggers; on PostgreSQL a GIN index of the
// english configuration's tsvector of the same text (OrganizationWords
// writes the same expression, which the index needs).
func init() {
	register(Migration{27, "organizations by their words", ``})
	index := func(docid, o string) string {
		return `INSERT INTO organization_words_fts (rowid, name, alternate_name, description) SELECT ` + docid + `, ` +
			o + `.name, ` + o + `.alternate_name, ` + o + `.description`
	}
	registerEngineSQL(27, map[Engine]string{
		SQLite: strings.Join([]string{
			`CREATE VIRTUAL TABLE organization_words_fts USING fts5(name, alternate_name, description, content='', contentless_delete=1,
				tokenize='porter unicode61 remove_diacritics 2')`,
			trigger("organization_words_ai AFTER INSERT ON organization_names",
				index("new.docid", "o")+` FROM organizations o WHERE o.id = new.organization_id`),
			trigger("organization_words_ad AFTER DELETE ON organization_names", `DELETE FROM organization_words_fts WHERE rowid = old.docid`),
			trigger("organizations_words_au AFTER UPDATE OF name, alternate_name, description ON organizations",
				`DELETE FROM organization_words_fts WHERE rowid = (SELECT docid FROM organization_names WHERE organization_id = new.id)`,
				index("docid", "new")+` FROM organization_names WHERE organization_id = new.id`),
			index("n.docid", "o") + ` FROM organization_names n JOIN organizations o ON o.id = n.organization_id ORDER BY n.docid`,
		}, ";\n"),
		// Statistics of the expression, as migration 24 gives its own.
		Postgres: `CREATE INDEX organizations_words ON organizations USING GIN (` + organizationText("organizations") + `);
ANALYZE organizations`,
	})
}

// organizationText is the tsvector of the words of the organization whose
// row is alias, on PostgreSQL: the expression of migration 27's index.
func organizationText(alias string) string {
	return `to_tsvector('english', ` + alias + `.name || ' ' || ` + alias + `.alternate_name || ' ' || ` + alias + `.description)`
}

// OrganizationWords is the condition that the organization whose row is
// alias holds every one of words (letters and digits only, as
// directory.SearchTerms gives them) in its name, alternate name or
// description, each stemmed as the services' search stems it, by the index
// of migration 27; arg makes the query's placeholder.
func OrganizationWords(e Engine, alias string, words []string, arg func(any) string) string {
	if e == Postgres {
		return organizationText(alias) + ` @@ plainto_tsquery('english', ` + arg(strings.Join(words, " ")) + `)`
	}
	query, _ := SearchQueryText(e, words, nil, nil)
	return alias + `.id IN (SELECT n.organization_id FROM organization_words_fts f JOIN organization_names n ON n.docid = f.rowid
		WHERE organization_words_fts MATCH ` + arg(query) + `)`
}

// OrganizationWordsEach is, on SQLite, the condition of OrganizationWords
// written as a test of the one organization whose row is alias, which
// reads that organization's postings only; OrganizationWordsCount counts
// every organization that holds the words, archived or not, from the
// full-text index alone. query is the FTS5 query (SearchQueryText) as a
// placeholder.
func OrganizationWordsEach(alias, query string) string {
	return `EXISTS (SELECT 1 FROM organization_names n JOIN organization_words_fts f ON f.rowid = n.docid
		WHERE n.organization_id = ` + alias + `.id AND organization_words_fts MATCH ` + query + `)`
}

// OrganizationWordsCount: see OrganizationWordsEach.
func OrganizationWordsCount(query string) string {
	return `SELECT COUNT(*) FROM organization_words_fts WHERE organization_words_fts MATCH ` + query
}
