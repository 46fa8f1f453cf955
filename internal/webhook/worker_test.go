package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/webhook"
)

// receiver is a chat service or integration at the other end: it answers
// each post with the next of its answers (the last one again when they run
// out) and keeps what it took.
type receiver struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter)
	posts   []post
	srv     *httptest.Server
}

type post struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, answers ...func(w http.ResponseWriter)) *receiver {
	rc := &receiver{answers: answers}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.posts = append(rc.posts, post{r.Header.Clone(), body})
		answer := rc.answers[min(len(rc.posts), len(rc.answers))-1]
		rc.mu.Unlock()
		answer(w)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) got() []post {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]post(nil), rc.posts...)
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code); _, _ = io.WriteString(w, http.StatusText(code)) }
}

func newWorker(f *fixture) *webhook.Worker {
	w := webhook.NewWorker(f.s, quiet)
	w.Timeout = 300 * time.Millisecond
	w.Backoff = time.Minute
	w.MaxAttempts = 4
	return w
}

// run has the worker post what is due, until nothing is.
func run(t *testing.T, w *webhook.Worker) {
	t.Helper()
	for {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// queued adds a channel of format to rc and one update for it, and returns
// the channel's id.
func queued(t *testing.T, f *fixture, rc *receiver, format string) (int64, string) {
	t.Helper()
	ch, secret := f.add(t, webhook.Input{Name: format, Format: format, URL: rc.srv.URL + "/hook/abc"})
	f.record(t, "activity_create", "added the activity “Door-to-door visits” for <Samaritan House> & co")
	f.dispatch(t)
	return ch.ID, secret
}

func deliveries(t *testing.T, f *fixture, channel int64) []webhook.Delivery {
	t.Helper()
	list, err := f.s.Deliveries(context.Background(), f.staff, f.id, channel, 50)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestWorkerRetriesThenDelivers: a receiver down for a moment (500) is
// tried again after the backoff, and the update arrives once.
func TestWorkerRetriesThenDelivers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rc := newReceiver(t, status(500), status(200))
		ch, _ := queued(t, f, rc, webhook.FormatSlack)
		w := newWorker(f)
		run(t, w)
		d := deliveries(t, f, ch)[0]
		if d.Status != webhook.StatusQueued || d.Attempts != 1 || len(d.Log) != 1 || d.Log[0].HTTPStatus != 500 ||
			d.Log[0].Outcome != "retry" || !strings.Contains(d.LastError, "500") {
			t.Fatalf("after a 500: %+v", d)
		}
		run(t, w) // not due yet
		if n := len(rc.got()); n != 1 {
			t.Fatalf("%d posts before the backoff ended, want 1", n)
		}
		storetest.Clock(t, db).Advance(time.Minute)
		run(t, w)
		d = deliveries(t, f, ch)[0]
		if d.Status != webhook.StatusDelivered || d.DeliveredAt == nil || len(d.Log) != 2 ||
			d.Log[1].Outcome != "delivered" {
			t.Fatalf("after a 200: %+v", d)
		}
		storetest.Clock(t, db).Advance(time.Hour)
		run(t, w)
		posts := rc.got()
		if len(posts) != 2 {
			t.Fatalf("%d posts, want 2 (one failed, one taken)", len(posts))
		}
		if posts[0].header.Get(webhook.HeaderDelivery) != posts[1].header.Get(webhook.HeaderDelivery) {
			t.Error("a retry has another delivery id")
		}
		// Slack's shape: {"text": ...} with an mrkdwn link, escaped.
		var msg struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(posts[1].body, &msg); err != nil {
			t.Fatal(err)
		}
		want := "<https://backbone.example.org/initiatives/" + strconv.FormatInt(f.id, 10) +
			"/updates|Warm Homes &lt;Oakland&gt;> · Activity: added the activity “Door-to-door visits” for " +
			"&lt;Samaritan House&gt; &amp; co — Ana Ruiz"
		if msg.Text != want {
			t.Errorf("Slack text\n%s\nwant\n%s", msg.Text, want)
		}
		var fails int
		if err := db.QueryRow(`SELECT failures FROM webhooks WHERE id = $1`, ch).Scan(&fails); err != nil ||
			fails != 0 {
			t.Errorf("failures in a row %d (%v), want 0 after a delivery", fails, err)
		}
	})
}

