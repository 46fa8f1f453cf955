package events_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"

	"backbone/internal/account"
	"backbone/internal/events"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// record writes n audit events of an entity the dispatcher sees, and one
// it does not (a sign-in), each in its own transaction.
func record(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			return account.Record(ctx, tx, account.SystemActor("test"), account.Event{At: db.Now(),
				Action: "activity_create", EntityType: "initiative", EntityID: "1", Summary: fmt.Sprint("activity ", i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := account.Record(ctx, db, account.SystemActor("test"), account.Event{At: db.Now(),
		Action: "login", EntityType: "user", EntityID: "1"}); err != nil {
		t.Fatal(err)
	}
}

func pending(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM event_pending`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDispatchOnceAcrossInstances runs four dispatchers at once on one
// database, as four instances would: every event reaches the handler
// exactly once, and none is left pending.
func TestDispatchOnceAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, 120)
		if got := pending(t, db); got != 120 {
			t.Fatalf("%d events pending, want 120 (a sign-in is not dispatched)", got)
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			d := events.NewDispatcher(db, quiet)
			d.Batch = 10
			d.Handle("count", func(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
				// A row written in the dispatch transaction commits with it.
				if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, 'x', $2)`,
					fmt.Sprint("seen-", e.ID), db.Now()); err != nil {
					return err
				}
				mu.Lock()
				seen[e.ID]++
				mu.Unlock()
				return nil
			})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := d.RunOnce(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != 120 {
			t.Errorf("%d events dispatched, want 120", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("event %d dispatched %d times", id, n)
			}
		}
		if got := pending(t, db); got != 0 {
			t.Errorf("%d events still pending", got)
		}
	})
}

// TestDispatchFailureRollsBack: a handler that fails rolls back what the
// others wrote, keeps the event pending with its error, and the event is
// dispatched whole on a later try.
func TestDispatchFailureRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, 1)
		fail := true
		writes := 0
		d := events.NewDispatcher(db, quiet)
		d.Handle("write", func(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('written', 'x', $1)`, db.Now())
			return err
		})
		d.Handle("flaky", func(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
			writes++
			if fail {
				return errors.New("the webhook table is locked")
			}
			return nil
		})
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = 'written'`).Scan(&n)
		if n != 0 || pending(t, db) != 1 {
			t.Fatalf("after a failed dispatch: %d rows written, %d pending; want 0 and 1", n, pending(t, db))
		}
		waiting, _, err := events.Pending(ctx, db, d.MaxAttempts)
		if err != nil || waiting != 1 {
			t.Fatalf("Pending = %d, %v", waiting, err)
		}
		var lastErr string
		_ = db.QueryRowContext(ctx, `SELECT last_error FROM event_pending`).Scan(&lastErr)
		if lastErr == "" {
			t.Error("the failure's error is not kept")
		}
		// The failed event waits a lease before it is tried again.
		if k, _ := d.RunOnce(ctx); k != 0 {
			t.Errorf("the failed event was tried again at once")
		}
		storetest.Clock(t, db).Advance(2 * d.Lease)
		fail = false
		if k, err := d.RunOnce(ctx); k != 1 || err != nil {
			t.Fatalf("retry: %d, %v", k, err)
		}
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = 'written'`).Scan(&n)
		if n != 1 || pending(t, db) != 0 || writes != 2 {
			t.Errorf("after the retry: %d rows, %d pending, %d tries; want 1, 0, 2", n, pending(t, db), writes)
		}
	})
}

// TestRolledBackChangeIsNotDispatched: an event recorded in a transaction
// that rolls back leaves nothing pending.
func TestRolledBackChangeIsNotDispatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_ = db.Tx(ctx, func(tx *sql.Tx) error {
			if err := account.Record(ctx, tx, account.SystemActor("test"), account.Event{At: db.Now(),
				Action: "activity_create", EntityType: "initiative", EntityID: "1"}); err != nil {
				t.Fatal(err)
			}
			return errors.New("the change failed")
		})
		if got := pending(t, db); got != 0 {
			t.Errorf("%d events pending after a rollback", got)
		}
	})
}
