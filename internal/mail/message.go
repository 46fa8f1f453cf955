package mail

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"backbone/internal/store"
)

// Message is one e-mail as Backbone writes it: both a plain-text and an
// HTML part, always.
type Message struct {
	Kind    string // what it is for: test, password_reset, invitation, ...
	To      string
	Subject string
	Text    string
	HTML    string
	// ListUnsubscribe is where a recipient stops messages of this kind (a
	// URL), for the List-Unsubscribe header; "" for messages one cannot
	// stop, such as a password link.
	ListUnsubscribe string
	// At is when the change that caused it happened: the outbox's
	// created_at, and when it is first due.
	At time.Time
	// Attachment is a file sent with the message, nil for none: a
	// meeting's invitation (invite.ics).
	Attachment *Attachment
}

// Attachment is a file that goes with a message. A calendar invitation
// (ContentType "text/calendar; method=REQUEST") is also written as a third
// alternative of the body, where Outlook and Gmail look for it to show
// their accept and decline buttons.
type Attachment struct {
	ContentType string // the MIME type, with its parameters
	Name        string // the file name, e.g. invite.ics
	Body        string // the content; text only (a calendar)
}

// Calendar tells an attachment that is an iCalendar object.
func (a *Attachment) Calendar() bool {
	return a != nil && strings.HasPrefix(strings.ToLower(a.ContentType), "text/calendar")
}

//go:embed templates
var templateFiles embed.FS

var (
	textTemplates = texttemplate.Must(texttemplate.New("").ParseFS(templateFiles, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFiles, "templates/*.html"))
)

// Compose renders a message of a kind from its templates:
// templates/KIND.txt defines "KIND subject" and "KIND text", and
// templates/KIND.html defines "KIND html", inside the shared layout.
func Compose(kind, to string, at time.Time, data any) (Message, error) {
	var subj, text, html bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&subj, kind+" subject", data); err != nil {
		return Message{}, fmt.Errorf("compose %s subject: %w", kind, err)
	}
	if err := textTemplates.ExecuteTemplate(&text, kind+" text", data); err != nil {
		return Message{}, fmt.Errorf("compose %s text: %w", kind, err)
	}
	if err := htmlTemplates.ExecuteTemplate(&html, kind+" html", data); err != nil {
		return Message{}, fmt.Errorf("compose %s html: %w", kind, err)
	}
	return Message{
		Kind: kind, To: to, At: at,
		Subject: strings.Join(strings.Fields(subj.String()), " "),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    html.String(),
	}, nil
}

// Enqueue writes a message to the outbox inside the caller's transaction
// (or on the database, for a message caused by nothing else): it is sent
// once the transaction commits, never if it rolls back. It returns the
// message's number in the outbox.
func Enqueue(ctx context.Context, tx store.Querier, m Message) (int64, error) {
	if err := CheckAddress("to", m.To); err != nil {
		return 0, err
	}
	if m.Kind == "" || m.Subject == "" || m.Text == "" || m.HTML == "" {
		return 0, fmt.Errorf(
			"enqueue mail to %s: a message needs a kind, a subject, a text part and an HTML part",
			m.To,
		)
	}
	if m.At.IsZero() {
		return 0, fmt.Errorf("enqueue mail %s: the message has no time", m.Kind)
	}
	var att Attachment
	if m.Attachment != nil {
		att = *m.Attachment
		if att.ContentType == "" || att.Name == "" {
			return 0, fmt.Errorf("enqueue mail %s: an attachment needs a content type and a name", m.Kind)
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO mail_outbox
		(kind, to_address, subject, text_body, html_body, list_unsubscribe, status, created_at, next_attempt_at,
		attachment_type, attachment_name, attachment_body)
		VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $7, $8, $9, $10) RETURNING id`,
		m.Kind, m.To, m.Subject, m.Text, m.HTML, m.ListUnsubscribe, m.At.UTC(),
		att.ContentType, att.Name, att.Body).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("enqueue mail %s: %w", m.Kind, err)
	}
	return id, nil
}
