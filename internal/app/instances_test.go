package app_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/config"
	"backbone/internal/demo"
	"backbone/internal/mail"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestSeveralInstances runs three Backbones on one database, as three
// instances behind a load balancer would: what the demo's changes make
// (notifications, their e-mails), the morning's digests and every
// message's delivery each happen once, whichever instance does them.
func TestSeveralInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, account.WithPasswordCost(account.TestPasswordCost)); err != nil {
			t.Fatal(err)
		}
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		var apps []*app.App
		for range 3 {
			cfg := config.Default()
			cfg.PasswordCost = account.TestPasswordCost
			a, err := app.New(cfg, db, logger)
			if err != nil {
				t.Fatal(err)
			}
			apps = append(apps, a)
		}
		if _, err := apps[0].Mail.SaveServer(ctx, account.SystemActor("test"),
			mail.ServerInput{URL: "smtp://mail.example.org:587?tls=starttls"}); err != nil {
			t.Fatal(err)
		}
		all := func(fn func(a *app.App)) {
			var wg sync.WaitGroup
			for _, a := range apps {
				wg.Add(1)
				go func() { defer wg.Done(); fn(a) }()
			}
			wg.Wait()
		}
		// The changes become notifications.
		all(func(a *app.App) {
			for {
				n, err := a.Events.RunOnce(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		})
		var dup int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT user_id, dedupe FROM notifications
			GROUP BY user_id, dedupe HAVING COUNT(*) > 1) d`).Scan(&dup); err != nil || dup != 0 {
			t.Fatalf("%d notifications given twice (%v)", dup, err)
		}
		var notes int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&notes)
		if notes == 0 {
			t.Fatal("the demo's changes made no notifications")
		}
		// The schedule: entered, then due on Monday morning.
		all(func(a *app.App) { _, _ = a.Schedule.RunDue(ctx) })
		now := db.Now()
		monday := time.Date(now.Year(), now.Month(), now.Day(), 7, 5, 0, 0, time.UTC)
		for monday.Weekday() != time.Monday || !monday.After(now) {
			monday = monday.AddDate(0, 0, 1)
		}
		storetest.Clock(t, db).Set(monday)
		var mu sync.Mutex
		ran := map[string]int{}
		all(func(a *app.App) {
			names, err := a.Schedule.RunDue(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			for _, n := range names {
				ran[n]++
			}
			mu.Unlock()
		})
		for _, task := range []string{"notify-reminders", "notify-digest-daily", "notify-digest-weekly"} {
			if ran[task] != 1 {
				t.Errorf("%s ran %d times across the instances, want 1", task, ran[task])
			}
		}
		var digests, people int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT to_address || subject) FROM mail_outbox
			WHERE kind = 'digest'`).Scan(&digests, &people)
		if digests == 0 || digests != people {
			t.Errorf("%d digests for %d people and periods", digests, people)
		}
		// Every message is delivered once.
		delivered := map[string]int{}
		all(func(a *app.App) {
			w := mail.NewWorker(a.Mail, logger)
			w.Batch = 5
			w.Deliver = func(_ context.Context, _ mail.Server, _, to string, _ []byte) error {
				mu.Lock()
				delivered[to]++
				mu.Unlock()
				return nil
			}
			for {
				n, err := w.RunOnce(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		})
		var queued, sent int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE status <> 'sent'`).Scan(&queued)
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&sent)
		total := 0
		for _, n := range delivered {
			total += n
		}
		if queued != 0 || total != sent {
			t.Errorf("%d messages not sent; %d deliveries for %d messages", queued, total, sent)
		}
	})
}
