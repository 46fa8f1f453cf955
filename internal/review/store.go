// Package review keeps the roadblocks register and the scheduled reviews
// of an initiative's things (the initiative itself, its goals, activities
// and agreements) and of an organization's own goals. Each record names
// its subject by a kind and an id; the package that owns the subject says,
// through a resolver (see Subjects), what it is called and who may read and
// change its roadblocks and reviews.
package review

import (
	"context"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// Store keeps roadblocks, review cadences and reviews.
type Store struct {
	db          *store.DB
	rules       *account.Store
	initiatives *initiative.Store
	measure     *measure.Store
	subjects    *Subjects
}

// NewStore returns the store over db, with the subjects of initiatives and
// measurement registered.
func NewStore(db *store.DB, initiatives *initiative.Store, m *measure.Store) *Store {
	s := &Store{db: db, rules: account.NewStore(db), initiatives: initiatives, measure: m, subjects: &Subjects{}}
	s.builtIn()
	return s
}

// Subjects is the registry of kinds of subject, for another package to
// register its own.
func (s *Store) Subjects() *Subjects { return s.subjects }

// Subject resolves subject (kind, id) for actor: errs.ErrNotFound when it
// does not exist or actor may not see it.
func (s *Store) Subject(ctx context.Context, actor account.Actor, kind string, id int64) (Subject, error) {
	return s.subjects.Resolve(ctx, actor, kind, id)
}

func (s *Store) now() time.Time { return s.db.Now() }

// today is the day by the store's clock, YYYY-MM-DD in UTC.
func (s *Store) today() string { return s.now().UTC().Format(time.DateOnly) }

// record writes the audit event of a change to a subject's roadblocks or
// reviews: in its initiative's updates feed, or its organization's log.
func record(ctx context.Context, q store.Querier, at time.Time, actor account.Actor, sub Subject,
	action, summary string, before, after any) error {
	ev := account.Event{At: at, Action: action, Summary: summary, Before: before, After: after}
	switch {
	case sub.InitiativeID != 0:
		ev.EntityType, ev.EntityID = "initiative", itoa(sub.InitiativeID)
	case sub.OrganizationID != "":
		ev.EntityType, ev.EntityID = "organization", sub.OrganizationID
	default:
		ev.EntityType, ev.EntityID = sub.Kind, itoa(sub.ID)
	}
	return account.Record(ctx, q, actor, ev)
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func actorID(actor account.Actor) any { return nullInt(actor.UserID) }
