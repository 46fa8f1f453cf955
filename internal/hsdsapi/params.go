package hsdsapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/store"
)

// Page sizes: a page is bounded so one request cannot ask for everything;
// the minimal form is small, and the specification asks that it come "within
// one page", so its pages may be far larger.
const (
	DefaultPerPage        = 50
	MaxPerPage            = 200
	DefaultMinimalPerPage = 1000
	MaxMinimalPerPage     = 10000
)

// params are a request's query parameters, checked against those its
// endpoint accepts.
type params struct {
	values map[string]string
	page   int
	ndjson bool
}

// paramError is a query parameter the API refuses, with the reason.
type paramError struct {
	name, detail string
	err          error
}

func (e *paramError) Error() string { return e.detail }
func (e *paramError) Unwrap() error { return e.err }

func badParam(name, detail string) error { return &paramError{name: name, detail: detail} }

// parseParams reads the query, refusing a parameter the endpoint does not
// take, one given twice, and one the API cannot honour, so that nothing a
// client asks for is silently ignored. An empty value counts as absent.
func parseParams(r *http.Request, accepted []string) (*params, error) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badParam("", "the query string cannot be read: "+err.Error())
	}
	p := &params{values: map[string]string{}}
	for name, vs := range query {
		if !slices.Contains(accepted, name) {
			if len(accepted) == 0 {
				return nil, badParam(name, fmt.Sprintf("%s takes no query parameters; %q is not one", r.URL.Path, name))
			}
			return nil, badParam(name, fmt.Sprintf("%q is not a parameter of %s; it takes %s", name, r.URL.Path, strings.Join(accepted, ", ")))
		}
		if len(vs) > 1 {
			return nil, badParam(name, fmt.Sprintf("%s is given %d times; give it once", name, len(vs)))
		}
		if problem := errs.TextProblem(vs[0]); problem != "" {
			return nil, badParam(name, name+" "+problem)
		}
		if v := strings.TrimSpace(vs[0]); v != "" {
			p.values[name] = v
		}
	}
	if _, ok := p.values["proximity"]; ok {
		return nil, unsupported("proximity", "it needs the centroid of a postcode, and Backbone holds no postcode gazetteer; "+
			"filter by postcode alone, or use Backbone's own search (/api/) for distances")
	}
	switch f := p.values["format"]; f {
	case "", "json":
	case "ndjson":
		p.ndjson = true
		for _, name := range []string{"page", "per_page"} {
			if _, ok := p.values[name]; ok {
				return nil, badParam(name, "format=ndjson streams every result without pages: leave out "+name)
			}
		}
	default:
		return nil, badParam("format", fmt.Sprintf("format %q is not one this API writes: use json (the default) or ndjson", f))
	}
	return p, nil
}

func (p *params) text(name string) string { return p.values[name] }

func (p *params) boolean(name string) (bool, error) {
	v, ok := p.values[name]
	if !ok {
		return false, nil
	}
	switch strings.ToLower(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, badParam(name, fmt.Sprintf("%s must be true or false, not %q", name, v))
}

// timeLayouts are the forms modified_after may take: an RFC 3339 date-time,
// one without a zone (UTC), or a date (its start, UTC).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"}

func (p *params) time(name string) (time.Time, error) {
	v, ok := p.values[name]
	if !ok {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, badParam(name, fmt.Sprintf("%s must be a date-time such as 2024-05-01T12:00:00Z or a date such as 2024-05-01, not %q", name, v))
}

func (p *params) number(name string, def, lo, hi int) (int, error) {
	v, ok := p.values[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, fmt.Sprintf("%s must be a whole number from %d to %d, not %q", name, lo, hi, v))
	}
	return n, nil
}

// paging reads page and per_page into q's limit and offset.
func (p *params) paging(minimal bool, q *directory.HSDSQuery) error {
	def, hi := DefaultPerPage, MaxPerPage
	if minimal {
		def, hi = DefaultMinimalPerPage, MaxMinimalPerPage
	}
	perPage, err := p.number("per_page", def, 1, hi)
	if err != nil {
		return err
	}
	p.page, err = p.number("page", 1, 1, 1_000_000_000/perPage)
	if err != nil {
		return err
	}
	q.Limit, q.Offset = perPage, (p.page-1)*perPage
	return nil
}

// problem is an RFC 9457 problem document: the HSDS specification defines
// no error shape of its own.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	Parameter string `json:"parameter,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

var problemTitles = map[string]string{
	"bad-parameter":      "A query parameter is not valid",
	"unsupported":        "A query parameter is not supported",
	"not-found":          "Not found",
	"no-route":           "No such endpoint",
	"method-not-allowed": "Method not allowed",
	"unavailable":        "Service unavailable",
	"internal":           "Internal server error",
}

// fail answers with the problem document for err: the one place where the
// API's errors become statuses.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	err = store.Classify(err) // a busy database is 503 wherever the error came from
	var pe *paramError
	switch {
	case errors.As(err, &pe):
		kind := "bad-parameter"
		if errors.Is(err, errUnsupported) {
			kind = "unsupported"
		}
		h.write(w, r, problem{Type: kind, Status: http.StatusBadRequest, Detail: pe.detail, Parameter: pe.name})
	case errors.Is(err, errs.ErrNotFound):
		h.problem(w, r, http.StatusNotFound, "not-found", "no published record exists at "+r.URL.Path)
	case errors.Is(err, errs.ErrUnavailable):
		h.logger.Error("hsds api unavailable", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		h.problem(w, r, http.StatusServiceUnavailable, "unavailable", "the database did not answer in time; try again shortly")
	default:
		h.logger.Error("hsds api server error", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		h.problem(w, r, http.StatusInternalServerError, "internal", "the server could not finish the request; quote the request_id to the directory's administrator")
	}
}

func (h *handler) problem(w http.ResponseWriter, r *http.Request, status int, kind, detail string) {
	h.write(w, r, problem{Type: kind, Status: status, Detail: detail})
}

func (h *handler) write(w http.ResponseWriter, r *http.Request, p problem) {
	p.Title = problemTitles[p.Type]
	p.Type = "/problems/hsds/" + p.Type
	p.Instance = httpx.Instance(r)
	p.RequestID = httpx.RequestID(r.Context())
	body, _ := json.Marshal(p) // a problem holds only strings and ints
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}
