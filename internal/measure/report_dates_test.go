package measure_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestReportDates checks the report due dates a calendar shows, on both
// engines: the last closed period only while a report is missing, the open
// period and the next, each with who is asked and who has not reported,
// for every reporter or only some organizations'.
func TestReportDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db) // the store's clock: 14 May 2025
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		rides := f.indicator(t, "Rides given", measure.Sum, measure.Quarterly)
		for _, org := range []string{f.pantry, f.library, f.clinic} {
			f.report(t, org, meals.ID, "2025-04", 1) // April is all in
		}
		f.report(t, f.pantry, rides.ID, "2025-Q1", 1)
		f.report(t, f.pantry, meals.ID, "2025-05", 1) // early

		show := func(ds []measure.ReportDate) string {
			var out []string
			for _, d := range ds {
				out = append(out, fmt.Sprintf("%s %s %s missing %d/%d", d.IndicatorName, d.Period,
					d.Due.Format("2006-01-02"), len(d.Missing), len(d.Reporters)))
			}
			return strings.Join(out, "; ")
		}
		all, err := f.s.ReportDates(f.ctx, actor, f.ini, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "Meals delivered 2025-05 2025-06-01 missing 2/3; Meals delivered 2025-06 2025-07-01 missing 3/3; " +
			"Rides given 2025-Q1 2025-04-01 missing 2/3; Rides given 2025-Q2 2025-07-01 missing 3/3; " +
			"Rides given 2025-Q3 2025-10-01 missing 3/3"
		if got := show(all); got != want {
			t.Errorf("all reporters:\n got %s\nwant %s", got, want)
		}
		pantry, err := f.s.ReportDates(f.ctx, actor, f.ini, []string{f.pantry})
		if err != nil {
			t.Fatal(err)
		}
		want = "Meals delivered 2025-05 2025-06-01 missing 0/1; Meals delivered 2025-06 2025-07-01 missing 1/1; " +
			"Rides given 2025-Q2 2025-07-01 missing 1/1; Rides given 2025-Q3 2025-10-01 missing 1/1"
		if got := show(pantry); got != want {
			t.Errorf("the pantry's:\n got %s\nwant %s", got, want)
		}
		if none, err := f.s.ReportDates(f.ctx, actor, f.ini, []string{f.school}); err != nil || len(none) != 0 {
			t.Errorf("an organization that reports nothing: %v %v", none, err)
		}
		outsider := account.Actor{User: &account.User{ID: 999, Email: "x@example.org", Role: account.RoleMember}}
		if _, err := f.s.ReportDates(f.ctx, outsider, f.ini, nil); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an outsider reads a private initiative's dates: %v", err)
		}
	})
}
