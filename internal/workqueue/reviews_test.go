package workqueue_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/workqueue"
)

// TestQueueReviews: a review of the initiative due in ten days waits in the
// coordinator's queue, who may record it, and in no partner's; one overdue
// comes first, marked late.
func TestQueueReviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ctx, sys := context.Background(), account.SystemActor("test")
		c.src.Reviews = review.NewStore(db, c.src.Initiatives, c.src.Measure)
		day := func(days int) string { return db.Now().AddDate(0, 0, days).Format("2006-01-02") }
		if _, err := c.src.Reviews.SetSchedule(ctx, sys, review.KindInitiative, c.ini,
			review.ScheduleInput{Cadence: review.Quarterly, DueOn: day(10)}); err != nil {
			t.Fatal(err)
		}
		q, err := workqueue.For(ctx, c.src, c.coordinator)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) != 1 || q.Items[0].Kind != workqueue.KindReview || q.Items[0].DueOn != day(10) ||
			q.Items[0].Late || q.Items[0].Title != "Review the initiative “Aging Well”" {
			t.Fatalf("the coordinator's queue: %+v", q.Items)
		}
		if got := c.titles(t, c.pantryAdmin); len(got) != 0 {
			t.Errorf("a partner is asked to review: %q", got)
		}
		if _, err := c.src.Reviews.SetSchedule(ctx, sys, review.KindInitiative, c.ini,
			review.ScheduleInput{Cadence: review.OnDate, DueOn: day(-3)}); err != nil {
			t.Fatal(err)
		}
		q, err = workqueue.For(ctx, c.src, c.coordinator)
		if err != nil || len(q.Items) != 1 || !q.Items[0].Late || q.Items[0].DueOn != day(-3) {
			t.Fatalf("overdue: %v %+v", err, q.Items)
		}
	})
}
