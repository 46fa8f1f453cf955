package api

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// networkRoutes are the relationship map's analysis endpoints.
func (h *handler) networkRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/network/metrics", OperationID: "getNetworkMetrics", Tag: "network",
			Summary: "The network analysis of the community, an initiative's members or one organization's ties: density, components, " +
				"and per organization degree, betweenness, closeness, eigenvector, Burt's constraint and sector brokerage (networkx's normalization)",
			Query: scopeParams, Status: 200, Response: "NetworkAnalysis", Problems: []int{400, 401, 403, 404, 422}, handle: (*handler).networkMetrics},
		{Method: "GET", Pattern: prefix + "/network/gaps", OperationID: "getServiceGaps", Tag: "network",
			Summary: "The sectors in which an organization or an initiative has no strong tie, with the nearest organizations that could fill each",
			Query:   gapParams, Status: 200, Response: "ServiceGaps", Problems: []int{400, 401, 403, 404, 422}, handle: (*handler).serviceGaps},
	}
}

var scopeParams = []param{
	{Name: "initiative", Description: "Only this initiative's active members", Schema: map[string]any{"type": "integer"}},
	{Name: "organization", Description: "Only this organization and the organizations it is tied to (its ego network)", Schema: map[string]any{"type": "string"}},
	{Name: "sector", Description: "Only organizations in this sector", Schema: map[string]any{"type": "string"}},
	{Name: "kind", Description: "Only ties of this kind", Schema: map[string]any{"type": "string", "enum": network.Kinds}},
	{Name: "level", Description: "Only ties at this level or closer", Schema: map[string]any{"type": "string", "enum": network.Levels}},
	{Name: "as_of", Description: "The network as it stood at the end of this day (YYYY-MM-DD)", Schema: map[string]any{"type": "string", "format": "date"}},
	{Name: "sort", Description: "Order of organizations", Schema: map[string]any{"type": "string", "enum": network.SortColumns, "default": "name"}},
}

var gapParams = []param{
	{Name: "initiative", Description: "The gaps of this initiative (give this or organization)", Schema: map[string]any{"type": "integer"}},
	{Name: "organization", Description: "The gaps of this organization", Schema: map[string]any{"type": "string"}},
}

// scope reads ?initiative= and checks the caller may see it (404 if not).
func (h *handler) scope(r *http.Request, q url.Values) (network.Scope, error) {
	s := network.Scope{OrganizationID: q.Get("organization")}
	if v := q.Get("initiative"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return s, &errs.ValidationError{Fields: map[string]string{"initiative": "must be an initiative's number"}}
		}
		ok, err := h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ViewInitiative, account.Initiative(id))
		if err != nil {
			return s, err
		}
		if !ok {
			return s, errs.ErrNotFound
		}
		s.InitiativeID = id
	}
	if s.OrganizationID != "" {
		if _, err := h.Directory.Organization(r.Context(), s.OrganizationID); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (h *handler) networkMetrics(w http.ResponseWriter, r *http.Request) error {
	if err := h.authorize(r, account.ViewDirectory, account.Platform); err != nil {
		return err
	}
	q := r.URL.Query()
	sc, err := h.scope(r, q)
	if err != nil {
		return err
	}
	f := network.MapFilter{Scope: sc, Sector: q.Get("sector"), Kind: q.Get("kind"), Level: q.Get("level")}
	if v := q.Get("as_of"); v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return &errs.ValidationError{Fields: map[string]string{"as_of": "must be a date like 2024-03-31"}}
		}
		f.AsOf = d
	}
	n, err := h.Network.Load(r.Context(), f)
	if err != nil {
		return err
	}
	a, err := network.Analyze(r.Context(), n)
	if err != nil {
		return err
	}
	if err := a.SortBy(q.Get("sort")); err != nil {
		return &errs.ValidationError{Fields: map[string]string{"sort": err.Error()}}
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

func (h *handler) serviceGaps(w http.ResponseWriter, r *http.Request) error {
	if err := h.authorize(r, account.ViewDirectory, account.Platform); err != nil {
		return err
	}
	q := r.URL.Query()
	sc, err := h.scope(r, q)
	if err != nil {
		return err
	}
	if (sc.InitiativeID == 0) == (sc.OrganizationID == "") {
		return &errs.ValidationError{Fields: map[string]string{"organization": "give an organization or an initiative (one of them)"}}
	}
	gaps, err := h.Network.ServiceGaps(r.Context(), sc, nil)
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
	org := obj{
		"id": obj{"type": "string"}, "name": obj{"type": "string"}, "sector": obj{"type": "string"},
		"degree": integer, "in_degree": integer, "out_degree": integer, "degree_centrality": num,
		"betweenness": num, "closeness": num, "eigenvector": num,
		"constraint":      obj{"type": []string{"number", "null"}, "description": "Burt's constraint; null for an organization with no ties"},
		"broker_score":    integer,
		"sectors_bridged": integer,
		"component":       integer,
	}
	required := make([]string, 0, len(org))
	for k := range org {
		required = append(required, k)
	}
	return obj{
		"NetworkAnalysis": obj{"type": "object", "additionalProperties": false, "required": []string{"network", "organizations"},
			"properties": obj{
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
}
