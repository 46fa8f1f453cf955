package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Worker posts the deliveries that are due. Several workers, in one
// process or in several instances on one database, may run at once: each
// delivery is claimed with a conditional UPDATE that only one of them
// wins, and held by a lease while it is posted.
type Worker struct {
	Service *Service
	Logger  *slog.Logger
	// Owner names this worker in the leases it takes; NewWorker makes a
	// random one.
	Owner string
	// MaxAttempts is how many times a delivery is tried before it fails.
	MaxAttempts int
	// Backoff is the wait after the first failed try; each further one
	// doubles it, up to MaxBackoff. A receiver's Retry-After wins when it
	// asks for longer (up to MaxBackoff too).
	Backoff, MaxBackoff time.Duration
	// Timeout is how long one post may take, answer included.
	Timeout time.Duration
	// Lease is how long a claimed delivery is held: longer than Timeout,
	// for it is claimed just before it is posted.
	Lease time.Duration
	// Batch is how many deliveries one round claims at most.
	Batch int
	// Client posts; NewWorker's refuses addresses CheckURL refuses, at the
	// moment of connecting (so a name that resolves to one later is
	// refused too), and follows no redirect.
	Client *http.Client
}

// NewWorker returns a worker with the usual settings: 8 tries, waits of
// 30 seconds doubling to 6 hours, 10-second posts, 1-minute leases, 50
// deliveries a round.
func NewWorker(s *Service, logger *slog.Logger) *Worker {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Worker{Service: s, Logger: logger, Owner: hex.EncodeToString(b[:]), MaxAttempts: 8,
		Backoff: 30 * time.Second, MaxBackoff: 6 * time.Hour, Timeout: 10 * time.Second, Lease: time.Minute, Batch: 50,
		Client: NewClient(s.AllowLoopback)}
}

// errBlocked is a connection refused because of where it goes.
var errBlocked = errors.New("the address is not allowed (link-local, metadata, unspecified or this machine)")

// NewClient returns the HTTP client that posts: it checks each address it
// connects to with blockedIP, uses no proxy (a proxy would connect on its
// behalf, unchecked), and follows no redirect.
func NewClient(allowLoopback bool) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil || blockedIP(ip, allowLoopback) {
			return errBlocked
		}
		return nil
	}}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second}
	return &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// Run posts what is due every poll interval (or when woken) until ctx ends.
func (w *Worker) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	woken := false
	var purged time.Time
	for {
		if now := w.Service.now(); now.Sub(purged) >= time.Hour {
			purged = now
			if _, err := w.Service.PurgeOld(ctx, Keep); err != nil && ctx.Err() == nil {
				w.Logger.Warn("webhook deliveries", "err", err)
			}
		}
		claimed := 0
		for {
			n, err := w.RunOnce(ctx)
			claimed += n
			if err != nil && ctx.Err() == nil {
				w.Logger.Warn("webhook deliveries", "err", err)
			}
			if n < w.Batch || err != nil {
				break
			}
		}
		// The events handler wakes the worker before its transaction
		// commits: if the deliveries were not there yet, look again soon.
		var again <-chan time.Time
		if woken && claimed == 0 {
			again = time.After(200 * time.Millisecond)
		}
		woken = false
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-again:
		case <-w.Service.wake:
			woken = true
		}
	}
}

// claimed is a delivery a worker holds, with its channel.
type claimed struct {
	id, webhookID int64
	attempts      int
	payload       string
	format, url   string
	secret        string
}

// RunOnce posts the deliveries due now (at most Batch), each claimed just
// before it is posted, so that its lease need only outlast one post. It
// returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	ids, err := w.due(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		c, ok, err := w.claim(ctx, id)
		if err != nil {
			return n, err
		}
		if !ok {
			continue // another worker won it
		}
		n++
		if err := w.post(ctx, c); err != nil {
			return n, err
		}
	}
	return n, nil
}

