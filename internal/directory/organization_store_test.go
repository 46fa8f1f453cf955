package directory_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var actor = account.SystemActor("test")

func input(name string) directory.OrganizationInput {
	return directory.OrganizationInput{Name: name, Description: "Helps families in " + name + ".", Sectors: []string{"Housing", "food", "housing"}}
}

func TestOrganizationLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, err := s.CreateOrganization(ctx, actor, "", input("Samaritan House"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Version != 1 || len(o.Sectors) != 2 || o.Sectors[0] != "food" || o.LastVerifiedAt == nil {
			t.Fatalf("created %+v", o)
		}
		// A duplicate name, in any case, is a conflict on the name field.
		_, err = s.CreateOrganization(ctx, actor, "", input("samaritan house"))
		var conflict *errs.ConflictError
		if !errors.As(err, &conflict) || conflict.Field != "name" {
			t.Fatalf("duplicate: %v", err)
		}
		in := directory.InputOf(o)
		in.Mission = "No one goes hungry."
		up, err := s.UpdateOrganization(ctx, actor, o.ID, o.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Mission != "No one goes hungry." {
			t.Fatalf("updated %+v", up)
		}
		// An edit from the stale version is refused and changes nothing.
		in.Mission = "stale"
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, 1, in); !errors.As(err, &conflict) || conflict.Field != "version" {
			t.Fatalf("stale edit: %v", err)
		}
		if got, _ := s.Organization(ctx, o.ID); got.Mission != "No one goes hungry." {
			t.Fatalf("stale edit wrote %q", got.Mission)
		}
		if _, err := s.SetArchived(ctx, actor, o.ID, true); err != nil {
			t.Fatal(err)
		}
		page, err := s.ListOrganizations(ctx, directory.OrganizationFilter{})
		if err != nil || page.Total != 0 {
			t.Fatalf("active after archive: %v %+v", err, page)
		}
		page, err = s.ListOrganizations(ctx, directory.OrganizationFilter{Status: "archived", Query: "MARITAN"})
		if err != nil || page.Total != 1 {
			t.Fatalf("archived list: %v %+v", err, page)
		}
		// The name is free again once archived; restoring the old one then clashes.
		if _, err := s.CreateOrganization(ctx, actor, "", input("Samaritan House")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetArchived(ctx, actor, o.ID, false); !errors.As(err, &conflict) {
			t.Fatalf("restore over a clash: %v", err)
		}
		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: o.ID})
		if err != nil || len(events) != 3 {
			t.Fatalf("audit: %v %d events", err, len(events))
		}
		if events[1].Action != "update" || events[1].Before == "" || events[1].After == "" {
			t.Fatalf("update event %+v", events[1])
		}
	})
}

func TestOrganizationValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := directory.NewStore(db)
		year := 3000
		_, err := s.CreateOrganization(context.Background(), actor, "", directory.OrganizationInput{
			Name: "   ", Email: "not-an-email", Website: "ftp://x", YearIncorporated: &year, Sectors: []string{"astrology"}})
		var v *errs.ValidationError
		if !errors.As(err, &v) {
			t.Fatalf("want validation error, got %v", err)
		}
		for _, f := range []string{"name", "description", "email", "website", "year_incorporated", "sectors"} {
			if v.Fields[f] == "" {
				t.Errorf("no message for %s in %v", f, v.Fields)
			}
		}
		if n, _ := s.CountOrganizations(context.Background()); n != 0 {
			t.Fatalf("invalid input wrote %d organizations", n)
		}
	})
}

func TestListPagingAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		for _, n := range []string{"Alpha Clinic", "Beta Food Bank", "Gamma 100% Housing", "Delta_Legal"} {
			in := input(n)
			if n == "Alpha Clinic" {
				in.Sectors = []string{"health"}
			}
			if _, err := s.CreateOrganization(ctx, actor, "", in); err != nil {
				t.Fatal(err)
			}
		}
		page, err := s.ListOrganizations(ctx, directory.OrganizationFilter{Limit: 2, Offset: 2})
		if err != nil || page.Total != 4 || len(page.Items) != 2 || page.Items[0].Name != "Delta_Legal" {
			t.Fatalf("page 2: %v %+v", err, page)
		}
		for q, want := range map[string]int{"100%": 1, "_": 1, "a": 4, "zzz": 0} {
			page, err := s.ListOrganizations(ctx, directory.OrganizationFilter{Query: q})
			if err != nil || page.Total != want {
				t.Errorf("q=%q: %v total %d, want %d", q, err, page.Total, want)
			}
		}
		page, err = s.ListOrganizations(ctx, directory.OrganizationFilter{Sector: "health"})
		if err != nil || page.Total != 1 || page.Items[0].Name != "Alpha Clinic" {
			t.Fatalf("sector: %v %+v", err, page)
		}
		_, err = s.ListOrganizations(ctx, directory.OrganizationFilter{Limit: 1000, Status: "gone", Query: "a\x00"})
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields["limit"] == "" || v.Fields["status"] == "" || v.Fields["q"] == "" {
			t.Fatalf("bad filter: %v", err)
		}
	})
}

// TestListByNamePart: a part of a name or alternate name, in any case, of
// three letters or more is found by the trigram index (migration 24) and
// fewer by reading every name; both find exactly the organizations whose
// names hold it, as written (% and _ are letters, not patterns), after
// renames and archiving too.
func TestListByNamePart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		names := map[string]string{} // id -> "name|alternate name", lower-cased
		add := func(name, alt string) *directory.Organization {
			in := input(name)
			in.AlternateName = alt
			o, err := s.CreateOrganization(ctx, actor, "", in)
			if err != nil {
				t.Fatal(err)
			}
			names[o.ID] = strings.ToLower(name + "|" + alt)
			return o
		}
		add("Samaritan House", "")
		add("Bay Area Legal Aid", "BALA")
		add("Food_Bank of the Coast", "")
		add("FoodXBank Coastside", "")
		add("100% Kids", "")
		add("Casa de la Peña", "")
		old := add("Second Harvest", "")
		gone := add("Archived Samaritans", "")
		if _, err := s.SetArchived(ctx, actor, gone.ID, true); err != nil {
			t.Fatal(err)
		}
		delete(names, gone.ID)
		in := input("Second Harvest of Silicon Valley")
		if _, err := s.UpdateOrganization(ctx, actor, old.ID, old.Version, in); err != nil {
			t.Fatal(err)
		}
		names[old.ID] = strings.ToLower(in.Name + "|")
		for _, q := range []string{"sam", "ARITAN H", "bala", "d_b", "_", "100%", "% k", "peña", "silicon", "harvest of", "coast", "zzz", "a", "Co"} {
			var want []string
			for id, n := range names {
				if strings.Contains(strings.ReplaceAll(n, "|", "\x00"), strings.ToLower(q)) {
					want = append(want, id)
				}
			}
			page, err := s.ListOrganizations(ctx, directory.OrganizationFilter{Query: q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range page.Items {
				got = append(got, o.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if page.Total != len(want) || !slices.Equal(got, want) {
				t.Errorf("q=%q: %d %v, want %d %v", q, page.Total, got, len(want), want)
			}
		}
	})
}
