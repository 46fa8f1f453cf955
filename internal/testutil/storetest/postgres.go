package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"backbone/internal/store"
)

// Test databases on PostgreSQL
//
// Creating a database, even from a template, takes a quarter of a second or
// more (PostgreSQL copies its 8 MB of catalogs), and dropping one waits for
// a checkpoint of the whole server: both far longer than most tests. So
// the test processes share a pool of databases made from a migrated
// template and kept on the server from run to run. A process takes a
// database from the pool by taking its advisory lock, which PostgreSQL lets
// go when the process ends, however it ends. A test gets a database
// restored to the template's rows (or to a fixture's) and gives it back
// when it ends; a database whose schema the test changed is dropped
// instead. Restoring deletes every row and copies the kept rows in, with
// triggers and foreign keys off (session_replication_role = replica, which
// takes a superuser, as the test server's postgres user is).
//
// The names: bbtpl_<fingerprint> is the template migrated to the
// migrations whose store.Fingerprint starts with <fingerprint>,
// bbp_<fingerprint>_<key> a database of its pool, and bbe_<key> an empty
// database for SchemaURL. <key> is the database's advisory lock key.
var (
	poolName  = regexp.MustCompile(`^bbp_([0-9a-f]{16})_([0-9a-f]{8})$`)
	emptyName = regexp.MustCompile(`^bbe_([0-9a-f]{8})$`)
	tplName   = regexp.MustCompile(`^bbtpl_([0-9a-f]{16})$`)
)

// Advisory lock classes (the first key of PostgreSQL's two-key advisory
// locks) that test processes take on the configured database.
const (
	// databaseLock, keyed by a database's key, is held by the process
	// that uses the database.
	databaseLock = 72720
	// templateLock, keyed by a template's, is held while the template is
	// migrated or dropped.
	templateLock = 72721
)

// templateRevision changes when the way the template is prepared (not the
// migrations, which its name holds already) does.
const templateRevision = "2: autovacuum off"

// staleAfter is how long the template and pool of other migrations are
// kept unused (another checkout may be testing with them) before a test
// process drops them.
const staleAfter = 48 * time.Hour

// testParams are added to every connection's URL: a test need not wait for
// its commits to reach the disk.
const testParams = "synchronous_commit=off"

// pgServer is the configured PostgreSQL server as one test process uses it.
type pgServer struct {
	url   *url.URL
	admin *sql.DB // connections to the configured database, to create and drop databases

	lockMu sync.Mutex
	lock   *sql.Conn // holds the advisory locks of the databases this process uses

	// template returns the migrated template, migrating it the first time
	// when no process did before.
	template func() (*pgTemplate, error)

	mu   sync.Mutex
	mine map[string]*pgDatabase // every database this process holds, by name
	free []*pgDatabase          // those no test has
}

// pgTemplate is the migrated template: its name, the fingerprint in it, its
// tables and rows, and the sum of its schema, which every database made
// from it shares.
type pgTemplate struct {
	name, fingerprint string
	tables            []string // qualified and quoted
	clearAll          string   // deletes every row of every table
	rows              *pgSnapshot
	catalog           string
}

// pgSnapshot is the rows of a database, kept to be copied into another of
// the same schema.
type pgSnapshot struct {
	tables    []string          // the tables that have rows, in order
	rows      map[string][]byte // by table: COPY's text
	sequences string            // a SELECT that sets every sequence as it was
}

// pgDatabase is a database of the pool held by this process, with a
// connection of its own to restore it through.
type pgDatabase struct {
	name string
	key  uint32
	conn *pgconn.PgConn
}

var (
	serversMu sync.Mutex
	servers   = map[string]*pgServer{}
)

// server returns the configured PostgreSQL server, connecting the first
// time; it skips the test when the server is not configured (or fails it,
// when BACKBONE_REQUIRE_POSTGRES=1) or does not answer.
func server(t testing.TB) *pgServer {
	t.Helper()
	return serverAt(t, PostgresURL(t))
}

// serverAt returns the PostgreSQL server at raw, as server does.
func serverAt(t testing.TB, raw string) *pgServer {
	t.Helper()
	serversMu.Lock()
	defer serversMu.Unlock()
	if s := servers[raw]; s != nil {
		return s
	}
	s, err := connect(raw)
	if err != nil {
		if !required() {
			t.Skipf("PostgreSQL at BACKBONE_TEST_POSTGRES does not answer (%v)", err)
		}
		t.Fatalf("PostgreSQL test server: %v", err)
	}
	servers[raw] = s
	return s
}

