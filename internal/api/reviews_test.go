package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestReviewEndpoints records a roadblock on a goal of River Alliance,
// reads the register and its heat grid, sets the initiative's review
// cadence and records a review that revises the goal and closes the
// roadblock, then prints it: each endpoint with an allowed caller and a
// refused one.
func TestReviewEndpoints(t *testing.T) {
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
		idOf := func(body string) int64 {
			t.Helper()
			var x struct{ ID int64 }
			if err := json.Unmarshal([]byte(body), &x); err != nil || x.ID == 0 {
				t.Fatalf("no id in %s", body)
			}
			return x.ID
		}
		st, out := call(t, app, "POST", prefix+"/initiatives/1/goals", "staff",
			`{"statement":"Serve 300 families a month","target":300,"due_on":"2027-12-31"}`)
		want("a goal", 201, st, out, "")
		var checked struct{ Goal json.RawMessage }
		if err := json.Unmarshal([]byte(out), &checked); err != nil {
			t.Fatal(err)
		}
		goal := idOf(string(checked.Goal))
		subject := fmt.Sprintf("%s/subjects/goal/%d", prefix, goal)

		body := `{"title":"Intake rules differ","category":"provider_policies","likelihood":3,"impact":4,
			"mitigation":"Agree one intake form","review_on":"2027-01-15","owner_user_id":{staffuser}}`
		st, out = call(t, app, "POST", subject+"/roadblocks", "steward", body)
		want("an outsider records", 404, st, out, "")
		st, out = call(t, app, "POST", subject+"/roadblocks", "staff", `{"title":"x","likelihood":9}`)
		want("a bad roadblock", 422, st, out, "")
		if !strings.Contains(out, "likelihood") || !strings.Contains(out, "category") {
			t.Errorf("the problem does not name the fields: %s", out)
		}
		st, out = call(t, app, "POST", prefix+"/subjects/budget/1/roadblocks", "staff", body)
		want("an unknown kind", 422, st, out, "")
		st, out = call(t, app, "POST", subject+"/roadblocks", "staff", body)
		want("staff record", 201, st, out, "Roadblock")
		rb := idOf(out)
		if !strings.Contains(out, `"status":"open"`) || !strings.Contains(out, `"impact_words":"Severe"`) {
			t.Errorf("recorded %s", out)
		}
		st, out = call(t, app, "POST", subject+"/roadblocks", "lake",
			`{"title":"Drivers leave","category":"resources","likelihood":2,"impact":2,"status":"open"}`)
		want("a partner proposes", 201, st, out, "Roadblock")
		proposed := idOf(out)
		if !strings.Contains(out, `"status":"proposed"`) {
			t.Errorf("a partner's roadblock %s", out)
		}
		one := fmt.Sprintf("%s/roadblocks/%d", prefix, proposed)
		accept := `{"title":"Drivers leave","category":"resources","likelihood":2,"impact":2,"status":"open"}`
		st, out = call(t, app, "PUT", one, "lake", accept)
		want("a partner accepts", 403, st, out, "")
		st, out = call(t, app, "PUT", one, "staff", accept)
		want("staff accept", 200, st, out, "Roadblock")
		st, out = call(t, app, "GET", one, "lake", "")
		want("a partner reads", 200, st, out, "Roadblock")
		st, out = call(t, app, "GET", one, "steward", "")
		want("an outsider reads", 404, st, out, "")

		st, out = call(t, app, "GET", subject+"/roadblocks", "lake", "")
		want("the goal's roadblocks", 200, st, out, "RoadblockList")
		st, out = call(t, app, "GET", subject+"/roadblocks", "steward", "")
		want("an outsider's list", 404, st, out, "")
		st, out = call(t, app, "GET", prefix+"/roadblocks?initiative_id=1&likelihood=3&impact=4", "lake", "")
		want("one cell", 200, st, out, "RoadblockList")
		if strings.Count(out, `"title":"`) != 2 || !strings.Contains(out, "Intake rules differ") {
			t.Errorf("the cell: %s", out)
		}
		st, out = call(t, app, "GET", prefix+"/roadblocks?initiative_id=1", "steward", "")
		want("an outsider's register", 404, st, out, "")
		st, out = call(t, app, "GET", prefix+"/roadblocks?status=sometimes", "lake", "")
		want("a bad status", 422, st, out, "")
		st, out = call(t, app, "GET", prefix+"/roadblocks", "", "")
		want("the register without a token", 401, st, out, "")
		st, out = call(t, app, "GET", prefix+"/roadblocks", "steward", "")
		want("everything an outsider sees", 200, st, out, "RoadblockList")
		if strings.TrimSpace(out) != `{"items":[]}` {
			t.Errorf("an outsider sees %s", out)
		}
		st, out = call(t, app, "GET", prefix+"/roadblocks/heat?initiative_id=1", "lake", "")
		want("the heat grid", 200, st, out, "RoadblockHeat")
		if !strings.Contains(out, `"total":2`) ||
			!strings.Contains(out, `{"likelihood":3,"impact":4,"count":1,"score":12}`) {
			t.Errorf("heat %s", out)
		}
		st, out = call(t, app, "GET", prefix+"/roadblocks/heat?initiative_id=1", "steward", "")
		want("an outsider's heat grid", 404, st, out, "")

		whole := prefix + "/subjects/initiative/1"
		st, out = call(t, app, "GET", whole+"/review-schedule", "lake", "")
		want("no cadence yet", 404, st, out, "")
		st, out = call(t, app, "PUT", whole+"/review-schedule", "lake", `{"cadence":"quarterly"}`)
		want("a partner sets the cadence", 403, st, out, "")
		st, out = call(t, app, "PUT", whole+"/review-schedule", "staff", `{"cadence":"weekly"}`)
		want("a bad cadence", 422, st, out, "")
		st, out = call(t, app, "PUT", whole+"/review-schedule", "staff", `{"cadence":"date","due_on":"2026-12-01"}`)
		want("staff set a date", 200, st, out, "ReviewSchedule")
		if !strings.Contains(out, `"overdue":true`) {
			t.Errorf("a review on a past date is not overdue: %s", out)
		}
		st, out = call(t, app, "GET", whole+"/review-schedule", "lake", "")
		want("a partner reads the cadence", 200, st, out, "ReviewSchedule")
		st, out = call(t, app, "GET", whole+"/review-schedule", "steward", "")
		want("an outsider reads the cadence", 404, st, out, "")
		st, out = call(t, app, "GET", prefix+"/reviews/due", "", "")
		want("nobody signed in", 401, st, out, "")
		st, out = call(t, app, "GET", prefix+"/reviews/due", "staff", "")
		want("reviews due", 200, st, out, "ReviewScheduleList")
		if !strings.Contains(out, `"next_due_on":"2026-12-01"`) {
			t.Errorf("due %s", out)
		}
		st, out = call(t, app, "GET", prefix+"/reviews/due?initiative_id=1", "steward", "")
		want("an outsider's reviews due", 404, st, out, "")

		rec := fmt.Sprintf(`{"held_on":"2026-12-04","participants":["Dana","Lee"],
			"findings":"Two agencies still use their own intake form.",
			"goal_revision":{"goal_id":%d,"target":250,"reason":"Intake takes longer than planned"},
			"new_activities":[{"organization_id":"lake","title":"Pilot the shared intake form"}],
			"close_roadblocks":[%d]}`, goal, rb)
		st, out = call(t, app, "POST", whole+"/reviews", "lake", rec)
		want("a partner records a review", 403, st, out, "")
		st, out = call(t, app, "POST", whole+"/reviews", "staff", `{"participants":[],"findings":""}`)
		want("an empty review", 422, st, out, "")
		st, out = call(t, app, "POST", whole+"/reviews", "staff", rec)
		want("staff record a review", 201, st, out, "Review")
		rv := idOf(out)
		if !strings.Contains(out, `"kind":"goal_revision"`) || !strings.Contains(out, `"revision":2`) ||
			!strings.Contains(out, `"kind":"roadblock_closed"`) || !strings.Contains(out, `"kind":"activity"`) {
			t.Errorf("review %s", out)
		}
		st, out = call(t, app, "GET", fmt.Sprintf("%s/roadblocks/%d", prefix, rb), "lake", "")
		if st != 200 || !strings.Contains(out, `"status":"closed"`) {
			t.Errorf("the roadblock after the review: %d %s", st, out)
		}
		st, out = call(t, app, "GET", fmt.Sprintf("%s/initiatives/1/goals/%d", prefix, goal), "lake", "")
		if st != 200 || !strings.Contains(out, `"target":250`) {
			t.Errorf("the goal after the review: %d %s", st, out)
		}
		st, out = call(t, app, "GET", whole+"/reviews", "lake", "")
		want("the reviews", 200, st, out, "ReviewList")
		st, out = call(t, app, "GET", whole+"/reviews", "steward", "")
		want("an outsider's reviews", 404, st, out, "")
		st, out = call(t, app, "GET", fmt.Sprintf("%s/reviews/%d", prefix, rv), "lake", "")
		want("one review", 200, st, out, "Review")
		st, out = call(t, app, "GET", fmt.Sprintf("%s/reviews/%d", prefix, rv), "steward", "")
		want("an outsider's review", 404, st, out, "")
		for _, paper := range []string{"a4", "letter"} {
			st, out = call(t, app, "GET", fmt.Sprintf("%s/reviews/%d/pdf?paper=%s", prefix, rv, paper), "lake", "")
			want("the printed review on "+paper, 200, st, out, "")
			if !strings.HasPrefix(out, "%PDF-") {
				t.Errorf("not a PDF: %.40q", out)
			}
		}
		st, out = call(t, app, "GET", fmt.Sprintf("%s/reviews/%d/pdf?paper=a3", prefix, rv), "lake", "")
		want("a paper size unknown", 422, st, out, "")
		st, out = call(t, app, "GET", fmt.Sprintf("%s/reviews/%d/pdf", prefix, rv), "steward", "")
		want("an outsider prints", 404, st, out, "")
		st, out = call(t, app, "GET", whole+"/review-schedule", "lake", "")
		if st != 200 || !strings.Contains(out, `"next_due_on":""`) {
			t.Errorf("a review on a date held: %d %s", st, out)
		}
	})
}
