package measure_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// people are whom the rules are tested for, on the fixture's private
// initiative: its backbone staff (of no organization), the library's admin
// and staff and the clinic's staff (active members), the school's admin
// (an organization outside it), a viewer of it (of no organization), a
// steward and a signed-in outsider with no part in it, and nobody signed in.
type people struct {
	staff, libraryAdmin, libraryStaff, clinicStaff, schoolAdmin, viewer, steward, outsider, nobody account.Actor
}

func newPeople(t *testing.T, f *fixture) people {
	t.Helper()
	accounts, inits := account.NewStore(f.db), initiative.NewStore(f.db)
	person := func(email, platformRole, org, orgRole, initiativeRole string) account.Actor {
		t.Helper()
		u, err := accounts.CreateUser(f.ctx, actor, account.NewUser{Email: email, Name: email,
			Password: "long enough password", Role: platformRole})
		if err != nil {
			t.Fatal(err)
		}
		if org != "" {
			if err := accounts.SetMembership(f.ctx, actor, u.ID, org, orgRole); err != nil {
				t.Fatal(err)
			}
		}
		if initiativeRole != "" {
			if err := inits.SetUserRole(f.ctx, actor, f.ini, u.ID, initiativeRole); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	return people{
		staff:        person("staff@example.org", "", "", "", account.InitiativeBackboneStaff),
		libraryAdmin: person("librarian@example.org", "", f.library, account.OrgAdmin, ""),
		libraryStaff: person("clerk@example.org", "", f.library, account.OrgStaff, ""),
		clinicStaff:  person("nurse@example.org", "", f.clinic, account.OrgStaff, ""),
		schoolAdmin:  person("principal@example.org", "", f.school, account.OrgAdmin, ""),
		viewer:       person("viewer@example.org", "", "", "", account.InitiativeViewer),
		steward:      person("steward@example.org", account.RoleSteward, "", "", ""),
		outsider:     person("outsider@example.org", "", "", "", ""),
		nobody:       account.Actor{Label: "anonymous"},
	}
}

// who is one person and what an operation should answer them: nil, or the
// error it should be.
type who struct {
	name  string
	actor account.Actor
	want  error
}

// expect runs op for each person and checks its answer.
func expect(t *testing.T, op string, run func(a account.Actor) error, cases []who) {
	t.Helper()
	for _, c := range cases {
		err := run(c.actor)
		if (c.want == nil && err != nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s by %s: %v, want %v", op, c.name, err, c.want)
		}
	}
}

// TestWhoReadsMeasurement: whoever may see the private initiative reads
// its indicators, goals, milestones, stories, dashboard and late reports;
// to anyone else it does not exist.
func TestWhoReadsMeasurement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPeople(t, f)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		p1 := f.report(t, f.pantry, meals.ID, "2025-01", 10)
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone",
			IndicatorID: meals.ID})
		if err != nil {
			t.Fatal(err)
		}
		st := f.story(t, actor, "T")
		readers := []who{
			{"backbone staff", p.staff, nil},
			{"a member's admin", p.libraryAdmin, nil},
			{"a member's staff", p.clinicStaff, nil},
			{"a viewer", p.viewer, nil},
			{"an outside organization's admin", p.schoolAdmin, errs.ErrNotFound},
			{"a steward", p.steward, errs.ErrNotFound},
			{"an outsider", p.outsider, errs.ErrNotFound},
			{"nobody signed in", p.nobody, errs.ErrUnauthenticated},
		}
		type read = func(a account.Actor) error
		for op, run := range map[string]read{
			"list indicators":    func(a account.Actor) error { return second(f.s.Indicators(f.ctx, a, f.ini, true)) },
			"read an indicator":  func(a account.Actor) error { return second(f.s.Indicator(f.ctx, a, f.ini, meals.ID)) },
			"list goals":         func(a account.Actor) error { return second(f.s.Goals(f.ctx, a, f.goals)) },
			"read a goal":        func(a account.Actor) error { return second(f.s.Goal(f.ctx, a, f.goals, g.ID)) },
			"read its revisions": func(a account.Actor) error { return second(f.s.GoalRevisions(f.ctx, a, f.goals, g.ID)) },
			"read its findings":  func(a account.Actor) error { return second(f.s.GoalFindings(f.ctx, a, g)) },
			"list milestones":    func(a account.Actor) error { return second(f.s.Milestones(f.ctx, a, f.goals, g.ID)) },
			"list stories":       func(a account.Actor) error { return second(f.s.Stories(f.ctx, a, f.ini, 0, 0)) },
			"read a story":       func(a account.Actor) error { return second(f.s.Story(f.ctx, a, f.ini, st.ID)) },
			"late reports":       func(a account.Actor) error { return second(f.s.LateReports(f.ctx, a, f.ini, f.now)) },
			"late summary":       func(a account.Actor) error { return second(f.s.LateSummary(f.ctx, a, f.ini, f.now)) },
			"the report form":    func(a account.Actor) error { return second(f.s.Reportables(f.ctx, a, f.ini, f.now)) },
			"the dashboard": func(a account.Actor) error {
				return second(f.s.DashboardOf(f.ctx, a, measure.DashboardQuery{InitiativeID: f.ini}))
			},
			"combined values": func(a account.Actor) error {
				return second(f.s.Rollup(f.ctx, a, f.ini, meals.ID, "", ""))
			},
			"each one's part": func(a account.Actor) error {
				return second(f.s.Contributions(f.ctx, a, f.ini, meals.ID, p1.Period))
			},
			"the leading parts": func(a account.Actor) error {
				return second(f.s.TopContributions(f.ctx, a, f.ini, meals.ID, measure.RollupPoint{Period: p1.Period}, 5))
			},
			"the template": func(a account.Actor) error {
				return f.s.Template(f.ctx, a, f.ini, measure.FormatCSV, f.now, &bytes.Buffer{})
			},
		} {
			expect(t, op, run, readers)
		}
	})
}

