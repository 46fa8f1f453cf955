package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Statuses of a message in the outbox.
const (
	StatusQueued  = "queued"  // waiting to be sent (or to be tried again)
	StatusSending = "sending" // an instance holds it and is sending it
	StatusSent    = "sent"    // the mail server took it
	StatusFailed  = "failed"  // the server refused it, or every try failed
)

// Entry is a message as the outbox holds it.
type Entry struct {
	ID int64
	Message
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastError     string // the mail server's last answer, or why it could not be reached
	SentAt        *time.Time
}

// Outbox reads and changes the mail outbox, and knows which mail server to
// send through: one saved on the settings page wins over the one the
// server was started with (--smtp-url); with --demo there is none.
type Outbox struct {
	db       *store.DB
	accounts *account.Store
	flag     *Server // from --smtp-url, nil when not set
	flagFrom string
	demo     bool
	site     string
	wake     chan struct{} // tells a running worker that a message waits
}

// Options are how the server was started.
type Options struct {
	SMTPURL  string // --smtp-url, "" for none
	MailFrom string // BACKBONE_MAIL_FROM
	Demo     bool   // serve --demo: never send
	Site     string // the address people reach Backbone at, for links; "" when unknown
}

// NewOutbox returns the outbox of a database. A bad SMTP URL is an error
// naming --smtp-url.
func NewOutbox(db *store.DB, accounts *account.Store, o Options) (*Outbox, error) {
	out := &Outbox{
		db:       db,
		accounts: accounts,
		flagFrom: o.MailFrom,
		demo:     o.Demo,
		site:     o.Site,
		wake:     make(chan struct{}, 1),
	}
	if o.SMTPURL != "" {
		srv, err := ParseURL("--smtp-url", o.SMTPURL)
		if err != nil {
			return nil, err
		}
		out.flag = &srv
	}
	if err := CheckFrom("BACKBONE_MAIL_FROM", o.MailFrom); err != nil {
		return nil, err
	}
	return out, nil
}

func (o *Outbox) now() time.Time { return o.db.Now() }

// Wake tells a worker running in this process to look at the outbox now,
// rather than at its next round: after a message was enqueued by a person
// who waits for it.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Site is the address people reach Backbone at, "" when unknown.
func (o *Outbox) Site() string { return o.site }

const entryColumns = `id, kind, to_address, subject, text_body, html_body, list_unsubscribe, status, attempts,
	created_at, next_attempt_at, last_error, sent_at, attachment_type, attachment_name, attachment_body`

func scanEntry(row interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var sent sql.NullTime
	var att Attachment
	err := row.Scan(&e.ID, &e.Kind, &e.To, &e.Subject, &e.Text, &e.HTML, &e.ListUnsubscribe, &e.Status, &e.Attempts,
		&e.At, &e.NextAttemptAt, &e.LastError, &sent, &att.ContentType, &att.Name, &att.Body)
	if att.ContentType != "" {
		e.Attachment = &att
	}
	if sent.Valid {
		t := sent.Time.UTC()
		e.SentAt = &t
	}
	e.At, e.NextAttemptAt = e.At.UTC(), e.NextAttemptAt.UTC()
	return e, err
}

// Filter narrows the outbox list.
type Filter struct {
	Status string // one of the statuses, "" for all
	Limit  int    // at most this many, newest first; 0 for 100
}