// TestWorkerGone: 410 Gone fails at once, with no retry.
func TestWorkerGone(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	rc := newReceiver(t, status(http.StatusGone))
	ch, _ := queued(t, f, rc, webhook.FormatMattermost)
	w := newWorker(f)
	run(t, w)
	storetest.Clock(t, f.db).Advance(24 * time.Hour)
	run(t, w)
	d := deliveries(t, f, ch)[0]
	if d.Status != webhook.StatusFailed || len(rc.got()) != 1 || d.Log[0].Outcome != "failed" ||
		!strings.Contains(d.LastError, "410") {
		t.Errorf("after 410: %+v, %d posts", d, len(rc.got()))
	}
	var msg map[string]any
	if err := json.Unmarshal(rc.got()[0].body, &msg); err != nil || !strings.HasPrefix(msg["text"].(string),
		"[Warm Homes <Oakland>](https://backbone.example.org/initiatives/") {
		t.Errorf("Mattermost body %s (%v)", rc.got()[0].body, err)
	}
}

// TestWorkerRetryAfter: 429 with Retry-After waits as long as asked, not
// the shorter backoff.
func TestWorkerRetryAfter(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	rc := newReceiver(t, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "600")
		w.WriteHeader(http.StatusTooManyRequests)
	}, status(200))
	ch, _ := queued(t, f, rc, webhook.FormatTeams)
	w := newWorker(f)
	run(t, w)
	d := deliveries(t, f, ch)[0]
	if d.Status != webhook.StatusQueued || d.NextAttemptAt == nil {
		t.Fatalf("after 429: %+v", d)
	}
	if wait := d.NextAttemptAt.Sub(d.Log[0].At); wait < 10*time.Minute || wait > 11*time.Minute {
		t.Errorf("waits %v after 429 with Retry-After: 600", wait)
	}
	storetest.Clock(t, f.db).Advance(5 * time.Minute) // past the backoff, not the Retry-After
	run(t, w)
	if n := len(rc.got()); n != 1 {
		t.Fatalf("posted %d times before Retry-After ended", n)
	}
	storetest.Clock(t, f.db).Advance(6 * time.Minute)
	run(t, w)
	if d := deliveries(t, f, ch)[0]; d.Status != webhook.StatusDelivered || len(rc.got()) != 2 {
		t.Fatalf("after Retry-After: %+v", d)
	}
	// The Teams shape: a message with one Adaptive Card attachment.
	var msg struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Type    string `json:"type"`
				Version string `json:"version"`
				Body    []struct {
					Type, Text string
				} `json:"body"`
				Actions []struct{ Type, Title, URL string } `json:"actions"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(rc.got()[1].body, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != "message" || len(msg.Attachments) != 1 ||
		msg.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("Teams message %s", rc.got()[1].body)
	}
	card := msg.Attachments[0].Content
	if card.Type != "AdaptiveCard" || card.Version != "1.4" || len(card.Body) < 2 ||
		card.Body[0].Text != "Warm Homes <Oakland>" || !strings.HasPrefix(card.Body[1].Text, "Activity: added") ||
		len(card.Actions) != 1 || card.Actions[0].Type != "Action.OpenUrl" ||
		!strings.HasSuffix(card.Actions[0].URL, "/updates") {
		t.Errorf("Teams card %+v", card)
	}
}

// TestWorkerDownAndSlow: a receiver that does not answer in time, and one
// that is not there at all, are retried, and given up after the last try.
func TestWorkerDownAndSlow(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	release := make(chan struct{})
	slow := newReceiver(t, func(w http.ResponseWriter) { <-release })
	t.Cleanup(func() { close(release) })
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()
	slowID, _ := f.add(t, webhook.Input{Name: "slow", Format: webhook.FormatSlack, URL: slow.srv.URL + "/s"})
	downID, _ := f.add(t, webhook.Input{Name: "down", Format: webhook.FormatSlack, URL: downURL + "/d"})
	f.record(t, "goal_create", "set the goal “Fewer cold homes”")
	f.dispatch(t)
	w := newWorker(f)
	for i := range w.MaxAttempts {
		run(t, w)
		storetest.Clock(t, f.db).Advance(w.Backoff << i)
	}
	for _, c := range []struct {
		id   int64
		want string
	}{{slowID.ID, "timeout"}, {downID.ID, "refused"}} {
		d := deliveries(t, f, c.id)[0]
		if d.Status != webhook.StatusFailed || d.Attempts != w.MaxAttempts || len(d.Log) != w.MaxAttempts ||
			!strings.Contains(d.LastError, "gave up after 4 tries") || !strings.Contains(d.LastError, c.want) {
			t.Errorf("channel %d: %+v", c.id, d)
		}
		if strings.Contains(d.LastError, "/s") && strings.Contains(d.LastError, slow.srv.URL) {
			t.Errorf("the error repeats the address: %s", d.LastError)
		}
		ch, err := f.s.Get(context.Background(), f.staff, f.id, c.id)
		if err != nil || !ch.Failing() {
			t.Errorf("channel %d does not show failing: %+v %v", c.id, ch, err)
		}
	}

	// Redelivered, the delivery is tried afresh, and a test post too.
	d := deliveries(t, f, downID.ID)[0]
	rc := newReceiver(t, status(204))
	if _, _, err := f.s.Update(context.Background(), f.staff, f.id, downID.ID, webhook.Input{Name: "down",
		Format: webhook.FormatSlack, URL: rc.srv.URL + "/d"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Redeliver(context.Background(), f.staff, f.id, downID.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SendTest(context.Background(), f.staff, f.id, downID.ID); err != nil {
		t.Fatal(err)
	}
	run(t, w)
	list := deliveries(t, f, downID.ID)
	if len(list) != 2 || list[0].Status != webhook.StatusDelivered || list[0].Kind != "test" ||
		list[1].Status != webhook.StatusDelivered || len(list[1].Log) != w.MaxAttempts+1 || len(rc.got()) != 2 {
		t.Errorf("after redelivery and a test: %+v", list)
	}
}

// TestWorkerSignsJSON checks a JSON post as a receiver would: the HMAC of
// "<t>.<body>" with the secret shown at creation, a recent t, the event
// and delivery headers.
func TestWorkerSignsJSON(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	rc := newReceiver(t, status(200))
	_, secret := queued(t, f, rc, webhook.FormatJSON)
	run(t, newWorker(f))
	p := rc.got()[0]
	sig := p.header.Get("X-Backbone-Signature")
	var ts, v1 string
	for _, part := range strings.Split(sig, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			v1 = v
		}
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "." + string(p.body)))
	if want := hex.EncodeToString(m.Sum(nil)); v1 != want {
		t.Fatalf("signature %q, want v1=%s", sig, want)
	}
	if unix, _ := strconv.ParseInt(ts, 10, 64); time.Unix(unix, 0).Sub(f.db.Now()).Abs() > time.Minute {
		t.Errorf("signed at %s, the clock says %s", ts, f.db.Now())
	}
	if err := webhook.Verify(secret, sig, p.body, f.db.Now(), 5*time.Minute); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if err := webhook.Verify(secret, sig, append(p.body, ' '), f.db.Now(), 5*time.Minute); err == nil {
		t.Error("Verify took a changed body")
	}
	var ev webhook.Event
	if err := json.Unmarshal(p.body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Delivery == "" || ev.Delivery != p.header.Get("X-Backbone-Delivery") || p.header.Get("X-Backbone-Event") !=
		"activity" || ev.Event.Kind != "activity" || ev.Event.Action != "activity_create" || ev.Event.Who != "Ana Ruiz" ||
		ev.Initiative.ID != f.id || ev.Initiative.Name != "Warm Homes <Oakland>" || ev.Event.ID == 0 ||
		!strings.HasSuffix(ev.Initiative.URL, "/updates") {
		t.Errorf("JSON post %s with headers %v", p.body, p.header)
	}
}

// TestWorkersShareOnce: three workers on one database post each delivery
// once.
func TestWorkersShareOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rc := newReceiver(t, status(200))
		f.add(t, webhook.Input{Name: "json", Format: webhook.FormatJSON, URL: rc.srv.URL + "/h"})
		for range 20 {
			f.record(t, "story_create", "told a story")
		}
		f.dispatch(t)
		var wg sync.WaitGroup
		for range 3 {
			w := newWorker(f)
			w.Batch = 3
			wg.Add(1)
			go func() { defer wg.Done(); run(t, w) }()
		}
		wg.Wait()
		seen := map[string]int{}
		for _, p := range rc.got() {
			seen[p.header.Get("X-Backbone-Delivery")]++
		}
		if len(seen) != 20 || len(rc.got()) != 20 {
			t.Errorf("%d posts of %d deliveries, want 20 of 20", len(rc.got()), len(seen))
		}
	})
}

// TestClientRefusesBlockedAddresses: the posting client will not connect
// to this machine unless allowed, nor to a link-local address, whatever
// the URL said.
func TestClientRefusesBlockedAddresses(t *testing.T) {
	rc := newReceiver(t, status(200))
	_, err := webhook.NewClient(false).Post(rc.srv.URL, "application/json", strings.NewReader("{}"))
	if err == nil || !strings.Contains(err.Error(), "not allowed") {
		t.Errorf("posting to loopback: %v", err)
	}
	if res, err := webhook.NewClient(true).Post(rc.srv.URL, "application/json", strings.NewReader("{}")); err != nil {
		t.Errorf("posting to loopback when allowed: %v", err)
	} else {
		res.Body.Close()
	}
	_, err = webhook.NewClient(true).Post("http://169.254.169.254/latest/meta-data", "text/plain", nil)
	if err == nil || !strings.Contains(err.Error(), "not allowed") {
		t.Errorf("posting to the metadata address: %v", err)
	}
}

// TestWorkerPausesChannelsTurnedOff: a channel turned off keeps its queued
// updates until it is on again, and still posts a test.
func TestWorkerPausesChannelsTurnedOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		rc := newReceiver(t, status(200))
		ch, _ := queued(t, f, rc, webhook.FormatSlack)
		off, on := false, true
		in := webhook.Input{Name: "slack", Format: webhook.FormatSlack, Enabled: &off}
		if _, _, err := f.s.Update(ctx, f.staff, f.id, ch, in); err != nil {
			t.Fatal(err)
		}
		w := newWorker(f)
		run(t, w)
		if n := len(rc.got()); n != 0 {
			t.Fatalf("a channel turned off posted %d times", n)
		}
		if _, err := f.s.SendTest(ctx, f.staff, f.id, ch); err != nil {
			t.Fatal(err)
		}
		run(t, w)
		if got := rc.got(); len(got) != 1 || got[0].header.Get(webhook.HeaderEvent) != "test" {
			t.Fatalf("the test to a channel turned off: %d posts", len(got))
		}
		in.Enabled = &on
		if _, _, err := f.s.Update(ctx, f.staff, f.id, ch, in); err != nil {
			t.Fatal(err)
		}
		run(t, w)
		if got := rc.got(); len(got) != 2 || got[1].header.Get(webhook.HeaderEvent) != "activity" {
			t.Fatalf("after turning it on: %d posts", len(got))
		}
	})
}

// TestPurgeOld: deliveries done more than Keep ago leave the log with their
// attempts; queued ones stay however old.
func TestPurgeOld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		rc := newReceiver(t, status(200))
		ch, _ := queued(t, f, rc, webhook.FormatSlack)
		run(t, newWorker(f))
		f.record(t, "activity_edit", "changed an activity")
		f.dispatch(t)
		off := false // the channel is turned off before it is posted: it stays queued
		if _, _, err := f.s.Update(ctx, f.staff, f.id, ch, webhook.Input{Name: "slack", Format: webhook.FormatSlack,
			Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		storetest.Clock(t, db).Advance(webhook.Keep + time.Hour)
		n, err := f.s.PurgeOld(ctx, webhook.Keep)
		if err != nil {
			t.Fatal(err)
		}
		list := deliveries(t, f, ch)
		var attempts int
		if err := db.QueryRow(`SELECT COUNT(*) FROM webhook_attempts`).Scan(&attempts); err != nil {
			t.Fatal(err)
		}
		if n != 1 || len(list) != 1 || list[0].Status != webhook.StatusQueued || attempts != 0 {
			t.Errorf("purged %d; left %+v and %d attempts", n, list, attempts)
		}
	})
}
