package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// people adds a user per email with a platform role, and returns their
// actors by the part of the email before the @.
func people(t *testing.T, s *account.Store, roles map[string]string) map[string]account.Actor {
	t.Helper()
	out := map[string]account.Actor{}
	for email, role := range roles {
		u, err := s.CreateUser(context.Background(), sys, account.NewUser{Email: email, Name: "The " + strings.Split(email, "@")[0],
			Password: "long enough pw", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		out[strings.Split(email, "@")[0]] = account.UserActor(u, "")
	}
	return out
}

// nobody is a request without anyone signed in.
var nobody = account.Actor{Label: "anonymous"}

// TestChangeUser checks who may change someone's platform role or disable
// them (platform admins), that the platform always keeps an admin who can
// sign in, and that each change is in the audit log.
func TestChangeUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		p := people(t, s, map[string]string{"admin@example.org": account.RoleAdmin, "steward@example.org": account.RoleSteward,
			"member@example.org": account.RoleMember})
		member := p["member"].User

		for _, c := range []struct {
			name   string
			actor  account.Actor
			change account.UserChange
			want   error
		}{
			{"a steward changes a role", p["steward"], account.UserChange{Role: new(account.RoleSteward)}, errs.ErrForbidden},
			{"a member changes their own role", p["member"], account.UserChange{Role: new(account.RoleAdmin)}, errs.ErrForbidden},
			{"a steward disables someone", p["steward"], account.UserChange{Disabled: new(true)}, errs.ErrForbidden},
			{"nobody signed in", nobody, account.UserChange{Role: new(account.RoleSteward)}, errs.ErrUnauthenticated},
			{"a platform admin", p["admin"], account.UserChange{Role: new(account.RoleSteward)}, nil},
			{"a command", sys, account.UserChange{Disabled: new(true)}, nil},
		} {
			if _, err := s.ChangeUser(ctx, c.actor, member.ID, c.change); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		got, err := s.UserByID(ctx, member.ID)
		if err != nil || got.Role != account.RoleSteward || !got.Disabled() {
			t.Fatalf("after the changes: %v %+v", err, got)
		}
		if err := s.SetDisabled(ctx, p["steward"], member.Email, false); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a steward enables someone from the command's method: %v", err)
		}

		var v *errs.ValidationError
		if _, err := s.ChangeUser(ctx, p["admin"], member.ID, account.UserChange{Role: new("king")}); !errors.As(err, &v) || v.Fields["role"] == "" {
			t.Errorf("a role that does not exist: %v", err)
		}
		if _, err := s.ChangeUser(ctx, p["admin"], 9999, account.UserChange{Role: new(account.RoleMember)}); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("nobody: %v", err)
		}

		// The last admin who can sign in stays an admin, and enabled.
		admin := p["admin"].User
		var conflict *errs.ConflictError
		if _, err := s.ChangeUser(ctx, p["admin"], admin.ID, account.UserChange{Role: new(account.RoleMember)}); !errors.As(err, &conflict) ||
			conflict.Field != "role" || !strings.Contains(conflict.Message, "last platform admin") {
			t.Fatalf("the last admin steps down: %v", err)
		}
		if _, err := s.ChangeUser(ctx, sys, admin.ID, account.UserChange{Disabled: new(true)}); !errors.As(err, &conflict) || conflict.Field != "disabled" {
			t.Fatalf("a command disables the last admin: %v", err)
		}
		// A disabled admin is no second admin.
		if _, err := s.ChangeUser(ctx, p["admin"], member.ID, account.UserChange{Role: new(account.RoleAdmin)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeUser(ctx, p["admin"], admin.ID, account.UserChange{Role: new(account.RoleMember)}); !errors.As(err, &conflict) {
			t.Fatalf("steps down with only a disabled admin left: %v", err)
		}
		if _, err := s.ChangeUser(ctx, p["admin"], member.ID, account.UserChange{Disabled: new(false)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeUser(ctx, p["admin"], admin.ID, account.UserChange{Role: new(account.RoleMember)}); err != nil {
			t.Fatalf("steps down with another admin: %v", err)
		}

		// Asking for what already is records nothing.
		before, _ := s.ListAudit(ctx, account.AuditFilter{EntityType: "user"})
		if _, err := s.ChangeUser(ctx, sys, member.ID, account.UserChange{Role: new(account.RoleAdmin), Disabled: new(false)}); err != nil {
			t.Fatal(err)
		}
		events, err := s.ListAudit(ctx, account.AuditFilter{EntityType: "user"})
		if err != nil || len(events) != len(before) {
			t.Fatalf("a change that changes nothing was recorded: %v %d events, was %d", err, len(events), len(before))
		}
		roleEvents := 0
		for _, e := range events {
			if e.Action == "role" {
				roleEvents++
			}
		}
		if roleEvents != 3 || events[0].Action != "role" || events[0].Summary != "made admin@example.org a member (was a platform admin)" ||
			!strings.Contains(events[0].Before, `"role":"admin"`) || !strings.Contains(events[0].After, `"role":"member"`) || events[0].Actor != "admin@example.org" {
			t.Fatalf("audit: %d role events; newest %+v", roleEvents, events[0])
		}
	})
}

// TestDisableEndsSessions checks that disabling someone ends their sessions
// at once: the next request finds no user.
func TestDisableEndsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		p := people(t, s, map[string]string{"admin@example.org": account.RoleAdmin, "member@example.org": account.RoleMember})
		token, _, err := s.CreateSession(ctx, p["member"].User, time.Hour, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeUser(ctx, p["admin"], p["member"].UserID, account.UserChange{Disabled: new(true)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, token, time.Hour); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("session of a disabled person: %v", err)
		}
	})
}

// TestPeople checks the list of everyone: platform admins only, with the
// organizations each person works for.
func TestPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		p := people(t, s, map[string]string{"admin@example.org": account.RoleAdmin, "steward@example.org": account.RoleSteward})
		org := newOrganization(t, db, "river", "Riverside Food Bank")
		if _, err := s.SetOrganizationRole(ctx, sys, org, "steward@example.org", account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		list, err := s.People(ctx, p["admin"])
		if err != nil || len(list) != 2 || list[1].Email != "steward@example.org" || len(list[1].Memberships) != 1 ||
			list[1].Memberships[0].OrganizationName != "Riverside Food Bank" {
			t.Fatalf("people: %v %+v", err, list)
		}
		one, err := s.PersonByID(ctx, p["admin"], p["steward"].UserID)
		if err != nil || len(one.Memberships) != 1 {
			t.Fatalf("one person: %v %+v", err, one)
		}
		if _, err := s.People(ctx, p["steward"]); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a steward lists everyone: %v", err)
		}
		if _, err := s.PersonByID(ctx, p["steward"], p["admin"].UserID); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a steward reads someone: %v", err)
		}
	})
}

// newOrganization adds an organization to the directory.
func newOrganization(t *testing.T, db *store.DB, id, name string) string {
	t.Helper()
	in := directory.OrganizationInput{Name: name, Description: name + " serves the county."}
	if _, err := directory.NewStore(db).CreateOrganization(context.Background(), sys, id, in); err != nil {
		t.Fatal(err)
	}
	return id
}
