package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/config"
	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

// newApp is a test Backbone with an admin, a steward and a member, whose
// rows are built once in the test process and copied.
func newApp(t *testing.T) *apptest.App {
	t.Helper()
	db := storetest.SQLite(t)
	storetest.Fixture(t, db, "people", func(t testing.TB, db *store.DB) struct{} {
		apptest.AddUserTo(t, db, "admin@example.org", account.RoleAdmin)
		apptest.AddUserTo(t, db, "steward@example.org", account.RoleSteward)
		apptest.AddUserTo(t, db, "member@example.org", account.RoleMember)
		return struct{}{}
	})
	return apptest.New(t, db)
}

func orgForm(name string) url.Values {
	return url.Values{"name": {name}, "description": {"Runs a food pantry."}, "sectors": {"food", "housing"}, "website": {"pantry.example.org"}}
}

func mustContain(t *testing.T, r *apptest.Response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s %s: body lacks %q", r.Request.Method, r.Request.URL.Path, w)
		}
	}
}

func TestSignInAndOut(t *testing.T) {
	a := newApp(t)
	c := a.NewClient(t)
	r := c.Get("/organizations?q=x")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Forganizations%3Fq%3Dx" {
		t.Fatalf("anonymous: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = c.PostForm("/login", url.Values{"email": {"steward@example.org"}, "password": {"wrong password!"}})
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	mustContain(t, r, "do not match an active account", `value="steward@example.org"`)
	r = c.PostForm("/login", url.Values{"email": {"STEWARD@example.org"}, "password": {apptest.Password}, "next": {"/organizations?q=x"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/organizations?q=x" {
		t.Fatalf("sign in: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	for _, ck := range r.Cookies() {
		if ck.Name == "backbone_session" && (!ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode) {
			t.Errorf("session cookie flags: %+v", ck)
		}
	}
	r = c.Get("/")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", r.StatusCode)
	}
	mustContain(t, r, "Welcome, steward")
	if r.Header.Get("Content-Security-Policy") == "" || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("security headers missing")
	}
	r = c.PostForm("/logout", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("sign out: %d", r.StatusCode)
	}
	if r := c.Get("/organizations"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after sign out: %d", r.StatusCode)
	}
	// An open redirect is not possible through next.
	c = a.NewClient(t)
	r = c.PostForm("/login", url.Values{"email": {"steward@example.org"}, "password": {apptest.Password}, "next": {"//evil.example/"}})
	if r.Header.Get("Location") != "/" {
		t.Fatalf("next=//evil: %q", r.Header.Get("Location"))
	}
}

func TestExpiredSession(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "member@example.org")
	if _, err := a.DB.Exec(`UPDATE sessions SET expires_at = $1`, a.DB.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	r := c.Get("/organizations")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("expired: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, c.Get("/login"), "Your session has ended")
}

func TestLoginThrottled(t *testing.T) {
	a := newApp(t)
	c := a.NewClient(t)
	for i := 0; i < account.MaxLoginFailures; i++ {
		c.PostForm("/login", url.Values{"email": {"member@example.org"}, "password": {"nope nope nope"}})
	}
	r := c.PostForm("/login", url.Values{"email": {"member@example.org"}, "password": {apptest.Password}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("locked: %d", r.StatusCode)
	}
	mustContain(t, r, "Too many failed attempts")
}

// TestFormTooLarge: an upload over the form limit is refused as too large
// (413), not as an expired form, and nothing is saved.
func TestFormTooLarge(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "steward@example.org")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.CSRF())
	fw, _ := mw.CreateFormFile("file", "big.json")
	_, _ = fw.Write(bytes.Repeat([]byte(" "), 20<<20+1))
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/directory/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "This upload is too large") ||
		!strings.Contains(string(page), "up to 20 MiB") {
		t.Fatalf("too large: %d\n%s", res.StatusCode, page)
	}
}

// TestSignInAttack: an attack on an account from many addresses slows
// down new browsers, never the owner's own browser (its device cookie), and
// e-mails the administrators and the owner.
func TestSignInAttack(t *testing.T) {
	a := newApp(t)
	own := a.SignIn(t, "member@example.org") // the member's browser: it keeps its device cookie
	u, _ := url.Parse(a.URL)
	var device bool
	for _, c := range own.Jar.Cookies(u) {
		device = device || c.Name == "backbone_device"
	}
	if !device {
		t.Fatal("no device cookie after signing in")
	}
	// 19 failures from other addresses, then one more from a new browser.
	now := a.DB.Now()
	for i := 1; i < account.AccountFailures; i++ {
		if _, err := a.DB.Exec(`INSERT INTO login_failures (email, ip, device, at) VALUES ($1, $2, '', $3)`,
			"member@example.org", fmt.Sprintf("192.0.2.%d", i), now); err != nil {
			t.Fatal(err)
		}
	}
	other := a.NewClient(t)
	wrong := url.Values{"email": {"member@example.org"}, "password": {"not the password"}}
	if r := other.PostForm("/login", wrong); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the 20th failure: %d", r.StatusCode)
	}
	right := url.Values{"email": {"member@example.org"}, "password": {apptest.Password}}
	if r := other.PostForm("/login", right); r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a new browser during the attack: %d", r.StatusCode)
	}
	if r := own.PostForm("/login", right); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the member's own browser during the attack: %d", r.StatusCode)
	}
	var to []string
	rows, err := a.DB.Query(`SELECT to_address FROM mail_outbox WHERE kind = 'sign_in_attack' ORDER BY to_address`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		to = append(to, s)
	}
	rows.Close()
	if strings.Join(to, " ") != "admin@example.org member@example.org" {
		t.Fatalf("alerted %v", to)
	}
}

