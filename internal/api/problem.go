package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/store"
)

// problem is an RFC 9457 problem document, with Backbone's extensions: the
// request id to quote to an administrator, the field a conflict or a bad
// body is about, and the field-by-field messages of a validation error.
type problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail"`
	Instance  string       `json:"instance"`
	RequestID string       `json:"request_id,omitempty"`
	Field     string       `json:"field,omitempty"`
	Errors    []fieldError `json:"errors,omitempty"`
}

// fieldError is one field's message in a validation problem.
type fieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// requestError is a request the API cannot read: a malformed or oversized
// body, an unsupported media type, a path or method it does not serve.
type requestError struct {
	status int
	kind   string // the last part of the problem type, like "malformed-json"
	field  string
	detail string
}

func (e *requestError) Error() string { return e.detail }

// problemTitles are the titles of each kind of problem: fixed per type, as
// RFC 9457 asks, so clients can show them; the detail says what happened.
var problemTitles = map[string]string{
	"validation":             "Some fields are not valid",
	"conflict":               "The change clashes with the current state",
	"not-found":              "Not found",
	"unauthenticated":        "Authentication required",
	"forbidden":              "Not allowed",
	"unavailable":            "Service unavailable",
	"internal":               "Internal server error",
	"malformed-json":         "The request body is not valid JSON",
	"invalid-body":           "The request body does not fit the schema",
	"unknown-field":          "The request body has an unknown field",
	"body-too-large":         "The request body is too large",
	"unsupported-media-type": "Unsupported media type",
	"bad-request":            "Bad request",
	"no-route":               "No such endpoint",
	"method-not-allowed":     "Method not allowed",
	"too-many-requests":      "Too many requests",
}

// problemType returns the type URI of a kind of problem.
func problemType(kind string) string { return "/problems/" + kind }

// fail answers with the problem document for err: the one place where
// errors become statuses in the API.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	err = store.Classify(err) // a busy database is 503 wherever the error came from
	id := httpx.RequestID(r.Context())
	p := problem{Instance: httpx.Instance(r), RequestID: id}
	var (
		reqErr   *requestError
		invalid  *errs.ValidationError
		conflict *errs.ConflictError
	)
	switch {
	case errors.As(err, &reqErr):
		p.Status, p.Type, p.Detail, p.Field = reqErr.status, reqErr.kind, reqErr.detail, reqErr.field
	case errors.As(err, &invalid):
		p.Status, p.Type, p.Detail = http.StatusUnprocessableEntity, "validation", "the request has invalid fields; see errors"
		for f, msg := range invalid.Fields {
			p.Errors = append(p.Errors, fieldError{Field: f, Detail: msg})
		}
		sort.Slice(p.Errors, func(i, j int) bool { return p.Errors[i].Field < p.Errors[j].Field })
	case errors.As(err, &conflict):
		p.Status, p.Type, p.Detail, p.Field = http.StatusConflict, "conflict", conflict.Message, conflict.Field
	case errors.Is(err, errs.ErrNotFound):
		p.Status, p.Type, p.Detail = http.StatusNotFound, "not-found", "no record exists at "+r.URL.Path
	case errors.Is(err, errs.ErrUnauthenticated):
		w.Header().Set("WWW-Authenticate", `Bearer realm="backbone"`)
		p.Status, p.Type, p.Detail = http.StatusUnauthorized, "unauthenticated",
			"send a valid API token as Authorization: Bearer <token>; the token may be missing, unknown, expired or revoked, or its user disabled"
	case errors.Is(err, errs.ErrForbidden):
		h.Logger.Info("api forbidden", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		p.Status, p.Type, p.Detail = http.StatusForbidden, "forbidden", "your account may not do this"
	case errors.Is(err, errs.ErrUnavailable):
		h.Logger.Error("api unavailable", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		p.Status, p.Type, p.Detail = http.StatusServiceUnavailable, "unavailable",
			"the database did not answer in time; nothing was changed; try again shortly"
	default:
		h.Logger.Error("api server error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		p.Status, p.Type, p.Detail = http.StatusInternalServerError, "internal",
			"the server could not finish the request; quote the request_id to your administrator"
	}
	p.Title = problemTitles[p.Type]
	p.Type = problemType(p.Type)
	body, _ := json.Marshal(p) // a problem holds only strings and ints
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// writeJSON answers with v as JSON.
func (h *handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
