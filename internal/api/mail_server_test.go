package api

import "testing"

// The mail server's settings: platform admins only; the password never
// comes back.
func TestMailServerAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "no server yet", Method: "GET", URL: "/api/v1/mail/server", Token: "admin", ExpectedStatus: 200,
			Schema: "MailServer", ExpectedContent: []string{`"smtp_url":""`, `"sending":false`, `"source":""`}},
		{Name: "admin sets one", Method: "PUT", URL: "/api/v1/mail/server", Token: "admin",
			Body: `{"smtp_url":"smtp://hub:s3cret-pw@mail.example.org:587?tls=starttls","from":"Hub ` +
				`<hub@example.org>"}`,
			ExpectedStatus: 200, Schema: "MailServer",
			ExpectedContent: []string{`"smtp_url":"smtp://hub@mail.example.org:587?tls=starttls"`,
				`"has_password":true`, `"source":"settings"`, `"sending":true`, `"from":"Hub \u003chub@example.org\u003e"`},
			NotExpectedContent: []string{"s3cret-pw"}},
		{Name: "a bad URL is named", Method: "PUT", URL: "/api/v1/mail/server", Token: "admin",
			Body: `{"smtp_url":"smtp://mail.example.org?tls=maybe"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"smtp_url"`, "tls=\\\"maybe\\\""}},
		{Name: "a bad sender is named", Method: "PUT", URL: "/api/v1/mail/server", Token: "admin",
			Body: `{"smtp_url":"smtp://mail.example.org","from":"nobody"}`, ExpectedStatus: 422,
			ExpectedContent: []string{`"field":"mail_from"`}},
		{Name: "a steward may not read it", Method: "GET", URL: "/api/v1/mail/server", Token: "steward",
			ExpectedStatus: 403},
		{Name: "a steward may not set it", Method: "PUT", URL: "/api/v1/mail/server", Token: "steward",
			Body: `{"smtp_url":"smtp://mail.example.org"}`, ExpectedStatus: 403},
		{Name: "nobody signed in", Method: "GET", URL: "/api/v1/mail/server", ExpectedStatus: 401},
	})
}
