package measure_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var actor = account.SystemActor("test")

// fixture is an initiative with three active member organizations (pantry,
// library, clinic) and one organization outside it (school), a store whose
// clock the test moves, and an agenda item.
type fixture struct {
	ctx                             context.Context
	db                              *store.DB
	s                               *measure.Store
	ini                             int64
	goals                           measure.Owner // the initiative's goals
	pantry, library, clinic, school string
	agenda                          int64
	now                             time.Time
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{ctx: ctx, db: db, s: measure.NewStore(db), now: time.Date(2025, 5, 14, 10, 0, 0, 0, time.UTC)}
	measure.SetClock(f.s, func() time.Time { return f.now })
	org := func(id, name string) string {
		if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, id, name, db.Now()); err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.pantry, f.library, f.clinic, f.school = org("org-pantry", "Food Pantry"), org("org-library", "Public Library"), org("org-clinic", "Free Clinic"), org("org-school", "Adult School")
	is := initiative.NewStore(db)
	ini, err := is.Create(ctx, actor, initiative.Input{Name: "Aging Well", BackboneOrganizationID: f.pantry})
	if err != nil {
		t.Fatal(err)
	}
	f.ini, f.goals = ini.ID, measure.InitiativeGoals(ini.ID)
	for _, m := range []string{f.library, f.clinic} {
		if err := is.AddMember(ctx, actor, f.ini, m, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
	}
	item, err := is.AddAgendaItem(ctx, actor, f.ini, initiative.AgendaItemInput{Title: "Nobody goes hungry"})
	if err != nil {
		t.Fatal(err)
	}
	f.agenda = item.ID
	return f
}

// indicator adds an indicator reported by the three members.
func (f *fixture) indicator(t testing.TB, name, aggregation string, freq measure.Frequency) *measure.Indicator {
	t.Helper()
	in := measure.IndicatorInput{Name: name, Definition: "What " + name + " counts", Unit: "people", Aggregation: aggregation, Frequency: freq,
		Reporters: []string{f.pantry, f.library, f.clinic}}
	if aggregation == measure.WeightedAverage {
		in.WeightLabel = "clients served"
	}
	ind, err := f.s.CreateIndicator(f.ctx, actor, f.ini, in)
	if err != nil {
		t.Fatal(err)
	}
	return ind
}

func (f *fixture) report(t testing.TB, org string, ind int64, period string, v float64) *measure.Measurement {
	t.Helper()
	m, err := f.s.Report(f.ctx, actor, f.ini, org, ind, period, v, "")
	if err != nil {
		t.Fatalf("report %s %s %v: %v", org, period, v, err)
	}
	return m
}

func (f *fixture) audit(t testing.TB) []string {
	t.Helper()
	events, err := account.NewStore(f.db).ListAudit(f.ctx, account.AuditFilter{EntityType: "initiative", EntityID: fmt.Sprint(f.ini), Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Summary)
	}
	return out
}

func (f *fixture) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkField fails unless err is a validation error with a message for field.
func checkField(t testing.TB, err error, field, part string) {
	t.Helper()
	var v *errs.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a validation error on %s, got %v", field, err)
	}
	if msg, ok := v.Fields[field]; !ok || !strings.Contains(msg, part) {
		t.Fatalf("want %s to say %q, got %v", field, part, v.Fields)
	}
}

