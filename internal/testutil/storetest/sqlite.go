package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"backbone/internal/store"
)

// sqliteBase returns the bytes of a freshly migrated SQLite database,
// migrated the first time it is called in a test process.
var sqliteBase = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "backbone-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "template.db"))
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return sqliteBytes(db)
})

// sqliteBytes closes db and returns its file, whole: the write-ahead log is
// folded into the file first, so that a copy of the file alone holds every
// change.
func sqliteBytes(db *store.DB) ([]byte, error) {
	_, err := db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", db.Where, err)
	}
	if fi, err := os.Stat(db.Where + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("%s: %d bytes left in the write-ahead log after closing", db.Where, fi.Size())
	}
	return os.ReadFile(db.Where)
}

// openSQLiteCopy writes data into a new file in a temporary folder and
// opens it; the database is closed and the folder removed when the test
// ends. The folder is not t.TempDir(), whose name holds the test's, in
// which a # (as in "copy#01") would end the path in store.Open's URL.
func openSQLiteCopy(t testing.TB, data []byte) *store.DB {
	t.Helper()
	dir, err := os.MkdirTemp("", "backbone-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "test.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
