package web_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/mail"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/mailpit"
	"backbone/internal/testutil/storetest"
	"backbone/internal/testutil/wait"
)

// TestBrowserCheckIn is the path of a check-in in a real browser: the
// coordinator (backbone staff) schedules a monthly check-in inviting
// Samaritan House; the partner receives the invitation in Mailpit, with
// its invite.ics, follows the private link and accepts without signing
// in; the coordinator marks attendance and adds an action item, which
// appears among the initiative's activities; the partner's weekly digest,
// sent by the schedule on Monday morning, carries the minutes and the
// action, and the meeting is among their notifications (its e-mail is the
// invitation alone).
func TestBrowserCheckIn(t *testing.T) {
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
	var partnerOrg string
	if err := f.a.DB.QueryRowContext(ctx, `SELECT id FROM organizations WHERE name = 'Samaritan House'`).
		Scan(&partnerOrg); err != nil {
		t.Fatal(err)
	}
	meetings := fmt.Sprintf("%s/initiatives/%d/meetings", base, f.res.InitiativeID)
	signIn := func(email string) {
		b.Go(base + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}

	signIn("coordinator@example.org")
	b.Go(meetings)
	if !b.HasText("#history", "Monthly partner meeting") {
		t.Fatalf("the demo's check-in history: %q", b.Text("main"))
	}
	b.Click("a[href$='/meetings/new']")
	b.WaitVisible("#meeting-form")
	if b.Value("#repeat") != "monthly" {
		t.Errorf("the repeat is %q, not governance's monthly cadence", b.Value("#repeat"))
	}
	first := f.a.DB.Now().AddDate(0, 0, -7)
	b.Fill("#title", "Partners' check-in")
	b.Fill("#date", first.Format(time.DateOnly))
	b.Fill("#time", "10:00")
	b.Fill("#place", "Library, room 2")
	var unchecked string
	b.Eval(`(() => { document.querySelectorAll('input[name=organizations]').forEach(c => c.checked = false);
		return 'ok'; })()`, &unchecked)
	b.Check(fmt.Sprintf("input[name=organizations][value=%q]", partnerOrg))
	b.Submit("#meeting-form button[type=submit]")
	if !b.HasText(".flash-success", "is scheduled") || !b.HasText("#meeting-schedule", "Every month on the") ||
		!b.HasText("#invitees", "Samaritan House") || !b.HasText("#invitees", "partner@example.org") {
		t.Fatalf("after scheduling: %q", b.Text("main"))
	}
	meetingPage := b.URL()
	b.Submit("form[action='/logout'] button")

	// The partner's invitation arrives, with the calendar file.
	var got mailpit.Message
	arrived := wait.Until(15*time.Second, 100*time.Millisecond, func() bool {
		for _, m := range mp.Messages(t) {
			if strings.HasPrefix(m.Subject, "Invitation: Partners' check-in") && len(m.To) == 1 &&
				m.To[0].Address == "partner@example.org" {
				got = mp.Message(t, m.ID)
				return true
			}
		}
		return false
	})
	if !arrived {
		t.Fatalf("no invitation for the partner in Mailpit")
	}
	hasICS := false
	for _, a := range got.Attachments {
		hasICS = hasICS || a.FileName == "invite.ics"
	}
	if !hasICS || !strings.Contains(mp.Raw(t, got.ID), "text/calendar; method=REQUEST") {
		t.Errorf("the invitation has no calendar: %+v", got.Attachments)
	}
	link := regexp.MustCompile(`http://\S+/meetings/rsvp/[A-Za-z0-9_-]+`).FindString(got.Text)
	if link == "" {
		t.Fatalf("no RSVP link in %q", got.Text)
	}
	b.Go(link)
	if !b.HasText("h1", "Partners' check-in") || !b.HasText("#rsvp-answer", "not given yet") {
		t.Fatalf("the RSVP page: %q", b.Text("main"))
	}
	b.Submit("#rsvp-accept")
	if !b.HasText("#rsvp-done", "you accepted") || !b.HasText("#rsvp-answer", "accepted") {
		t.Fatalf("after accepting: %q", b.Text("main"))
	}

	// The coordinator records last week's meeting.
	signIn("coordinator@example.org")
	b.Go(meetingPage)
	if !b.HasText("#invitees", "Accepted") {
		t.Errorf("the partner's answer is not shown: %q", b.Text("#invitees"))
	}
	var checked string
	b.Eval(`(() => { document.querySelectorAll('#attendance-form input[value=present]').forEach(r => r.checked = true);
		return 'ok'; })()`, &checked)
	b.Submit("#attendance-form button[type=submit]")
	if !b.HasText(".flash-success", "Attendance recorded") || !b.HasText("#attendance-rate", "1 of 1 present") {
		t.Fatalf("after attendance: %q", b.Text("main"))
	}
	b.Fill("#minutes", "Agreed to share the intake form.")
	b.Submit("#minutes-form button[type=submit]")
	b.Fill("#action-title", "Share the intake form with the clinics")
	b.Select("#action-org", partnerOrg)
	b.Fill("#action-owner", "Demo Partner")
	b.Fill("#action-due", first.AddDate(0, 1, 0).Format(time.DateOnly))
	b.Submit("#action-form button[type=submit]")
	if !b.HasText("#actions", "Share the intake form with the clinics") {
		t.Fatalf("after the action: %q", b.Text("main"))
	}
	b.Click("#actions a")
	b.WaitVisible("main")
	if !b.HasText("main", "Share the intake form with the clinics") {
		t.Fatalf("the activity is not on the work page: %q", b.Text("main"))
	}
	b.Go(meetings)
	if !b.HasText("#history", "Share the intake form with the clinics") || !b.HasText("#history", "100%") {
		t.Fatalf("the check-in history: %q", b.Text("#history"))
	}

	// The changes become notifications; on Monday at 07:00 the schedule
	// sends the weekly digest.
	for {
		n, err := f.a.Events.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if _, err := f.a.Schedule.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	now := f.a.DB.Now()
	monday := time.Date(now.Year(), now.Month(), now.Day(), 7, 1, 0, 0, time.UTC)
	for monday.Weekday() != time.Monday || !monday.After(now) {
		monday = monday.AddDate(0, 0, 1)
	}
	storetest.Clock(t, f.db).Set(monday)
	ran, err := f.a.Schedule.RunDue(ctx)
	if err != nil || !slices.Contains(ran, "notify-digest-weekly") {
		t.Fatalf("the schedule ran %v, %v", ran, err)
	}
	f.a.Mail.Wake()
	var digest mailpit.Message
	if !wait.Until(15*time.Second, 100*time.Millisecond, func() bool {
		for _, m := range mp.Messages(t) {
			if strings.Contains(m.Subject, "weekly Backbone digest") && m.To[0].Address == "partner@example.org" {
				digest = mp.Message(t, m.ID)
				return true
			}
		}
		return false
	}) {
		t.Fatal("no weekly digest for the partner")
	}
	if !strings.Contains(digest.Text, "Minutes and actions") ||
		!strings.Contains(digest.Text, "Share the intake form with the clinics") ||
		!strings.Contains(digest.Text, "wrote the minutes") {
		t.Errorf("the digest: %s", digest.Text)
	}
	invitations := 0
	for _, m := range mp.Messages(t) {
		if strings.Contains(m.Subject, "Partners' check-in") && m.To[0].Address == "partner@example.org" {
			invitations++
		}
	}
	if invitations != 1 {
		t.Errorf("the partner got %d e-mails about the check-in, want the invitation alone", invitations)
	}
	b.Submit("form[action='/logout'] button")
	signIn("partner@example.org")
	b.Go(base + "/notifications")
	if !b.HasText("#notification-list", "scheduled the check-in") {
		t.Errorf("the partner's notifications: %q", b.Text("#notification-list"))
	}
	b.Submit("form[action='/logout'] button")
	signIn("coordinator@example.org")
	// Each page suits a laptop and a phone.
	b.WatchConsole()
	for _, page := range []string{meetings, meetingPage, meetings + "/new", meetingPage + "/edit", link} {
		for _, size := range [][2]int{{desktopWidth, desktopHeight}, {phoneWidth, phoneHeight}} {
			b.Resize(size[0], size[1])
			b.Go(page)
			var c pageCheck
			b.Eval(measureJS, &c)
			checkPage(t, fmt.Sprintf("%s at %d px", strings.TrimPrefix(page, base), size[0]), c)
		}
	}
	for _, e := range b.ConsoleErrors() {
		t.Errorf("the browser reports %s", e)
	}
}

// TestBrowserSkipOneMeeting: the coordinator calls off the next meeting of
// the demo's monthly check-in with a reason, sees it struck through among
// the meetings to come, while everyone invited is sent the changed
// invitation; then restores it.
func TestBrowserSkipOneMeeting(t *testing.T) {
	b := browser.Start(t)
	f := newDemoFixture(t)
	ctx := context.Background()
	var id int64
	if err := f.db.QueryRowContext(ctx, `SELECT id FROM meetings WHERE initiative_id = $1 AND rrule <> ''
		ORDER BY id LIMIT 1`, f.res.InitiativeID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	b.Go(f.a.URL + "/login")
	b.Fill("#email", "coordinator@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")
	b.Go(fmt.Sprintf("%s/initiatives/%d/meetings/%d", f.a.URL, f.res.InitiativeID, id))
	next := b.Text("#meetings-to-come li:first-child .nowrap")
	if next == "" || b.Text("#meeting-next") != next {
		t.Fatalf("the next meeting %q, the first to come %q", b.Text("#meeting-next"), next)
	}
	b.Fill("#meetings-to-come li:first-child input[name=reason]", "Winter holiday")
	b.Submit("#meetings-to-come li:first-child button[type=submit]")
	if !b.HasText(".flash-success", "is called off") || !b.HasText("#meetings-to-come li.skipped", next) ||
		!b.HasText("#meetings-to-come li.skipped", "Winter holiday") || b.Text("#meeting-next") == next {
		t.Fatalf("after calling it off: %q", b.Text("main"))
	}
	var sent int
	if err := f.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Not taking place:%'`).
		Scan(&sent); err != nil || sent == 0 {
		t.Fatalf("%d changed invitations queued (%v)", sent, err)
	}
	b.Submit("#meetings-to-come li.skipped button[type=submit]")
	if !b.HasText(".flash-success", "takes place after all") || b.Exists("#meetings-to-come li.skipped") ||
		b.Text("#meeting-next") != next {
		t.Fatalf("after restoring: %q", b.Text("main"))
	}
}