func TestIndicators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, err := f.s.CreateIndicator(f.ctx, actor, f.ini, measure.IndicatorInput{Direction: "sideways", Aggregation: "median", Frequency: "weekly"})
		for field, part := range map[string]string{"name": "required", "definition": "required", "direction": "higher or lower",
			"aggregation": "one of", "frequency": "monthly"} {
			checkField(t, err, field, part)
		}
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, measure.IndicatorInput{Name: "x", Definition: "d", Aggregation: measure.WeightedAverage})
		checkField(t, err, "weight_label", "required")
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, measure.IndicatorInput{Name: "x", Definition: "d", Reporters: []string{f.school}})
		checkField(t, err, "reporters", "not an active member")
		if _, err := f.s.CreateIndicator(f.ctx, actor, 9999, measure.IndicatorInput{Name: "x", Definition: "d"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}

		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		if meals.Direction != measure.Higher || meals.Frequency != measure.Monthly || len(meals.Reporters) != 3 {
			t.Fatalf("created %+v", meals)
		}
		_, err = f.s.CreateIndicator(f.ctx, actor, f.ini, measure.IndicatorInput{Name: "MEALS delivered", Definition: "d"})
		var ce *errs.ConflictError
		if !errors.As(err, &ce) || ce.Field != "name" {
			t.Fatalf("duplicate name: %v", err)
		}

		f.report(t, f.pantry, meals.ID, "2025-01", 10)
		f.report(t, f.library, meals.ID, "2025-01", 30)
		in := measure.IndicatorInput{Name: "Meals served", Definition: "Hot meals", Aggregation: measure.Max, Frequency: measure.Monthly, Reporters: []string{f.pantry, f.library}}
		upd, err := f.s.UpdateIndicator(f.ctx, actor, f.ini, meals.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if upd.Name != "Meals served" || len(upd.Reporters) != 2 || upd.Aggregation != measure.Max {
			t.Fatalf("updated %+v", upd)
		}
		points, err := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if err != nil || len(points) != 1 || points[0].Value != 30 {
			t.Fatalf("recombined roll-up: %+v %v", points, err)
		}
		in.Frequency = measure.Quarterly
		_, err = f.s.UpdateIndicator(f.ctx, actor, f.ini, meals.ID, in)
		checkField(t, err, "frequency", "already reported")

		other := f.indicator(t, "Rides given", measure.Sum, measure.Quarterly)
		list, err := f.s.Indicators(f.ctx, actor, f.ini, false)
		if err != nil || len(list) != 2 || list[0].Name != "Meals served" || len(list[1].Reporters) != 3 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if err := f.s.ArchiveIndicator(f.ctx, actor, f.ini, other.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.s.Indicators(f.ctx, actor, f.ini, false); len(list) != 1 {
			t.Fatalf("archived indicator still listed: %d", len(list))
		}
		if list, _ := f.s.Indicators(f.ctx, actor, f.ini, true); len(list) != 2 || !list[1].Archived {
			t.Fatalf("with archived: %+v", list)
		}
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, other.ID, "2025-Q1", 1, "")
		checkField(t, err, "indicator", "retired")
		if _, err := f.s.Indicator(f.ctx, actor, f.ini, 12345); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("missing indicator: %v", err)
		}
		if a := f.audit(t); !strings.Contains(strings.Join(a, "\n"), "Added the indicator “Meals delivered”") {
			t.Fatalf("audit: %q", a)
		}
	})
}

func TestReportAndCorrect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)

		_, err := f.s.Report(f.ctx, actor, f.ini, f.school, meals.ID, "2025-01", 5, "")
		checkField(t, err, "organization", "not listed as a reporter")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-Q1", 5, "")
		checkField(t, err, "period", "reported monthly")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-13", 5, "")
		checkField(t, err, "period", "not a month")
		_, err = f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, "2025-01", math.NaN(), "")
		checkField(t, err, "value", "number")
		if n := f.count(t, "measurements"); n != 0 {
			t.Fatalf("refused reports wrote %d rows", n)
		}

		first := f.report(t, f.pantry, meals.ID, "2025-01", 100)
		f.report(t, f.library, meals.ID, "2025-01", 50)
		f.now = f.now.Add(time.Hour)
		second, err := f.s.Report(f.ctx, actor, f.ini, f.pantry, meals.ID, " 2025-01", 120, "recounted")
		if err != nil {
			t.Fatal(err)
		}
		if second.Revision != 2 || second.Note != "recounted" || second.Period != "2025-01" {
			t.Fatalf("correction: %+v", second)
		}
		hist, err := f.s.MeasurementHistory(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-01")
		if err != nil || len(hist) != 2 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		if hist[0].ID != second.ID || hist[0].SupersededAt != nil || hist[1].ID != first.ID || hist[1].SupersededBy != second.ID ||
			hist[1].SupersededAt == nil || hist[1].Value != 100 {
			t.Fatalf("history: %+v", hist)
		}
		points, err := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if err != nil || len(points) != 1 || points[0].Value != 170 || points[0].Count != 2 || points[0].Min != 50 || points[0].Max != 120 {
			t.Fatalf("roll-up after correction: %+v %v", points, err)
		}
		if a := f.audit(t); a[0] != "Corrected Food Pantry's value of “Meals delivered” for 2025-01: 120, was 100" {
			t.Fatalf("audit: %q", a[0])
		}

		contrib, err := f.s.Contributions(f.ctx, actor, f.ini, meals.ID, "2025-01")
		if err != nil || len(contrib) != 3 {
			t.Fatalf("contributions: %+v %v", contrib, err)
		}
		// By name: Food Pantry, Free Clinic, Public Library.
		if contrib[0].OrganizationID != f.pantry || contrib[0].Value != 120 || math.Abs(contrib[0].Share-120.0/170) > 1e-9 || !contrib[0].Reported ||
			contrib[1].OrganizationID != f.clinic || contrib[1].Reported || !contrib[1].Reporter || contrib[2].Value != 50 {
			t.Fatalf("contributions: %+v", contrib)
		}
		_, err = f.s.Contributions(f.ctx, actor, f.ini, meals.ID, "2025")
		checkField(t, err, "period", "monthly")
	})
}

