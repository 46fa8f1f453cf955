package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPICoversEveryRoute compares the operations the document lists
// with the routes the handler serves, both ways, and asks the handler for
// each documented operation to prove it is really served.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	raw := documentJSON(t)
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("document is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	names := []string{"Organization", "OrganizationCreate", "OrganizationPatch", "OrganizationPage", "Problem", "User"}
	for _, name := range names {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("components.schemas lacks %s", name)
		}
	}
	if doc.Components.SecuritySchemes["bearer"] == nil {
		t.Error("no bearer security scheme")
	}

	documented := map[string]bool{}
	for path, item := range doc.Paths {
		for method, op := range item {
			documented[strings.ToUpper(method)+" "+prefix+path] = true
			if op["operationId"] == nil || op["responses"] == nil {
				t.Errorf("%s %s lacks operationId or responses", method, path)
			}
		}
	}
	h := &handler{}
	served := map[string]bool{}
	for _, rt := range h.routes() {
		key := rt.Method + " " + rt.Pattern
		if served[key] {
			t.Errorf("route %s is listed twice", key)
		}
		served[key] = true
	}
	if missing := difference(served, documented); len(missing) > 0 {
		t.Errorf("served but not documented: %v", missing)
	}
	if extra := difference(documented, served); len(extra) > 0 {
		t.Errorf("documented but not served: %v", extra)
	}

	// Ask the real handler: a documented operation must reach a handler
	// (which may refuse the caller), never the no-route or 405 answer.
	api := New(Deps{})
	for key := range documented {
		method, path, _ := strings.Cut(key, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "x"), nil)
		req.Header.Set("Authorization", "Basic x") // refused before any store is touched
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if body := rec.Body.String(); strings.Contains(body, "/problems/no-route") || rec.Code == http.StatusMethodNotAllowed {
			t.Errorf("%s is documented but the handler answers %d %s", key, rec.Code, body)
		}
	}
}

func difference(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestOpenAPISchemasCompile compiles every component schema, so a typo in
// the document fails here rather than in a client's code generator.
func TestOpenAPISchemasCompile(t *testing.T) {
	for name := range schemas() {
		t.Run(name, func(t *testing.T) {
			checkSchemaOnly(t, name)
		})
	}
}

// TestOpenAPIDeclaresPathParameters checks what OpenAPI 3.1 requires: every
// {name} in a path is declared as a path parameter of each of its operations.
func TestOpenAPIDeclaresPathParameters(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(documentJSON(t), &doc); err != nil {
		t.Fatal(err)
	}
	wild := regexp.MustCompile(`\{(\w+)\}`)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			declared := map[string]bool{}
			for _, p := range op.Parameters {
				if p.Ref == "#/components/parameters/id" {
					declared["id"] = true
				}
				if p.In == "path" {
					declared[p.Name] = true
				}
			}
			for _, m := range wild.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s %s: path parameter {%s} not declared", method, path, m[1])
				}
			}
		}
	}
}

// TestOpenAPIDocumentIsStable builds the document a few times: it must be
// the same bytes each time, though schemas are built from maps, whose
// order Go varies.
func TestOpenAPIDocumentIsStable(t *testing.T) {
	first, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Document()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two builds of the OpenAPI document differ")
		}
	}
}
