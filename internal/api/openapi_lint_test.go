package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestOpenAPIRequiredAndRefs holds the served document to two rules of
// .ci/run's linter (redocly), so that their mistakes fail here even where
// npm is not at hand: a schema that requires a property defines it (a
// client generated from the document would otherwise lack the field), and
// every $ref points to something in the document.
func TestOpenAPIRequiredAndRefs(t *testing.T) {
	var doc any
	if err := json.Unmarshal(documentJSON(t), &doc); err != nil {
		t.Fatalf("document is not JSON: %v", err)
	}
	for _, p := range documentProblems(doc) {
		t.Error(p)
	}
}

// TestOpenAPIRequiredAndRefsFindsMistakes proves the check above finds
// what it looks for, on a document made with each mistake.
func TestOpenAPIRequiredAndRefsFindsMistakes(t *testing.T) {
	const doc = `{
		"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
			"schema": {"$ref": "#/components/schemas/Gone"}}}}}}}},
		"components": {
			"parameters": {"id": {"name": "id", "in": "path", "required": true}},
			"schemas": {
				"Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
				"Fine": {"allOf": [{"$ref": "#/components/schemas/Base"},
					{"type": "object", "required": ["id", "name"], "properties": {"name": {"type": "string"}}}]},
				"Also/fine": {"type": "object", "required": ["required"], "properties": {"required": {"type": "boolean"}}},
				"Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}], "required": ["x"]},
				"List": {"type": "object", "properties": {"items": {"type": "array",
					"items": {"type": "object", "required": ["period"]}}}},
				"Ref": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Also~1fine"},
					"b": {"$ref": "#/components/schemas/Nope"}}}
			}
		}
	}`
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	got := documentProblems(v)
	want := []string{
		`#/components/schemas/List/properties/items/items/required: "period" is required but not defined in properties`,
		`#/components/schemas/Loop/required: "x" is required but not defined in properties`,
		`#/components/schemas/Ref/properties/b: $ref "#/components/schemas/Nope" points to nothing in the document`,
		`#/paths/~1a/get/responses/200/content/application~1json/schema: ` +
			`$ref "#/components/schemas/Gone" points to nothing in the document`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// documentProblems walks an OpenAPI document and lists, in document order
// by key, each required property a schema does not define and each $ref
// that resolves to nothing. A schema defines the properties it lists, those
// of its allOf schemas and, as a branch of an allOf, those of the other
// branches; it is stricter than redocly, which also counts the properties of
// anyOf and oneOf branches.
func documentProblems(doc any) []string {
	var problems []string
	// inherited are the properties an allOf branch's siblings define: a
	// branch may require what another defines.
	var walk func(node any, at string, inherited map[string]bool)
	walk = func(node any, at string, inherited map[string]bool) {
		switch n := node.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				if _, found := resolveRef(doc, ref); !found {
					problems = append(problems, fmt.Sprintf("%s: $ref %q points to nothing in the document", at, ref))
				}
			}
			defined := definedProperties(doc, n, map[string]bool{})
			for name := range inherited {
				defined[name] = true
			}
			// Only a schema's required is a list; a parameter's is a boolean.
			if required, ok := n["required"].([]any); ok {
				for _, name := range required {
					if s, _ := name.(string); !defined[s] {
						problems = append(problems, fmt.Sprintf("%s/required: %q is required but not defined in properties", at, name))
					}
				}
			}
			keys := make([]string, 0, len(n))
			for k := range n {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if k == "allOf" {
					walk(n[k], at+"/allOf", defined)
					continue
				}
				walk(n[k], at+"/"+escapePointer(k), nil)
			}
		case []any:
			for i, item := range n {
				walk(item, at+"/"+strconv.Itoa(i), inherited)
			}
		}
	}
	walk(doc, "#", nil)
	return problems
}

// definedProperties returns the names a schema defines: its properties and
// those of its allOf schemas, followed through $ref (once each, as schemas
// may refer to themselves).
func definedProperties(doc any, schema map[string]any, seen map[string]bool) map[string]bool {
	names := map[string]bool{}
	if ref, ok := schema["$ref"].(string); ok {
		if seen[ref] {
			return names
		}
		seen[ref] = true
		target, _ := resolveRef(doc, ref)
		if s, ok := target.(map[string]any); ok {
			for name := range definedProperties(doc, s, seen) {
				names[name] = true
			}
		}
	}
	if props, ok := schema["properties"].(map[string]any); ok {
		for name := range props {
			names[name] = true
		}
	}
	all, _ := schema["allOf"].([]any)
	for _, part := range all {
		if s, ok := part.(map[string]any); ok {
			for name := range definedProperties(doc, s, seen) {
				names[name] = true
			}
		}
	}
	return names
}

// resolveRef follows a local reference ("#/components/schemas/Tie") through
// the document, as a JSON Pointer (RFC 6901).
func resolveRef(doc any, ref string) (any, bool) {
	pointer, ok := strings.CutPrefix(ref, "#")
	if !ok || (pointer != "" && !strings.HasPrefix(pointer, "/")) {
		return nil, false
	}
	node := doc
	if pointer == "" {
		return node, true
	}
	for _, token := range strings.Split(pointer[1:], "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			next, found := n[token]
			if !found {
				return nil, false
			}
			node = next
		case []any:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// escapePointer escapes a key as a JSON Pointer token.
func escapePointer(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}
