package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"backbone/internal/store"
)

// Task is periodic work that must run once per period across every
// instance on one database: a digest, a reminder scan.
type Task struct {
	// Name identifies the task in the schedule table; it must not change.
	Name string
	// Next tells when the task runs next, after a run (or the first time)
	// at now.
	Next func(now time.Time) time.Time
	// Run does the work for the run due at due (not now: a run that is
	// late, after a stop, still covers its own period).
	Run func(ctx context.Context, due time.Time) error
}

// Schedule runs Tasks from a durable table (scheduled_tasks): when each
// runs next is kept in the database, and a due run is claimed with a
// lease by an UPDATE only one instance wins, so a run happens once even
// with several instances, survives a restart, and is taken up by another
// instance if the one running it dies.
type Schedule struct {
	db     *store.DB
	logger *slog.Logger
	tasks  []Task
	// Owner names this instance in the leases it takes.
	Owner string
	// Lease is how long a claimed run is held before another instance may
	// take it up.
	Lease time.Duration
	// Retry is the wait before a failed run is tried again.
	Retry time.Duration
}

// NewSchedule returns a schedule over db with 15-minute leases and
// failed runs tried again after 10 minutes.
func NewSchedule(db *store.DB, logger *slog.Logger) *Schedule {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Schedule{db: db, logger: logger, Owner: hex.EncodeToString(b[:]), Lease: 15 * time.Minute,
		Retry: 10 * time.Minute}
}

// Add adds a task. Add every task before Run.
func (s *Schedule) Add(t Task) { s.tasks = append(s.tasks, t) }

// Run runs the due tasks every poll interval until ctx ends.
func (s *Schedule) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.logger.Warn("schedule", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunDue runs, in this goroutine, every task whose run is due now and that
// no other instance holds. It returns the names of the tasks it ran. A
// task seen for the first time is entered with its first run at Next(now).
func (s *Schedule) RunDue(ctx context.Context) ([]string, error) {
	var ran []string
	var errs []error
	for _, t := range s.tasks {
		due, ok, err := s.claim(ctx, t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue
		}
		ran = append(ran, t.Name)
		runErr := t.Run(ctx, due)
		if err := s.finish(ctx, t, due, runErr); err != nil {
			errs = append(errs, err)
		}
		if runErr != nil {
			errs = append(errs, fmt.Errorf("task %s: %w", t.Name, runErr))
		}
	}
	return ran, errors.Join(errs...)
}

// claim takes task t's run if it is due and free, and returns when it was
// due.
func (s *Schedule) claim(ctx context.Context, t Task) (time.Time, bool, error) {
	now := s.db.Now()
	var due time.Time
	err := s.db.QueryRowContext(ctx, `SELECT next_run_at FROM scheduled_tasks WHERE name = $1`, t.Name).Scan(&due)
	if errors.Is(err, sql.ErrNoRows) {
		first := t.Next(now)
		_, err := s.db.ExecContext(ctx, `INSERT INTO scheduled_tasks (name, next_run_at) VALUES ($1, $2)
			ON CONFLICT (name) DO NOTHING`, t.Name, first.UTC())
		if err != nil {
			return time.Time{}, false, fmt.Errorf("enter task %s in the schedule: %w", t.Name, err)
		}
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read task %s's schedule: %w", t.Name, err)
	}
	if due.After(now) {
		return time.Time{}, false, nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE scheduled_tasks SET lease_owner = $2, lease_until = $3,
		last_started_at = $4 WHERE name = $1 AND next_run_at <= $4 AND (lease_until IS NULL OR lease_until < $4)`,
		t.Name, s.Owner, now.Add(s.Lease), now)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("claim task %s: %w", t.Name, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return time.Time{}, false, nil // another instance holds it
	}
	return due.UTC(), true, nil
}

// finish records a run's end: the next run after a success, a retry after
// a failure. It changes nothing if this instance lost the lease.
func (s *Schedule) finish(ctx context.Context, t Task, due time.Time, runErr error) error {
	now := s.db.Now()
	next, msg := t.Next(now), ""
	if runErr != nil {
		next, msg = now.Add(s.Retry), oneLine(runErr.Error())
	}
	_, err := s.db.ExecContext(ctx, `UPDATE scheduled_tasks SET next_run_at = $3, lease_owner = '',
		lease_until = NULL, last_finished_at = $4, last_error = $5, runs = runs + 1
		WHERE name = $1 AND lease_owner = $2`, t.Name, s.Owner, next.UTC(), now, msg)
	if err != nil {
		return fmt.Errorf("record the end of task %s: %w", t.Name, err)
	}
	return nil
}

// TaskState is a task's row in the schedule, for an administrator.
type TaskState struct {
	Name           string
	NextRunAt      time.Time
	LastFinishedAt time.Time // zero when it never ran
	LastError      string
	Runs           int
}

// States lists the schedule.
func States(ctx context.Context, q store.Querier) ([]TaskState, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, next_run_at, last_finished_at, last_error, runs
		FROM scheduled_tasks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read the schedule: %w", err)
	}
	defer rows.Close()
	var out []TaskState
	for rows.Next() {
		var t TaskState
		var fin sql.NullTime
		if err := rows.Scan(&t.Name, &t.NextRunAt, &fin, &t.LastError, &t.Runs); err != nil {
			return nil, fmt.Errorf("read the schedule: %w", err)
		}
		t.LastFinishedAt = fin.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// Daily returns a Next that gives the next hour:minute in loc after now.
func Daily(loc *time.Location, hour, minute int) func(time.Time) time.Time {
	return func(now time.Time) time.Time {
		l := now.In(loc)
		t := time.Date(l.Year(), l.Month(), l.Day(), hour, minute, 0, 0, loc)
		if !t.After(l) {
			t = time.Date(l.Year(), l.Month(), l.Day()+1, hour, minute, 0, 0, loc)
		}
		return t
	}
}

// Weekly returns a Next that gives the next weekday at hour:minute in loc
// after now.
func Weekly(loc *time.Location, day time.Weekday, hour, minute int) func(time.Time) time.Time {
	daily := Daily(loc, hour, minute)
	return func(now time.Time) time.Time {
		t := daily(now)
		for t.Weekday() != day {
			l := t.In(loc)
			t = time.Date(l.Year(), l.Month(), l.Day()+1, hour, minute, 0, 0, loc)
		}
		return t
	}
}
