package initiative_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestUpdateInitiative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := initiative.NewStore(db)
		for _, id := range []string{"health", "pantry", "clinic"} {
			if _, err := db.Exec(`INSERT INTO organizations (id, name, description, created_at, updated_at) VALUES ($1, $1, 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, id); err != nil {
				t.Fatal(err)
			}
		}
		in, err := s.Create(ctx, actor, initiative.Input{Name: "Aging Well", BackboneOrganizationID: "health"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, actor, initiative.Input{Name: "Food First"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Invite(ctx, actor, in.ID, "clinic", "core_partner"); err != nil {
			t.Fatal(err)
		}
		edit := initiative.InputOf(in)
		edit.Status, edit.Vision, edit.IsPublic = "active", "Nobody ages alone.", true
		up, err := s.Update(ctx, actor, in.ID, edit)
		if err != nil || up.Status != "active" || up.Vision != "Nobody ages alone." || !up.IsPublic {
			t.Fatalf("update: %v %+v", err, up)
		}
		edit.Name = "food first"
		var conflict *errs.ConflictError
		if _, err := s.Update(ctx, actor, in.ID, edit); !errors.As(err, &conflict) || conflict.Field != "name" {
			t.Fatalf("taken name: %v", err)
		}
		edit.Name = "Aging Well"
		edit.BackboneOrganizationID = "clinic"
		var v *errs.ValidationError
		if _, err := s.Update(ctx, actor, in.ID, edit); !errors.As(err, &v) || v.Fields["backbone_organization_id"] == "" {
			t.Fatalf("an invited organization as backbone: %v", err)
		}
		edit.BackboneOrganizationID = "pantry"
		up, err = s.Update(ctx, actor, in.ID, edit)
		if err != nil || up.BackboneOrganizationID != "pantry" {
			t.Fatalf("new backbone: %v %+v", err, up)
		}
		ms, _ := s.Members(ctx, in.ID)
		found := false
		for _, m := range ms {
			if m.OrganizationID == "pantry" {
				found = m.Role == "backbone" && m.Status == "active"
			}
		}
		if !found {
			t.Fatalf("the new backbone's membership: %+v", ms)
		}
		if _, err := s.Update(ctx, actor, 999, edit); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}
	})
}
