package initiative_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestTakingPart checks, on both engines, which initiatives a person's
// calendar follows: those where they hold a role, or where an organization
// they work for is an active member; not a public one they merely read, nor
// one their organization left or is only invited to.
func TestTakingPart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accounts, dir, s := account.NewStore(db), directory.NewStore(db), initiative.NewStore(db)
		org, err := dir.CreateOrganization(
			ctx,
			actor,
			"",
			directory.OrganizationInput{Name: "Samaritan House", Description: "Meals"},
		)
		if err != nil {
			t.Fatal(err)
		}
		u, err := accounts.CreateUser(
			ctx,
			actor,
			account.NewUser{Email: "dana@example.org", Name: "Dana", Password: "long enough pw"},
		)
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetMembership(ctx, actor, u.ID, org.ID, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		start := func(name string, public bool) int64 {
			in, err := s.Create(ctx, actor, initiative.Input{Name: name, IsPublic: public})
			if err != nil {
				t.Fatal(err)
			}
			return in.ID
		}
		member, viewer, public, left, invited := start(
			"Aging Well",
			false,
		), start(
			"Bridges",
			false,
		), start(
			"Commons",
			true,
		),
			start(
				"Dawn",
				false,
			), start(
				"Elders",
				false,
			)
		for id, status := range map[int64]string{member: "active", left: "left"} {
			if err := s.AddMember(ctx, actor, id, org.ID, "core_partner", status); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Invite(ctx, actor, invited, org.ID, "core_partner"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserRole(ctx, actor, viewer, u.ID, account.InitiativeViewer); err != nil {
			t.Fatal(err)
		}
		got, err := s.TakingPart(ctx, account.UserActor(u, ""))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, in := range got {
			names = append(names, in.Name)
		}
		if len(names) != 2 || names[0] != "Aging Well" || names[1] != "Bridges" {
			t.Errorf("taking part in %v (public %d)", names, public)
		}
		if none, err := s.TakingPart(ctx, account.Actor{}); err != nil || len(none) != 0 {
			t.Errorf("nobody takes part in %v, %v", none, err)
		}
	})
}
