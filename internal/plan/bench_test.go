package plan_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"backbone/internal/initiative"
	"backbone/internal/plan"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// benchSpec is the community BenchmarkSignals checks: small unless
// BACKBONE_BENCH_SIGNALS says "organizations,ties,plans" (see
// bench/plans/README.md for the figure at state scale).
func benchSpec(tb testing.TB) plan.SynthSpec {
	spec := plan.SynthSpec{Organizations: 1000, Ties: 10000, Plans: 500, Ratings: 200, Seed: 1}
	if v := os.Getenv("BACKBONE_BENCH_SIGNALS"); v != "" {
		parts := strings.Split(v, ",")
		if len(parts) != 3 {
			tb.Fatalf("BACKBONE_BENCH_SIGNALS=%q: want organizations,ties,plans", v)
		}
		n := make([]int, 3)
		for i, p := range parts {
			var err error
			if n[i], err = strconv.Atoi(strings.TrimSpace(p)); err != nil {
				tb.Fatal(err)
			}
		}
		spec.Organizations, spec.Ties, spec.Plans, spec.Ratings = n[0], n[1], n[2], n[2]/5
	}
	return spec
}

// BenchmarkSignals checks every signal of the synthetic plans, on each
// engine: every signal is read and none is met, as after a change that
// moves nothing.
func BenchmarkSignals(b *testing.B) {
	for _, eng := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		if only := os.Getenv("BACKBONE_BENCH_ENGINE"); only != "" && only != eng.name {
			continue
		}
		// The community is written once per engine, outside the timed
		// runs (b.Run calls its function again for each b.N).
		db := eng.open(b)
		ctx, spec := context.Background(), benchSpec(b)
		start := time.Now()
		if err := plan.Synthesize(ctx, db, spec); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d organizations, %d ties, %d plans written in %s", eng.name, spec.Organizations, spec.Ties,
			spec.Plans, time.Since(start).Round(time.Millisecond))
		plans := plan.NewStore(db, initiative.NewStore(db))
		b.Run(eng.name, func(b *testing.B) {
			for range b.N {
				if n, err := plans.CheckSignals(ctx); err != nil || n != 0 {
					b.Fatalf("check: %d met, %v", n, err)
				}
			}
		})
	}
}

// TestSignalsAtSmallScale runs the benchmark's community through the
// check: none is met; then one tie reaches collaboration, and exactly its
// plan's signal is, by its tie.
func TestSignalsAtSmallScale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		spec := plan.SynthSpec{Organizations: 200, Ties: 1000, Plans: 100, Ratings: 30, Seed: 2}
		if err := plan.Synthesize(ctx, db, spec); err != nil {
			t.Fatal(err)
		}
		plans := plan.NewStore(db, initiative.NewStore(db))
		if n, err := plans.CheckSignals(ctx); err != nil || n != 0 {
			t.Fatalf("first check: %d met, %v", n, err)
		}
		var tie string
		if err := db.QueryRowContext(ctx, `SELECT tie_id FROM plan_areas WHERE id = 5`).Scan(&tie); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE ties SET level = 'collaboration', status = 'active', version = 2
			WHERE id = $1`, tie); err != nil {
			t.Fatal(err)
		}
		if n, err := plans.CheckSignals(ctx); err != nil || n < 1 {
			t.Fatalf("after the tie moved: %d met, %v", n, err)
		}
		var evidence string
		if err := db.QueryRowContext(ctx, `SELECT evidence FROM plan_signals WHERE area_id = 5 AND met_at IS NOT NULL`).
			Scan(&evidence); err != nil || !strings.Contains(evidence, "version 2") {
			t.Fatalf("evidence %q %v", evidence, err)
		}
		if n, err := plans.CheckSignals(ctx); err != nil || n != 0 {
			t.Fatalf("a third check meets %d again (%v)", n, err)
		}
	})
}