// TestBehindTLSProxy: behind a trusted proxy that says the client used TLS,
// cookies are Secure by themselves (the device cookie then __Host-); the
// same header from anyone else changes nothing.
func TestBehindTLSProxy(t *testing.T) {
	db := storetest.SQLite(t)
	apptest.AddUserTo(t, db, "member@example.org", account.RoleMember)
	for _, trusted := range []string{"127.0.0.1", ""} {
		a := apptest.NewWith(t, db, func(c *config.Config) { c.TrustedProxies = trusted })
		c := a.NewClient(t)
		form := url.Values{"email": {"member@example.org"}, "password": {apptest.Password}, "csrf_token": {c.CSRF()}}
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cookies := map[string]bool{}
		for _, ck := range res.Cookies() {
			cookies[ck.Name] = ck.Secure
		}
		secure, hostDevice := cookies["backbone_session"], cookies["__Host-backbone_device"]
		if trusted != "" && (!secure || !hostDevice) || trusted == "" && (secure || hostDevice) {
			t.Errorf("trusted proxies %q: cookies %v", trusted, cookies)
		}
	}
}

func TestCSRF(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "steward@example.org")
	form := orgForm("Pantry One")
	form.Set("csrf_token", "")
	r := c.PostForm("/organizations", form)
	if r.StatusCode != http.StatusForbidden {
		t.Fatalf("no token: %d", r.StatusCode)
	}
	mustContain(t, r, "This form has expired", "nothing was saved")
	form.Set("csrf_token", strings.Repeat("x", 43))
	if r := c.PostForm("/organizations", form); r.StatusCode != http.StatusForbidden {
		t.Fatalf("wrong token: %d", r.StatusCode)
	}
	// A cross-site form post is refused even with the right token.
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/organizations", strings.NewReader(orgForm("Pantry One").Encode()+"&csrf_token="+c.CSRF()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site: %d", res.StatusCode)
	}
	if n, _ := a.Directory.CountOrganizations(context.Background()); n != 0 {
		t.Fatalf("refused posts wrote %d organizations", n)
	}
}

var orgPath = regexp.MustCompile(`^/organizations/[0-9a-f-]{36}$`)

func TestOrganizationSlice(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "steward@example.org")
	mustContain(t, c.Get("/organizations/new"), "Add an organization", `name="csrf_token"`)

	// Validation errors come back next to their fields, with what was typed kept.
	bad := url.Values{"name": {""}, "description": {"x"}, "email": {"nope"}, "year_incorporated": {"nineteen"}, "alternate_name": {strings.Repeat("a", 201)}}
	r := c.PostForm("/organizations", bad)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.StatusCode)
	}
	mustContain(t, r, `id="name-error"`, "Name is required", "Email must be an email address", "Year incorporated must be a year",
		"Also known as must be at most 200 characters", `value="nope"`)

	r = c.PostForm("/organizations", orgForm("Pantry One"))
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !orgPath.MatchString(loc) {
		t.Fatalf("create: %d %q", r.StatusCode, loc)
	}
	page := c.Get(loc)
	mustContain(t, page, "Pantry One was added to the directory", "Runs a food pantry.", "https://pantry.example.org", "food", "added Pantry One")

	// A duplicate name is refused on the name field.
	r = c.PostForm("/organizations", orgForm("pantry one"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate: %d", r.StatusCode)
	}
	mustContain(t, r, "already in the directory")

	list := c.Get("/organizations?q=pantry")
	mustContain(t, list, "1 organization", "Pantry One")
	if r := c.Get("/organizations?sector=astrology"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad sector filter: %d", r.StatusCode)
	}

	// Edit, then an edit from the stale copy is refused.
	form := orgForm("Pantry One")
	form.Set("mission", "No one goes hungry.")
	form.Set("version", "1")
	if r := c.PostForm(loc, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, r.Body)
	}
	form.Set("mission", "stale")
	r = c.PostForm(loc, form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: %d", r.StatusCode)
	}
	mustContain(t, r, "changed by someone else")
	mustContain(t, c.Get(loc), "No one goes hungry.")

	// Archive and restore.
	if r := c.PostForm(loc+"/archive", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", r.StatusCode)
	}
	mustContain(t, c.Get("/organizations"), "0 organizations")
	mustContain(t, c.Get("/organizations?status=archived"), "Pantry One", "archived")
	if r := c.PostForm(loc+"/restore", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.StatusCode)
	}
	mustContain(t, c.Get("/organizations"), "1 organization")
}

