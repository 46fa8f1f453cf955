package hsds

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// JSONFormat names HSDS 3.0 JSON in bundles and the audit log.
const JSONFormat = "hsds-3.0-json"

// ReadJSON reads HSDS 3.0 JSON: one full object, an array of them, or a
// page of an API list ({"total_items": ..., "contents": [...]}), with the
// objects nested in it (a service's organization, locations through its
// service_at_locations, phones, schedules, taxonomy terms through its
// attributes, ...). The kind of object is told by the file name (services,
// organizations, service_at_locations, taxonomy_terms, taxonomies,
// locations) or else by its fields. A nested object that does not say whose
// it is belongs to the object it is nested in. Problems name the file, the
// JSON path and the field, such as "services.json: [3].phones[0].number:
// is required"; one problem refuses the whole file.
func ReadJSON(name string, r io.Reader) (*Bundle, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not JSON: %v", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: more than one JSON value in the file", name)
	}
	h := newBuilder(JSONFormat)
	var items []any
	prefix := ""
	switch v := doc.(type) {
	case []any:
		items = v
	case map[string]any:
		if c, ok := v["contents"]; ok {
			list, ok := c.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: contents: must be an array", name)
			}
			items, prefix = list, "contents"
		} else {
			items, prefix = []any{v}, "-"
		}
	default:
		return nil, fmt.Errorf("%s: must hold an HSDS object, an array of them or a page of a list", name)
	}
	for i, item := range items {
		path := fmt.Sprintf("%s[%d]", prefix, i)
		if prefix == "-" {
			path = ""
		}
		obj, ok := item.(map[string]any)
		if !ok {
			h.add(fmt.Errorf("%s: %s: must be an object", name, strings.TrimPrefix(path, ".")))
			continue
		}
		table := jsonKind(name, obj)
		if table == "" {
			h.add(fmt.Errorf("%s: %s: cannot tell which HSDS object this is "+
				"(name the file services.json, organizations.json, ...)", name, path))
			continue
		}
		h.readObject(name, path, TableNamed(table), obj, nil, nil)
		if h.full() {
			break
		}
	}
	return h.bundle()
}

// jsonKind tells which HSDS object a top-level JSON object is.
func jsonKind(file string, obj map[string]any) string {
	f := strings.ToLower(file)
	for _, k := range []struct{ hint, table string }{
		{"service_at_location", "service_at_location"}, {"taxonomy_term", "taxonomy_term"}, {"taxonom", "taxonomy"},
		{"service", "service"}, {"organization", "organization"}, {"location", "location"},
	} {
		if strings.Contains(f, k.hint) {
			return k.table
		}
	}
	has := func(k string) bool { _, ok := obj[k]; return ok }
	switch {
	case has("service") && has("location"):
		return "service_at_location"
	case has("status"):
		return "service"
	case has("location_type"):
		return "location"
	case has("taxonomy_detail") || has("term_uri") || has("taxonomy_id") || has("parent_id"):
		return "taxonomy_term"
	case has("services") || has("locations") || has("website") || has("year_incorporated"):
		return "organization"
	}
	return ""
}

// readObject turns one JSON object and what it nests into rows. parent is
// the object it is nested in (nil at the top), whose id fills link.
func (h *builder) readObject(file, path string, t *Table, obj map[string]any, parent *sourceRow, via *nest) *sourceRow {
	src := file + ": " + path
	if path == "" {
		src = file + ": "
	}
	r := &sourceRow{table: t, source: src, path: true, values: map[string]string{}}
	for _, c := range t.Columns {
		v, ok := obj[c.Name]
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case string:
			r.values[c.Name] = x
		case json.Number:
			r.values[c.Name] = x.String()
		case bool:
			r.values[c.Name] = fmt.Sprint(x)
		default:
			h.problem(r, c.Name, "must be a string or a number, not %s", jsonType(v))
		}
	}
	if parent != nil && via != nil && !via.One {
		if r.values[via.Link] == "" {
			r.values[via.Link] = parent.values["id"]
		}
		switch t.Name {
		case "attribute":
			if r.values["link_entity"] == "" {
				r.values["link_entity"] = parent.table.Name
			}
		case "metadata":
			if r.values["resource_type"] == "" {
				r.values["resource_type"] = parent.table.Name
			}
		}
	}
	for _, n := range nestedOf(t.Name) {
		v, ok := obj[n.Key]
		if !ok || v == nil {
			continue
		}
		at := path + "." + n.Key
		if path == "" {
			at = n.Key
		}
		nt := TableNamed(n.Table)
		if n.One {
			child, ok := v.(map[string]any)
			if !ok {
				h.problem(r, n.Key, "must be an object, not %s", jsonType(v))
				continue
			}
			// A program nested in a service is its organization's.
			if _, ok := child["organization_id"]; !ok && n.Table == "program" && r.values["organization_id"] != "" {
				child["organization_id"] = r.values["organization_id"]
			}
			c := h.readObject(file, at, nt, child, r, &n)
			if r.values[n.Link] == "" {
				r.values[n.Link] = c.values["id"]
			}
			continue
		}
		list, ok := v.([]any)
		if !ok {
			h.problem(r, n.Key, "must be an array, not %s", jsonType(v))
			continue
		}
		for i, item := range list {
			child, ok := item.(map[string]any)
			if !ok {
				h.add(fmt.Errorf("%s: %s[%d]: must be an object, not %s", file, at, i, jsonType(item)))
				continue
			}
			h.readObject(file, fmt.Sprintf("%s[%d]", at, i), nt, child, r, &n)
		}
	}
	if h.check(r) {
		h.put(r, false)
	}
	return r
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}
