package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// The states of a delivery.
const (
	StatusQueued    = "queued"    // waiting for its (next) attempt
	StatusSending   = "sending"   // a worker holds it
	StatusDelivered = "delivered" // the receiver answered 2xx
	StatusFailed    = "failed"    // refused for good, or given up after every try
)

// Delivery is one update to post to one channel, with its attempts.
type Delivery struct {
	ID            int64      `json:"id"`
	WebhookID     int64      `json:"webhook_id"`
	EventID       int64      `json:"event_id,omitempty"` // 0 for a test
	Kind          string     `json:"kind"`
	Text          string     `json:"text"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	CreatedAt     time.Time  `json:"created_at"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"` // while queued
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	Log           []Attempt  `json:"log"`
}

// Attempt is one try at posting a delivery.
type Attempt struct {
	At         time.Time `json:"at"`
	HTTPStatus int       `json:"http_status,omitempty"` // 0 when no answer came
	Answer     string    `json:"answer"`                // the start of the answer, or the error
	DurationMS int64     `json:"duration_ms"`
	Outcome    string    `json:"outcome"` // delivered, retry, failed
}

// Handle is the events dispatcher's handler: for an event of an
// initiative, it writes one delivery for each of the initiative's enabled
// channels that wants the event's kind, in the dispatch transaction tx. A
// channel never gets one event twice.
func (s *Service) Handle(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
	if e.EntityType != "initiative" {
		return nil
	}
	initiativeID, err := strconv.ParseInt(e.EntityID, 10, 64)
	if err != nil {
		return nil // not an initiative's id: nothing to post
	}
	kind := initiative.FeedKind(e.Action)
	rows, err := tx.QueryContext(ctx, `SELECT id, kinds FROM webhooks WHERE initiative_id = $1 AND enabled = $2
		ORDER BY id`, initiativeID, true)
	if err != nil {
		return fmt.Errorf("channels of initiative %d: %w", initiativeID, err)
	}
	var wanting []int64
	for rows.Next() {
		var id int64
		var kinds string
		if err := rows.Scan(&id, &kinds); err != nil {
			rows.Close()
			return fmt.Errorf("channels of initiative %d: %w", initiativeID, err)
		}
		if (Webhook{Kinds: splitKinds(kinds)}).Wants(kind) {
			wanting = append(wanting, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(wanting) == 0 {
		return nil
	}
	ev, err := s.event(ctx, tx, initiativeID, e, kind)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	now := s.now()
	for _, id := range wanting {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, event_id, kind, payload,
			created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
			id, e.ID, kind, string(payload), now); err != nil {
			return fmt.Errorf("queue event %d for channel %d: %w", e.ID, id, err)
		}
	}
	s.Wake()
	return nil
}

// event describes an audit event of an initiative as its posts say it.
func (s *Service) event(ctx context.Context, q store.Querier, initiativeID int64, e account.AuditEvent,
	kind string) (Event, error) {
	ev := Event{Event: EventInfo{ID: e.ID, Kind: kind, Action: e.Action, At: e.At.UTC(), Who: e.Actor,
		Text: e.Summary}, Initiative: Initiative{ID: initiativeID}}
	if err := q.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`, initiativeID).
		Scan(&ev.Initiative.Name); err != nil {
		return ev, fmt.Errorf("initiative %d of event %d: %w", initiativeID, e.ID, err)
	}
	if e.UserID != 0 {
		var name string
		err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, e.UserID).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return ev, fmt.Errorf("who made event %d: %w", e.ID, err)
		}
		if name != "" {
			ev.Event.Who = name
		}
	}
	if s.Site != "" {
		ev.Initiative.URL = fmt.Sprintf("%s/initiatives/%d/updates", s.Site, initiativeID)
	}
	return ev, nil
}

// SendTest queues a test post to a channel, whether it is on or off, and
// returns it: its log tells whether the receiver took it.
func (s *Service) SendTest(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Delivery, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	w, err := s.get(ctx, s.db, initiativeID, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	who := actor.Label
	if actor.User != nil && actor.User.Name != "" {
		who = actor.User.Name
	}
	ev, err := s.event(ctx, s.db, initiativeID, account.AuditEvent{At: now, Actor: who,
		Summary: "A test from Backbone: this channel " + account.Quote(w.Name) + " works."}, "test")
	if err != nil {
		return nil, err
	}
	ev.Event.Action, ev.Event.Test = "test", true
	payload, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	var did int64
	if err := s.db.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, kind, payload, created_at,
		next_attempt_at) VALUES ($1, 'test', $2, $3, $3) RETURNING id`, id, string(payload), now).Scan(&did); err != nil {
		return nil, fmt.Errorf("queue a test of channel %d: %w", id, err)
	}
	s.Wake()
	return s.delivery(ctx, w.ID, did)
}

// Redeliver queues a delivery again, now, with a fresh count of tries:
// one that failed, or one delivered that a receiver lost. It keeps its id,
// so a receiver that took it already can tell.
func (s *Service) Redeliver(ctx context.Context, actor account.Actor, initiativeID, webhookID, deliveryID int64) (
	*Delivery, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID, webhookID); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'queued', attempts = 0,
		next_attempt_at = $3, lease_owner = '', lease_until = NULL
		WHERE id = $1 AND webhook_id = $2 AND status <> 'sending'`, deliveryID, webhookID, s.now())
	if err != nil {
		return nil, fmt.Errorf("redeliver %d: %w", deliveryID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		if _, err := s.delivery(ctx, webhookID, deliveryID); err != nil {
			return nil, err
		}
		return nil, &errs.ConflictError{Message: "this delivery is being sent right now"}
	}
	s.Wake()
	return s.delivery(ctx, webhookID, deliveryID)
}

const deliveryColumns = `id, webhook_id, COALESCE(event_id, 0), kind, payload, status, attempts, created_at,
	next_attempt_at, delivered_at, last_error`

func scanDelivery(row store.Scanner) (Delivery, error) {
	var d Delivery
	var payload string
	var next time.Time
	var delivered sql.NullTime
	if err := row.Scan(&d.ID, &d.WebhookID, &d.EventID, &d.Kind, &payload, &d.Status, &d.Attempts, &d.CreatedAt,
		&next, &delivered, &d.LastError); err != nil {
		return d, err
	}
	var ev Event
	if json.Unmarshal([]byte(payload), &ev) == nil {
		d.Text = ev.Event.Text
	}
	if d.Status == StatusQueued {
		d.NextAttemptAt = &next
	}
	if delivered.Valid {
		d.DeliveredAt = &delivered.Time
	}
	d.Log = []Attempt{}
	return d, nil
}

func (s *Service) delivery(ctx context.Context, webhookID, id int64) (*Delivery, error) {
	d, err := scanDelivery(s.db.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE id = $1 AND webhook_id = $2`, id, webhookID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("delivery %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read delivery %d: %w", id, err)
	}
	out := []Delivery{d}
	if err := s.attachLog(ctx, out); err != nil {
		return nil, err
	}
	return &out[0], nil
}

