package measure_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func ptr(v float64) *float64 { return &v }

// TestReportChecks: a period after the current one (by the store's clock),
// a value outside the indicator's range, a negative count and a value too
// large to add up are refused, naming the field, and nothing is written.
func TestReportChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db) // the clock says 2025-05-14
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		in := measure.IndicatorInput{Name: "Satisfaction", Definition: "Share of clients satisfied", Unit: "percent",
			Aggregation: measure.Average, Frequency: measure.Quarterly, Minimum: ptr(0), Maximum: ptr(100),
			Reporters: []string{f.pantry, f.library}}
		pct, err := f.s.CreateIndicator(f.ctx, actor, f.ini, in)
		if err != nil {
			t.Fatal(err)
		}
		if *pct.Minimum != 0 || *pct.Maximum != 100 || meals.Minimum != nil || meals.Maximum != nil {
			t.Fatalf("ranges: %+v %+v", pct, meals)
		}

		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-06", 5, "")
		checkField(t, err, "period", "2025-06 has not begun yet: report up to the current period, 2025-05")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, pct.ID, "2025-Q3", 5, "")
		checkField(t, err, "period", "current period, 2025-Q2")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-04", -3, "")
		checkField(t, err, "value", "cannot be negative: it is combined as a sum, so it counts things (people)")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, pct.ID, "2025-Q1", 150, "")
		checkField(t, err, "value", "must be at most 100, the largest value “Satisfaction” allows")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, pct.ID, "2025-Q1", -0.5, "")
		checkField(t, err, "value", "must be at least 0")
		_, err = f.s.ReportWeighted(f.ctx, actor, f.ini, f.pantry, pct.ID, "2025-Q1", 50, ptr(2e15), "")
		checkField(t, err, "weight", "from 0 to 1,000,000,000,000,000")
		for _, v := range []float64{1.7e308, -1.7e308, math.Inf(1), math.NaN(), 1e15 + 1} {
			_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-04", v, "")
			checkField(t, err, "value", "must be")
		}
		if n := f.count(t, "measurements"); n != 0 {
			t.Fatalf("refused reports wrote %d rows", n)
		}
		f.report(t, f.pantry, meals.ID, "2025-05", 12) // the current period, as it goes
		f.report(t, f.pantry, pct.ID, "2025-Q1", 100)

		bad := in
		bad.Name, bad.Minimum, bad.Maximum = "Backwards", ptr(10), ptr(5)
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, bad)
		checkField(t, err, "maximum", "at least the minimum (10)")
		bad.Aggregation, bad.Minimum, bad.Maximum = measure.Sum, ptr(-5), nil
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, bad)
		checkField(t, err, "minimum", "cannot be negative")
		bad.Minimum = ptr(-1.7e308)
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, bad)
		checkField(t, err, "minimum", "between")

		// A range set later applies to the reports that follow.
		in.Maximum = ptr(90)
		if _, err := f.s.UpdateIndicator(f.ctx, actor, f.ini, pct.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Report(f.ctx, actor, f.ini, f.library, pct.ID, "2025-Q1", 95, "")
		checkField(t, err, "value", "at most 90")
	})
}

