package account_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestTemporaryPasswords: a person added with a temporary password, or
// given one, must choose their own; choosing clears the flag, and giving
// one ends their sessions. Only platform admins give them.
func TestTemporaryPasswords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		admin := mustUser(t, s, "root@example.org", account.RoleAdmin)
		steward := mustUser(t, s, "keeper@example.org", account.RoleSteward)
		org := newOrganization(t, db, "river", "Riverside Food Bank")

		in := account.NewUser{
			Email:              "Ana@Example.org",
			Name:               " Ana ",
			Password:           "temporary-pass",
			Role:               account.RoleMember,
			OrganizationID:     org,
			OrganizationRole:   account.OrgStaff,
			MustChangePassword: true,
		}
		if _, err := s.CreateUser(ctx, account.UserActor(steward, ""), in); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a steward adds a person: %v", err)
		}
		bad := in
		bad.OrganizationID = "nowhere"
		var v *errs.ValidationError
		if _, err := s.CreateUser(ctx, account.UserActor(admin, ""), bad); !errors.As(err, &v) ||
			v.Fields["organization_id"] == "" {
			t.Fatalf("an unknown organization: %v", err)
		}
		ana, err := s.CreateUser(ctx, account.UserActor(admin, ""), in)
		if err != nil {
			t.Fatal(err)
		}
		if ana.Email != "ana@example.org" || ana.Name != "Ana" || !ana.MustChangePassword {
			t.Fatalf("added: %+v", ana)
		}
		var c *errs.ConflictError
		if _, err := s.CreateUser(ctx, account.UserActor(admin, ""), in); !errors.As(err, &c) || c.Field != "email" {
			t.Fatalf("the same email again: %v", err)
		}
		ms, err := s.MembershipsOf(ctx, ana.ID)
		if err != nil || len(ms) != 1 || ms[0].Role != account.OrgStaff {
			t.Fatalf("memberships: %v %+v", err, ms)
		}

		signedIn, err := s.Authenticate(ctx, "ana@example.org", "temporary-pass", "10.0.0.1")
		if err != nil || !signedIn.MustChangePassword {
			t.Fatalf("sign in with the temporary password: %v %+v", err, signedIn)
		}
		if err := s.ChooseOwnPassword(ctx, account.UserActor(signedIn, ""), "temporary-pass", "temporary-pass"); err == nil {
			t.Fatal("kept the temporary password")
		}
		if err := s.ChooseOwnPassword(ctx, account.UserActor(signedIn, ""), "ana's own words", "ana's own words"); err != nil {
			t.Fatal(err)
		}
		again, err := s.Authenticate(ctx, "ana@example.org", "ana's own words", "10.0.0.1")
		if err != nil || again.MustChangePassword {
			t.Fatalf("after choosing: %v %+v", err, again)
		}
		if err := s.ChooseOwnPassword(ctx, account.UserActor(again, ""), "another one!!", "another one!!"); !errors.As(
			err,
			&c,
		) {
			t.Fatalf("choosing without a temporary password: %v", err)
		}

		token, _, err := s.CreateSession(ctx, again, time.Hour, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTemporaryPassword(ctx, account.UserActor(steward, ""), ana.ID, ""); !errors.Is(
			err,
			errs.ErrForbidden,
		) {
			t.Fatalf("a steward sets a password: %v", err)
		}
		made, err := s.SetTemporaryPassword(ctx, account.UserActor(admin, ""), ana.ID, "")
		if err != nil || len(made) != account.TemporaryPasswordLength {
			t.Fatalf("a temporary password made up: %v %q", err, made)
		}
		if _, _, err := s.SessionUser(ctx, token, time.Hour); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("the session after a temporary password: %v", err)
		}
		if u, err := s.Authenticate(ctx, "ana@example.org", made, "10.0.0.1"); err != nil || !u.MustChangePassword {
			t.Fatalf("sign in with the made-up password: %v %+v", err, u)
		}

		name, email, taken := "Ana Díaz", "ana.diaz@example.org", "KEEPER@example.org"
		if _, err := s.ChangeUser(ctx, account.UserActor(steward, ""), ana.ID, account.UserChange{Name: &name}); !errors.Is(
			err,
			errs.ErrForbidden,
		) {
			t.Fatalf("a steward renames someone: %v", err)
		}
		if _, err := s.ChangeUser(ctx, account.UserActor(admin, ""), ana.ID, account.UserChange{Email: &taken}); !errors.As(
			err,
			&c,
		) ||
			c.Field != "email" {
			t.Fatalf("someone else's email: %v", err)
		}
		changed, err := s.ChangeUser(
			ctx,
			account.UserActor(admin, ""),
			ana.ID,
			account.UserChange{Name: &name, Email: &email},
		)
		if err != nil || changed.Name != name || changed.Email != email {
			t.Fatalf("rename: %v %+v", err, changed)
		}

		events, err := s.ListAudit(
			ctx,
			account.AuditFilter{EntityType: "user", EntityID: strconv.FormatInt(ana.ID, 10), Limit: 2},
		)
		if err != nil || len(events) != 2 || events[1].Summary != "set a temporary password for Ana" ||
			events[0].Summary != "renamed Ana to Ana Díaz; changed the email of Ana Díaz from ana@example.org to ana.diaz@example.org" {
			t.Fatalf("audit: %v %+v", err, events)
		}
	})
}