// Deliveries returns a channel's latest deliveries (at most limit, newest
// first), each with its attempts.
func (s *Service) Deliveries(ctx context.Context, actor account.Actor, initiativeID, webhookID int64, limit int) (
	[]Delivery, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID, webhookID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE webhook_id = $1
		ORDER BY id DESC LIMIT $2`, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries of channel %d: %w", webhookID, err)
	}
	out := []Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("deliveries of channel %d: %w", webhookID, err)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.attachLog(ctx, out)
}

// attachLog reads the attempts of the deliveries, oldest first, in one
// query per delivery (a page shows few).
func (s *Service) attachLog(ctx context.Context, ds []Delivery) error {
	for i := range ds {
		rows, err := s.db.QueryContext(ctx, `SELECT at, http_status, answer, duration_ms, outcome FROM webhook_attempts
			WHERE delivery_id = $1 ORDER BY id`, ds[i].ID)
		if err != nil {
			return fmt.Errorf("attempts of delivery %d: %w", ds[i].ID, err)
		}
		for rows.Next() {
			var a Attempt
			if err := rows.Scan(&a.At, &a.HTTPStatus, &a.Answer, &a.DurationMS, &a.Outcome); err != nil {
				rows.Close()
				return fmt.Errorf("attempts of delivery %d: %w", ds[i].ID, err)
			}
			ds[i].Log = append(ds[i].Log, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Keep is how long a delivery that is done (delivered or failed) stays in
// its channel's log.
const Keep = 90 * 24 * time.Hour

// PurgeOld removes the deliveries done before keep ago, with their
// attempts, and returns how many.
func (s *Service) PurgeOld(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed')
		AND created_at < $1`, s.now().Add(-keep))
	if err != nil {
		return 0, fmt.Errorf("purge old deliveries: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
