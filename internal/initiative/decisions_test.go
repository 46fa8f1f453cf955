package initiative_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// partnership is an initiative with members in every role, for the
// decision, compatibility and feed tests.
type partnership struct {
	s    *initiative.Store
	id   int64
	orgs map[string]string // short name → organization id
}

// newPartnership makes "Aging Well", backed by Samaritan House, with the
// Food Pantry (core), the Public Library (supporting) and Harbor Shelter
// (core) voting, the Community Fund (funder) not voting, the Free Clinic
// invited, and the Riverside Church not a member at all.
func newPartnership(t *testing.T, db *store.DB) partnership {
	t.Helper()
	ctx := context.Background()
	sys := account.SystemActor("test")
	dir := directory.NewStore(db)
	p := partnership{s: initiative.NewStore(db), orgs: map[string]string{}}
	for short, name := range map[string]string{"samaritan": "Samaritan House", "pantry": "Food Pantry", "library": "Public Library",
		"shelter": "Harbor Shelter", "fund": "Community Fund", "clinic": "Free Clinic", "church": "Riverside Church"} {
		o, err := dir.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + " serves the county."})
		if err != nil {
			t.Fatal(err)
		}
		p.orgs[short] = o.ID
	}
	in, err := p.s.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: p.orgs["samaritan"]})
	if err != nil {
		t.Fatal(err)
	}
	p.id = in.ID
	for _, m := range []struct{ org, role, status string }{
		{"pantry", "core_partner", "active"}, {"library", "supporting_partner", "active"}, {"shelter", "core_partner", "active"},
		{"fund", "funder", "active"}, {"clinic", "core_partner", "invited"},
	} {
		if err := p.s.AddMember(ctx, sys, in.ID, p.orgs[m.org], m.role, m.status); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func wantField(t *testing.T, err error, field, mentions string) {
	t.Helper()
	var v *errs.ValidationError
	if !errors.As(err, &v) || v.Fields[field] == "" {
		t.Fatalf("got %v, want a message for %s", err, field)
	}
	if !strings.Contains(v.Fields[field], mentions) {
		t.Fatalf("message %q does not mention %q", v.Fields[field], mentions)
	}
}

func wantConflict(t *testing.T, err error, field, mentions string) {
	t.Helper()
	var c *errs.ConflictError
	if !errors.As(err, &c) || c.Field != field || !strings.Contains(c.Message, mentions) {
		t.Fatalf("got %v, want a conflict on %s mentioning %q", err, field, mentions)
	}
}

func TestDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		who := account.SystemActor("decider@example.org")
		accounts := account.NewStore(db)
		auditCount := func() int {
			evs, err := accounts.ListAudit(ctx, account.AuditFilter{EntityType: "initiative", Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		majority := initiative.Rule{Name: "majority", QuorumPercent: 50, ThresholdPercent: 50}
		deadline := db.Now().Add(48 * time.Hour).Truncate(time.Second)

		// Proposing: bad input is refused field by field.
		_, err := s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: " ", ProposedBy: o["pantry"], Rule: majority, Deadline: db.Now().Add(-time.Hour)})
		wantField(t, err, "title", "required")
		wantField(t, err, "deadline", "future")
		_, err = s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "X", ProposedBy: o["church"], Rule: majority, Deadline: deadline})
		wantField(t, err, "proposed_by", "not a member")
		_, err = s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "X", ProposedBy: o["pantry"], Deadline: deadline,
			Rule: initiative.Rule{Name: "lead_decides", LeadOrganizationID: o["fund"]}})
		wantField(t, err, "lead_organization_id", "does not vote")
		_, err = s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "X", ProposedBy: o["pantry"], Deadline: deadline, Rule: initiative.Rule{Name: "majority", ThresholdPercent: 10}})
		wantField(t, err, "threshold_percent", "between 50 and 100")
		if _, err := s.Propose(ctx, who, 9999, initiative.ProposalInput{Title: "X", ProposedBy: o["pantry"], Rule: majority, Deadline: deadline}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}

		mou, err := s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "Adopt the data-sharing MOU", Body: "As drafted.",
			ProposedBy: o["pantry"], Rule: majority, Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		if mou.Status != "open" || mou.ProposedByName != "Food Pantry" || mou.Rule != majority || !mou.Deadline.Equal(deadline) ||
			mou.Outcome == nil || mou.Outcome.Status != "pending" || mou.Outcome.Eligible != 4 {
			t.Fatalf("proposed %+v (outcome %+v)", mou, mou.Outcome)
		}

		// Voting: one vote counts per organization; voting again changes
		// it, and the history keeps both.
		clock := storetest.Clock(t, db)
		now := db.Now()
		if err := s.Vote(ctx, who, p.id, mou.ID, o["pantry"], "yes", ""); err != nil {
			t.Fatal(err)
		}
		clock.Set(now.Add(time.Hour))
		if err := s.Vote(ctx, who, p.id, mou.ID, o["pantry"], " NO ", "On reflection."); err != nil {
			t.Fatal(err)
		}
		clock.Set(now)
		changed, err := s.Proposal(ctx, who, p.id, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(changed.Votes) != 1 || changed.Votes[0].Choice != "no" || changed.Votes[0].Revision != 2 ||
			changed.Votes[0].CastAt.Before(now.Add(time.Hour)) || changed.Outcome.Counts["no"] != 1 || changed.Outcome.Counts["yes"] != 0 {
			t.Fatalf("the changed vote: %+v (outcome %+v)", changed.Votes, changed.Outcome)
		}
		if h := changed.VoteHistory; len(h) != 2 || h[0].Choice != "yes" || h[0].Revision != 1 || h[1].Choice != "no" ||
			h[1].Comment != "On reflection." || !h[0].CastAt.Before(h[1].CastAt) {
			t.Fatalf("vote history: %+v", h)
		}
		wantField(t, s.Vote(ctx, who, p.id, mou.ID, o["fund"], "yes", ""), "organization_id", "funder member, which does not vote")
		wantField(t, s.Vote(ctx, who, p.id, mou.ID, o["clinic"], "yes", ""), "organization_id", "not an active member")
		wantField(t, s.Vote(ctx, who, p.id, mou.ID, o["church"], "yes", ""), "organization_id", "not a member")
		wantField(t, s.Vote(ctx, who, p.id, mou.ID, o["shelter"], "agree", ""), "choice", "yes, no, abstain")
		before := auditCount()
		// Votes and closing take the time from the store's clock.
		clock.Set(deadline.Add(time.Minute))
		wantConflict(t, s.Vote(ctx, who, p.id, mou.ID, o["shelter"], "yes", ""), "deadline", "closed at")
		clock.Set(now)
		if err := s.Vote(ctx, who, p.id, 9999, o["shelter"], "yes", ""); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown proposal: %v", err)
		}

		// Delegation: the library gives its vote to Samaritan House.
		if err := s.Delegate(ctx, who, p.id, mou.ID, o["library"], o["samaritan"]); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, s.Vote(ctx, who, p.id, mou.ID, o["library"], "no", ""), "organization_id", "has given its vote")
		wantConflict(t, s.Delegate(ctx, who, p.id, mou.ID, o["shelter"], o["library"]), "to_organization_id", "no chains")
		wantConflict(t, s.Delegate(ctx, who, p.id, mou.ID, o["samaritan"], o["shelter"]), "from_organization_id", "no chains")
		wantConflict(t, s.Delegate(ctx, who, p.id, mou.ID, o["pantry"], o["shelter"]), "from_organization_id", "already voted")
		wantField(t, s.Delegate(ctx, who, p.id, mou.ID, o["shelter"], o["fund"]), "to_organization_id", "not an active voting member")
		if got := auditCount(); got != before+1 {
			t.Fatalf("refusals wrote to the audit log: %d events, want %d", got, before+1)
		}
		if err := s.Vote(ctx, who, p.id, mou.ID, o["samaritan"], "yes", "Ready to sign."); err != nil {
			t.Fatal(err)
		}

		// Comments: any active member, voting or not.
		if _, err := s.Comment(ctx, who, p.id, mou.ID, o["fund"], "We can fund the data steward."); err != nil {
			t.Fatal(err)
		}
		_, err = s.Comment(ctx, who, p.id, mou.ID, o["fund"], "  ")
		wantField(t, err, "body", "required")
		_, err = s.Comment(ctx, who, p.id, mou.ID, o["church"], "Hello")
		wantField(t, err, "organization_id", "not a member")

		got, err := s.Proposal(ctx, who, p.id, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Votes) != 2 || len(got.Delegations) != 1 || len(got.Comments) != 1 {
			t.Fatalf("proposal has %d votes, %d delegations, %d comments", len(got.Votes), len(got.Delegations), len(got.Comments))
		}
		if v := got.Votes[0]; v.OrganizationName != "Food Pantry" || v.Choice != "no" || v.Revision != 2 || v.Comment != "On reflection." {
			t.Fatalf("vote %+v", v)
		}
		if d := got.Delegations[0]; d.FromOrganizationName != "Public Library" || d.ToOrganizationName != "Samaritan House" {
			t.Fatalf("delegation %+v", d)
		}
		if c := got.Comments[0]; c.OrganizationName != "Community Fund" || c.Actor != "decider@example.org" {
			t.Fatalf("comment %+v", c)
		}
		if got.Outcome.Status != "pending" || got.Outcome.Leaning != "passed" || got.Outcome.Participated != 3 {
			t.Fatalf("outcome so far %+v", got.Outcome)
		}

		// Closing: refused while open and not everyone has voted.
		_, err = s.Close(ctx, who, p.id, mou.ID)
		wantConflict(t, err, "deadline", "1 of 4 voting members have not voted")
		clock.Set(deadline.Add(time.Hour))
		closed, err := s.Close(ctx, who, p.id, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := "3 of 4 voting members took part (quorum 50%: 2 needed); 2 yes, 1 no: passed with 67% yes (threshold 50%)"
		if closed.Status != "passed" || closed.DecidedAt == nil || len(closed.OutcomeReasons) == 0 || closed.OutcomeReasons[0] != want {
			t.Fatalf("closed %s at %v: %q", closed.Status, closed.DecidedAt, closed.OutcomeReasons)
		}
		wantConflict(t, s.Vote(ctx, who, p.id, mou.ID, o["shelter"], "yes", ""), "status", "is closed (passed)")
		_, err = s.Close(ctx, who, p.id, mou.ID)
		wantConflict(t, err, "status", "closed")
		wantConflict(t, s.Withdraw(ctx, who, p.id, mou.ID), "status", "closed")
		clock.Set(now)

		// Consensus, closed early once everyone has voted.
		hours, err := s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "Open on Saturdays", ProposedBy: o["samaritan"],
			Rule: initiative.Rule{Name: "consensus", QuorumPercent: 75}, Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		for org, choice := range map[string]string{"samaritan": "agree", "pantry": "agree", "library": "stand_aside", "shelter": "block"} {
			if err := s.Vote(ctx, who, p.id, hours.ID, o[org], choice, ""); err != nil {
				t.Fatal(err)
			}
		}
		closed, err = s.Close(ctx, who, p.id, hours.ID)
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != "failed" || !strings.Contains(closed.OutcomeReasons[0], "blocked by Harbor Shelter") {
			t.Fatalf("consensus %s: %q", closed.Status, closed.OutcomeReasons)
		}

		// Withdrawing.
		logo, err := s.Propose(ctx, who, p.id, initiative.ProposalInput{Title: "A new logo", ProposedBy: o["fund"], Rule: majority, Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Withdraw(ctx, who, p.id, logo.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.Comment(ctx, who, p.id, logo.ID, o["fund"], "Too late")
		wantConflict(t, err, "status", "withdrawn")

		all, err := s.Proposals(ctx, who, p.id)
		if err != nil || len(all) != 3 {
			t.Fatalf("proposals: %v %d", err, len(all))
		}
		log, _, err := s.DecisionLog(ctx, who, p.id)
		if err != nil || len(log) != 3 {
			t.Fatalf("decision log: %v %d", err, len(log))
		}
		// The MOU was closed an hour after its deadline, two days from now:
		// the newest decision.
		if log[0].ID != mou.ID || log[0].Outcome == nil || log[0].Outcome.Counts["yes"] != 2 || log[1].Status != "withdrawn" || log[2].ID != hours.ID {
			t.Fatalf("decision log order: %s, %s, %s", log[0].Title, log[1].Title, log[2].Title)
		}
		if len(log[0].Votes) != 0 {
			t.Fatal("the log loads votes")
		}

		// The decision log is private until the initiative chooses otherwise.
		if public, err := s.DecisionLogPublic(ctx, who, p.id); err != nil || public {
			t.Fatalf("public by default: %v %v", public, err)
		}
		if err := s.SetDecisionLogPublic(ctx, who, p.id, true); err != nil {
			t.Fatal(err)
		}
		if public, err := s.DecisionLogPublic(ctx, who, p.id); err != nil || !public {
			t.Fatalf("not made public: %v %v", public, err)
		}
		if _, err := s.DecisionLogPublic(ctx, who, 9999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}

		// The audit log tells the story in plain words.
		evs, err := accounts.ListAudit(ctx, account.AuditFilter{EntityType: "initiative", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var text []string
		for _, e := range evs {
			text = append(text, e.Summary)
		}
		story := strings.Join(text, "\n")
		for _, s := range []string{
			"Food Pantry proposed “Adopt the data-sharing MOU” in Aging Well, to be decided by majority of 50% (quorum 50%)",
			"Food Pantry voted yes on “Adopt the data-sharing MOU”",
			"Food Pantry changed its vote on “Adopt the data-sharing MOU” from yes to no",
			"Public Library gave its vote on “Adopt the data-sharing MOU” to Samaritan House",
			"Samaritan House voted yes on “Adopt the data-sharing MOU” (also for Public Library, as delegate)",
			"Community Fund commented on “Adopt the data-sharing MOU”",
			"“Adopt the data-sharing MOU” passed: 3 of 4 voting members took part",
			"“Open on Saturdays” failed: ",
			"withdrew the proposal “A new logo”",
			"made the decision log of Aging Well public",
		} {
			if !strings.Contains(story, s) {
				t.Errorf("the audit log does not say %q:\n%s", s, story)
			}
		}
		if _, err := s.Proposal(ctx, who, p.id, 9999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown proposal: %v", err)
		}
	})
}
