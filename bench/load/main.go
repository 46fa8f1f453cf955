// Command load is a small HTTP load generator for a running Backbone server.
//
// It signs each client in through the HTML login form (as a browser would:
// GET /login for the CSRF cookie and token, POST /login for the session
// cookie), then has -c clients send GET -path back to back for -d, and prints
// the number of requests, the errors (anything but 200), the rate and the
// latency percentiles (exact, from every recorded duration).
//
// It uses only the standard library and refuses any host but loopback.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -path /organizations -c 50 -d 20s
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	csrfCookie    = "backbone_csrf"
	sessionCookie = "backbone_session"
	csrfField     = "csrf_token"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "base URL of the server (loopback only)")
	path := flag.String("path", "/organizations", "path to request under load")
	conc := flag.Int("c", 50, "concurrent clients")
	sessions := flag.Int("sessions", 5, "sessions the clients share, round-robin (each is one sign-in; the server throttles sign-ins per address)")
	dur := flag.Duration("d", 20*time.Second, "how long to send requests")
	email := flag.String("email", "admin@example.org", "account to sign in with")
	password := flag.String("password", "backbone-demo", "password of that account")
	flag.Parse()

	if err := run(*base, *path, *conc, *sessions, *dur, *email, *password); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(base, path string, conc, sessions int, dur time.Duration, email, password string) error {
	if conc < 1 {
		return fmt.Errorf("-c must be at least 1, got %d", conc)
	}
	if sessions < 1 || sessions > conc {
		return fmt.Errorf("-sessions must be between 1 and -c (%d), got %d", conc, sessions)
	}
	if dur <= 0 {
		return fmt.Errorf("-d must be positive, got %s", dur)
	}
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("-path must start with /, got %q", path)
	}
	baseURL, err := checkBase(base)
	if err != nil {
		return err
	}
	target := baseURL + path

	transport := &http.Transport{
		Proxy:               nil, // talk to the given address only
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conc * 2,
		MaxIdleConnsPerHost: conc * 2,
		IdleConnTimeout:     30 * time.Second,
	}
	defer transport.CloseIdleConnections()

	// Sign the sessions in first, one at a time, so that password hashing and
	// the login rate limit do not overlap with the measurement. Clients share
	// the sessions round-robin (a cookie jar is safe for concurrent use).
	jars := make([]http.CookieJar, sessions)
	loginStart := time.Now()
	for i := range jars {
		jars[i], _ = cookiejar.New(nil)
		c := newClient(transport, jars[i])
		if err := login(c, baseURL, email, password); err != nil {
			return fmt.Errorf("session %d: sign-in as %s at %s/login failed: %w", i+1, email, baseURL, err)
		}
	}
	fmt.Printf("signed in      %d sessions as %s in %s, shared by %d clients\n", sessions, email, time.Since(loginStart).Round(time.Millisecond), conc)
	clients := make([]*http.Client, conc)
	for i := range clients {
		clients[i] = newClient(transport, jars[i%sessions])
	}

	res := hammer(clients, target, dur)
	res.print(target, conc, dur)
	if res.requests == 0 {
		return errors.New("no request completed")
	}
	if res.requests == res.errors {
		return errors.New("every request failed")
	}
	return nil
}

