package initiative_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// names lists the organizations of members, for comparing.
func names(ms []initiative.Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.OrganizationID)
	}
	return fmt.Sprint(out)
}

// TestRosterAccess: the members page shows a private initiative to whoever
// sees it, and its invitation (not its history) to those who answer for
// the invited organization; each reader is offered only their own moves.
func TestRosterAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID

		checkMay(t, func(a account.Actor) error { _, err := s.Roster(ctx, a, id); return err },
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"a non-member's admin", c.schoolAdmin, errs.ErrNotFound},
			may{"the invited organization's staff", c.fundStaff, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"the invited organization's admin", c.fundAdmin, nil},
			may{"a member's staff", c.pantryStaff, nil})

		for _, row := range []struct {
			who                   string
			actor                 account.Actor
			view, invite, change  bool
			invitations, leavable string
			history               bool
		}{
			{"the invited organization's admin", c.fundAdmin, false, false, false, "[org-fund]", "[]", false},
			{"a member's admin", c.pantryAdmin, true, false, false, "[]", "[org-pantry]", true},
			{"a member's partner lead", c.pantryLead, true, false, false, "[]", "[org-pantry]", true},
			{"a member's staff", c.pantryStaff, true, false, false, "[]", "[]", true},
			{"backbone staff", c.staff, true, true, true, "[]", "[]", true},
			// A platform admin may do anything, but is offered only the
			// moves of organizations they work for: none.
			{"a platform admin", c.admin, true, true, true, "[]", "[]", true},
		} {
			ro, err := s.Roster(ctx, row.actor, id)
			if err != nil {
				t.Fatalf("%s: %v", row.who, err)
			}
			got := fmt.Sprint(ro.CanView, ro.CanInvite, ro.CanChange, names(ro.Invitations), names(ro.Leavable), len(ro.History) > 0)
			want := fmt.Sprint(row.view, row.invite, row.change, row.invitations, row.leavable, row.history)
			if got != want || len(ro.Members) != 4 {
				t.Errorf("%s: roster %s with %d members, want %s", row.who, got, len(ro.Members), want)
			}
		}

		for _, row := range []struct {
			who   string
			actor account.Actor
			want  int
		}{{"the invited organization's admin", c.fundAdmin, 1}, {"its staff", c.fundStaff, 0}, {"backbone staff", c.staff, 0}, {"nobody", c.nobody, 0}} {
			invs, err := s.Invitations(ctx, row.actor)
			if err != nil || len(invs) != row.want {
				t.Errorf("%s is shown %d invitations (%v), want %d", row.who, len(invs), err, row.want)
			}
		}
	})
}

// TestMemberMoveAccess: backbone staff invite and change roles; an
// organization answers its invitation and leaves by its own decision (rules
// 2 and 3: not backbone staff); nobody learns of a private initiative
// through a move they may not make.
func TestMemberMoveAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID

		checkMay(t, func(a account.Actor) error { return s.Respond(ctx, a, id, f.school, true) },
			may{"an admin of an organization never invited", c.schoolAdmin, errs.ErrNotFound})

		checkMay(t, func(a account.Actor) error { return s.Invite(ctx, a, id, f.school, "funder") },
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"a partner lead", c.pantryLead, errs.ErrForbidden},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"the invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"backbone staff", c.staff, nil})

		checkMay(t, func(a account.Actor) error { return s.ChangeRole(ctx, a, id, f.library, "core_partner", "") },
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"a steward", c.steward, errs.ErrNotFound},
			may{"backbone staff", c.staff, nil},
			may{"a platform admin", c.admin, nil})

		checkMay(t, func(a account.Actor) error { return s.Leave(ctx, a, id, f.pantry, "") },
			may{"backbone staff (rule 2)", c.staff, errs.ErrForbidden},
			may{"a member's staff", c.pantryStaff, errs.ErrForbidden},
			may{"another organization's admin", c.schoolAdmin, errs.ErrNotFound},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"its partner lead", c.pantryLead, nil})
		// Having left, its admin no longer sees the private initiative.
		checkMay(t, func(a account.Actor) error { return s.Leave(ctx, a, id, f.pantry, "") },
			may{"its admin, after it left", c.pantryAdmin, errs.ErrNotFound})

		checkMay(t, func(a account.Actor) error { return s.Respond(ctx, a, id, f.fund, true) },
			may{"backbone staff (rule 3)", c.staff, errs.ErrForbidden},
			may{"another member's admin", c.pantryLead, errs.ErrForbidden},
			may{"the invited organization's staff", c.fundStaff, errs.ErrNotFound},
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"the invited organization's admin", c.fundAdmin, nil})

		ms, err := s.Members(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]string{}
		for _, m := range ms {
			status[m.OrganizationID] = m.Role + "/" + m.Status
		}
		want := map[string]string{f.health: "backbone/active", f.pantry: "core_partner/left", f.library: "core_partner/active",
			f.fund: "funder/active", f.school: "funder/invited"}
		if fmt.Sprint(status) != fmt.Sprint(want) {
			t.Fatalf("members %v, want %v", status, want)
		}
	})
}

