package store

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The directory's full-text search is where the two engines differ most:
// SQLite indexes services in an FTS5 table ranked with bm25(), PostgreSQL in
// a tsvector column ranked with ts_rank_cd. Both are kept in sync by
// triggers, so that every writer (the HSDS import, the edit forms, a later
// API) keeps the index right without knowing it exists. The functions below
// are the only engine-specific SQL of search; the rest of the query is
// shared and lives in the directory package.

// SearchWeights are the relative weights of the indexed fields: names count
// most, then taxonomy terms, then descriptions and eligibility. PostgreSQL
// maps them to its weight classes A, B and C.
var SearchWeights = struct{ Names, Terms, Text float64 }{10, 4, 1}

// searchSchema returns the statements that build the full-text index of
// services for an engine, fill it from the services already saved, and keep
// it in sync: a service's index entry is rebuilt when the service, its
// organization's name, its attributes (taxonomy terms) or a term's name
// change, and it goes when the service goes.
func searchSchema(e Engine) string {
	if e == Postgres {
		return postgresSearchSchema
	}
	return sqliteSearchSchema()
}

// searchDocumentSQLite is the SELECT that gives one service's indexed text,
// in the FTS5 table's column order.
const searchDocumentSQLite = `SELECT sv.name, sv.alternate_name, coalesce(o.name, ''),
	coalesce((SELECT group_concat(t.name, ' ') FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = sv.id), ''),
	sv.description, sv.eligibility_description
	FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = %s`

// sqliteSearchSchema: service_search gives each service the integer id
// (docid) that FTS5 rows need; touching its generation column re-indexes
// the service, which keeps the indexing SQL in two triggers only. The FTS5
// table is contentless (the text stays in services) with contentless_delete
// so rows can be replaced.
func sqliteSearchSchema() string {
	reindex, bump := sqliteReindex, sqliteBump
	stmts := []string{
		`CREATE TABLE service_search (
	docid INTEGER PRIMARY KEY,
	service_id TEXT NOT NULL UNIQUE,
	generation INTEGER NOT NULL DEFAULT 0
)`,
		`CREATE VIRTUAL TABLE services_fts USING fts5(name, alternate_name, organization, terms, description, eligibility,
	content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`,
		trigger("service_search_ai AFTER INSERT ON service_search", reindex("new")),
		trigger(
			"service_search_au AFTER UPDATE ON service_search",
			`DELETE FROM services_fts WHERE rowid = old.docid`,
			reindex("new"),
		),
		trigger("service_search_ad AFTER DELETE ON service_search", `DELETE FROM services_fts WHERE rowid = old.docid`),
		trigger(
			"services_search_ai AFTER INSERT ON services",
			`INSERT INTO service_search (service_id) VALUES (new.id) ON CONFLICT (service_id) DO UPDATE SET generation = `+
				`generation + 1`,
		),
		trigger(
			"services_search_au AFTER UPDATE OF name, alternate_name, description, eligibility_description, organization_id "+
				"ON services",
			bump(`= new.id`),
		),
		trigger("services_search_ad AFTER DELETE ON services", `DELETE FROM service_search WHERE service_id = old.id`),
		trigger("organizations_search_au AFTER UPDATE OF name ON organizations",
			bump(`IN (SELECT id FROM services WHERE organization_id = new.id)`)),
		trigger("attributes_search_ai AFTER INSERT ON attributes", bump(`= new.link_id`)),
		trigger("attributes_search_au AFTER UPDATE ON attributes", bump(`= old.link_id`), bump(`= new.link_id`)),
		trigger("attributes_search_ad AFTER DELETE ON attributes", bump(`= old.link_id`)),
		trigger("taxonomy_terms_search_au AFTER UPDATE OF name ON taxonomy_terms",
			bump(`IN (SELECT link_id FROM attributes WHERE taxonomy_term_id = new.id)`)),
		`INSERT INTO service_search (service_id) SELECT id FROM services ORDER BY id`,
	}
	return strings.Join(stmts, ";\n")
}

// sqliteBump re-indexes the services whose id passes where (such as
// "= new.id"), by touching their service_search rows.
func sqliteBump(where string) string {
	return `UPDATE service_search SET generation = generation + 1 WHERE service_id ` + where
}

// trigger writes a SQLite trigger on one line per statement, its inner
// statements joined by "; " so the migration runner (which splits on ";"
// and a newline) keeps the trigger whole.
func trigger(head string, stmts ...string) string {
	for i, s := range stmts {
		stmts[i] = strings.Join(strings.Fields(s), " ")
	}
	return "CREATE TRIGGER " + head + " BEGIN " + strings.Join(stmts, "; ") + "; END"
}

