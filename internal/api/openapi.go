package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// obj is a JSON object in the OpenAPI document.
type obj = map[string]any

// buildDocument returns the OpenAPI 3.1 document for the routes.
func buildDocument(routes []route) obj {
	paths := obj{}
	for _, rt := range routes {
		path := strings.TrimPrefix(rt.Pattern, prefix)
		item, _ := paths[path].(obj)
		if item == nil {
			item = obj{}
			paths[path] = item
		}
		item[strings.ToLower(rt.Method)] = operation(rt)
	}
	return stable(obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "Backbone API",
			"version": "1",
			"description": "The JSON API of Backbone, the shared directory and partnership tool of a collective-impact " +
				"initiative. Every request but this document needs an API token (Authorization: Bearer <token>); " +
				"the token's user is held to the same permissions as in the web interface. Errors are RFC 9457 problem documents.",
		},
		"servers":  []obj{{"url": prefix}},
		"security": []obj{{"bearer": []string{}}},
		"tags": []obj{
			{"name": "directory", "description": "Organizations in the community's shared directory"},
			{"name": "meta", "description": "The API itself and the caller"},
		},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer",
				"description": "An API token made by an administrator (backbone users token)"}},
			"schemas":    schemas(),
			"parameters": obj{"id": obj{"name": "id", "in": "path", "required": true, "description": "The id of the organization, initiative or tie the path names", "schema": obj{"type": "string"}}},
			"headers": obj{
				"ETag":     obj{"description": "The organization's version, as an entity tag (\"3\"); send it back in If-Match", "schema": obj{"type": "string"}},
				"Location": obj{"description": "Where the new organization is served", "schema": obj{"type": "string"}},
				"Link":     obj{"description": "RFC 8288 links to the next and previous pages (rel=\"next\", rel=\"prev\")", "schema": obj{"type": "string"}},
			},
		},
	}).(obj)
}

// stable returns a copy of a document node with every schema's required
// list sorted. Some schemas gather their required names from a map, whose
// order Go changes from run to run; sorted, the document is the same bytes
// on every start and in every tool that reads it. It copies rather than
// sorts in place, as schemas may share slices.
func stable(node any) any {
	switch n := node.(type) {
	case obj:
		out := make(obj, len(n))
		for k, v := range n {
			if names, ok := v.([]string); ok && k == "required" {
				out[k] = slices.Sorted(slices.Values(names))
				continue
			}
			out[k] = stable(v)
		}
		return out
	case []obj:
		out := make([]obj, len(n))
		for i, v := range n {
			out[i] = stable(v).(obj)
		}
		return out
	case []any:
		out := make([]any, len(n))
		for i, v := range n {
			out[i] = stable(v)
		}
		return out
	}
	return node
}

// operation documents one route.
func operation(rt route) obj {
	op := obj{"operationId": rt.OperationID, "summary": rt.Summary, "tags": []string{rt.Tag}}
	if rt.Public {
		op["security"] = []obj{}
	}
	var params []obj
	for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
		if m[1] == "id" {
			params = append(params, obj{"$ref": "#/components/parameters/id"})
			continue
		}
		params = append(
			params,
			obj{
				"name":        m[1],
				"in":          "path",
				"required":    true,
				"description": pathParams[m[1]],
				"schema":      obj{"type": "string"},
			},
		)
	}
	for _, p := range rt.Query {
		params = append(params, obj{"name": p.Name, "in": "query", "description": p.Description, "schema": p.Schema})
	}
	if rt.Method == http.MethodPatch && slices.Contains(rt.Headers, "ETag") {
		params = append(
			params,
			obj{
				"name":        "If-Match",
				"in":          "header",
				"description": "The version the change is based on, as its ETag (\"3\"); the change is refused with 409 if the organization has changed since",
				"schema":      obj{"type": "string"},
			},
		)
	}
	if params != nil {
		op["parameters"] = params
	}
	switch {
	case rt.RawBody:
		op["requestBody"] = obj{
			"required": true,
			"content": obj{
				"*/*": obj{"schema": obj{"type": "string", "contentMediaType": "application/octet-stream"}},
			},
		}
	case rt.Request != "":
		op["requestBody"] = obj{"required": true, "content": obj{
			"application/json": obj{"schema": ref(rt.Request)},
		}}
	}
	ok := obj{"description": http.StatusText(rt.Status)}
	switch {
	case rt.Response != "":
		ok["content"] = obj{"application/json": obj{"schema": ref(rt.Response)}}
	case rt.RawResult:
		ok["content"] = obj{"*/*": obj{"schema": obj{"type": "string", "contentMediaType": "application/octet-stream"}}}
	case strings.HasSuffix(rt.Pattern, ".pdf"):
		ok["content"] = obj{"application/pdf": obj{"schema": obj{"type": "string", "contentMediaType": "application/pdf"}}}
	case rt.Pattern == prefix+"/openapi.json":
		ok["content"] = obj{"application/json": obj{"schema": obj{"type": "object"}}}
	}
	if len(rt.Headers) > 0 {
		headers := obj{}
		for _, name := range rt.Headers {
			headers[name] = obj{"$ref": "#/components/headers/" + name}
		}
		ok["headers"] = headers
	}
	responses := obj{strconv.Itoa(rt.Status): ok}
	// Besides the route's own problems, endpoint answers any route with 422
	// for a query parameter no text can hold (a NUL), 503 when the database
	// does not answer (every route but the public ones reads it) and 500.
	statuses := append([]int{}, rt.Problems...)
	if !slices.Contains(statuses, http.StatusUnprocessableEntity) {
		statuses = append(statuses, http.StatusUnprocessableEntity)
	}
	if !rt.Public {
		statuses = append(statuses, http.StatusServiceUnavailable)
	}
	statuses = append(statuses, http.StatusInternalServerError)
	sort.Ints(statuses)
	for _, s := range statuses {
		responses[strconv.Itoa(s)] = obj{"description": http.StatusText(s),
			"content": obj{"application/problem+json": obj{"schema": ref("Problem")}}}
	}
	op["responses"] = responses
	return op
}

