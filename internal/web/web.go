// Package web is the HTML interface: server-rendered pages, one file per
// page, with the session, CSRF and error handling they share.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/network"
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
	Logger        *slog.Logger
	SessionTTL    time.Duration
	SecureCookies string // auto, always or never
	Version       string
	SignInHint    string // shown on the sign-in page, e.g. the demo sign-ins
	// Clock tells the pages the time: the dashboard's statuses, deadlines,
	// "3 days ago". The system's when nil.
	Clock clock.Clock
}

// handler serves every page; its methods are the pages.
type handler struct {
	Deps
	views  *views
	logins *ipLimiter
}

// now is the time by the pages' clock, in UTC.
func (h *handler) now() time.Time { return h.Clock.Now().UTC() }

// New returns the web interface, ready to mount at the root.
func New(d Deps) (http.Handler, error) {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	v, err := parseViews(d.Clock)
	if err != nil {
		return nil, err
	}
	if d.SessionTTL == 0 {
		d.SessionTTL = 12 * time.Hour
	}
	h := &handler{Deps: d, views: v, logins: newIPLimiter(rate.Every(6*time.Second), 10)}
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))

	mux.HandleFunc("GET /login", h.loginPage)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.logout)

	mux.Handle("GET /{$}", h.signedIn(h.home))
	mux.Handle("GET /organizations", h.signedIn(h.organizationList))
	mux.Handle("GET /organizations/new", h.signedIn(h.organizationNew))
	mux.Handle("POST /organizations", h.signedIn(h.organizationCreate))
	mux.Handle("GET /organizations/{id}", h.signedIn(h.organizationView))
	mux.Handle("GET /organizations/{id}/edit", h.signedIn(h.organizationEdit))
	mux.Handle("POST /organizations/{id}", h.signedIn(h.organizationSave))
	mux.Handle("POST /organizations/{id}/archive", h.signedIn(h.organizationArchive))
	mux.Handle("POST /organizations/{id}/restore", h.signedIn(h.organizationRestore))
	mux.Handle("GET /initiatives", h.signedIn(h.initiativeList))
	mux.Handle("GET /initiatives/new", h.signedIn(h.initiativeNew))
	mux.Handle("POST /initiatives", h.signedIn(h.initiativeCreate))
	mux.Handle("GET /initiatives/{id}", h.signedIn(h.initiativeView))
	mux.Handle("GET /initiatives/{id}/edit", h.signedIn(h.initiativeEdit))
	mux.Handle("POST /initiatives/{id}/edit", h.signedIn(h.initiativeSave))
	// Each part of an initiative's workspace registers its own pages.
	for _, register := range []func(*http.ServeMux){h.memberRoutes, h.workRoutes, h.governanceRoutes, h.decisionRoutes} {
		register(mux)
	}
	h.searchRoutes(mux)
	h.freshnessRoutes(mux)
	h.serviceRoutes(mux)
	h.surveyRoutes(mux)
	h.directoryFileRoutes(mux)
	h.measureRoutes(mux)
	mux.Handle("GET /network", h.signedIn(h.networkPage))
	mux.Handle("GET /network/ties.csv", h.signedIn(h.tiesCSV))
	mux.Handle("GET /network/map", h.signedIn(h.networkMap))
	mux.Handle("GET /network/map.svg", h.signedIn(h.networkMapSVG))
	mux.Handle("GET /network/gaps", h.signedIn(h.networkGaps))
	mux.Handle("GET /network/analysis", h.signedIn(h.networkAnalysis))
	mux.Handle("GET /network/analysis/compare", h.signedIn(h.networkCompare))
	mux.Handle("POST /network/analysis/jobs", h.signedIn(h.analysisJobStart))
	mux.Handle("GET /network/analysis/jobs/{id}", h.signedIn(h.analysisJobStatus))
	mux.Handle("POST /network/analysis/jobs/{id}/cancel", h.signedIn(h.analysisJobCancel))
	mux.Handle("GET /network/gaps/sectors", h.signedIn(h.gapSectors))
	mux.Handle("POST /network/gaps/sectors", h.signedIn(h.gapSectorsSave))
	mux.Handle("POST /network/import", h.signedIn(h.tiesImport))
	mux.Handle("GET /ties/new", h.signedIn(h.tieNew))
	mux.Handle("POST /ties", h.signedIn(h.tieCreate))
	mux.Handle("GET /ties/{id}", h.signedIn(h.tieView))
	mux.Handle("POST /ties/{id}", h.signedIn(h.tieSave))
	mux.Handle("GET /account", h.signedIn(h.accountPage))
	mux.Handle("POST /account/password", h.signedIn(h.accountPassword))
	mux.Handle("GET /audit", h.signedIn(h.auditLog))

	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.renderError(w, r, http.StatusForbidden, "This request came from another site",
			"Backbone only accepts forms sent from its own pages. Go back, reload the page and try again.")
	}))
	return protect.Handler(h.csrf(h.plainText(h.notFound(mux)))), nil
}

// cacheStatic lets browsers keep the stylesheet and scripts for a day.
func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		next.ServeHTTP(w, r)
	})
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
