package demo_test

import (
	"context"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/network"
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
		// The sample without its test organizations, and with what the
		// rest carry: languages, service areas, contacts, hours, ...
		want := directory.Counts{Organizations: 5, Locations: 19, Addresses: 38, Phones: 38, Services: 19, ServiceAtLocations: 19,
			Taxonomies: 3, TaxonomyTerms: 390, Programs: 1, Contacts: 27, Schedules: 1, Languages: 26, ServiceAreas: 27, Fundings: 48,
			Accessibility: 36, Attributes: 152}
		if res.Imported != want {
			t.Fatalf("imported %+v, want %+v", res.Imported, want)
		}

		dir := directory.NewStore(db)
		// The sample's five, four agencies and the wider community.
		if n, err := dir.CountOrganizations(ctx); err != nil || n != 30 {
			t.Fatalf("%d organizations, %v", n, err)
		}
		spanish := directory.SearchQuery{Language: "Spanish"}
		if p, err := dir.Search(ctx, account.SystemActor("test"), spanish); err != nil || p.Total == 0 {
			t.Fatalf("no service of the demo is offered in Spanish (%v)", err)
		}
		if n, err := dir.CountServices(ctx); err != nil || n != 40 {
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
			in.Geography != "San Mateo County, California" || in.MemberCount != 8 || in.CommonAgenda == "" {
			t.Fatalf("initiative %+v", in)
		}
		members, err := initiatives.Members(ctx, in.ID)
		if err != nil || len(members) != 9 || members[0].Role != "backbone" {
			t.Fatalf("members: %v %+v", err, members)
		}
		if n, err := initiatives.Count(ctx); err != nil || n != 1 {
			t.Fatalf("%d initiatives, %v", n, err)
		}
		checkWorkspace(t, db, in.ID, members)

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

// checkWorkspace checks that the demo initiative shows every part of its
// workspace: an open invitation, the agenda with a gap and an overlap, a
// RACI flag, responsibilities, people, governance, an agreement half
// signed, an open proposal with two votes, and ties of every status.
func checkWorkspace(t *testing.T, db *store.DB, initiativeID int64, members []initiative.Member) {
	t.Helper()
	ctx := context.Background()
	s := initiative.NewStore(db)
	var invited []string
	for _, m := range members {
		if m.Status == "invited" {
			invited = append(invited, m.OrganizationName+" as "+m.Role)
		}
	}
	if len(invited) != 1 || invited[0] != "Silicon Valley Community Foundation as funder" {
		t.Errorf("open invitations: %v", invited)
	}

	cov, err := s.Coverage(ctx, initiativeID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov.Items) < 3 || len(cov.Items) > 5 {
		t.Errorf("%d agenda items", len(cov.Items))
	}
	if len(cov.Gaps) != 1 || cov.Gaps[0].Title != "Measure together" {
		t.Errorf("gaps: %+v", cov.Gaps)
	}
	if len(cov.Overlaps) != 1 || cov.Overlaps[0].First.OrganizationName == cov.Overlaps[0].Second.OrganizationName {
		t.Errorf("overlaps: %+v", cov.Overlaps)
	}
	acts, err := s.Activities(ctx, initiativeID)
	if err != nil || len(acts) < 6 || len(acts) > 10 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	orgs := map[string]bool{}
	for _, a := range acts {
		orgs[a.OrganizationID] = true
	}
	if len(orgs) < 5 {
		t.Errorf("activities by only %d members", len(orgs))
	}

	m, err := s.RACIMatrix(ctx, initiativeID)
	if err != nil {
		t.Fatal(err)
	}
	var noAccountable []string
	for _, row := range m.Rows {
		if len(row.Letters) == 0 {
			t.Errorf("activity %q has no RACI letters", row.Activity.Title)
		}
		if row.Flags.NoAccountable {
			noAccountable = append(noAccountable, row.Activity.Title)
		}
		if row.Flags.SeveralAccountable || row.Flags.NoResponsible {
			t.Errorf("activity %q flags %+v", row.Activity.Title, row.Flags)
		}
	}
	if len(noAccountable) != 1 {
		t.Errorf("activities with no one accountable: %v", noAccountable)
	}

	resp, err := s.OrganizationResponsibilities(ctx, initiativeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range resp {
		if r.Status == "active" && len(r.Responsibilities) == 0 {
			t.Errorf("%s has no responsibilities", r.OrganizationName)
		}
	}
	people, err := s.People(ctx, initiativeID)
	if err != nil || len(people) < 2 {
		t.Fatalf("people %+v, %v", people, err)
	}
	for _, p := range people {
		if p.JobRole == "" || p.OrganizationName == "" || len(p.Responsibilities) == 0 {
			t.Errorf("person %+v", p)
		}
	}

	reader := account.SystemActor("test")
	g, err := s.Governance(ctx, reader, initiativeID)
	if err != nil {
		t.Fatal(err)
	}
	if g.DecisionRule != initiative.RuleMajority || g.QuorumPercent != 60 || g.ThresholdPercent != 50 || g.MeetingCadence != "monthly" ||
		len(g.ConflictSteps) < 2 || len(g.Channels) < 2 {
		t.Errorf("governance %+v", g)
	}
	ags, err := s.Agreements(ctx, reader, initiativeID)
	if err != nil || len(ags) != 1 || ags[0].Kind != "mou" || ags[0].Status != initiative.AgreementPartiallySigned || len(ags[0].Parties) != 2 {
		t.Fatalf("agreements %+v, %v", ags, err)
	}
	ps, err := s.Proposals(ctx, reader, initiativeID)
	if err != nil || len(ps) != 1 || ps[0].Status != initiative.ProposalOpen {
		t.Fatalf("proposals %+v, %v", ps, err)
	}
	if until := time.Until(ps[0].Deadline); until < 6*24*time.Hour || until > 8*24*time.Hour {
		t.Errorf("the proposal's deadline is %v away, want about a week", until)
	}
	p, err := s.Proposal(ctx, reader, initiativeID, ps[0].ID)
	if err != nil || len(p.Votes) != 2 {
		t.Fatalf("votes %+v, %v", p, err)
	}

	feed, err := s.Feed(ctx, account.SystemActor("test"), initiativeID, 100, 0)
	if err != nil || len(feed) < 20 {
		t.Errorf("feed has %d entries, %v", len(feed), err)
	}

	page, err := network.NewStore(db).ListTies(ctx, network.TieFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, tie := range page.Items {
		statuses[tie.Status]++
	}
	if len(page.Items) < 40 || statuses["active"] == 0 || statuses["developing"] == 0 || statuses["strained"] == 0 {
		t.Errorf("%d ties by status %v", len(page.Items), statuses)
	}

	// The closed survey changed no tie; its answers wait for the
	// coordinator's review where they differ from the record.
	for _, tie := range page.Items {
		if tie.Version != 1 {
			t.Errorf("the survey changed the tie %s → %s", tie.FromName, tie.ToName)
		}
	}
	net := network.NewStore(db)
	waves, err := net.Waves(ctx, reader)
	if err != nil || len(waves) != 1 || !waves[0].Closed() {
		t.Fatalf("waves %+v, %v", waves, err)
	}
	changes, err := net.SuggestedChanges(ctx, reader, waves[0].ID)
	if err != nil || len(changes) != 2 || changes[0].Decision != "" {
		t.Fatalf("suggested changes %+v, %v", changes, err)
	}

	// The initiative's service gaps are sectors its members have no strong
	// tie in, and the wider community has organizations to fill each.
	gaps, err := net.ServiceGaps(ctx, reader, network.Scope{InitiativeID: initiativeID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, g := range gaps {
		if len(g.Candidates) > 0 {
			filled++
		}
	}
	if len(gaps) < 3 || filled < 3 {
		t.Errorf("%d gaps, %d with organizations to fill them: %+v", len(gaps), filled, gaps)
	}
}
