package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/filetest"
)

var rsvpPath = regexp.MustCompile(`/meetings/rsvp/[A-Za-z0-9_-]+`)

// TestMeetingPages schedules a monthly check-in from the form, answers an
// invitation by its private link, and records attendance, minutes and an
// action item of the meeting held.
func TestMeetingPages(t *testing.T) {
	f := newDecisionFixture(t)
	ctx := context.Background()
	list := f.base + "/meetings"
	// post posts a form and follows its redirect, as a browser does.
	post := func(c *apptest.Client, path string, v url.Values) *apptest.Response {
		t.Helper()
		r := c.PostForm(path, v)
		if r.StatusCode == http.StatusSeeOther {
			return c.Get(r.Header.Get("Location"))
		}
		return r
	}

	wantStatus(t, "outsider lists meetings", f.outsider.Get(list), http.StatusNotFound)
	mustContain(t, f.food1.Get(list), "No meetings to come", "The backbone staff schedule meetings here")
	wantStatus(t, "member opens the form", f.food1.Get(list+"/new"), http.StatusForbidden)
	mustContain(t, f.staff.Get(list+"/new"), "Schedule a meeting", "Food Bank", `value="monthly" selected`)

	form := url.Values{"title": {"Monthly partners"}, "kind": {"check_in"}, "date": {"2026-11-03"},
		"time": {"10:00"}, "repeat": {"monthly"}, "duration_minutes": {"60"}, "place": {"Library"},
		"organizations": {f.food.ID}, "emails": {"guest@example.net"}}
	bad := url.Values{"title": {""}, "date": {"someday"}, "time": {"10:00"}, "repeat": {"monthly"}}
	r := f.staff.PostForm(list, bad)
	wantStatus(t, "bad form", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="title-error"`, `id="date-error"`)
	wantStatus(t, "member schedules", f.food1.PostForm(list, form), http.StatusForbidden)
	r = post(f.staff, list, form)
	wantStatus(t, "schedule", r, http.StatusOK)
	mustContain(t, r, "Monthly partners", "Every month on the first Tuesday at 10:00", "food@example.org",
		"guest@example.net")
	ms, err := f.a.Meetings.List(ctx, account.SystemActor("test"), f.id)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings %v %v", ms, err)
	}
	m := ms[0]
	page := fmt.Sprintf("%s/%d", list, m.ID)

	// The meeting is in the food bank admin's calendar (invited with the
	// food bank) and in the initiative's, with its rule.
	foodUser, err := f.a.Accounts.UserByEmail(ctx, "food@example.org")
	if err != nil {
		t.Fatal(err)
	}
	legalUser, err := f.a.Accounts.UserByEmail(ctx, "legal@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user       *account.User
		initiative int64
		want       bool
	}{{foodUser, 0, true}, {legalUser, 0, false}, {legalUser, f.id, true}} {
		secret, _, err := f.a.Accounts.CreateFeedLink(ctx, account.UserActor(c.user, ""), c.initiative)
		if err != nil {
			t.Fatal(err)
		}
		ics := f.a.NewClient(t).Get("/calendar/" + secret + ".ics")
		has := strings.Contains(ics.Body, "RRULE:FREQ=MONTHLY;BYDAY=1TU\r\n")
		if has != c.want {
			t.Errorf("calendar of %s (initiative %d) has the meeting: %v\n%s", c.user.Email, c.initiative, has, ics.Body)
		}
		if has {
			cal := filetest.ReadICS(t, []byte(ics.Body))
			found := false
			for _, e := range cal.Events {
				found = found || (e.UID == fmt.Sprintf("meeting-%d@backbone", m.ID) && e.Summary == "Monthly partners")
			}
			if !found {
				t.Errorf("python3-icalendar finds no meeting in %+v", cal.Events)
			}
		}
	}

	// The guest's invitation carries a private link that needs no account.
	var text string
	if err := f.a.DB.QueryRowContext(ctx, `SELECT text_body FROM mail_outbox WHERE to_address = 'guest@example.net'`).
		Scan(&text); err != nil {
		t.Fatal(err)
	}
	link := rsvpPath.FindString(text)
	anon := f.a.NewClient(t)
	mustContain(t, anon.Get(link), "Monthly partners", "Accept", "Decline")
	r = anon.PostForm(link, url.Values{"answer": {"accepted"}})
	mustContain(t, r, "you accepted")
	wantStatus(t, "unknown link", anon.Get("/meetings/rsvp/nothing"), http.StatusNotFound)

	// The food bank's admin answers on the page, signed in.
	r = post(f.food1, page+"/answer", url.Values{"answer": {"declined"}})
	mustContain(t, r, "Your answer is saved", "Declined")

	// November's meeting was held.
	at := m.StartsAt.UTC().Format("20060102T150405Z")
	var food int64
	for _, v := range m.Invitees {
		if v.Organization() {
			food = v.ID
		}
	}
	r = post(f.staff, page+"/attendance", url.Values{"at": {at}, fmt.Sprintf("status_%d", food): {"present"}})
	mustContain(t, r, "Attendance recorded", "1 of 1 present")
	wantStatus(t, "member records", f.food1.PostForm(page+"/minutes", url.Values{"at": {at}, "minutes": {"x"}}),
		http.StatusForbidden)
	mustContain(t, post(f.staff, page+"/minutes", url.Values{"at": {at}, "minutes": {"Shared the intake form."}}),
		"Minutes saved")
	r = post(f.staff, page+"/actions", url.Values{"at": {at}, "title": {"Send the intake form"},
		"organization_id": {f.food.ID}, "owner_name": {"Dana"}, "due_on": {"2027-02-01"}})
	mustContain(t, r, "Action item added", "Send the intake form")
	mustContain(t, f.food1.Get(f.base+"/work"), "Send the intake form")
	mustContain(t, f.food1.Get(list), "Check-in history", "100%", "Send the intake form")

	// The agenda: staff add an item and remove none.
	r = post(f.staff, page+"/agenda", url.Values{fmt.Sprintf("agenda.%d.title", len(m.Agenda)): {"Budget"}})
	mustContain(t, r, "Agenda saved", `value="Budget"`)

	// Cancelled: the page says so; the link no longer answers.
	mustContain(t, post(f.staff, page+"/cancel", url.Values{}), "This meeting is cancelled")
	mustContain(t, anon.PostForm(link, url.Values{"answer": {"declined"}}), "This meeting was cancelled")
	var kinds []string
	rows, err := f.a.DB.QueryContext(ctx, `SELECT kind FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		kinds = append(kinds, k)
	}
	if fmt.Sprint(kinds) != "[meeting_invitation meeting_invitation meeting_cancelled meeting_cancelled]" {
		t.Errorf("mail %v", kinds)
	}
}
