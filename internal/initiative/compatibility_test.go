package initiative_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// answers turns "vision.problem:4 values.equity:2:a note" into answers.
func answers(s string) []initiative.Answer {
	var out []initiative.Answer
	for _, f := range strings.Fields(s) {
		parts := strings.SplitN(f, ":", 3)
		a := initiative.Answer{QuestionID: parts[0], Score: int(parts[1][0] - '0')}
		if len(parts) == 3 {
			a.Note = strings.ReplaceAll(parts[2], "_", " ")
		}
		out = append(out, a)
	}
	return out
}

// allAnswers answers every question with the same score.
func allAnswers(score string) string {
	var parts []string
	for _, q := range initiative.CompatibilityQuestions {
		parts = append(parts, q.ID+":"+score)
	}
	return strings.Join(parts, " ")
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name          string
		mine, theirs  string
		disagreements []string // question ids, in order
		texts         []string // text the disagreements must hold
		complete      bool
		area          string // an area to check
		areaScores    [3]float64
	}{
		{name: "nothing answered", disagreements: nil, area: "values"},
		{name: "full agreement", mine: allAnswers("4"), theirs: allAnswers("4"), complete: true,
			area: "capacity", areaScores: [3]float64{4, 4, 0}},
		{name: "a gap of one is no disagreement", mine: allAnswers("3"), theirs: allAnswers("4"), complete: true,
			area: "shared_vision", areaScores: [3]float64{3, 4, 1}},
		{name: "gaps ordered widest first",
			mine:          "vision.problem:4 working.data:4 capacity.time:4 values.equity:3",
			theirs:        "vision.problem:2 working.data:1:we_cannot_share_client_records capacity.time:3 values.equity:1",
			disagreements: []string{"working.data", "vision.problem", "values.equity"},
			texts:         []string{"Ways of working: the sides disagree on “We are willing to share data and report on the common indicators.”: Aging Well answered 4 (fully); Food Pantry answered 1 (not at all), noting: we cannot share client records (gap 3)"},
			area:          "ways_of_working", areaScores: [3]float64{4, 1, 3}},
		{name: "a conflict of interest flagged by one side only",
			mine: "conflicts.funding:4", theirs: "conflicts.funding:3 conflicts.interests:2:board_member_on_both",
			disagreements: []string{"conflicts.interests"},
			texts:         []string{"Conflict of interest flagged on “We have no financial, political or personal interest that conflicts with the initiative's goals.”: Food Pantry answered 2 (a little), noting: board member on both"},
			area:          "conflicts_of_interest", areaScores: [3]float64{4, 2.5, 1.5}},
		{name: "conflicts first among equal gaps",
			mine: "vision.results:4 conflicts.funding:4", theirs: "vision.results:2 conflicts.funding:2",
			disagreements: []string{"conflicts.funding", "vision.results"}},
		{name: "averages to one decimal", mine: "values.community:4 values.equity:4 values.stances:3", theirs: "values.community:1 values.equity:2 values.stances:2",
			disagreements: []string{"values.community", "values.equity"}, area: "values", areaScores: [3]float64{3.7, 1.7, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &initiative.Assessment{InitiativeName: "Aging Well", OrganizationName: "Food Pantry", Initiative: answers(tt.mine), Partner: answers(tt.theirs)}
			sum := initiative.Summarize(a)
			if len(sum.Areas) != len(initiative.CompatibilityAreas) {
				t.Fatalf("%d areas", len(sum.Areas))
			}
			var ids []string
			var texts []string
			for _, d := range sum.Disagreements {
				ids = append(ids, d.QuestionID)
				texts = append(texts, d.Text)
			}
			if strings.Join(ids, " ") != strings.Join(tt.disagreements, " ") {
				t.Fatalf("disagreements %v, want %v:\n%s", ids, tt.disagreements, strings.Join(texts, "\n"))
			}
			for _, want := range tt.texts {
				if !strings.Contains(strings.Join(texts, "\n"), want) {
					t.Errorf("no disagreement says\n%s\nin\n%s", want, strings.Join(texts, "\n"))
				}
			}
			if sum.Complete != tt.complete {
				t.Errorf("complete %v, unanswered %v", sum.Complete, sum.Unanswered)
			}
			for _, as := range sum.Areas {
				if as.Area == tt.area && ([3]float64{as.Initiative, as.Partner, as.Gap} != tt.areaScores) {
					t.Errorf("area %s scored %v, %v, gap %v; want %v", as.Area, as.Initiative, as.Partner, as.Gap, tt.areaScores)
				}
			}
		})
	}
}

