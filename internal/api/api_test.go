package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/health"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/mail"
	"backbone/internal/measure"
	"backbone/internal/meeting"
	"backbone/internal/network"
	"backbone/internal/notify"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/webhook"
)

// scenario is one API request and what its answer must be, in the manner of
// PocketBase's tests.ApiScenario: a table of them reads as the endpoint's
// specification.
type scenario struct {
	Name    string
	Method  string
	URL     string
	Body    string
	Token   string            // whose token to send: admin, steward, member, disabled, revoked; "" for none
	Headers map[string]string // sent as they are; Content-Type defaults to application/json when there is a body

	ExpectedStatus     int
	ExpectedContent    []string          // substrings the body must hold
	NotExpectedContent []string          // substrings it must not hold
	ExpectedHeaders    map[string]string // headers that must have exactly these values
	Schema             string            // component schema the body must match (Problem is checked for every error)
	// MakeBody, when set, makes the body from the fixture's ids, for a body
	// that is not text ({name} cannot be replaced inside a workbook).
	MakeBody func(vars map[string]string) string
}

// testApp is a fresh Backbone API over a fresh database, with the people
// and organizations the scenarios talk about.
type testApp struct {
	handler http.Handler
	tokens  map[string]string
	vars    map[string]string // ids made at setup, written {name} in a scenario's URL
}

// Fixture ids. River is kept by the member (its OrgAdmin); harbor has been
// edited once (version 2); mill is archived.
const (
	riverID  = "river"
	harborID = "harbor"
	millID   = "mill"
)

// newTestApp fills db, fresh from storetest, with the fixture below (built
// once per engine in the test process, copied for each test) and serves the
// API over it.
func newTestApp(t testing.TB, db *store.DB) *testApp {
	t.Helper()
	return serveTestApp(db, storetest.Fixture(t, db, "api", buildTestApp))
}

// apiFixture is what a fixture keeps besides its rows: the API token
// secrets by whose they are, and the ids that scenarios write {name}.
type apiFixture struct {
	tokens map[string]string
	vars   map[string]string
}

// serveTestApp serves the API over db, which holds fixture f, as the
// application mounts it, behind the request-id logger.
func serveTestApp(db *store.DB, f apiFixture) *testApp {
	logger := slog.New(slog.DiscardHandler)
	mux := http.NewServeMux()
	outbox, err := mail.NewOutbox(db, testAccounts(db), mail.Options{})
	if err != nil {
		panic(err) // no options: cannot fail
	}
	inits, meas := initiative.NewStore(db), measure.NewStore(db)
	reviews, plans := review.NewStore(db, inits, meas), plan.NewStore(db, inits)
	plans.RegisterSubjects(reviews.Subjects())
	mux.Handle("/api/", New(Deps{Accounts: testAccounts(db), Directory: directory.NewStore(db), Initiatives: inits,
		Network: network.NewStore(db), Measure: meas, Mail: outbox, Logger: logger, Clock: db,
		Notify: notify.NewStore(db, testAccounts(db), "", nil), Webhooks: webhook.New(db, testAccounts(db)),
		Meetings: meeting.NewStore(db, inits, meas).WithSite("http://backbone.test", ""),
		Reviews:  reviews,
		Health:   health.NewStore(db),
		Plans:    plans}))
	return &testApp{handler: httpx.Log(logger, mux), tokens: maps.Clone(f.tokens), vars: maps.Clone(f.vars)}
}

// testAccounts is the account store of the tests: cheap to hash passwords with.
func testAccounts(db *store.DB) *account.Store {
	return account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))
}

