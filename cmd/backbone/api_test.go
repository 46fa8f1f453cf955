package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"backbone/internal/api"
)

// TestAPIOpenAPI checks that `backbone api openapi` prints, without a
// database, the very document the API serves, which CI hands to a linter.
func TestAPIOpenAPI(t *testing.T) {
	code, out, stderr := runCLI(t, "", "api", "openapi")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Paths["/organizations"] == nil {
		t.Errorf("openapi %q with %d paths: not the API's document", doc.OpenAPI, len(doc.Paths))
	}

	rec := httptest.NewRecorder()
	api.New(api.Deps{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /api/v1/openapi.json: %d", rec.Code)
	}
	if !bytes.Equal(bytes.TrimSpace([]byte(out)), rec.Body.Bytes()) {
		t.Error("the printed document differs from the one served at /api/v1/openapi.json")
	}
}

func TestAPIUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"api"}, 2, "which one? openapi"},
		{[]string{"api", "spec"}, 2, `unknown subcommand "spec"`},
		{[]string{"api", "openapi", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"api", "openapi", "--db", "x.db"}, 2, "flag provided but not defined: -db"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	for _, args := range [][]string{{"api", "--help"}, {"api", "openapi", "--help"}} {
		code, out, stderr := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "backbone api openapi") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}