func TestAggregations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := func(v float64) *float64 { return &v }
		want := map[string]float64{measure.Sum: 60, measure.Average: 20, measure.WeightedAverage: (10*1 + 20*2 + 30*7) / 10.0,
			measure.Latest: 20, measure.Min: 10, measure.Max: 30}
		for _, agg := range measure.Aggregations {
			ind := f.indicator(t, "Indicator "+agg, agg, measure.Quarterly)
			for i, r := range []struct {
				org    string
				v, w   float64
				minute int
			}{{f.pantry, 10, 1, 1}, {f.clinic, 30, 7, 2}, {f.library, 20, 2, 3}} {
				f.now = time.Date(2025, 5, 14, 10, r.minute, i, 0, time.UTC)
				if _, err := f.s.ReportWeighted(f.ctx, actor, f.ini, r.org, ind.ID, "2025-Q1", r.v, w(r.w),
					""); err != nil {
					t.Fatal(err)
				}
			}
			f.report(t, f.pantry, ind.ID, "2024-Q4", 1)
			f.report(t, f.pantry, ind.ID, "2025-Q2", 1)
			points, err := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "2025-Q1", "2025-Q1")
			if err != nil || len(points) != 1 {
				t.Fatalf("%s: %+v %v", agg, points, err)
			}
			if math.Abs(points[0].Value-want[agg]) > 1e-9 {
				t.Errorf("%s = %v, want %v", agg, points[0].Value, want[agg])
			}
			all, _ := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "", "")
			from, _ := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "2025-Q1", "")
			if len(all) != 3 || all[0].Period != "2024-Q4" || len(from) != 2 {
				t.Errorf("%s ranges: %+v / %+v", agg, all, from)
			}
		}
		ind := f.indicator(t, "Monthly", measure.Sum, measure.Monthly)
		_, err := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "2025-Q1", "2025-13")
		checkField(t, err, "from", "monthly")
		checkField(t, err, "to", "not a month")
	})
}

func TestLateReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		rides := f.indicator(t, "Rides given", measure.Sum, measure.Quarterly)
		now := time.Date(2025, 5, 14, 0, 0, 0, 0, time.UTC) // last closed: 2025-04 and 2025-Q1
		f.report(t, f.pantry, meals.ID, "2025-04", 1)
		f.report(t, f.library, meals.ID, "2025-03", 1) // an older month does not count
		f.report(t, f.clinic, rides.ID, "2025-Q1", 1)
		f.report(t, f.pantry, rides.ID, "2025-Q1", 1)
		late, err := f.s.LateReports(f.ctx, actor, f.ini, now)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range late {
			got = append(got, l.IndicatorName+"/"+l.Period+"/"+l.OrganizationName)
		}
		want := "Meals delivered/2025-04/Free Clinic,Meals delivered/2025-04/Public Library,Rides given/2025-Q1/Public Library"
		if strings.Join(got, ",") != want {
			t.Fatalf("late: %v", got)
		}
		if !late[0].DueSince.Equal(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("due since %v", late[0].DueSince)
		}
	})
}