// buildTestApp writes the fixture every scenario table starts from.
func buildTestApp(t testing.TB, db *store.DB) apiFixture {
	ctx := context.Background()
	accounts, dir := testAccounts(db), directory.NewStore(db)
	sys := account.SystemActor("test")
	users := map[string]*account.User{}
	for _, role := range []string{account.RoleAdmin, account.RoleSteward, account.RoleMember, "disabled"} {
		platformRole := role
		if role == "disabled" {
			platformRole = account.RoleSteward
		}
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: role + "@example.org", Name: "The " + role,
			Password: "correct horse battery", Role: platformRole})
		if err != nil {
			t.Fatalf("create user %s: %v", role, err)
		}
		users[role] = u
	}
	year := 1998
	orgs := []struct {
		id string
		in directory.OrganizationInput
	}{
		{
			riverID,
			directory.OrganizationInput{Name: "Riverside Food Bank", Description: "Groceries for families in need",
				Email: "info@riverside.example.org", YearIncorporated: &year, Sectors: []string{"food"}},
		},
		{
			harborID,
			directory.OrganizationInput{
				Name:        "Harbor Housing Alliance",
				Description: "Emergency and supportive housing",
				Sectors:     []string{"housing"},
			},
		},
		{
			millID,
			directory.OrganizationInput{
				Name:        "Old Mill Clinic",
				Description: "A clinic that closed",
				Sectors:     []string{"health"},
			},
		},
	}
	for _, o := range orgs {
		if _, err := dir.CreateOrganization(ctx, sys, o.id, o.in); err != nil {
			t.Fatalf("create organization %s: %v", o.id, err)
		}
	}
	harbor := orgs[1].in
	harbor.Mission = "A home for everyone"
	if _, err := dir.UpdateOrganization(ctx, sys, harborID, 1, harbor); err != nil {
		t.Fatal(err)
	}
	if _, err := dir.SetArchived(ctx, sys, millID, true); err != nil {
		t.Fatal(err)
	}
	if err := accounts.SetMembership(ctx, sys, users[account.RoleMember].ID, riverID, account.OrgAdmin); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for role, u := range users {
		secret, _, err := accounts.CreateToken(ctx, sys, u.Email, "tests", 0)
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	if err := accounts.SetDisabled(ctx, sys, "disabled@example.org", true); err != nil {
		t.Fatal(err)
	}
	secret, tok, err := accounts.CreateToken(ctx, sys, "member@example.org", "old laptop", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := accounts.RevokeToken(ctx, sys, tok.ID); err != nil {
		t.Fatal(err)
	}
	tokens["revoked"] = secret

	// Initiatives 1 (River Alliance, private; the member's organization is its
	// backbone), 2 (Open Harbor, public) and 3 (Quiet Circle, private, nothing
	// to do with the member).
	inits := initiative.NewStore(db)
	for _, in := range []initiative.Input{
		{Name: "River Alliance", BackboneOrganizationID: riverID, Status: "active"},
		{Name: "Open Harbor", BackboneOrganizationID: harborID, IsPublic: true},
		{Name: "Quiet Circle", BackboneOrganizationID: harborID},
	} {
		if _, err := inits.Create(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
	}

	// One tie: river → harbor (version 1), id "tie-river-harbor" is not
	// chosen by us, so scenarios find it through the list.
	tie, err := network.NewStore(db).
		CreateTie(ctx, sys, network.TieInput{FromID: riverID, ToID: harborID, Kinds: []string{"referral"},
			Level: "cooperation", Since: "2022-05-01"}, "seed")
	if err != nil {
		t.Fatal(err)
	}
	// Two messages in the mail outbox: one waiting, one the server refused.
	var mailIDs []string
	for _, to := range []string{"waiting@example.org", "refused@example.org"} {
		m, err := mail.Compose("test", to, db.Now(), mail.TestData{Sender: "test"})
		if err != nil {
			t.Fatal(err)
		}
		id, err := mail.Enqueue(ctx, db, m)
		if err != nil {
			t.Fatal(err)
		}
		mailIDs = append(mailIDs, fmt.Sprint(id))
	}
	if _, err := db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'failed', attempts = 1,
		last_error = '550 5.1.1 No such user' WHERE id = $1`, mailIDs[1]); err != nil {
		t.Fatal(err)
	}
	return apiFixture{
		tokens: tokens,
		vars:   map[string]string{"{tie}": tie.ID, "{mail_queued}": mailIDs[0], "{mail_failed}": mailIDs[1]},
	}
}

// engines are the databases every scenario table runs on.
var engines = []struct {
	name string
	open func(testing.TB) *store.DB
}{
	{"sqlite", storetest.SQLite},
	{"postgres", storetest.Postgres},
}

// runScenarios runs each scenario against its own fresh app, on every engine.
func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			// Reads change nothing a scenario checks: they share one app.
			// Each write gets an app of its own.
			var reads *testApp
			for _, s := range scenarios {
				if s.Method == http.MethodGet && reads == nil {
					reads = newTestApp(t, eng.open(t))
				}
			}
			for _, s := range scenarios {
				t.Run(s.Name, func(t *testing.T) {
					t.Parallel()
					if s.Method == http.MethodGet {
						s.run(t, reads)
						return
					}
					s.run(t, newTestApp(t, eng.open(t)))
				})
			}
		})
	}
}

func (s scenario) run(t *testing.T, app *testApp) {
	t.Helper()
	var body *strings.Reader
	if s.Body != "" {
		body = strings.NewReader(s.Body)
	} else {
		body = strings.NewReader("")
	}
	target := s.URL
	for k, v := range app.vars {
		target = strings.ReplaceAll(target, k, v)
	}
	req := httptest.NewRequest(s.Method, target, body)
	if s.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.Token != "" {
		secret, ok := app.tokens[s.Token]
		if !ok {
			t.Fatalf("no token for %q", s.Token)
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for k, v := range s.Headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	app.handler.ServeHTTP(rec, req)
	got := rec.Body.String()
	show := got
	if len(show) > 2000 {
		show = show[:2000] + "..."
	}
	if rec.Code != s.ExpectedStatus {
		t.Fatalf("%s %s: status %d, want %d; body:\n%s", s.Method, s.URL, rec.Code, s.ExpectedStatus, show)
	}
	for _, want := range s.ExpectedContent {
		if !strings.Contains(got, want) {
			t.Errorf("body lacks %q; body:\n%s", want, show)
		}
	}
	for _, unwanted := range s.NotExpectedContent {
		if strings.Contains(got, unwanted) {
			t.Errorf("body holds %q; body:\n%s", unwanted, show)
		}
	}
	for k, want := range s.ExpectedHeaders {
		if v := rec.Header().Get(k); v != want {
			t.Errorf("header %s = %q, want %q", k, v, want)
		}
	}
	schema := s.Schema
	if rec.Code >= 400 {
		schema = "Problem"
		if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", ct)
		}
		var p problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("problem is not JSON: %v", err)
		}
		if p.Status != rec.Code || p.Instance != httpx.Instance(req) || p.RequestID == "" || p.RequestID != rec.Header().Get("X-Request-Id") ||
			!strings.HasPrefix(p.Type, "/problems/") ||
			p.Title == "" ||
			p.Detail == "" {
			t.Errorf("problem %+v does not fit the request (status %d, path %s)", p, rec.Code, req.URL.Path)
		}
		for _, leak := range []string{"sql", "SQL", "pgx", "goroutine", "panic"} {
			if strings.Contains(p.Detail, leak) {
				t.Errorf("problem detail leaks %q: %s", leak, p.Detail)
			}
		}
	}
	if schema != "" {
		checkSchema(t, schema, rec.Body.Bytes())
	}
}

var (
	compileOnce sync.Once
	compiler    *jsonschema.Compiler
	compileErr  error
	schemaMu    sync.Mutex
	compiled    = map[string]*jsonschema.Schema{}
)

// checkSchema validates body against one of the OpenAPI document's
// component schemas, so the document cannot drift from the answers.
func checkSchema(t *testing.T, name string, body []byte) {
	t.Helper()
	sch := checkSchemaOnly(t, name)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("body does not match schema %s: %v\nbody: %s", name, err, body)
	}
}

// checkSchemaOnly compiles (once) a component schema of the document.
func checkSchemaOnly(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	compileOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(documentJSON(t)))
		if err != nil {
			compileErr = err
			return
		}
		compiler = jsonschema.NewCompiler()
		compileErr = compiler.AddResource("https://backbone.example/openapi.json", doc)
	})
	if compileErr != nil {
		t.Fatalf("load OpenAPI document as JSON Schema: %v", compileErr)
	}
	schemaMu.Lock()
	sch, ok := compiled[name]
	if !ok {
		var err error
		sch, err = compiler.Compile("https://backbone.example/openapi.json#/components/schemas/" + name)
		if err != nil {
			schemaMu.Unlock()
			t.Fatalf("compile schema %s: %v", name, err)
		}
		compiled[name] = sch
	}
	schemaMu.Unlock()
	return sch
}

// documentJSON returns the served OpenAPI document.
func documentJSON(t testing.TB) []byte {
	t.Helper()
	h := New(Deps{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", prefix+"/openapi.json", nil))
	if rec.Code != 200 {
		t.Fatalf("GET openapi.json: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// big returns a JSON body larger than the API accepts.
func big() string {
	return `{"name":"Big","description":"` + strings.Repeat("x", maxBody+10) + `"}`
}
