package store

import (
	"context"
	"fmt"
	"strings"
)

// Migration 54: the directory's generation, a counter bumped in the same
// transaction as every write to the tables the search's vocabulary and
// categories are read from (DirectoryTables), by triggers, so that no
// write path can forget it and a raw SQL fix counts too. An instance keeps
// what it read of the directory with the generation it read first, and
// reads the directory again only when the generation has moved: one row
// read by its key, the same on every instance sharing the database, and
// not moved by what is not the directory (sign-ins, sessions, the audit
// log of other areas). On SQLite the triggers are per row and stand aside
// inside a bulk import (DeferSearchIndex bumps the counter once instead);
// on PostgreSQL they are per statement.
func init() {
	register(Migration{54, "directory generation", `
CREATE TABLE directory_generation (
	id INTEGER PRIMARY KEY,
	generation BIGINT NOT NULL
);
INSERT INTO directory_generation (id, generation) VALUES (1, 0)`})

	var sqlite, postgres []string
	postgres = append(postgres, `CREATE FUNCTION directory_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$ `+
		`BEGIN `+bumpDirectoryGeneration+`; RETURN NULL; END $$`)
	for _, t := range DirectoryTables {
		for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
			name := t + "_generation_" + strings.ToLower(op)
			sqlite = append(sqlite, trigger(name+" AFTER "+op+" ON "+t+" WHEN NOT "+sqliteDeferred,
				bumpDirectoryGeneration))
		}
		postgres = append(postgres, `CREATE TRIGGER `+t+`_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON `+
			t+` FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_bump()`)
	}
	registerEngineSQL(54, map[Engine]string{
		SQLite:   strings.Join(sqlite, ";\n"),
		Postgres: strings.Join(postgres, ";\n"),
	})
}

// DirectoryTables are the tables whose writes move the directory's
// generation: organizations, services, the taxonomy's terms and the
// services' categories, the category mappings and the synonyms.
var DirectoryTables = []string{"organizations", "services", "taxonomy_terms", "attributes", "category_mappings",
	"search_synonyms"}

const bumpDirectoryGeneration = `UPDATE directory_generation SET generation = generation + 1 WHERE id = 1`

// DirectoryGeneration reads the directory's generation: it differs from one
// read before whenever the directory has changed since (and only then).
func DirectoryGeneration(ctx context.Context, q Querier) (int64, error) {
	var g int64
	if err := q.QueryRowContext(ctx, `SELECT generation FROM directory_generation WHERE id = 1`).Scan(&g); err != nil {
		return 0, Classify(fmt.Errorf("read the directory's generation: %w", err))
	}
	return g, nil
}