// connect connects to the server, drops what is left of processes and
// templates gone by, and returns the server.
func connect(raw string) (*pgServer, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, err
	}
	admin.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	lock, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		return nil, err
	}
	s := &pgServer{url: u, admin: admin, lock: lock, mine: map[string]*pgDatabase{}}
	s.template = sync.OnceValues(s.prepareTemplate)
	s.dropLeftovers(ctx)
	return s, nil
}

// fingerprint is the part of the migrations' fingerprint that names the
// template.
func fingerprint() string {
	sum := sha256.Sum256([]byte(templateRevision + "\n" + store.Fingerprint(store.Postgres)))
	return hex.EncodeToString(sum[:8])
}

// keyOf returns the advisory lock key written in a database's name.
func keyOf(hexKey string) uint32 {
	k, _ := strconv.ParseUint(hexKey, 16, 32)
	return uint32(k)
}

// templateKey returns the advisory lock key of the template named by
// fingerprint fp.
func templateKey(fp string) uint32 {
	return keyOf(fp[:8]) >> 1 // a positive int4
}

// tryLock takes the advisory lock (class, key) for this process, unless
// another process holds it. A process may take a lock it holds already:
// callers skip the databases they hold.
func (s *pgServer) tryLock(ctx context.Context, class int, key uint32) bool {
	s.lockMu.Lock()
	defer s.lockMu.Unlock()
	var ok bool
	err := s.lock.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1::int, $2::int)`, class, key).Scan(&ok)
	return err == nil && ok
}

func (s *pgServer) unlock(ctx context.Context, class int, key uint32) {
	s.lockMu.Lock()
	defer s.lockMu.Unlock()
	_, _ = s.lock.ExecContext(ctx, `SELECT pg_advisory_unlock($1::int, $2::int)`, class, key)
}

// newKey takes the lock of a new, random database key.
func (s *pgServer) newKey(ctx context.Context) uint32 {
	for {
		var b [4]byte
		_, _ = rand.Read(b[:])
		if key := binary.BigEndian.Uint32(b[:]) >> 1; s.tryLock(ctx, databaseLock, key) {
			return key
		}
	}
}

// dropLeftovers drops the empty databases of processes that are gone, and
// the templates and pools of other migrations unused for staleAfter.
func (s *pgServer) dropLeftovers(ctx context.Context) {
	rows, err := s.admin.QueryContext(ctx, `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '')
		FROM pg_database WHERE datname LIKE 'bb%'`)
	if err != nil {
		return
	}
	used := map[string]string{}
	for rows.Next() {
		var name, comment string
		if rows.Scan(&name, &comment) == nil {
			used[name] = comment
		}
	}
	rows.Close()
	current := fingerprint()
	stale := func(comment string) bool {
		at, err := strconv.ParseInt(strings.TrimPrefix(comment, "storetest: last used "), 10, 64)
		return err != nil || time.Since(time.Unix(at, 0)) > staleAfter
	}
	pools := map[string]int{} // by fingerprint: databases left
	for name, comment := range used {
		if m := emptyName.FindStringSubmatch(name); m != nil {
			s.dropIdle(ctx, name, keyOf(m[1]))
		}
		if m := poolName.FindStringSubmatch(name); m != nil {
			if m[1] == current || !stale(comment) || !s.dropIdle(ctx, name, keyOf(m[2])) {
				pools[m[1]]++
			}
		}
	}
	for name, comment := range used {
		m := tplName.FindStringSubmatch(name)
		if m == nil || m[1] == current || pools[m[1]] > 0 || !stale(comment) || !s.tryLock(ctx, templateLock, templateKey(m[1])) {
			continue
		}
		_ = s.drop(ctx, name)
		s.unlock(ctx, templateLock, templateKey(m[1]))
	}
}

// dropIdle drops database name unless a process holds its lock, and
// reports whether it did.
func (s *pgServer) dropIdle(ctx context.Context, name string, key uint32) bool {
	if !s.tryLock(ctx, databaseLock, key) {
		return false
	}
	defer s.unlock(ctx, databaseLock, key)
	return s.drop(ctx, name) == nil
}

// touch notes on database name that it was used now, for dropLeftovers.
func (s *pgServer) touch(ctx context.Context, name string) {
	_, _ = s.admin.ExecContext(ctx, fmt.Sprintf(`COMMENT ON DATABASE %s IS 'storetest: last used %d'`, name, time.Now().Unix()))
}

// prepareTemplate returns the template migrated to this binary's
// migrations, named by their fingerprint; the first process to need it
// migrates it, under a lock, for every process after it.
func (s *pgServer) prepareTemplate() (*pgTemplate, error) {
	ctx := context.Background()
	fp := fingerprint()
	tpl := &pgTemplate{name: "bbtpl_" + fp, fingerprint: fp}
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
	res, err := conn.Exec(ctx, `SELECT oid::regclass::text FROM pg_class WHERE relkind = 'r' AND oid >= 16384 ORDER BY 1`).ReadAll()
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
	if err := s.admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil || n == 1 {
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

// dsn returns the URL of the database called name.
func (s *pgServer) dsn(name string) string {
	u := *s.url
	u.Path = "/" + name
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += testParams
	return u.String()
}

// create makes database name as a copy of template (PostgreSQL's default
// template when "").
func (s *pgServer) create(ctx context.Context, name, template string) error {
	q := `CREATE DATABASE ` + name
	if template != "" {
		q += ` TEMPLATE ` + template
	}
	return s.retry(ctx, q)
}

// retry runs q, again while PostgreSQL says a database it needs to itself
// is in use: a connection just closed may take a moment to go, and
// PostgreSQL waits only 5 s for it.
func (s *pgServer) retry(ctx context.Context, q string) error {
	var err error
	for range 5 {
		if _, err = s.admin.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "is being accessed by other users") {
			return err
		}
	}
	return err
}

// drop drops database name, closing any connection still open to it.
func (s *pgServer) drop(ctx context.Context, name string) error {
	_, err := s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	return err
}

// openEmpty creates an empty database (from PostgreSQL's default template)
// and returns its URL; it is dropped when the test ends.
func (s *pgServer) openEmpty(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	key := s.newKey(ctx)
	name := fmt.Sprintf("bbe_%08x", key)
	if err := s.create(ctx, name, ""); err != nil {
		s.unlock(ctx, databaseLock, key)
		t.Fatalf("create an empty test database: %v", err)
	}
	t.Cleanup(func() {
		if err := s.drop(ctx, name); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
		s.unlock(ctx, databaseLock, key)
	})
	return s.dsn(name)
}

// open lends the test a database holding the template's rows and opens
// it; the database is closed and given back when the test ends.
func (s *pgServer) open(t testing.TB) *store.DB {
	t.Helper()
	d, err := s.borrow()
	if err != nil {
		t.Fatalf("a PostgreSQL test database: %v", err)
	}
	t.Cleanup(func() { s.giveBack(d) })
	db, err := store.Open(context.Background(), s.dsn(d.name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// borrow returns a database of the pool restored to the template's rows:
// one this process holds, one no process holds, or a new one.
func (s *pgServer) borrow() (*pgDatabase, error) {
	ctx := context.Background()
	tpl, err := s.template()
	if err != nil {
		return nil, err
	}
	for {
		s.mu.Lock()
		var d *pgDatabase
		if n := len(s.free); n > 0 {
			d, s.free = s.free[n-1], s.free[:n-1]
		}
		s.mu.Unlock()
		if d == nil {
			break
		}
		if err := s.restore(ctx, d, tpl.rows); err == nil {
			return d, nil
		}
		s.discard(d)
	}
	if d := s.claim(ctx, tpl); d != nil {
		return d, nil
	}
	return s.newDatabase(ctx, tpl)
}

// claim takes a database of the pool that no process holds, checks that
// its schema is the template's, and restores the template's rows in it.
func (s *pgServer) claim(ctx context.Context, tpl *pgTemplate) *pgDatabase {
	rows, err := s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, `bbp\_`+tpl.fingerprint+`\_%`)
	if err != nil {
		return nil
	}
	var names []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	rows.Close()
	for _, name := range names {
		m := poolName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		// Held in this process's books before its lock is tried: the lock
		// is the process's, and would let a second goroutine take it too.
		d := &pgDatabase{name: name, key: keyOf(m[2])}
		s.mu.Lock()
		_, held := s.mine[name]
		if !held {
			s.mine[name] = d
		}
		s.mu.Unlock()
		if held {
			continue
		}
		if !s.tryLock(ctx, databaseLock, d.key) {
			s.mu.Lock()
			delete(s.mine, name)
			s.mu.Unlock()
			continue
		}
		err := s.connectTo(ctx, d, tpl)
		if err == nil {
			err = s.restore(ctx, d, tpl.rows)
		}
		if err != nil {
			s.discard(d)
			continue
		}
		s.touch(ctx, name)
		return d
	}
	return nil
}

// newDatabase adds a database made from the template to the pool.
func (s *pgServer) newDatabase(ctx context.Context, tpl *pgTemplate) (*pgDatabase, error) {
	d := &pgDatabase{key: s.newKey(ctx)}
	d.name = fmt.Sprintf("bbp_%s_%08x", tpl.fingerprint, d.key)
	if err := s.create(ctx, d.name, tpl.name); err != nil {
		s.unlock(ctx, databaseLock, d.key)
		return nil, err
	}
	if err := s.connectTo(ctx, d, tpl); err != nil {
		s.discard(d)
		return nil, err
	}
	s.touch(ctx, d.name)
	s.hold(d)
	return d, nil
}

// connectTo opens d's own connection and checks that its schema is the
// template's.
func (s *pgServer) connectTo(ctx context.Context, d *pgDatabase, tpl *pgTemplate) error {
	conn, err := pgconn.Connect(ctx, s.dsn(d.name))
	if err != nil {
		return err
	}
	d.conn = conn
	// A test that left a transaction open would block a restore for ever.
	if _, err := conn.Exec(ctx, `SET lock_timeout = '10s'`).ReadAll(); err != nil {
		return err
	}
	sum, err := catalogSum(ctx, conn)
	if err == nil && sum != tpl.catalog {
		err = fmt.Errorf("%s: the schema is not the template's", d.name)
	}
	return err
}

func (s *pgServer) hold(d *pgDatabase) {
	s.mu.Lock()
	s.mine[d.name] = d
	s.mu.Unlock()
}

// giveBack takes back a database lent to a test, unless the test changed
// its schema (or left statistics on its tables): that one is dropped.
func (s *pgServer) giveBack(d *pgDatabase) {
	ctx := context.Background()
	tpl, _ := s.template()
	sum, err := catalogSum(ctx, d.conn)
	if err != nil || sum != tpl.catalog {
		s.discard(d)
		return
	}
	s.mu.Lock()
	s.free = append(s.free, d)
	s.mu.Unlock()
}

// discard drops d and lets its lock go.
func (s *pgServer) discard(d *pgDatabase) {
	ctx := context.Background()
	if d.conn != nil {
		_ = d.conn.Close(ctx)
	}
	_ = s.drop(ctx, d.name)
	s.unlock(ctx, databaseLock, d.key)
	s.mu.Lock()
	delete(s.mine, d.name)
	s.mu.Unlock()
}

// lentDatabase returns the database of the pool that db is connected to.
func (s *pgServer) lentDatabase(db *store.DB) (*pgDatabase, error) {
	u, err := url.Parse(db.Where)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.mine[strings.TrimPrefix(u.Path, "/")]; d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("%s is not a database from storetest.Postgres", db.Where)
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
		quote_ident(schemaname) || '.' || quote_ident(sequencename), coalesce(last_value, start_value), last_value IS NOT NULL), ', '), '')
		FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read sequences: %w", err)
	}
	if setvals := string(res[0].Rows[0][0]); setvals != "" {
		snap.sequences = "SELECT " + setvals
	}
	return snap, nil
}

// restore replaces every row of d with the snapshot's, and sets its
// sequences as they were, in one transaction with triggers and foreign
// keys off: the rows are copied as they were, derived tables and all.
func (s *pgServer) restore(ctx context.Context, d *pgDatabase, snap *pgSnapshot) error {
	tpl, err := s.template()
	if err != nil {
		return err
	}
	_, err = d.conn.Exec(ctx, "BEGIN;\nSET LOCAL session_replication_role = replica;\n"+tpl.clearAll).ReadAll()
	for _, table := range snap.tables {
		if err != nil {
			break
		}
		_, err = d.conn.CopyFrom(ctx, strings.NewReader(string(snap.rows[table])), `COPY `+table+` FROM STDIN`)
		if err != nil {
			err = fmt.Errorf("copy into %s: %w", table, err)
		}
	}
	if err == nil && snap.sequences != "" {
		_, err = d.conn.Exec(ctx, snap.sequences).ReadAll()
	}
	if err == nil {
		_, err = d.conn.Exec(ctx, "COMMIT").ReadAll()
	}
	if err != nil {
		_, _ = d.conn.Exec(ctx, "ROLLBACK").ReadAll()
		return fmt.Errorf("restore %s: %w", d.name, err)
	}
	return nil
}

// snapshotOf copies out the rows of db, a database lent to a test.
func (s *pgServer) snapshotOf(db *store.DB) (*pgSnapshot, error) {
	d, err := s.lentDatabase(db)
	if err != nil {
		return nil, err
	}
	tpl, err := s.template()
	if err != nil {
		return nil, err
	}
	return tpl.snapshot(context.Background(), d.conn)
}

// restoreInto replaces the rows of db, a database lent to a test, with the
// snapshot's.
func (s *pgServer) restoreInto(db *store.DB, snap *pgSnapshot) error {
	d, err := s.lentDatabase(db)
	if err != nil {
		return err
	}
	return s.restore(context.Background(), d, snap)
}
