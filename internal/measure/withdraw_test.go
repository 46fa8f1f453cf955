package measure_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestWithdrawMeasurement: a withdrawn value leaves the roll-up, the late
// reports count the organization as not reported, and the history keeps it
// with who, when and why; reporting the period again continues its
// revisions, by form and by file.
func TestWithdrawMeasurement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		f.report(t, f.pantry, meals.ID, "2025-04", 100)
		f.report(t, f.pantry, meals.ID, "2025-04", 1000)
		f.report(t, f.library, meals.ID, "2025-04", 50)

		_, err := f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-04", "  ")
		checkField(t, err, "reason", "is required")
		_, err = f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.clinic, "2025-04", "typo")
		checkField(t, err, "period", "no value of “Meals delivered” for 2025-04 to withdraw")
		_, err = f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-Q2", "typo")
		checkField(t, err, "period", "monthly")
		stranger := account.Actor{UserID: 999, Label: "stranger"}
		if _, err := f.s.WithdrawMeasurement(f.ctx, stranger, f.ini, meals.ID, f.pantry, "2025-04", "typo"); !errors.Is(err,
			errs.ErrForbidden) && !errors.Is(err, errs.ErrNotFound) && !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("a stranger withdrew: %v", err)
		}

		f.now = f.now.Add(time.Hour)
		w, err := f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-04", "Counted the whole year")
		if err != nil {
			t.Fatal(err)
		}
		if w.WithdrawnAt == nil || !w.WithdrawnAt.Equal(f.now) || w.WithdrawnBy != "test" ||
			w.WithdrawReason != "Counted the whole year" || w.Value != 1000 || w.Revision != 2 {
			t.Fatalf("withdrawn %+v", w)
		}
		points, _ := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if len(points) != 1 || points[0].Value != 50 || points[0].Count != 1 {
			t.Fatalf("roll-up after withdrawal %+v", points)
		}
		hist, err := f.s.MeasurementHistory(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-04")
		if err != nil || len(hist) != 2 || hist[0].WithdrawnAt == nil || hist[1].WithdrawnAt != nil {
			t.Fatalf("history %+v %v", hist, err)
		}
		_, err = f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-04", "again")
		checkField(t, err, "period", "no value")
		if a := strings.Join(f.audit(t), "\n"); !strings.Contains(a,
			"Withdrew Food Pantry's value of “Meals delivered” for 2025-04 (1,000): Counted the whole year") {
			t.Fatalf("audit: %s", a)
		}

		m := f.report(t, f.pantry, meals.ID, "2025-04", 120)
		if m.Revision != 3 {
			t.Fatalf("report after withdrawal is revision %d", m.Revision)
		}
		points, _ = f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if points[0].Value != 170 {
			t.Fatalf("roll-up after the new report %+v", points)
		}

		// The last value of a period withdrawn, a file reports it again.
		f.report(t, f.clinic, meals.ID, "2025-03", 7)
		if _, err := f.s.WithdrawMeasurement(f.ctx, actor, f.ini, meals.ID, f.clinic, "2025-03", "wrong month"); err != nil {
			t.Fatal(err)
		}
		if points, _ = f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "2025-03", "2025-03"); len(points) != 0 {
			t.Fatalf("a period with only a withdrawn value has a roll-up %+v", points)
		}
		res, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(
			"indicator,organization,period,value\nMeals delivered,Free Clinic,2025-03,8\n"), "march.csv")
		if err != nil || res.Created != 1 {
			t.Fatalf("import %+v %v", res, err)
		}
		hist, _ = f.s.MeasurementHistory(f.ctx, actor, f.ini, meals.ID, f.clinic, "2025-03")
		if len(hist) != 2 || hist[0].Revision != 2 || hist[0].Value != 8 || hist[1].WithdrawnAt == nil {
			t.Fatalf("history after import %+v", hist)
		}
		if points, _ = f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "2025-03", "2025-03"); len(points) != 1 || points[0].Value != 8 {
			t.Fatalf("roll-up after import %+v", points)
		}
	})
}
