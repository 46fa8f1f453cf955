package directory_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// people are those around an organization of the directory, each as the
// actor the pages and the API would pass: who may do what is decided by
// the rule book from their real platform roles and memberships.
type people struct {
	admin      account.Actor // platform admin
	steward    account.Actor // directory steward, working for no organization
	orgAdmin   account.Actor // admin of the organization
	orgStaff   account.Actor // staff of the organization
	otherAdmin account.Actor // admin of another organization
	member     account.Actor // signed in, working for no organization
	nobody     account.Actor // not signed in
}

// newPeople signs up the people around organization org; other is another
// organization, which otherAdmin keeps.
func newPeople(t *testing.T, db *store.DB, org, other string) *people {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewStore(db)
	person := func(email, platformRole, orgID, orgRole string) account.Actor {
		t.Helper()
		u, err := accounts.CreateUser(ctx, actor, account.NewUser{Email: email, Name: email,
			Password: "long enough password", Role: platformRole})
		if err != nil {
			t.Fatal(err)
		}
		if orgID != "" {
			if err := accounts.SetMembership(ctx, actor, u.ID, orgID, orgRole); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	return &people{
		admin:      person("admin@example.org", account.RoleAdmin, "", ""),
		steward:    person("steward@example.org", account.RoleSteward, "", ""),
		orgAdmin:   person("orgadmin@example.org", account.RoleMember, org, account.OrgAdmin),
		orgStaff:   person("staff@example.org", account.RoleMember, org, account.OrgStaff),
		otherAdmin: person("other@example.org", account.RoleMember, other, account.OrgAdmin),
		member:     person("member@example.org", account.RoleMember, "", ""),
		nobody:     account.Actor{Label: "anonymous"},
	}
}

// may is one row of a who-may table: who tries, and the error they get
// (nil when they may).
type may struct {
	who   string
	actor account.Actor
	want  error
}

// checkMay runs op as each row's actor and checks what it answers. Rows
// that may change something should come last, or leave op able to run
// again.
func checkMay(t *testing.T, what string, op func(account.Actor) error, rows ...may) {
	t.Helper()
	for _, r := range rows {
		err := op(r.actor)
		if r.want == nil && err != nil {
			t.Errorf("%s, %s: %v, want allowed", what, r.who, err)
		}
		if r.want != nil && !errors.Is(err, r.want) {
			t.Errorf("%s, %s: %v, want %v", what, r.who, err, r.want)
		}
	}
}

// twoOrganizations adds the organizations the people work for.
func twoOrganizations(t *testing.T, s *directory.Store) (org, other *directory.Organization) {
	t.Helper()
	ctx := context.Background()
	org, err := s.CreateOrganization(ctx, actor, "casa", input("Casa de Acogida"))
	if err != nil {
		t.Fatal(err)
	}
	other, err = s.CreateOrganization(ctx, actor, "harbor", input("Harbor House"))
	if err != nil {
		t.Fatal(err)
	}
	return org, other
}

// TestDirectoryReadAccess: anyone signed in reads the directory, searches
// it, makes guides of it and takes it out whole; nobody else.
func TestDirectoryReadAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)
		sv, err := s.CreateService(ctx, actor, org.ID, directory.ServiceInput{Name: "Hot Meals"})
		if err != nil {
			t.Fatal(err)
		}
		loc, err := s.CreateLocation(ctx, actor, org.ID, directory.LocationInput{Name: "Main office"})
		if err != nil {
			t.Fatal(err)
		}

		reads := map[string]func(account.Actor) error{
			"organizations": func(a account.Actor) error {
				_, err := s.ViewOrganizations(ctx, a, directory.OrganizationFilter{})
				return err
			},
			"an organization": func(a account.Actor) error { _, err := s.ViewOrganization(ctx, a, org.ID); return err },
			"its history": func(a account.Actor) error {
				_, err := s.OrganizationHistory(ctx, a, org.ID, 10)
				return err
			},
			"its services":  func(a account.Actor) error { _, err := s.ServicesOf(ctx, a, org.ID); return err },
			"its locations": func(a account.Actor) error { _, err := s.LocationsOf(ctx, a, org.ID); return err },
			"its service profiles": func(a account.Actor) error {
				_, err := s.ServiceProfilesOf(ctx, a, org.ID)
				return err
			},
			"its location profiles": func(a account.Actor) error {
				_, err := s.LocationProfilesOf(ctx, a, org.ID)
				return err
			},
			"a service":      func(a account.Actor) error { _, err := s.Service(ctx, a, sv.ID); return err },
			"a location":     func(a account.Actor) error { _, err := s.Location(ctx, a, loc.ID); return err },
			"taxonomy terms": func(a account.Actor) error { _, err := s.TaxonomyTerms(ctx, a, 10); return err },
			"sectors":        func(a account.Actor) error { _, err := s.ListSectors(ctx, a); return err },
			"a search": func(a account.Actor) error {
				_, err := s.Search(ctx, a, directory.SearchQuery{Text: "meals"})
				return err
			},
			"search choices": func(a account.Actor) error { _, err := s.SearchChoices(ctx, a); return err },
			"a guide": func(a account.Actor) error {
				_, err := s.Guide(ctx, a, directory.GuideFilter{Sector: "food"})
				return err
			},
			"guide categories": func(a account.Actor) error { _, err := s.GuideCategories(ctx, a); return err },
			"guide areas":      func(a account.Actor) error { _, err := s.GuideAreas(ctx, a); return err },
			"the export": func(a account.Actor) error {
				_, err := s.ExportHSDS(ctx, a, t.TempDir())
				return err
			},
			"the export as a ZIP": func(a account.Actor) error {
				_, err := s.ExportHSDSZip(ctx, a, func() io.Writer { return io.Discard })
				return err
			},
		}
		for what, read := range reads {
			checkMay(t, what, read,
				may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
				may{"a member of no organization", who.member, nil},
				may{"an organization's staff", who.orgStaff, nil},
				may{"a steward", who.steward, nil})
		}

		// A record that is not there is not found, to those who may read.
		if _, err := s.ViewOrganization(ctx, who.member, "nowhere"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a missing organization: %v", err)
		}
		if _, err := s.ServicesOf(ctx, who.nobody, "nowhere"); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Errorf("nobody asks for a missing organization's services: %v", err)
		}
		if _, err := s.LocationProfilesOf(ctx, who.member, "nowhere"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a missing organization's locations: %v", err)
		}
	})
}

