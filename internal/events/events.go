// Package events dispatches what follows from a change: each audit event
// of an initiative, a survey wave or an organization is written to a
// pending queue in the transaction that makes the change (account.Record),
// and a Dispatcher hands it, once, to every handler (notifications,
// webhooks) inside one transaction that also takes it off the queue. A
// change that rolls back leaves nothing to dispatch; a dispatcher that dies
// mid-way leaves the event pending, and another takes it up when its lease
// ends. Several dispatchers, in one process or in several instances on one
// database, may run at once: each event is claimed by an UPDATE that only
// one of them wins.
package events

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

// Handler does what follows from one event, inside tx: it writes rows
// (notifications, deliveries) that commit with the event's removal from
// the queue. An error rolls all of it back and the event is tried again.
type Handler func(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error

// Dispatcher hands pending events to its handlers.
type Dispatcher struct {
	db       *store.DB
	logger   *slog.Logger
	handlers []named
	wake     chan struct{}
	// Owner names this dispatcher in the leases it takes; NewDispatcher
	// makes a random one.
	Owner string
	// Lease is how long a claimed event is held; if the dispatcher dies
	// while handling it, another takes it up after this.
	Lease time.Duration
	// Batch is how many events one round claims at most.
	Batch int
	// MaxAttempts is how many times an event whose handlers fail is tried
	// before it is left aside (it stays in the queue with its error, for
	// an administrator to see).
	MaxAttempts int
}

type named struct {
	name string
	fn   Handler
}

// DefaultMaxAttempts is how many times a dispatcher tries an event
// unless told otherwise.
const DefaultMaxAttempts = 10

// NewDispatcher returns a dispatcher over db with 1-minute leases, 200
// events a round and DefaultMaxAttempts attempts.
func NewDispatcher(db *store.DB, logger *slog.Logger) *Dispatcher {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Dispatcher{db: db, logger: logger, wake: make(chan struct{}, 1), Owner: hex.EncodeToString(b[:]),
		Lease: time.Minute, Batch: 200, MaxAttempts: DefaultMaxAttempts}
}

// Handle adds a handler, named for logs and errors. Add handlers before
// Run.
func (d *Dispatcher) Handle(name string, fn Handler) {
	d.handlers = append(d.handlers, named{name, fn})
}

// Wake tells a running dispatcher that an event waits, so that it need
// not wait for its next poll.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run dispatches what is pending every poll interval (or when woken)
// until ctx ends.
func (d *Dispatcher) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for {
			n, err := d.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				d.logger.Warn("event dispatch", "err", err)
			}
			if n < d.Batch || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake:
		}
	}
}

// RunOnce claims the pending events (at most Batch, oldest first) and
// dispatches each. It returns how many it claimed.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	now := d.db.Now()
	ids, err := claimable(ctx, d.db, now, d.MaxAttempts, d.Batch)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		res, err := d.db.ExecContext(ctx, `UPDATE event_pending SET lease_owner = $2, lease_until = $3,
			attempts = attempts + 1
			WHERE event_id = $1 AND (lease_until IS NULL OR lease_until < $4) AND attempts < $5`,
			id, d.Owner, now.Add(d.Lease), now, d.MaxAttempts)
		if err != nil {
			return n, fmt.Errorf("claim event %d: %w", id, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			continue // another dispatcher won it
		}
		n++
		if err := d.dispatch(ctx, id); err != nil {
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			d.logger.Warn("event dispatch failed; it will be tried again", "event", id, "err", err)
			if _, err2 := d.db.ExecContext(ctx, `UPDATE event_pending SET last_error = $3, lease_owner = '',
				lease_until = $4 WHERE event_id = $1 AND lease_owner = $2`,
				id, d.Owner, oneLine(err.Error()), d.db.Now().Add(d.Lease)); err2 != nil {
				return n, fmt.Errorf("record the failure of event %d: %w", id, err2)
			}
		}
	}
	return n, nil
}

// dispatch runs every handler on event id in one transaction that also
// takes it off the queue, if this dispatcher still holds it.
func (d *Dispatcher) dispatch(ctx context.Context, id int64) error {
	return d.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_pending WHERE event_id = $1 AND lease_owner = $2`, id, d.Owner)
		if err != nil {
			return fmt.Errorf("take event %d off the queue: %w", id, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return nil // the lease ran out and another dispatcher has it
		}
		e, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, h := range d.handlers {
			if err := h.fn(ctx, tx, e); err != nil {
				return fmt.Errorf("%s of event %d (%s): %w", h.name, id, e.Action, err)
			}
		}
		return nil
	})
}

func claimable(ctx context.Context, q store.Querier, now time.Time, maxAttempts, limit int) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT event_id FROM event_pending
		WHERE (lease_until IS NULL OR lease_until < $1) AND attempts < $2 ORDER BY event_id LIMIT $3`,
		now, maxAttempts, limit)
	if err != nil {
		return nil, fmt.Errorf("find pending events: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find pending events: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Get reads one audit event.
func Get(ctx context.Context, q store.Querier, id int64) (account.AuditEvent, error) {
	var e account.AuditEvent
	var uid sql.NullInt64
	var before, after sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, at, user_id, actor, action, entity_type, entity_id, summary,
		before_json, after_json, request_id FROM audit_events WHERE id = $1`, id).
		Scan(&e.ID, &e.At, &uid, &e.Actor, &e.Action, &e.EntityType, &e.EntityID, &e.Summary, &before, &after,
			&e.RequestID)
	if err != nil {
		return e, fmt.Errorf("read event %d: %w", id, err)
	}
	e.UserID, e.Before, e.After = uid.Int64, before.String, after.String
	return e, nil
}

// Stuck lists the events that failed every attempt, with their last
// error, for an administrator.
type Stuck struct {
	EventID   int64
	Attempts  int
	LastError string
}

// Pending counts the events waiting to be dispatched, and lists those that
// failed every attempt.
func Pending(ctx context.Context, q store.Querier, maxAttempts int) (waiting int, stuck []Stuck, err error) {
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_pending WHERE attempts < $1`, maxAttempts).
		Scan(&waiting); err != nil {
		return 0, nil, fmt.Errorf("count pending events: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT event_id, attempts, last_error FROM event_pending
		WHERE attempts >= $1 ORDER BY event_id LIMIT 100`, maxAttempts)
	if err != nil {
		return 0, nil, fmt.Errorf("list stuck events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Stuck
		if err := rows.Scan(&s.EventID, &s.Attempts, &s.LastError); err != nil {
			return 0, nil, err
		}
		stuck = append(stuck, s)
	}
	return waiting, stuck, rows.Err()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}
