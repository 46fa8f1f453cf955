package webhook_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/events"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/webhook"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fixture is an initiative with its backbone staff (a steward who started
// it), a partner's person who is not staff, and the webhook service.
type fixture struct {
	db       *store.DB
	s        *webhook.Service
	d        *events.Dispatcher
	id       int64
	staff    account.Actor
	outsider account.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))
	sys := account.SystemActor("test")
	steward, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: "ana@example.org", Name: "Ana Ruiz",
		Password: "long enough password", Role: account.RoleSteward})
	if err != nil {
		t.Fatal(err)
	}
	member, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: "bo@example.org", Name: "Bo",
		Password: "long enough password", Role: account.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, s: webhook.New(db, accounts), staff: account.UserActor(steward, "req"),
		outsider: account.UserActor(member, "req")}
	f.s.Site = "https://backbone.example.org"
	f.s.AllowLoopback = true
	in, err := initiative.NewStore(db).Create(ctx, f.staff, initiative.Input{Name: "Warm Homes <Oakland>",
		IsPublic: true})
	if err != nil {
		t.Fatal(err)
	}
	f.id = in.ID
	f.d = events.NewDispatcher(db, quiet)
	f.d.Handle("webhooks", f.s.Handle)
	f.dispatch(t) // the initiative's creation, before any channel
	return f
}

