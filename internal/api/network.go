package api

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// networkRoutes are the relationship map's analysis endpoints.
func (h *handler) networkRoutes() []route {
	routes := []route{
		{Method: "GET", Pattern: prefix + "/network/metrics", OperationID: "getNetworkMetrics", Tag: "network",
			Summary: "The network analysis of the community, an initiative's members or one organization's ties: density, components, " +
				"and per organization degree, betweenness, closeness, eigenvector, Burt's constraint, sector brokerage (networkx's normalization) " +
				"and the trust and value of the latest closed survey. Above 1,000 organizations betweenness is sampled and closeness left out " +
				"(method says so) unless an exact analysis job for the same selection has finished",
			Query: scopeParams, Status: 200, Response: "NetworkAnalysis", Problems: []int{400, 401, 403, 404, 422}, handle: (*handler).networkMetrics},
		{Method: "GET", Pattern: prefix + "/network/gaps", OperationID: "getServiceGaps", Tag: "network",
			Summary: "The sectors in which an organization or an initiative has no strong tie, with the nearest organizations that could fill each",
			Query:   gapParams, Status: 200, Response: "ServiceGaps", Problems: []int{400, 401, 403, 404, 422}, handle: (*handler).serviceGaps},
	}
	return append(routes, h.networkJobRoutes()...)
}

var scopeParams = []param{
	{Name: "initiative", Description: "Only this initiative's active members", Schema: map[string]any{"type": "integer"}},
	{Name: "organization", Description: "Only this organization and the organizations it is tied to (its ego network)", Schema: map[string]any{"type": "string"}},
	{Name: "sector", Description: "Only organizations in this sector", Schema: map[string]any{"type": "string"}},
	{Name: "kind", Description: "Only ties of this kind", Schema: map[string]any{"type": "string", "enum": network.Kinds}},
	{Name: "level", Description: "Only ties at this level or closer", Schema: map[string]any{"type": "string", "enum": network.Levels}},
	{Name: "as_of", Description: "The network as it stood at the end of this day (YYYY-MM-DD), by the ties' own dates " +
		"(since, until; a tie without since from when it was first recorded)", Schema: map[string]any{"type": "string", "format": "date"}},
	{Name: "sort", Description: "Order of organizations", Schema: map[string]any{"type": "string", "enum": network.SortColumns, "default": "name"}},
}

var gapParams = []param{
	{Name: "initiative", Description: "The gaps of this initiative (give this or organization)", Schema: map[string]any{"type": "integer"}},
	{Name: "organization", Description: "The gaps of this organization", Schema: map[string]any{"type": "string"}},
}

// scopeOf reads ?initiative= and ?organization=. Whether the caller may see
// them is the network store's to decide (an initiative they may not see is
// not found).
func scopeOf(q url.Values) (network.Scope, error) {
	s := network.Scope{OrganizationID: q.Get("organization")}
	if v := q.Get("initiative"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return s, &errs.ValidationError{Fields: map[string]string{"initiative": "must be an initiative's number"}}
		}
		s.InitiativeID = id
	}
	return s, nil
}

