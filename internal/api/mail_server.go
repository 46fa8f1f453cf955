package api

import (
	"net/http"

	"backbone/internal/httpx"
	"backbone/internal/mail"
)

// mailServerRoutes read and set the mail server, as the settings page does.
func (h *handler) mailServerRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/mail/server", OperationID: "getMailServer", Tag: "people",
			Summary: "The mail server messages go through, without its password, and the sender (platform admins)",
			Status:  200, Response: "MailServer", Problems: []int{401, 403}, handle: (*handler).getMailServer},
		{Method: "PUT", Pattern: prefix + "/mail/server", OperationID: "setMailServer", Tag: "people",
			Summary: "Set the mail server and the sender, as the settings page does; an empty smtp_url stops " +
				"using a saved one (platform admins). The password is kept when the user and host stay the same " +
				"and none is given",
			Request: "MailServerSet", Status: 200, Response: "MailServer", Problems: writeProblems,
			handle: (*handler).setMailServer},
	}
}

func (h *handler) getMailServer(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Mail.View(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, v)
	return nil
}

func (h *handler) setMailServer(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		SMTPURL  string `json:"smtp_url"`
		Password string `json:"password"`
		From     string `json:"from"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	s, err := h.Mail.SaveServer(r.Context(), httpx.Actor(r), mail.ServerInput{URL: in.SMTPURL, Password: in.Password,
		From: in.From})
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, s.View())
	return nil
}

// mailServerSchemas documents the mail server's settings.
func mailServerSchemas() obj {
	str := obj{"type": "string"}
	return obj{
		"MailServer": obj{"type": "object", "additionalProperties": false,
			"required": []string{"smtp_url", "has_password", "from", "source", "sending", "flag_set"},
			"properties": obj{
				"smtp_url": obj{"type": "string",
					"description": "smtp://user@host:port?tls=none|starttls|tls, never with the password; empty for none"},
				"has_password": obj{"type": "boolean"},
				"from":         str,
				"source": obj{"type": "string", "enum": []string{"settings", "flag", "demo", ""},
					"description": "Where the server comes from: the settings, --smtp-url, or none (demo: never sent)"},
				"sending":  obj{"type": "boolean", "description": "Whether messages are sent at all"},
				"flag_set": obj{"type": "boolean", "description": "The server was started with --smtp-url"},
			}},
		"MailServerSet": obj{"type": "object", "additionalProperties": false,
			"properties": obj{
				"smtp_url": obj{"type": "string", "description": "smtp://user[:password]@host:port?tls=..., " +
					"or empty to stop using a saved server"},
				"password": obj{"type": "string", "description": "Replaces the URL's password"},
				"from":     obj{"type": "string", "description": "The sender, like Backbone <backbone@example.org>"},
			}},
	}
}