// postgresSearchSchema: one row per service in service_search with its
// weighted tsvector (names A, terms B, description and eligibility C) under
// a GIN index. Function bodies keep their statements on one line for the
// same reason as trigger above.
const postgresSearchSchema = `CREATE TABLE service_search (
	service_id TEXT PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
	document TSVECTOR NOT NULL
);
CREATE INDEX service_search_document ON service_search USING GIN (document);
CREATE FUNCTION service_search_refresh(sid TEXT) RETURNS void LANGUAGE sql AS $$
INSERT INTO service_search (service_id, document)
SELECT sv.id,
	setweight(to_tsvector('english', sv.name || ' ' || sv.alternate_name || ' ' || coalesce(o.name, '')), 'A') ||
	setweight(to_tsvector('english', coalesce((SELECT string_agg(t.name, ' ') FROM attributes a
		JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = sv.id), '')), 'B') ||
	setweight(to_tsvector('english', sv.description || ' ' || sv.eligibility_description), 'C')
FROM services sv LEFT JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = sid
ON CONFLICT (service_id) DO UPDATE SET document = excluded.document
$$;
CREATE FUNCTION service_search_services() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_refresh(NEW.id); RETURN NULL; END
$$;
CREATE TRIGGER services_search AFTER INSERT OR UPDATE OF name, alternate_name, description, eligibility_description, organization_id
	ON services FOR EACH ROW EXECUTE FUNCTION service_search_services();
CREATE FUNCTION service_search_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_refresh(sv.id) FROM services sv WHERE sv.organization_id = NEW.id; RETURN NULL; END
$$;
CREATE TRIGGER organizations_search AFTER UPDATE OF name ON organizations
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION service_search_organizations();
CREATE FUNCTION service_search_attributes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF TG_OP <> 'INSERT' THEN PERFORM service_search_refresh(OLD.link_id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM service_search_refresh(NEW.link_id); END IF; RETURN NULL; END
$$;
CREATE TRIGGER attributes_search AFTER INSERT OR UPDATE OR DELETE ON attributes
	FOR EACH ROW EXECUTE FUNCTION service_search_attributes();
CREATE FUNCTION service_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_refresh(a.link_id) FROM attributes a WHERE a.taxonomy_term_id = NEW.id; RETURN NULL; END
$$;
CREATE TRIGGER taxonomy_terms_search AFTER UPDATE OF name ON taxonomy_terms
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION service_search_terms();
SELECT service_search_refresh(id) FROM services`

// SearchTextMatches returns a query giving (service_id, score, docid) for services
// whose indexed text matches the words in the parameter query, a higher
// score being a better match (0 for all when unranked, for counting), at
// most limit of them (every one when limit is ""). The limit is applied before ranking, in index order,
// so that a word found in most services costs no more than limit scores:
// that is what keeps a very common word fast. cond, when not nil, gives
// more conditions on the service's id (an SQL expression it is passed),
// such as filters or "near a point", applied before the limit, so that
// only services that pass them are counted against it and ranked. query,
// terms and limit are placeholders such as "$1" for what SearchQueryText
// gives; terms may be "" (none). The words are those of SearchTerms,
// already safe for either engine. docid is the service's search docid on
// SQLite, NULL on PostgreSQL.
func SearchTextMatches(e Engine, query, terms, limit string, ranked bool, cond func(id string) string) string {
	id := "ss.service_id"
	score := "CAST(0 AS DOUBLE PRECISION)"
	from := `services_fts JOIN service_search ss ON ss.docid = services_fts.rowid`
	match := `services_fts MATCH ` + query
	if e == Postgres {
		from = `service_search ss`
		match = `ss.document @@ to_tsquery('english', ` + query + `)`
		if terms != "" {
			// One condition, so that the index gives the services holding
			// both the words and a category at once.
			match = `ss.document @@ (to_tsquery('english', ` + query + `) && to_tsquery('simple', ` + terms + `))`
		}
		if ranked {
			score = fmt.Sprintf(
				`CAST(ts_rank_cd('{%g, %g, %g, %g}'::real[], ss.document, to_tsquery('english', %s)) AS DOUBLE PRECISION)`,
				0.0,
				SearchWeights.Text/SearchWeights.Names,
				SearchWeights.Terms/SearchWeights.Names,
				1.0,
				query,
			)
		}
	} else if ranked {
		// The categories and cells columns (tokens, migration 16) weigh
		// nothing.
		score = fmt.Sprintf(`-bm25(services_fts, %[1]g, %[1]g, %[1]g, %[2]g, %[3]g, %[3]g, 0, 0)`, SearchWeights.Names, SearchWeights.Terms, SearchWeights.Text)
	}
	if cond != nil {
		if c := cond(id); c != "" {
			if e == Postgres {
				// The index's matches first (OFFSET 0 keeps them apart),
				// then the conditions on each: given a set of services to
				// keep, the planner would otherwise look each of them up
				// and test its words, thousands of look-ups for a city.
				from = `(SELECT ss.service_id, ss.document FROM service_search ss WHERE ` + match + ` OFFSET 0) ss`
				match = c
			} else {
				match += " AND " + c
			}
		}
	}
	docid := "ss.docid"
	if e == Postgres {
		docid = "NULL"
	}
	if limit != "" {
		match += ` LIMIT ` + limit
	}
	return `SELECT ` + id + ` AS service_id, ` + score + ` AS score, ` + docid + ` AS docid FROM ` + from + ` WHERE ` + match
}

