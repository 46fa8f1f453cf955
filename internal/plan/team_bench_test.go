package plan_test

import (
	"context"
	"os"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/plan"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// teamAt500 is the size the supervisor's page must serve under 100 ms: 500
// people in 5 units, 3 plans each, 4 actions a plan.
var teamAt500 = plan.TeamSpec{People: 500, Units: 5, PlansEach: 3, ActionsEach: 4}

// director is the synthetic agency's director as an actor.
func director(t testing.TB, db *store.DB, id int64) account.Actor {
	t.Helper()
	u, err := account.NewStore(db).UserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return account.UserActor(u, "")
}

// BenchmarkTeam reads the supervisor's page of the director of 500 people
// across 5 units, on each engine (BACKBONE_BENCH_ENGINE picks one).
func BenchmarkTeam(b *testing.B) {
	for _, eng := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		if only := os.Getenv("BACKBONE_BENCH_ENGINE"); only != "" && only != eng.name {
			continue
		}
		db, ctx := eng.open(b), context.Background()
		id, err := plan.SynthesizeTeam(ctx, db, teamAt500)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		plans, who := plan.NewStore(db, initiative.NewStore(db)), director(b, db, id)
		b.Run(eng.name, func(b *testing.B) {
			for range b.N {
				team, err := plans.Team(ctx, who, "")
				if err != nil || len(team.Plans) != 1500 {
					b.Fatalf("team: %v", err)
				}
			}
		})
	}
}

// TestTeamAtSmallScale reads the page of a small synthetic agency: the
// director sees every unit, the first unit's admin only hers.
func TestTeamAtSmallScale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id, err := plan.SynthesizeTeam(ctx, db, plan.TeamSpec{People: 20, Units: 4, PlansEach: 3, ActionsEach: 4})
		if err != nil {
			t.Fatal(err)
		}
		plans := plan.NewStore(db, initiative.NewStore(db))
		team, err := plans.Team(ctx, director(t, db, id), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Plans) != 60 || len(team.Units) != 5 || len(team.Overdue) != 60 || len(team.Met) != 12 {
			t.Fatalf("the director's page: %d plans, %d units, %d overdue, %d met", len(team.Plans),
				len(team.Units), len(team.Overdue), len(team.Met))
		}
		team, err = plans.Team(ctx, director(t, db, 2), "")
		if err != nil {
			t.Fatal(err)
		}
		// The first unit holds its admin (user 2) and every fourth person.
		if len(team.Units) != 1 || team.Units[0].People != 5 || len(team.Plans) != 15 {
			t.Fatalf("the first unit's page: %d units, %+v, %d plans", len(team.Units), team.Units, len(team.Plans))
		}
	})
}
