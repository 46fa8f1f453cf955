package api

import (
	"net/http"
	"strconv"
	"time"

	"backbone/internal/httpx"
	"backbone/internal/mail"
)

// mailRoutes are the mail outbox's endpoints, for platform admins.
func (h *handler) mailRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/mail", OperationID: "listMail", Tag: "people",
			Summary: "The mail outbox, newest first: every message Backbone sent or will send, with the mail server's answers " +
				"(platform admins)",
			Query: []param{{Name: "status", Description: "Only messages queued, sending, sent or failed",
				Schema: obj{
					"type": "string",
					"enum": []string{mail.StatusQueued, mail.StatusSending, mail.StatusSent, mail.StatusFailed},
				}}},
			Status: 200, Response: "MailList", Problems: []int{400, 401, 403, 422}, handle: (*handler).listMail},
		{Method: "POST", Pattern: prefix + "/mail/{id}/resend", OperationID: "resendMail", Tag: "people",
			Summary: "Put a message that failed back in the outbox, to be sent again (platform admins)",
			Status:  200, Response: "MailMessage", Problems: []int{400, 401, 403, 404, 422}, handle: (*handler).resendMail},
		{
			Method:      "POST",
			Pattern:     prefix + "/password-reset",
			OperationID: "requestPasswordReset",
			Tag:         "people",
			Public:      true,
			Summary: "Ask for a link to choose a new password, sent by e-mail to the account with this address if there is " +
				"one; the answer is the same either way. At most 3 links an hour per person, and a few requests a " +
				"minute per client",
			Request:  "PasswordResetRequest",
			Status:   202,
			Response: "PasswordResetAnswer",
			Problems: []int{400, 413, 415, 422, 429},
			handle:   (*handler).requestPasswordReset,
		},
		{
			Method:      "POST",
			Pattern:     prefix + "/users/{person}/password-link",
			OperationID: "sendPasswordLink",
			Tag:         "people",
			Summary: "E-mail a person a link to choose a new password (1 hour), or, with invite, their first one (7 days) " +
				"(platform admins)",
			Request:  "PasswordLinkInput",
			Status:   202,
			Response: "PasswordResetAnswer",
			Problems: []int{400, 401, 403, 404, 409, 413, 415, 422},
			handle:   (*handler).sendPasswordLink,
		},
		{Method: "POST", Pattern: prefix + "/mail/test", OperationID: "sendTestMail", Tag: "people",
			Summary: "Put a test message to an address in the outbox, to check the mail server (platform admins)",
			Request: "MailTest", Status: 202, Response: "MailMessage", Headers: []string{"Location"},
			Problems: []int{400, 401, 403, 413, 415, 422}, handle: (*handler).sendTestMail},
	}
}

// mailMessage is a message of the outbox as the API shows it.
type mailMessage struct {
	ID              int64      `json:"id"`
	Kind            string     `json:"kind"`
	To              string     `json:"to"`
	Subject         string     `json:"subject"`
	Text            string     `json:"text"`
	HTML            string     `json:"html"`
	ListUnsubscribe string     `json:"list_unsubscribe"`
	Status          string     `json:"status"`
	Attempts        int        `json:"attempts"`
	CreatedAt       time.Time  `json:"created_at"`
	NextAttemptAt   time.Time  `json:"next_attempt_at"`
	LastError       string     `json:"last_error"`
	SentAt          *time.Time `json:"sent_at"`
}

func toMailMessage(e mail.Entry) mailMessage {
	return mailMessage{ID: e.ID, Kind: e.Kind, To: e.To, Subject: e.Subject, Text: e.Text, HTML: e.HTML,
		ListUnsubscribe: e.ListUnsubscribe, Status: e.Status, Attempts: e.Attempts, CreatedAt: e.At,
		NextAttemptAt: e.NextAttemptAt, LastError: e.LastError, SentAt: e.SentAt}
}

// mailList is the outbox, and whether its messages are being sent.
type mailList struct {
	Sending bool          `json:"sending"`
	Items   []mailMessage `json:"items"`
}

func (h *handler) listMail(w http.ResponseWriter, r *http.Request) error {
	entries, err := h.Mail.List(
		r.Context(),
		httpx.Actor(r),
		mail.Filter{Status: r.URL.Query().Get("status"), Limit: 200},
	)
	if err != nil {
		return err
	}
	setup, err := h.Mail.Setup(r.Context())
	if err != nil {
		return err
	}
	out := mailList{Sending: setup.Sending(), Items: []mailMessage{}}
	for _, e := range entries {
		out.Items = append(out.Items, toMailMessage(e))
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (h *handler) resendMail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := h.Mail.Resend(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, toMailMessage(e))
	return nil
}

// mailTest is the body of POST /mail/test.
type mailTest struct {
	To string `json:"to"`
}

func (h *handler) sendTestMail(w http.ResponseWriter, r *http.Request) error {
	var body mailTest
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	id, err := h.Mail.SendTest(r.Context(), httpx.Actor(r), body.To)
	if err != nil {
		return err
	}
	e, err := h.Mail.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+"/mail?status="+e.Status+"#"+strconv.FormatInt(id, 10))
	h.writeJSON(w, r, http.StatusAccepted, toMailMessage(e))
	return nil
}

