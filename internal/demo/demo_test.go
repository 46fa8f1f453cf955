package demo_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if loaded, err := demo.Loaded(ctx, db); err != nil || loaded {
			t.Fatalf("Loaded before Load = %v, %v", loaded, err)
		}
		res, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if loaded, err := demo.Loaded(ctx, db); err != nil || !loaded {
			t.Fatalf("Loaded after Load = %v, %v", loaded, err)
		}
		want := directory.Counts{Organizations: 5, Locations: 19, Addresses: 38, Phones: 38, Services: 19, ServiceAtLocations: 19}
		if res.Imported != want {
			t.Fatalf("imported %+v, want %+v", res.Imported, want)
		}

		dir := directory.NewStore(db)
		if n, err := dir.CountOrganizations(ctx); err != nil || n != 9 {
			t.Fatalf("%d organizations, %v", n, err)
		}
		if n, err := dir.CountServices(ctx); err != nil || n != 19 {
			t.Fatalf("%d services, %v", n, err)
		}
		page, err := dir.ListOrganizations(ctx, directory.OrganizationFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		for _, o := range page.Items {
			switch o.Name {
			case "Fake Org", "Admin Test Org", "Example Agency":
				t.Fatalf("test fixture %q is in the demo", o.Name)
			}
			if o.Mission == "" || len(o.Sectors) == 0 {
				t.Fatalf("%s has no mission or sectors: %+v", o.Name, o)
			}
			ids[o.Name] = o.ID
		}

		initiatives := initiative.NewStore(db)
		in, err := initiatives.Get(ctx, res.InitiativeID)
		if err != nil {
			t.Fatal(err)
		}
		if in.Name != demo.InitiativeName || in.Status != "active" || in.BackboneOrganizationName != "San Mateo County Health" ||
			in.Geography != "San Mateo County, California" || in.MemberCount != 7 || in.CommonAgenda == "" {
			t.Fatalf("initiative %+v", in)
		}
		members, err := initiatives.Members(ctx, in.ID)
		if err != nil || len(members) != 9 || members[0].Role != "backbone" {
			t.Fatalf("members: %v %+v", err, members)
		}
		if n, err := initiatives.Count(ctx); err != nil || n != 1 {
			t.Fatalf("%d initiatives, %v", n, err)
		}

		accounts := account.NewStore(db)
		if len(res.Logins) != len(demo.Logins()) {
			t.Fatalf("logins %+v", res.Logins)
		}
		users := map[string]*account.User{}
		for _, l := range res.Logins {
			u, err := accounts.Authenticate(ctx, l.Email, demo.Password, "127.0.0.1")
			if err != nil || l.Password != demo.Password {
				t.Fatalf("sign in as %s: %v", l.Email, err)
			}
			users[l.Email] = u
		}
		if users["admin@example.org"].Role != account.RoleAdmin || users["steward@example.org"].Role != account.RoleSteward {
			t.Fatal("platform roles")
		}
		can := func(email string, a account.Action, target account.Target) bool {
			t.Helper()
			ok, err := accounts.Can(ctx, users[email], a, target)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		checks := []struct {
			email  string
			action account.Action
			target account.Target
			want   bool
		}{
			{"coordinator@example.org", account.EditInitiative, account.Initiative(in.ID), true},
			{"coordinator@example.org", account.EditOrganization, account.Org(ids["San Mateo County Health"]), true},
			{"partner@example.org", account.EditInitiative, account.Initiative(in.ID), false},
			{"partner@example.org", account.ViewInitiative, account.Initiative(in.ID), true},
			{"partner@example.org", account.EditOrganization, account.Org(ids["Samaritan House"]), true},
			{"partner@example.org", account.EditOrganization, account.Org(ids["Peninsula Volunteers"]), false},
			{"steward@example.org", account.EditOrganization, account.Org(ids["Peninsula Volunteers"]), true},
			{"steward@example.org", account.EditInitiative, account.Initiative(in.ID), false},
		}
		for _, c := range checks {
			if got := can(c.email, c.action, c.target); got != c.want {
				t.Errorf("%s %s %+v = %v, want %v", c.email, c.action, c.target, got, c.want)
			}
		}
	})
}

func TestLogins(t *testing.T) {
	logins := demo.Logins()
	if len(logins) != 4 || logins[0].Email != "admin@example.org" || logins[3].Email != "partner@example.org" {
		t.Fatalf("logins %+v", logins)
	}
	for _, l := range logins {
		if l.Password != demo.Password || l.Role == "" || l.Description == "" {
			t.Errorf("login %+v", l)
		}
		if msg := account.ValidatePassword(l.Password); msg != "" {
			t.Errorf("the demo password %s", msg)
		}
	}
}
