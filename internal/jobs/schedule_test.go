package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"backbone/internal/jobs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestScheduleRunsOnceAcrossInstances: three instances poll one database
// at once; each day's run happens once, at its time, and a restart (a new
// Schedule) neither repeats nor skips it.
func TestScheduleRunsOnceAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.Clock(t, db)
		var runs atomic.Int32
		var mu sync.Mutex
		var dues []time.Time
		task := jobs.Task{Name: "digest-daily", Next: jobs.Daily(time.UTC, 7, 0),
			Run: func(ctx context.Context, due time.Time) error {
				runs.Add(1)
				mu.Lock()
				dues = append(dues, due)
				mu.Unlock()
				return nil
			}}
		instances := func() []*jobs.Schedule {
			var out []*jobs.Schedule
			for range 3 {
				s := jobs.NewSchedule(db, quiet)
				s.Add(task)
				out = append(out, s)
			}
			return out
		}
		pollAll := func(ss []*jobs.Schedule) {
			var wg sync.WaitGroup
			for _, s := range ss {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := s.RunDue(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
		}
		ss := instances()
		pollAll(ss) // enters the task: first run tomorrow 07:00 (the clock is at noon)
		if runs.Load() != 0 {
			t.Fatalf("ran before its time")
		}
		clock.Set(time.Date(2026, 12, 8, 7, 0, 1, 0, time.UTC))
		pollAll(ss)
		pollAll(ss)
		if runs.Load() != 1 {
			t.Fatalf("%d runs on 8 December, want 1", runs.Load())
		}
		// A restart: new instances find the next run in the table.
		ss = instances()
		pollAll(ss)
		clock.Set(time.Date(2026, 12, 9, 7, 30, 0, 0, time.UTC))
		pollAll(ss)
		if runs.Load() != 2 {
			t.Fatalf("%d runs by 9 December, want 2", runs.Load())
		}
		want := []time.Time{time.Date(2026, 12, 8, 7, 0, 0, 0, time.UTC), time.Date(2026, 12, 9, 7, 0, 0, 0, time.UTC)}
		for i, d := range dues {
			if !d.Equal(want[i]) {
				t.Errorf("run %d covered %s, want %s", i, d, want[i])
			}
		}
		states, err := jobs.States(ctx, db)
		if err != nil || len(states) != 1 || states[0].Runs != 2 ||
			!states[0].NextRunAt.Equal(time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)) {
			t.Errorf("States = %+v, %v", states, err)
		}
	})
}

// TestScheduleRetriesAFailedRun and takes up a run whose instance died.
func TestScheduleRetriesAFailedRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.Clock(t, db)
		fail := true
		var runs int
		s := jobs.NewSchedule(db, quiet)
		s.Add(jobs.Task{Name: "reminders", Next: jobs.Daily(time.UTC, 6, 0), Run: func(context.Context, time.Time) error {
			runs++
			if fail {
				return errors.New("the mail outbox is locked")
			}
			return nil
		}})
		_, _ = s.RunDue(ctx)
		clock.Set(time.Date(2026, 12, 8, 6, 0, 0, 0, time.UTC))
		if _, err := s.RunDue(ctx); err == nil {
			t.Fatal("a failed run reports no error")
		}
		states, _ := jobs.States(ctx, db)
		if states[0].LastError == "" {
			t.Error("the failure is not kept")
		}
		_, _ = s.RunDue(ctx)
		if runs != 1 {
			t.Fatalf("tried again before the retry wait: %d runs", runs)
		}
		clock.Advance(s.Retry)
		fail = false
		if _, err := s.RunDue(ctx); err != nil || runs != 2 {
			t.Fatalf("retry: %d runs, %v", runs, err)
		}
		// An instance that claims a run and dies holds it until its lease ends.
		clock.Set(time.Date(2026, 12, 9, 6, 0, 0, 0, time.UTC))
		_, err := db.ExecContext(ctx, `UPDATE scheduled_tasks SET lease_owner = 'dead', lease_until = $1`,
			clock.Now().Add(s.Lease))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = s.RunDue(ctx)
		if runs != 2 {
			t.Fatalf("ran a task another instance holds")
		}
		clock.Advance(s.Lease + time.Second)
		_, _ = s.RunDue(ctx)
		if runs != 3 {
			t.Fatalf("did not take up the dead instance's run: %d runs", runs)
		}
	})
}

func TestDailyAndWeeklyAcrossDaylightSaving(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	// 7 March 2027 is the spring change in Los Angeles.
	next := jobs.Daily(la, 7, 0)(time.Date(2027, 3, 6, 16, 0, 0, 0, time.UTC))
	if got := next.In(la); got.Day() != 7 || got.Hour() != 7 {
		t.Errorf("Daily after 6 March 08:00 = %s, want 7 March 07:00 local", got)
	}
	wk := jobs.Weekly(la, time.Monday, 7, 0)(time.Date(2027, 3, 1, 16, 0, 0, 0, time.UTC)) // Monday 08:00 local
	if got := wk.In(la); got.Weekday() != time.Monday || got.Day() != 8 || got.Hour() != 7 {
		t.Errorf("Weekly = %s, want Monday 8 March 07:00", got)
	}
}
