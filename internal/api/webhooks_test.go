package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestWebhookEndpoints walks a channel's life through the API on one
// workspace per engine: River Alliance's backbone staff add a signed JSON
// channel (its secret shown once), list and read it with the address
// masked, change it, queue a test and redeliver it, and remove it; a
// partner's person may not even list the channels.
func TestWebhookEndpoints(t *testing.T) {
	base := prefix + "/initiatives/1/webhooks"
	eachEngine(t, func(t *testing.T, app *testApp) {
		step := func(s scenario) string {
			t.Helper()
			s = s.withVars(app)
			t.Run(s.Name, func(t *testing.T) { s.run(t, app) })
			_, body := call(t, app, "GET", s.URL, s.Token, "") // for ids, read after the step
			return body
		}
		code, body := call(t, app, "POST", base, "staff", `{"name":"Partners' board","format":"json",`+
			`"url":"https://integrations.example.org/hooks/board/s3cr3tpath","kinds":["decision","activity"]}`)
		if code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		var made struct {
			ID     int64  `json:"id"`
			Secret string `json:"secret"`
		}
		if err := json.Unmarshal([]byte(body), &made); err != nil || !strings.HasPrefix(made.Secret, "whsec_") {
			t.Fatalf("create answered %s", body)
		}
		app.vars["{webhook}"] = fmt.Sprint(made.ID)
		one := base + "/{webhook}"

		step(scenario{Name: "list", Method: "GET", URL: base, Token: "staff", ExpectedStatus: 200,
			Schema: "WebhookList", ExpectedContent: []string{`"url_masked":"https://integrations.example.org/hooks/••••"`,
				`"kinds":["decision","activity"]`, `"signed":true`},
			NotExpectedContent: []string{"s3cr3tpath", "whsec_"}})
		step(scenario{Name: "read", Method: "GET", URL: one, Token: "staff", ExpectedStatus: 200, Schema: "Webhook",
			NotExpectedContent: []string{"s3cr3tpath", "secret"}})
		step(scenario{Name: "a partner may not list", Method: "GET", URL: base, Token: "lake", ExpectedStatus: 403})
		step(scenario{Name: "nor add", Method: "POST", URL: base, Token: "lake", ExpectedStatus: 403,
			Body: `{"name":"x","format":"slack","url":"https://hooks.slack.com/services/a/b/c"}`})
		step(scenario{Name: "signed out", Method: "GET", URL: base, ExpectedStatus: 401})
		step(scenario{Name: "a metadata address", Method: "POST", URL: base, Token: "staff", ExpectedStatus: 422,
			Body:            `{"name":"x","format":"slack","url":"https://169.254.169.254/latest/meta-data"}`,
			ExpectedContent: []string{`"field":"url"`}})
		step(scenario{Name: "plain http", Method: "POST", URL: base, Token: "staff", ExpectedStatus: 422,
			Body: `{"name":"x","format":"teams","url":"http://example.org/x"}`, ExpectedContent: []string{"https://"}})
		step(scenario{Name: "an unknown kind", Method: "POST", URL: base, Token: "staff", ExpectedStatus: 422,
			Body:            `{"name":"x","format":"slack","url":"https://example.org/x","kinds":["gossip"]}`,
			ExpectedContent: []string{`"field":"kinds"`}})
		step(scenario{Name: "a field that does not exist", Method: "POST", URL: base, Token: "staff",
			ExpectedStatus: 400, Body: `{"name":"x","format":"slack","url":"https://example.org/x","secret":"mine"}`})
		step(
			scenario{
				Name:           "another initiative's channel",
				Method:         "GET",
				URL:            prefix + "/initiatives/3/webhooks/{webhook}",
				Token:          "admin",
				ExpectedStatus: 404,
			},
		)

		step(scenario{Name: "turn it off and to Slack", Method: "PATCH", URL: one, Token: "staff", ExpectedStatus: 200,
			Schema: "WebhookMade", Body: `{"enabled":false,"format":"slack"}`,
			ExpectedContent: []string{
				`"enabled":false`,
				`"format":"slack"`,
				`"signed":false`,
				`"name":"Partners' board"`,
			},
			NotExpectedContent: []string{`"secret"`}})
		step(scenario{Name: "queue a test", Method: "POST", URL: one + "/test", Token: "staff", ExpectedStatus: 202,
			Schema: "WebhookDelivery", ExpectedContent: []string{`"kind":"test"`, `"status":"queued"`, `"log":[]`}})
		body = step(scenario{Name: "the deliveries", Method: "GET", URL: one + "/deliveries", Token: "staff",
			ExpectedStatus: 200, Schema: "WebhookDeliveryList", ExpectedContent: []string{"this channel", "works"}})
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 {
			t.Fatalf("deliveries %s", body)
		}
		app.vars["{delivery}"] = fmt.Sprint(list.Items[0].ID)
		step(scenario{Name: "redeliver", Method: "POST", URL: one + "/deliveries/{delivery}/redeliver", Token: "staff",
			ExpectedStatus: 202, Schema: "WebhookDelivery", ExpectedContent: []string{`"attempts":0`}})
		step(scenario{Name: "redeliver someone else's", Method: "POST", URL: one + "/deliveries/99999/redeliver",
			Token: "staff", ExpectedStatus: 404})
		step(scenario{Name: "remove", Method: "DELETE", URL: one, Token: "staff", ExpectedStatus: 204})
		step(scenario{Name: "removed", Method: "GET", URL: one, Token: "staff", ExpectedStatus: 404})
	})
}
