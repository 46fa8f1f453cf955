package plan_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/plan"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestTeamAndMyActions: the pantry's admin sees her worker's plan with its
// overdue action first and the signal met; once the shelter is a unit of
// the pantry, the colleague's plan too, with totals per unit and a unit
// filter; a staff member is refused the page, and the worker's own open
// actions come overdue first.
func TestTeamAndMyActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c := context.Background(), newCast(t, db)
		day := func(n int) string { return db.Now().AddDate(0, 0, n).Format(time.DateOnly) }
		start := func(who account.Actor, title string, dues ...int) (*plan.Plan, int64) {
			t.Helper()
			p, err := c.plans.Create(ctx, who, plan.Input{Title: title})
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.plans.AddArea(ctx, who, p.ID, plan.AreaInput{Kind: plan.AreaGap, Sector: "housing"})
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range dues {
				if _, err := c.plans.AddAction(ctx, who, p.ID, plan.ActionInput{AreaID: a.ID, Strategy: "work_together",
					Title: title + " step " + string(rune('A'+i)), DueOn: day(d)}); err != nil {
					t.Fatal(err)
				}
			}
			return p, a.ID
		}
		mine, area := start(c.worker, "Find a housing partner", 10, -3, -20)
		if _, err := c.plans.SetSignal(ctx, c.worker, mine.ID, area, plan.SignalInput{Kind: plan.SignalManual,
			Description: "A shelter takes our referrals"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Tick(ctx, c.worker, mine.ID, area, "Two referrals taken"); err != nil {
			t.Fatal(err)
		}
		start(c.colleague, "The shelter's own plan", -1)

		team, err := c.plans.Team(ctx, c.supervisor, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Plans) != 1 || team.Plans[0].ID != mine.ID || team.Plans[0].Overdue != 2 ||
			team.Plans[0].OpenActions != 3 || team.Plans[0].Met != 1 {
			t.Fatalf("the supervisor's plans: %+v", team.Plans)
		}
		if len(team.Overdue) != 2 || team.Overdue[0].Title != "Find a housing partner step C" ||
			team.Overdue[0].Person != "worker" || team.Overdue[0].AreaTitle == "" {
			t.Fatalf("overdue first, the oldest first: %+v", team.Overdue)
		}
		if len(team.Met) != 1 || team.Met[0].Signal != "A shelter takes our referrals" {
			t.Fatalf("signals met: %+v", team.Met)
		}

		if _, err := db.ExecContext(ctx, `UPDATE organizations SET parent_organization_id = $1 WHERE id = $2`,
			c.pantry, c.shelter); err != nil {
			t.Fatal(err)
		}
		team, err = c.plans.Team(ctx, c.supervisor, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Plans) != 2 || len(team.Units) != 2 || len(team.Overdue) != 3 {
			t.Fatalf("with the shelter as a unit: %d plans, %d units, %d overdue", len(team.Plans), len(team.Units),
				len(team.Overdue))
		}
		for _, u := range team.Units {
			want := map[string][3]int{"Food Pantry": {1, 2, 2}, "Harbor Shelter": {1, 1, 1}}[u.Name]
			if got := [3]int{u.Plans, u.Overdue, u.People}; got != want {
				t.Errorf("%s: plans, overdue, people = %v, want %v", u.Name, got, want)
			}
		}
		team, err = c.plans.Team(ctx, c.supervisor, c.shelter)
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Plans) != 1 || team.Plans[0].Owner != "colleague" {
			t.Fatalf("the shelter alone: %+v", team.Plans)
		}
		var v *errs.ValidationError
		if _, err := c.plans.Team(ctx, c.supervisor, c.health); !errors.As(err, &v) || v.Fields["unit"] == "" {
			t.Fatalf("a unit out of reach: %v", err)
		}
		if _, err := c.plans.Team(ctx, c.worker, ""); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a worker opens the supervisor's page: %v", err)
		}
		all, err := c.plans.Team(ctx, account.SystemActor("test"), "")
		if err != nil || len(all.Plans) != 2 {
			t.Fatalf("every unit: %v %+v", err, all)
		}

		acts, err := c.plans.MyActions(ctx, c.worker)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, a := range acts {
			order = append(order, a.Title[len(a.Title)-1:])
		}
		if len(acts) != 3 || !acts[0].Overdue || string(order[0]+order[1]+order[2]) != "CBA" {
			t.Fatalf("my actions, overdue first: %v", order)
		}
		if acts, err := c.plans.MyActions(ctx, c.stranger); err != nil || len(acts) != 0 {
			t.Fatalf("a stranger's actions: %v %v", acts, err)
		}
	})
}
