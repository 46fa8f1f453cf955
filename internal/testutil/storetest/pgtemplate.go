package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"backbone/internal/store"
)

// templateRevision changes when the way the template is prepared (not the
// migrations, which its name holds already) does.
const templateRevision = "2: autovacuum off"

// pgTemplate is the migrated template: its name, its tables and rows, the
// sum of its schema, which every database made from it shares, and the
// pool of those databases.
type pgTemplate struct {
	name     string
	tables   []string // qualified and quoted
	clearAll string   // deletes every row of every table
	rows     *pgSnapshot
	catalog  string
	pool     *pgPool
}

// pgSnapshot is the rows of a database, kept to be copied into another of
// the same schema.
type pgSnapshot struct {
	tables    []string          // the tables that have rows, in order
	rows      map[string][]byte // by table: COPY's text
	sequences string            // a SELECT that sets every sequence as it was
}

// fingerprint names the template: a hash of the migrations and of how the
// template is prepared.
func fingerprint() string {
	sum := sha256.Sum256([]byte(templateRevision + "\n" + store.Fingerprint(store.Postgres)))
	return hex.EncodeToString(sum[:8])
}

// templateKey returns the advisory lock key of the template named by
// fingerprint fp.
func templateKey(fp string) uint32 {
	return keyOf(fp[:8]) >> 1 // a positive int4
}

// prepareTemplate returns the template migrated to this binary's
// migrations, named by their fingerprint; the first process to need it
// migrates it, under a lock, for every process after it.
func (s *pgServer) prepareTemplate() (*pgTemplate, error) {
	ctx := context.Background()
	fp := fingerprint()
	tpl := &pgTemplate{name: "bbtpl_" + fp}
	if err := s.migrateTemplate(ctx, tpl.name, templateKey(fp)); err != nil {
		return nil, fmt.Errorf("migrate the template: %w", err)
	}
	s.touch(ctx, tpl.name)

	// Read while connected to the template: another process's CREATE
	// DATABASE from it waits (up to 5 s) for the connection to go.
	conn, err := pgconn.Connect(ctx, s.dsn(tpl.name))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	res, err := conn.Exec(ctx, `SELECT oid::regclass::text FROM pg_class WHERE relkind = 'r' AND oid >= 16384 ORDER BY 1`).
		ReadAll()
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var clear strings.Builder
	for _, row := range res[0].Rows {
		tpl.tables = append(tpl.tables, string(row[0]))
		fmt.Fprintf(&clear, "DELETE FROM %s;\n", row[0])
	}
	tpl.clearAll = clear.String()
	if tpl.rows, err = tpl.snapshot(ctx, conn); err != nil {
		return nil, err
	}
	if tpl.catalog, err = catalogSum(ctx, conn); err != nil {
		return nil, err
	}
	tpl.pool = &pgPool{prefix: "bbp_" + fp + "_", template: tpl.name,
		reset: func(ctx context.Context, conn *pgconn.PgConn) error { return tpl.restore(ctx, conn, tpl.rows) },
		// A database whose schema a test changed (or that it analyzed) is
		// not the template's any more.
		keep: func(ctx context.Context, conn *pgconn.PgConn) bool {
			sum, err := catalogSum(ctx, conn)
			return err == nil && sum == tpl.catalog
		}}
	return tpl, nil
}

// migrateTemplate makes template name unless it is there. It is migrated
// under another name and renamed when done, so that the name always means
// a whole template, even when a process dies half-way.
func (s *pgServer) migrateTemplate(ctx context.Context, name string, key uint32) error {
	conn, err := s.admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1::int, $2::int)`, templateLock, key); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1::int, $2::int)`, templateLock, key)

	var n int
	err = s.admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n)
	if err != nil || n == 1 {
		return err
	}
	work := name + "_new"
	if err := s.drop(ctx, work); err != nil {
		return err
	}
	if err := s.create(ctx, work, ""); err != nil {
		return err
	}
	db, err := store.Open(ctx, s.dsn(work))
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	if err == nil {
		// Autovacuum would analyze a pooled database between tests, and a
		// test would plan its queries on the last test's statistics.
		_, err = db.ExecContext(ctx, `DO $$
DECLARE t regclass;
BEGIN
	FOR t IN SELECT oid FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace LOOP
		EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', t);
	END LOOP;
END $$`)
	}
	db.Close()
	if err != nil {
		return err
	}
	if err := s.retry(ctx, `ALTER DATABASE `+work+` RENAME TO `+name); err != nil {
		return fmt.Errorf("rename the template: %w", err)
	}
	return nil
}

