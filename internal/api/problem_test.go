package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// TestFailMapsErrors checks the one error-to-status mapping, including the
// errors no scenario can provoke on a healthy database (503 and 500).
func TestFailMapsErrors(t *testing.T) {
	for _, c := range []struct {
		err      error
		status   int
		kind     string
		header   string // a header the answer must set
		logged   bool   // the real error must be logged with the request id
		leakFree string // a part of err the answer must not show
	}{
		{&errs.ValidationError{Fields: map[string]string{"b": "bad", "a": "worse"}}, 422, "validation", "", false, ""},
		{&errs.ConflictError{Field: "name", Message: "taken"}, 409, "conflict", "", false, ""},
		{fmt.Errorf("organization %q: %w", "x", errs.ErrNotFound), 404, "not-found", "", false, ""},
		{errs.ErrUnauthenticated, 401, "unauthenticated", "WWW-Authenticate", false, ""},
		{fmt.Errorf("a@b may not: %w", errs.ErrForbidden), 403, "forbidden", "", false, "a@b"},
		{fmt.Errorf("%w: dial tcp 10.0.0.7:5432: connect: connection refused", errs.ErrUnavailable), 503, "unavailable", "Retry-After", true, "10.0.0.7"},
		{errors.New(`pq: relation "organizations" does not exist`), 500, "internal", "", true, "relation"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			var logs bytes.Buffer
			h := &handler{Deps: Deps{Logger: slog.New(slog.NewTextHandler(&logs, nil))}}
			var id string
			req := httptest.NewRequest("GET", "/api/v1/organizations/x", nil)
			httpx.Log(slog.New(slog.DiscardHandler), http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				id = httpx.RequestID(r.Context())
				req = r
			})).ServeHTTP(httptest.NewRecorder(), req)
			rec := httptest.NewRecorder()
			h.fail(rec, req, c.err)
			var p problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if rec.Code != c.status || p.Status != c.status || p.Type != "/problems/"+c.kind || p.RequestID != id || p.Instance != "/api/v1/organizations/x" {
				t.Errorf("got %d %+v", rec.Code, p)
			}
			if c.header != "" && rec.Header().Get(c.header) == "" {
				t.Errorf("no %s header", c.header)
			}
			if c.leakFree != "" && strings.Contains(rec.Body.String(), c.leakFree) {
				t.Errorf("answer shows %q: %s", c.leakFree, rec.Body)
			}
			if c.logged && (!strings.Contains(logs.String(), id) || !strings.Contains(logs.String(), c.leakFree)) {
				t.Errorf("log lacks the request id or the error: %s", logs.String())
			}
			if c.kind == "validation" && (len(p.Errors) != 2 || p.Errors[0].Field != "a") {
				t.Errorf("errors not sorted by field: %+v", p.Errors)
			}
		})
	}
}
