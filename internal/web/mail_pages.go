package web

import (
	"backbone/internal/events"
	"backbone/internal/notify"
	"net/http"
	"strconv"

	"backbone/internal/httpx"
	"backbone/internal/mail"
)

// mailListData is the Mail page: the outbox, for platform admins.
type mailListData struct {
	Setup    mail.Setup
	Status   string
	Statuses []string
	Counts   map[string]int
	Messages []mail.Entry
	// Background is what turns changes into notifications, and the
	// periodic tasks (reminders, digests).
	Background notify.Background
}

// mailList shows the outbox, newest first, optionally one status.
func (h *handler) mailList(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	status := r.URL.Query().Get("status")
	list, err := h.Mail.List(r.Context(), actor, mail.Filter{Status: status, Limit: 200})
	if err != nil {
		return err
	}
	counts, err := h.Mail.Counts(r.Context(), actor)
	if err != nil {
		return err
	}
	setup, err := h.Mail.Setup(r.Context())
	if err != nil {
		return err
	}
	bg, err := h.Notify.BackgroundState(r.Context(), actor, events.DefaultMaxAttempts)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "mail", "Mail", "settings", &mailListData{Setup: setup, Status: status,
		Background: bg,
		Statuses: []string{
			mail.StatusQueued,
			mail.StatusSending,
			mail.StatusSent,
			mail.StatusFailed,
		}, Counts: counts, Messages: list})
	return nil
}

// mailMessageData is one message as it would arrive.
type mailMessageData struct {
	Setup   mail.Setup
	Message mail.Entry
}

// mailMessage shows one message: subject, sender, recipient, both parts
// (the HTML one in a sandboxed frame) and what became of it.
func (h *handler) mailMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	m, err := h.Mail.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	setup, err := h.Mail.Setup(r.Context())
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "mail_message", m.Subject, "settings", &mailMessageData{Setup: setup, Message: m})
	return nil
}

// mailMessageHTML serves a message's HTML part for the frame of the
// message page, under a policy of its own: no scripts, nothing fetched
// from anywhere, the inline styles e-mail needs, and framed only by
// Backbone's own pages (the frame is sandboxed as well).
func (h *handler) mailMessageHTML(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	m, err := h.Mail.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set(
		"Content-Security-Policy",
		"default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
	)
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(m.HTML))
	return nil
}

// mailResend puts a failed message back in the outbox.
func (h *handler) mailResend(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	m, err := h.Mail.Resend(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "“"+m.Subject+"” to "+m.To+" is in the outbox again.")
	redirect(w, r, "/mail/"+strconv.FormatInt(id, 10))
	return nil
}