// siteURL is where people reach Backbone, for links in e-mail: the
// --base-url, or else the address the request came to.
func (h *handler) siteURL(r *http.Request) string {
	if s := h.Mail.Site(); s != "" {
		return s
	}
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// passwordResetAnswer says what happens, the same whether an account has
// the address or not.
type passwordResetAnswer struct {
	Message string `json:"message"`
}

func (h *handler) requestPasswordReset(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Email string `json:"email"`
	}
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if !h.resets.Allow(httpx.ClientIP(r)) {
		w.Header().Set("Retry-After", "60")
		return &requestError{status: http.StatusTooManyRequests, kind: "too-many-requests",
			detail: "too many password-link requests from this address; wait a minute and try again"}
	}
	if err := h.Mail.RequestPasswordReset(r.Context(), body.Email, h.siteURL(r)); err != nil {
		return err
	}
	h.writeJSON(
		w,
		r,
		http.StatusAccepted,
		passwordResetAnswer{Message: "If an account has this address, a link to choose a new password is on its way."},
	)
	return nil
}

func (h *handler) sendPasswordLink(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Invite bool `json:"invite"`
	}
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	id, err := h.personID(r)
	if err != nil {
		return err
	}
	email, err := h.Mail.SendPasswordLink(r.Context(), httpx.Actor(r), id, body.Invite, h.siteURL(r))
	if err != nil {
		return err
	}
	h.writeJSON(
		w,
		r,
		http.StatusAccepted,
		passwordResetAnswer{Message: "A link to choose a password is in the outbox for " + email + "."},
	)
	return nil
}

// mailSchemas documents the outbox's bodies.
func mailSchemas() obj {
	str := obj{"type": "string"}
	object := func(desc string, required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	msg := object(
		"A message in the mail outbox",
		[]string{"id", "kind", "to", "subject", "text", "html", "list_unsubscribe",
			"status", "attempts", "created_at", "next_attempt_at", "last_error", "sent_at"},
		obj{
			"id":      obj{"type": "integer"},
			"kind":    obj{"type": "string", "description": "What it is for: test, ..."},
			"to":      str,
			"subject": str,
			"text":    obj{"type": "string", "description": "The plain-text part"},
			"html":    obj{"type": "string", "description": "The HTML part"},
			"list_unsubscribe": obj{
				"type":        "string",
				"description": "Where the recipient stops messages of this kind; empty for none",
			},
			"status": obj{
				"type":        "string",
				"enum":        []string{mail.StatusQueued, mail.StatusSending, mail.StatusSent, mail.StatusFailed},
				"description": "queued (waiting, or to be tried again), sending, sent (the server took it) or failed",
			},
			"attempts":   obj{"type": "integer", "description": "How many times it was tried"},
			"created_at": obj{"type": "string", "format": "date-time"},
			"next_attempt_at": obj{
				"type":        "string",
				"format":      "date-time",
				"description": "When it is tried next, while queued",
			},
			"last_error": obj{
				"type":        "string",
				"description": "The mail server's last answer, or why it could not be reached",
			},
			"sent_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		},
	)
	return obj{
		"MailMessage": msg,
		"MailList": object("The mail outbox, newest first", []string{"sending", "items"}, obj{
			"sending": obj{
				"type":        "boolean",
				"description": "Whether a mail server is set; without one messages stay queued",
			},
			"items": obj{"type": "array", "items": ref("MailMessage")}}),
		"PasswordResetRequest": object(
			"Whose password was forgotten",
			[]string{"email"},
			obj{"email": obj{"type": "string", "format": "email"}},
		),
		"PasswordLinkInput": object("What the link is for", nil, obj{"invite": obj{"type": "boolean", "default": false,
			"description": "An invitation to choose a first password (the link works 7 days), not a forgotten one's (1 hour)"}}),
		"PasswordResetAnswer": object("What happens next", []string{"message"}, obj{"message": str}),
		"MailTest": object(
			"Where to send a test message",
			[]string{"to"},
			obj{"to": obj{"type": "string", "format": "email"}},
		),
	}
}
