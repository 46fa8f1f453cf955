package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestOrganizationPeople checks who may add someone to an organization's
// people, change their role and take them off (its admins, the stewards,
// platform admins; not its staff, nor another organization's admin), that
// an organization keeps an admin unless a steward decides otherwise, who
// sees the emails, and the history of the changes.
func TestOrganizationPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		p := people(t, s, map[string]string{"boss@example.org": account.RoleMember, "clerk@example.org": account.RoleMember,
			"neighbour@example.org": account.RoleMember, "steward@example.org": account.RoleSteward,
			"admin@example.org": account.RoleAdmin, "new@example.org": account.RoleMember})
		river, harbor := newOrganization(t, db, "river", "Riverside Food Bank"), newOrganization(t, db, "harbor", "Harbor Housing")
		for _, m := range []struct{ email, org, role string }{
			{"boss@example.org", river, account.OrgAdmin}, {"clerk@example.org", river, account.OrgStaff},
			{"neighbour@example.org", harbor, account.OrgAdmin},
		} {
			if _, err := s.SetOrganizationRole(ctx, sys, m.org, m.email, m.role); err != nil {
				t.Fatal(err)
			}
		}

		for _, c := range []struct {
			name  string
			actor account.Actor
			want  error
		}{
			{"its staff", p["clerk"], errs.ErrForbidden},
			{"another organization's admin", p["neighbour"], errs.ErrForbidden},
			{"nobody signed in", nobody, errs.ErrUnauthenticated},
			{"its admin", p["boss"], nil},
			{"a steward", p["steward"], nil},
			{"a platform admin", p["admin"], nil},
		} {
			role := account.OrgAdmin // each allowed change is a real one
			if roleIn(t, s, river, "new@example.org") == account.OrgAdmin {
				role = account.OrgStaff
			}
			if _, err := s.SetOrganizationRole(ctx, c.actor, river, "new@example.org", role); !errors.Is(err, c.want) {
				t.Errorf("%s adds someone: %v, want %v", c.name, err, c.want)
			}
			if err := s.RemoveFromOrganization(ctx, c.actor, river, "clerk@example.org"); !errors.Is(err, c.want) {
				t.Errorf("%s removes someone: %v, want %v", c.name, err, c.want)
			}
			if c.want == nil {
				if _, err := s.SetOrganizationRole(ctx, sys, river, "clerk@example.org", account.OrgStaff); err != nil {
					t.Fatal(err)
				}
			}
		}

		var v *errs.ValidationError
		if _, err := s.SetOrganizationRole(ctx, p["boss"], river, "stranger@example.org", account.OrgStaff); !errors.As(err, &v) ||
			!strings.Contains(v.Fields["email"], "not the email of anyone with an account") {
			t.Errorf("someone without an account: %v", err)
		}
		if _, err := s.SetOrganizationRole(ctx, p["boss"], river, "clerk@example.org", "owner"); !errors.As(err, &v) || v.Fields["role"] == "" {
			t.Errorf("a role that does not exist: %v", err)
		}
		if _, err := s.SetOrganizationRole(ctx, p["steward"], "nowhere", "clerk@example.org", account.OrgStaff); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an organization that does not exist: %v", err)
		}
		if err := s.RemoveFromOrganization(ctx, p["boss"], river, "neighbour@example.org"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("someone who does not work there: %v", err)
		}

		// The last admin stays, unless a steward decides otherwise.
		if _, err := s.SetOrganizationRole(ctx, p["boss"], river, "new@example.org", account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		var conflict *errs.ConflictError
		if _, err := s.SetOrganizationRole(ctx, p["boss"], river, "boss@example.org", account.OrgStaff); !errors.As(err, &conflict) ||
			!strings.Contains(conflict.Message, "last admin of Riverside Food Bank") {
			t.Fatalf("the last admin steps down: %v", err)
		}
		if err := s.RemoveFromOrganization(ctx, p["boss"], river, "boss@example.org"); !errors.As(err, &conflict) {
			t.Fatalf("the last admin leaves: %v", err)
		}
		if err := s.RemoveFromOrganization(ctx, p["steward"], river, "boss@example.org"); err != nil {
			t.Fatalf("a steward removes the last admin: %v", err)
		}
		if _, err := s.SetOrganizationRole(ctx, p["steward"], river, "boss@example.org", account.OrgAdmin); err != nil {
			t.Fatal(err)
		}

		// Anyone signed in sees who works there; only those who may change
		// the list see emails.
		list, err := s.OrganizationPeople(ctx, p["clerk"], river)
		if err != nil || len(list) != 3 || list[0].Name != "The boss" || list[0].Role != account.OrgAdmin || list[0].Email != "" {
			t.Fatalf("staff read the list: %v %+v", err, list)
		}
		list, err = s.OrganizationPeople(ctx, p["boss"], river)
		if err != nil || list[0].Email != "boss@example.org" {
			t.Fatalf("the admin reads the list: %v %+v", err, list)
		}
		if _, err := s.OrganizationPeople(ctx, nobody, river); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Errorf("nobody signed in reads the list: %v", err)
		}
		if _, err := s.OrganizationPeople(ctx, p["clerk"], "nowhere"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("the people of no organization: %v", err)
		}

		history, err := s.OrganizationPeopleHistory(ctx, p["clerk"], river, 50)
		if err != nil || len(history) == 0 {
			t.Fatalf("history: %v", err)
		}
		newest := history[0]
		if newest.Action != "set" || newest.Summary != "made The boss an admin of Riverside Food Bank" ||
			newest.Actor != "steward@example.org" || !strings.Contains(newest.After, `"role":"admin"`) {
			t.Fatalf("newest event %+v", newest)
		}
		removed := history[1]
		if removed.Action != "remove" || !strings.Contains(removed.Summary, "took The boss off the people of Riverside Food Bank") ||
			!strings.Contains(removed.Before, `"role":"admin"`) || removed.After != "" {
			t.Fatalf("removal event %+v", removed)
		}
		// The loaders' SetMembership goes the same way.
		if err := s.SetMembership(ctx, sys, p["new"].UserID, harbor, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.OrganizationPeopleHistory(ctx, p["clerk"], harbor, 1); len(h) != 1 || !strings.Contains(h[0].Summary, "made The new staff") {
			t.Fatalf("harbor's history: %+v", h)
		}
	})
}

// roleIn is the role of the person with email in the organization, or "".
func roleIn(t *testing.T, s *account.Store, orgID, email string) string {
	t.Helper()
	list, err := s.OrganizationPeople(context.Background(), sys, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Email == email {
			return p.Role
		}
	}
	return ""
}
