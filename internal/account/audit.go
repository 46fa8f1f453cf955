package account

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"backbone/internal/store"
)

// Actor is who does something: a signed-in user, an API token's user, or a
// command run by an administrator. Every operation takes one: the rule
// book decides what it may do, and the audit log says who changed what.
type Actor struct {
	UserID    int64  // 0 when no user is behind the change (CLI, demo loader)
	Label     string // how the actor is shown: an email, "cli", "demo"
	RequestID string
	// User is the person acting, nil when nobody is signed in or for a
	// command. The rule book decides for them.
	User *User
	// System marks work done by an administrator's command or the demo
	// loader: whoever runs it already holds the database, so it may do
	// anything.
	System bool
}

// UserActor returns the actor for a signed-in user.
func UserActor(u *User, requestID string) Actor {
	return Actor{UserID: u.ID, Label: u.Email, RequestID: requestID, User: u}
}

// SystemActor returns the actor for work done by a command, not a person in the UI.
func SystemActor(label string) Actor { return Actor{Label: label, System: true} }

// Event is one change, recorded in the audit log with the state before and after.
type Event struct {
	At         time.Time // when: the clock of the store making the change
	Action     string    // create, update, archive, restore, login, ...
	EntityType string    // organization, user, api_token, ...
	EntityID   string
	Summary    string
	Before     any // marshalled to JSON; nil for none
	After      any
}

// AuditEvent is an event as it stands in the log.
type AuditEvent struct {
	ID         int64
	At         time.Time
	UserID     int64
	Actor      string
	Action     string
	EntityType string
	EntityID   string
	Summary    string
	Before     string // JSON, or "" for none
	After      string
	RequestID  string
}

// Record writes an event to the audit log. Call it inside the transaction
// that makes the change, so that the change and its record land together.
func Record(ctx context.Context, q store.Querier, actor Actor, ev Event) error {
	if ev.At.IsZero() {
		return fmt.Errorf("audit %s of %s %s: the event has no time", ev.Action, ev.EntityType, ev.EntityID)
	}
	before, err := marshalOrNull(ev.Before)
	if err != nil {
		return err
	}
	after, err := marshalOrNull(ev.After)
	if err != nil {
		return err
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	label := actor.Label
	if label == "" {
		label = "system"
	}
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO audit_events
		(at, user_id, actor, action, entity_type, entity_id, summary, before_json, after_json, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		ev.At.UTC(), uid, label, ev.Action, ev.EntityType, ev.EntityID, ev.Summary, before, after, actor.RequestID).Scan(&id)
	if err != nil {
		return fmt.Errorf("record audit event: %w", err)
	}
	if !dispatched(ev.EntityType) {
		return nil
	}
	// What follows from the change (notifications, webhook posts) is made
	// by the event dispatcher from this row, written with the change.
	if _, err := q.ExecContext(ctx, `INSERT INTO event_pending (event_id) VALUES ($1)`, id); err != nil {
		return fmt.Errorf("record audit event: queue it for dispatch: %w", err)
	}
	return nil
}

// DispatchedEntities are the kinds of entity whose audit events the event
// dispatcher sees: an initiative's (its updates feed), a survey wave's, an
// organization's (a steward's review of a proposed update) and its people's
// (a role given), a plan's (its signals met, its comments) and the map's
// "ties changed" marker (once per change or import, never per tie: the
// plans' signals are checked after it). Sign-ins, tokens and settings
// concern nobody else.
var DispatchedEntities = []string{"initiative", "survey_wave", "organization", "new_organization", "membership",
	"plan", "network"}

func dispatched(entityType string) bool { return slices.Contains(DispatchedEntities, entityType) }

func marshalOrNull(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode state: %w", err)
	}
	return string(b), nil
}

// AuditFilter selects audit events; empty fields match everything.
type AuditFilter struct {
	EntityType string
	EntityID   string
	Limit      int
	BeforeID   int64 // for paging back in time
}

// ListAudit returns audit events, newest first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, at, user_id, actor, action, entity_type, entity_id, summary, before_json, after_json, request_id
		FROM audit_events WHERE ($1 = '' OR entity_type = $1) AND ($2 = '' OR entity_id = $2) AND ($3 = 0 OR id < $3)
		ORDER BY id DESC LIMIT $4`
	rows, err := s.db.QueryContext(ctx, q, f.EntityType, f.EntityID, f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		var e AuditEvent
		var uid sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &uid, &e.Actor, &e.Action, &e.EntityType, &e.EntityID, &e.Summary, &before, &after, &e.RequestID); err != nil {
			return nil, fmt.Errorf("list audit events: %w", err)
		}
		e.UserID, e.Before, e.After = uid.Int64, before.String, after.String
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditLog returns a page of the whole audit log, newest first, to those
// who may read it (ViewAudit: platform admins).
func (s *Store) AuditLog(ctx context.Context, actor Actor, f AuditFilter) ([]AuditEvent, error) {
	if err := s.Check(ctx, actor, ViewAudit, Platform); err != nil {
		return nil, err
	}

	return s.ListAudit(ctx, f)
}
