package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// searchRoutes are the directory search endpoints.
func (h *handler) searchRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/services/search", OperationID: "searchServices", Tag: "directory",
			Summary: "Search services: ranked free text (with stemming), category, language, service area, near a point or postal code, open now",
			Query:   searchParams, Status: 200, Response: "ServiceSearchPage", Headers: []string{"Link"},
			Problems: []int{401, 403, 422}, handle: (*handler).searchServices},
		{Method: "GET", Pattern: prefix + "/services/search/choices", OperationID: "searchChoices", Tag: "directory",
			Summary: "What the search's filters can be given, from the directory itself: the categories services are filed under, the languages they are offered in, their service areas, the cities near can name",
			Status:  200, Response: "ServiceSearchChoices", Problems: []int{401, 403}, handle: (*handler).searchChoices},
	}
}

// searchChoices serves the directory's categories, languages and service
// areas, as the search form offers them.
func (h *handler) searchChoices(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Directory.SearchChoices(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// searchParams are the query parameters of the service search.
var searchParams = []param{
	{
		Name: "q",
		Description: "Words to find in service and organization names, taxonomy terms, descriptions and eligibility; every " +
			"word must match, each stemmed (meals finds meal)",
		Schema: map[string]any{"type": "string", "maxLength": 200},
	},
	{
		Name:        "category",
		Description: "A taxonomy term the service is filed under: its id, code or name (any case)",
		Schema:      map[string]any{"type": "string"},
	},
	{
		Name:        "language",
		Description: "A language the service is offered in, by code (es) or name (Spanish)",
		Schema:      map[string]any{"type": "string"},
	},
	{Name: "area", Description: "A service area, by name (any case)", Schema: map[string]any{"type": "string"}},
	{
		Name: "near",
		Description: "LAT,LON (such as 37.48,-122.23), or a place: a street address among the directory's (\"2600 " +
			"Middlefield Road\", with \", Redwood City\" when needed), a US postal code or a city or town (\"Redwood City\"; " +
			"\"Palo Alto, PA\" when the name is in more than one state), from the directory's addresses or the offline " +
			"gazetteer. radius stays in kilometres whatever the distance unit",
		Schema: map[string]any{"type": "string"},
	},
	{
		Name:        "radius",
		Description: "Kilometres around near",
		Schema: map[string]any{
			"type":             "number",
			"exclusiveMinimum": 0,
			"maximum":          directory.MaxRadiusKm,
			"default":          directory.DefaultRadiusKm,
		},
	},
	{
		Name:        "open_now",
		Description: "Only services with a schedule open at the time given by at (now by default)",
		Schema:      map[string]any{"type": "boolean", "default": false},
	},
	{
		Name:        "at",
		Description: "The time open_now is judged at (RFC 3339, read in its own offset)",
		Schema:      map[string]any{"type": "string", "format": "date-time"},
	},
	{
		Name: "sort",
		Description: "distance (needs near; the default with near, q then only filtering, and score 0), relevance " +
			"(the default with q and no near) or name (default otherwise)",
		Schema: map[string]any{"type": "string", "enum": directory.SearchSorts},
	},
	{
		Name:        "limit",
		Description: "Page size",
		Schema: map[string]any{
			"type":    "integer",
			"minimum": 1,
			"maximum": directory.MaxPageSize,
			"default": directory.DefaultSearchLimit,
		},
	},
	{
		Name:        "offset",
		Description: "How many to skip",
		Schema: map[string]any{
			"type":    "integer",
			"minimum": 0,
			"maximum": directory.MaxSearchOffset,
			"default": 0,
		},
	},
}

// searchServices serves one page of search results.
func (h *handler) searchServices(w http.ResponseWriter, r *http.Request) error {
	q, err := parseSearch(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.Directory.Search(r.Context(), httpx.Actor(r), q)
	if err != nil {
		return err
	}
	if page.NearLat != nil {
		unit, err := h.Directory.DistanceUnit(r.Context())
		if err != nil {
			return err
		}
		page.InUnit(unit)
	}
	if link := pageLinks(r.URL, page.Total, page.Limit, page.Offset); link != "" {
		w.Header().Set("Link", link)
	}
	h.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// parseSearch reads the search's query parameters, naming each one that is
// not of its type; the domain checks the values.
func parseSearch(v url.Values) (directory.SearchQuery, error) {
	var bad errs.ValidationError
	q := directory.SearchQuery{
		Text:     v.Get("q"),
		Category: v.Get("category"),
		Language: v.Get("language"),
		Area:     v.Get("area"),
		Near:     v.Get("near"),
		Sort:     v.Get("sort"),
	}
	wholeNumber(v, "limit", &q.Limit, &bad)
	wholeNumber(v, "offset", &q.Offset, &bad)
	if _, ok := v["limit"]; ok && q.Limit == 0 {
		q.Limit = -1 // "limit=0" is out of range, not "the default"
	}
	if s := v.Get("radius"); s != "" {
		km, err := strconv.ParseFloat(s, 64)
		if err != nil {
			bad.Add("radius", "must be a number of kilometres")
		}
		q.RadiusKm = km
	}
	switch strings.ToLower(v.Get("open_now")) {
	case "", "false", "0":
	case "true", "1":
		q.OpenNow = true
	default:
		bad.Add("open_now", "must be true or false")
	}
	if s := v.Get("at"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			bad.Add("at", "must be a time like 2026-05-01T14:30:00-07:00 (RFC 3339)")
		}
		q.At = t
	}
	if bad.Has() {
		return q, &bad
	}
	return q, nil
}

// searchSchemas are the components of the search answer.
func searchSchemas() obj {
	num := obj{"type": "number"}
	str := obj{"type": "string"}
	result := obj{
		"service_id": str, "service_name": str, "organization_id": str, "organization_name": str, "description": str,
		"score": obj{
			"type":        "number",
			"description": "Text relevance, higher is better (0 without q); comparable within one search only",
		},
		"distance_km": obj{
			"type":        "number",
			"description": "To the service's nearest location, when searching near a point",
		},
		"distance": obj{
			"type":        "number",
			"description": "distance_km in the page's distance_unit (the directory's setting)",
		},
		"approximate_location": obj{
			"type":        "boolean",
			"description": "The (nearest) location's point is the centroid of its postal code or city, not its street address",
		},
		"location_name": str,
		"address": obj{
			"type":        "string",
			"description": "The street address of the (nearest) location, on one line",
		},
		"latitude": num, "longitude": num,
		"phones": obj{
			"type": "array",
			"description": "The service's own phones, then those of its (nearest) location that belong to no service; voice " +
				"lines first",
			"items": obj{
				"type":                 "object",
				"additionalProperties": false,
				"required":             []string{"number", "extension", "type", "description"},
				"properties": obj{
					"number":      str,
					"extension":   str,
					"type":        obj{"type": "string", "description": "voice, fax, text, ... (HSDS)"},
					"description": str,
				},
			},
		},
		"hours": obj{
			"type":  "array",
			"items": str,
			"description": "The service's own hours and those of its (nearest) location, as a flyer says them (Mon–Fri " +
				"09:00–17:00)",
		},
	}
	names := func(what string) obj { return obj{"type": "array", "items": str, "description": what} }
	return obj{
		"ServiceSearchChoices": obj{
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"categories", "category_groups", "languages", "areas", "cities"},
			"properties": obj{
				"categories": names("The names of the taxonomy terms services are filed under, for category"),
				"category_groups": obj{
					"type":        "array",
					"description": "The same names by taxonomy (the taxonomies by name; \"\" for terms of none)",
					"items": obj{
						"type":                 "object",
						"additionalProperties": false,
						"required":             []string{"taxonomy", "categories"},
						"properties": obj{
							"taxonomy":   str,
							"categories": names("The names of the taxonomy's terms that services are filed under"),
						},
					},
				},
				"languages": names(
					"The languages services or their locations are offered in, each once whatever its case, for language",
				),
				"areas": names(
					"The service areas services name, each once whatever its case, for area (which takes a whole name)",
				),
				"cities": names(
					"The cities of the directory's addresses, each once whatever its case: places near takes",
				),
			},
		},
		"ServiceSearchResult": obj{"type": "object", "additionalProperties": false, "properties": result,
			"required": []string{
				"service_id",
				"service_name",
				"organization_id",
				"organization_name",
				"description",
				"score",
				"location_name",
				"address",
				"phones",
				"hours",
			}},
		"ServiceSearchPage": obj{
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"items", "total", "limit", "offset", "capped", "ranked_capped"},
			"properties": obj{"items": obj{"type": "array", "items": ref("ServiceSearchResult")},
				"total": obj{
					"type": "integer",
					"description": "How many services match: exactly when capped is false; when capped is true, " +
						"more than this many do",
				},
				"limit": obj{"type": "integer"}, "offset": obj{"type": "integer"},
				"capped": obj{
					"type": "boolean",
					"description": fmt.Sprintf("Counting stopped early: more than total services match. "+
						"Searches with q or near are counted exactly; others are counted up to %d (or to the end of the page asked "+
						"for, when further)", directory.SearchTotalCap),
				},
				"ranked_capped": obj{
					"type": "boolean",
					"description": fmt.Sprintf(
						"The words matched more than %d services: only the first %d in index order were ranked, "+
							"filtered and counted, so a better match may be missing; add words to narrow the search",
						directory.SearchCandidateCap,
						directory.SearchCandidateCap,
					),
				},
				"near_latitude": num, "near_longitude": num,
				"distance_unit": obj{
					"type":        "string",
					"enum":        []string{"mi", "km"},
					"description": "The unit of the results' distance, near a point",
				}},
		},
	}
}
