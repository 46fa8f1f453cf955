package initiative_test

import (
	"errors"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestAgendaAccess: backbone staff keep the common agenda (add, edit, move,
// archive); whoever sees the initiative reads its items; an item is only
// reached through its own initiative.
func TestAgendaAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		first, err := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "Food security"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.Create(ctx, actor, initiative.Input{Name: "After School", IsPublic: true})
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, err := s.AddAgendaItem(ctx, actor, other.ID, initiative.AgendaItemInput{Title: "Homework help"})
		if err != nil {
			t.Fatal(err)
		}

		checkMay(t, func(a account.Actor) error {
			_, err := s.AddAgendaItem(ctx, a, id, initiative.AgendaItemInput{Title: "Company"})
			return err
		},
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"a partner lead", c.pantryLead, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"backbone staff", c.staff, nil})

		checkMay(t, func(a account.Actor) error {
			_, err := s.EditAgendaItem(ctx, a, id, first.ID, initiative.AgendaItemInput{Title: "Food security for all"})
			return err
		},
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		checkMay(t, func(a account.Actor) error {
			_, err := s.EditAgendaItem(ctx, a, id, elsewhere.ID, initiative.AgendaItemInput{Title: "Taken"})
			return err
		}, may{"backbone staff, through another initiative", c.staff, errs.ErrNotFound})

		checkMay(t, func(a account.Actor) error { _, err := s.MoveAgendaItem(ctx, a, id, first.ID, 1); return err },
			may{"a member's staff", c.pantryStaff, errs.ErrForbidden},
			may{"a steward", c.steward, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		checkMay(t, func(a account.Actor) error {
			return s.ReorderAgenda(ctx, a, id, []int64{first.ID, first.ID + 2})
		}, may{"a member's admin", c.pantryAdmin, errs.ErrForbidden})

		checkMay(t, func(a account.Actor) error { _, err := s.AgendaItem(ctx, a, id, first.ID); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"a member's staff", c.pantryStaff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.AgendaItem(ctx, a, other.ID, first.ID); return err },
			may{"a platform admin, through another initiative", c.admin, errs.ErrNotFound})

		checkMay(t, func(a account.Actor) error { _, err := s.ArchiveAgendaItem(ctx, a, id, first.ID); return err },
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"backbone staff", c.staff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.ArchiveAgendaItem(ctx, a, other.ID, elsewhere.ID); return err },
			may{"backbone staff of this initiative, in one they only read", c.staff, errs.ErrForbidden})
	})
}