// TestWhoManagesMeasurement: the initiative's backbone staff agree on its
// indicators and set its goals; its members and viewers may not; to
// outsiders the private initiative does not exist.
func TestWhoManagesMeasurement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPeople(t, f)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone",
			IndicatorID: meals.ID})
		if err != nil {
			t.Fatal(err)
		}
		// Each operation succeeds once, for the staff, who come first.
		managers := []who{
			{"backbone staff", p.staff, nil},
			{"a member's admin", p.libraryAdmin, errs.ErrForbidden},
			{"a viewer", p.viewer, errs.ErrForbidden},
			{"a steward", p.steward, errs.ErrNotFound},
			{"an outsider", p.outsider, errs.ErrNotFound},
			{"nobody signed in", p.nobody, errs.ErrUnauthenticated},
		}
		in := measure.IndicatorInput{Name: "Rides", Definition: "Rides given", Reporters: []string{f.library}}
		revision := measure.GoalInput{Statement: "Feed everyone, and more", IndicatorID: meals.ID}
		rename := measure.IndicatorInput{Name: "Meals", Definition: "Meals given"}
		for _, op := range []struct {
			name string
			run  func(a account.Actor) error
		}{
			{"add an indicator", func(a account.Actor) error { return second(f.s.CreateIndicator(f.ctx, a, f.ini, in)) }},
			{"change an indicator", func(a account.Actor) error {
				return second(f.s.UpdateIndicator(f.ctx, a, f.ini, meals.ID, rename))
			}},
			{"retire an indicator", func(a account.Actor) error { return f.s.ArchiveIndicator(f.ctx, a, f.ini, meals.ID) }},
			{"set a goal", func(a account.Actor) error {
				return second(f.s.CreateGoal(f.ctx, a, measure.GoalInput{InitiativeID: f.ini, Statement: "More rides"}))
			}},
			{"revise a goal", func(a account.Actor) error {
				return second(f.s.Revise(f.ctx, a, f.goals, g.ID, revision, "why"))
			}},
			{"add a milestone", func(a account.Actor) error {
				return second(f.s.AddMilestone(f.ctx, a, f.goals, g.ID, 100, ""))
			}},
			{"check a draft goal", func(a account.Actor) error {
				return second(f.s.CheckGoal(f.ctx, a, measure.GoalInput{InitiativeID: f.ini, Statement: "More"}))
			}},
		} {
			expect(t, op.name, op.run, managers)
		}
	})
}