// due finds the deliveries to post: those queued whose time has come, and
// those whose worker's lease ran out. A channel turned off keeps its
// updates queued, and posts tests only.
func (w *Worker) due(ctx context.Context) ([]int64, error) {
	rows, err := w.Service.db.QueryContext(ctx, `SELECT d.id FROM webhook_deliveries d
		JOIN webhooks w ON w.id = d.webhook_id
		WHERE ((d.status = 'queued' AND d.next_attempt_at <= $1) OR (d.status = 'sending' AND d.lease_until < $1))
		AND (w.enabled = $3 OR d.kind = 'test')
		ORDER BY d.next_attempt_at, d.id LIMIT $2`, w.Service.now(), w.Batch, true)
	if err != nil {
		return nil, fmt.Errorf("find deliveries due: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find deliveries due: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// claim takes a delivery with an UPDATE whose WHERE still requires it to
// be due, so that of several workers only one wins it.
func (w *Worker) claim(ctx context.Context, id int64) (claimed, bool, error) {
	db := w.Service.db
	now := w.Service.now()
	var c claimed
	res, err := db.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'sending', lease_owner = $2,
		lease_until = $3, attempts = attempts + 1
		WHERE id = $1 AND ((status = 'queued' AND next_attempt_at <= $4) OR (status = 'sending' AND lease_until < $4))`,
		id, w.Owner, now.Add(w.Lease), now)
	if err != nil {
		return c, false, fmt.Errorf("claim delivery %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return c, false, nil
	}
	if err := db.QueryRowContext(ctx, `SELECT d.id, d.webhook_id, d.attempts, d.payload, w.format, w.url, w.secret
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`, id).
		Scan(&c.id, &c.webhookID, &c.attempts, &c.payload, &c.format, &c.url, &c.secret); err != nil {
		return c, false, fmt.Errorf("read delivery %d: %w", id, err)
	}
	return c, true, nil
}

// result is how one attempt went.
type result struct {
	status    int
	answer    string
	retry     bool          // a passing failure: try again later
	wait      time.Duration // the receiver's Retry-After, if it gave one
	delivered bool
}

// post makes one attempt at a claimed delivery and records how it went, if
// this worker still holds it.
func (w *Worker) post(ctx context.Context, c claimed) error {
	start := w.Service.now()
	r := w.attempt(ctx, c, start)
	end := w.Service.now()
	took := end.Sub(start).Milliseconds()
	if took < 0 {
		took = 0
	}
	outcome, status, wait := StatusDelivered, StatusDelivered, time.Duration(0)
	switch {
	case r.delivered:
	case r.retry && c.attempts < w.MaxAttempts:
		outcome, status = "retry", StatusQueued
		wait = w.Backoff << (c.attempts - 1)
		if wait > w.MaxBackoff || wait <= 0 {
			wait = w.MaxBackoff
		}
		if r.wait > wait {
			wait = min(r.wait, w.MaxBackoff)
		}
	default:
		outcome, status = StatusFailed, StatusFailed
		if r.retry {
			r.answer = fmt.Sprintf("gave up after %d tries: %s", c.attempts, r.answer)
		}
	}
	answer := oneLine(r.answer)
	var delivered any
	lastError := answer
	if r.delivered {
		delivered, lastError = end, ""
	}
	db := w.Service.db
	res, err := db.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, last_error = $5,
		delivered_at = $6, lease_owner = '', lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'sending'`,
		c.id, w.Owner, status, end.Add(wait), lastError, delivered)
	if err != nil {
		return fmt.Errorf("record delivery %d: %w", c.id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil // the lease ran out and another worker has it
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, at, http_status, answer, duration_ms,
		outcome) VALUES ($1, $2, $3, $4, $5, $6)`, c.id, start, r.status, answer, took, outcome); err != nil {
		return fmt.Errorf("log delivery %d: %w", c.id, err)
	}
	failures := `failures + 1`
	if r.delivered {
		failures = `0`
	}
	if _, err := db.ExecContext(ctx, `UPDATE webhooks SET failures = `+failures+` WHERE id = $1`,
		c.webhookID); err != nil {
		return fmt.Errorf("count the failures of channel %d: %w", c.webhookID, err)
	}
	// The address is a secret: the log names the channel and delivery only.
	w.Logger.Info("webhook post", "channel", c.webhookID, "delivery", c.id, "attempt", c.attempts,
		"outcome", outcome, "status", r.status)
	return nil
}

// attempt posts a delivery once.
func (w *Worker) attempt(ctx context.Context, c claimed, now time.Time) result {
	var ev Event
	if err := json.Unmarshal([]byte(c.payload), &ev); err != nil {
		return result{answer: "the stored update cannot be read: " + err.Error()}
	}
	ev.Delivery = strconv.FormatInt(c.id, 10)
	body, err := Body(c.format, ev)
	if err != nil {
		return result{answer: err.Error()}
	}
	if err := CheckURL(c.url, w.Service.AllowLoopback); err != nil {
		return result{answer: "the address " + err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return result{answer: "the address cannot be posted to"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Backbone-Webhook/1")
	req.Header.Set(HeaderEvent, ev.Event.Kind)
	req.Header.Set(HeaderDelivery, ev.Delivery)
	if c.secret != "" {
		req.Header.Set(HeaderSignature, Sign(c.secret, now, body))
	}
	res, err := w.Client.Do(req)
	if err != nil {
		return result{retry: true, answer: postError(err)}
	}
	defer res.Body.Close()
	excerpt, _ := io.ReadAll(io.LimitReader(res.Body, 500))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	r := result{status: res.StatusCode, answer: strings.TrimSpace(res.Status + " " + string(excerpt))}
	switch code := res.StatusCode; {
	case code >= 200 && code < 300:
		r.delivered = true
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		r.retry = true
		r.wait, _ = RetryAfter(res.Header.Get("Retry-After"), now)
	case code >= 300 && code < 400:
		r.answer += " (redirects are not followed: save the address it points to)"
	}
	return r
}

// postError says why a post got no answer, without the address (which
// url.Error would repeat, secret path and all).
func postError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "no answer in time (timeout)"
	case errors.Is(err, errBlocked):
		return errBlocked.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
