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

// accessFixture is Aging Well (private; see newPartnership) with its
// backbone staff and people around it, by the part of their email before
// the @.
type accessFixture struct {
	partnership
	accounts *account.Store
	people   map[string]account.Actor
}

func newAccessFixture(t *testing.T, db *store.DB) accessFixture {
	t.Helper()
	ctx := context.Background()
	sys := account.SystemActor("test")
	f := accessFixture{partnership: newPartnership(t, db), accounts: account.NewStore(db), people: map[string]account.Actor{}}
	for _, p := range []struct{ email, platform, org, orgRole string }{
		{"staff@example.org", account.RoleMember, "samaritan", account.OrgStaff},
		{"lead@example.org", account.RoleMember, "pantry", account.OrgAdmin},
		{"worker@example.org", account.RoleMember, "pantry", account.OrgStaff},
		{"guest@example.org", account.RoleMember, "", ""},
		{"outsider@example.org", account.RoleMember, "", ""},
		{"steward@example.org", account.RoleSteward, "", ""},
		{"admin@example.org", account.RoleAdmin, "", ""},
	} {
		u, err := f.accounts.CreateUser(ctx, sys, account.NewUser{Email: p.email, Name: "The " + strings.Split(p.email, "@")[0],
			Password: "long enough password", Role: p.platform})
		if err != nil {
			t.Fatal(err)
		}
		if p.org != "" {
			if err := f.accounts.SetMembership(ctx, sys, u.ID, f.orgs[p.org], p.orgRole); err != nil {
				t.Fatal(err)
			}
		}
		f.people[strings.Split(p.email, "@")[0]] = account.UserActor(u, "")
	}
	if _, err := f.s.GrantRole(ctx, sys, f.id, "staff@example.org", account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestGrantAndRevokeRoles checks who may give and take away roles in an
// initiative (its backbone staff and platform admins; not a member's
// admin, and for an outsider or a steward the private initiative does not
// exist), and that a role changes what the person sees at their next
// request.
func TestGrantAndRevokeRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newAccessFixture(t, db)
		s, p := f.s, f.people
		for _, c := range []struct {
			name  string
			actor account.Actor
			want  error
		}{
			{"a member's admin", p["lead"], errs.ErrForbidden},
			{"a steward", p["steward"], errs.ErrNotFound},
			{"an outsider", p["outsider"], errs.ErrNotFound},
			{"nobody signed in", account.Actor{Label: "anonymous"}, errs.ErrUnauthenticated},
			{"backbone staff", p["staff"], nil},
			{"a platform admin", p["admin"], nil},
		} {
			if _, err := s.View(ctx, p["guest"], f.id); !errors.Is(err, errs.ErrNotFound) {
				t.Fatalf("before %s grants: the guest sees the initiative: %v", c.name, err)
			}
			holder, err := s.GrantRole(ctx, c.actor, f.id, "Guest@Example.org", account.InitiativeViewer)
			if !errors.Is(err, c.want) {
				t.Errorf("%s grants: %v, want %v", c.name, err, c.want)
			}
			if c.want == nil {
				if holder.Role != account.InitiativeViewer || holder.Name != "The guest" {
					t.Errorf("%s grants: %+v", c.name, holder)
				}
				if _, err := s.View(ctx, p["guest"], f.id); err != nil {
					t.Errorf("after %s grants: the viewer does not see the initiative: %v", c.name, err)
				}
			}
			if err := s.RevokeRole(ctx, c.actor, f.id, "guest@example.org"); !errors.Is(err, c.want) {
				t.Errorf("%s revokes: %v, want %v", c.name, err, c.want)
			}
		}
		if _, err := s.View(ctx, p["guest"], f.id); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("after the last revoke the guest sees the initiative: %v", err)
		}

		// Someone refused is refused before anything is looked up, so that
		// a refused caller learns nothing about who has an account.
		if err := s.RevokeRole(ctx, p["lead"], f.id, "nobody@example.org"); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a member's admin revokes for nobody: %v", err)
		}

		var v *errs.ValidationError
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "guest@example.org", "owner"); !errors.As(err, &v) || v.Fields["role"] == "" {
			t.Errorf("a role that does not exist: %v", err)
		}
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "nobody@example.org", account.InitiativeViewer); !errors.As(err, &v) || v.Fields["email"] == "" {
			t.Errorf("someone without an account: %v", err)
		}
		if err := s.RevokeRole(ctx, p["staff"], f.id, "outsider@example.org"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("revoke a role nobody gave: %v", err)
		}
		if _, err := s.GrantRole(ctx, p["admin"], 9999, "guest@example.org", account.InitiativeViewer); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an initiative that does not exist: %v", err)
		}
	})
}

