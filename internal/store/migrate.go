package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Migration is one numbered, embedded change to the schema.
type Migration struct {
	Version int
	Name    string
	SQL     string // statements separated by ";\n"; {{ID}}, {{TIME}} and {{BLOB}} are replaced per engine
}

// migrations holds every registered migration, sorted by version.
var migrations []Migration

// register adds migrations to the list; a version used twice is a bug that
// must stop the program at start-up, not corrupt a database later.
func register(ms ...Migration) {
	for _, m := range ms {
		for _, old := range migrations {
			if old.Version == m.Version {
				panic(fmt.Sprintf("migration version %d registered twice (%s and %s)", m.Version, old.Name, m.Name))
			}
		}
		migrations = append(migrations, m)
	}
	sort.Slice(migrations, func(i, j int) bool { return migrations[i].Version < migrations[j].Version })
}

// engineSQL holds, per migration version, statements that differ between the
// engines by more than a type name (a full-text index, triggers); they run
// after the migration's common SQL.
var engineSQL = map[int]map[Engine]string{}

// registerEngineSQL adds engine-specific statements to migration version.
func registerEngineSQL(version int, byEngine map[Engine]string) {
	engineSQL[version] = byEngine
}

// statements returns the SQL of m for an engine, in order.
func (m Migration) statements(e Engine) []string {
	out := splitStatements(columnTypes[e].Replace(m.SQL))
	if extra := engineSQL[m.Version][e]; extra != "" {
		out = append(out, splitStatements(columnTypes[e].Replace(extra))...)
	}
	return out
}

// Fingerprint returns a hash of every statement that Migrate runs on engine
// e, in order: two binaries with the same fingerprint migrate a database to
// the same schema. Tests name a migrated template database by it.
func Fingerprint(e Engine) string {
	h := sha256.New()
	for _, m := range migrations {
		fmt.Fprintf(h, "%d %s\n", m.Version, m.Name)
		for _, stmt := range m.statements(e) {
			fmt.Fprintf(h, "%s\x00", stmt)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LatestVersion is the schema version this binary expects.
func LatestVersion() int { return migrations[len(migrations)-1].Version }

// Migrate brings the schema up to date, applying each missing migration in a
// transaction of its own. Several instances starting at once against one
// PostgreSQL take turns through an advisory lock.
func (db *DB) Migrate(ctx context.Context) (applied []Migration, err error) {
	return db.MigrateTo(ctx, LatestVersion())
}

// MigrateTo applies, as Migrate does, the missing migrations up to version
// (those after it wait): for testing that a migration carries the data of
// the schema before it.
func (db *DB) MigrateTo(ctx context.Context, version int) (applied []Migration, err error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at `+columnTypes[db.Engine].Replace("{{TIME}}")+` NOT NULL)`); err != nil {
		return nil, Classify(fmt.Errorf("create schema_migrations: %w", err))
	}
	for _, m := range migrations {
		if m.Version > version {
			break
		}
		done := false
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if db.Engine == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(727274)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			for i, stmt := range m.statements(db.Engine) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("statement %d: %w", i+1, err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, db.Now())
			return err
		})
		if err != nil {
			return applied, Classify(fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err))
		}
		if !done {
			applied = append(applied, m)
		}
	}
	return applied, nil
}

// SchemaVersion reports the highest migration applied, or 0 on an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		if strings.Contains(err.Error(), "schema_migrations") {
			return 0, nil
		}
		return 0, Classify(err)
	}
	return int(v.Int64), nil
}

func splitStatements(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";\n") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
