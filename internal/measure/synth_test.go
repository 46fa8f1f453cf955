package measure_test

import (
	"context"
	"testing"
	"time"

	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestSynthesize(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		var files int
		spec := measure.SynthSpec{Partners: 3, Indicators: 4, Months: 14, Goals: 2, Seed: 7, Chunk: 6, Progress: func(int, int) { files++ }}
		ini, err := measure.Synthesize(ctx, db, spec, now)
		if err != nil {
			t.Fatal(err)
		}
		var n, rollups int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM measurements`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM rollups`).Scan(&rollups); err != nil {
			t.Fatal(err)
		}
		if n != 3*4*14 || rollups != 4*14 || files != 3 {
			t.Fatalf("%d measurements, %d rollups, %d files", n, rollups, files)
		}
		d, err := measure.NewStore(db).DashboardOf(ctx, actor, measure.DashboardQuery{InitiativeID: ini, Now: now})
		if err != nil || len(d) != 2 || len(d[0].Series) != 14 || d[0].Series[13].Period != "2026-10" || d[0].Series[0].Count != 3 {
			t.Fatalf("dashboard: %+v %v", d, err)
		}
		// The same seed gives the same numbers.
		other := storetest.SQLite(t)
		ini2, err := measure.Synthesize(ctx, other, measure.SynthSpec{Partners: 3, Indicators: 4, Months: 14, Goals: 2, Seed: 7, Chunk: 6}, now)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := measure.NewStore(other).DashboardOf(ctx, actor, measure.DashboardQuery{InitiativeID: ini2, Now: now})
		if err != nil || d2[1].Series[5].Value != d[1].Series[5].Value {
			t.Fatalf("not deterministic: %v", err)
		}
		if _, err := measure.Synthesize(ctx, db, measure.SynthSpec{Partners: 1, Indicators: 1, Months: 1, Goals: 2}, now); err == nil {
			t.Fatal("more goals than indicators")
		}
	})
}