func TestGoals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		num := func(v float64) *float64 { return &v }
		_, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, StartsOn: "2025-13-01", DueOn: "soon", BaselinePeriod: "2024-Q9"})
		for field, part := range map[string]string{"statement": "required", "starts_on": "date", "due_on": "date", "baseline_period": "not a quarter"} {
			checkField(t, err, field, part)
		}
		_, err = f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, OrganizationID: f.pantry, Statement: "x"})
		checkField(t, err, "initiative_id", "not both")
		_, err = f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "x", IndicatorID: meals.ID, BaselinePeriod: "2024"})
		checkField(t, err, "baseline_period", "monthly")

		in := measure.GoalInput{InitiativeID: f.ini, Statement: "Deliver more meals to older neighbours", IndicatorID: meals.ID,
			Baseline: num(1000), BaselinePeriod: "2024-12", Target: num(2000), Unit: "meals", StartsOn: "2025-01-01", DueOn: "2025-12-31",
			OwnerOrganizationID: f.pantry, AgendaItemID: f.agenda}
		g, err := f.s.CreateGoal(f.ctx, actor, in)
		if err != nil {
			t.Fatal(err)
		}
		if g.Revision != 1 || g.CurrentRevision != 1 || *g.Target != 2000 || g.AgendaItemID != f.agenda || g.OwnerOrganizationID != f.pantry {
			t.Fatalf("created %+v", g)
		}
		created := f.now
		f.now = f.now.Add(24 * time.Hour)
		in.Target = num(2500)
		_, err = f.s.Revise(f.ctx, actor, f.goals, g.ID, in, " ")
		checkField(t, err, "reason", "required")
		rev, err := f.s.Revise(f.ctx, actor, f.goals, g.ID, in, "the first quarter went better than planned")
		if err != nil {
			t.Fatal(err)
		}
		if rev.Revision != 2 || *rev.Target != 2500 || rev.Reason == "" || rev.InitiativeID != f.ini {
			t.Fatalf("revised %+v", rev)
		}
		was, err := f.s.GoalAsOf(f.ctx, actor, f.goals, g.ID, created.Add(time.Hour))
		if err != nil || was.Revision != 1 || *was.Target != 2000 || was.CurrentRevision != 2 {
			t.Fatalf("as of: %+v %v", was, err)
		}
		_, err = f.s.GoalAsOf(f.ctx, actor, f.goals, g.ID, created.Add(-time.Hour))
		if !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("before the goal: %v", err)
		}
		if now, _ := f.s.GoalAsOf(f.ctx, actor, f.goals, g.ID, f.now); now.Revision != 2 {
			t.Fatalf("as of now: %+v", now)
		}
		revs, err := f.s.GoalRevisions(f.ctx, actor, f.goals, g.ID)
		if err != nil || len(revs) != 2 || *revs[0].Target != 2000 || revs[1].Reason != "the first quarter went better than planned" {
			t.Fatalf("revisions: %+v %v", revs, err)
		}
		if r1, err := f.s.GoalRevision(f.ctx, actor, f.goals, g.ID, 1); err != nil || *r1.Target != 2000 {
			t.Fatalf("revision 1: %+v %v", r1, err)
		}
		list, err := f.s.Goals(f.ctx, actor, f.goals)
		if err != nil || len(list) != 1 || list[0].Revision != 2 {
			t.Fatalf("goals: %+v %v", list, err)
		}

		// An organization's own goal, with no initiative.
		own, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{OrganizationID: f.school, Statement: "Teach 200 adults to read", DueOn: "2026-06-30"})
		if err != nil || own.OrganizationID != f.school {
			t.Fatalf("own goal: %+v %v", own, err)
		}
		_, err = f.s.Revise(f.ctx, actor, measure.OrganizationGoals(f.school), own.ID,
			measure.GoalInput{Statement: "x", AgendaItemID: f.agenda}, "why")
		checkField(t, err, "agenda_item_id", "another initiative")
		if got, _ := f.s.Goals(f.ctx, actor, measure.OrganizationGoals(f.school)); len(got) != 1 {
			t.Fatalf("organization goals: %+v", got)
		}
	})
}

