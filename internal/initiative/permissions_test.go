package initiative_test

import (
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// cast is the people around the work fixture's private initiative, each
// as the actor the pages and the API would pass: who may do what is
// decided by the rule book from their real memberships and roles.
type cast struct {
	admin       account.Actor // platform admin
	steward     account.Actor // directory steward, no part in the initiative
	staff       account.Actor // the initiative's backbone staff
	pantryAdmin account.Actor // admin of an active member
	pantryStaff account.Actor // staff of an active member
	pantryLead  account.Actor // staff of an active member, its partner lead
	fundAdmin   account.Actor // admin of an organization invited to join
	fundStaff   account.Actor // staff of the invited organization
	schoolAdmin account.Actor // admin of an organization that is not a member
	outsider    account.Actor // signed in, no part in anything
	nobody      account.Actor // not signed in
}

// newCast signs up the cast of f's initiative and invites f.fund.
func newCast(t *testing.T, f *workFixture) *cast {
	t.Helper()
	person := func(name, platformRole, org, orgRole, initiativeRole string) account.Actor {
		t.Helper()
		u, err := f.accounts.CreateUser(f.ctx, actor, account.NewUser{Email: name + "@cast.example.org", Name: name,
			Password: "long enough password", Role: platformRole})
		if err != nil {
			t.Fatal(err)
		}
		if org != "" {
			if err := f.accounts.SetMembership(f.ctx, actor, u.ID, org, orgRole); err != nil {
				t.Fatal(err)
			}
		}
		if initiativeRole != "" {
			if err := f.s.SetUserRole(f.ctx, actor, f.ini.ID, u.ID, initiativeRole); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	if err := f.s.Invite(f.ctx, actor, f.ini.ID, f.fund, "funder"); err != nil {
		t.Fatal(err)
	}
	return &cast{
		admin:       person("admin", account.RoleAdmin, "", "", ""),
		steward:     person("steward", account.RoleSteward, "", "", ""),
		staff:       person("staff", account.RoleMember, f.health, account.OrgStaff, account.InitiativeBackboneStaff),
		pantryAdmin: person("pantry-admin", account.RoleMember, f.pantry, account.OrgAdmin, ""),
		pantryStaff: person("pantry-staff", account.RoleMember, f.pantry, account.OrgStaff, ""),
		pantryLead:  person("pantry-lead", account.RoleMember, f.pantry, account.OrgStaff, account.InitiativePartnerLead),
		fundAdmin:   person("fund-admin", account.RoleMember, f.fund, account.OrgAdmin, ""),
		fundStaff:   person("fund-staff", account.RoleMember, f.fund, account.OrgStaff, ""),
		schoolAdmin: person("school-admin", account.RoleMember, f.school, account.OrgAdmin, ""),
		outsider:    person("outsider", account.RoleMember, "", "", ""),
		nobody:      account.Actor{Label: "anonymous"},
	}
}

// may is one row of a who-may table: who tries, and the error they get
// (nil when they may).
type may struct {
	who   string
	actor account.Actor
	want  error
}

// checkMay runs op as each row's actor and checks what it answers. Rows
// that may change something should come last, or leave op able to run
// again.
func checkMay(t *testing.T, op func(account.Actor) error, rows ...may) {
	t.Helper()
	for _, r := range rows {
		err := op(r.actor)
		if r.want == nil && err != nil {
			t.Errorf("%s: %v, want allowed", r.who, err)
		}
		if r.want != nil && !errors.Is(err, r.want) {
			t.Errorf("%s: %v, want %v", r.who, err, r.want)
		}
	}
}

// TestInitiativeAccess: stewards start initiatives and run the ones they
// start; backbone staff edit its record; a private initiative is not found
// by anyone without a part in it, and listed only to those who see it.
func TestInitiativeAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		c := newCast(t, f)
		ctx, s := f.ctx, f.s

		n := 0
		create := func(a account.Actor) error {
			n++
			_, err := s.Create(ctx, a, initiative.Input{Name: "Started " + strings.Repeat("i", n)})
			return err
		}
		checkMay(t, create,
			may{"a member", c.pantryAdmin, errs.ErrForbidden},
			may{"backbone staff", c.staff, errs.ErrForbidden},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"a steward", c.steward, nil},
			may{"a platform admin", c.admin, nil})
		started, err := s.ByName(ctx, "Started iiii")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, c.steward, started.ID, initiative.InputOf(started)); err != nil {
			t.Fatalf("the steward who started it does not run it: %v", err)
		}

		edit := func(a account.Actor) error {
			_, err := s.Update(ctx, a, f.ini.ID, initiative.Input{Name: "Aging Well", BackboneOrganizationID: f.health})
			return err
		}
		checkMay(t, edit,
			may{"a member's admin", c.pantryAdmin, errs.ErrForbidden},
			may{"a partner lead", c.pantryLead, errs.ErrForbidden},
			may{"a steward with no part", c.steward, errs.ErrNotFound},
			may{"an invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			may{"backbone staff", c.staff, nil},
			may{"a platform admin", c.admin, nil})

		view := func(a account.Actor) error {
			_, err := s.View(ctx, a, f.ini.ID)
			return err
		}
		checkMay(t, view,
			may{"an outsider", c.outsider, errs.ErrNotFound},
			may{"an invited organization's admin", c.fundAdmin, errs.ErrNotFound},
			may{"a member's staff", c.pantryStaff, nil},
			may{"backbone staff", c.staff, nil})

		for _, row := range []struct {
			who   string
			actor account.Actor
			want  string
		}{
			{"an outsider", c.outsider, ""},
			{"a member's staff", c.pantryStaff, "Aging Well"},
			{"a platform admin", c.admin, "Aging Well Started iiii Started iiiii"},
		} {
			list, err := s.Visible(ctx, row.actor)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, in := range list {
				names = append(names, in.Name)
			}
			if got := strings.Join(names, " "); got != row.want {
				t.Errorf("%s sees %q, want %q", row.who, got, row.want)
			}
		}
	})
}
