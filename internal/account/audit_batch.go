package account

import (
	"context"
	"database/sql"
	"fmt"

	"backbone/internal/store"
)

// AuditBatch writes many audit events in batches inside one transaction,
// for an import that records an event per row: one INSERT per event was a
// good part of a large import's time. Its events must be of an entity
// type the event dispatcher does not see (Record queues those one by one).
type AuditBatch struct {
	rows  *store.BatchInsert
	uid   any
	label string
	req   string
}

// NewAuditBatch prepares the writing of actor's events inside tx. Flush
// it before the transaction ends; Close it when done.
func NewAuditBatch(ctx context.Context, db *store.DB, tx *sql.Tx, actor Actor) (*AuditBatch, error) {
	rows, err := db.NewBatchInsert(ctx, tx, "audit_events", []store.Column{
		{Name: "at", Type: "timestamptz"}, {Name: "user_id", Type: "bigint"}, {Name: "actor", Type: "text"},
		{Name: "action", Type: "text"}, {Name: "entity_type", Type: "text"}, {Name: "entity_id", Type: "text"},
		{Name: "summary", Type: "text"}, {Name: "before_json", Type: "text"}, {Name: "after_json", Type: "text"},
		{Name: "request_id", Type: "text"},
	})
	if err != nil {
		return nil, err
	}
	b := &AuditBatch{rows: rows, label: actor.Label, req: actor.RequestID}
	if actor.UserID != 0 {
		b.uid = actor.UserID
	}
	if b.label == "" {
		b.label = "system"
	}
	return b, nil
}

// Add gathers one event, as Record would write it.
func (b *AuditBatch) Add(ev Event) error {
	if ev.At.IsZero() {
		return fmt.Errorf("audit %s of %s %s: the event has no time", ev.Action, ev.EntityType, ev.EntityID)
	}
	if dispatched(ev.EntityType) {
		return fmt.Errorf("audit %s of %s %s: its events are dispatched; record them one by one", ev.Action,
			ev.EntityType, ev.EntityID)
	}
	before, err := marshalOrNull(ev.Before)
	if err != nil {
		return err
	}
	after, err := marshalOrNull(ev.After)
	if err != nil {
		return err
	}
	return b.rows.Add(ev.At.UTC(), b.uid, b.label, ev.Action, ev.EntityType, ev.EntityID, ev.Summary, before, after,
		b.req)
}

// Flush writes the events gathered.
func (b *AuditBatch) Flush() error { return b.rows.Flush() }

// Close releases the prepared statement.
func (b *AuditBatch) Close() { b.rows.Close() }
