package meeting_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/mail"
	"backbone/internal/meeting"
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