// TestOrganizationAccess: the stewards add, archive and restore
// organizations; an organization's admins and the stewards edit its record.
func TestOrganizationAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)

		n := 0
		create := func(a account.Actor) error {
			n++
			_, err := s.CreateOrganization(ctx, a, "", input(fmt.Sprintf("New Hope %d", n)))
			return err
		}
		checkMay(t, "add an organization", create,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"a member", who.member, errs.ErrForbidden},
			may{"an organization's admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil},
			may{"a platform admin", who.admin, nil})
		// A steward who names an id that is taken gets a conflict, not an
		// overwrite.
		var conflict *errs.ConflictError
		_, err := s.CreateOrganization(ctx, who.steward, org.ID, input("Another Casa"))
		if !errors.As(err, &conflict) || conflict.Field != "id" {
			t.Errorf("a taken id: %v", err)
		}

		edit := func(a account.Actor) error {
			in := directory.InputOf(org)
			in.Mission = "Edited by " + a.Label
			_, err := s.UpdateOrganization(ctx, a, org.ID, 0, in)
			return err
		}
		checkMay(t, "edit an organization", edit,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"a member", who.member, errs.ErrForbidden},
			may{"its staff", who.orgStaff, errs.ErrForbidden},
			may{"another organization's admin", who.otherAdmin, errs.ErrForbidden},
			may{"its admin", who.orgAdmin, nil},
			may{"a steward", who.steward, nil})
		checkMay(t, "open the form to edit it",
			func(a account.Actor) error {
				_, err := s.OrganizationFor(ctx, a, account.EditOrganization, org.ID)
				return err
			},
			may{"its staff", who.orgStaff, errs.ErrForbidden},
			may{"its admin", who.orgAdmin, nil})

		archived := false
		archive := func(a account.Actor) error {
			archived = !archived
			_, err := s.SetArchived(ctx, a, other.ID, archived)
			if err != nil {
				archived = !archived
			}
			return err
		}
		checkMay(t, "archive or restore an organization", archive,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"its admin", who.otherAdmin, errs.ErrForbidden},
			may{"a steward archives", who.steward, nil},
			may{"a steward restores", who.steward, nil})
	})
}

