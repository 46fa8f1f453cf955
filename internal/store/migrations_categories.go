package store

import (
	"strings"

	"backbone/internal/taxonomy/openeligibility"
)

// Migration 41: categories a client can read. The Open Eligibility
// taxonomy is the built-in taxonomy (its terms keep their slugs as codes
// and ids derived from them, the same in every database), written into
// taxonomy_terms when a steward first maps a keyword to it (so that a
// directory that does not use it exports none of it); an
// import's keywords are mapped to its terms by a steward
// (category_mappings, by the keyword in lower case, so the next import's
// same keyword is mapped too: a term_id of ” keeps the keyword as a
// who-it-serves situation of its own); service_categories is each
// service's built-in terms, filed directly or through a mapped keyword;
// search_synonyms are the phrases a search also tries, which a steward
// edits.
func init() {
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	synonyms := make([]string, len(seedSynonyms))
	for i, s := range seedSynonyms {
		synonyms[i] = "(" + q(s[0]) + ", " + q(s[1]) + ", {{NOW}})"
	}
	register(
		Migration{
			41,
			"open eligibility and category mappings",
			strings.NewReplacer("{{NOW}}", "CURRENT_TIMESTAMP").Replace(`
CREATE TABLE category_mappings (
	keyword_key TEXT NOT NULL,
	keyword TEXT NOT NULL,
	term_id TEXT NOT NULL DEFAULT '',
	updated_at {{TIME}} NOT NULL,
	PRIMARY KEY (keyword_key, term_id)
);
CREATE INDEX category_mappings_term ON category_mappings (term_id);
CREATE VIEW service_categories AS
SELECT a.link_id AS service_id, a.taxonomy_term_id AS term_id FROM attributes a
	JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE t.taxonomy_id = ` + q(openeligibility.TaxonomyID) + `
UNION
SELECT a.link_id, m.term_id FROM category_mappings m
	JOIN taxonomy_terms k ON lower(k.name) = m.keyword_key
	JOIN attributes a ON a.taxonomy_term_id = k.id
	WHERE m.term_id <> '';
CREATE TABLE search_synonyms (
	phrase TEXT NOT NULL,
	replacement TEXT NOT NULL,
	updated_at {{TIME}} NOT NULL,
	PRIMARY KEY (phrase, replacement)
);
INSERT INTO search_synonyms (phrase, replacement, updated_at) VALUES
` + strings.Join(synonyms, ",\n")),
		},
	)
}

// seedSynonyms are the synonyms a directory starts with: a phrase people
// type, and what the directory's records call it.
var seedSynonyms = [][2]string{
	{"rent help", "rental assistance"},
	{"help with rent", "rental assistance"},
	{"rent", "rental"},
	{"food", "meals"},
	{"food", "food pantry"},
	{"groceries", "food pantry"},
	{"food bank", "food pantry"},
	{"soup kitchen", "meals"},
	{"shelter", "emergency shelter"},
	{"homeless", "shelter"},
	{"doctor", "medical care"},
	{"clinic", "health"},
	{"dentist", "dental"},
	{"shrink", "counseling"},
	{"therapy", "counseling"},
	{"lawyer", "legal"},
	{"attorney", "legal"},
	{"job", "employment"},
	{"work", "employment"},
	{"daycare", "child care"},
	{"childcare", "child care"},
	{"elderly", "seniors"},
	{"old people", "seniors"},
	{"rehab", "substance abuse"},
	{"drugs", "substance abuse"},
	{"bills", "utility assistance"},
	{"electric bill", "utility assistance"},
	{"esl", "english"},
	{"ged", "adult education"},
}