// SearchQueryText turns words (letters and digits only, as SearchTerms
// gives them) into the engine's query text: every word must match, each
// stemmed by the index's own stemmer. categories, when given, are
// CategoryTokens of which a match must also hold one, and cells the tokens
// of BoxCells (migration 16): the index then gives the services of a category, or in
// the cells around a point, that hold the words at once. The categories
// are exact: the tokens are looked for only where the index keeps them
// (their own column on SQLite, weight D on PostgreSQL), so a description
// holding such a word does not count; the cells cover more than a circle,
// whose distance is checked after. On SQLite all is in query, on
// PostgreSQL the tokens are in terms (a to_tsquery text of the simple
// configuration; "" without tokens).
func SearchQueryText(e Engine, words, categories, cells []string) (query, terms string) {
	each := func(tokens []string, format string) []string {
		out := make([]string, len(tokens))
		for i, t := range tokens {
			out[i] = fmt.Sprintf(format, t)
		}
		return out
	}
	if e == Postgres {
		var parts []string
		if len(categories) > 0 {
			parts = append(
				parts,
				"("+strings.Join(each(categories, "%s:D"), " | ")+")",
			) // only the tokens have weight D
		}
		if len(cells) > 0 {
			parts = append(parts, "("+strings.Join(each(cells, "%s:D"), " | ")+")")
		}
		return searchWords(words, func(w string) string { return w }, " & ", " | "), strings.Join(parts, " & ")
	}
	var parts []string
	if len(words) > 0 {
		parts = append(parts, "("+searchWords(words, quote, " AND ", " OR ")+")")
	}
	if len(categories) > 0 {
		parts = append(parts, "categories : ("+strings.Join(each(categories, `"%s"`), " OR ")+")")
	}
	if len(cells) > 0 {
		parts = append(parts, "cells : ("+strings.Join(each(cells, `"%s"`), " OR ")+")")
	}
	return strings.Join(parts, " AND "), ""
}

// quote makes s one FTS5 string (a phrase of its words).
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// PlanEachTime returns the arguments of a query for engine e so that it is
// planned for its own values every time it runs. On PostgreSQL a prepared
// statement otherwise moves to a generic plan after five runs, planned
// without knowing how common the words searched for are, how far the limit
// reaches or which filters are set: for search, two to four times slower.
// The description of the statement is still cached, so this costs no
// round trip.
func PlanEachTime(e Engine, args []any) []any {
	if e != Postgres {
		return args
	}
	return append([]any{pgx.QueryExecModeCacheDescribe}, args...)
}

// The questions the directory's search asks of the engine, so that its
// query plans follow the engine's indexes without testing which engine it
// is.

// FullTextHoldsPlaces reports whether the engine's full-text index also
// holds each service's map cells and category tokens (SQLite's FTS5 table
// does; PostgreSQL's documents hold the words, and its spatial index the
// places), so that words near a point, or a taxonomy's services, are found
// by one full-text query.
func FullTextHoldsPlaces(e Engine) bool { return e == SQLite }

// FullTextTestsOne reports whether the engine's full-text index tests one
// service cheaply, by its row (SQLite reads its postings by rowid), rather
// than by building the set of every match first.
func FullTextTestsOne(e Engine) bool { return e == SQLite }

// OrganizationWordsCounted reports whether the full-text index of
// organizations' words (migration 27) can count and test them by itself,
// as SQLite's can (OrganizationWordsEach, OrganizationWordsCount).
func OrganizationWordsCounted(e Engine) bool { return e == SQLite }

// EachCandidate ends a correlated EXISTS subquery so that the engine checks
// it for each candidate, by index, rather than turning it into a hashed set
// of every row that passes: PostgreSQL does that when it expects many
// candidates (OFFSET 0 keeps the subquery as written); SQLite checks each
// candidate anyway.
func EachCandidate(e Engine) string {
	if e == Postgres {
		return ` OFFSET 0`
	}
	return ``
}