// TestWhoReports: an organization's people report its values and read
// their history; the backbone staff read any history and import files,
// but do not report for an organization by hand.
func TestWhoReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPeople(t, f)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		report := func(org string) func(a account.Actor) error {
			return func(a account.Actor) error {
				_, err := f.s.Report(f.ctx, a, f.ini, org, meals.ID, "2025-01", 5, "")
				return err
			}
		}
		expect(t, "report the library's value", report(f.library), []who{
			{"the library's admin", p.libraryAdmin, nil},
			{"the library's staff", p.libraryStaff, nil},
			{"the clinic's staff", p.clinicStaff, errs.ErrForbidden},
			{"backbone staff", p.staff, errs.ErrForbidden},
			{"a viewer", p.viewer, errs.ErrForbidden},
			{"an outside organization's admin", p.schoolAdmin, errs.ErrNotFound},
			{"an outsider", p.outsider, errs.ErrNotFound},
			{"nobody signed in", p.nobody, errs.ErrUnauthenticated},
		})
		// The school's own people may not report into an initiative they
		// do not see, even for their own organization.
		expect(t, "report the school's value", report(f.school), []who{
			{"the school's admin", p.schoolAdmin, errs.ErrNotFound},
		})

		history := func(org string) func(a account.Actor) error {
			return func(a account.Actor) error {
				_, err := f.s.MeasurementHistory(f.ctx, a, f.ini, meals.ID, org, "2025-01")
				return err
			}
		}
		expect(t, "read the history of the library's value", history(f.library), []who{
			{"the library's staff", p.libraryStaff, nil},
			{"backbone staff", p.staff, nil},
			{"the clinic's staff", p.clinicStaff, errs.ErrForbidden},
			{"a viewer", p.viewer, errs.ErrForbidden},
			{"an outsider", p.outsider, errs.ErrNotFound},
		})

		file := "indicator,organization,period,value\nMeals delivered," + f.clinic + ",2025-02,7\n"
		expect(t, "import a file", func(a account.Actor) error {
			_, err := f.s.ImportCSV(f.ctx, a, f.ini, strings.NewReader(file), "feb.csv")
			return err
		}, []who{
			{"the library's admin", p.libraryAdmin, errs.ErrForbidden},
			{"backbone staff", p.staff, nil},
			{"an outsider", p.outsider, errs.ErrNotFound},
		})

		// The report form offers each person what they may report.
		for _, c := range []struct {
			name  string
			actor account.Actor
			want  string
		}{
			{"the library's staff", p.libraryStaff, f.library},
			{"the clinic's staff", p.clinicStaff, f.clinic},
			{"backbone staff", p.staff, ""},
			{"a viewer", p.viewer, ""},
			{"the system", actor, f.clinic + "," + f.library + "," + f.pantry},
		} {
			items, err := f.s.Reportables(f.ctx, c.actor, f.ini, f.now)
			var orgs []string
			for _, it := range items {
				if it.Indicator.ID != meals.ID || it.Period != "2025-04" || it.OrganizationName == "" {
					t.Errorf("%s is offered %+v", c.name, it)
				}
				orgs = append(orgs, it.OrganizationID)
			}
			if err != nil || strings.Join(orgs, ",") != c.want {
				t.Errorf("%s may report for %v (%v), want %q", c.name, orgs, err, c.want)
			}
		}
	})
}