func TestCompatibilityQuestions(t *testing.T) {
	areas := map[string]int{}
	ids := map[string]bool{}
	for _, q := range initiative.CompatibilityQuestions {
		if ids[q.ID] {
			t.Errorf("question %s twice", q.ID)
		}
		ids[q.ID] = true
		areas[q.Area]++
	}
	for _, a := range initiative.CompatibilityAreas {
		if areas[a.ID] == 0 {
			t.Errorf("area %s has no questions", a.ID)
		}
	}
	if len(areas) != len(initiative.CompatibilityAreas) {
		t.Errorf("questions in unknown areas: %v", areas)
	}
}

func TestAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		who := account.SystemActor("backbone@example.org")

		_, err := s.StartAssessment(ctx, who, p.id, "nope")
		wantField(t, err, "organization_id", "not an organization")
		_, err = s.StartAssessment(ctx, who, p.id, o["samaritan"])
		wantField(t, err, "organization_id", "backbone")
		if _, err := s.StartAssessment(ctx, who, 9999, o["church"]); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}
		a, err := s.StartAssessment(ctx, who, p.id, o["church"])
		if err != nil {
			t.Fatal(err)
		}
		if a.InitiativeName != "Aging Well" || a.OrganizationName != "Riverside Church" || len(a.Initiative) != 0 || len(a.Partner) != 0 {
			t.Fatalf("started %+v", a)
		}

		wantField(t, s.Answer(ctx, who, p.id, a.ID, "both", answers("vision.problem:3")), "side", "initiative or partner")
		wantField(t, s.Answer(ctx, who, p.id, a.ID, "partner", answers("vision.problem:3 vision.meaning:3")), "vision.meaning", "not a question")
		wantField(t, s.Answer(ctx, who, p.id, a.ID, "partner", answers("vision.problem:3 vision.results:5")), "vision.results", "1 (not at all) to 4")
		wantField(t, s.Answer(ctx, who, p.id, a.ID, "partner", answers("vision.problem:3 vision.problem:2")), "vision.problem", "twice")
		wantField(t, s.Answer(ctx, who, p.id, a.ID, "partner", nil), "answers", "at least one")
		if err := s.Answer(ctx, who, p.id, 9999, "partner", answers("vision.problem:3")); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown assessment: %v", err)
		}
		if got, _ := s.Assessment(ctx, who, p.id, a.ID); len(got.Partner) != 0 {
			t.Fatalf("refused answers were written: %+v", got.Partner)
		}

		if err := s.Answer(ctx, who, p.id, a.ID, "initiative", answers(allAnswers("4"))); err != nil {
			t.Fatal(err)
		}
		if err := s.Answer(ctx, who, p.id, a.ID, "partner", answers("working.data:1 vision.problem:4")); err != nil {
			t.Fatal(err)
		}
		// Answering again replaces the earlier answer.
		if err := s.Answer(ctx, who, p.id, a.ID, "partner", answers("working.data:2:only_aggregates conflicts.interests:1")); err != nil {
			t.Fatal(err)
		}
		got, err := s.Assessment(ctx, who, p.id, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Initiative) != len(initiative.CompatibilityQuestions) || len(got.Partner) != 3 {
			t.Fatalf("%d and %d answers", len(got.Initiative), len(got.Partner))
		}
		if got.Partner[0].QuestionID != "vision.problem" || got.Partner[1].Score != 2 || got.Partner[1].Note != "only aggregates" || got.Partner[1].Actor != "backbone@example.org" {
			t.Fatalf("partner answers %+v", got.Partner)
		}
		sum := initiative.Summarize(got)
		if sum.Complete || sum.Unanswered["partner"] != len(initiative.CompatibilityQuestions)-3 || len(sum.Disagreements) != 2 ||
			sum.Disagreements[0].QuestionID != "conflicts.interests" || !strings.Contains(sum.Disagreements[1].Text, "Riverside Church answered 2 (a little), noting: only aggregates") {
			t.Fatalf("summary %+v", sum)
		}

		list, err := s.Assessments(ctx, who, p.id)
		if err != nil || len(list) != 1 || list[0].OrganizationName != "Riverside Church" {
			t.Fatalf("assessments: %v %+v", err, list)
		}
		if _, err := s.Assessment(ctx, who, p.id, 9999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown assessment: %v", err)
		}
	})
}

