package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/errs"
	"backbone/internal/events"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/network"
	"backbone/internal/notify"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type world struct {
	db          *store.DB
	accounts    *account.Store
	notes       *notify.Store
	dispatcher  *events.Dispatcher
	initiatives *initiative.Store
	iniID       int64
	coordinator *account.User
	partner     *account.User
}

// newWorld loads the demo community and dispatches what loading it made,
// so that a test starts from a quiet state.
func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Load(ctx, db, account.WithPasswordCost(account.TestPasswordCost))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, accounts: account.NewStore(db), initiatives: initiative.NewStore(db), iniID: res.InitiativeID}
	w.notes = notify.NewStore(db, w.accounts, "https://backbone.example.org", time.UTC)
	w.dispatcher = events.NewDispatcher(db, quiet)
	w.dispatcher.Handle("notifications", w.notes.HandleEvent)
	w.dispatch(t)
	if _, err := db.ExecContext(ctx, `DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM mail_outbox`); err != nil {
		t.Fatal(err)
	}
	if w.coordinator, err = w.accounts.UserByEmail(ctx, "coordinator@example.org"); err != nil {
		t.Fatal(err)
	}
	if w.partner, err = w.accounts.UserByEmail(ctx, "partner@example.org"); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) dispatch(t *testing.T) {
	t.Helper()
	for {
		n, err := w.dispatcher.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (w *world) mails(t *testing.T, to, kind string) []string {
	t.Helper()
	rows, err := w.db.QueryContext(context.Background(), `SELECT subject FROM mail_outbox
		WHERE to_address = $1 AND kind = $2 ORDER BY id`, to, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func (w *world) propose(t *testing.T, title string, deadline time.Time) {
	t.Helper()
	members, err := w.initiatives.Members(context.Background(), w.iniID)
	if err != nil {
		t.Fatal(err)
	}
	var backbone string
	for _, m := range members {
		if m.Role == "backbone" && m.Status == "active" {
			backbone = m.OrganizationID
		}
	}
	_, err = w.initiatives.Propose(context.Background(), account.UserActor(w.coordinator, ""), w.iniID,
		initiative.ProposalInput{Title: title, ProposedBy: backbone,
			Rule: initiative.Rule{Name: initiative.RuleConsent, QuorumPercent: 50}, Deadline: deadline})
	if err != nil {
		t.Fatal(err)
	}
}

// TestProposalNotifiesByChoice: a proposal tells the voters a vote is
// needed, by e-mail at once (the kind's default), and not its proposer; a
// person who chose the daily digest gets it in the digest, once.
func TestProposalNotifiesByChoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		w.propose(t, "Share one intake form", db.Now().Add(7*24*time.Hour))
		w.dispatch(t)
		partner := account.UserActor(w.partner, "")
		list, err := w.notes.List(ctx, partner, false, 0, 0)
		if err != nil || len(list) != 1 || list[0].Kind != notify.KindVoteNeeded ||
			!strings.Contains(list[0].Subject, "Share one intake form") || list[0].MailedAt == nil {
			t.Fatalf("partner's notifications = %+v, %v", list, err)
		}
		if got := w.mails(t, "partner@example.org", "notification"); len(got) != 1 {
			t.Errorf("partner got %d e-mails at once, want 1: %q", len(got), got)
		}
		if mine, _ := w.notes.List(ctx, account.UserActor(w.coordinator, ""), false, 0, 0); len(mine) != 0 {
			t.Errorf("the proposer is told of their own proposal: %+v", mine)
		}
		var unsub string
		_ = db.QueryRowContext(ctx, `SELECT list_unsubscribe FROM mail_outbox WHERE to_address = 'partner@example.org'`).
			Scan(&unsub)
		if unsub != "" {
			t.Errorf("a required kind (votes needed) offers an unsubscribe link: %s", unsub)
		}

		// Votes needed cannot be turned off; a digest is allowed.
		err = w.notes.SetPreferences(ctx, partner, map[string]notify.Delivery{notify.KindVoteNeeded: notify.Off})
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields[notify.KindVoteNeeded] == "" {
			t.Fatalf("turning off a required kind: %v", err)
		}
		if err := w.notes.SetPreferences(ctx, partner, map[string]notify.Delivery{
			notify.KindVoteNeeded: notify.Daily, notify.KindProposalOpened: notify.Off}); err != nil {
			t.Fatal(err)
		}
		w.propose(t, "Meet monthly", db.Now().Add(7*24*time.Hour))
		w.dispatch(t)
		if got := w.mails(t, "partner@example.org", "notification"); len(got) != 1 {
			t.Errorf("a daily-digest choice still mailed at once: %q", got)
		}
		if n, _ := w.notes.Unread(ctx, partner); n != 2 {
			t.Errorf("unread = %d, want 2", n)
		}
		sent, err := w.notes.Digest(ctx, notify.Daily)
		if err != nil || sent < 1 {
			t.Fatalf("Digest = %d, %v", sent, err)
		}
		digests := w.mails(t, "partner@example.org", "digest")
		if len(digests) != 1 || !strings.Contains(digests[0], "1 update") {
			t.Errorf("partner's digests = %q", digests)
		}
		// A second run sends nothing more.
		if again, err := w.notes.Digest(ctx, notify.Daily); err != nil || again != 0 {
			t.Errorf("second digest run = %d, %v", again, err)
		}
		if n, err := w.notes.MarkRead(ctx, partner, nil); err != nil || n != 2 {
			t.Errorf("MarkRead = %d, %v", n, err)
		}
		// Another person's notifications are not theirs to mark.
		other, _ := w.notes.List(ctx, partner, false, 0, 0)
		if n, _ := w.notes.MarkRead(ctx, account.UserActor(w.coordinator, ""), []int64{other[0].ID}); n != 0 {
			t.Errorf("marked another person's notification")
		}
	})
}

// TestUnsubscribeLink: the link in a notification turns its kind off for
// its person only; a forged or required one is refused.
func TestUnsubscribeLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		link, err := w.notes.UnsubscribeURL(ctx, db, w.partner.ID, notify.KindMilestone)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(link, "https://backbone.example.org/notifications/unsubscribe?") {
			t.Fatalf("link = %s", link)
		}
		q := strings.SplitN(link, "?", 2)[1]
		params := map[string]string{}
		for _, kv := range strings.Split(q, "&") {
			k, v, _ := strings.Cut(kv, "=")
			params[k] = v
		}
		forged := "0" + params["s"][1:]
		if params["s"][0] == '0' {
			forged = "1" + params["s"][1:]
		}
		if _, err := w.notes.Unsubscribe(ctx, params["u"], params["k"], forged); !errors.Is(err,
			notify.ErrBadUnsubscribe) {
			t.Errorf("a forged signature: %v", err)
		}
		if _, err := w.notes.Unsubscribe(ctx, "1", params["k"], params["s"]); !errors.Is(err, notify.ErrBadUnsubscribe) {
			t.Errorf("another person's id with this signature: %v", err)
		}
		if _, err := w.notes.Unsubscribe(ctx, params["u"], params["k"], params["s"]); err != nil {
			t.Fatal(err)
		}
		prefs, _ := w.notes.Preferences(ctx, account.UserActor(w.partner, ""))
		for _, p := range prefs {
			if p.Name == notify.KindMilestone && p.Delivery != notify.Off {
				t.Errorf("milestones still %s", p.Delivery)
			}
		}
	})
}

