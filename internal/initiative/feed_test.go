package initiative_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestFeedKind(t *testing.T) {
	for action, want := range map[string]string{
		"member": "member", "member_invite": "member", "member_leave": "member", "role": "member", "person_remove": "member",
		"responsibilities": "member", "compatibility": "member",
		"propose": "decision", "vote": "decision", "vote_change": "decision", "delegate": "decision", "comment": "decision",
		"decide": "decision", "withdraw": "decision", "decision_log": "decision",
		"agreement_add": "agreement", "agreement_sign": "agreement",
		"governance": "governance", "agenda_reorder": "governance",
		"activity_add": "activity", "activity_delete": "activity",
		"contribution_pledge": "contribution", "benefit_record": "contribution",
		"post_need": "contribution", "match_accepted": "contribution",
		"create": "other", "": "other",
	} {
		if got := initiative.FeedKind(action); got != want {
			t.Errorf("FeedKind(%q) = %q, want %q", action, got, want)
		}
	}
}

func TestFeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		accounts := account.NewStore(db)
		u, err := accounts.CreateUser(ctx, account.SystemActor("test"), account.NewUser{Email: "maria@example.org", Name: "Maria Lopez", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		// Maria speaks and acts for Samaritan House, which proposes and votes.
		if err := accounts.SetMembership(ctx, account.SystemActor("test"), u.ID, o["samaritan"], account.OrgAdmin); err != nil {
			t.Fatal(err)
		}
		maria := account.UserActor(u, "req-1")
		sys := account.SystemActor("test")
		mou, err := s.Propose(ctx, maria, p.id, initiative.ProposalInput{Title: "Adopt the data-sharing MOU", ProposedBy: o["samaritan"],
			Rule: initiative.Rule{Name: "consent", QuorumPercent: 50}, Deadline: db.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Vote(ctx, maria, p.id, mou.ID, o["samaritan"], "consent", ""); err != nil {
			t.Fatal(err)
		}

		// Agreements come from the other half of the initiative work; they
		// are written straight to the table here so this test does not
		// depend on that API. One is due for renewal, one is not yet, one
		// has ended, one has no reminder.
		now := db.Now()
		for _, a := range []struct {
			title string
			ends  time.Time
			days  int
		}{
			{"Data-sharing MOU", now.AddDate(0, 0, 10), 30},
			{"Referral agreement", now.AddDate(0, 3, 0), 30},
			{"Old MOU", now.AddDate(0, 0, -2), 30},
			{"Lease", now.AddDate(0, 0, 5), 0},
		} {
			if _, err := db.ExecContext(ctx, `INSERT INTO agreements (initiative_id, title, kind, effective_on, ends_on, renewal_reminder_days, created_at, updated_at)
				VALUES ($1, $2, 'mou', $3, $4, $5, $3, $3)`, p.id, a.title, now.AddDate(-1, 0, 0), a.ends, a.days); err != nil {
				t.Fatal(err)
			}
		}

		feed, err := s.Feed(ctx, sys, p.id, 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(feed) != 4 {
			t.Fatalf("feed has %d entries, want a renewal and 3 events: %+v", len(feed), feed)
		}
		if r := feed[0]; r.Kind != "agreement" || r.ID != 0 || r.AgreementID == 0 || !strings.Contains(r.Text, "“Data-sharing MOU” ends on") ||
			!strings.Contains(r.Text, "due for renewal") || r.At.After(now) {
			t.Fatalf("renewal entry %+v", r)
		}
		if e := feed[1]; e.Kind != "decision" || e.Who != "Maria Lopez" || e.Text != "Samaritan House voted consent on “Adopt the data-sharing MOU”" {
			t.Fatalf("newest event %+v", e)
		}
		if e := feed[2]; e.Kind != "decision" || !strings.HasPrefix(e.Text, "Samaritan House proposed") {
			t.Fatalf("second event %+v", e)
		}
		if e := feed[3]; e.Kind != "member" || e.Who != "test" {
			t.Fatalf("third event %+v", e)
		}

		// Paging back: no renewals again, older events only, down to the start.
		older, err := s.Feed(ctx, sys, p.id, 100, feed[3].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(older) != 5 { // the creation and four more members
			t.Fatalf("older page has %d entries: %+v", len(older), older)
		}
		for _, e := range older {
			if e.ID == 0 || e.ID >= feed[3].ID {
				t.Fatalf("older page holds %+v", e)
			}
		}
		if last := older[len(older)-1]; last.Kind != "other" || !strings.Contains(last.Text, "Aging Well") {
			t.Fatalf("the oldest entry %+v", last)
		}

		if other, err := s.Feed(ctx, sys, 9999, 10, 0); err != nil || len(other) != 0 {
			t.Fatalf("feed of an unknown initiative: %v %+v", err, other)
		}
		if _, err := s.Feed(ctx, maria, 9999, 10, 0); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("feed of an unknown initiative, to a person: %v", err)
		}
	})
}
