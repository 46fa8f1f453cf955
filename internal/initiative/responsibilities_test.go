package initiative_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestResponsibilities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID

		checkField(t, s.SetOrganizationResponsibilities(ctx, actor, id, f.pantry, []string{strings.Repeat("x", 501)}), "responsibilities")
		checkField(t, s.SetOrganizationResponsibilities(ctx, actor, id, f.school, []string{"Teach"}), "organization_id")
		if err := s.SetOrganizationResponsibilities(ctx, actor, id, f.pantry, []string{" Weekly grocery bags ", "", "Refer to CalFresh"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrganizationResponsibilities(ctx, actor, id, f.pantry, []string{"Weekly grocery bags", "CalFresh sign-ups"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.OrganizationResponsibilities(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].OrganizationID != f.health || len(got[0].Responsibilities) != 0 ||
			fmt.Sprint(got[1].Responsibilities) != "[Weekly grocery bags CalFresh sign-ups]" || got[1].Role != "core_partner" {
			t.Fatalf("organization responsibilities %+v", got)
		}

		ana, ben := f.user(t, "Ana Outreach"), f.user(t, "Ben Director")
		err = s.SetPerson(ctx, actor, id, initiative.PersonInput{JobRole: "intern"})
		checkField(t, err, "user_id")
		checkField(t, err, "job_role")
		checkField(t, s.SetPerson(ctx, actor, id, initiative.PersonInput{UserID: 9999, JobRole: "supervisor"}), "user_id")
		checkField(t, s.SetPerson(ctx, actor, id, initiative.PersonInput{UserID: ana, OrganizationID: f.school, JobRole: "supervisor"}), "organization_id")
		if err := s.SetPerson(ctx, actor, id, initiative.PersonInput{UserID: ana, OrganizationID: f.pantry, JobRole: "Front_Line_Worker",
			Responsibilities: []string{"Home visits", "Referrals"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPerson(ctx, actor, id, initiative.PersonInput{UserID: ben, JobRole: "administrator", Responsibilities: []string{"Signs MOUs"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPerson(ctx, actor, id, initiative.PersonInput{UserID: ana, OrganizationID: f.pantry, JobRole: "supervisor",
			Responsibilities: []string{"Supervises outreach"}}); err != nil {
			t.Fatal(err)
		}
		people, err := s.People(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) != 2 || people[0].Name != "Ana Outreach" || people[0].JobRole != "supervisor" || people[0].OrganizationName != "Food Pantry" ||
			fmt.Sprint(people[0].Responsibilities) != "[Supervises outreach]" || people[1].OrganizationID != "" || len(people[1].Responsibilities) != 1 {
			t.Fatalf("people %+v", people)
		}
		if err := s.RemovePerson(ctx, actor, id, ben); err != nil {
			t.Fatal(err)
		}
		if err := s.RemovePerson(ctx, actor, id, ben); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("remove twice: %v", err)
		}
		if people, _ := s.People(ctx, id); len(people) != 1 {
			t.Fatalf("after remove %+v", people)
		}
		summaries := strings.Join(f.audit(t), "\n")
		for _, want := range []string{"set what Food Pantry is responsible for in Aging Well (2 items)", "set Ana Outreach's part in Aging Well: supervisor, 1 responsibility",
			"removed Ben Director's responsibilities in Aging Well"} {
			if !strings.Contains(summaries, want) {
				t.Errorf("no audit event %q", want)
			}
		}
	})
}
