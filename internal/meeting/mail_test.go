package meeting_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/mail"
	"backbone/internal/meeting"
	"backbone/internal/store"
	"backbone/internal/testutil/filetest"
	"backbone/internal/testutil/mailpit"
	"backbone/internal/testutil/storetest"
)

// TestInvitationArrives sends a check-in's invitations through a real SMTP
// server (Mailpit): the partner's message has the text and HTML parts, the
// invitation as a text/calendar alternative with its method, and
// invite.ics attached, which python3-icalendar reads.
func TestInvitationArrives(t *testing.T) {
	mp := mailpit.Start(t)
	db := storetest.SQLite(t)
	ctx := context.Background()
	c := newCast(t, db)
	m, err := c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Title: "Monthly partners", Start: "2027-01-05T10:00",
		Repeat: "monthly", Organizations: []string{c.pantry}, VideoURL: "https://meet.example.org/partners"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := mail.NewOutbox(db, account.NewStore(db), mail.Options{SMTPURL: mp.SMTPURL(),
		MailFrom: "Backbone <backbone@example.org>", Site: "http://backbone.test"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := mail.NewWorker(o, slog.New(slog.NewTextHandler(io.Discard, nil))).RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("RunOnce = %d, %v", n, err)
	}
	got := mp.WaitFor(t, "partner@example.org")
	if got.Subject != "Invitation: Monthly partners, Tue 5 Jan 2027, 10:00 PST" {
		t.Errorf("subject %q", got.Subject)
	}
	if !strings.Contains(got.Text, "http://backbone.test/meetings/rsvp/") ||
		!strings.Contains(got.HTML, "Accept or decline") {
		t.Errorf("parts: %q\n%q", got.Text, got.HTML)
	}
	raw := mp.Raw(t, got.ID)
	for _, want := range []string{"Content-Type: multipart/mixed;", "Content-Type: multipart/alternative;",
		"Content-Type: text/calendar; method=REQUEST; charset=utf-8",
		`Content-Type: application/ics; name=invite.ics`, `Content-Disposition: attachment; filename=invite.ics`} {
		if !strings.Contains(raw, want) {
			t.Errorf("the message lacks %q:\n%s", want, raw)
		}
	}
	var ics []byte
	for _, a := range got.Attachments {
		if a.FileName == "invite.ics" {
			ics = mp.Part(t, got.ID, a.PartID)
		}
	}
	if ics == nil {
		t.Fatalf("no invite.ics among %+v", got.Attachments)
	}
	if !strings.Contains(string(ics), "METHOD:REQUEST\r\n") {
		t.Errorf("invite.ics:\n%s", ics)
	}
	cal := filetest.ReadICS(t, ics)
	if len(cal.Events) != 1 || cal.Events[0].UID != meeting.UID(m) || cal.Events[0].Start != "2027-01-05T10:00:00-08:00" {
		t.Errorf("python3-icalendar read %+v", cal)
	}
}

// TestSkipOneOccurrence: staff call off February's check-in of a monthly
// series; the series goes on without it (its occurrences, its next
// meeting), the invitees get the changed invitation whose calendar leaves
// that day out (EXDATE, read by python3-icalendar), and restoring it puts
// it back. A past or unknown time, a one-off meeting and a second skip
// are refused.
func TestSkipOneOccurrence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCast(t, db)
		m, err := c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Title: "Monthly partners",
			Start: "2027-01-05T10:00", Repeat: "monthly", Organizations: []string{c.pantry}})
		if err != nil {
			t.Fatal(err)
		}
		feb := time.Date(2027, 2, 2, 18, 0, 0, 0, time.UTC) // 10:00 in Los Angeles
		if _, err := c.meetings.SkipOne(ctx, c.partner, c.id, m.ID, feb, "holiday"); err == nil {
			t.Fatal("a partner skipped a meeting")
		}
		if _, err := c.meetings.SkipOne(ctx, c.staff, c.id, m.ID, feb.Add(time.Hour), ""); err == nil ||
			!strings.Contains(err.Error(), "is not a time this meeting meets") {
			t.Fatalf("an unknown time: %v", err)
		}
		before := len(outbox(t, db))
		skipped, err := c.meetings.SkipOne(ctx, c.staff, c.id, m.ID, feb, "Lunar New Year")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.meetings.SkipOne(ctx, c.staff, c.id, m.ID, feb, ""); err == nil {
			t.Error("skipped twice")
		}
		got := meeting.Occurrences(skipped, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC), 0)
		var days []string
		for _, o := range got {
			days = append(days, o.Format("2006-01-02"))
		}
		if strings.Join(days, " ") != "2027-01-05 2027-03-02" || skipped.Sequence != m.Sequence+1 {
			t.Fatalf("after the skip: %v, sequence %d", days, skipped.Sequence)
		}
		mails := outbox(t, db)[before:]
		if len(mails) != 1 || mails[0].to != "partner@example.org" ||
			mails[0].subject != "Not taking place: Monthly partners, Tue 2 Feb 2027, 10:00 PST" ||
			!strings.Contains(mails[0].text, "will not take place: Lunar New Year") {
			t.Fatalf("the skip's mail: %+v", mails)
		}
		cal := filetest.ReadICS(t, []byte(mails[0].ics))
		if len(cal.Events) != 1 || strings.Join(cal.Events[0].ExDates, " ") != "2027-02-02T10:00:00-08:00" {
			t.Errorf("python3-icalendar read %+v", cal.Events)
		}
		restored, err := c.meetings.RestoreOne(ctx, c.staff, c.id, m.ID, feb)
		if err != nil {
			t.Fatal(err)
		}
		if len(restored.Skipped) != 0 || len(meeting.Occurrences(restored, feb, feb.Add(time.Second), 0)) != 1 {
			t.Errorf("after restoring: %+v", restored.Skipped)
		}
		last := outbox(t, db)
		if s := last[len(last)-1].subject; s != "On again: Monthly partners, Tue 2 Feb 2027, 10:00 PST" {
			t.Errorf("the restore's subject: %q", s)
		}
		once, err := c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Title: "Talk", Start: "2027-01-07T10:00"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.meetings.SkipOne(ctx, c.staff, c.id, once.ID, once.StartsAt, ""); err == nil {
			t.Error("a one-off meeting was skipped")
		}
		jan := time.Date(2027, 1, 5, 18, 0, 0, 0, time.UTC)
		storetest.Clock(t, db).Set(jan.Add(time.Hour))
		if _, err := c.meetings.SkipOne(ctx, c.staff, c.id, m.ID, jan, ""); err == nil {
			t.Error("a past meeting was skipped")
		}
	})
}
