package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestQueryKept checks that QueryKept gives what QueryContext gives, keeps
// each text's statement prepared once, keeps no more than the bound (the
// least recently used going first), is safe to use from several goroutines
// while statements come and go, and that Close closes the kept statements
// with the database.
func TestQueryKept(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kept.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3), (4)`); err != nil {
		t.Fatal(err)
	}
	// count adds up what a query gives; sum does it in the test's goroutine.
	count := func(query string, args ...any) (int, error) {
		rows, err := db.QueryKept(ctx, query, args...)
		if err != nil {
			return 0, err
		}
		vs, err := ints(rows)
		total := 0
		for _, v := range vs {
			total += v
		}
		return total, err
	}
	sum := func(query string, args ...any) int {
		t.Helper()
		total, err := count(query, args...)
		if err != nil {
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
				got, err := count(fmt.Sprintf(`SELECT v + %d FROM n WHERE v = $1`, i), g%4+1)
				if err != nil || got != g%4+1+i {
					errs <- fmt.Sprintf("goroutine %d, text %d: %d, %v", g, i, got, err)
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
	// q was used least recently: it went first. A text used again stays
	// while new ones come.
	if _, ok := db.kept.m[q]; ok {
		t.Fatal("the least recently used statement is still kept")
	}
	hot := `SELECT v + 1000 FROM n WHERE v = $1`
	for i := range maxKeptStatements * 2 {
		if got := sum(hot, 1); got != 1001 {
			t.Fatalf("hot text: %d", got)
		}
		sum(fmt.Sprintf(`SELECT v + %d FROM n WHERE v = $1`, 5000+i), 1)
	}
	if _, ok := db.kept.m[hot]; !ok {
		t.Fatal("a text used at every turn was let go")
	}
	// Rows still open on a statement that is let go meanwhile read on.
	rows, err := db.QueryKept(ctx, `SELECT v FROM n ORDER BY v`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range maxKeptStatements + 1 {
		sum(fmt.Sprintf(`SELECT v + %d FROM n WHERE v = $1`, 9000+i), 1)
	}
	if read, err := ints(rows); err != nil || len(read) != 4 {
		t.Fatalf("rows of a statement let go: %v, %v", read, err)
	}
	// A statement taken for a query that has not started yet is not
	// closed under it when it is let go; it is once given back.
	taken, err := db.kept.take(ctx, db.DB, `SELECT v FROM n WHERE v < $1`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range maxKeptStatements {
		sum(fmt.Sprintf(`SELECT v + %d FROM n WHERE v = $1`, 20000+i), 1)
	}
	if !taken.evicted {
		t.Fatal("the taken statement was not let go")
	}
	rows, err = taken.stmt.QueryContext(ctx, 3)
	db.kept.give(taken)
	if err != nil {
		t.Fatalf("a taken statement was closed before its query started: %v", err)
	}
	if read, err := ints(rows); err != nil || len(read) != 2 {
		t.Fatalf("rows of a taken statement: %v, %v", read, err)
	}
	if _, err := taken.stmt.QueryContext(ctx, 3); err == nil {
		t.Fatal("a statement let go and given back is still open")
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

// ints reads the one integer column of rows, and closes them.
func ints(rows *sql.Rows) ([]int, error) {
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, errors.Join(rows.Err(), rows.Close())
}
