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
)

// governancePerson adds a signed-in user who works for org in orgRole
// (when org is not "") and has initiativeRole in the initiative (when it is
// not ""), and returns them as the actor of their requests.
func governancePerson(t *testing.T, db *store.DB, initiativeID int64, email, org, orgRole, initiativeRole string) account.Actor {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	accounts := account.NewStore(db)
	u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	if org != "" {
		if err := accounts.SetMembership(ctx, sys, u.ID, org, orgRole); err != nil {
			t.Fatal(err)
		}
	}
	if initiativeRole != "" {
		if err := initiative.NewStore(db).SetUserRole(ctx, sys, initiativeID, u.ID, initiativeRole); err != nil {
			t.Fatal(err)
		}
	}
	return account.UserActor(u, "")
}

// governanceCast is the people of a partnership (newPartnership), each with
// a different part in it, in the order the access tables list them.
type governanceCast struct {
	names  []string
	actors map[string]account.Actor
}

// newGovernanceCast adds to the partnership:
//   - staff: the initiative's backbone staff, who work for Samaritan House;
//   - pantry-admin, pantry-staff: the Food Pantry's admin and staff;
//   - pantry-lead: Food Pantry staff who are the initiative's partner lead;
//   - library-admin: the Public Library's admin;
//   - viewer: given the viewer role, working for no member;
//   - clinic-admin: the admin of the Free Clinic, which is only invited;
//   - outsider: signed in, with no part in the (private) initiative;
//   - nobody: not signed in.
func newGovernanceCast(t *testing.T, db *store.DB, p partnership) governanceCast {
	t.Helper()
	c := governanceCast{actors: map[string]account.Actor{}}
	add := func(name, org, orgRole, initiativeRole string) {
		c.names = append(c.names, name)
		c.actors[name] = governancePerson(t, db, p.id, name+"@example.org", org, orgRole, initiativeRole)
	}
	add("staff", p.orgs["samaritan"], account.OrgStaff, account.InitiativeBackboneStaff)
	add("pantry-admin", p.orgs["pantry"], account.OrgAdmin, "")
	add("pantry-staff", p.orgs["pantry"], account.OrgStaff, "")
	add("pantry-lead", p.orgs["pantry"], account.OrgStaff, account.InitiativePartnerLead)
	add("library-admin", p.orgs["library"], account.OrgAdmin, "")
	add("viewer", "", "", account.InitiativeViewer)
	add("clinic-admin", p.orgs["clinic"], account.OrgAdmin, "")
	add("outsider", "", "", "")
	c.names = append(c.names, "nobody")
	c.actors["nobody"] = account.Actor{Label: "anonymous"}
	return c
}

// access is one operation of an access table: what it does, and what each
// of the cast gets, in the cast's order: "ok", or the refusal ("403":
// errs.ErrForbidden, "404": errs.ErrNotFound, "401":
// errs.ErrUnauthenticated).
type access struct {
	op   string
	do   func(account.Actor) error
	want string
}

// check runs each operation as each of the cast and compares the outcome.
func (c governanceCast) check(t *testing.T, table []access) {
	t.Helper()
	refusals := map[string]error{"403": errs.ErrForbidden, "404": errs.ErrNotFound, "401": errs.ErrUnauthenticated}
	for _, a := range table {
		want := strings.Fields(a.want)
		if len(want) != len(c.names) {
			t.Fatalf("%s: %d outcomes for %d people", a.op, len(want), len(c.names))
		}
		for i, name := range c.names {
			err := a.do(c.actors[name])
			switch {
			case want[i] == "ok" && err != nil:
				t.Errorf("%s, as %s: %v, want it done", a.op, name, err)
			case want[i] != "ok" && !errors.Is(err, refusals[want[i]]):
				t.Errorf("%s, as %s: %v, want %s", a.op, name, err, want[i])
			}
		}
	}
}