// TestActivityAccess: backbone staff record, change and delete any
// member's activities; a member's own people (admins and staff) those of
// their organization, and no other's; an activity is only reached through
// its own initiative. RACI letters are the backbone staff's to give.
func TestActivityAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		library, err := s.AddActivity(ctx, actor, id, initiative.ActivityInput{OrganizationID: f.library, Title: "Tech help"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.Create(ctx, actor, initiative.Input{Name: "After School", IsPublic: true, BackboneOrganizationID: f.pantry})
		if err != nil {
			t.Fatal(err)
		}

		var own *initiative.Activity
		add := func(org string) func(account.Actor) error {
			return func(a account.Actor) error {
				got, err := s.AddActivity(ctx, a, id, initiative.ActivityInput{OrganizationID: org, Title: "Grocery bags"})
				if err == nil && org == f.pantry {
					own = got
				}
				return err
			}
		}
		checkMay(t, add(f.pantry),
			may{"an invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"a non-member's admin", c.schoolAdmin, errs.ErrNotFound},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"backbone staff", c.staff, nil},
			may{"the member's staff", c.pantryStaff, nil})
		checkMay(t, add(f.library), may{"another member's staff", c.pantryStaff, errs.ErrForbidden})
		_, err = s.AddActivity(ctx, c.staff, id, initiative.ActivityInput{OrganizationID: f.school, Title: "Classes"})
		checkField(t, err, "organization_id")

		checkMay(t, func(a account.Actor) error { _, err := s.Activity(ctx, a, id, library.ID); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"a member's staff", c.pantryStaff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.Activity(ctx, a, other.ID, library.ID); return err },
			may{"a platform admin, through another initiative", c.admin, errs.ErrNotFound})

		update := func(activity int64, org string) func(account.Actor) error {
			return func(a account.Actor) error {
				_, err := s.UpdateActivity(ctx, a, id, activity, initiative.ActivityInput{OrganizationID: org, Title: "Renamed", Status: "under_way"})
				return err
			}
		}
		checkMay(t, update(library.ID, f.library),
			may{"another member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		checkMay(t, update(own.ID, f.library), may{"its admin, moving it to another member", c.pantryAdmin, errs.ErrForbidden})
		checkMay(t, update(own.ID, f.pantry), may{"its admin", c.pantryAdmin, nil})

		recordable := func(a account.Actor) string {
			ms, err := s.RecordableMembers(ctx, a, id)
			if err != nil {
				return err.Error()
			}
			return names(ms)
		}
		if got := recordable(c.pantryStaff); got != "[org-pantry]" {
			t.Errorf("a member's staff records for %s", got)
		}
		if got := recordable(c.staff); got != "[org-health org-pantry org-library org-fund]" {
			t.Errorf("backbone staff record for %s", got)
		}

		checkMay(t, func(a account.Actor) error {
			_, err := s.SetRACI(ctx, a, id, own.ID, initiative.RACIInput{OrganizationID: f.pantry, Letter: "A"})
			return err
		},
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		letters, err := s.SetRACI(ctx, c.staff, id, own.ID, initiative.RACIInput{OrganizationID: f.library, Letter: "R"})
		if err != nil || len(letters) != 2 || letters[0].Letter+letters[1].Letter != "AR" {
			t.Errorf("letters after setting: %v %+v", err, letters)
		}
		if _, err := s.SetRACI(ctx, c.admin, other.ID, own.ID, initiative.RACIInput{OrganizationID: f.pantry, Letter: "A"}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a letter through another initiative: %v", err)
		}

		del := func(activity int64) func(account.Actor) error {
			return func(a account.Actor) error { _, err := s.DeleteActivity(ctx, a, id, activity); return err }
		}
		checkMay(t, del(library.ID),
			may{"another member's staff", c.pantryStaff, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		checkMay(t, del(own.ID), may{"its organization's staff", c.pantryStaff, nil})
	})
}

// TestResponsibilityAccess: what a member organization is responsible for
// is written by those who decide for it (its admins, its partner leads) or
// by backbone staff; people's job roles by backbone staff only. Both are
// read by whoever sees the initiative, through it.
func TestResponsibilityAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID

		set := func(org string) func(account.Actor) error {
			return func(a account.Actor) error {
				return s.SetOrganizationResponsibilities(ctx, a, id, org, []string{"Weekly grocery bags"})
			}
		}
		checkMay(t, set(f.pantry),
			may{"the member's staff", c.pantryStaff, errs.ErrForbidden},
			may{"an invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"the member's admin", c.pantryAdmin, nil},
			may{"its partner lead", c.pantryLead, nil},
			may{"backbone staff", c.staff, nil})
		checkMay(t, set(f.library), may{"another member's admin", c.pantryAdmin, errs.ErrForbidden})

		checkMay(t, func(a account.Actor) error { _, err := s.Responsibilities(ctx, a, id, f.pantry); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"a member's staff", c.pantryStaff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.Responsibilities(ctx, a, id, f.school); return err },
			may{"backbone staff, for an organization that is not a member", c.staff, errs.ErrNotFound})
		got, err := s.Responsibilities(ctx, c.pantryStaff, id, f.pantry)
		if err != nil || got.OrganizationName != "Food Pantry" || len(got.Responsibilities) != 1 {
			t.Errorf("the pantry's list: %v %+v", err, got)
		}

		worker := c.pantryStaff.UserID
		person := func(a account.Actor) error {
			return s.SetPerson(ctx, a, id, initiative.PersonInput{UserID: worker, OrganizationID: f.pantry, JobRole: "front_line_worker"})
		}
		checkMay(t, person,
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"a partner lead", c.pantryLead, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.Person(ctx, a, id, worker); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"a member's staff", c.pantryStaff, nil})
		checkMay(t, func(a account.Actor) error { _, err := s.Person(ctx, a, id, c.outsider.UserID); return err },
			may{"backbone staff, for someone with no part", c.staff, errs.ErrNotFound})
		checkMay(t, func(a account.Actor) error { return s.RemovePerson(ctx, a, id, worker) },
			may{"a partner lead", c.pantryLead, errs.ErrForbidden},
			may{"a steward", c.steward, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil})
	})
}

// TestFeedAccess: the updates feed is read by whoever sees the initiative.
func TestFeedAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		checkMay(t, func(a account.Actor) error { _, err := f.s.Feed(f.ctx, a, f.ini.ID, 10, 0); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"an invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"a member's staff", c.pantryStaff, nil},
			may{"backbone staff", c.staff, nil})
	})
}