func TestPermissions(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	mine, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{Name: "Mine", Description: "Ours."})
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{Name: "Other", Description: "Theirs."})
	if err != nil {
		t.Fatal(err)
	}
	orgAdmin := a.AddUser(t, "lead@example.org", account.RoleMember)
	if err := a.Accounts.SetMembership(ctx, account.SystemActor("test"), orgAdmin.ID, mine.ID, account.OrgAdmin); err != nil {
		t.Fatal(err)
	}
	member := a.SignIn(t, "member@example.org")
	lead := a.SignIn(t, "lead@example.org")
	admin := a.SignIn(t, "admin@example.org")
	cases := []struct {
		name   string
		c      *apptest.Client
		method string
		path   string
		want   int
	}{
		{"member sees the list", member, "GET", "/organizations", 200},
		{"member sees a record", member, "GET", "/organizations/" + other.ID, 200},
		{"member may not add", member, "GET", "/organizations/new", 403},
		{"member may not post a new one", member, "POST", "/organizations", 403},
		{"member may not edit", member, "GET", "/organizations/" + mine.ID + "/edit", 403},
		{"member may not archive", member, "POST", "/organizations/" + mine.ID + "/archive", 403},
		{"member may not read the audit log", member, "GET", "/audit", 403},
		{"lead edits own organization", lead, "GET", "/organizations/" + mine.ID + "/edit", 200},
		{"lead may not edit another", lead, "GET", "/organizations/" + other.ID + "/edit", 403},
		{"lead may not save another", lead, "POST", "/organizations/" + other.ID, 403},
		{"lead may not archive own", lead, "POST", "/organizations/" + mine.ID + "/archive", 403},
		{"admin reads the audit log", admin, "GET", "/audit", 200},
		{"unknown organization", admin, "GET", "/organizations/nope", 404},
	}
	for _, tc := range cases {
		var r *apptest.Response
		if tc.method == "GET" {
			r = tc.c.Get(tc.path)
		} else {
			r = tc.c.PostForm(tc.path, orgForm("Hijacked"))
		}
		if r.StatusCode != tc.want {
			t.Errorf("%s: %s %s = %d, want %d", tc.name, tc.method, tc.path, r.StatusCode, tc.want)
		}
	}
	if r := lead.PostForm("/organizations/"+mine.ID, orgForm("Mine, renamed")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lead saves own: %d", r.StatusCode)
	}
	if o, _ := a.Directory.Organization(ctx, other.ID); o.Name != "Other" {
		t.Fatalf("refused edit changed the record: %q", o.Name)
	}
	mustContain(t, admin.Get("/audit"), "edited Mine, renamed", "lead@example.org")
}

func TestErrorPages(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/no/such/page")
	if r.StatusCode != http.StatusNotFound || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("unknown route: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	// Drawn for the person signed in (their menu, no "Sign in"), though no
	// page handler read the session; for a stranger, an offer to sign in.
	mustContain(t, r, "Page not found", "Reference:", "Sign out", "Find services")
	if strings.Contains(r.Body, "sign in") {
		t.Error("the page offers a signed-in person to sign in")
	}
	mustContain(t, a.NewClient(t).Get("/no/such/page"), "Page not found", ">sign in</a>")
	r = c.PostForm("/account", url.Values{})
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("wrong method: %d", r.StatusCode)
	}
	mustContain(t, r, "Sign out")
	if r = c.Get("/organizations?q=a%00"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a NUL in the query: %d", r.StatusCode)
	}
	mustContain(t, r, "q: must not hold a NUL character", "Sign out")
	// A database that has gone away is a clear 503, not a crash.
	a.DB.Close()
	r = c.Get("/organizations")
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("database gone: %d", r.StatusCode)
	}
	mustContain(t, r, "Backbone is busy", "Nothing was changed")
}

func TestChangePassword(t *testing.T) {
	a := newApp(t)
	c := a.SignIn(t, "member@example.org")
	r := c.PostForm("/account/password", url.Values{"current_password": {"wrong one!"}, "new_password": {"a new password 1"}, "confirm_password": {"a new password 1"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong current: %d", r.StatusCode)
	}
	mustContain(t, r, "is not your current password")
	r = c.PostForm("/account/password", url.Values{"current_password": {apptest.Password}, "new_password": {"short"}, "confirm_password": {"short"}})
	mustContain(t, r, "at least 10 characters")
	r = c.PostForm("/account/password", url.Values{"current_password": {apptest.Password}, "new_password": {"a new password 1"}, "confirm_password": {"a new password 1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", r.StatusCode)
	}
	if r := c.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session still works: %d", r.StatusCode)
	}
	if _, err := a.Accounts.Authenticate(context.Background(), "member@example.org", "a new password 1", "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
}

func TestSignInHint(t *testing.T) {
	a := newApp(t)
	if strings.Contains(a.NewClient(t).Get("/login").Body, "sign-in-hint") {
		t.Fatal("hint shown outside the demo")
	}
}
