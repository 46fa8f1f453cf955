package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestHealthEndpoints records a pledge and a delivery through the API,
// confirms the delivery, reads the balance, and walks an offer and a need
// to an accepted match with its outcome; with the callers the rules
// refuse, on both engines.
func TestHealthEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		want := func(what string, status, gotStatus int, body, schema string) {
			t.Helper()
			if gotStatus != status {
				t.Fatalf("%s: status %d, want %d: %s", what, gotStatus, status, body)
			}
			if schema != "" {
				checkSchema(t, schema, []byte(body))
			}
		}
		base := prefix + "/initiatives/1"
		pledge := `{"organization_id":"lake","entry":"pledge","kind":"staff","period":"2026-Q3","quantity":0.5,
			"unit":"fte","description":"A youth worker"}`
		st, out := call(t, app, "POST", base+"/contributions", "lake", strings.Replace(pledge, `"lake"`,
			`"river"`, 1))
		want("lake records for river", 403, st, out, "")
		st, out = call(t, app, "POST", base+"/contributions", "harbor", pledge)
		want("an invited organization records", 404, st, out, "")
		st, out = call(t, app, "POST", base+"/contributions", "lake", `{"organization_id":"lake","entry":"gift",
			"kind":"staff","period":"someday","quantity":-1}`)
		want("a bad entry", 422, st, out, "")
		for _, field := range []string{"entry", "period", "quantity"} {
			if !strings.Contains(out, `"`+field+`"`) {
				t.Errorf("the problem does not name %s: %s", field, out)
			}
		}
		st, out = call(t, app, "POST", base+"/contributions", "lake", pledge)
		want("lake pledges", 201, st, out, "Contribution")
		st, out = call(t, app, "POST", base+"/contributions", "lake", `{"organization_id":"lake",
			"entry":"delivery","kind":"staff","period":"2026-Q3","quantity":0.4,"unit":"fte",
			"evidence_url":"https://example.org/hours"}`)
		want("lake delivers", 201, st, out, "Contribution")
		var entry struct{ ID int64 }
		if err := json.Unmarshal([]byte(out), &entry); err != nil {
			t.Fatal(err)
		}
		confirm := fmt.Sprintf("%s/contributions/%d/confirm", base, entry.ID)
		st, out = call(t, app, "POST", confirm, "lake", "")
		want("lake confirms its own", 403, st, out, "")
		st, out = call(t, app, "POST", confirm, "staff", "")
		want("staff confirm", 200, st, out, "Contribution")
		st, out = call(t, app, "POST", confirm, "staff", "")
		want("confirmed twice", 409, st, out, "")
		st, out = call(t, app, "PUT", base+"/hour-rate", "lake", `{"hour_rate":30}`)
		want("lake sets the rate", 403, st, out, "")
		st, out = call(t, app, "PUT", base+"/hour-rate", "staff", `{"hour_rate":30}`)
		want("staff set the rate", 200, st, out, "HourRate")
		st, out = call(t, app, "POST", base+"/benefits", "lake", `{"organization_id":"lake","kind":"referrals",
			"period":"2026-Q3","amount":14}`)
		want("lake reports referrals", 201, st, out, "Benefit")
		st, out = call(t, app, "GET", base+"/benefits", "member", "")
		want("a member reads benefits", 200, st, out, "BenefitList")
		st, out = call(t, app, "GET", base+"/contributions", "member", "")
		want("a member reads entries", 200, st, out, "ContributionList")
		st, out = call(t, app, "GET", base+"/balance", "steward", "")
		want("an outsider reads the balance", 404, st, out, "")
		st, out = call(t, app, "GET", base+"/balance", "member", "")
		want("a member reads the balance", 200, st, out, "Balance")
		if !strings.Contains(out, `"unit":"fte"`) || !strings.Contains(out, `"voters":2`) {
			t.Errorf("balance %s", out)
		}

		st, out = call(t, app, "POST", base+"/offers", "lake", `{"organization_id":"lake","side":"offer",
			"category":"space","title":"Meeting room on Tuesdays"}`)
		want("lake offers", 201, st, out, "Post")
		var offer, need struct{ ID int64 }
		_ = json.Unmarshal([]byte(out), &offer)
		st, out = call(t, app, "POST", base+"/offers", "member", `{"organization_id":"river","side":"need",
			"category":"space","title":"A room for a Tuesday class"}`)
		want("river needs", 201, st, out, "Post")
		_ = json.Unmarshal([]byte(out), &need)
		st, out = call(t, app, "GET", base+"/offers", "lake", "")
		want("the board", 200, st, out, "OfferBoard")
		if !strings.Contains(out, "both are space") {
			t.Errorf("no suggestion: %s", out)
		}
		body := fmt.Sprintf(`{"offer_id":%d,"need_id":%d}`, offer.ID, need.ID)
		st, out = call(t, app, "POST", base+"/matches", "steward", body)
		want("an outsider proposes", 404, st, out, "")
		st, out = call(t, app, "POST", base+"/matches", "member", body)
		want("river proposes", 201, st, out, "Match")
		var m struct{ ID int64 }
		_ = json.Unmarshal([]byte(out), &m)
		answer := fmt.Sprintf("%s/matches/%d/answer", base, m.ID)
		st, out = call(t, app, "POST", answer, "member", `{"answer":"accept"}`)
		want("the proposer accepts", 403, st, out, "")
		st, out = call(t, app, "POST", answer, "lake", `{}`)
		want("an answer that is neither", 422, st, out, "")
		st, out = call(t, app, "POST", answer, "lake", `{"answer":"accept"}`)
		want("lake accepts", 200, st, out, "Match")
		outcome := fmt.Sprintf("%s/matches/%d/outcome", base, m.ID)
		st, out = call(t, app, "PUT", outcome, "harbor", `{"outcome":"Fine"}`)
		want("an invited organization records the outcome", 404, st, out, "")
		st, out = call(t, app, "PUT", outcome, "member", `{"outcome":"Six classes held"}`)
		want("river records the outcome", 200, st, out, "Match")
		st, out = call(t, app, "POST", fmt.Sprintf("%s/offers/%d/close", base, offer.ID), "member", "")
		want("river closes lake's offer", 403, st, out, "")
		st, out = call(t, app, "POST", fmt.Sprintf("%s/offers/%d/close", base, offer.ID), "lake", "")
		want("lake closes its offer", 200, st, out, "Post")
	})
}
