package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/config"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
	"backbone/internal/testutil/wait"
)

// TestBrowserChannelPostsToSlack is a channel in a real browser: backbone
// staff add a Slack channel from the updates page, pointing at a receiver
// that stands in for Slack; a partner's activity recorded in the
// initiative arrives there as a Slack message linking to the updates; the
// channel's page shows the delivery and its attempt; a test post arrives
// too; a partner's person is not offered the channels.
func TestBrowserChannelPostsToSlack(t *testing.T) {
	var mu sync.Mutex
	var texts []string
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var msg struct {
			Text string `json:"text"`
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &msg); err != nil || r.URL.Path != "/services/T0/B0/secretpart" {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		mu.Lock()
		texts = append(texts, msg.Text)
		mu.Unlock()
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(slack.Close)
	received := func(substr string) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range texts {
			if strings.Contains(s, substr) {
				return true
			}
		}
		return false
	}

	db := storetest.SQLite(t)
	a := apptest.NewWith(t, db, func(c *config.Config) {
		c.BaseURL, c.WebhooksAllowLoopback = "https://backbone.example.org", true
	})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a.StartEvents(ctx)
	a.StartWebhooks(ctx)
	sys := account.SystemActor("test")
	staff := a.AddUser(t, "staff@example.org", account.RoleMember)
	partner := a.AddUser(t, "partner@example.org", account.RoleMember)
	food, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Food Bank",
		Description: "Groceries for families."})
	if err != nil {
		t.Fatal(err)
	}
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Healthy Aging", IsPublic: true})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.Initiatives.SetUserRole(ctx, sys, in.ID, staff.ID, account.InitiativeBackboneStaff))
	must(a.Initiatives.AddMember(ctx, sys, in.ID, food.ID, "core_partner", "active"))
	must(a.Accounts.SetMembership(ctx, sys, partner.ID, food.ID, account.OrgAdmin))
	item, err := a.Initiatives.AddAgendaItem(ctx, sys, in.ID, initiative.AgendaItemInput{Title: "Nobody eats alone"})
	must(err)
	base := fmt.Sprintf("%s/initiatives/%d", a.URL, in.ID)

	b := browser.Start(t)
	signIn := func(email string) {
		b.Go(a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", apptest.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	signIn("staff@example.org")
	b.Go(base + "/updates")
	b.Click("#channels-link")
	b.WaitVisible("#add-channel")
	if !b.HasText("main", "No channel yet") {
		t.Fatalf("the channels page: %q", b.Text("main"))
	}
	b.Fill("#name", "Slack #healthy-aging")
	b.Select("#format", "slack")
	b.Fill("#url", slack.URL+"/services/T0/B0/secretpart")
	b.Submit("#add-channel button[type=submit]")
	if !b.HasText(".flash-success", "was added") || !b.HasText("h1", "Slack #healthy-aging") {
		t.Fatalf("the channel was not added: %q", b.Text("main"))
	}
	if strings.Contains(b.Text("main"), "secretpart") {
		t.Error("the channel's page shows its whole address")
	}
	b.Submit("form[action='/logout'] button")

	// A partner records an activity; it reaches the Slack channel.
	signIn("partner@example.org")
	b.Go(base + "/updates")
	if b.Exists("#channels-link") {
		t.Error("a partner's person is offered the channels")
	}
	b.Go(base + "/activities/new")
	b.Select("#organization_id", food.ID)
	b.Select("#agenda_item_id", fmt.Sprint(item.ID))
	b.Fill("#title", "Shared lunches at the senior center")
	b.Submit("form[action$='/activities'] button.primary")
	if !wait.Until(15*time.Second, 50*time.Millisecond, func() bool {
		return received("Shared lunches at the senior center")
	}) {
		t.Fatalf("the activity did not reach Slack; it got %q", texts)
	}
	mu.Lock()
	var text string
	for _, s := range texts {
		if strings.Contains(s, "Shared lunches") {
			text = s
		}
	}
	mu.Unlock()
	if want := fmt.Sprintf("<https://backbone.example.org/initiatives/%d/updates|Healthy Aging> · Activity: ",
		in.ID); !strings.HasPrefix(
		text,
		want,
	) {
		t.Errorf("the Slack message is %q, want it to start %q", text, want)
	}
	b.Submit("form[action='/logout'] button")

	// The channel's page shows the delivery and its attempt; a test arrives.
	signIn("staff@example.org")
	b.Go(base + "/channels")
	b.Click("#channels a")
	b.WaitVisible("#delivery-log")
	if !b.HasText("#delivery-log", "Shared lunches at the senior center") || !b.HasText("#delivery-log", "Delivered") ||
		!b.HasText("#delivery-log", "HTTP 200") {
		t.Fatalf("the delivery log: %q", b.Text("#deliveries"))
	}
	b.Submit("#send-test")
	if !b.HasText(".flash-success", "A test is on its way") {
		t.Fatalf("no test sent: %q", b.Text("main"))
	}
	if !wait.Until(15*time.Second, 50*time.Millisecond, func() bool { return received("this channel") }) {
		t.Fatalf("the test did not reach Slack; it got %q", texts)
	}
	b.Go(b.URL())
	if !b.HasText("#delivery-log", "A test from Backbone") {
		t.Errorf("the test is not in the log: %q", b.Text("#deliveries"))
	}

	// Both pages suit a laptop and a phone.
	for _, page := range []string{b.URL(), base + "/channels"} {
		for _, width := range []int{desktopWidth, phoneWidth} {
			b.Resize(width, phoneHeight)
			b.Go(page)
			var c pageCheck
			b.Eval(measureJS, &c)
			checkPage(t, fmt.Sprintf("%s at %d px", strings.TrimPrefix(page, a.URL), width), c)
			if dir := os.Getenv("BACKBONE_PAGE_SHOTS"); dir != "" {
				name := strings.ReplaceAll(strings.Trim(strings.TrimPrefix(page, a.URL), "/"), "/", "-")
				b.Screenshot(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)))
			}
		}
	}
}