// TestWhoTellsStories: the backbone staff and the people of the
// initiative's active members tell its stories; not its viewers, nor, for
// a public initiative, the people of an organization outside it.
func TestWhoTellsStories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPeople(t, f)
		n := 0
		tell := func(a account.Actor) error {
			n++
			_, err := f.s.AddStory(f.ctx, a, f.ini, storyInput(fmt.Sprint("Story ", n)))
			return err
		}
		expect(t, "tell a story", tell, []who{
			{"backbone staff", p.staff, nil},
			{"a member's staff", p.libraryStaff, nil},
			{"a viewer", p.viewer, errs.ErrForbidden},
			{"an outside organization's admin", p.schoolAdmin, errs.ErrNotFound},
			{"an outsider", p.outsider, errs.ErrNotFound},
			{"nobody signed in", p.nobody, errs.ErrUnauthenticated},
		})
		if _, err := db.ExecContext(f.ctx, `UPDATE initiatives SET is_public = TRUE WHERE id = $1`, f.ini); err != nil {
			t.Fatal(err)
		}
		expect(t, "tell a story of a public initiative", tell, []who{
			{"an outside organization's admin", p.schoolAdmin, errs.ErrForbidden},
			{"a steward", p.steward, errs.ErrForbidden},
		})
	})
}

// TestWhoSetsOrganizationGoals: an organization's own goals are its
// people's to set, and theirs and the stewards' to read; an initiative's
// backbone staff have no say in them.
func TestWhoSetsOrganizationGoals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPeople(t, f)
		library := measure.OrganizationGoals(f.library)
		own, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{OrganizationID: f.library,
			Statement: "Lend more books"})
		if err != nil {
			t.Fatal(err)
		}
		readers := []who{
			{"its admin", p.libraryAdmin, nil},
			{"its staff", p.libraryStaff, nil},
			{"a steward", p.steward, nil},
			{"another member's staff", p.clinicStaff, errs.ErrForbidden},
			{"backbone staff", p.staff, errs.ErrForbidden},
			{"an outsider", p.outsider, errs.ErrForbidden},
			{"nobody signed in", p.nobody, errs.ErrUnauthenticated},
		}
		expect(t, "list its goals", func(a account.Actor) error { return second(f.s.Goals(f.ctx, a, library)) }, readers)
		expect(t, "read a goal", func(a account.Actor) error { return second(f.s.Goal(f.ctx, a, library, own.ID)) }, readers)
		expect(t, "its progress", func(a account.Actor) error {
			_, err := f.s.DashboardOf(f.ctx, a, measure.DashboardQuery{Organization: f.library})
			return err
		}, readers)
		expect(t, "the indicators it reports", func(a account.Actor) error {
			_, err := f.s.ReportedIndicators(f.ctx, a, f.library)
			return err
		}, readers)

		setters := []who{
			{"its staff", p.libraryStaff, nil},
			{"a steward", p.steward, errs.ErrForbidden},
			{"backbone staff", p.staff, errs.ErrForbidden},
			{"another member's staff", p.clinicStaff, errs.ErrForbidden},
		}
		expect(t, "set a goal", func(a account.Actor) error {
			_, err := f.s.CreateGoal(f.ctx, a, measure.GoalInput{OrganizationID: f.library,
				Statement: "Open on Sundays"})
			return err
		}, setters)
		expect(t, "revise a goal", func(a account.Actor) error {
			_, err := f.s.Revise(f.ctx, a, library, own.ID,
				measure.GoalInput{Statement: "Lend many more books"}, "a new wing")
			return err
		}, setters)
		expect(t, "add a milestone", func(a account.Actor) error {
			_, err := f.s.AddMilestone(f.ctx, a, library, own.ID, 10, "")
			return err
		}, setters)
		expect(t, "check a draft", func(a account.Actor) error {
			_, err := f.s.CheckGoal(f.ctx, a, measure.GoalInput{OrganizationID: f.library, Statement: "More"})
			return err
		}, setters)
	})
}