// TestLastBackboneStaff checks that an initiative keeps a backbone staff
// who can sign in, whoever asks.
func TestLastBackboneStaff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newAccessFixture(t, db)
		s, p := f.s, f.people
		var conflict *errs.ConflictError
		if err := s.RevokeRole(ctx, p["staff"], f.id, "staff@example.org"); !errors.As(err, &conflict) ||
			!strings.Contains(conflict.Message, "The staff is the last backbone staff of Aging Well") {
			t.Fatalf("the last backbone staff leaves: %v", err)
		}
		if _, err := s.GrantRole(ctx, p["admin"], f.id, "staff@example.org", account.InitiativeViewer); !errors.As(err, &conflict) {
			t.Fatalf("a platform admin makes the last backbone staff a viewer: %v", err)
		}
		// A disabled colleague cannot run the initiative either.
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "outsider@example.org", account.InitiativeBackboneStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := f.accounts.ChangeUser(ctx, p["admin"], p["outsider"].UserID, account.UserChange{Disabled: new(true)}); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeRole(ctx, p["staff"], f.id, "staff@example.org"); !errors.As(err, &conflict) {
			t.Fatalf("leaves with only a disabled colleague: %v", err)
		}
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "worker@example.org", account.InitiativeBackboneStaff); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeRole(ctx, p["staff"], f.id, "staff@example.org"); err != nil {
			t.Fatalf("leaves with a colleague: %v", err)
		}
		// Without the role they are nobody here: a private initiative
		// disappears at their next request.
		if _, err := s.View(ctx, p["staff"], f.id); err != nil {
			t.Fatalf("the samaritan's staff works for the backbone organization, a member: %v", err)
		}
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "guest@example.org", account.InitiativeViewer); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("former backbone staff grants a role: %v", err)
		}
	})
}

// TestRolesList checks the list of who has which role: anyone who sees
// the initiative reads it, emails only for backbone staff; a partner lead
// who works for no member organization is flagged, and one who does acts
// for it.
func TestRolesList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newAccessFixture(t, db)
		s, p := f.s, f.people
		lonely, err := s.GrantRole(ctx, p["staff"], f.id, "guest@example.org", account.InitiativePartnerLead)
		if err != nil || !lonely.LeadsForNobody() || len(lonely.Organizations) != 0 {
			t.Fatalf("a partner lead of no member: %v %+v", err, lonely)
		}
		lead, err := s.GrantRole(ctx, p["staff"], f.id, "worker@example.org", account.InitiativePartnerLead)
		if err != nil || lead.LeadsForNobody() || strings.Join(lead.Organizations, ",") != "Food Pantry" {
			t.Fatalf("a partner lead of the pantry: %v %+v", err, lead)
		}
		if err := f.accounts.Check(ctx, p["worker"], account.ActForOrganization, account.OrgIn(f.orgs["pantry"], f.id)); err != nil {
			t.Fatalf("the partner lead acts for the pantry: %v", err)
		}

		list, err := s.Roles(ctx, p["staff"], f.id)
		if err != nil || len(list) != 3 || list[0].Role != account.InitiativeBackboneStaff || list[0].Email != "staff@example.org" ||
			list[1].Name != "The guest" || list[2].Name != "The worker" {
			t.Fatalf("backbone staff read the roles: %v %+v", err, list)
		}
		list, err = s.Roles(ctx, p["lead"], f.id)
		if err != nil || len(list) != 3 || list[0].Email != "" {
			t.Fatalf("a member's admin reads the roles: %v %+v", err, list)
		}
		if _, err := s.Roles(ctx, p["outsider"], f.id); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("an outsider reads the roles: %v", err)
		}

		// Every grant and revoke is in the initiative's updates.
		if err := s.RevokeRole(ctx, p["staff"], f.id, "guest@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GrantRole(ctx, p["staff"], f.id, "worker@example.org", account.InitiativeMember); err != nil {
			t.Fatal(err)
		}
		feed, err := s.Feed(ctx, p["staff"], f.id, 3, 0)
		if err != nil || len(feed) != 3 {
			t.Fatalf("feed: %v %+v", err, feed)
		}
		for i, want := range []string{"gave The worker the member role in place of partner lead", "took the partner lead role from The guest",
			"gave The worker the partner lead role"} {
			if feed[i].Text != want || feed[i].Kind != initiative.FeedMember || feed[i].Who != "The staff" {
				t.Errorf("feed entry %d: %+v, want %q", i, feed[i], want)
			}
		}
		events, err := f.accounts.ListAudit(ctx, account.AuditFilter{EntityType: "initiative", Limit: 1})
		if err != nil || events[0].Action != "role" || !strings.Contains(events[0].Before, `"role":"partner_lead"`) ||
			!strings.Contains(events[0].After, `"email":"worker@example.org"`) {
			t.Fatalf("audit: %v %+v", err, events)
		}
	})
}
