package store

import (
	"context"
	"fmt"
	"strings"
)

// Migration 12 lets a bulk import of the directory defer the search index:
// inside the import's transaction the triggers of migration 8 only note
// which services need indexing (search_pending), and FlushSearchIndex
// indexes them all in one statement at the end, instead of once per row
// (and again per taxonomy term) as the import writes them. Outside such a
// transaction the triggers index at once, as before. A partial index on
// archived organizations lets a search leave their services out without
// reading every candidate's organization.
func init() {
	register(Migration{12, "directory bulk import", `CREATE INDEX organizations_archived ON organizations (archived_at) WHERE archived_at IS NOT NULL`})
	registerEngineSQL(12, map[Engine]string{SQLite: sqliteSearchDeferral(), Postgres: postgresSearchDeferral})
}

// sqliteDeferred is true, in a SQLite trigger, inside a bulk import
// (DeferSearchIndex).
const sqliteDeferred = `EXISTS (SELECT 1 FROM search_deferral)`

// sqliteSearchDeferral: a row in search_deferral (written and removed
// within one transaction, so never seen committed) switches the FTS5
// triggers of service_search from indexing to noting the docid in
// search_pending, fresh when the service had no index entry yet.
func sqliteSearchDeferral() string {
	stmts := []string{
		`CREATE TABLE search_deferral (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE search_pending (docid INTEGER PRIMARY KEY, fresh INTEGER NOT NULL)`,
		`DROP TRIGGER service_search_ai`,
		`DROP TRIGGER service_search_au`,
		trigger("service_search_ai AFTER INSERT ON service_search WHEN NOT "+sqliteDeferred, sqliteReindex("new")),
		trigger("service_search_au AFTER UPDATE ON service_search WHEN NOT "+sqliteDeferred,
			`DELETE FROM services_fts WHERE rowid = old.docid`, sqliteReindex("new")),
		trigger("service_search_ai_deferred AFTER INSERT ON service_search WHEN "+sqliteDeferred,
			`INSERT INTO search_pending (docid, fresh) VALUES (new.docid, 1) ON CONFLICT (docid) DO NOTHING`),
		trigger("service_search_au_deferred AFTER UPDATE ON service_search WHEN "+sqliteDeferred,
			`INSERT INTO search_pending (docid, fresh) VALUES (old.docid, 0) ON CONFLICT (docid) DO NOTHING`),
		trigger("service_search_ad_pending AFTER DELETE ON service_search", `DELETE FROM search_pending WHERE docid = old.docid`),
	}
	return strings.Join(stmts, ";\n")
}

// sqliteReindex is the statement that indexes the service_search row named
// row ("new") in services_fts.
func sqliteReindex(row string) string {
	return fmt.Sprintf(`INSERT INTO services_fts (rowid, name, alternate_name, organization, terms, description, eligibility) SELECT %s.docid, d.* FROM (`+
		searchDocumentSQLite+`) d`, row, row+".service_id")
}

// postgresSearchDocument is a service's weighted tsvector, as
// service_search_refresh (migration 8) computes it, for a row sv of
// services and o of organizations.
const postgresSearchDocument = `setweight(to_tsvector('english', sv.name || ' ' || sv.alternate_name || ' ' || coalesce(o.name, '')), 'A') ||
	setweight(to_tsvector('english', coalesce((SELECT string_agg(t.name, ' ') FROM attributes a
		JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = sv.id), '')), 'B') ||
	setweight(to_tsvector('english', sv.description || ' ' || sv.eligibility_description), 'C')`

// postgresSearchDeferral: the transaction setting backbone.search_deferred
// switches the triggers from service_search_refresh to noting the service
// in search_pending (whose rows, written and deleted in one transaction,
// are never seen committed).
const postgresSearchDeferral = `CREATE TABLE search_pending (service_id TEXT PRIMARY KEY);
CREATE FUNCTION service_search_touch(sid TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN IF sid IS NULL THEN RETURN; END IF; IF current_setting('backbone.search_deferred', true) = 'on' THEN INSERT INTO search_pending (service_id) VALUES (sid) ON CONFLICT DO NOTHING; ELSE PERFORM service_search_refresh(sid); END IF; END
$$;
CREATE OR REPLACE FUNCTION service_search_services() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_touch(NEW.id); RETURN NULL; END
$$;
CREATE OR REPLACE FUNCTION service_search_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_touch(sv.id) FROM services sv WHERE sv.organization_id = NEW.id; RETURN NULL; END
$$;
CREATE OR REPLACE FUNCTION service_search_attributes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF TG_OP <> 'INSERT' THEN PERFORM service_search_touch(OLD.link_id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM service_search_touch(NEW.link_id); END IF; RETURN NULL; END
$$;
CREATE OR REPLACE FUNCTION service_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM service_search_touch(a.link_id) FROM attributes a WHERE a.taxonomy_term_id = NEW.id; RETURN NULL; END
$$`

// BulkCacheKiB is the page cache, in KiB, that a bulk import's SQLite
// connection may fill while its transaction lasts (BulkCache).
const BulkCacheKiB = 2 << 20