func (h *handler) networkMetrics(w http.ResponseWriter, r *http.Request) error {
	f, err := mapFilter(r)
	if err != nil {
		return err
	}
	a, err := h.Network.Analysis(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	if err := a.SortBy(r.URL.Query().Get("sort")); err != nil {
		return &errs.ValidationError{Fields: map[string]string{"sort": err.Error()}}
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

// mapFilter reads the selection from the query: the scope, sector, kind,
// level and as_of. The network store checks it, and who may read it.
func mapFilter(r *http.Request) (network.MapFilter, error) {
	q := r.URL.Query()
	sc, err := scopeOf(q)
	if err != nil {
		return network.MapFilter{}, err
	}
	f := network.MapFilter{Scope: sc, Sector: q.Get("sector"), Kind: q.Get("kind"), Level: q.Get("level")}
	f.AsOf, err = queryDate(q, "as_of")
	return f, err
}

// queryDate reads a YYYY-MM-DD query parameter; absent is the zero time.
func queryDate(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return d, &errs.ValidationError{Fields: map[string]string{name: "must be a date like 2024-03-31"}}
	}
	return d, nil
}

func (h *handler) serviceGaps(w http.ResponseWriter, r *http.Request) error {
	sc, err := scopeOf(r.URL.Query())
	if err != nil {
		return err
	}
	gaps, err := h.Network.ServiceGaps(r.Context(), httpx.Actor(r), sc, nil)
	if err != nil {
		return err
	}
	if gaps == nil {
		gaps = []network.Gap{}
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": gaps})
	return nil
}

// networkSchemas documents the analysis bodies.
func networkSchemas() obj {
	num := obj{"type": "number"}
	integer := obj{"type": "integer", "minimum": 0}
	optScore := obj{"type": []string{"number", "null"}, "description": "average of the survey's 1–4 scores; null when not rated"}
	org := obj{
		"id": obj{"type": "string"}, "name": obj{"type": "string"}, "sector": obj{"type": "string"},
		"degree": integer, "in_degree": integer, "out_degree": integer, "degree_centrality": num,
		"betweenness": num, "eigenvector": num,
		"closeness": obj{"type": []string{"number", "null"}, "description": "null when not computed (over 1,000 organizations without an exact job)"},
		"trust":     optScore, "value": optScore,
		"rated_by":        obj{"type": "integer", "minimum": 0, "description": "how many organizations rated it in the survey"},
		"constraint":      obj{"type": []string{"number", "null"}, "description": "Burt's constraint; null for an organization with no ties"},
		"broker_score":    integer,
		"sectors_bridged": integer,
		"component":       integer,
	}
	required := make([]string, 0, len(org))
	for k := range org {
		required = append(required, k)
	}
	out := obj{
		"NetworkAnalysis": obj{"type": "object", "additionalProperties": false, "required": []string{"network", "method", "organizations", "ties", "survey"},
			"properties": obj{
				"method": obj{"type": "object", "additionalProperties": false, "required": []string{"betweenness", "closeness", "sample", "computed_at", "job_id", "stale"},
					"properties": obj{
						"betweenness": obj{"type": "string", "enum": []string{network.Exact, network.Sampled, network.ExactJob}},
						"closeness":   obj{"type": "string", "enum": []string{network.Exact, network.NotComputed, network.ExactJob}},
						"sample":      obj{"type": "integer", "minimum": 0, "description": "sources used by sampled betweenness"},
						"computed_at": obj{"type": []string{"string", "null"}, "format": "date-time", "description": "when the exact job finished"},
						"job_id":      obj{"type": "integer", "minimum": 0},
						"stale":       obj{"type": "boolean", "description": "the network has changed since the exact job ran"}}},
				"ties": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false,
					"required": []string{"a_organization_id", "a_organization_name", "b_organization_id", "b_organization_name", "trust", "value"},
					"properties": obj{"a_organization_id": obj{"type": "string"}, "a_organization_name": obj{"type": "string"},
						"b_organization_id": obj{"type": "string"}, "b_organization_name": obj{"type": "string"}, "trust": optScore, "value": optScore}}},
				"survey": obj{"type": []string{"object", "null"}, "additionalProperties": false, "required": []string{"wave_id", "name", "closed_at"},
					"properties": obj{"wave_id": obj{"type": "integer"}, "name": obj{"type": "string"}, "closed_at": obj{"type": "string", "format": "date-time"}}},
				"network": obj{"type": "object", "additionalProperties": false,
					"required": []string{"organizations", "ties", "density", "components", "largest_component", "isolates"},
					"properties": obj{"organizations": integer, "ties": integer, "density": num, "components": integer,
						"largest_component": integer, "isolates": integer}},
				"organizations": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false, "properties": org, "required": required}},
			}},
		"ServiceGaps": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": obj{"type": "object", "required": []string{"sector", "candidates"},
				"properties": obj{"sector": obj{"type": "string"}, "candidates": obj{"type": "array", "items": obj{"type": "object",
					"required": []string{"id", "name", "distance_km", "tied"},
					"properties": obj{"id": obj{"type": "string"}, "name": obj{"type": "string"},
						"distance_km": obj{"type": []string{"number", "null"}}, "tied": obj{"type": "boolean"}}}}}}}}},
	}
	for k, v := range networkJobSchemas() {
		out[k] = v
	}
	return out
}