// List returns messages in the outbox, newest first, for platform admins
// (ViewMail).
func (o *Outbox) List(ctx context.Context, actor account.Actor, f Filter) ([]Entry, error) {
	if err := o.accounts.Check(ctx, actor, account.ViewMail, account.Platform); err != nil {
		return nil, err
	}
	switch f.Status {
	case "", StatusQueued, StatusSending, StatusSent, StatusFailed:
	default:
		return nil, &errs.ValidationError{
			Fields: map[string]string{"status": "must be queued, sending, sent or failed"},
		}
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q := `SELECT ` + entryColumns + ` FROM mail_outbox`
	args := []any{}
	if f.Status != "" {
		q += ` WHERE status = $1`
		args = append(args, f.Status)
	}
	q += fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, f.Limit)
	rows, err := o.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list mail: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("list mail: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Counts returns how many messages are in each status, for platform admins.
func (o *Outbox) Counts(ctx context.Context, actor account.Actor) (map[string]int, error) {
	if err := o.accounts.Check(ctx, actor, account.ViewMail, account.Platform); err != nil {
		return nil, err
	}
	rows, err := o.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_outbox GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count mail: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Get returns one message, for platform admins (ViewMail).
func (o *Outbox) Get(ctx context.Context, actor account.Actor, id int64) (Entry, error) {
	if err := o.accounts.Check(ctx, actor, account.ViewMail, account.Platform); err != nil {
		return Entry{}, err
	}
	return o.get(ctx, o.db, id)
}

func (o *Outbox) get(ctx context.Context, q store.Querier, id int64) (Entry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM mail_outbox WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, errs.ErrNotFound
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read mail %d: %w", id, err)
	}
	return e, nil
}

// Resend puts a failed message back in the outbox, due now, its tries
// counted afresh, for platform admins (ResendMail). Only a failed message
// can be resent: one queued or sent would go twice.
func (o *Outbox) Resend(ctx context.Context, actor account.Actor, id int64) (Entry, error) {
	if err := o.accounts.Check(ctx, actor, account.ResendMail, account.Platform); err != nil {
		return Entry{}, err
	}
	var out Entry
	err := o.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := o.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Status != StatusFailed {
			return &errs.ValidationError{
				Fields: map[string]string{
					"status": "only a message that failed can be sent again; this one is " + e.Status,
				},
			}
		}
		now := o.now()
		if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = $2,
			lease_owner = '', lease_until = NULL WHERE id = $1 AND status = 'failed'`, id, now); err != nil {
			return fmt.Errorf("resend mail %d: %w", id, err)
		}
		if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "resend", EntityType: "mail",
			EntityID: fmt.Sprint(id),
			Summary: "sent again “" + e.Subject + "” to " + e.To +
				" (it had failed: " + oneLine(e.LastError) + ")"}); err != nil {
			return err
		}
		out, err = o.get(ctx, tx, id)
		return err
	})
	if err == nil {
		o.Wake()
	}
	return out, err
}

// TestData is what the test message says.
type TestData struct {
	Site   string // the address people reach Backbone at, "" when unknown
	Sender string // who sent it
}

// SendTest puts a test message to an address in the outbox, for platform
// admins (SendTestMail). It returns the message's number.
func (o *Outbox) SendTest(ctx context.Context, actor account.Actor, to string) (int64, error) {
	if err := o.accounts.Check(ctx, actor, account.SendTestMail, account.Platform); err != nil {
		return 0, err
	}
	to = strings.TrimSpace(to)
	if err := CheckAddress("to", to); err != nil {
		return 0, &errs.ValidationError{
			Fields: map[string]string{"to": "is not an e-mail address (like name@example.org)"},
		}
	}
	sender := actor.Label
	if sender == "" || sender == "cli" {
		sender = "An administrator"
	}
	now := o.now()
	m, err := Compose("test", to, now, TestData{Site: o.site, Sender: sender})
	if err != nil {
		return 0, err
	}
	var id int64
	err = o.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err = Enqueue(ctx, tx, m)
		if err != nil {
			return err
		}
		return account.Record(ctx, tx, actor, account.Event{At: now, Action: "test", EntityType: "mail",
			EntityID: fmt.Sprint(id), Summary: "sent a test message to " + to})
	})
	if err == nil {
		o.Wake()
	}
	return id, err
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// Sent is when the mail server took the message, the zero time if not yet.
func (e Entry) Sent() time.Time {
	if e.SentAt == nil {
		return time.Time{}
	}
	return *e.SentAt
}
