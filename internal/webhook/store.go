package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/events"
	"backbone/internal/store"
)

// SecretPrefix starts every signing secret, so that a leaked one is easy
// to recognise.
const SecretPrefix = "whsec_"

// Service keeps an initiative's channels and their deliveries.
type Service struct {
	db    *store.DB
	rules *account.Store
	wake  chan struct{}
	// Site is the address people reach Backbone at (https://backbone.example.org),
	// for the links in posts; "" when unknown, and posts then carry no link.
	Site string
	// AllowLoopback lets channels post to this machine, over plain http
	// too: for tests and local development only (see CheckURL).
	AllowLoopback bool
}

// New returns the service over db, deciding with rules.
func New(db *store.DB, rules *account.Store) *Service {
	return &Service{db: db, rules: rules, wake: make(chan struct{}, 1)}
}

func (s *Service) now() time.Time { return s.db.Now().UTC() }

// Wake tells a running worker that a delivery waits.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) checkURL(raw string) error { return CheckURL(raw, s.AllowLoopback) }

const webhookColumns = `id, initiative_id, name, format, url, secret, kinds, enabled, failures, created_at, updated_at`

// target is a channel with what posting needs: its address and secret.
type target struct {
	Webhook
	url, secret string
}

func scanWebhook(row store.Scanner) (target, error) {
	var t target
	var kinds string
	err := row.Scan(&t.ID, &t.InitiativeID, &t.Name, &t.Format, &t.url, &t.secret, &kinds, &t.Enabled, &t.Failures,
		&t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return t, err
	}
	t.MaskedURL = MaskURL(t.url)
	t.Signed = t.secret != ""
	t.Kinds = splitKinds(kinds)
	return t, nil
}

func splitKinds(s string) []string {
	if s == "" {
		return append([]string(nil), Kinds...)
	}
	return strings.Split(s, ",")
}

// List returns an initiative's channels, oldest first.
func (s *Service) List(ctx context.Context, actor account.Actor, initiativeID int64) ([]Webhook, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE initiative_id = $1 ORDER BY id`,
		initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		t, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("list channels: %w", err)
		}
		out = append(out, t.Webhook)
	}
	return out, rows.Err()
}

// Get returns one of an initiative's channels; one of another initiative
// is not found.
func (s *Service) Get(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Webhook, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	t, err := s.get(ctx, s.db, initiativeID, id)
	if err != nil {
		return nil, err
	}
	return &t.Webhook, nil
}

func (s *Service) get(ctx context.Context, q store.Querier, initiativeID, id int64) (target, error) {
	t, err := scanWebhook(q.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks
		WHERE id = $1 AND initiative_id = $2`, id, initiativeID))
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("channel %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("read channel %d: %w", id, err)
	}
	return t, nil
}

// Create adds a channel to an initiative. A JSON channel gets a signing
// secret, returned here and never again; the others get none ("").
func (s *Service) Create(ctx context.Context, actor account.Actor, initiativeID int64, in Input) (*Webhook, string,
	error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, "", err
	}
	if err := in.normalize(s.checkURL, false); err != nil {
		return nil, "", err
	}
	var secret string
	if in.Format == FormatJSON {
		secret = SecretPrefix + account.RandomToken(24)
	}
	enabled := in.Enabled == nil || *in.Enabled
	now := s.now()
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO webhooks (initiative_id, name, format, url, secret, kinds,
			enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			initiativeID, in.Name, in.Format, in.URL, secret, strings.Join(in.Kinds, ","), enabled, now).
			Scan(&id); err != nil {
			return fmt.Errorf("add channel: %w", err)
		}
		return s.audit(
			ctx,
			tx,
			actor,
			now,
			"webhook_create",
			initiativeID,
			id,
			fmt.Sprintf(
				"added the channel %s (%s, %s)",
				account.Quote(in.Name),
				FormatName(in.Format),
				MaskURL(in.URL),
			),
		)
	})
	if err != nil {
		return nil, "", err
	}
	w, err := s.Get(ctx, actor, initiativeID, id)
	return w, secret, err
}

// Update changes a channel. An empty URL keeps the saved one; the secret
// stays (a channel changed to JSON gets one, returned here; one changed
// from JSON loses it).
func (s *Service) Update(ctx context.Context, actor account.Actor, initiativeID, id int64, in Input) (*Webhook,
	string, error) {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return nil, "", err
	}
	old, err := s.get(ctx, s.db, initiativeID, id)
	if err != nil {
		return nil, "", err
	}
	if err := in.normalize(s.checkURL, true); err != nil {
		return nil, "", err
	}
	url, secret, shown := old.url, old.secret, ""
	if in.URL != "" {
		url = in.URL
	}
	switch {
	case in.Format == FormatJSON && secret == "":
		secret = SecretPrefix + account.RandomToken(24)
		shown = secret
	case in.Format != FormatJSON:
		secret = ""
	}
	enabled := old.Enabled
	if in.Enabled != nil {
		enabled = *in.Enabled
	}
	failures := old.Failures
	if url != old.url {
		failures = 0 // a new address starts afresh
	}
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE webhooks SET name = $3, format = $4, url = $5, secret = $6, kinds = $7,
			enabled = $8, updated_at = $9, failures = $10 WHERE id = $1 AND initiative_id = $2`, id, initiativeID,
			in.Name, in.Format, url, secret, strings.Join(in.Kinds, ","), enabled, now, failures); err != nil {
			return fmt.Errorf("change channel %d: %w", id, err)
		}
		what := "changed the channel " + account.Quote(in.Name)
		switch {
		case enabled && !old.Enabled:
			what += " and turned it on"
		case !enabled && old.Enabled:
			what += " and turned it off"
		}
		return s.audit(ctx, tx, actor, now, "webhook_update", initiativeID, id, what)
	})
	if err != nil {
		return nil, "", err
	}
	w, err := s.Get(ctx, actor, initiativeID, id)
	return w, shown, err
}

// Delete removes a channel with its deliveries and their log.
func (s *Service) Delete(ctx context.Context, actor account.Actor, initiativeID, id int64) error {
	if err := s.rules.Check(ctx, actor, account.ManageWebhooks, account.Initiative(initiativeID)); err != nil {
		return err
	}
	old, err := s.get(ctx, s.db, initiativeID, id)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1 AND initiative_id = $2`, id,
			initiativeID); err != nil {
			return fmt.Errorf("remove channel %d: %w", id, err)
		}
		return s.audit(ctx, tx, actor, now, "webhook_delete", initiativeID, id,
			"removed the channel "+account.Quote(old.Name))
	})
}

// audit records a change to a channel. Its entity is the channel, not the
// initiative: the partners' updates feed is about the partnership's work,
// and a channel's own changes would otherwise be posted to it.
func (s *Service) audit(ctx context.Context, tx *sql.Tx, actor account.Actor, at time.Time, action string,
	initiativeID, id int64, what string) error {
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`, initiativeID).Scan(&name); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return account.Record(ctx, tx, actor, account.Event{At: at, Action: action, EntityType: "webhook",
		EntityID: fmt.Sprint(id), Summary: what + " of " + name})
}

// FormatName is how people call a format: Slack, Mattermost, Microsoft
// Teams, signed JSON.
func FormatName(f string) string {
	switch f {
	case FormatSlack:
		return "Slack"
	case FormatMattermost:
		return "Mattermost"
	case FormatTeams:
		return "Microsoft Teams"
	case FormatJSON:
		return "signed JSON"
	}
	return f
}

// Register has d hand every event to the service's handler (Handle).
func (s *Service) Register(d *events.Dispatcher) { d.Handle("webhooks", s.Handle) }