// TestRemindersOnce: the daily scan tells the voters of a proposal that
// closes within two days, once however often it runs, and the partner of
// its late reports.
func TestRemindersOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		w.propose(t, "Close soon", db.Now().Add(30*time.Hour))
		if _, err := db.ExecContext(ctx, `DELETE FROM event_pending`); err != nil {
			t.Fatal(err)
		}
		reports := measure.NewStore(db)
		n, err := w.notes.Remind(ctx, reports)
		if err != nil || n == 0 {
			t.Fatalf("Remind = %d, %v", n, err)
		}
		again, err := w.notes.Remind(ctx, reports)
		if err != nil || again != 0 {
			t.Errorf("a second scan gave %d more, %v", again, err)
		}
		list, _ := w.notes.List(ctx, account.UserActor(w.partner, ""), false, 0, 0)
		kinds := map[string]int{}
		for _, l := range list {
			kinds[l.Kind]++
		}
		if kinds[notify.KindVoteNeeded] != 1 {
			t.Errorf("partner's reminders by kind: %v (want one vote needed)", kinds)
		}
		t.Logf("partner's reminders: %v", kinds)
	})
}

// TestRoleGivenToExistingAccount: a person with an account who is made
// staff of an organization is told, by e-mail at once (invitations cannot
// be turned off).
func TestRoleGivenToExistingAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		ms, err := w.accounts.MembershipsOf(ctx, w.coordinator.ID)
		if err != nil || len(ms) == 0 {
			t.Fatalf("coordinator's memberships: %v, %v", ms, err)
		}
		if _, err := w.accounts.SetOrganizationRole(ctx, account.SystemActor("cli"), ms[0].OrganizationID,
			"partner@example.org", account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		w.dispatch(t)
		list, _ := w.notes.List(ctx, account.UserActor(w.partner, ""), false, 0, 0)
		if len(list) != 1 || list[0].Kind != notify.KindInvitation || !strings.Contains(list[0].Subject, "staff of") ||
			list[0].Link != "/organizations/"+ms[0].OrganizationID {
			t.Fatalf("partner's notifications: %+v", list)
		}
		if got := w.mails(t, "partner@example.org", "notification"); len(got) != 1 {
			t.Errorf("e-mails: %q", got)
		}
	})
}

