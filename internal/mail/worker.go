package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"
)

// Worker sends what is due in the outbox. Several workers, in one process
// or in several instances on one database, may run at once: each message
// is claimed with a conditional UPDATE that only one of them wins, and
// held by a lease while it is sent.
type Worker struct {
	Outbox *Outbox
	Logger *slog.Logger
	// Owner names this worker in the leases it takes; New makes a random one.
	Owner string
	// MaxAttempts is how many times a message is tried before it fails.
	MaxAttempts int
	// Backoff is the wait after the first failed try; each further one
	// doubles it, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// Lease is how long a claimed message is held: if the worker dies
	// sending it, another takes it up after this.
	Lease time.Duration
	// Batch is how many messages one round claims at most.
	Batch int
	// Deliver sends one message; Deliver (SMTP) unless a test sets another.
	Deliver func(ctx context.Context, srv Server, from, to string, raw []byte) error
}

// NewWorker returns a worker with the usual settings: 8 tries, waits of
// 1 minute doubling to 6 hours, 5-minute leases, 100 messages a round.
func NewWorker(o *Outbox, logger *slog.Logger) *Worker {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Worker{Outbox: o, Logger: logger, Owner: hex.EncodeToString(b[:]), MaxAttempts: 8,
		Backoff: time.Minute, MaxBackoff: 6 * time.Hour, Lease: 5 * time.Minute, Batch: 100, Deliver: Deliver}
}

// Run sends what is due every poll interval until ctx ends.
func (w *Worker) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for {
			n, err := w.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				w.Logger.Warn("mail outbox", "err", err)
			}
			if n < w.Batch || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.Outbox.wake:
		}
	}
}

// RunOnce claims the messages due now (at most Batch) and tries to send
// each. It returns how many it claimed. With no mail server it claims
// none: the messages stay queued.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	setup, err := w.Outbox.Setup(ctx)
	if err != nil {
		return 0, err
	}
	if !setup.Sending() {
		return 0, nil
	}
	claimed, err := w.claim(ctx)
	if err != nil {
		return 0, err
	}
	for _, e := range claimed {
		if err := w.send(ctx, setup, e); err != nil {
			return len(claimed), err
		}
	}
	return len(claimed), nil
}

// claim takes the due messages: those queued whose time has come, and
// those whose sender's lease ran out. Each is taken by an UPDATE whose
// WHERE still requires it to be free, so that of several workers only one
// wins it (PostgreSQL re-checks the WHERE on the row as the winner left it;
// SQLite has a single writer).
func (w *Worker) claim(ctx context.Context) ([]Entry, error) {
	o := w.Outbox
	now := o.now()
	rows, err := o.db.QueryContext(ctx, `SELECT id FROM mail_outbox
		WHERE (status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
		ORDER BY next_attempt_at, id LIMIT $2`, now, w.Batch)
	if err != nil {
		return nil, fmt.Errorf("find mail due: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Entry
	for _, id := range ids {
		res, err := o.db.ExecContext(
			ctx,
			`UPDATE mail_outbox SET status = 'sending', lease_owner = $2, lease_until = $3,
			attempts = attempts + 1
			WHERE id = $1 AND ((status = 'queued' AND next_attempt_at <= $4) OR (status = 'sending' AND lease_until < $4))`,
			id,
			w.Owner,
			now.Add(w.Lease),
			now,
		)
		if err != nil {
			return out, fmt.Errorf("claim mail %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // another worker won it
		}
		e, err := o.get(ctx, o.db, id)
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
	return out, nil
}

// send tries one claimed message and records the outcome, if this worker
// still holds it.
func (w *Worker) send(ctx context.Context, setup Setup, e Entry) error {
	o := w.Outbox
	raw, err := Render(setup.From, e, o.now())
	if err == nil {
		err = w.Deliver(ctx, *setup.Server, setup.From, e.To, raw)
	} else {
		err = &SendError{Permanent: true, Answer: err.Error()}
	}
	now := o.now()
	if err == nil {
		_, err := o.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'sent', sent_at = $3, last_error = '',
			lease_owner = '', lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'sending'`, e.ID, w.Owner, now)
		if err != nil {
			return fmt.Errorf("mark mail %d sent: %w", e.ID, err)
		}
		w.Logger.Info("mail sent", "id", e.ID, "kind", e.Kind)
		return nil
	}
	se, ok := err.(*SendError)
	if !ok {
		se = &SendError{Answer: err.Error()}
	}
	answer := oneLine(se.Answer)
	if se.Permanent || e.Attempts >= w.MaxAttempts {
		if !se.Permanent {
			answer = fmt.Sprintf("gave up after %d tries: %s", e.Attempts, answer)
		}
		_, err := o.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'failed', last_error = $3,
			lease_owner = '', lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status =
			'sending'`, e.ID, w.Owner, answer)
		if err != nil {
			return fmt.Errorf("mark mail %d failed: %w", e.ID, err)
		}
		w.Logger.Warn("mail failed", "id", e.ID, "kind", e.Kind, "answer", answer)
		return nil
	}
	wait := w.Backoff << (e.Attempts - 1)
	if wait > w.MaxBackoff || wait <= 0 {
		wait = w.MaxBackoff
	}
	_, err = o.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'queued', last_error = $3, next_attempt_at = $4,
		lease_owner = '', lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status =
		'sending'`, e.ID, w.Owner, answer, now.Add(wait))
	if err != nil {
		return fmt.Errorf("mark mail %d to retry: %w", e.ID, err)
	}
	w.Logger.Info("mail will be retried", "id", e.ID, "kind", e.Kind, "attempt", e.Attempts, "answer", answer)
	return nil
}