// TestUnusualValue: a value far from the organization's own history is
// refused until the reporter confirms it; a file lists it as a warning.
func TestUnusualValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		for i, v := range []float64{100, 110, 120} {
			f.report(t, f.pantry, meals.ID, []string{"2025-01", "2025-02", "2025-03"}[i], v)
		}
		_, err := f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-04", 12000, "")
		var unusual *measure.UnusualValueError
		if !errors.As(err, &unusual) || unusual.History.Periods != 3 || unusual.History.High != 120 {
			t.Fatalf("want an unusual value, got %v", err)
		}
		checkField(t, err, "value", "12,000 is far from what Food Pantry usually reports (between 100 and 120 in 3 other periods)")
		// A correction of a period is checked against the other periods only.
		if _, err := f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-03", 125, ""); err != nil {
			t.Fatal(err)
		}
		m, err := f.s.ReportValue(f.ctx, actor, f.ini, measure.ReportInput{IndicatorID: meals.ID,
			OrganizationID: f.pantry, Period: "2025-04", Value: 12000, Confirmed: true})
		if err != nil || m.Value != 12000 {
			t.Fatalf("confirmed: %+v %v", m, err)
		}
		// Another organization has no history yet: nothing to compare with.
		f.report(t, f.library, meals.ID, "2025-04", 9000)

		res, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(
			"indicator,organization,period,value\nMeals delivered,Food Pantry,2025-05,130\nMeals delivered,Food Pantry,2025-02,1.1\n"),
			"may.csv")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Row != 3 || res.Warnings[0].Column != "value" ||
			!strings.Contains(res.Warnings[0].Message, "1.1 for 2025-02 is far from what Food Pantry usually reports") {
			t.Fatalf("warnings: %+v", res.Warnings)
		}
		_, err = f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(
			"indicator,organization,period,value\nMeals delivered,Food Pantry,2025-05,130\nMeals delivered,Free Clinic,2025-09,1\n"),
			"future.csv")
		var ie *measure.ImportError
		if !errors.As(err, &ie) || ie.Row != 3 || ie.Column != "period" || !strings.Contains(ie.Msg, "has not begun") {
			t.Fatalf("future row: %v", err)
		}
	})
}

func TestHistoryFar(t *testing.T) {
	for _, c := range []struct {
		h     measure.History
		value float64
		far   bool
	}{
		{measure.History{Periods: 2, Low: 100, High: 120}, 1e6, false}, // too little history
		{measure.History{Periods: 3, Low: 100, High: 120}, 1200, false},
		{measure.History{Periods: 3, Low: 100, High: 120}, 1201, true},
		{measure.History{Periods: 3, Low: 100, High: 120}, 10, false},
		{measure.History{Periods: 3, Low: 100, High: 120}, 9.9, true},
		{measure.History{Periods: 3, Low: 100, High: 120}, -1, true},
		{measure.History{Periods: 3, Low: 0, High: 0}, 50, false}, // nothing to scale by
		{measure.History{Periods: 4, Low: -10, High: 10}, 200, false},
		{measure.History{Periods: 4, Low: -10, High: 10}, 211, true},
	} {
		if got := c.h.Far(c.value); got != c.far {
			t.Errorf("%+v far from %v = %v, want %v", c.h, c.value, got, c.far)
		}
	}
}

// TestHugeValuesNeverOverflow: 1.7e308 is refused at the door, and the
// largest values allowed, from every reporter with the largest weights,
// still add up to finite roll-ups that the dashboard answers with.
func TestHugeValuesNeverOverflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, agg := range []string{measure.Sum, measure.Average, measure.WeightedAverage} {
			ind := f.indicator(t, "Big "+agg, agg, measure.Monthly)
			_, err := f.s.Report(f.ctx, actor, f.ini, f.pantry, ind.ID, "2025-01", 1.7e308, "")
			checkField(t, err, "value", "must be between")
			for _, org := range []string{f.pantry, f.library, f.clinic} {
				if _, err := f.s.ReportWeighted(f.ctx, actor, f.ini, org, ind.ID, "2025-01", measure.MaxMagnitude,
					ptr(measure.MaxMagnitude), ""); err != nil {
					t.Fatal(err)
				}
			}
			target := measure.MaxMagnitude
			if _, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Grow " + agg,
				IndicatorID: ind.ID, Target: &target, DueOn: "2026-12-31"}); err != nil {
				t.Fatal(err)
			}
			points, err := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "", "")
			if err != nil || len(points) != 1 {
				t.Fatalf("roll-up %+v %v", points, err)
			}
			for _, v := range []float64{points[0].Value, points[0].Sum, points[0].WeightedSum} {
				if math.IsInf(v, 0) || math.IsNaN(v) {
					t.Fatalf("%s roll-up overflowed: %+v", agg, points[0])
				}
			}
		}
		huge := 1.7e308
		_, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Too much", Target: &huge})
		checkField(t, err, "target", "between")
		progress, err := f.s.DashboardOf(f.ctx, actor, measure.DashboardQuery{InitiativeID: f.ini})
		if err != nil || len(progress) != 3 {
			t.Fatalf("dashboard: %d goals, %v", len(progress), err)
		}
		if _, err := json.Marshal(progress); err != nil {
			t.Fatalf("the dashboard does not encode: %v", err)
		}
	})
}
