package meeting_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/meeting"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestRecurrence expands a monthly check-in on the first Tuesday at 10:00
// Los Angeles time across the start of daylight-saving time (14 March
// 2027): the wall-clock time stays 10:00, the UTC time moves an hour.
func TestRecurrence(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2027, 1, 5, 10, 0, 0, 0, la)
	rule, err := meeting.RuleFor("monthly", start, time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rule, "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270701T065959Z") {
		t.Fatalf("rule %q", rule)
	}
	m := &meeting.Meeting{StartsAt: start.UTC(), TimeZone: "America/Los_Angeles", RRule: rule, DurationMinutes: 60}
	got := meeting.Occurrences(m, start.AddDate(0, 0, -1), start.AddDate(1, 0, 0), 0)
	var utc []string
	for _, t := range got {
		utc = append(utc, t.UTC().Format("01-02T15:04"))
	}
	want := "01-05T18:00 02-02T18:00 03-02T18:00 04-06T17:00 05-04T17:00 06-01T17:00"
	if strings.Join(utc, " ") != want {
		t.Errorf("occurrences %v, want %s", utc, want)
	}
	if d := meeting.Describe(rule, start); d != "Every month on the first Tuesday at 10:00, until 30 June 2027" {
		t.Errorf("described as %q", d)
	}
	if r := meeting.RepeatOf(rule, start); r != "monthly" {
		t.Errorf("RepeatOf = %q", r)
	}
	for repeat, want := range map[string]string{"weekly": "Every week on Tuesday at 10:00",
		"biweekly": "Every other week on Tuesday at 10:00", "quarterly": "Every 3 months on the first Tuesday at 10:00",
		"once": "Once, on Tuesday 5 January 2027 at 10:00"} {
		r, _ := meeting.RuleFor(repeat, start, time.Time{})
		if d := meeting.Describe(r, start); d != want {
			t.Errorf("%s described as %q, want %q", repeat, d, want)
		}
	}
	if msg := meeting.CheckRule("FREQ=SOMETIMES"); msg == "" {
		t.Errorf("a bad rule passes")
	}
}

type cast struct {
	meetings *meeting.Store
	ini      *initiative.Store
	id       int64
	staff    account.Actor
	partner  account.Actor
	pantry   string
	shelter  string
}

