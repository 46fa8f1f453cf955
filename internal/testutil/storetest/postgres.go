package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"backbone/internal/store"
)

// Test databases on PostgreSQL
//
// Creating a database, even from a template, takes a quarter of a second
// or more (PostgreSQL copies its 8 MB of catalogs), far more than most
// tests. So a test process keeps a few databases, made from a migrated
// template, and lends them out: a test gets one restored to the
// template's rows (or a fixture's), and gives it back when it ends. A
// database whose schema a test changed is dropped rather than given back.
// Restoring deletes every row and copies the kept rows in, with triggers
// and foreign keys off (session_replication_role = replica, which takes a
// superuser, as the test server's postgres user is).

// Advisory lock classes (the first key of PostgreSQL's two-key advisory
// locks) that test processes use on the configured database.
const (
	// ownerLock is held, keyed by its owner number, by every test process
	// for as long as it runs: a database whose owner's lock is free was
	// left behind by a process that is gone.
	ownerLock = 72720
	// templateLock is held while one process migrates a template, so that
	// processes starting together build it once.
	templateLock = 72721
)

// templateRevision changes when the way the template is prepared (not the
// migrations, which the name holds already) does.
const templateRevision = "2: autovacuum off"

// A test process's databases are named bbt_<owner>_<n>; the migrated
// template, which outlives processes, bbtpl_<fingerprint>.
var ownedName = regexp.MustCompile(`^bbt_([0-9a-f]{8})_`)

// testParams are added to every connection's URL: a test need not wait
// for its commits to reach the disk.
const testParams = "synchronous_commit=off"

// pgServer is the configured PostgreSQL server as one test process uses it.
type pgServer struct {
	url   *url.URL
	admin *sql.DB   // connections to the configured database, to create and drop databases
	lock  *sql.Conn // holds this process's owner lock
	owner uint32
	n     atomic.Int64

	// template returns the name of the migrated template database,
	// migrating it the first time when no process did before.
	template func() (string, error)
	// layout is read from the first database made from the template.
	layout     *pgLayout
	layoutOnce sync.Once
	layoutErr  error

	mu    sync.Mutex
	free  []*pgDatabase          // databases to lend
	lent  map[string]*pgDatabase // by name
	close bool
}

// pgLayout is what every database made from the template has: its tables
// and the rows the migrations wrote.
type pgLayout struct {
	tables   []string // qualified and quoted
	clearAll string   // deletes every row of every table
	base     *pgSnapshot
}

// pgSnapshot is the rows of a database, kept to be copied into another of
// the same schema.
type pgSnapshot struct {
	tables    []string          // the tables that have rows, in order
	rows      map[string][]byte // by table: COPY's text
	sequences string            // a SELECT that sets every sequence as it was
}

// pgDatabase is a database of this process, with a connection of its own
// to restore it through.
type pgDatabase struct {
	name    string
	conn    *pgconn.PgConn
	catalog string // catalogSum as made from the template
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

// connect takes an owner number for this process, drops what processes
// that are gone left behind, and returns the server.
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
	s := &pgServer{url: u, admin: admin, lock: lock, lent: map[string]*pgDatabase{}}
	for {
		var b [4]byte
		_, _ = rand.Read(b[:])
		s.owner = binary.BigEndian.Uint32(b[:]) >> 1 // a positive int4
		var ok bool
		if err := lock.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1::int, $2::int)`, ownerLock, s.owner).Scan(&ok); err != nil {
			lock.Close()
			admin.Close()
			return nil, err
		}
		if ok {
			break
		}
	}
	s.dropLeftovers(ctx)
	s.template = sync.OnceValues(s.migrateTemplate)
	return s, nil
}

// dropLeftovers drops the databases of test processes that are gone (a
// process killed before its clean-ups ran leaves them).
func (s *pgServer) dropLeftovers(ctx context.Context) {
	names, err := s.databases(ctx, `bbt\_%`)
	if err != nil {
		return
	}
	gone := map[uint64]bool{}
	for _, name := range names {
		m := ownedName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		owner, _ := strconv.ParseUint(m[1], 16, 32)
		if uint32(owner) == s.owner {
			continue
		}
		free, seen := gone[owner]
		if !seen {
			// Holding a gone process's lock keeps a new process from taking
			// its number while its databases go.
			err := s.lock.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1::int, $2::int)`, ownerLock, owner).Scan(&free)
			free = err == nil && free
			gone[owner] = free
			if free {
				defer s.lock.ExecContext(ctx, `SELECT pg_advisory_unlock($1::int, $2::int)`, ownerLock, owner)
			}
		}
		if free {
			_ = s.drop(ctx, name)
		}
	}
}

// databases lists the databases whose names are LIKE pattern.
func (s *pgServer) databases(ctx context.Context, pattern string) ([]string, error) {
	rows, err := s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, pattern)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

