package measure_test

import (
	"strings"
	"testing"
	"time"

	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestDashboardFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		wait := f.indicator(t, "Days waited", measure.Average, measure.Monthly)
		base, target := 100.0, 400.0
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone", IndicatorID: meals.ID,
			Baseline: &base, Target: &target, Unit: "meals", StartsOn: "2025-01-01", DueOn: "2025-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := 10.0, 2.0
		if _, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Shorter waits", IndicatorID: wait.ID,
			Baseline: &lo, Target: &hi, Unit: "days", StartsOn: "2025-01-01", DueOn: "2025-12-31"}); err != nil {
			t.Fatal(err)
		}
		for i, v := range []float64{100, 150, 200} {
			period := "2025-0" + string(rune('1'+i))
			f.report(t, f.pantry, meals.ID, period, v)
			f.report(t, f.library, meals.ID, period, v/2)
			f.report(t, f.pantry, wait.ID, period, 8-float64(i))
			f.report(t, f.library, wait.ID, period, 6-float64(i))
		}
		revisedAt := f.now
		f.now = f.now.Add(48 * time.Hour)
		bigger := 500.0
		more := measure.GoalInput{Statement: "Feed everyone, and more", IndicatorID: meals.ID,
			Baseline: &base, Target: &bigger, Unit: "meals", StartsOn: "2025-01-01", DueOn: "2025-12-31"}
		if _, err := f.s.Revise(f.ctx, actor, f.goals, g.ID, more, "funding grew"); err != nil {
			t.Fatal(err)
		}

		all, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini, Now: f.now})
		if err != nil || len(all) != 2 {
			t.Fatalf("dashboard: %+v %v", all, err)
		}
		if all[0].Goal.Revision != 2 || *all[0].Goal.Target != 500 || all[0].Series[2].Value != 300 || all[0].Member != "" {
			t.Fatalf("combined: %+v", all[0])
		}

		// One member's own numbers: its part of a sum has no status; its own
		// average is judged against the target like the whole.
		mine, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini,
			Member: f.library, Now: f.now})
		if err != nil || len(mine) != 2 {
			t.Fatalf("member dashboard: %+v %v", mine, err)
		}
		if m := mine[0]; m.Member != f.library || !m.PartOfTotal || len(m.Series) != 3 || m.Series[2].Value != 100 ||
			m.Combined[2].Value != 300 || m.Assessment.Status != measure.StatusNoData {
			t.Fatalf("member's part of a sum: %+v", m)
		}
		if m := mine[1]; m.PartOfTotal || m.Series[0].Value != 6 || m.Assessment.Status == measure.StatusNoData {
			t.Fatalf("member's average: %+v", m)
		}
		none, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini, Member: f.clinic,
			Now: f.now})
		if err != nil || len(none[0].Series) != 0 {
			t.Fatalf("a member that reported nothing: %+v %v", none, err)
		}

		// The goals as they stood before the revision.
		then, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini, AsOf: revisedAt,
			Now: f.now})
		if err != nil || len(then) != 2 || then[0].Goal.Revision != 1 || *then[0].Goal.Target != 400 || then[0].Goal.CurrentRevision != 2 {
			t.Fatalf("as of: %+v %v", then, err)
		}
		before, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini,
			AsOf: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Now: f.now})
		if err != nil || len(before) != 0 {
			t.Fatalf("before any goal: %+v %v", before, err)
		}

		_, err = f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini, Member: "org-nobody"})
		checkField(t, err, "member", "no organization")
		_, err = f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini, Member: f.school})
		checkField(t, err, "member", "not a member of this initiative")
		if _, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{}); err == nil {
			t.Fatal("a dashboard of nothing")
		}
	})
}

func TestOrganizationGoalProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		base, target := 0.0, 300.0
		own, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{OrganizationID: f.library, Statement: "Deliver 300 meals a month from the library",
			IndicatorID: meals.ID, Baseline: &base, Target: &target, Unit: "meals", StartsOn: "2025-01-01", DueOn: "2025-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddMilestone(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID, 150,
			"half way"); err != nil {
			t.Fatal(err)
		}
		f.report(t, f.pantry, meals.ID, "2025-01", 1000) // the pantry's numbers do not count for the library's own goal
		if ms, _ := f.s.Milestones(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID); ms[0].ReachedAt != nil {
			t.Fatalf("reached by someone else's numbers: %+v", ms)
		}
		f.report(t, f.library, meals.ID, "2025-01", 100)
		f.report(t, f.library, meals.ID, "2025-02", 160)
		ms, err := f.s.Milestones(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID)
		if err != nil || ms[0].ReachedAt == nil || ms[0].ReachedPeriod != "2025-02" {
			t.Fatalf("own milestone: %+v %v", ms, err)
		}
		got, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{Organization: f.library, Now: f.now})
		if err != nil || len(got) != 1 {
			t.Fatalf("organization dashboard: %+v %v", got, err)
		}
		if g := got[0]; g.PartOfTotal || len(g.Series) != 2 || g.Series[1].Value != 160 || g.Assessment.Status == measure.StatusNoData {
			t.Fatalf("own progress: %+v", g)
		}
		// An import that passes an organization's own milestone marks it too.
		if _, err := f.s.AddMilestone(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID, 250, ""); err != nil {
			t.Fatal(err)
		}
		csv := "indicator,organization,period,value\nMeals delivered," + f.library + ",2025-03,260\n"
		if _, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(csv), "march.csv"); err != nil {
			t.Fatal(err)
		}
		ms, _ = f.s.Milestones(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID)
		if ms[1].ReachedPeriod != "2025-03" {
			t.Fatalf("own milestone by import: %+v", ms)
		}
		// A milestone the numbers passed already is reached when it is set.
		passed, err := f.s.AddMilestone(f.ctx, actor, measure.OrganizationGoals(f.library), own.ID, 120, "")
		if err != nil || passed.ReachedAt == nil || passed.ReachedPeriod != "2025-02" {
			t.Fatalf("milestone passed before it was set: %+v %v", passed, err)
		}
	})
}

func TestLateSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		f.indicator(t, "Rides", measure.Sum, measure.Monthly)
		f.report(t, f.pantry, meals.ID, "2025-04", 10) // the last closed month on 2025-05-14
		f.report(t, f.library, meals.ID, "2025-04", 20)
		f.report(t, f.clinic, meals.ID, "2025-03", 20) // an earlier month does not count
		sum, err := f.s.LateSummary(f.ctx, actor, f.ini, f.now)
		if err != nil || len(sum) != 2 {
			t.Fatalf("summary: %+v %v", sum, err)
		}
		if m := sum[0]; m.IndicatorName != "Meals delivered" || m.Period != "2025-04" || m.Reporters != 3 || m.Reported != 2 || m.Missing != 1 {
			t.Fatalf("meals: %+v", m)
		}
		if r := sum[1]; r.Reported != 0 || r.Missing != 3 {
			t.Fatalf("rides: %+v", r)
		}
		late, err := f.s.LateReportsOf(f.ctx, actor, f.ini, f.clinic, f.now)
		if err != nil || len(late) != 2 || late[0].IndicatorName != "Meals delivered" || late[0].OrganizationID != f.clinic {
			t.Fatalf("the clinic's late reports: %+v %v", late, err)
		}
		late, _ = f.s.LateReportsOf(f.ctx, actor, f.ini, f.pantry, f.now)
		if len(late) != 1 || late[0].IndicatorName != "Rides" {
			t.Fatalf("the pantry's late reports: %+v", late)
		}
		if all, _ := f.s.LateReports(f.ctx, actor, f.ini, f.now); len(all) != 4 {
			t.Fatalf("all late reports: %+v", all)
		}
	})
}
