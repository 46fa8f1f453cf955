// Package api is Backbone's JSON API under /api/v1: bearer-token
// authentication, the same permission checks as the web pages, RFC 9457
// problem documents for every error, and an OpenAPI 3.1 document built from
// the same route table that serves the requests.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/directory"
	"backbone/internal/errs"
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
	"backbone/internal/webhook"
)

// Deps are what the API needs from the rest of the application.
type Deps struct {
	Accounts    *account.Store
	Directory   *directory.Store
	Initiatives *initiative.Store
	Network     *network.Store
	Measure     *measure.Store
	Meetings    *meeting.Store
	Health      *health.Store
	Plans       *plan.Store
	Mail        *mail.Outbox
	Notify      *notify.Store
	Webhooks    *webhook.Service
	Reviews     *review.Store
	Logger      *slog.Logger
	// Clock tells the API the time (dashboards' statuses, late reports,
	// deadlines). The system's when nil.
	Clock clock.Clock
}

// handler serves the API; its methods are the endpoints.
type handler struct {
	Deps
	mux     *http.ServeMux
	openapi []byte           // the OpenAPI document, built once from the route table
	resets  *httpx.IPLimiter // password-link requests, per client address
}

// prefix is where the API lives; every route pattern starts with it.
const prefix = "/api/v1"

// catchAll is the pattern that answers requests no route matches.
const catchAll = "/api/"

// New returns the API handler. Mount it at "/api/": it registers full paths.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	h := &handler{Deps: d, mux: http.NewServeMux(), resets: httpx.NewIPLimiter(d.Clock, rate.Every(time.Minute), 5)}
	for _, rt := range h.routes() {
		h.mux.Handle(rt.Method+" "+rt.Pattern, h.endpoint(rt))
	}
	h.mux.HandleFunc(catchAll, h.noRoute)
	doc, err := marshalDocument(buildDocument(h.routes()))
	if err != nil {
		// The document is built from constants in this package: failing here
		// is a programming error that every test run would catch.
		panic("api: build OpenAPI document: " + err.Error())
	}
	h.openapi = doc
	return h.mux
}

// endpoint wraps a route's handler: it authenticates the caller (unless the
// route is public) and turns a returned error into a problem document.
func (h *handler) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.Public {
			u, err := h.authenticate(r)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			r = r.WithContext(httpx.WithUser(r.Context(), u))
		}
		if errs.TextProblem(r.URL.Path) != "" {
			// An id no record can have (a NUL, bytes that are not UTF-8).
			h.fail(w, r, errs.ErrNotFound)
			return
		}
		if field, problem := httpx.ValuesProblem(r.URL.Query()); problem != "" {
			h.fail(w, r, &errs.ValidationError{Fields: map[string]string{field: problem}})
			return
		}
		if err := rt.handle(h, w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// now is the time by the API's clock, in UTC.
func (h *handler) now() time.Time { return h.Clock.Now().UTC() }

// authenticate finds the user behind the request's bearer token.
func (h *handler) authenticate(r *http.Request) (*account.User, error) {
	auth := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(auth, " ")
	if auth == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return nil, errs.ErrUnauthenticated
	}
	return h.Accounts.TokenUser(r.Context(), strings.TrimSpace(secret))
}

// noRoute answers a path no route serves with 404, or with 405 and an Allow
// header when the path is served for other methods.
func (h *handler) noRoute(w http.ResponseWriter, r *http.Request) {
	if allow := h.allowed(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.fail(w, r, &requestError{status: http.StatusMethodNotAllowed, kind: "method-not-allowed",
			detail: r.Method + " is not allowed here; use " + strings.Join(allow, " or ")})
		return
	}
	h.fail(w, r, &requestError{status: http.StatusNotFound, kind: "no-route",
		detail: "the API has no endpoint at " + r.URL.Path + "; see " + prefix + "/openapi.json"})
}

// allowed lists the methods the mux would serve r's path with, by asking the
// mux itself, so that 405 answers never disagree with the routes.
func (h *handler) allowed(r *http.Request) []string {
	var out []string
	seen := map[string]bool{}
	for _, rt := range h.routes() {
		if seen[rt.Method] {
			continue
		}
		seen[rt.Method] = true
		probe := r.Clone(r.Context())
		probe.Method = rt.Method
		if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != catchAll {
			out = append(out, rt.Method)
		}
	}
	return out
}

// Route is an endpoint of the API, as tests and the authorization matrix
// read them.
type Route struct {
	Method, Pattern string
	Public          bool // served without a token
}

// Routes lists every endpoint of the API, from the table that serves them.
func Routes() []Route {
	var out []Route
	for _, rt := range (&handler{}).routes() {
		out = append(out, Route{Method: rt.Method, Pattern: rt.Pattern, Public: rt.Public})
	}
	return out
}