// BulkCache lets the SQLite connection of transaction q, a bulk import,
// keep up to BulkCacheKiB of pages in memory, and returns what gives the
// connection its own cache back (to be called before q ends). An import
// writes most of a database's pages in one transaction: with SQLite's
// default 2 MB cache it spills them to the write-ahead log as it goes, and
// every page read after that searches the log's index, which grows with
// the transaction (at a million services, 3 GB, a third of the import's
// time went there with a 256 MB cache, a sixth with this one). Memory is
// taken only as pages are read. On PostgreSQL it does nothing.
func BulkCache(ctx context.Context, q Querier, e Engine) (restore func(), err error) {
	if e != SQLite {
		return func() {}, nil
	}
	var old int
	if err := q.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&old); err != nil {
		return nil, Classify(fmt.Errorf("read the page cache size: %w", err))
	}
	if _, err := q.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, BulkCacheKiB)); err != nil {
		return nil, Classify(fmt.Errorf("enlarge the page cache for an import: %w", err))
	}
	return func() { _, _ = q.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, old)) }, nil
}

// DeferSearchIndex makes the directory's search index wait until
// FlushSearchIndex for the rest of transaction q, for a bulk import: each
// service written is noted instead of indexed. Other transactions index as
// usual (on SQLite there is no other writer meanwhile).
func DeferSearchIndex(ctx context.Context, q Querier, e Engine) error {
	stmt := `INSERT INTO search_deferral (id) VALUES (1) ON CONFLICT (id) DO NOTHING`
	if e == Postgres {
		stmt = `SELECT set_config('backbone.search_deferred', 'on', true)`
	}
	if _, err := q.ExecContext(ctx, stmt); err != nil {
		return Classify(fmt.Errorf("defer the search index: %w", err))
	}
	// The import is a change of the directory: on SQLite the generation's
	// triggers stand aside while the index waits (migration 54).
	if _, err := q.ExecContext(ctx, bumpDirectoryGeneration); err != nil {
		return Classify(fmt.Errorf("defer the search index: %w", err))
	}
	return nil
}

// searchPlaceOrder is the order in which a bulk import writes services'
// documents on PostgreSQL: by the lowest of the cells of CellSizes[1]
// (0.1°) holding the service's points, row by row, services without a
// point last. A search near a point reads from the table the documents of
// the text matches in the cells around it: written in import order, those
// of a city lie one to a page (7,095 pages for the 7,495 matches of
// "veterans" around Los Angeles at a million services); in order of
// place, on 1,954 pages. Services edited later go where there is room.
var searchPlaceOrder = func() string {
	row, col := cellOf(CellSizes[1])
	return `(SELECT min(` + row + ` * 100000 + ` + col + `) ` + servicePointsOf + `) NULLS LAST`
}()

// FlushSearchIndex indexes, in one statement, the services noted since
// DeferSearchIndex, and ends the deferral. After a large import (large),
// PostgreSQL first gathers statistics on the tables the statement reads,
// within the transaction: without them it plans for tables of one row and
// nested-loops a million services against a million notes (hours).
func FlushSearchIndex(ctx context.Context, q Querier, e Engine, large bool) error {
	var stmts []string
	if e == Postgres && large {
		stmts = append(stmts, `ANALYZE search_pending, points_pending, services, organizations, attributes, taxonomy_terms, service_at_locations, locations`)
	}
	stmts = append(stmts,
		// The points of the services at locations written (migration 16),
		// before the documents, whose cells come from the same places.
		`DELETE FROM service_points WHERE sal_id IN (SELECT sal_id FROM points_pending)`,
		postgresPointsAdd(`sal.id IN (SELECT sal_id FROM points_pending)`),
		`DELETE FROM points_pending`,
		// In order of place (see searchPlaceOrder), so that the services
		// of a city share table pages.
		`INSERT INTO service_search (service_id, document) SELECT sv.id, `+postgresSearchDocument16+`
		FROM search_pending p JOIN services sv ON sv.id = p.service_id LEFT JOIN organizations o ON o.id = sv.organization_id
		ORDER BY `+searchPlaceOrder+`, sv.id
		ON CONFLICT (service_id) DO UPDATE SET document = excluded.document`,
		`DELETE FROM search_pending`,
		`SELECT set_config('backbone.search_deferred', 'off', true)`,
	)
	if e == SQLite {
		// The points of the services at locations written (migration 16),
		// and their services' cells in the documents.
		stmts = []string{
			`INSERT INTO search_pending (docid, fresh) SELECT DISTINCT ss.docid, 0 FROM points_pending p
			JOIN service_search ss ON ss.service_id = p.service_id WHERE 1 = 1 ON CONFLICT (docid) DO NOTHING`,
		}
		stmts = append(stmts, sqlitePointsRemove(`SELECT sal_id FROM points_pending`)...)
		stmts = append(stmts, sqlitePointsAdd(`sal.id IN (SELECT sal_id FROM points_pending)`, true)...)
		stmts = append(stmts,
			`DELETE FROM points_pending`,
			`DELETE FROM services_fts WHERE rowid IN (SELECT docid FROM search_pending WHERE fresh = 0)`,
			sqliteIndexServices+`search_pending p JOIN service_search ss ON ss.docid = p.docid JOIN services sv ON sv.id = ss.service_id
			LEFT JOIN organizations o ON o.id = sv.organization_id ORDER BY p.docid`,
			`DELETE FROM search_pending`,
			`DELETE FROM search_deferral`,
		)
	}
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return Classify(fmt.Errorf("index the imported services for search: %w", err))
		}
	}
	return nil
}
