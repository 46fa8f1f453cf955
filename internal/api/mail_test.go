package api

import "testing"

// The mail outbox: platform admins only. No mail server is set in these
// tests, so messages stay queued.
func TestMailAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "admin sends a test message", Method: "POST", URL: "/api/v1/mail/test", Token: "admin",
			Body: `{"to":"ana@example.org"}`, ExpectedStatus: 202, Schema: "MailMessage",
			ExpectedContent: []string{
				`"to":"ana@example.org"`,
				`"status":"queued"`,
				`"subject":"Backbone test message"`,
				`"kind":"test"`,
			}},
		{Name: "the address is named", Method: "POST", URL: "/api/v1/mail/test", Token: "admin",
			Body: `{"to":"not an address"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"to"`}},
		{Name: "a steward may not send a test message", Method: "POST", URL: "/api/v1/mail/test", Token: "steward",
			Body: `{"to":"ana@example.org"}`, ExpectedStatus: 403},
		{
			Name:           "nobody signed in",
			Method:         "POST",
			URL:            "/api/v1/mail/test",
			Body:           `{"to":"ana@example.org"}`,
			ExpectedStatus: 401,
		},
		{
			Name:            "admin reads the outbox",
			Method:          "GET",
			URL:             "/api/v1/mail",
			Token:           "admin",
			ExpectedStatus:  200,
			Schema:          "MailList",
			ExpectedContent: []string{`"sending":false`, `"to":"waiting@example.org"`, `"to":"refused@example.org"`},
		},
		{
			Name:               "admin reads only what failed, with the server's answer",
			Method:             "GET",
			URL:                "/api/v1/mail?status=failed",
			Token:              "admin",
			ExpectedStatus:     200,
			Schema:             "MailList",
			ExpectedContent:    []string{`"to":"refused@example.org"`, `"last_error":"550 5.1.1 No such user"`},
			NotExpectedContent: []string{"waiting@example.org"},
		},
		{
			Name:            "admin resends the refused message",
			Method:          "POST",
			URL:             "/api/v1/mail/{mail_failed}/resend",
			Token:           "admin",
			ExpectedStatus:  200,
			Schema:          "MailMessage",
			ExpectedContent: []string{`"status":"queued"`, `"attempts":0`},
		},
		{
			Name:            "a status that is none",
			Method:          "GET",
			URL:             "/api/v1/mail?status=lost",
			Token:           "admin",
			ExpectedStatus:  422,
			ExpectedContent: []string{`"field":"status"`},
		},
		{
			Name:           "a member may not read the outbox",
			Method:         "GET",
			URL:            "/api/v1/mail",
			Token:          "member",
			ExpectedStatus: 403,
		},
		{
			Name:            "a queued message cannot be resent",
			Method:          "POST",
			URL:             "/api/v1/mail/{mail_queued}/resend",
			Token:           "admin",
			ExpectedStatus:  422,
			ExpectedContent: []string{`"field":"status"`, "only a message that failed"},
		},
		{
			Name:           "a message that is not there",
			Method:         "POST",
			URL:            "/api/v1/mail/99/resend",
			Token:          "admin",
			ExpectedStatus: 404,
		},
		{
			Name:           "a steward may not resend",
			Method:         "POST",
			URL:            "/api/v1/mail/{mail_failed}/resend",
			Token:          "steward",
			ExpectedStatus: 403,
		},
	})
}

// Password links by e-mail: anyone may ask, and hears the same whether
// the address has an account or not; platform admins send one to a person.
func TestPasswordLinkAPI(t *testing.T) {
	same := "If an account has this address, a link to choose a new password is on its way."
	runScenarios(t, []scenario{
		{Name: "a person who has an account asks", Method: "POST", URL: "/api/v1/password-reset",
			Body: `{"email":"member@example.org"}`, ExpectedStatus: 202, Schema: "PasswordResetAnswer",
			ExpectedContent: []string{same}},
		{Name: "an address without an account gets the same answer", Method: "POST", URL: "/api/v1/password-reset",
			Body: `{"email":"nobody@example.org"}`, ExpectedStatus: 202, Schema: "PasswordResetAnswer",
			ExpectedContent: []string{same}},
		{Name: "not an address", Method: "POST", URL: "/api/v1/password-reset",
			Body: `{"email":"nope"}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"email"`}},
		{
			Name:            "admin sends an invitation",
			Method:          "POST",
			URL:             "/api/v1/users/member@example.org/password-link",
			Token:           "admin",
			Body:            `{"invite":true}`,
			ExpectedStatus:  202,
			Schema:          "PasswordResetAnswer",
			ExpectedContent: []string{"member@example.org"},
		},
		{
			Name:           "a steward may not",
			Method:         "POST",
			URL:            "/api/v1/users/member@example.org/password-link",
			Token:          "steward",
			Body:           `{}`,
			ExpectedStatus: 403,
		},
		{Name: "nobody there", Method: "POST", URL: "/api/v1/users/nobody@example.org/password-link", Token: "admin",
			Body: `{}`, ExpectedStatus: 404},
	})
}