// migrateTemplate returns the name of a database migrated to this binary's
// schema, named by the migrations' fingerprint; the first process to need
// it migrates it, under a lock, for every process after it. A template of
// other migrations is left alone: another checkout may be testing with it.
func (s *pgServer) migrateTemplate() (string, error) {
	ctx := context.Background()
	sum := sha256.Sum256([]byte(templateRevision + "\n" + store.Fingerprint(store.Postgres)))
	name := "bbtpl_" + hex.EncodeToString(sum[:8])
	key := int32(binary.BigEndian.Uint32(sum[:4]))

	conn, err := s.admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1::int, $2::int)`, templateLock, key); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1::int, $2::int)`, templateLock, key)

	if names, err := s.databases(ctx, name); err != nil || len(names) == 1 {
		return name, err
	}
	// Migrated under another name and renamed when done, so that the name
	// always means a whole template, even if this process dies half-way.
	work := name + "_new"
	if err := s.drop(ctx, work); err != nil {
		return "", err
	}
	if err := s.create(ctx, work, ""); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, s.dsn(work))
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	if err == nil {
		// Autovacuum would analyze a lent database between tests, and a
		// test would then plan its queries on the last test's statistics.
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
		return "", err
	}
	if err := s.retry(ctx, `ALTER DATABASE `+work+` RENAME TO `+name); err != nil {
		return "", fmt.Errorf("rename the template: %w", err)
	}
	return name, nil
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
// is in use: the backend of a connection just closed may take a moment to
// go, and PostgreSQL waits only 5 s for it.
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
	name := fmt.Sprintf("bbt_%08x_%d", s.owner, s.n.Add(1))
	if err := s.create(context.Background(), name, ""); err != nil {
		t.Fatalf("create an empty test database: %v", err)
	}
	t.Cleanup(func() {
		if err := s.drop(context.Background(), name); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
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

// borrow returns a database restored to the template's rows: one given
// back, or a new one.
func (s *pgServer) borrow() (*pgDatabase, error) {
	ctx := context.Background()
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
		if err := s.restore(ctx, d, s.layout.base); err == nil {
			s.lend(d)
			return d, nil
		}
		s.discard(d)
	}
	d, err := s.newDatabase(ctx)
	if err != nil {
		return nil, err
	}
	s.layoutOnce.Do(func() { s.layout, s.layoutErr = readLayout(ctx, d.conn) })
	if s.layoutErr != nil {
		s.discard(d)
		return nil, s.layoutErr
	}
	s.lend(d)
	return d, nil
}

func (s *pgServer) lend(d *pgDatabase) {
	s.mu.Lock()
	s.lent[d.name] = d
	s.mu.Unlock()
}

// newDatabase makes a database from the template.
func (s *pgServer) newDatabase(ctx context.Context) (*pgDatabase, error) {
	template, err := s.template()
	if err != nil {
		return nil, fmt.Errorf("migrate the template: %w", err)
	}
	d := &pgDatabase{name: fmt.Sprintf("bbt_%08x_%d", s.owner, s.n.Add(1))}
	if err := s.create(ctx, d.name, template); err != nil {
		return nil, err
	}
	d.conn, err = pgconn.Connect(ctx, s.dsn(d.name))
	if err == nil {
		// A test that left a transaction open would block a restore for ever.
		_, err = d.conn.Exec(ctx, `SET lock_timeout = '10s'`).ReadAll()
	}
	if err == nil {
		d.catalog, err = catalogSum(ctx, d.conn)
	}
	if err != nil {
		s.discard(d)
		return nil, err
	}
	return d, nil
}

// giveBack takes back a database lent to a test, unless the test changed
// its schema (or left statistics on its tables): that one is dropped.
func (s *pgServer) giveBack(d *pgDatabase) {
	s.mu.Lock()
	delete(s.lent, d.name)
	closing := s.close
	s.mu.Unlock()
	sum, err := catalogSum(context.Background(), d.conn)
	if closing || err != nil || sum != d.catalog {
		s.discard(d)
		return
	}
	s.mu.Lock()
	s.free = append(s.free, d)
	s.mu.Unlock()
}

// discard closes and drops d.
func (s *pgServer) discard(d *pgDatabase) {
	if d.conn != nil {
		_ = d.conn.Close(context.Background())
	}
	_ = s.drop(context.Background(), d.name)
}

// lentDatabase returns the database of this process that db is connected to.
func (s *pgServer) lentDatabase(db *store.DB) (*pgDatabase, error) {
	u, err := url.Parse(db.Where)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.lent[strings.TrimPrefix(u.Path, "/")]; d != nil {
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

// readLayout reads the tables and rows of a database just made from the
// template.
func readLayout(ctx context.Context, conn *pgconn.PgConn) (*pgLayout, error) {
	res, err := conn.Exec(ctx, `SELECT oid::regclass::text FROM pg_class
		WHERE relkind = 'r' AND oid >= 16384 AND relnamespace <> 'pg_toast'::regnamespace ORDER BY 1`).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	l := &pgLayout{}
	var clear strings.Builder
	for _, row := range res[0].Rows {
		l.tables = append(l.tables, string(row[0]))
		fmt.Fprintf(&clear, "DELETE FROM %s;\n", row[0])
	}
	l.clearAll = clear.String()
	l.base, err = l.snapshot(ctx, conn)
	return l, err
}

// snapshot copies out the rows of the database conn is connected to.
func (l *pgLayout) snapshot(ctx context.Context, conn *pgconn.PgConn) (*pgSnapshot, error) {
	snap := &pgSnapshot{rows: map[string][]byte{}}
	for _, table := range l.tables {
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
	_, err := d.conn.Exec(ctx, "BEGIN;\nSET LOCAL session_replication_role = replica;\n"+s.layout.clearAll).ReadAll()
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
	return s.layout.snapshot(context.Background(), d.conn)
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

// closeAll drops every database this process made and lets its
// connections go, for Main.
func (s *pgServer) closeAll() error {
	s.mu.Lock()
	s.close = true
	free := s.free
	s.free = nil
	s.mu.Unlock()
	for _, d := range free {
		s.discard(d)
	}
	ctx := context.Background()
	names, err := s.databases(ctx, fmt.Sprintf(`bbt\_%08x\_%%`, s.owner))
	for _, name := range names {
		err = errors.Join(err, s.drop(ctx, name))
	}
	s.lock.Close()
	s.admin.Close()
	return err
}
