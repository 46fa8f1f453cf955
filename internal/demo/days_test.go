package demo_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/demo"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/testutil/storetest"
)

// TestDemoOnAnyDay loads the demo on each of the test days and checks that
// it tells the same story whatever the date: one goal on track, one at
// risk, one off track; the library late with its last report; the open
// proposal still open; the agreement not yet due for renewal.
func TestDemoOnAnyDay(t *testing.T) {
	storetest.OnDays(t, func(t *testing.T, now *clock.Manual) {
		ctx := context.Background()
		db := storetest.SQLite(t)
		db.Clock = now
		res, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		sys := account.SystemActor("test")
		goals, err := measure.NewStore(db).DashboardOf(ctx, sys, measure.DashboardQuery{InitiativeID: res.InitiativeID})
		if err != nil {
			t.Fatal(err)
		}
		want := []measure.ProgressStatus{measure.StatusOnTrack, measure.StatusAtRisk, measure.StatusOffTrack}
		if len(goals) != len(want) {
			t.Fatalf("%d goals, want %d", len(goals), len(want))
		}
		for i, g := range goals {
			if g.Assessment.Status != want[i] {
				t.Errorf("%q is %s, want %s (projected %.0f by %s)", g.Goal.Statement, g.Assessment.Status, want[i],
					g.Assessment.Projection.Value, g.Due.Format("2006-01-02"))
			}
		}

		late, err := measure.NewStore(db).LateReports(ctx, sys, res.InitiativeID, now.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(late) != 1 || late[0].OrganizationName != "Redwood City Public Library" {
			t.Errorf("late reports: %+v", late)
		}

		inits := initiative.NewStore(db)
		props, err := inits.Proposals(ctx, account.SystemActor("test"), res.InitiativeID)
		if err != nil {
			t.Fatal(err)
		}
		if len(props) != 1 || !props[0].Deadline.After(now.Now()) {
			t.Errorf("the demo's proposal is not open: %+v", props)
		}
		due, err := inits.DueForRenewal(ctx, now.Now())
		if err != nil || len(due) != 0 {
			t.Errorf("agreements due for renewal on the day the demo loads: %v %+v", err, due)
		}
	})
}