// pathParam finds the {name} wildcards of a pattern.
var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// pathParams describes each path wildcard but {id}.
var pathParams = map[string]string{
	"org": "An organization's id", "item": "An agenda item's number", "activity": "An activity's number",
	"agreement": "An agreement's number", "proposal": "A proposal's number", "assessment": "A compatibility assessment's number",
	"user": "A person's (user's) number", "service": "A service's id", "location": "A location's id",
	"survey": "A partner survey wave's number", "indicator": "A shared indicator's number", "goal": "A goal's number",
	"person":       "A person's (user's) number, or their email address",
	"contribution": "A contribution entry's number", "post": "An offer's or need's number", "match": "A match's number",
}

func ref(schema string) obj { return obj{"$ref": "#/components/schemas/" + schema} }

// Document returns the OpenAPI 3.1 document the API serves at
// /api/v1/openapi.json, as the same bytes, without a server or a database:
// for tools (a linter, a client generator) that read it from a file.
func Document() ([]byte, error) {
	return marshalDocument(buildDocument((&handler{}).routes()))
}

// marshalDocument encodes the document, indented for people who read it.
func marshalDocument(doc obj) ([]byte, error) {
	return json.MarshalIndent(doc, "", "  ")
}

// schemas returns the document's component schemas (JSON Schema 2020-12).
func schemas() obj {
	str := func(desc string, maxLen int) obj {
		s := obj{"type": "string", "description": desc}
		if maxLen > 0 {
			s["maxLength"] = maxLen
		}
		return s
	}
	inputProps := func() obj {
		return obj{
			"name":              str("The organization's name; unique among active organizations, any case", 200),
			"alternate_name":    str("Another name it is known by", 200),
			"description":       str("What the organization does, in a sentence or two", 10000),
			"mission":           str("Its mission statement", 2000),
			"email":             str("A general contact address", 254),
			"website":           str("Its web site; https:// is added when no scheme is given", 500),
			"tax_status":        str("For example 501(c)(3)", 100),
			"tax_id":            str("Its tax identifier (EIN)", 100),
			"year_incorporated": obj{"type": []string{"integer", "null"}, "minimum": 1600},
			"legal_status":      str("For example nonprofit, government, business", 100),
			"parent_organization_id": str("The organization this one is a unit of (a department, a branch); "+
				"empty for none; not itself nor one of its own units", maxID),
			"sectors": obj{"type": []string{"array", "null"}, "description": "Sectors it works in (see /sectors)",
				"items": obj{"type": "string"}},
		}
	}
	createProps := inputProps()
	createProps["id"] = obj{"type": "string", "maxLength": maxID, "pattern": "^[A-Za-z0-9._-]*$",
		"description": "An id chosen by the client (an import keeping its source's ids); a new UUID when left out"}
	patchProps := inputProps()
	patchProps["version"] = obj{"type": "integer", "minimum": 1,
		"description": "The version the change is based on; the change is refused with 409 if the organization has changed since"}
	orgProps := inputProps()
	orgOnly := obj{
		"id":               obj{"type": "string"},
		"sectors":          obj{"type": "array", "items": obj{"type": "string"}},
		"last_verified_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		"archived_at": obj{
			"type":        []string{"string", "null"},
			"format":      "date-time",
			"description": "When it was archived; null while active",
		},
		"version": obj{
			"type":        "integer",
			"minimum":     1,
			"description": "Goes up by one with every change; also the ETag",
		},
		"created_at":    obj{"type": "string", "format": "date-time"},
		"updated_at":    obj{"type": "string", "format": "date-time"},
		"service_count": obj{"type": "integer", "minimum": 0},
	}
	for name, s := range orgOnly {
		orgProps[name] = s
	}
	orgRequired := make([]string, 0, len(orgProps))
	for name := range orgProps {
		orgRequired = append(orgRequired, name)
	}
	sort.Strings(orgRequired)
	all := obj{
		"OrganizationCreate": obj{"type": "object", "additionalProperties": false, "properties": createProps,
			"required":    []string{"name", "description"},
			"description": "A new organization: the fields a person writes about it, and an optional id"},
		"OrganizationFields": obj{"type": "object", "additionalProperties": false, "properties": inputProps(),
			"required":    []string{"name", "description"},
			"description": "The fields a person writes about an organization (OrganizationCreate without its id)"},
		"OrganizationPatch": obj{"type": "object", "additionalProperties": false, "properties": patchProps,
			"description": "Some of the fields of OrganizationCreate (not id), and the version they change; " +
				"fields left out keep their values, null clears one"},
		"Organization": obj{
			"type":                 "object",
			"additionalProperties": false,
			"properties":           orgProps,
			"required":             orgRequired,
			"description":          "An organization in the directory",
		},
		"OrganizationPage": obj{
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"items", "total", "limit", "offset"},
			"properties": obj{
				"items":  obj{"type": "array", "items": ref("Organization")},
				"total":  obj{"type": "integer", "minimum": 0, "description": "How many match, across all pages"},
				"limit":  obj{"type": "integer", "minimum": 1},
				"offset": obj{"type": "integer", "minimum": 0},
			},
		},
		"User": obj{
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"id", "email", "name", "role"},
			"properties": obj{
				"id":    obj{"type": "integer"},
				"email": obj{"type": "string"},
				"name":  obj{"type": "string"},
				"role":  obj{"type": "string", "enum": []string{"member", "steward", "admin"}},
			},
		},
		"SectorList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": obj{"type": "string"}}}},
		"Problem": obj{"type": "object", "required": []string{"type", "title", "status", "detail", "instance"},
			"description": "An RFC 9457 problem document",
			"properties": obj{
				"type": obj{
					"type":        "string",
					"format":      "uri-reference",
					"description": "Stable identifier of the kind of problem, like /problems/validation",
				},
				"title":      obj{"type": "string"},
				"status":     obj{"type": "integer"},
				"detail":     obj{"type": "string"},
				"instance":   obj{"type": "string", "description": "The request path"},
				"request_id": obj{"type": "string", "description": "Quote it to an administrator"},
				"field":      obj{"type": "string", "description": "The field a conflict or a bad body is about"},
				"errors": obj{"type": "array", "description": "Validation messages, field by field, sorted by field",
					"items": obj{
						"type":                 "object",
						"required":             []string{"field", "detail"},
						"additionalProperties": false,
						"properties":           obj{"field": obj{"type": "string"}, "detail": obj{"type": "string"}},
					}},
			}},
	}
	for _, more := range []obj{
		initiativeSchemas(),
		tieSchemas(),
		initiativeWorkSchemas(),
		freshnessSchemas(),
		categorySchemas(),
		mergeSchemas(),
		serviceMergeSchemas(),
		searchSchemas(),
		synonymSchemas(), // after searchSchemas: it adds to ServiceSearchPage
		networkSchemas(),
		serviceSchemas(),
		surveySchemas(),
		planSchemas(),
		planViewSchemas(),
		measureSchemas(),
		directoryImportSchemas(),
		peopleSchemas(),
		queueSchemas(),
		feedSchemas(),
		mailSchemas(),
		mailServerSchemas(),
		notificationSchemas(),
		webhookSchemas(),
		meetingSchemas(),
		healthSchemas(),
		qualitySchemas(),
		reviewSchemas(),
	} {
		for name, schema := range more {
			all[name] = schema
		}
	}
	return all
}
