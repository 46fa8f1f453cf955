package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMeetingEndpoints schedules a monthly check-in through the API,
// answers it, records the meeting held and cancels the series.
func TestMeetingEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		want := func(what string, status int, gotStatus int, body, schema string) {
			t.Helper()
			if gotStatus != status {
				t.Fatalf("%s: status %d, want %d: %s", what, gotStatus, status, body)
			}
			if schema != "" {
				checkSchema(t, schema, []byte(body))
			}
		}
		base := prefix + "/initiatives/1/meetings"
		body := `{"kind":"check_in","title":"Monthly partners","start":"2026-11-03T10:00","repeat":"monthly",
			"place":"Library","organizations":["lake"],"emails":["guest@example.net"]}`
		st, out := call(t, app, "POST", base, "member", body)
		want("a member schedules", 403, st, out, "")
		st, out = call(t, app, "POST", base, "staff", `{"title":"","start":"soon"}`)
		want("a bad meeting", 422, st, out, "")
		st, out = call(t, app, "POST", base, "staff", body)
		want("staff schedule", 201, st, out, "Meeting")
		var m struct {
			ID       int64
			StartsAt time.Time `json:"starts_at"`
			Schedule string
			Invitees []struct {
				ID             int64
				OrganizationID string `json:"organization_id"`
				Email          string
			}
		}
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		if m.Schedule != "Every month on the first Tuesday at 10:00" || len(m.Invitees) != 3 {
			t.Errorf("meeting %s", out)
		}
		one := fmt.Sprintf("%s/%d", base, m.ID)
		st, out = call(t, app, "GET", base, "lake", "")
		want("a member lists", 200, st, out, "MeetingList")
		st, out = call(t, app, "GET", base, "steward", "")
		want("an outsider lists", 404, st, out, "")

		st, out = call(t, app, "POST", one+"/answer", "lake", `{"answer":"accepted"}`)
		want("the invited partner accepts", 200, st, out, "MeetingInvitee")
		st, out = call(t, app, "POST", one+"/answer", "harbor", `{"answer":"accepted"}`)
		want("someone not invited answers", 404, st, out, "")
		st, out = call(t, app, "POST", prefix+"/meetings/rsvp/nothing", "", `{"answer":"accepted"}`)
		want("an unknown link", 404, st, out, "")

		held := fmt.Sprintf("%s/held/%s", one, m.StartsAt.UTC().Format("20060102T150405Z"))
		attendance := fmt.Sprintf(`{"attendance":{"%d":"present"}}`, m.Invitees[0].ID)
		st, out = call(t, app, "PUT", held+"/attendance", "lake", attendance)
		want("a member records attendance", 403, st, out, "")
		st, out = call(t, app, "PUT", one+"/held/20260101T000000Z/attendance", "staff", attendance)
		want("a time the meeting does not meet", 422, st, out, "")
		st, out = call(t, app, "PUT", held+"/attendance", "staff", attendance)
		want("staff record attendance", 200, st, out, "MeetingHeld")
		if !strings.Contains(out, `"attendance_rate":1`) {
			t.Errorf("attendance %s", out)
		}
		st, out = call(t, app, "PUT", held+"/minutes", "staff", `{"minutes":"We shared the intake form."}`)
		want("minutes", 200, st, out, "MeetingHeld")
		st, out = call(t, app, "POST", held+"/actions", "staff",
			`{"title":"Send the intake form","organization_id":"lake","owner_name":"Dana","due_on":"2027-02-01"}`)
		want("an action", 201, st, out, "MeetingAction")
		st, out = call(t, app, "GET", prefix+"/initiatives/1/activities", "lake", "")
		if st != 200 || !strings.Contains(out, "Send the intake form") {
			t.Errorf("activities %d %s", st, out)
		}
		st, out = call(t, app, "GET", prefix+"/initiatives/1/meeting-history", "lake", "")
		want("history", 200, st, out, "MeetingHeldList")
		st, out = call(t, app, "GET", held, "lake", "")
		want("one meeting held", 200, st, out, "MeetingHeld")

		st, out = call(t, app, "PUT", one+"/agenda", "staff", `{"items":[{"title":"Budget","note":"Q1"}]}`)
		want("agenda", 200, st, out, "Meeting")
		st, out = call(t, app, "PUT", one, "staff", strings.Replace(body, "10:00", "11:00", 1))
		want("change", 200, st, out, "Meeting")
		if !strings.Contains(out, `"sequence":1`) {
			t.Errorf("changed %s", out)
		}
		var next struct {
			Next time.Time `json:"next"`
		}
		if err := json.Unmarshal([]byte(out), &next); err != nil || next.Next.IsZero() {
			t.Fatalf("no next meeting in %s", out)
		}
		skip := one + "/skips/" + next.Next.UTC().Format("20060102T150405Z")
		st, out = call(t, app, "PUT", skip, "lake", `{"reason":"holiday"}`)
		want("a member skips", 403, st, out, "")
		st, out = call(t, app, "PUT", skip, "staff", `{"reason":"holiday"}`)
		want("staff skip the next one", 200, st, out, "Meeting")
		if !strings.Contains(out, `"reason":"holiday"`) ||
			strings.Contains(out, next.Next.UTC().Format(`"next":"2006-01-02T15:04:05Z"`)) {
			t.Errorf("skipped %s", out)
		}
		st, out = call(t, app, "PUT", skip, "staff", `{}`)
		want("skip it twice", 409, st, out, "")
		st, out = call(t, app, "DELETE", skip, "staff", "")
		want("restore it", 200, st, out, "Meeting")
		st, out = call(t, app, "DELETE", skip, "staff", "")
		want("restore what is not skipped", 409, st, out, "")
		st, out = call(t, app, "DELETE", one, "staff", "")
		want("cancel", 200, st, out, "Meeting")
		if !strings.Contains(out, `"status":"cancelled"`) {
			t.Errorf("cancelled %s", out)
		}
		st, out = call(t, app, "POST", one+"/answer", "lake", `{"answer":"declined"}`)
		want("answer a cancelled meeting", 409, st, out, "")
	})
}