func newClient(t http.RoundTripper, jar http.CookieJar) *http.Client {
	return &http.Client{
		Transport: t,
		Jar:       jar,
		// Never follow redirects: the login answers 303, and under load a
		// redirect (to /login, say) is an error, not a page.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
}

// checkBase parses the base URL and refuses anything but http(s) on a
// loopback host. It returns the URL without a trailing slash.
func checkBase(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("-url must be http:// or https://, got %q", base)
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("-url host %q is not loopback; this tool only loads a local server", host)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("-url must be a base URL without query or fragment, got %q", base)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

var (
	inputRe = regexp.MustCompile(`(?is)<input\b[^>]*>`)
	attrRe  = regexp.MustCompile(`(?is)([a-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
)

// csrfToken finds the value of the hidden csrf_token input in a page.
func csrfToken(page string) (string, bool) {
	for _, tag := range inputRe.FindAllString(page, -1) {
		attrs := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
		}
		if attrs["name"] == csrfField {
			v, ok := attrs["value"]
			return v, ok && v != ""
		}
	}
	return "", false
}

// login signs the client in through the HTML form, retrying while the server
// answers 429 (a login rate limit) for up to a minute.
func login(c *http.Client, base, email, password string) error {
	deadline := time.Now().Add(time.Minute)
	for {
		retryAfter, err := loginOnce(c, base, email, password)
		if err == nil {
			return nil
		}
		if retryAfter <= 0 || time.Now().Add(retryAfter).After(deadline) {
			return err
		}
		time.Sleep(retryAfter)
	}
}

// loginOnce makes one attempt. A positive duration means "rate limited, try
// again after it".
func loginOnce(c *http.Client, base, email, password string) (time.Duration, error) {
	resp, err := c.Get(base + "/login")
	if err != nil {
		return 0, fmt.Errorf("GET /login: %w", err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests {
		return retryDelay(resp), fmt.Errorf("GET /login answered %s", resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET /login answered %s (want 200 with the login form)", resp.Status)
	}
	token, ok := csrfToken(string(body))
	if !ok {
		return 0, fmt.Errorf("GET /login: no <input name=%q> with a value in the page", csrfField)
	}
	loginURL, _ := url.Parse(base + "/login")
	if !hasCookie(c.Jar, loginURL, csrfCookie) {
		fmt.Fprintf(os.Stderr, "load: warning: GET /login set no %s cookie\n", csrfCookie)
	}

	form := url.Values{"email": {email}, "password": {password}, csrfField: {token}}
	req, err := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("POST /login: %w", err)
	}
	body, _ = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return retryDelay(resp), fmt.Errorf("POST /login answered %s", resp.Status)
	case resp.StatusCode != http.StatusSeeOther:
		hint := ""
		if resp.StatusCode == http.StatusOK {
			hint = " (the form came back: wrong email or password?)"
		} else if resp.StatusCode == http.StatusForbidden {
			hint = " (CSRF check failed?)"
		}
		return 0, fmt.Errorf("POST /login answered %s, want 303 See Other%s; page text: %s",
			resp.Status, hint, snippet(body))
	case !hasCookie(c.Jar, loginURL, sessionCookie):
		return 0, fmt.Errorf("POST /login answered 303 but set no %s cookie", sessionCookie)
	}
	return 0, nil
}

func hasCookie(jar http.CookieJar, u *url.URL, name string) bool {
	for _, ck := range jar.Cookies(u) {
		if ck.Name == name && ck.Value != "" {
			return true
		}
	}
	return false
}

func retryDelay(resp *http.Response) time.Duration {
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

var tagRe = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// snippet gives the start of a page's text, for error messages.
func snippet(body []byte) string {
	text := strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(string(body), " "))), " ")
	if len(text) > 300 {
		text = text[:300] + "…"
	}
	if text == "" {
		return "(empty)"
	}
	return text
}

type result struct {
	requests  int
	errors    int
	byStatus  map[string]int
	firstErr  string
	elapsed   time.Duration
	latencies []time.Duration // successful and failed requests alike
}

// hammer has every client GET target back to back until dur has passed.
// Requests still running at the end are cancelled and not counted.
func hammer(clients []*http.Client, target string, dur time.Duration) *result {
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()

	type workerResult struct {
		lat      []time.Duration
		errors   int
		byStatus map[string]int
		firstErr string
	}
	out := make([]workerResult, len(clients))
	var wg sync.WaitGroup
	start := time.Now()
	for i, c := range clients {
		wg.Go(func() {
			w := &out[i]
			w.byStatus = map[string]int{}
			w.lat = make([]time.Duration, 0, 4096)
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
				t0 := time.Now()
				resp, err := c.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				if ctx.Err() != nil {
					break // cut short by the end of the run: not a result
				}
				w.lat = append(w.lat, d)
				switch {
				case err != nil:
					w.errors++
					w.byStatus["transport error"]++
					if w.firstErr == "" {
						w.firstErr = err.Error()
					}
				case resp.StatusCode != http.StatusOK:
					w.errors++
					key := resp.Status
					if loc := resp.Header.Get("Location"); loc != "" {
						key += " -> " + loc
					}
					w.byStatus[key]++
					if w.firstErr == "" {
						w.firstErr = key
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := min(time.Since(start), dur)

	res := &result{byStatus: map[string]int{}, elapsed: elapsed}
	for _, w := range out {
		res.latencies = append(res.latencies, w.lat...)
		res.errors += w.errors
		for k, n := range w.byStatus {
			res.byStatus[k] += n
		}
		if res.firstErr == "" {
			res.firstErr = w.firstErr
		}
	}
	res.requests = len(res.latencies)
	slices.Sort(res.latencies)
	return res
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + "ms"
}

func (r *result) print(target string, conc int, dur time.Duration) {
	fmt.Printf("target         GET %s\n", target)
	fmt.Printf("clients        %d for %s\n", conc, dur)
	fmt.Printf("requests       %d\n", r.requests)
	fmt.Printf("errors         %d (non-200 or failed)\n", r.errors)
	if r.errors > 0 {
		keys := make([]string, 0, len(r.byStatus))
		for k := range r.byStatus {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Printf("               %6d  %s\n", r.byStatus[k], k)
		}
		fmt.Printf("first error    %s\n", r.firstErr)
	}
	rate := 0.0
	if r.elapsed > 0 {
		rate = float64(r.requests) / r.elapsed.Seconds()
	}
	fmt.Printf("rate           %.1f req/s\n", rate)
	l := r.latencies
	fmt.Printf("latency        p50 %s  p90 %s  p99 %s  max %s\n",
		ms(percentile(l, 50)), ms(percentile(l, 90)), ms(percentile(l, 99)), ms(percentile(l, 100)))
}
