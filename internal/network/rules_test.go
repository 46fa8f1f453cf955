package network_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// community is a small directory with a private initiative, and the people
// the rules are tried with.
type community struct {
	s    *network.Store
	orgs []string // Samaritan House, County Health, Food Bank, then spare organizations to tie to
	in   int64    // a private initiative: Samaritan House's, with County Health and Food Bank as members

	steward  account.Actor // a directory steward, with no part in the initiative
	staff    account.Actor // works for Samaritan House
	backbone account.Actor // the initiative's backbone staff
	lead     account.Actor // works for County Health and is its partner lead in the initiative
	outsider account.Actor // signed in, with no organization and no part in the initiative
	nobody   account.Actor // nobody signed in
}

func newCommunity(t *testing.T, db *store.DB) *community {
	t.Helper()
	ctx := context.Background()
	c := &community{s: network.NewStore(db), nobody: account.Actor{Label: "anonymous"},
		orgs: orgs(t, db, "Samaritan House", "County Health", "Food Bank", "Spare 1", "Spare 2", "Spare 3", "Spare 4")}
	initiatives := initiative.NewStore(db)
	in, err := initiatives.Create(ctx, actor,
		initiative.Input{Name: "Peninsula Partners", BackboneOrganizationID: c.orgs[0]})
	if err != nil {
		t.Fatal(err)
	}
	c.in = in.ID
	for _, o := range c.orgs[1:3] {
		if err := initiatives.AddMember(ctx, actor, in.ID, o, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
	}

	accounts := account.NewStore(db)
	person := func(email, role, org, orgRole, initiativeRole string) account.Actor {
		t.Helper()
		u, err := accounts.CreateUser(ctx, actor,
			account.NewUser{Email: email, Name: email, Password: "long enough password", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		if org != "" {
			if err := accounts.SetMembership(ctx, actor, u.ID, org, orgRole); err != nil {
				t.Fatal(err)
			}
		}
		if initiativeRole != "" {
			if err := initiatives.SetUserRole(ctx, actor, in.ID, u.ID, initiativeRole); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	c.steward = person("steward@example.org", account.RoleSteward, "", "", "")
	c.staff = person("staff@example.org", account.RoleMember, c.orgs[0], account.OrgStaff, "")
	c.backbone = person("backbone@example.org", account.RoleMember, "", "", account.InitiativeBackboneStaff)
	c.lead = person("lead@example.org", account.RoleMember, c.orgs[1], account.OrgStaff, account.InitiativePartnerLead)
	c.outsider = person("outsider@example.org", account.RoleMember, "", "", "")
	return c
}

// who is one person trying an operation, and what they should get: nil
// when they may, or the error they are refused with.
type who struct {
	name  string
	actor account.Actor
	want  error
}

// try runs the operation as each person, in order, and checks the answer.
func try(t *testing.T, op string, people []who, do func(actor account.Actor) error) {
	t.Helper()
	for _, p := range people {
		err := do(p.actor)
		switch {
		case p.want == nil && err != nil:
			t.Errorf("%s: %s is refused: %v", op, p.name, err)
		case p.want != nil && !errors.Is(err, p.want):
			t.Errorf("%s: %s gets %v, want %v", op, p.name, err, p.want)
		}
	}
}

// TestTieRules: anyone signed in reads the map; a tie is recorded and
// changed by the people of the organization it starts from and by the
// stewards; only the stewards import ties.
func TestTieRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		tie, err := c.s.CreateTie(ctx, actor, network.TieInput{FromID: c.orgs[0], ToID: c.orgs[1]}, "")
		if err != nil {
			t.Fatal(err)
		}

		readers := []who{{"an outsider", c.outsider, nil}, {"nobody signed in", c.nobody, errs.ErrUnauthenticated}}
		try(t, "read a tie", readers, func(a account.Actor) error { _, err := c.s.Tie(ctx, a, tie.ID); return err })
		try(t, "list the ties", readers, func(a account.Actor) error {
			_, err := c.s.Ties(ctx, a, network.TieFilter{})
			return err
		})
		try(t, "read a tie's history", readers, func(a account.Actor) error {
			_, err := c.s.TieHistory(ctx, a, tie.ID)
			return err
		})
		try(t, "export the ties", readers, func(a account.Actor) error {
			var out strings.Builder
			_, err := c.s.ExportTiesCSV(ctx, a, &out)
			if err != nil && out.Len() > 0 {
				t.Errorf("the export was written for someone refused: %q", out.String())
			}
			return err
		})

		recorders := []who{
			{"the organization's staff", c.staff, nil},
			{"a steward", c.steward, nil},
			{"another organization's staff", c.lead, errs.ErrForbidden},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		spare := 3
		try(t, "record a tie", recorders, func(a account.Actor) error {
			_, err := c.s.CreateTie(ctx, a, network.TieInput{FromID: c.orgs[0], ToID: c.orgs[spare]}, "")
			if err == nil {
				spare++
			}
			return err
		})
		try(t, "change a tie", recorders, func(a account.Actor) error {
			_, err := c.s.UpdateTie(ctx, a, tie.ID, 0, network.TieInput{Level: "coordination"}, "")
			return err
		})

		importers := []who{
			{"a steward", c.steward, nil},
			{"an organization's staff", c.staff, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		try(t, "import ties", importers, func(a account.Actor) error {
			file := strings.NewReader("from,to,level\nSamaritan House,Food Bank,cooperation\n")
			_, err := c.s.ImportTiesCSV(ctx, a, file, "ties.csv", false)
			return err
		})
	})
}

// TestScopeRules: a selection of the map scoped to an initiative is read
// only by those who may see the initiative; to anyone else (stewards
// included) a private initiative is not found, in every reading of the
// map, so that the web pages and the API cannot answer differently.
func TestScopeRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		release := c.s.HoldJobs()
		t.Cleanup(func() { release(); c.s.StopJobs(context.Background()) })
		tie := network.TieInput{FromID: c.orgs[1], ToID: c.orgs[2], Level: "coordination"}
		if _, err := c.s.CreateTie(ctx, actor, tie, ""); err != nil {
			t.Fatal(err)
		}

		private := network.MapFilter{Scope: network.Scope{InitiativeID: c.in}}
		readers := []who{
			{"the initiative's backbone staff", c.backbone, nil},
			{"a member's partner lead", c.lead, nil},
			{"a steward", c.steward, errs.ErrNotFound},
			{"an outsider", c.outsider, errs.ErrNotFound},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		yesterday := db.Now().AddDate(0, 0, -1)
		for op, do := range map[string]func(account.Actor) error{
			"load the map": func(a account.Actor) error { _, err := c.s.Load(ctx, a, private); return err },
			"analyze":      func(a account.Actor) error { _, err := c.s.Analysis(ctx, a, private); return err },
			"analyze exactly": func(a account.Actor) error {
				_, err := c.s.ExactAnalysis(ctx, a, private)
				return err
			},
			"compare dates": func(a account.Actor) error {
				_, err := c.s.CompareDates(ctx, a, private, yesterday, time.Time{})
				return err
			},
			"find service gaps": func(a account.Actor) error {
				_, err := c.s.ServiceGaps(ctx, a, private.Scope, nil)
				return err
			},
			"start an analysis job": func(a account.Actor) error {
				_, err := c.s.StartAnalysisJob(ctx, a, private)
				return err
			},
		} {
			try(t, op, readers, do)
		}

		// The initiative's job is not found by those who may not see it.
		j, err := c.s.StartAnalysisJob(ctx, c.backbone, private)
		if err != nil {
			t.Fatal(err)
		}
		try(t, "read the initiative's job", readers, func(a account.Actor) error {
			_, err := c.s.AnalysisJob(ctx, a, j.ID)
			return err
		})

		// An organization that is not in the directory is not found either.
		unknown := network.MapFilter{Scope: network.Scope{OrganizationID: "nope"}}
		if _, err := c.s.Load(ctx, c.outsider, unknown); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("the map of an unknown organization: %v", err)
		}
		if _, err := c.s.Load(ctx, c.outsider, network.MapFilter{}); err != nil {
			t.Errorf("an outsider reads the whole map: %v", err)
		}
	})
}

// TestAnalysisJobRules: anyone signed in starts an analysis; a job is
// cancelled by the person who started it or a steward, and nobody else,
// whether or not it has ended.
func TestAnalysisJobRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		release := c.s.HoldJobs()
		t.Cleanup(func() { release(); c.s.StopJobs(context.Background()) })

		try(t, "start an analysis", []who{
			{"an outsider", c.outsider, nil},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}, func(a account.Actor) error {
			_, err := c.s.StartAnalysisJob(ctx, a, network.MapFilter{})
			return err
		})

		j, err := c.s.StartAnalysisJob(ctx, c.lead, network.MapFilter{Level: "cooperation"})
		if err != nil {
			t.Fatal(err)
		}
		try(t, "cancel a job", []who{
			{"another member", c.outsider, errs.ErrForbidden},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			{"the person who started it", c.lead, nil},
			{"a steward, once it has ended", c.steward, nil},
			{"another member, once it has ended", c.outsider, errs.ErrForbidden},
		}, func(a account.Actor) error {
			_, err := c.s.CancelAnalysisJob(ctx, a, j.ID)
			return err
		})
		if got, err := c.s.AnalysisJob(ctx, c.outsider, j.ID); err != nil || got.Status != network.JobCancelled {
			t.Fatalf("the job after cancelling: %v %+v", err, got)
		}
	})
}

// TestGapSectorRules: anyone signed in reads the gap sectors; only the
// stewards change them.
func TestGapSectorRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		readers := []who{{"an outsider", c.outsider, nil}, {"nobody signed in", c.nobody, errs.ErrUnauthenticated}}
		try(t, "read the gap sectors", readers, func(a account.Actor) error {
			_, err := c.s.GapSectors(ctx, a)
			return err
		})

		configurers := []who{
			{"a steward", c.steward, nil},
			{"an organization's staff", c.staff, errs.ErrForbidden},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		try(t, "set the gap sectors", configurers, func(a account.Actor) error {
			_, err := c.s.SetGapSectors(ctx, a, []network.GapSector{{Name: "Health", Matches: []string{"health"}}})
			return err
		})
		try(t, "reset the gap sectors", configurers, func(a account.Actor) error { return c.s.ResetGapSectors(ctx, a) })
	})
}
