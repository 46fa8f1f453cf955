// Package web is the HTML interface: server-rendered pages, one file per
// page, with the session, CSRF and error handling they share.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

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

	"golang.org/x/time/rate"
)

//go:embed templates static
var assets embed.FS

// Deps are what the pages need.
type Deps struct {
	Accounts      *account.Store
	Directory     *directory.Store
	Initiatives   *initiative.Store
	Network       *network.Store
	Measure       *measure.Store
	Meetings      *meeting.Store
	Health        *health.Store
	Plans         *plan.Store
	Mail          *mail.Outbox
	Notify        *notify.Store
	Webhooks      *webhook.Service
	Reviews       *review.Store
	Logger        *slog.Logger
	SessionTTL    time.Duration
	SecureCookies string // auto, always or never
	Version       string
	SignInHint    string // shown on the sign-in page, e.g. the demo sign-ins
	// Clock tells the pages the time: the dashboard's statuses, deadlines,
	// "3 days ago". The system's when nil.
	Clock clock.Clock
	// TimeZone is the instance's time zone, in which the pages show
	// deadlines and times (an initiative's pages, in the initiative's own
	// when it keeps one). UTC when nil.
	TimeZone *time.Location
}

// handler serves every page; its methods are the pages.
type handler struct {
	Deps
	views          *views // in the instance's time zone
	zoned          *zonedViews
	guidePrintView *template.Template // the printable guide, a whole page of its own
	planPrintView  *template.Template // the printable plan, strategies and roles
	staticFiles    http.Handler
	logins         *ipLimiter
	resets         *ipLimiter // "forgot your password" requests, per client address
}

// now is the time by the pages' clock, in UTC.
func (h *handler) now() time.Time { return h.Clock.Now().UTC() }

// New returns the web interface, ready to mount at the root.
func New(d Deps) (http.Handler, error) {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.TimeZone == nil {
		d.TimeZone = time.UTC
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	v, err := parseViews(d.Clock, d.TimeZone)
	if err != nil {
		return nil, err
	}
	if d.SessionTTL == 0 {
		d.SessionTTL = 12 * time.Hour
	}
	h := &handler{Deps: d, views: v, zoned: &zonedViews{byZone: map[string]*views{}},
		logins: newIPLimiter(d.Clock, rate.Every(6*time.Second), 10),
		resets: newIPLimiter(d.Clock, rate.Every(time.Minute), 5)}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	h.staticFiles = http.StripPrefix("/static/", http.FileServerFS(static))
	h.guidePrintView = parseGuidePrint(d.Clock, d.TimeZone)
	h.planPrintView = parsePlanPrint(d.Clock, d.TimeZone)
	mux := http.NewServeMux()
	for _, rt := range routes() {
		mux.Handle(rt.method+" "+rt.pattern, h.serve(rt))
	}

	protect := http.NewCrossOriginProtection()
	// A mail program's one-click unsubscribe (RFC 8058) posts from
	// outside; the link's signature is its key.
	protect.AddInsecureBypassPattern("POST " + unsubscribePath)
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.renderError(w, r, http.StatusForbidden, "This request came from another site",
			"Backbone only accepts forms sent from its own pages. Go back, reload the page and try again.")
	}))
	return protect.Handler(h.csrf(h.plainText(h.notFound(mux)))), nil
}

// notFound answers unknown paths and wrong methods with Backbone's own pages
// instead of the mux's plain text.
func (h *handler) notFound(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			for _, m := range []string{http.MethodGet, http.MethodPost} {
				if m == r.Method {
					continue
				}
				probe := r.Clone(r.Context())
				probe.Method = m
				if _, p := mux.Handler(probe); p != "" {
					w.Header().Set("Allow", m)
					h.renderError(w, r, http.StatusMethodNotAllowed, "That action is not available here",
						"This address does not accept a "+r.Method+" request.")
					return
				}
			}
			h.renderError(w, r, http.StatusNotFound, "Page not found",
				"There is no page at this address. It may have moved, or the link may be mistyped.")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// may reports whether the signed-in person may take action a on t, to
// decide what a page offers; the operation itself is checked where it is
// carried out.
func (h *handler) may(r *http.Request, a account.Action, t account.Target) (bool, error) {
	return h.Accounts.May(r.Context(), httpx.Actor(r), a, t)
}

// pathInt reads a positive whole-number path value; anything else names no
// record, so it is "not found".
func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, r.PathValue(name), errs.ErrNotFound)
	}
	return id, nil
}

// initiativeOf returns the initiative of the path ({id}) when the
// signed-in person may see it; to anyone else it does not exist.
func (h *handler) initiativeOf(r *http.Request) (*initiative.Initiative, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.View(r.Context(), httpx.Actor(r), id)
}
