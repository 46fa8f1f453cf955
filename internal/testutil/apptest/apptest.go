// Package apptest runs a whole Backbone (pages, API, operations endpoints)
// on a test database behind an httptest server, with helpers to add people
// and to sign in as they would, through the login form.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/config"
	"backbone/internal/store"
)

// Password is every test user's password.
const Password = "test-password-1"

// App is a running test Backbone.
type App struct {
	*app.App
	URL    string
	Server *httptest.Server
}

// New starts Backbone on db. Logs go nowhere unless BACKBONE_TEST_LOG is set.
// Passwords are hashed at account.TestPasswordCost.
func New(t testing.TB, db *store.DB) *App {
	t.Helper()
	return NewWith(t, db, func(*config.Config) {})
}

// NewWith is New with settings changed by set (an instance's time zone).
func NewWith(t testing.TB, db *store.DB, set func(*config.Config)) *App {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	cfg := config.Default()
	cfg.PasswordCost = account.TestPasswordCost
	set(&cfg)
	a, err := app.New(cfg, db, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &App{App: a, URL: srv.URL, Server: srv}
}

type testWriter struct{ t testing.TB }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// AddUser adds a person with the test password.
func (a *App) AddUser(t testing.TB, email, role string) *account.User {
	t.Helper()
	return addUser(t, a.Accounts, email, role)
}

// AddUserTo adds a person with the test password to db before an App runs
// on it, as AddUser would: for a fixture (see storetest.Fixture).
func AddUserTo(t testing.TB, db *store.DB, email, role string) *account.User {
	t.Helper()
	return addUser(t, account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost)), email, role)
}

func addUser(t testing.TB, accounts *account.Store, email, role string) *account.User {
	t.Helper()
	u, err := accounts.CreateUser(context.Background(), account.SystemActor("test"),
		account.NewUser{Email: email, Name: strings.Split(email, "@")[0], Password: Password, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Client is a browser-like HTTP client: it keeps cookies and does not follow
// redirects, so tests can see each step.
type Client struct {
	*http.Client
	base string
	t    testing.TB
}

// NewClient returns a client with an empty cookie jar.
func (a *App) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: a.URL, t: t}
}

// SignIn signs in through the login form and fails the test if it does not work.
func (a *App) SignIn(t testing.TB, email string) *Client {
	t.Helper()
	c := a.NewClient(t)
	res := c.PostForm("/login", url.Values{"email": {email}, "password": {Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, res.StatusCode)
	}
	return c
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	res, err := c.Client.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	return read(c.t, res)
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// CSRF returns the token that the site's forms carry, fetching a page to get one.
func (c *Client) CSRF() string {
	c.t.Helper()
	u, _ := url.Parse(c.base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "backbone_csrf" {
			return ck.Value
		}
	}
	page := c.Get("/login")
	m := csrfInput.FindStringSubmatch(page.Body)
	if m == nil {
		c.t.Fatal("no csrf_token on the login page")
	}
	return m[1]
}

// PostForm posts a form the way a browser would, with the CSRF token added
// unless the values already have one (set it to "" to send none).
func (c *Client) PostForm(path string, v url.Values) *Response {
	c.t.Helper()
	form := url.Values{}
	for k, vs := range v {
		form[k] = vs
	}
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", c.CSRF())
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	res, err := c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return read(c.t, res)
}

// PostMultipart posts a multipart form (a file upload) as a browser would.
func (c *Client) PostMultipart(path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.base)
	res, err := c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return read(c.t, res)
}

func read(t testing.TB, res *http.Response) *Response {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &Response{Response: res, Body: string(b)}
}
