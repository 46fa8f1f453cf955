package mail

import (
	"context"
	"fmt"

	"backbone/internal/store"
)

// enqueueBatch is how many messages one INSERT of EnqueueMany writes: 8
// parameters each keeps a statement well under SQLite's limit.
const enqueueBatch = 400

// EnqueueMany writes messages to the outbox inside the caller's
// transaction, as Enqueue does one, a few hundred to a statement: the
// e-mails of one event to thousands of people are queued in a second or
// two.
func EnqueueMany(ctx context.Context, tx store.Querier, e store.Engine, ms []Message) error {
	for i := range ms {
		m := ms[i]
		if err := CheckAddress("to", m.To); err != nil {
			return err
		}
		if m.Kind == "" || m.Subject == "" || m.Text == "" || m.HTML == "" || m.At.IsZero() {
			return fmt.Errorf("enqueue mail %s to %s: a message needs a kind, a subject, both parts and a time", m.Kind,
				m.To)
		}
	}
	for start := 0; start < len(ms); start += enqueueBatch {
		part := ms[start:min(start+enqueueBatch, len(ms))]
		args := make([]any, 0, 8*len(part))
		for _, m := range part {
			at := m.At.UTC()
			args = append(args, m.Kind, m.To, m.Subject, m.Text, m.HTML, m.ListUnsubscribe, at, at)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox
			(kind, to_address, subject, text_body, html_body, list_unsubscribe, created_at, next_attempt_at)
			VALUES `+store.Values(e, len(part), 8), args...)
		if err != nil {
			return fmt.Errorf("enqueue %d messages: %w", len(part), err)
		}
	}
	return nil
}