func TestMilestones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone", IndicatorID: meals.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddMilestone(f.ctx, actor, f.goals, g.ID, 10000, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddMilestone(f.ctx, actor, f.goals, g.ID, 20000, "twice as many"); err != nil {
			t.Fatal(err)
		}
		var ce *errs.ConflictError
		if _, err := f.s.AddMilestone(f.ctx, actor, f.goals, g.ID, 10000, ""); !errors.As(err, &ce) {
			t.Fatalf("duplicate milestone: %v", err)
		}
		f.report(t, f.pantry, meals.ID, "2025-01", 6000)
		if ms, _ := f.s.Milestones(f.ctx, actor, f.goals, g.ID); ms[0].ReachedAt != nil {
			t.Fatalf("reached too soon: %+v", ms)
		}
		f.report(t, f.library, meals.ID, "2025-01", 5000)
		f.report(t, f.library, meals.ID, "2025-01", 5500) // a correction: still passed, not celebrated twice
		ms, err := f.s.Milestones(f.ctx, actor, f.goals, g.ID)
		if err != nil || len(ms) != 2 || ms[0].ReachedAt == nil || ms[0].ReachedPeriod != "2025-01" || ms[1].ReachedAt != nil {
			t.Fatalf("milestones: %+v %v", ms, err)
		}
		n := 0
		for _, s := range f.audit(t) {
			if s == "“Meals delivered” passed its milestone of 10,000" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("milestone events: %d in %q", n, f.audit(t))
		}
	})
}

func TestStories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{OrganizationID: f.school, Statement: "Our own"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddStory(f.ctx, actor, f.ini, measure.StoryInput{Title: "Maria", Body: "b", Kind: "rumour", ConsentOn: "2099-01-01"})
		for field, part := range map[string]string{"kind": "quote", "consent_by": "required", "consent_on": "future", "consent_how": "required"} {
			checkField(t, err, field, part)
		}
		in := measure.StoryInput{Title: "Maria's Tuesdays", Body: "“The van is the only visit I get some weeks.”", Kind: measure.KindQuote,
			ConsentBy: "Maria G.", ConsentOn: "2025-04-02", ConsentHow: "signed consent form", GoalIDs: []int64{g.ID, other.ID}}
		_, err = f.s.AddStory(f.ctx, actor, f.ini, in)
		checkField(t, err, "goal_ids", "not a goal of this initiative")
		in.GoalIDs = []int64{g.ID, g.ID}
		st, err := f.s.AddStory(f.ctx, actor, f.ini, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.GoalIDs) != 1 || st.ConsentBy != "Maria G." {
			t.Fatalf("story %+v", st)
		}
		f.now = f.now.Add(time.Minute)
		in.Title, in.GoalIDs, in.Kind = "A note", nil, measure.KindInterviewNote
		if _, err := f.s.AddStory(f.ctx, actor, f.ini, in); err != nil {
			t.Fatal(err)
		}
		all, err := f.s.Stories(f.ctx, actor, f.ini, 0, 0)
		if err != nil || len(all) != 2 || all[0].Title != "A note" || len(all[1].GoalIDs) != 1 {
			t.Fatalf("stories: %+v %v", all, err)
		}
		linked, _ := f.s.Stories(f.ctx, actor, f.ini, g.ID, 10)
		if len(linked) != 1 || linked[0].ID != st.ID {
			t.Fatalf("linked: %+v", linked)
		}
		if _, err := f.s.Story(f.ctx, actor, f.ini, 999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("missing story: %v", err)
		}
	})
}

// TestConcurrentReports has every reporter report the same period at once:
// the roll-up must count them all.
func TestConcurrentReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		for round := 1; round <= 5; round++ {
			period := fmt.Sprintf("2025-%02d", round)
			orgs := []string{f.pantry, f.library, f.clinic}
			errc := make(chan error, len(orgs))
			for i, org := range orgs {
				go func() {
					_, err := f.s.Report(f.ctx, actor, f.ini, org, meals.ID, period, float64(10*(i+1)), "")
					errc <- err
				}()
			}
			for range orgs {
				if err := <-errc; err != nil {
					t.Fatal(err)
				}
			}
			points, err := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, period, period)
			if err != nil || len(points) != 1 || points[0].Count != 3 || points[0].Value != 60 {
				t.Fatalf("round %d: %+v %v", round, points, err)
			}
		}
	})
}
