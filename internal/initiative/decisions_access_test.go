package initiative_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestDecisionAccess says who may take part in an initiative's decisions,
// each operation asked where it is carried out: an organization's people
// propose and comment for it, those who act for it (its admins, its staff
// who are partner leads) vote and delegate its vote, backbone staff close
// the vote and keep the decision log.
func TestDecisionAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, sys := context.Background(), account.SystemActor("test")
		p := newPartnership(t, db)
		s, o, id := p.s, p.orgs, p.id
		cast := newGovernanceCast(t, db, p)
		if _, err := s.SaveGovernance(ctx, sys, id, validGovernance()); err != nil {
			t.Fatal(err)
		}
		deadline := db.Now().Add(7 * 24 * time.Hour)
		propose := func(by account.Actor) *initiative.Proposal {
			t.Helper()
			pr, err := s.Propose(ctx, by, id, initiative.ProposalInput{Title: "Share one intake form", ProposedBy: o["pantry"], Deadline: deadline})
			if err != nil {
				t.Fatal(err)
			}
			return pr
		}
		// A proposal every voting member has voted on, ready to be closed.
		decided := func() *initiative.Proposal {
			t.Helper()
			pr := propose(sys)
			for _, org := range []string{"samaritan", "pantry", "library", "shelter"} {
				if err := s.Vote(ctx, sys, id, pr.ID, o[org], initiative.ChoiceYes, ""); err != nil {
					t.Fatal(err)
				}
			}
			return pr
		}
		open := propose(sys)
		input := func(by string) initiative.ProposalInput {
			return initiative.ProposalInput{Title: "Meet monthly", ProposedBy: o[by], Deadline: deadline}
		}

		//               staff pantry-admin pantry-staff pantry-lead library-admin viewer clinic-admin outsider nobody
		members := "ok ok ok ok ok ok 404 404 401"
		speakers := "403 ok ok ok 403 403 404 404 401"
		actors := "403 ok 403 ok 403 403 404 404 401"
		backbone := "ok 403 403 403 403 403 404 404 401"
		cast.check(t, []access{
			{"list the proposals", func(a account.Actor) error { _, err := s.Proposals(ctx, a, id); return err }, members},
			{"read a proposal", func(a account.Actor) error { _, err := s.Proposal(ctx, a, id, open.ID); return err }, members},
			{"propose for the Food Pantry", func(a account.Actor) error { _, err := s.Propose(ctx, a, id, input("pantry")); return err }, speakers},
			{"comment for the Food Pantry", func(a account.Actor) error {
				_, err := s.Comment(ctx, a, id, open.ID, o["pantry"], "Which form?")
				return err
			}, speakers},
			{"vote for the Food Pantry", func(a account.Actor) error {
				return s.Vote(ctx, a, id, propose(sys).ID, o["pantry"], initiative.ChoiceYes, "")
			}, actors},
			{"give the Food Pantry's vote to Harbor Shelter", func(a account.Actor) error {
				return s.Delegate(ctx, a, id, propose(sys).ID, o["pantry"], o["shelter"])
			}, actors},
			// The clinic is only invited: its admin does not see the private
			// initiative, so cannot vote for it.
			{"vote for the Free Clinic", func(a account.Actor) error {
				return s.Vote(ctx, a, id, open.ID, o["clinic"], initiative.ChoiceYes, "")
			}, "403 403 403 403 403 403 404 404 401"},
			{"close the vote", func(a account.Actor) error { _, err := s.Close(ctx, a, id, decided().ID); return err }, backbone},
			{"read the decision log", func(a account.Actor) error { _, _, err := s.DecisionLog(ctx, a, id); return err }, members},
			{"make the decision log public", func(a account.Actor) error { return s.SetDecisionLogPublic(ctx, a, id, false) }, backbone},
		})

		// Withdrawing: the proposer, while they speak for the proposing
		// organization; those who act for it; backbone staff.
		proposer := cast.actors["pantry-staff"]
		cast.check(t, []access{
			{"withdraw a proposal of Food Pantry staff", func(a account.Actor) error {
				return s.Withdraw(ctx, a, id, propose(proposer).ID)
			}, "ok ok ok ok 403 403 404 404 401"},
		})
		// A proposer who moves to another member organization no longer
		// speaks for the one that proposed.
		mover := governancePerson(t, db, id, "mover@example.org", o["pantry"], account.OrgStaff, "")
		moved := propose(mover)
		if err := account.NewStore(db).SetMembership(ctx, sys, mover.UserID, o["library"], account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2`, mover.UserID, o["pantry"]); err != nil {
			t.Fatal(err)
		}
		if err := s.Withdraw(ctx, mover, id, moved.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a proposer who left the organization withdraws: %v", err)
		}

		// A public log is read by anyone signed in.
		if err := s.SetDecisionLogPublic(ctx, sys, id, true); err != nil {
			t.Fatal(err)
		}
		cast.check(t, []access{
			{"read the public decision log", func(a account.Actor) error { _, _, err := s.DecisionLog(ctx, a, id); return err },
				"ok ok ok ok ok ok ok ok 401"},
		})
	})
}

// TestDecisionClock checks that votes and closing take the time from the
// store's clock: a vote after the deadline is refused, and the outcome is
// recorded at the time the vote was closed.
func TestDecisionClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, sys := context.Background(), account.SystemActor("test")
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		clock := storetest.Clock(t, db)
		deadline := db.Now().Add(time.Hour)
		pr, err := s.Propose(ctx, sys, p.id, initiative.ProposalInput{Title: "Share one intake form", ProposedBy: o["pantry"],
			Rule: initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 50, ThresholdPercent: 50}, Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		for _, org := range []string{"pantry", "library"} {
			if err := s.Vote(ctx, sys, p.id, pr.ID, o[org], initiative.ChoiceYes, ""); err != nil {
				t.Fatal(err)
			}
		}
		clock.Set(deadline.Add(time.Minute))
		wantConflict(t, s.Vote(ctx, sys, p.id, pr.ID, o["shelter"], initiative.ChoiceNo, ""), "deadline", "closed at")
		closed, err := s.Close(ctx, sys, p.id, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != initiative.OutcomePassed || closed.DecidedAt == nil || closed.DecidedAt.Before(deadline) {
			t.Fatalf("closed %s at %v, deadline %v", closed.Status, closed.DecidedAt, deadline)
		}
	})
}

// TestDecisionRecordsOfAnInitiative checks that a proposal is read and
// acted on only through its own initiative: through another, even one the
// actor runs, it is not found.
func TestDecisionRecordsOfAnInitiative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, sys := context.Background(), account.SystemActor("test")
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		other, err := s.Create(ctx, sys, initiative.Input{Name: "Other", BackboneOrganizationID: o["pantry"]})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := s.Propose(ctx, sys, p.id, initiative.ProposalInput{Title: "Share one intake form", ProposedBy: o["pantry"],
			Rule: initiative.Rule{Name: initiative.RuleConsent, QuorumPercent: 50}, Deadline: db.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		for name, do := range map[string]func() error{
			"read":     func() error { _, err := s.Proposal(ctx, sys, other.ID, pr.ID); return err },
			"vote":     func() error { return s.Vote(ctx, sys, other.ID, pr.ID, o["pantry"], initiative.ChoiceConsent, "") },
			"delegate": func() error { return s.Delegate(ctx, sys, other.ID, pr.ID, o["pantry"], o["library"]) },
			"comment":  func() error { _, err := s.Comment(ctx, sys, other.ID, pr.ID, o["pantry"], "Hello"); return err },
			"close":    func() error { _, err := s.Close(ctx, sys, other.ID, pr.ID); return err },
			"withdraw": func() error { return s.Withdraw(ctx, sys, other.ID, pr.ID) },
		} {
			if err := do(); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("%s through another initiative: %v", name, err)
			}
		}
		if log, _, err := s.DecisionLog(ctx, sys, other.ID); err != nil || len(log) != 0 {
			t.Errorf("another initiative's log: %v %d", err, len(log))
		}
	})
}