// TestAssessmentReaders checks who may read a compatibility check, whose
// notes are candid: the initiative's backbone staff and the assessed
// organization's people; not another member's people, who see the
// initiative but not the check, nor an outsider, for whom the private
// initiative does not exist. The list gives each reader the checks they
// may read.
func TestAssessmentReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		accounts := account.NewStore(db)
		sys := account.SystemActor("test")
		person := func(email, org, role string) account.Actor {
			t.Helper()
			u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: "long enough password"})
			if err != nil {
				t.Fatal(err)
			}
			if org != "" {
				if err := accounts.SetMembership(ctx, sys, u.ID, org, role); err != nil {
					t.Fatal(err)
				}
			}
			return account.UserActor(u, "")
		}
		staff := person("staff@example.org", o["samaritan"], account.OrgAdmin)
		if err := s.SetUserRole(ctx, sys, p.id, staff.UserID, account.InitiativeBackboneStaff); err != nil {
			t.Fatal(err)
		}
		church := person("pastor@example.org", o["church"], account.OrgStaff)
		pantry := person("pantry@example.org", o["pantry"], account.OrgAdmin)
		outsider := person("outsider@example.org", "", "")

		a, err := s.StartAssessment(ctx, staff, p.id, o["church"])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartAssessment(ctx, pantry, p.id, o["shelter"]); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a member starts a check: %v", err)
		}
		if err := s.Answer(ctx, church, p.id, a.ID, initiative.SidePartner, answers("capacity.leadership:1:CONFIDENTIAL_our_leadership_is_unreliable")); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			actor account.Actor
			want  error
		}{
			{"backbone staff", staff, nil},
			{"the partner's people", church, nil},
			{"another member's people", pantry, errs.ErrForbidden},
			{"an outsider", outsider, errs.ErrNotFound},
			{"nobody signed in", account.Actor{Label: "anonymous"}, errs.ErrUnauthenticated},
		} {
			got, err := s.Assessment(ctx, c.actor, p.id, a.ID)
			if c.want == nil && (err != nil || len(got.Partner) != 1) {
				t.Errorf("%s reads the check: %v", c.name, err)
			}
			if c.want != nil && (!errors.Is(err, c.want) || got != nil) {
				t.Errorf("%s reads the check: %v %+v, want %v", c.name, err, got, c.want)
			}
		}
		if err := s.Answer(ctx, pantry, p.id, a.ID, initiative.SidePartner, answers("vision.problem:1")); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("another member answers for the partner: %v", err)
		}
		if err := s.Answer(ctx, church, p.id, a.ID, initiative.SideInitiative, answers("vision.problem:1")); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the partner answers for the initiative: %v", err)
		}

		// The check is not reachable through another initiative.
		other, err := s.Create(ctx, sys, initiative.Input{Name: "Other", BackboneOrganizationID: o["pantry"]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Assessment(ctx, sys, other.ID, a.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("through another initiative: %v", err)
		}

		for _, c := range []struct {
			name  string
			actor account.Actor
			want  int
		}{{"backbone staff", staff, 1}, {"another member's people", pantry, 0}} {
			list, err := s.Assessments(ctx, c.actor, p.id)
			if err != nil || len(list) != c.want {
				t.Errorf("%s lists %d checks (%v), want %d", c.name, len(list), err, c.want)
			}
		}
		if _, err := s.Assessments(ctx, outsider, p.id); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an outsider lists the checks: %v", err)
		}
	})
}
