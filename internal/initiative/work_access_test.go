package initiative_test

import (
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
