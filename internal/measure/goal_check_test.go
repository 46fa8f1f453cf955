package measure_test

import (
	"testing"

	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// letters lists the SMART letters of findings, in order.
func letters(fs []measure.Finding) string {
	var out string
	for _, f := range fs {
		out += f.Letter
	}
	return out
}

func TestCheckGoal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		for i, v := range []float64{100, 110, 120, 130} {
			period := "2025-0" + string(rune('1'+i))
			f.report(t, f.pantry, meals.ID, period, v)
			f.report(t, f.library, meals.ID, period, v/10)
		}
		num := func(v float64) *float64 { return &v }
		full := measure.GoalInput{InitiativeID: f.ini, Statement: "Deliver more meals", IndicatorID: meals.ID, Baseline: num(100), Target: num(150),
			Unit: "meals", StartsOn: "2025-01-01", DueOn: "2025-12-31", AgendaItemID: f.agenda}
		for _, c := range []struct {
			name string
			edit func(in *measure.GoalInput)
			want string
		}{
			{"a SMART goal of the initiative", func(*measure.GoalInput) {}, ""},
			{"an unknown indicator counts as none", func(in *measure.GoalInput) { in.IndicatorID = 9999 }, "SA"},
			{"an unreachable target", func(in *measure.GoalInput) { in.Target = num(5000) }, "A"},
			{"no agenda item, unit or due date", func(in *measure.GoalInput) { in.AgendaItemID, in.Unit, in.DueOn = 0, "", "" }, "MART"},
			// The library's own values (10 to 13 a month) cannot reach 150.
			{"an organization's own goal, judged by its own values", func(in *measure.GoalInput) {
				in.InitiativeID, in.OrganizationID, in.AgendaItemID = 0, f.library, 0
			}, "A"},
			{"an organization's own goal on an indicator it does not report", func(in *measure.GoalInput) {
				in.InitiativeID, in.OrganizationID, in.AgendaItemID = 0, f.school, 0
			}, "SAR"},
		} {
			in := full
			c.edit(&in)
			got, err := f.s.CheckGoal(f.ctx, actor, in)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if letters(got) != c.want {
				t.Errorf("%s: findings %q, want %q: %+v", c.name, letters(got), c.want, got)
			}
		}
		// A draft says whose goal it is: an indicator of nobody's is read
		// for no one.
		nobodys := full
		nobodys.InitiativeID = 0
		_, err := f.s.CheckGoal(f.ctx, actor, nobodys)
		checkField(t, err, "initiative_id", "not both or neither")

		own := full
		own.InitiativeID, own.OrganizationID, own.AgendaItemID = 0, f.school, 0
		got, _ := f.s.CheckGoal(f.ctx, actor, own)
		if len(got) < 3 || got[2].Letter != "R" || got[2].Message == "" {
			t.Fatalf("own goal without a shared indicator: %+v", got)
		}

		// An organization's own goal is measured by an indicator it reports.
		_, err = f.s.CreateGoal(f.ctx, actor, own)
		checkField(t, err, "indicator_id", "not an indicator this organization reports")
		own.OrganizationID = f.library
		g, err := f.s.CreateGoal(f.ctx, actor, own)
		if err != nil || g.IndicatorID != meals.ID {
			t.Fatalf("own goal on a reported indicator: %+v %v", g, err)
		}
		_, err = f.s.Revise(f.ctx, actor, measure.OrganizationGoals(f.library), g.ID,
			measure.GoalInput{Statement: "x", IndicatorID: f.indicator(t, "Visits", measure.Sum, measure.Monthly).ID}, "why")
		if err != nil {
			t.Fatalf("revise onto another indicator it reports: %v", err)
		}
	})
}
