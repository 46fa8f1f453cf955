package initiative_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var actor = account.SystemActor("test")

func TestInputNormalize(t *testing.T) {
	long := strings.Repeat("x", 201)
	tests := []struct {
		name   string
		in     initiative.Input
		fields []string // the fields that must have a message; none for valid input
	}{
		{"minimal", initiative.Input{Name: "  Aging Well  "}, nil},
		{"full", initiative.Input{Name: "Aging Well", ProblemStatement: "p", Vision: "v", CommonAgenda: "c", Geography: "g", Status: "Active", IsPublic: true}, nil},
		{"no name", initiative.Input{Name: "   "}, []string{"name"}},
		{"long name", initiative.Input{Name: long}, []string{"name"}},
		{"unknown status", initiative.Input{Name: "A", Status: "paused"}, []string{"status"}},
		{"long texts", initiative.Input{Name: "A", Vision: strings.Repeat("v", 10001), Geography: strings.Repeat("g", 501)}, []string{"vision", "geography"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := in.Normalize()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if in.Name != strings.TrimSpace(tt.in.Name) || in.Status == "" || in.Status != strings.ToLower(in.Status) {
					t.Fatalf("normalized %+v", in)
				}
				return
			}
			var v *errs.ValidationError
			if !errors.As(err, &v) || len(v.Fields) != len(tt.fields) {
				t.Fatalf("got %v, want messages for %v", err, tt.fields)
			}
			for _, f := range tt.fields {
				if v.Fields[f] == "" {
					t.Errorf("no message for %s in %v", f, err)
				}
			}
		})
	}
	in := initiative.Input{Name: "A"}
	if err := in.Normalize(); err != nil || in.Status != "forming" {
		t.Fatalf("default status %q, %v", in.Status, err)
	}
}

func TestInitiatives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := directory.NewStore(db)
		org := func(name string) string {
			o, err := dir.CreateOrganization(ctx, actor, "", directory.OrganizationInput{Name: name, Description: name + " serves the county."})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		health, pantry, library := org("County Health"), org("Food Pantry"), org("Public Library")
		s := initiative.NewStore(db)

		if _, err := s.Create(ctx, actor, initiative.Input{Name: "X", BackboneOrganizationID: "nope"}); err == nil {
			t.Fatal("an unknown backbone organization was accepted")
		}
		in, err := s.Create(ctx, actor, initiative.Input{Name: "Aging Well", ProblemStatement: "Isolation.", Geography: "The county",
			BackboneOrganizationID: health, Status: "active", IsPublic: true})
		if err != nil {
			t.Fatal(err)
		}
		if in.ID == 0 || in.BackboneOrganizationName != "County Health" || !in.IsPublic || in.Status != "active" || in.MemberCount != 1 || in.CreatedAt.IsZero() {
			t.Fatalf("created %+v", in)
		}
		_, err = s.Create(ctx, actor, initiative.Input{Name: "AGING WELL"})
		var conflict *errs.ConflictError
		if !errors.As(err, &conflict) || conflict.Field != "name" {
			t.Fatalf("duplicate name: %v", err)
		}
		other, err := s.Create(ctx, actor, initiative.Input{Name: "After School"})
		if err != nil || other.Status != "forming" || other.BackboneOrganizationID != "" || other.MemberCount != 0 {
			t.Fatalf("second: %v %+v", err, other)
		}

		if err := s.AddMember(ctx, actor, in.ID, pantry, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, actor, in.ID, library, "supporting_partner", "invited"); err != nil {
			t.Fatal(err)
		}
		var v *errs.ValidationError
		if err := s.AddMember(ctx, actor, in.ID, library, "sponsor", "maybe"); !errors.As(err, &v) || len(v.Fields) != 2 {
			t.Fatalf("bad role and status: %v", err)
		}
		if err := s.AddMember(ctx, actor, in.ID, "nope", "funder", "active"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown organization: %v", err)
		}
		if err := s.AddMember(ctx, actor, 9999, pantry, "funder", "active"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}
		members, err := s.Members(ctx, in.ID)
		if err != nil || len(members) != 3 {
			t.Fatalf("members: %v %+v", err, members)
		}
		if m := members[0]; m.OrganizationName != "County Health" || m.Role != "backbone" || m.Status != "active" || m.JoinedAt == nil {
			t.Fatalf("backbone member %+v", m)
		}
		if m := members[2]; m.OrganizationName != "Public Library" || m.Status != "invited" || m.JoinedAt != nil || m.LeftAt != nil {
			t.Fatalf("invited member %+v", m)
		}
		joined := *members[1].JoinedAt
		if err := s.AddMember(ctx, actor, in.ID, pantry, "core_partner", "left"); err != nil {
			t.Fatal(err)
		}
		members, _ = s.Members(ctx, in.ID)
		if m := members[1]; m.Status != "left" || m.LeftAt == nil || m.JoinedAt == nil || !m.JoinedAt.Equal(joined) {
			t.Fatalf("member who left %+v", m)
		}

		got, err := s.Get(ctx, in.ID)
		if err != nil || got.MemberCount != 1 || got.ProblemStatement != "Isolation." {
			t.Fatalf("get: %v %+v", err, got)
		}
		if _, err := s.Get(ctx, 9999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("get unknown: %v", err)
		}
		if got, err := s.ByName(ctx, "aging well"); err != nil || got.ID != in.ID {
			t.Fatalf("by name: %v %+v", err, got)
		}
		list, err := s.List(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "After School" || list[1].MemberCount != 1 {
			t.Fatalf("list: %v %+v", err, list)
		}
		if n, err := s.Count(ctx); err != nil || n != 2 {
			t.Fatalf("count %d %v", n, err)
		}

		accounts := account.NewStore(db)
		u, err := accounts.CreateUser(ctx, actor, account.NewUser{Email: "lead@example.org", Name: "Lead", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := accounts.Can(ctx, u, account.EditInitiative, account.Initiative(in.ID)); ok {
			t.Fatal("a user with no role may edit the initiative")
		}
		if err := s.SetUserRole(ctx, actor, in.ID, u.ID, "chief"); !errors.As(err, &v) {
			t.Fatalf("bad role: %v", err)
		}
		if err := s.SetUserRole(ctx, actor, in.ID, 9999, account.InitiativeViewer); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		if err := s.SetUserRole(ctx, actor, in.ID, u.ID, account.InitiativeViewer); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserRole(ctx, actor, in.ID, u.ID, account.InitiativeBackboneStaff); err != nil {
			t.Fatal(err)
		}
		if ok, err := accounts.Can(ctx, u, account.EditInitiative, account.Initiative(in.ID)); err != nil || !ok {
			t.Fatalf("backbone staff may not edit the initiative: %v", err)
		}
		events, err := accounts.ListAudit(ctx, account.AuditFilter{EntityType: "initiative"})
		if err != nil || len(events) != 7 {
			t.Fatalf("audit: %v %d events", err, len(events))
		}
	})
}
