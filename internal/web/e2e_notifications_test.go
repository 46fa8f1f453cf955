package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/initiative"
	"backbone/internal/mail"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/mailpit"
)

// quietDemo dispatches what loading the demo made and forgets it, so that
// a test sees only the notifications its own steps make.
func (f *demoFixture) quietDemo(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for {
		n, err := f.a.Events.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	for _, q := range []string{`DELETE FROM notifications`, `DELETE FROM mail_outbox`} {
		if _, err := f.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// propose puts a proposal to the demo initiative as its coordinator.
func (f *demoFixture) propose(t *testing.T, title string, deadline time.Time) {
	t.Helper()
	ctx := context.Background()
	coordinator, err := f.a.Accounts.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		t.Fatal(err)
	}
	members, err := f.a.Initiatives.Members(ctx, f.res.InitiativeID)
	if err != nil {
		t.Fatal(err)
	}
	var backbone string
	for _, m := range members {
		if m.Role == "backbone" && m.Status == "active" {
			backbone = m.OrganizationID
		}
	}
	if _, err := f.a.Initiatives.Propose(ctx, account.UserActor(coordinator, ""), f.res.InitiativeID,
		initiative.ProposalInput{Title: title, ProposedBy: backbone, Deadline: deadline,
			Rule: initiative.Rule{Name: initiative.RuleConsent, QuorumPercent: 50}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Events.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserNotifications is a partner meeting their notifications in a
// real browser: the coordinator's proposal shows as an unread count and
// in the list, and arrived by e-mail (Mailpit) at once; opening it leads
// to the decision and clears the count; the partner gathers "proposals
// opened" in a weekly digest instead, which the schedule's digest sends;
// the digest's unsubscribe link, followed and confirmed, turns that kind
// off.
func TestBrowserNotifications(t *testing.T) {
	mp := mailpit.Start(t)
	b := browser.Start(t)
	f := newDemoFixture(t)
	base := f.a.URL
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := f.a.Mail.SaveServer(ctx, account.SystemActor("test"), mail.ServerInput{URL: mp.SMTPURL()}); err != nil {
		t.Fatal(err)
	}
	f.quietDemo(t)
	f.a.StartMail(ctx)
	f.propose(t, "Share one intake form", f.db.Now().Add(7*24*time.Hour))

	b.Go(base + "/login")
	b.Fill("#email", "partner@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	if !b.HasText("#unread-count", "1") {
		t.Fatalf("no unread count in the header: %q", b.Text("header"))
	}
	b.Click("a.bell")
	if !b.HasText("#notification-list", "Share one intake form") || !b.Exists("#notification-list li.unread") {
		t.Fatalf("the list: %q", b.Text("main"))
	}
	got := mp.WaitFor(t, "partner@example.org")
	if !strings.Contains(got.Subject, "Share one intake form") || !strings.Contains(got.Text, "/initiatives/") ||
		!strings.Contains(got.HTML, "Open it in Backbone") {
		t.Fatalf("the e-mail: %+v", got)
	}
	if u := got.Headers["List-Unsubscribe"]; len(u) != 0 {
		t.Errorf("a vote needed (required) has an unsubscribe header: %v", u)
	}
	b.Submit("#notification-list form button")
	if !strings.Contains(b.URL(), "/decisions") {
		t.Fatalf("Open led to %s", b.URL())
	}
	if b.Exists("#unread-count") {
		t.Errorf("the count stays after reading: %q", b.Text("#unread-count"))
	}

	// Proposals opened (to those who do not vote) and votes needed both
	// go to the weekly digest.
	b.Go(base + "/account/notifications")
	if b.Exists("#pref-vote_needed option[value=off]") {
		t.Error("a required kind offers Off")
	}
	b.Select("#pref-vote_needed", "weekly")
	b.Submit("form[action='/account/notifications'] button[type=submit]")
	if !b.HasText(".flash", "saved") || b.Value("#pref-vote_needed") != "weekly" {
		t.Fatalf("after saving: %q", b.Text("main"))
	}
	f.propose(t, "Meet monthly", f.db.Now().Add(7*24*time.Hour))
	if n, err := f.a.Notify.Digest(ctx, "weekly"); err != nil || n == 0 {
		t.Fatalf("weekly digest: %d, %v", n, err)
	}
	f.a.Mail.Wake()
	var digest mailpit.Message
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && digest.ID == "" {
		for _, m := range mp.Messages(t) {
			if strings.Contains(m.Subject, "weekly Backbone digest") {
				digest = mp.Message(t, m.ID)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if digest.ID == "" || !strings.Contains(digest.Text, "Meet monthly") ||
		!strings.Contains(digest.Text, "Votes needed") {
		t.Fatalf("the digest: %+v", digest)
	}
	unsub := digest.Headers["List-Unsubscribe"]
	if len(unsub) != 1 || len(digest.Headers["List-Unsubscribe-Post"]) != 1 {
		t.Fatalf("the digest's unsubscribe headers: %v", digest.Headers)
	}
	link, err := url.Parse(strings.Trim(unsub[0], "<>"))
	if err != nil {
		t.Fatal(err)
	}
	b.Go(base + link.Path + "?" + link.RawQuery)
	if !b.HasText("main", "Stop getting weekly digests") {
		t.Fatalf("the unsubscribe page: %q", b.Text("main"))
	}
	b.Submit("main form button[type=submit]")
	if !b.HasText("#unsubscribed", "no longer get weekly digests") {
		t.Fatalf("after unsubscribing: %q", b.Text("main"))
	}
	b.Go(base + "/account/notifications")
	if v := b.Value("#pref-milestone_reached"); v != "off" {
		t.Errorf("milestones (weekly by default) are %q after leaving the weekly digest", v)
	}
	if v := b.Value("#pref-vote_needed"); v != "weekly" {
		t.Errorf("a required kind changed to %q", v)
	}

	// The admin sees the schedule and the event queue on the Mail page.
	if _, err := f.a.Schedule.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	b.Submit("form[action='/logout'] button[type=submit]")
	b.Go(base + "/login")
	b.Fill("#email", "admin@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	b.Go(base + "/mail")
	if !b.HasText("#background", "Every change has been turned into the notifications it makes") ||
		!b.HasText("#schedule", "Weekly digest") || !b.HasText("#schedule", "not yet") {
		t.Fatalf("the background work: %q", b.Text("#background"))
	}
}
