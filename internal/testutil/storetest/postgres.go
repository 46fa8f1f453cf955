package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Test databases on PostgreSQL
//
// Creating a database, even from a template, takes a quarter of a second or
// more (PostgreSQL copies its 8 MB of catalogs), and dropping one waits for
// a checkpoint of the whole server: both far longer than most tests. So
// test processes share pools of databases, kept on the server from run to
// run: one of databases made from a migrated template, and one of empty
// databases (for SchemaURL). A process takes a database from a pool by
// taking its advisory lock, which PostgreSQL lets go when the process ends,
// however it ends. A test gets a database restored to the template's rows
// (or to a fixture's), or emptied, and gives it back when it ends; a
// database whose schema the test changed is dropped instead. Restoring
// deletes every row and copies the kept rows in, with triggers and foreign
// keys off (session_replication_role = replica, which takes a superuser,
// as the test server's postgres user is).
//
// The names: bbtpl_<fingerprint> is the template, <fingerprint> a hash of
// the migrations (store.Fingerprint) and of how the template is prepared;
// bbp_<fingerprint>_<key> is a database of its pool, and bbe_<key> an
// empty database. <key> is the database's advisory lock key.
var (
	poolName = regexp.MustCompile(`^bbp_([0-9a-f]{16})_[0-9a-f]{8}$`)
	tplName  = regexp.MustCompile(`^bbtpl_([0-9a-f]{16})$`)
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

	// template returns the migrated template and its pool, migrating the
	// template the first time when no process did before.
	template func() (*pgTemplate, error)
	empty    *pgPool

	mu   sync.Mutex
	mine map[string]*pgDatabase // every database this process holds, by name
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

// connect connects to the server, drops the templates and pools of other
// migrations that nobody used for long, and returns the server.
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
	s.empty = &pgPool{prefix: "bbe_", reset: emptyDatabase}
	s.dropStale(ctx)
	return s, nil
}

// keyOf returns the advisory lock key written in hex at the end of name.
func keyOf(name string) uint32 {
	k, _ := strconv.ParseUint(name[len(name)-8:], 16, 32)
	return uint32(k)
}

// tryLock takes the advisory lock (class, key) for this process, unless
// another process holds it. A process may take a lock it holds already:
// callers keep track of the databases they hold.
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

// dropStale drops the templates and pools of other migrations unused for
// staleAfter, those that no process holds.
func (s *pgServer) dropStale(ctx context.Context) {
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
	left := map[string]int{} // databases left in each template's pool
	for name, comment := range used {
		m := poolName.FindStringSubmatch(name)
		if m != nil && (m[1] == current || !stale(comment) || !s.dropIdle(ctx, name)) {
			left[m[1]]++
		}
	}
	for name, comment := range used {
		m := tplName.FindStringSubmatch(name)
		if m == nil || m[1] == current || left[m[1]] > 0 || !stale(comment) ||
			!s.tryLock(ctx, templateLock, templateKey(m[1])) {
			continue
		}
		_ = s.drop(ctx, name)
		s.unlock(ctx, templateLock, templateKey(m[1]))
	}
}

// dropIdle drops database name unless a process holds it, and reports
// whether it did.
func (s *pgServer) dropIdle(ctx context.Context, name string) bool {
	if !s.tryLock(ctx, databaseLock, keyOf(name)) {
		return false
	}
	defer s.unlock(ctx, databaseLock, keyOf(name))
	return s.drop(ctx, name) == nil
}

// touch notes on database name that it was used now, for dropStale.
func (s *pgServer) touch(ctx context.Context, name string) {
	_, _ = s.admin.ExecContext(
		ctx,
		fmt.Sprintf(`COMMENT ON DATABASE %s IS 'storetest: last used %d'`, name, time.Now().Unix()),
	)
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
		if _, err = s.admin.ExecContext(ctx, q); err == nil ||
			!strings.Contains(err.Error(), "is being accessed by other users") {
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

// emptyDatabase drops every schema of the database conn is connected to and
// makes public again, as an empty database has it.
func emptyDatabase(ctx context.Context, conn *pgconn.PgConn) error {
	_, err := conn.Exec(ctx, `BEGIN;
DO $$
DECLARE n name;
BEGIN
	FOR n IN SELECT nspname FROM pg_namespace
		WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\_%temp\_%' LOOP
		EXECUTE format('DROP SCHEMA %I CASCADE', n);
	END LOOP;
END $$;
CREATE SCHEMA public;
COMMIT`).ReadAll()
	if err != nil {
		_, _ = conn.Exec(ctx, "ROLLBACK").ReadAll()
	}
	return err
}
