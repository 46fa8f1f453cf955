package notify

import (
	"context"

	"backbone/internal/account"
	"backbone/internal/events"
	"backbone/internal/jobs"
)

// Background is the state of the work done out of sight, for platform
// admins: the changes still to be turned into notifications (and those
// that failed every try), and the periodic tasks.
type Background struct {
	EventsWaiting int              `json:"events_waiting"`
	EventsStuck   []events.Stuck   `json:"events_stuck"`
	Tasks         []jobs.TaskState `json:"tasks"`
}

// BackgroundState reads the background work's state; it is for those who
// may read the mail outbox (account.ViewMail).
func (s *Store) BackgroundState(ctx context.Context, actor account.Actor, maxAttempts int) (Background, error) {
	var b Background
	if err := s.rules.Check(ctx, actor, account.ViewMail, account.Platform); err != nil {
		return b, err
	}
	var err error
	if b.EventsWaiting, b.EventsStuck, err = events.Pending(ctx, s.db, maxAttempts); err != nil {
		return b, err
	}
	b.Tasks, err = jobs.States(ctx, s.db)
	return b, err
}
