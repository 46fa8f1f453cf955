package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestQueryKept checks that QueryKept gives what QueryContext gives, keeps
// each text's statement prepared once, runs texts past the bound unkept,
// is safe to use from several goroutines, and that Close closes the kept
// statements with the database.
func TestQueryKept(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kept.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3), (4)`); err != nil {
		t.Fatal(err)
	}
	sum := func(query string, args ...any) int {
		t.Helper()
		rows, err := db.QueryKept(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		total := 0
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			total += v
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return total
	}
	const q = `SELECT v FROM n WHERE v >= $1`
	if a, b := sum(q, 2), sum(q, 4); a != 9 || b != 4 {
		t.Fatalf("sums %d, %d, want 9, 4", a, b)
	}
	if n := len(db.kept.m); n != 1 {
		t.Fatalf("%d statements kept, want 1", n)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range maxKeptStatements + 10 {
				// Each text asks for a different value, so that a wrong
				// statement would give a wrong sum.
				if got := sum(fmt.Sprintf(`SELECT v + %d FROM n WHERE v = $1`, i), g%4+1); got != g%4+1+i {
					errs <- fmt.Sprintf("goroutine %d, text %d: %d", g, i, got)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := len(db.kept.m); n != maxKeptStatements {
		t.Fatalf("%d statements kept, want the bound, %d", n, maxKeptStatements)
	}
	if _, err := db.QueryKept(ctx, `SELECT nothing FROM nowhere`); err == nil {
		t.Fatal("a bad statement was run")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if len(db.kept.m) != 0 {
		t.Fatal("statements kept after Close")
	}
}