func newCast(t *testing.T, db *store.DB) cast {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	dir, accounts := directory.NewStore(db), account.NewStore(db)
	c := cast{ini: initiative.NewStore(db)}
	c.meetings = meeting.NewStore(db, c.ini, measure.NewStore(db)).WithSite("http://backbone.test", "")
	org := func(name string) string {
		o, err := dir.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + "."})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	backbone := org("Samaritan House")
	c.pantry, c.shelter = org("Food Pantry"), org("Harbor Shelter")
	in, err := c.ini.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: backbone,
		TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	c.id = in.ID
	if err := c.ini.AddMember(ctx, sys, in.ID, c.pantry, "core_partner", "active"); err != nil {
		t.Fatal(err)
	}
	person := func(email, org string) account.Actor {
		u, err := accounts.CreateUser(
			ctx,
			sys,
			account.NewUser{Email: email, Name: email, Password: "long enough password"},
		)
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetMembership(ctx, sys, u.ID, org, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		return account.UserActor(u, "")
	}
	c.staff = person("staff@example.org", backbone)
	if err := c.ini.SetUserRole(ctx, sys, in.ID, c.staff.User.ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	c.partner = person("partner@example.org", c.pantry)
	return c
}

type outboxRow struct{ kind, to, subject, text, ctype, ics string }

func outbox(t *testing.T, db *store.DB) []outboxRow {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT kind, to_address, subject, text_body, attachment_type,
		attachment_body FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.kind, &r.to, &r.subject, &r.text, &r.ctype, &r.ics); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

var rsvpLink = regexp.MustCompile(`http://backbone.test/meetings/rsvp/([A-Za-z0-9_-]+)`)

func TestMeetingLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := storetest.Clock(t, db)
		c := newCast(t, db)

		// A first meeting in the past, so that the next agenda welcomes
		// the members who joined since.
		clk.Set(time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC))
		_, err := c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Kind: meeting.KindPreliminary,
			Title: "First talk", Start: "2026-12-08T09:00", Emails: []string{"prospect@example.net"}})
		if err != nil {
			t.Fatal(err)
		}
		sys := account.SystemActor("test")
		if err := c.ini.AddMember(ctx, sys, c.id, c.shelter, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
		// What the agenda is drafted from: a report not made, an open
		// proposal, an agreement due for renewal.
		_, err = measure.NewStore(db).CreateIndicator(ctx, sys, c.id, measure.IndicatorInput{Name: "Meals delivered",
			Definition: "Meals delivered in the month.", Unit: "meals", Direction: measure.Higher,
			Aggregation: measure.Sum, Frequency: measure.Monthly, Reporters: []string{c.pantry}})
		if err != nil {
			t.Fatal(err)
		}
		gov, err := c.ini.SaveGovernance(
			ctx,
			sys,
			c.id,
			initiative.GovernanceInput{DecisionRule: initiative.RuleMajority,
				QuorumPercent: 50, ThresholdPercent: 50, MeetingCadence: "monthly",
				ConflictSteps: []initiative.ConflictStep{{Description: "Talk it through.", Mediator: "The partners"}}},
		)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ini.Propose(ctx, sys, c.id, initiative.ProposalInput{Title: "Share one intake form",
			ProposedBy: c.pantry, Rule: gov.Rule(), Deadline: db.Now().AddDate(0, 0, 7)})
		if err != nil {
			t.Fatal(err)
		}
		from, ends := db.Now().AddDate(-1, 0, 0), db.Now().AddDate(0, 1, 0)
		_, err = c.ini.CreateAgreement(ctx, sys, c.id, initiative.AgreementInput{Title: "Referral MOU", Kind: "mou",
			Parties: []string{c.pantry, c.shelter}, EffectiveOn: &from, EndsOn: &ends, RenewalReminderDays: 60})
		if err != nil {
			t.Fatal(err)
		}

		if _, err := c.meetings.Schedule(ctx, c.partner, c.id, meeting.Input{Title: "x",
			Start: "2027-01-05T10:00"}); err == nil {
			t.Fatal("a partner scheduled a meeting")
		}
		_, err = c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Title: "", Start: "tomorrow", Repeat: "often"})
		if err == nil || !strings.Contains(err.Error(), "title") {
			t.Fatalf("bad input: %v", err)
		}

		m, err := c.meetings.Schedule(ctx, c.staff, c.id, meeting.Input{Kind: meeting.KindCheckIn,
			Title: "Monthly partners", Start: "2027-01-05T10:00", Repeat: "monthly", Place: "Library, room 2",
			VideoURL: "https://meet.example.org/partners", Organizations: []string{c.pantry},
			Emails: []string{"Guest@Example.org"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.RRule != "FREQ=MONTHLY;BYDAY=1TU" || m.TimeZone != "America/Los_Angeles" || m.Schedule !=
			"Every month on the first Tuesday at 10:00" {
			t.Errorf("meeting %+v", m)
		}
		if len(m.Invitees) != 3 || !m.Invitees[0].Organization() || m.Invitees[1].Email != "partner@example.org" ||
			m.Invitees[2].Email != "guest@example.org" {
			t.Fatalf("invitees %+v", m.Invitees)
		}
		var drafted []string
		for _, it := range m.Agenda {
			drafted = append(drafted, it.Source+": "+it.Title+" → "+it.SourceURL)
		}
		base := fmt.Sprintf("/initiatives/%d", c.id)
		want := []string{
			"late_report: Late report: Meals delivered, Nov 2026 → " + base + "/late",
			"proposal: Open proposal: Share one intake form → " + base + "/decisions/1",
			"agreement: Agreement due for renewal: Referral MOU → " + base + "/agreements/1",
			"member: Welcome a new member: Harbor Shelter → " + base + "/members",
		}
		if strings.Join(drafted, "\n") != strings.Join(want, "\n") {
			t.Errorf("agenda drafted:\n%s\nwant\n%s", strings.Join(drafted, "\n"), strings.Join(want, "\n"))
		}

		mails := outbox(t, db)
		if len(mails) != 3 {
			t.Fatalf("outbox %+v", mails)
		}
		inv := mails[1]
		if inv.kind != "meeting_invitation" || inv.to != "partner@example.org" ||
			inv.subject != "Invitation: Monthly partners, Tue 5 Jan 2027, 10:00 PST" ||
			inv.ctype != "text/calendar; method=REQUEST" {
			t.Errorf("invitation %+v", inv)
		}
		for _, line := range []string{"METHOD:REQUEST", "UID:meeting-2@backbone",
			"DTSTART;TZID=America/Los_Angeles:20270105T100000", "RRULE:FREQ=MONTHLY;BYDAY=1TU", "BEGIN:VTIMEZONE",
			"RSVP=TRUE:mailto:partner@example.org", "ORGANIZER;CN=\"staff@example.org\":mailto:staff@example.org"} {
			if !strings.Contains(inv.ics, line+"\r\n") {
				t.Errorf("invite.ics lacks %q:\n%s", line, inv.ics)
			}
		}

		// The partner answers through the link in the mail.
		token := rsvpLink.FindStringSubmatch(inv.text)
		if token == nil {
			t.Fatalf("no RSVP link in %q", inv.text)
		}
		answered, err := c.meetings.AnswerByToken(ctx, token[1], "accepted")
		if err != nil || answered.Invitee.Answer != meeting.AnswerAccepted {
			t.Fatalf("answer: %+v %v", answered, err)
		}
		if _, err := c.meetings.AnswerByToken(ctx, "nope", "accepted"); err == nil {
			t.Error("an unknown link answered")
		}
		if _, err := c.meetings.Answer(ctx, c.staff, c.id, m.ID, "declined"); err == nil {
			t.Error("staff who were not invited answered")
		}

		// February's check-in is held: the pantry came, the guest sent regrets.
		clk.Set(time.Date(2027, 2, 2, 20, 0, 0, 0, time.UTC))
		feb := time.Date(2027, 2, 2, 18, 0, 0, 0, time.UTC)
		if _, err := c.meetings.RecordAttendance(ctx, c.staff, c.id, m.ID, feb.Add(time.Hour), nil); err == nil {
			t.Error("attendance recorded at a time the meeting does not meet")
		}
		h, err := c.meetings.RecordAttendance(ctx, c.staff, c.id, m.ID, feb, map[int64]string{
			m.Invitees[0].ID: meeting.Present, m.Invitees[1].ID: meeting.Present, m.Invitees[2].ID: meeting.Regrets})
		if err != nil {
			t.Fatal(err)
		}
		if h.Present != 1 || h.Invited != 1 || h.Rate != 1 {
			t.Errorf("attendance %+v", h)
		}
		if _, err := c.meetings.SaveMinutes(ctx, c.staff, c.id, m.ID, feb,
			"We agreed to share the intake form."); err != nil {
			t.Fatal(err)
		}
		due := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		act, err := c.meetings.AddAction(
			ctx,
			c.staff,
			c.id,
			m.ID,
			feb,
			meeting.ActionInput{Title: "Share the intake form",
				OrganizationID: c.pantry, OwnerName: "Dana", DueOn: &due},
		)
		if err != nil {
			t.Fatal(err)
		}
		activity, err := c.ini.Activity(ctx, c.staff, c.id, act.ActivityID)
		if err != nil || activity.Title != "Share the intake form" || activity.OrganizationID != c.pantry {
			t.Fatalf("activity %+v %v", activity, err)
		}
		history, err := c.meetings.History(ctx, c.partner, c.id)
		if err != nil || len(history) != 1 || len(history[0].Actions) != 1 || history[0].Minutes == "" {
			t.Fatalf("history %+v %v", history, err)
		}

		// A change goes out with a higher SEQUENCE; a cancellation as CANCEL.
		in := meeting.InputOf(m)
		in.Start = "2027-01-05T11:00"
		changed, err := c.meetings.Update(ctx, c.staff, c.id, m.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if changed.Sequence != 1 {
			t.Errorf("sequence %d", changed.Sequence)
		}
		mails = outbox(t, db)
		if last := mails[len(mails)-1]; last.kind != "meeting_changed" ||
			!strings.Contains(last.ics, "SEQUENCE:1\r\n") {
			t.Errorf("change %+v", last)
		}
		if _, err := c.meetings.Cancel(ctx, c.staff, c.id, m.ID); err != nil {
			t.Fatal(err)
		}
		mails = outbox(t, db)
		last := mails[len(mails)-1]
		if last.kind != "meeting_cancelled" || !strings.Contains(last.ics, "METHOD:CANCEL\r\n") ||
			!strings.Contains(last.ics, "STATUS:CANCELLED\r\n") || !strings.Contains(last.ics, "SEQUENCE:2\r\n") ||
			last.ctype != "text/calendar; method=CANCEL" {
			t.Errorf("cancellation %+v", last)
		}
		if _, err := c.meetings.AnswerByToken(ctx, token[1], "accepted"); err == nil {
			t.Error("answered a cancelled meeting")
		}

		feed, err := c.ini.Feed(ctx, c.partner, c.id, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range feed {
			if e.Kind == initiative.FeedMeeting {
				kinds = append(kinds, e.Text)
			}
		}
		if len(kinds) < 6 || !strings.Contains(strings.Join(kinds, "\n"),
			"scheduled the check-in “Monthly partners” on Tue 5 Jan 2027, 10:00 PST") {
			t.Errorf("meeting entries of the feed: %q", kinds)
		}
	})
}