// catalogSum sums up the schema of the database conn is connected to: its
// objects and their versions (the transaction that last wrote each). Any
// change to the schema changes the sum, as do statistics on its tables.
func catalogSum(ctx context.Context, conn *pgconn.PgConn) (string, error) {
	res, err := conn.Exec(ctx, `SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
	SELECT 'c' || oid || ':' || xmin FROM pg_class WHERE oid >= 16384
	UNION ALL SELECT 'a' || attrelid || ':' || attnum || ':' || xmin FROM pg_attribute WHERE attrelid >= 16384
	UNION ALL SELECT 'k' || oid || ':' || xmin FROM pg_constraint WHERE oid >= 16384
	UNION ALL SELECT 't' || oid || ':' || xmin FROM pg_trigger WHERE oid >= 16384
	UNION ALL SELECT 'p' || oid || ':' || xmin FROM pg_proc WHERE oid >= 16384
	UNION ALL SELECT 'y' || oid || ':' || xmin FROM pg_type WHERE oid >= 16384
	UNION ALL SELECT 'n' || oid || ':' || xmin FROM pg_namespace WHERE oid >= 16384
	UNION ALL SELECT 'f' || oid || ':' || xmin FROM pg_ts_config WHERE oid >= 16384
	UNION ALL SELECT 's' || count(*) FROM pg_statistic WHERE starelid >= 16384
) AS objects (x)`).ReadAll()
	if err != nil {
		return "", err
	}
	return string(res[0].Rows[0][0]), nil
}

// snapshot copies out the rows of the database conn is connected to.
func (tpl *pgTemplate) snapshot(ctx context.Context, conn *pgconn.PgConn) (*pgSnapshot, error) {
	snap := &pgSnapshot{rows: map[string][]byte{}}
	for _, table := range tpl.tables {
		var b strings.Builder
		if _, err := conn.CopyTo(ctx, &b, `COPY `+table+` TO STDOUT`); err != nil {
			return nil, fmt.Errorf("copy out %s: %w", table, err)
		}
		if b.Len() > 0 {
			snap.tables = append(snap.tables, table)
			snap.rows[table] = []byte(b.String())
		}
	}
	res, err := conn.Exec(ctx, `SELECT coalesce(string_agg(format('setval(%L, %s, %L)',
			quote_ident(schemaname) || '.' || quote_ident(sequencename),
			coalesce(last_value, start_value), last_value IS NOT NULL), ', '), '')
		FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read sequences: %w", err)
	}
	if setvals := string(res[0].Rows[0][0]); setvals != "" {
		snap.sequences = "SELECT " + setvals
	}
	return snap, nil
}

// restore replaces every row of the database conn is connected to with the
// snapshot's, and sets its sequences as they were, in one transaction with
// triggers and foreign keys off: the rows are copied as they were, derived
// tables and all.
func (tpl *pgTemplate) restore(ctx context.Context, conn *pgconn.PgConn, snap *pgSnapshot) error {
	_, err := conn.Exec(ctx, "BEGIN;\nSET LOCAL session_replication_role = replica;\n"+tpl.clearAll).ReadAll()
	for _, table := range snap.tables {
		if err != nil {
			break
		}
		_, err = conn.CopyFrom(ctx, strings.NewReader(string(snap.rows[table])), `COPY `+table+` FROM STDIN`)
		if err != nil {
			err = fmt.Errorf("copy into %s: %w", table, err)
		}
	}
	if err == nil && snap.sequences != "" {
		_, err = conn.Exec(ctx, snap.sequences).ReadAll()
	}
	if err == nil {
		_, err = conn.Exec(ctx, "COMMIT").ReadAll()
	}
	if err != nil {
		_, _ = conn.Exec(ctx, "ROLLBACK").ReadAll()
		return fmt.Errorf("restore the rows: %w", err)
	}
	return nil
}
