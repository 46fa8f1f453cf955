package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestPlanEndpoints walks a plan through the API: the lake's admin starts
// her plan from the river–harbor tie, adds an action and a signal, shares
// it with the harbor's admin, who reads and suggests; a stranger to the
// plan is refused at every step, a steward rewrites the library.
func TestPlanEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		want := func(what string, status, got int, body, schema string) {
			t.Helper()
			if got != status {
				t.Fatalf("%s: status %d, want %d: %s", what, got, status, body)
			}
			if schema != "" {
				checkSchema(t, schema, []byte(body))
			}
		}
		id := func(body string) int64 {
			var v struct{ ID int64 }
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			return v.ID
		}
		base := prefix + "/plans"
		st, out := call(t, app, "GET", base, "", "")
		want("nobody lists", 401, st, out, "")
		st, out = call(t, app, "POST", base, "lake", `{"title":""}`)
		want("a plan without a title", 422, st, out, "")
		if !strings.Contains(out, "title") {
			t.Errorf("the problem does not name the field: %s", out)
		}
		st, out = call(t, app, "POST", base, "lake", `{"kind":"unit","organization_id":"river","title":"Not mine"}`)
		want("a unit's plan by someone not its admin", 403, st, out, "")
		st, out = call(t, app, "POST", base, "lake", `{"title":"Reach the harbor","ends_on":"2027-06-30"}`)
		want("the lake's admin starts her plan", 201, st, out, "Plan")
		one := fmt.Sprintf("%s/%d", base, id(out))

		st, out = call(t, app, "POST", one+"/areas", "harbor", `{"kind":"tie","tie_id":"{tie}"}`)
		want("a stranger adds an area", 403, st, out, "")
		st, out = call(t, app, "POST", one+"/areas", "lake", `{"kind":"tie","tie_id":"{tie}"}`)
		want("an area from the tie", 201, st, out, "PlanArea")
		if !strings.Contains(out, `"tie_then":{"tie_id"`) || !strings.Contains(out, `"level":"cooperation"`) {
			t.Errorf("the area does not keep the tie: %s", out)
		}
		area := fmt.Sprintf("%s/areas/%d", one, id(out))
		st, out = call(t, app, "PUT", area+"/signal", "lake", `{"kind":"tie_level","level":"sometimes"}`)
		want("a signal at no level", 422, st, out, "")
		st, out = call(t, app, "PUT", area+"/signal", "lake", `{"kind":"tie_level","level":"coordination"}`)
		want("the signal", 200, st, out, "PlanArea")
		if !strings.Contains(out, `"met_at":null`) {
			t.Errorf("met at once: %s", out)
		}
		action := fmt.Sprintf(`{"area_id":%d,"strategy":"seek_mentors","title":"Ask Rosa","due_on":"2027-01-15"}`,
			id(strings.Replace(out, `"id"`, `"x"`, 0)))
		st, out = call(t, app, "POST", one+"/actions", "lake", action)
		want("an action", 201, st, out, "PlanAction")
		act := fmt.Sprintf("%s/actions/%d", one, id(out))

		// A roadblock on the area, through the roadblocks register, by the
		// plan's own rules.
		blocks := prefix + "/subjects/plan_area/" + strings.TrimPrefix(area, one+"/areas/") + "/roadblocks"
		rb := `{"title":"Their intake policy","category":"provider_policies","likelihood":3,"impact":2}`
		st, out = call(t, app, "POST", blocks, "harbor", rb)
		want("a stranger's roadblock on the area", 404, st, out, "")
		st, out = call(t, app, "POST", blocks, "lake", rb)
		want("the keeper's roadblock on the area", 201, st, out, "Roadblock")
		if !strings.Contains(out, `"status":"open"`) {
			t.Errorf("the keeper's roadblock: %s", out)
		}
		st, out = call(t, app, "PUT", act, "lake", `{"status":"in progress"}`)
		want("the action under way", 200, st, out, "PlanAction")
		st, out = call(t, app, "PUT", act, "harbor", `{"status":"done"}`)
		want("a stranger changes the action", 403, st, out, "")

		st, out = call(t, app, "GET", one, "harbor", "")
		want("a stranger reads the plan", 403, st, out, "")
		st, out = call(t, app, "POST", one+"/shares", "lake", `{"email":"nobody@example.org"}`)
		want("sharing with nobody", 422, st, out, "")
		st, out = call(t, app, "POST", one+"/shares", "lake", `{"email":"harbor@work.example.org"}`)
		want("shared with the harbor's admin", 201, st, out, "PlanPerson")
		harbor := id(out)
		st, out = call(t, app, "GET", one, "harbor", "")
		want("the colleague reads", 200, st, out, "Plan")
		st, out = call(t, app, "PUT", one, "harbor", `{"title":"Mine now"}`)
		want("the colleague edits", 403, st, out, "")
		st, out = call(t, app, "POST", one+"/feedback", "harbor",
			`{"kind":"suggestion","body":"Meet at our intake day"}`)
		want("the colleague suggests", 201, st, out, "PlanFeedback")
		fb := fmt.Sprintf("%s/feedback/%d/decision", one, id(out))
		st, out = call(t, app, "POST", fb, "harbor", `{"answer":"accept"}`)
		want("the colleague accepts her own suggestion", 403, st, out, "")
		st, out = call(t, app, "POST", fb, "lake", `{}`)
		want("a decision without its answer", 422, st, out, "")
		st, out = call(t, app, "POST", fb, "lake", `{"answer":"accept"}`)
		want("the owner accepts", 200, st, out, "PlanFeedback")
		st, out = call(t, app, "GET", one+"/feedback", "harbor", "")
		want("the feedback", 200, st, out, "PlanFeedbackList")
		st, out = call(t, app, "GET", base, "harbor", "")
		want("the colleague's list", 200, st, out, "PlanList")
		if !strings.Contains(out, "Reach the harbor") {
			t.Errorf("the shared plan is not listed: %s", out)
		}
		st, out = call(t, app, "GET", base+"?organization=lake", "staff", "")
		want("a stranger's list", 200, st, out, "PlanList")
		if strings.Contains(out, "Reach the harbor") {
			t.Errorf("a stranger lists the plan: %s", out)
		}
		st, out = call(t, app, "GET", base+"?initiative=x", "lake", "")
		want("a bad initiative", 422, st, out, "")

		st, out = call(t, app, "POST", act+"/promote", "harbor", `{"initiative_id":1,"organization_id":"lake"}`)
		want("a reader promotes", 403, st, out, "")
		st, out = call(t, app, "POST", act+"/promote", "lake", `{"initiative_id":1,"organization_id":"lake"}`)
		want("the action becomes an activity", 200, st, out, "PlanAction")
		if !strings.Contains(out, `"activity_initiative_id":1`) {
			t.Errorf("promoted %s", out)
		}
		st, out = call(t, app, "POST", area+"/signal/tick", "lake", `{"note":"seen"}`)
		want("ticking a signal Backbone checks", 422, st, out, "")
		st, out = call(t, app, "GET", one+"/history", "lake", "")
		want("the history", 200, st, out, "PlanHistory")
		st, out = call(t, app, "DELETE", fmt.Sprintf("%s/shares/%d", one, harbor), "harbor", "")
		want("the colleague unshares", 403, st, out, "")
		st, out = call(t, app, "DELETE", fmt.Sprintf("%s/shares/%d", one, harbor), "lake", "")
		want("the owner unshares", 204, st, out, "")
		st, out = call(t, app, "POST", one+"/close", "lake", `{"debrief":""}`)
		want("closing without a debrief", 422, st, out, "")
		st, out = call(t, app, "POST", one+"/close", "lake", `{"debrief":"The intake day did it."}`)
		want("closed", 200, st, out, "Plan")
		st, out = call(t, app, "POST", one+"/reopen", "lake", "")
		want("reopened", 200, st, out, "Plan")
		st, out = call(t, app, "DELETE", area, "harbor", "")
		want("a stranger removes an area", 403, st, out, "")
		st, out = call(t, app, "DELETE", area, "lake", "")
		want("the area removed", 204, st, out, "")

		st, out = call(t, app, "GET", prefix+"/strategies", "lake", "")
		want("the library", 200, st, out, "StrategyList")
		edit := `{"name":"Work together","guidance":"Do one thing side by side.","prompts":["Which family?"]}`
		st, out = call(t, app, "PUT", prefix+"/strategies/work_together", "lake", edit)
		want("a worker edits the library", 403, st, out, "")
		st, out = call(t, app, "PUT", prefix+"/strategies/nothing", "steward", edit)
		want("an unknown strategy", 404, st, out, "")
		st, out = call(t, app, "PUT", prefix+"/strategies/work_together", "steward", edit)
		want("a steward edits the library", 200, st, out, "Strategy")
	})
}