// TestRecordsThroughTheirOwner: a record is reached through the initiative
// (or organization) it belongs to; through another it is not found, even by
// those who may see both.
func TestRecordsThroughTheirOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		f.report(t, f.library, meals.ID, "2025-01", 10)
		g, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{InitiativeID: f.ini, Statement: "Feed everyone",
			IndicatorID: meals.ID})
		if err != nil {
			t.Fatal(err)
		}
		own, err := f.s.CreateGoal(f.ctx, actor, measure.GoalInput{OrganizationID: f.library,
			Statement: "Our share", IndicatorID: meals.ID})
		if err != nil {
			t.Fatal(err)
		}
		st := f.story(t, actor, "T")
		other, err := initiative.NewStore(db).Create(f.ctx, actor, initiative.Input{Name: "Other",
			BackboneOrganizationID: f.school})
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, library := measure.InitiativeGoals(other.ID), measure.OrganizationGoals(f.library)
		clinic, nowhere := measure.OrganizationGoals(f.clinic), measure.OrganizationGoals("org-nowhere")
		x, renamed := measure.GoalInput{Statement: "x"}, measure.IndicatorInput{Name: "x", Definition: "y"}
		for name, err := range map[string]error{
			"an initiative's goal as an own goal":   second(f.s.Goal(f.ctx, actor, library, g.ID)),
			"an own goal as an initiative's":        second(f.s.Goal(f.ctx, actor, f.goals, own.ID)),
			"a goal through another initiative":     second(f.s.Goal(f.ctx, actor, elsewhere, g.ID)),
			"a goal of another organization":        second(f.s.Goal(f.ctx, actor, clinic, own.ID)),
			"revise an own goal as an initiative's": second(f.s.Revise(f.ctx, actor, f.goals, own.ID, x, "y")),
			"revise an initiative's as an own goal": second(f.s.Revise(f.ctx, actor, library, g.ID, x, "y")),
			"a milestone on another's goal":         second(f.s.AddMilestone(f.ctx, actor, library, g.ID, 1, "")),
			"milestones of another's goal":          second(f.s.Milestones(f.ctx, actor, f.goals, own.ID)),
			"revisions of another's goal":           second(f.s.GoalRevisions(f.ctx, actor, elsewhere, g.ID)),
			"an indicator of another":               second(f.s.Indicator(f.ctx, actor, other.ID, meals.ID)),
			"change an indicator of another":        second(f.s.UpdateIndicator(f.ctx, actor, other.ID, meals.ID, renamed)),
			"retire an indicator of another":        f.s.ArchiveIndicator(f.ctx, actor, other.ID, meals.ID),
			"combined values through another":       second(f.s.Rollup(f.ctx, actor, other.ID, meals.ID, "", "")),
			"each one's part through another":       second(f.s.Contributions(f.ctx, actor, other.ID, meals.ID, "2025-01")),
			"a story through another":               second(f.s.Story(f.ctx, actor, other.ID, st.ID)),
			"the goals of no initiative":            second(f.s.Goals(f.ctx, actor, measure.InitiativeGoals(9999))),
			"the goals of no organization":          second(f.s.Goals(f.ctx, actor, nowhere)),
			"indicators of no initiative":           second(f.s.Indicators(f.ctx, actor, 9999, true)),
			"late reports of no initiative":         second(f.s.LateReports(f.ctx, actor, 9999, f.now)),
		} {
			if !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		top, err := f.s.TopContributions(f.ctx, actor, other.ID, meals.ID, measure.RollupPoint{Period: "2025-01"}, 5)
		if err != nil || len(top) != 0 {
			t.Errorf("the leading parts through another initiative: %+v %v", top, err)
		}
		// Reports and histories name an indicator of the initiative.
		_, err = f.s.Report(f.ctx, actor, other.ID, f.library, meals.ID, "2025-02", 1, "")
		checkField(t, err, "indicator_id", "not an indicator of this initiative")
		_, err = f.s.MeasurementHistory(f.ctx, actor, other.ID, meals.ID, f.library, "2025-01")
		checkField(t, err, "indicator_id", "not an indicator of this initiative")
		_, err = f.s.MeasurementHistory(f.ctx, actor, f.ini, meals.ID, f.library, "2025-Q1")
		checkField(t, err, "period", "monthly")
	})
}

// storyInput is a story told with consent.
func storyInput(title string) measure.StoryInput {
	return measure.StoryInput{Title: title, Body: "She came back.", Kind: measure.KindQuote,
		ConsentBy: "her", ConsentOn: "2025-01-02", ConsentHow: "a signed form"}
}

// story adds a story to the fixture's initiative as a.
func (f *fixture) story(t testing.TB, a account.Actor, title string) *measure.Story {
	t.Helper()
	st, err := f.s.AddStory(f.ctx, a, f.ini, storyInput(title))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// second is the error of a call that also returns a value.
func second[T any](_ T, err error) error { return err }
