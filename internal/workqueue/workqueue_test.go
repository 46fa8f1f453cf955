package workqueue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/workqueue"
)

// community is "Aging Well", backed by County Health, with the Food Pantry
// and the Library as core partners and the Clinic invited; the pantry's
// admin, the library's admin, the initiative's coordinator, a steward and
// someone who works for nobody.
type community struct {
	src                                    workqueue.Sources
	health, pantry, library, clinic        string
	ini                                    int64
	pantryAdmin, libraryAdmin, coordinator account.Actor
	steward, nobody                        account.Actor
}

func newCommunity(t *testing.T, db *store.DB) *community {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	c := &community{src: workqueue.Sources{
		Accounts:    account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost)),
		Directory:   directory.NewStore(db),
		Initiatives: initiative.NewStore(db),
		Network:     network.NewStore(db),
		Measure:     measure.NewStore(db),
	}}
	org := func(name string) string {
		o, err := c.src.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + " serves the county."})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	c.health, c.pantry, c.library, c.clinic = org("County Health"), org("Food Pantry"), org("Public Library"), org("Free Clinic")
	in, err := c.src.Initiatives.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: c.health})
	if err != nil {
		t.Fatal(err)
	}
	c.ini = in.ID
	for _, m := range []struct{ org, role, status string }{
		{c.pantry, "core_partner", "active"}, {c.library, "core_partner", "active"}, {c.clinic, "core_partner", "invited"},
	} {
		if err := c.src.Initiatives.AddMember(ctx, sys, in.ID, m.org, m.role, m.status); err != nil {
			t.Fatal(err)
		}
	}
	person := func(email, platformRole, orgID string) account.Actor {
		u, err := c.src.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: "long enough password",
			Role: platformRole})
		if err != nil {
			t.Fatal(err)
		}
		if orgID != "" {
			if err := c.src.Accounts.SetMembership(ctx, sys, u.ID, orgID, account.OrgAdmin); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	c.pantryAdmin = person("pantry@example.org", account.RoleMember, c.pantry)
	c.libraryAdmin = person("library@example.org", account.RoleMember, c.library)
	c.coordinator = person("coordinator@example.org", account.RoleMember, c.health)
	c.steward = person("steward@example.org", account.RoleSteward, "")
	c.nobody = person("nobody@example.org", account.RoleMember, "")
	if _, err := c.src.Initiatives.GrantRole(ctx, sys, in.ID, "coordinator@example.org", account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"pantry@example.org", "library@example.org"} {
		if _, err := c.src.Initiatives.GrantRole(ctx, sys, in.ID, email, account.InitiativeMember); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// titles are the titles of actor's queue, in order, each with its
// organization when it has one.
func (c *community) titles(t *testing.T, actor account.Actor) []string {
	t.Helper()
	q, err := workqueue.For(context.Background(), c.src, actor)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range q.Items {
		s := it.Title
		if it.OrganizationName != "" {
			s += " / " + it.OrganizationName
		}
		if it.Late {
			s += " (late)"
		}
		out = append(out, s)
	}
	return out
}

func TestQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ctx, sys := context.Background(), account.SystemActor("test")
		now := db.Now()

		// Nothing is asked yet of anyone; the records were verified as they
		// were added.
		for _, a := range []account.Actor{c.pantryAdmin, c.coordinator, c.steward, c.nobody} {
			if got := c.titles(t, a); len(got) != 0 {
				t.Fatalf("%s: queue before anything is asked: %q", a.Label, got)
			}
		}

		// A monthly number the pantry and the library report; the library has
		// reported last month, the pantry has not.
		ind, err := c.src.Measure.CreateIndicator(ctx, sys, c.ini, measure.IndicatorInput{Name: "Meals delivered", Definition: "Hot meals delivered to homes", Unit: "meals",
			Direction: measure.Higher, Aggregation: measure.Sum, Frequency: measure.Monthly, Reporters: []string{c.pantry, c.library}})
		if err != nil {
			t.Fatal(err)
		}
		last := measure.LastClosed(measure.Monthly, now)
		if _, err := c.src.Measure.Report(ctx, sys, c.ini, c.library, ind.ID, last.String(), 120, ""); err != nil {
			t.Fatal(err)
		}

		// A proposal, an agreement for the pantry and the library to sign, and
		// a partner survey of the three.
		deadline := now.Add(72 * time.Hour)
		_, err = c.src.Initiatives.Propose(ctx, sys, c.ini, initiative.ProposalInput{Title: "Meet monthly",
			ProposedBy: c.health, Rule: initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 50, ThresholdPercent: 50},
			Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		today := now.Truncate(24 * time.Hour)
		_, err = c.src.Initiatives.CreateAgreement(ctx, sys, c.ini, initiative.AgreementInput{Title: "Referral MOU", Kind: "mou",
			Parties: []string{c.pantry, c.library}, EffectiveOn: &today})
		if err != nil {
			t.Fatal(err)
		}
		closes := now.AddDate(0, 0, 10).Format("2006-01-02")
		if _, _, err := c.src.Network.CreateWave(ctx, sys, network.WaveInput{Name: "Winter survey",
			OrganizationIDs: []string{c.health, c.pantry, c.library}, ClosesAt: closes}); err != nil {
			t.Fatal(err)
		}

		want := []string{
			"Report Meals delivered for " + last.String() + " / Food Pantry (late)",
			"Vote on “Meet monthly” / Food Pantry",
			"Answer the partner survey “Winter survey” / Food Pantry",
			"Sign “Referral MOU” / Food Pantry",
		}
		if got := c.titles(t, c.pantryAdmin); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("pantry admin's queue:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// The library's admin sees the library's part and not the pantry's:
		// it has reported, so it owes no report.
		got := strings.Join(c.titles(t, c.libraryAdmin), "\n")
		if strings.Contains(got, "Food Pantry") || strings.Contains(got, "Report") || !strings.Contains(got, "Vote on “Meet monthly” / Public Library") {
			t.Fatalf("library admin's queue:\n%s", got)
		}

		// The coordinator votes for the backbone and answers for it; the
		// surveys they do not coordinate are not theirs to follow.
		got = strings.Join(c.titles(t, c.coordinator), "\n")
		if !strings.Contains(got, "Vote on “Meet monthly” / County Health") || strings.Contains(got, "Food Pantry") {
			t.Fatalf("coordinator's queue:\n%s", got)
		}

		// The steward coordinates the survey of organizations of no initiative
		// and follows it up.
		if got := c.titles(t, c.steward); !contains(got, "Follow up “Winter survey”: 0 of 3 answered") {
			t.Fatalf("steward's queue: %q", got)
		}

		// Someone who works for nobody is asked nothing.
		if got := c.titles(t, c.nobody); len(got) != 0 {
			t.Fatalf("nobody's queue: %q", got)
		}

		// Once the pantry votes, reports and signs, those leave its queue;
		// near the end of a month, that month's report is due.
		if err := c.src.Initiatives.Vote(ctx, sys, c.ini, 1, c.pantry, "yes", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := c.src.Measure.Report(ctx, sys, c.ini, c.pantry, ind.ID, last.String(), 80, ""); err != nil {
			t.Fatal(err)
		}
		open := last.Next()
		storetest.Clock(t, db).Set(open.End().Add(-48 * time.Hour))
		got = strings.Join(c.titles(t, c.pantryAdmin), "\n")
		if strings.Contains(got, "Vote on") || strings.Contains(got, last.String()) ||
			!strings.Contains(got, "Report Meals delivered for "+open.String()+" / Food Pantry") {
			t.Fatalf("pantry admin's queue after voting and reporting:\n%s", got)
		}

		// A year on, the steward is asked to verify the records again, and
		// only the steward.
		storetest.Clock(t, db).Set(now.Add(directory.DefaultVerificationAge + 24*time.Hour))
		if got := c.titles(t, c.steward); !contains(got, "4 directory records need verifying") {
			t.Fatalf("steward: %q", got)
		}
		if strings.Contains(strings.Join(c.titles(t, c.coordinator), "\n"), "verifying") {
			t.Fatal("the coordinator is asked to verify the directory")
		}
		for _, id := range []string{c.health, c.pantry, c.library} {
			if _, err := c.src.Directory.Verify(ctx, sys, directory.KindOrganization, id); err != nil {
				t.Fatal(err)
			}
		}
		if got := c.titles(t, c.steward); !contains(got, "1 directory record needs verifying") {
			t.Fatalf("steward after verifying three: %q", got)
		}

		// Proposals wait for the steward's review, and the new
		// organizations among them are counted.
		in := directory.InputOf(mustOrganization(t, c.src.Directory, c.pantry))
		in.Mission = "Food for every family"
		if _, err := c.src.Directory.ProposeOrganizationUpdate(ctx, c.pantryAdmin, c.pantry, 0, in, ""); err != nil {
			t.Fatal(err)
		}
		if got := c.titles(t, c.steward); !contains(got, "1 proposal waits for your review") {
			t.Fatalf("steward with a proposal: %q", got)
		}
		_, err = c.src.Directory.ProposeOrganization(ctx, c.pantryAdmin, directory.OrganizationInput{
			Name: "Eastside Kitchen", Description: "Hot meals"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := c.titles(t, c.steward); !contains(got, "2 proposals wait for your review (1 is a new organization)") {
			t.Fatalf("steward with two proposals: %q", got)
		}
		if strings.Contains(strings.Join(c.titles(t, c.pantryAdmin), "\n"), "proposal") {
			t.Fatal("the proposer is asked to review")
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func mustOrganization(t *testing.T, s *directory.Store, id string) *directory.Organization {
	t.Helper()
	o, err := s.Organization(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
