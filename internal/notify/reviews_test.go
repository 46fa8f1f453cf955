package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/notify"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestReviewReminders: the demo's goal review, due in five days, reminds
// the initiative's backbone staff once, and again once it is overdue; the
// partner is not told.
func TestReviewReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		m := measure.NewStore(db)
		w.notes.WithReviews(review.NewStore(db, initiative.NewStore(db), m))
		reviewNotes := func(u *account.User) []notify.Notification {
			list, err := w.notes.List(ctx, account.UserActor(u, ""), false, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []notify.Notification
			for _, n := range list {
				if n.Kind == notify.KindReviewDue {
					out = append(out, n)
				}
			}
			return out
		}
		if _, err := w.notes.Remind(ctx, m); err != nil {
			t.Fatal(err)
		}
		got := reviewNotes(w.coordinator)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "is due on") ||
			!strings.Contains(got[0].Link, "/subjects/goal/") {
			t.Fatalf("the coordinator's review reminders: %+v", got)
		}
		if p := reviewNotes(w.partner); len(p) != 0 {
			t.Errorf("the partner is reminded: %+v", p)
		}
		if _, err := w.notes.Remind(ctx, m); err != nil {
			t.Fatal(err)
		}
		if again := reviewNotes(w.coordinator); len(again) != 1 {
			t.Errorf("a second scan reminded again: %+v", again)
		}
		storetest.Clock(t, db).Set(db.Now().Add(10 * 24 * time.Hour))
		if _, err := w.notes.Remind(ctx, m); err != nil {
			t.Fatal(err)
		}
		got = reviewNotes(w.coordinator)
		if len(got) != 2 || !strings.Contains(got[0].Subject+got[1].Subject, "is overdue") {
			t.Fatalf("once overdue: %+v", got)
		}
	})
}
