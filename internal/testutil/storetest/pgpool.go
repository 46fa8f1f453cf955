package storetest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"backbone/internal/store"
)

// pgPool is a kind of database that test processes share: those of a
// template, or empty ones.
type pgPool struct {
	prefix   string // a database's name is the prefix and its key
	template string // what a new database is made from ("" for PostgreSQL's default)
	// reset makes a database taken from the pool ready for a test. A new
	// one is ready as it is.
	reset func(ctx context.Context, conn *pgconn.PgConn) error
	// keep reports, when a test gives a database back, whether it may go
	// back to the pool; nil keeps every one.
	keep func(ctx context.Context, conn *pgconn.PgConn) bool

	free []*pgDatabase // held by this process, lent to no test (under pgServer.mu)
}

// pgDatabase is a database of a pool, held by this process, with a
// connection of its own to reset it through.
type pgDatabase struct {
	name string
	key  uint32
	conn *pgconn.PgConn
}

// open lends the test a database of the template's pool, holding the
// template's rows, and opens it; it is closed and given back when the test
// ends.
func (s *pgServer) open(t testing.TB) *store.DB {
	t.Helper()
	tpl, err := s.template()
	if err != nil {
		t.Fatalf("the PostgreSQL template: %v", err)
	}
	d := s.lend(t, tpl.pool)
	db, err := store.Open(context.Background(), s.dsn(d.name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openEmpty lends the test an empty database and returns its URL; it is
// given back when the test ends.
func (s *pgServer) openEmpty(t testing.TB) string {
	t.Helper()
	return s.dsn(s.lend(t, s.empty).name)
}

// lend takes a database from pool p for the test, to be given back when it
// ends (after the test's own clean-ups, which close its connections).
func (s *pgServer) lend(t testing.TB, p *pgPool) *pgDatabase {
	t.Helper()
	d, err := s.take(context.Background(), p)
	if err != nil {
		t.Fatalf("a PostgreSQL test database: %v", err)
	}
	t.Cleanup(func() { s.giveBack(p, d) })
	return d
}

// take returns a database of pool p ready for a test: one this process
// holds, one that no process holds, or a new one.
func (s *pgServer) take(ctx context.Context, p *pgPool) (*pgDatabase, error) {
	for {
		s.mu.Lock()
		var d *pgDatabase
		if n := len(p.free); n > 0 {
			d, p.free = p.free[n-1], p.free[:n-1]
		}
		s.mu.Unlock()
		if d == nil {
			break
		}
		if err := p.reset(ctx, d.conn); err == nil {
			return d, nil
		}
		s.discard(d)
	}
	if d := s.claim(ctx, p); d != nil {
		return d, nil
	}
	d := &pgDatabase{key: s.newKey(ctx)}
	d.name = fmt.Sprintf("%s%08x", p.prefix, d.key)
	s.hold(d)
	if err := s.create(ctx, d.name, p.template); err != nil {
		s.discard(d)
		return nil, err
	}
	if err := s.connectTo(ctx, d); err != nil {
		s.discard(d)
		return nil, err
	}
	if p.keep != nil && !p.keep(ctx, d.conn) {
		s.discard(d)
		return nil, fmt.Errorf("%s is not like %s", d.name, p.template)
	}
	s.touch(ctx, d.name)
	return d, nil
}

// claim takes a database of pool p that no process holds and resets it.
func (s *pgServer) claim(ctx context.Context, p *pgPool) *pgDatabase {
	pattern := strings.ReplaceAll(p.prefix, "_", `\_`) + "%"
	rows, err := s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, pattern)
	if err != nil {
		return nil
	}
	var names []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && len(name) == len(p.prefix)+8 {
			names = append(names, name)
		}
	}
	rows.Close()
	for _, name := range names {
		// In this process's books before its lock is tried: the lock is the
		// process's, and would let a second goroutine take it as well.
		d := &pgDatabase{name: name, key: keyOf(name)}
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
		err := s.connectTo(ctx, d)
		if err == nil && p.keep != nil && !p.keep(ctx, d.conn) {
			err = fmt.Errorf("%s is not like %s", d.name, p.template)
		}
		if err == nil {
			err = p.reset(ctx, d.conn)
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

// connectTo opens d's own connection.
func (s *pgServer) connectTo(ctx context.Context, d *pgDatabase) error {
	conn, err := pgconn.Connect(ctx, s.dsn(d.name))
	if err != nil {
		return err
	}
	d.conn = conn
	// A test that left a transaction open would block a reset for ever.
	_, err = conn.Exec(ctx, `SET lock_timeout = '10s'`).ReadAll()
	return err
}

func (s *pgServer) hold(d *pgDatabase) {
	s.mu.Lock()
	s.mine[d.name] = d
	s.mu.Unlock()
}

// giveBack takes back a database lent to a test, to its pool unless the
// pool may not keep it: that one is dropped.
func (s *pgServer) giveBack(p *pgPool, d *pgDatabase) {
	if p.keep != nil && !p.keep(context.Background(), d.conn) {
		s.discard(d)
		return
	}
	s.mu.Lock()
	p.free = append(p.free, d)
	s.mu.Unlock()
}

// discard drops d and lets its lock go, in the background: PostgreSQL 15
// checkpoints the whole server to drop a database, which takes seconds
// while other tests write. (A process that ends first leaves d to the next
// one that claims it, which finds it changed.)
func (s *pgServer) discard(d *pgDatabase) {
	go func() {
		ctx := context.Background()
		if d.conn != nil {
			_ = d.conn.Close(ctx)
		}
		_ = s.drop(ctx, d.name)
		s.unlock(ctx, databaseLock, d.key)
		s.mu.Lock()
		delete(s.mine, d.name)
		s.mu.Unlock()
	}()
}

// lent returns the database of the template's pool that db is connected to.
func (s *pgServer) lent(db *store.DB) (*pgTemplate, *pgDatabase, error) {
	tpl, err := s.template()
	if err != nil {
		return nil, nil, err
	}
	u, err := url.Parse(db.Where)
	if err != nil {
		return nil, nil, err
	}
	name := strings.TrimPrefix(u.Path, "/")
	s.mu.Lock()
	d := s.mine[name]
	s.mu.Unlock()
	if d == nil || !strings.HasPrefix(name, tpl.pool.prefix) {
		return nil, nil, fmt.Errorf("%s is not a database from storetest.Postgres", db.Where)
	}
	return tpl, d, nil
}

// snapshotOf copies out the rows of db, a database lent to a test.
func (s *pgServer) snapshotOf(db *store.DB) (*pgSnapshot, error) {
	tpl, d, err := s.lent(db)
	if err != nil {
		return nil, err
	}
	return tpl.snapshot(context.Background(), d.conn)
}

// restoreInto replaces the rows of db, a database lent to a test, with the
// snapshot's.
func (s *pgServer) restoreInto(db *store.DB, snap *pgSnapshot) error {
	tpl, d, err := s.lent(db)
	if err != nil {
		return err
	}
	return tpl.restore(context.Background(), d.conn, snap)
}
