package api

import "testing"

// The work fixture's people have no notifications yet (nothing has been
// dispatched); the store's tests cover what makes them.
func TestNotificationEndpoints(t *testing.T) {
	list, prefs := prefix+"/me/notifications", prefix+"/me/notification-preferences"
	runWorkScenarios(t, []scenario{
		{Name: "list one's notifications", Method: "GET", URL: list, Token: "lake", ExpectedStatus: 200,
			Schema: "NotificationList", ExpectedContent: []string{`"items":[]`, `"unread":0`}},
		{Name: "only the unread", Method: "GET", URL: list + "?unread=true", Token: "lake", ExpectedStatus: 200,
			Schema: "NotificationList"},
		{Name: "a bad unread flag is named", Method: "GET", URL: list + "?unread=maybe", Token: "lake",
			ExpectedStatus: 422, ExpectedContent: []string{"unread", "true or false"}},
		{Name: "a bad page mark is named", Method: "GET", URL: list + "?before=x", Token: "lake",
			ExpectedStatus: 422, ExpectedContent: []string{"before"}},
		{Name: "nobody signed in", Method: "GET", URL: list, ExpectedStatus: 401},
		{Name: "mark all read", Method: "POST", URL: list + "/read", Token: "lake", Body: `{}`, ExpectedStatus: 200,
			Schema: "NotificationsMarked", ExpectedContent: []string{`"marked":0`}},
		{Name: "the choices, with defaults", Method: "GET", URL: prefs, Token: "lake", ExpectedStatus: 200,
			Schema: "NotificationPreferenceList", ExpectedContent: []string{
				`"kind":"vote_needed"`, `"required":true`, `"delivery":"now"`, `"kind":"milestone_reached"`,
				`"delivery":"weekly"`}},
		{Name: "choose a digest", Method: "PUT", URL: prefs, Token: "lake",
			Body: `{"report_late":"weekly","milestone_reached":"off"}`, ExpectedStatus: 200,
			Schema:          "NotificationPreferenceList",
			ExpectedContent: []string{`"kind":"report_late","label":"Late reports"`}},
		{Name: "a required kind cannot be off", Method: "PUT", URL: prefs, Token: "lake",
			Body: `{"vote_needed":"off"}`, ExpectedStatus: 422, ExpectedContent: []string{"vote_needed",
				"cannot be turned off"}},
		{Name: "an unknown delivery is named", Method: "PUT", URL: prefs, Token: "lake",
			Body: `{"report_late":"hourly"}`, ExpectedStatus: 422, ExpectedContent: []string{"report_late"}},
		{Name: "nobody signed in cannot choose", Method: "PUT", URL: prefs, Body: `{}`, ExpectedStatus: 401},
	})
}