// TestRemoveMember: backbone staff take an organization out, saying why:
// an active member is removed, an open invitation withdrawn; both are kept
// in the history as the backbone's moves, and the organization may be
// invited again. The organization's own people may not remove it (they
// leave instead), nor may anyone remove the backbone organization.
func TestRemoveMember(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		remove := func(org, reason string) func(account.Actor) error {
			return func(a account.Actor) error { return s.RemoveMember(ctx, a, id, org, reason) }
		}

		checkMay(t, remove(f.pantry, " Stopped taking part "),
			may{"the member's own admin", c.pantryAdmin, errs.ErrForbidden},
			may{"its partner lead", c.pantryLead, errs.ErrForbidden},
			may{"a steward with no part", c.steward, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"backbone staff", c.staff, nil})
		checkField(t, remove(f.library, " ")(c.staff), "reason")
		checkField(t, remove(f.library, strings.Repeat("r", 2001))(c.staff), "reason")
		checkConflict(t, remove(f.health, "x")(c.staff), "backbone organization")
		checkConflict(t, remove(f.pantry, "x")(c.staff), "it was removed")
		checkConflict(t, remove(f.school, "x")(c.staff), "not a member")

		if err := remove(f.fund, "Sent by mistake")(c.staff); err != nil {
			t.Fatal(err)
		}
		checkConflict(t, s.Respond(ctx, c.fundAdmin, id, f.fund, true), "no open invitation to Aging Well (it was removed)")
		if _, err := s.View(ctx, c.pantryStaff, id); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a removed member's people still see the private initiative: %v", err)
		}
		if err := s.Invite(ctx, c.staff, id, f.fund, "funder"); err != nil {
			t.Fatalf("invite again after withdrawing: %v", err)
		}

		hist, err := s.MemberHistory(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var moves []string
		for _, e := range hist[len(hist)-3:] {
			moves = append(moves, fmt.Sprintf("%s:%s>%s:%s:%s", e.OrganizationID, e.FromStatus, e.ToStatus, e.Actor, e.Reason))
		}
		want := "org-pantry:active>removed:staff@cast.example.org:Stopped taking part org-fund:invited>removed:staff@cast.example.org:Sent by mistake " +
			"org-fund:removed>invited:staff@cast.example.org:"
		if got := strings.Join(moves, " "); got != want {
			t.Errorf("history\n got %s\nwant %s", got, want)
		}
		ms, err := s.Members(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.OrganizationID == f.pantry && (m.Status != "removed" || m.LeftAt == nil || m.JoinedAt == nil) {
				t.Errorf("removed member %+v", m)
			}
		}
		summaries := strings.Join(f.audit(t), "\n")
		for _, want := range []string{"the backbone removed Food Pantry from Aging Well: Stopped taking part",
			"the backbone withdrew the invitation to Community Fund to join Aging Well: Sent by mistake"} {
			if !strings.Contains(summaries, want) {
				t.Errorf("no audit event %q in\n%s", want, summaries)
			}
		}
	})
}
