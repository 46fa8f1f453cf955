package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestChangeOwnPassword: a person signed in changes their own password,
// giving the current one; what is wrong is said field by field; nobody
// else, and no command, has a password to change this way.
func TestChangeOwnPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		u, err := s.CreateUser(ctx, sys, account.NewUser{Email: "dana@example.org", Name: "Dana",
			Password: "first long password", Role: account.RoleMember})
		if err != nil {
			t.Fatal(err)
		}
		dana := account.UserActor(u, "")
		field := func(err error) string {
			var v *errs.ValidationError
			if !errors.As(err, &v) {
				return fmt.Sprintf("not a validation error: %v", err)
			}
			for k := range v.Fields {
				return k
			}
			return ""
		}
		ok := account.PasswordChange{Current: "first long password",
			New: "second long password", Confirm: "second long password"}
		for _, c := range []struct {
			who   string
			actor account.Actor
			want  error
		}{
			{"nobody signed in", account.Actor{Label: "anonymous"}, errs.ErrUnauthenticated},
			{"a command", sys, errs.ErrUnauthenticated},
		} {
			if err := s.ChangeOwnPassword(ctx, c.actor, ok, "10.0.0.1"); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.who, err, c.want)
			}
		}

		wrong := ok
		wrong.Current, wrong.Confirm = "not it at all", "mismatched"
		if got := field(s.ChangeOwnPassword(ctx, dana, wrong, "10.0.0.1")); got != "current_password" {
			t.Errorf("a wrong current password: %s", got)
		}
		mismatch := ok
		mismatch.Confirm = "something else"
		if got := field(s.ChangeOwnPassword(ctx, dana, mismatch, "10.0.0.1")); got != "confirm_password" {
			t.Errorf("a mismatched confirmation: %s", got)
		}
		weak := account.PasswordChange{Current: ok.Current, New: "short", Confirm: "short"}
		if got := field(s.ChangeOwnPassword(ctx, dana, weak, "10.0.0.1")); got != "new_password" {
			t.Errorf("a weak new password: %s", got)
		}

		if err := s.ChangeOwnPassword(ctx, dana, ok, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "dana@example.org", "second long password", "10.0.0.1"); err != nil {
			t.Errorf("the new password does not sign in: %v", err)
		}
	})
}

// TestAuditLogAccess: only platform admins read the whole audit log.
func TestAuditLogAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		actors := map[string]account.Actor{}
		for _, role := range []string{account.RoleAdmin, account.RoleSteward, account.RoleMember} {
			u, err := s.CreateUser(ctx, sys, account.NewUser{Email: role + "@example.org", Name: role,
				Password: "long enough password", Role: role})
			if err != nil {
				t.Fatal(err)
			}
			actors[role] = account.UserActor(u, "")
		}
		for _, c := range []struct {
			who   string
			actor account.Actor
			want  error
		}{
			{"nobody signed in", account.Actor{Label: "anonymous"}, errs.ErrUnauthenticated},
			{"a member", actors[account.RoleMember], errs.ErrForbidden},
			{"a steward", actors[account.RoleSteward], errs.ErrForbidden},
			{"a platform admin", actors[account.RoleAdmin], nil},
		} {
			events, err := s.AuditLog(ctx, c.actor, account.AuditFilter{Limit: 10})
			if !errors.Is(err, c.want) || (c.want == nil && len(events) == 0) {
				t.Errorf("%s: %d events, %v, want %v", c.who, len(events), err, c.want)
			}
		}
	})
}
