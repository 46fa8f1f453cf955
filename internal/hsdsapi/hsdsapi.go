// Package hsdsapi serves the directory as the Open Referral HSDS 3.0 API
// (the specification's schema/openapi.json) under /hsds/: public and
// read-only, as 211s publish their directories, so that any HSDS tool can
// read the community's resources without a line of glue. Archived
// organizations and their services are not published.
package hsdsapi

import (
	"log/slog"
	"net/http"

	"backbone/internal/directory"
	"backbone/internal/errs"
)

// Prefix is where the API is mounted.
const Prefix = "/hsds"

// Version is the HSDS version the API speaks.
const Version = "3.0"

// The URLs that the API's root names: the HSDS profile it follows (the base
// specification, no profile of it) and the OpenAPI document that defines it.
const (
	ProfileURL = "https://docs.openreferral.org/en/v3.0/"
	OpenAPIURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

type handler struct {
	dir    *directory.Store
	logger *slog.Logger
	mux    *http.ServeMux
}

// Routes lists the patterns the API serves (GET and HEAD, to anyone), from
// the table that registers them.
func Routes() []string {
	out := []string{Prefix + "/{$}"}
	for _, e := range endpoints {
		out = append(out, Prefix+e.path, Prefix+e.path+"/{id}")
	}
	return out
}

// New returns the HSDS API over the directory, to be mounted at /hsds/.
func New(dir *directory.Store, logger *slog.Logger) http.Handler {
	h := &handler{dir: dir, logger: logger, mux: http.NewServeMux()}
	h.mux.HandleFunc(Prefix+"/{$}", h.info)
	for _, e := range endpoints {
		h.mux.HandleFunc(Prefix+e.path, h.list(e))
		h.mux.HandleFunc(Prefix+e.path+"/{id}", h.detail(e))
	}
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.problem(w, r, http.StatusNotFound, "no-route", "the HSDS API has no endpoint at "+r.URL.Path+
			"; it serves /hsds/, /hsds/services, /hsds/organizations, /hsds/service_at_locations, /hsds/taxonomies and /hsds/taxonomy_terms")
	})
	return h
}

// ServeHTTP answers CORS preflights, refuses every method that would write,
// and routes the rest.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if errs.TextProblem(r.URL.Path) != "" {
			// An id with a NUL or bytes that are not UTF-8: no record has
			// one (and PostgreSQL would refuse to look).
			h.fail(w, r, errs.ErrNotFound)
			return
		}
		h.mux.ServeHTTP(w, r)
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "Accept, Content-Type")
		w.Header().Set("Access-Control-Max-Age", "86400")
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		h.problem(w, r, http.StatusMethodNotAllowed, "method-not-allowed",
			"the HSDS API is read-only: "+r.Method+" is not allowed; use GET")
	}
}

// info answers the API's root: the HSDS version and profile it follows.
func (h *handler) info(w http.ResponseWriter, r *http.Request) {
	if _, err := parseParams(r, nil); err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeJSON(w, r, map[string]string{"version": Version, "profile": ProfileURL, "openapi_url": OpenAPIURL})
}