// TestServiceAndLocationAccess: an organization's admins and the stewards
// add and change its services and locations; a record is changed under the
// rule of the organization it belongs to, whatever the caller names.
func TestServiceAndLocationAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)
		sv, err := s.CreateService(ctx, actor, org.ID, directory.ServiceInput{Name: "Hot Meals"})
		if err != nil {
			t.Fatal(err)
		}
		loc, err := s.CreateLocation(ctx, actor, org.ID, directory.LocationInput{Name: "Main office"})
		if err != nil {
			t.Fatal(err)
		}
		rows := func() []may {
			return []may{
				{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
				{"a member", who.member, errs.ErrForbidden},
				{"its staff", who.orgStaff, errs.ErrForbidden},
				{"another organization's admin", who.otherAdmin, errs.ErrForbidden},
				{"its admin", who.orgAdmin, nil},
				{"a steward", who.steward, nil},
			}
		}

		n := 0
		checkMay(t, "add a service", func(a account.Actor) error {
			n++
			_, err := s.CreateService(ctx, a, org.ID, directory.ServiceInput{Name: fmt.Sprintf("Pantry %d", n)})
			return err
		}, rows()...)
		checkMay(t, "change a service", func(a account.Actor) error {
			_, err := s.UpdateService(ctx, a, sv.ID, directory.ServiceInput{Name: "Hot Meals", Description: a.Label})
			return err
		}, rows()...)
		checkMay(t, "open a service's form", func(a account.Actor) error {
			_, err := s.ServiceFor(ctx, a, account.EditService, sv.ID)
			return err
		}, rows()...)
		checkMay(t, "add a location", func(a account.Actor) error {
			n++
			_, err := s.CreateLocation(ctx, a, org.ID, directory.LocationInput{Name: fmt.Sprintf("Annex %d", n)})
			return err
		}, rows()...)
		checkMay(t, "change a location", func(a account.Actor) error {
			in := directory.LocationInput{Name: "Main office", Description: a.Label}
			_, err := s.UpdateLocation(ctx, a, loc.ID, in)
			return err
		}, rows()...)
		checkMay(t, "open a location's form", func(a account.Actor) error {
			_, err := s.LocationFor(ctx, a, account.EditLocation, loc.ID)
			return err
		}, rows()...)

		// A record that is not there is not found to those who may read the
		// directory, and tells nobody else anything.
		for _, c := range []struct {
			who  string
			a    account.Actor
			want error
		}{{"a member", who.member, errs.ErrNotFound}, {"nobody signed in", who.nobody, errs.ErrUnauthenticated}} {
			if _, err := s.UpdateService(ctx, c.a, "nope", directory.ServiceInput{Name: "X"}); !errors.Is(err, c.want) {
				t.Errorf("%s changes a missing service: %v, want %v", c.who, err, c.want)
			}
			_, err := s.UpdateLocation(ctx, c.a, "nope", directory.LocationInput{Name: "X"})
			if !errors.Is(err, c.want) {
				t.Errorf("%s changes a missing location: %v, want %v", c.who, err, c.want)
			}
		}
	})
}

// TestImportAccess: the stewards import directory files, and are refused
// before the file is read when they may not.
func TestImportAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)
		file, err := os.ReadFile("../hsds/testdata/hsds/examples/service_full.json")
		if err != nil {
			t.Fatal(err)
		}

		upload := func(a account.Actor) error {
			_, _, err := s.ImportUpload(ctx, a, "service_full.json", bytes.NewReader(file), int64(len(file)))
			return err
		}
		checkMay(t, "import a file", upload,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"a member", who.member, errs.ErrForbidden},
			may{"an organization's admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil},
			may{"a platform admin", who.admin, nil})
		checkMay(t, "save a bundle", func(a account.Actor) error {
			_, err := s.SaveBundle(ctx, a, &hsds.Bundle{})
			return err
		},
			may{"an organization's admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil})
		// Refused before reading: a file that is not one is still refused.
		_, _, err = s.ImportUpload(ctx, who.member, "notes.txt", strings.NewReader("hi"), 2)
		if !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a member's text file: %v", err)
		}
	})
}