// TestSurveyLinksByEmail: opening a survey e-mails each organization with
// an address in the directory its own link, in the same transaction; the
// links say where each went.
func TestSurveyLinksByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		members, err := w.initiatives.Members(ctx, w.iniID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range members {
			if m.Status == "active" {
				ids = append(ids, m.OrganizationID)
			}
		}
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET email = 'intake@samaritanhouse.example.org'
			WHERE id = $1`, ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET email = '' WHERE id = $1`, ids[1]); err != nil {
			t.Fatal(err)
		}
		nets := network.NewStore(db)
		nets.WithSurveyMail(w.notes.SurveyMailer())
		_, links, err := nets.CreateWave(ctx, account.UserActor(w.coordinator, ""), network.WaveInput{
			Name: "Winter check", InitiativeID: w.iniID, OrganizationIDs: ids[:2], ClosesAt: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		sent := map[string]string{}
		for _, l := range links {
			sent[l.OrganizationID] = l.EmailedTo
		}
		if sent[ids[0]] != "intake@samaritanhouse.example.org" || sent[ids[1]] != "" {
			t.Fatalf("links went to %v", sent)
		}
		var text string
		if err := db.QueryRowContext(ctx, `SELECT text_body FROM mail_outbox WHERE kind = 'survey'
			AND to_address = 'intake@samaritanhouse.example.org'`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "https://backbone.example.org/survey/") ||
			!strings.Contains(text, "Thursday 31 December 2026") {
			t.Errorf("the survey e-mail: %s", text)
		}
	})
}

// TestMeetingNotesStayInTheApp: a meeting scheduled tells its invitees in
// the app only (their calendar invitation is the e-mail), and no digest
// carries it.
func TestMeetingNotesStayInTheApp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			return account.Record(ctx, tx, account.UserActor(w.coordinator, ""), account.Event{At: db.Now(),
				Action: "meeting_scheduled", EntityType: "initiative", EntityID: fmt.Sprint(w.iniID),
				Summary: "scheduled the check-in “Partners” on Tue 5 Jan 2027, 10:00 UTC",
				After:   map[string]any{"meeting_id": 7, "user_ids": []int64{w.partner.ID}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		w.dispatch(t)
		list, _ := w.notes.List(ctx, account.UserActor(w.partner, ""), false, 0, 0)
		if len(list) != 1 || list[0].Kind != notify.KindMeeting || list[0].MailedAt == nil ||
			list[0].Link != fmt.Sprintf("/initiatives/%d/meetings/7", w.iniID) {
			t.Fatalf("partner's notifications: %+v", list)
		}
		if got := w.mails(t, "partner@example.org", "notification"); len(got) != 0 {
			t.Errorf("a meeting notification was e-mailed: %q", got)
		}
		if n, _ := w.notes.Digest(ctx, notify.Weekly); n != 0 {
			t.Errorf("a digest carried it")
		}
		err = w.notes.SetPreferences(ctx, account.UserActor(w.partner, ""),
			map[string]notify.Delivery{notify.KindMeeting: notify.Daily})
		if err == nil {
			t.Error("a choice for meetings, which are in the app only, was taken")
		}
	})
}