// TestWhoMayStartAnInitiative: by default the stewards; when the settings
// let organizations' admins, they too, but not an organization's staff nor
// a member who runs no organization. Only platform admins change it.
func TestWhoMayStartAnInitiative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		admin := mustUser(t, s, "root@example.org", account.RoleAdmin)
		steward := mustUser(t, s, "keeper@example.org", account.RoleSteward)
		boss := mustUser(t, s, "boss@example.org", account.RoleMember)
		clerk := mustUser(t, s, "clerk@example.org", account.RoleMember)
		loner := mustUser(t, s, "loner@example.org", account.RoleMember)
		org := newOrganization(t, db, "river", "Riverside Food Bank")
		sys := account.SystemActor("test")
		if err := s.SetMembership(ctx, sys, boss.ID, org, account.OrgAdmin); err != nil {
			t.Fatal(err)
		}
		if err := s.SetMembership(ctx, sys, clerk.ID, org, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		may := func(u *account.User) bool {
			ok, err := s.Can(ctx, u, account.CreateInitiative, account.Platform)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		check := func(when string, want map[*account.User]bool) {
			t.Helper()
			for u, w := range want {
				if got := may(u); got != w {
					t.Errorf("%s: %s may start an initiative: %v, want %v", when, u.Email, got, w)
				}
			}
		}

		got, err := s.Settings(ctx, account.UserActor(admin, ""))
		if err != nil || got != account.DefaultSettings || got.InitiativeStarters != account.StartersStewards {
			t.Fatalf("default settings: %v %+v", err, got)
		}
		check("by default", map[*account.User]bool{admin: true, steward: true, boss: false, clerk: false, loner: false})

		open := account.Settings{InitiativeStarters: account.StartersOrganizationAdmins}
		if _, err := s.SaveSettings(ctx, account.UserActor(steward, ""), open); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a steward changes the settings: %v", err)
		}
		if _, err := s.Settings(ctx, account.UserActor(boss, "")); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a member reads the settings: %v", err)
		}
		var v *errs.ValidationError
		if _, err := s.SaveSettings(ctx, account.UserActor(admin, ""),
			account.Settings{InitiativeStarters: "all"}); !errors.As(
			err,
			&v,
		) ||
			v.Fields["initiative_starters"] == "" {
			t.Fatalf("a value that is no choice: %v", err)
		}
		if _, err := s.SaveSettings(ctx, account.UserActor(admin, ""), open); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Settings(ctx, account.UserActor(admin, "")); err != nil ||
			got.InitiativeStarters != open.InitiativeStarters ||
			got.DistanceUnit != account.UnitsAuto {
			t.Fatalf("saved settings: %v %+v", err, got)
		}
		check(
			"organizations' admins may",
			map[*account.User]bool{admin: true, steward: true, boss: true, clerk: false, loner: false},
		)

		if _, err := s.SaveSettings(ctx, account.UserActor(admin, ""), account.DefaultSettings); err != nil {
			t.Fatal(err)
		}
		check("back to stewards only", map[*account.User]bool{steward: true, boss: false})
		events, err := s.ListAudit(ctx, account.AuditFilter{EntityType: "settings", Limit: 5})
		if err != nil || len(events) != 2 ||
			events[0].Summary != "let directory stewards only start initiatives (was directory stewards and any organization's admins)" {
			t.Fatalf("audit: %v %+v", err, events)
		}
	})
}

// mustUser adds someone with a platform role.
func mustUser(t *testing.T, s *account.Store, email, role string) *account.User {
	t.Helper()
	u, err := s.CreateUser(
		context.Background(),
		sys,
		account.NewUser{Email: email, Name: email, Password: "long enough pw",
			Role: role},
	)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