// dispatch hands every pending event to the webhooks handler.
func (f *fixture) dispatch(t *testing.T) {
	t.Helper()
	for {
		n, err := f.d.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// record writes an event of the initiative, as a change would.
func (f *fixture) record(t *testing.T, action, summary string) int64 {
	t.Helper()
	ctx := context.Background()
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		return account.Record(ctx, tx, f.staff, account.Event{At: f.db.Now(), Action: action,
			EntityType: "initiative", EntityID: strconv.FormatInt(f.id, 10), Summary: summary})
	})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := f.db.QueryRow(`SELECT MAX(id) FROM audit_events`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) add(t *testing.T, in webhook.Input) (*webhook.Webhook, string) {
	t.Helper()
	w, secret, err := f.s.Create(context.Background(), f.staff, f.id, in)
	if err != nil {
		t.Fatal(err)
	}
	return w, secret
}

func count(t *testing.T, db *store.DB, webhookID int64) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1`, webhookID).
		Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHandleWritesDeliveriesOnce: an event of the initiative becomes one
// delivery for each enabled channel that wants its kind, and none for a
// channel turned off or one that wants other kinds; handling the same
// event again adds nothing.
func TestHandleWritesDeliveriesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		off := false
		all, _ := f.add(t, webhook.Input{Name: "Slack", Format: webhook.FormatSlack,
			URL: "https://hooks.slack.com/services/T0/B0/secretpart"})
		decisions, secret := f.add(t, webhook.Input{Name: "Board", Format: webhook.FormatJSON,
			URL: "https://example.org/hook", Kinds: []string{"decision"}})
		disabled, _ := f.add(t, webhook.Input{Name: "Teams", Format: webhook.FormatTeams,
			URL: "https://example.webhook.office.com/x", Enabled: &off})
		if !strings.HasPrefix(secret, webhook.SecretPrefix) || !decisions.Signed || all.Signed {
			t.Errorf("secret %q, signed %v and %v", secret, decisions.Signed, all.Signed)
		}

		activity := f.record(t, "activity_create", "added the activity “Door-to-door visits”")
		f.dispatch(t)
		if got := []int{count(t, db, all.ID), count(t, db, decisions.ID), count(t, db, disabled.ID)}; got[0] != 1 ||
			got[1] != 0 || got[2] != 0 {
			t.Fatalf("deliveries per channel after an activity: %v, want [1 0 0]", got)
		}
		f.record(t, "propose", "proposed “Adopt the MOU”")
		f.dispatch(t)
		if got := []int{count(t, db, all.ID), count(t, db, decisions.ID), count(t, db, disabled.ID)}; got[0] != 2 ||
			got[1] != 1 || got[2] != 0 {
			t.Fatalf("deliveries per channel after a proposal: %v, want [2 1 0]", got)
		}

		// The same event handed over again (a dispatcher that died after
		// committing would not, but a handler must not count on it).
		e, err := events.Get(ctx, db, activity)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return f.s.Handle(ctx, tx, e) }); err != nil {
			t.Fatal(err)
		}
		if got := count(t, db, all.ID); got != 2 {
			t.Errorf("%d deliveries after the event came twice, want 2", got)
		}

		// Events of other entities and other initiatives are not posted.
		if err := db.Tx(ctx, func(tx *sql.Tx) error {
			return f.s.Handle(ctx, tx, account.AuditEvent{ID: activity, EntityType: "organization", EntityID: "x"})
		}); err != nil {
			t.Fatal(err)
		}
		if got := count(t, db, all.ID); got != 2 {
			t.Errorf("%d deliveries after an organization's event, want 2", got)
		}

		list, err := f.s.Deliveries(ctx, f.staff, f.id, all.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[1].Kind != "activity" || !strings.Contains(list[1].Text, "Door-to-door") ||
			list[1].Status != webhook.StatusQueued || list[1].EventID != activity {
			t.Errorf("deliveries %+v", list)
		}
	})
}

// TestChannelRules: only the initiative's backbone staff see and change
// its channels; addresses are checked and never shown whole; changing a
// channel keeps its address unless a new one is given.
func TestChannelRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.s.AllowLoopback = false
		w, _ := f.add(t, webhook.Input{Name: "Slack", Format: webhook.FormatSlack,
			URL: "https://hooks.slack.com/services/T0/B0/secretpart"})
		if strings.Contains(w.MaskedURL, "secretpart") || w.MaskedURL != "https://hooks.slack.com/services/••••" {
			t.Errorf("masked address %q", w.MaskedURL)
		}
		if len(w.Kinds) != len(webhook.Kinds) || !w.Enabled {
			t.Errorf("a new channel gets kinds %v, enabled %v", w.Kinds, w.Enabled)
		}

		if _, err := f.s.List(ctx, f.outsider, f.id); !errors.Is(err, errs.ErrForbidden) &&
			!errors.Is(err, errs.ErrNotFound) {
			t.Errorf("someone not on staff lists channels: %v", err)
		}
		if _, _, err := f.s.Create(ctx, f.outsider, f.id, webhook.Input{Name: "x", Format: "slack",
			URL: "https://example.org/"}); err == nil {
			t.Error("someone not on staff added a channel")
		}

		for _, c := range []struct{ url, field string }{
			{"http://hooks.example.org/x", "url"},
			{"https://169.254.169.254/latest/meta-data", "url"},
			{"https://127.0.0.1:8080/", "url"},
			{"https://localhost/", "url"},
			{"https://user:pw@example.org/", "url"},
			{"ftp://example.org/", "url"},
			{"not a url", "url"},
		} {
			_, _, err := f.s.Create(ctx, f.staff, f.id, webhook.Input{Name: "x", Format: "slack", URL: c.url})
			var v *errs.ValidationError
			if !errors.As(err, &v) || v.Fields[c.field] == "" {
				t.Errorf("%s: %v, want a message on %s", c.url, err, c.field)
			}
		}
		_, _, err := f.s.Create(ctx, f.staff, f.id, webhook.Input{Name: "", Format: "fax", URL: "https://a.example/",
			Kinds: []string{"gossip"}})
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields["name"] == "" || v.Fields["format"] == "" || v.Fields["kinds"] == "" {
			t.Errorf("every mistake at once: %v", err)
		}

		off := false
		got, shown, err := f.s.Update(ctx, f.staff, f.id, w.ID, webhook.Input{Name: "Slack #partners",
			Format: webhook.FormatJSON, Kinds: []string{"decision", "activity"}, Enabled: &off})
		if err != nil {
			t.Fatal(err)
		}
		if got.MaskedURL != w.MaskedURL || got.Enabled || !got.Signed || shown == "" ||
			strings.Join(got.Kinds, ",") != "decision,activity" {
			t.Errorf("after the change: %+v (secret shown %v)", got, shown != "")
		}
		if err := f.s.Delete(ctx, f.staff, f.id, w.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Get(ctx, f.staff, f.id, w.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a removed channel: %v", err)
		}
		// Changes to channels are audited, never with the address.
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity_type = 'webhook'
			AND summary NOT LIKE '%secretpart%'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d audit events of channels (%v), want 3", n, err)
		}
	})
}
