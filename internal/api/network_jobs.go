package api

import (
	"fmt"
	"net/http"

	"backbone/internal/httpx"
	"backbone/internal/network"
)

// networkJobRoutes are the exact-analysis jobs, the comparison of two dates
// and the service-gap sectors.
func (h *handler) networkJobRoutes() []route {
	jobProblems := []int{400, 401, 403, 404, 409}
	return []route{
		{Method: "GET", Pattern: prefix + "/network/compare", OperationID: "compareNetwork", Tag: "network",
			Summary: "How the selection changed between the end of two days: density, components, isolates and ties; per organization " +
				"the change in degree and betweenness and the ties gained and lost; the ties that began and ended",
			Query: append(append([]param{}, scopeParams[:5]...),
				param{Name: "from", Description: "The earlier day (YYYY-MM-DD), required", Schema: map[string]any{"type": "string", "format": "date"}},
				param{Name: "to", Description: "The later day (YYYY-MM-DD); today when absent", Schema: map[string]any{"type": "string", "format": "date"}}),
			Status: 200, Response: "NetworkComparison", Problems: readProblems, handle: (*handler).compareNetwork},
		{Method: "POST", Pattern: prefix + "/network/analysis-jobs", OperationID: "startNetworkAnalysis", Tag: "network",
			Summary: "Start computing exact betweenness and closeness of the selection in the background (or return the job already " +
				"queued or running for it). One runs at a time; 409 when too many are waiting",
			Query: scopeParams[:6], Status: 202, Response: "NetworkAnalysisJob", Problems: jobProblems, handle: (*handler).startAnalysisJob},
		{Method: "GET", Pattern: prefix + "/network/analysis-jobs/{id}", OperationID: "getNetworkAnalysisJob", Tag: "network",
			Summary: "An analysis job's state, phase and progress (0 to 1)",
			Status:  200, Response: "NetworkAnalysisJob", Problems: jobProblems, handle: (*handler).getAnalysisJob},
		{Method: "GET", Pattern: prefix + "/network/analysis-jobs/{id}/result", OperationID: "getNetworkAnalysisResult", Tag: "network",
			Summary: "A finished job's exact betweenness and closeness per organization (409 while it is not done)",
			Status:  200, Response: "NetworkAnalysisResult", Problems: jobProblems, handle: (*handler).getAnalysisResult},
		{Method: "POST", Pattern: prefix + "/network/analysis-jobs/{id}/cancel", OperationID: "cancelNetworkAnalysisJob", Tag: "network",
			Summary: "Cancel a queued or running job: its starter or a steward. A job that has ended is returned as it is",
			Status:  200, Response: "NetworkAnalysisJob", Problems: jobProblems, handle: (*handler).cancelAnalysisJob},
		{Method: "DELETE", Pattern: prefix + "/network/analysis-jobs/{id}", OperationID: "deleteNetworkAnalysisJob", Tag: "network",
			Summary: "The same as cancel",
			Status:  200, Response: "NetworkAnalysisJob", Problems: jobProblems, handle: (*handler).cancelAnalysisJob},
		{Method: "GET", Pattern: prefix + "/network/gap-sectors", OperationID: "getGapSectors", Tag: "network",
			Summary: "The sectors service gaps are found in, each with the directory sectors that count as working in it",
			Status:  200, Response: "GapSectors", Problems: readProblems, handle: (*handler).getGapSectors},
		{Method: "PUT", Pattern: prefix + "/network/gap-sectors", OperationID: "setGapSectors", Tag: "network",
			Summary: "Replace the list of gap sectors (stewards and administrators); an empty list is refused",
			Request: "GapSectors", Status: 200, Response: "GapSectors", Problems: writeProblems, handle: (*handler).setGapSectors},
	}
}

func (h *handler) compareNetwork(w http.ResponseWriter, r *http.Request) error {
	f, err := mapFilter(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, err := queryDate(q, "from")
	if err != nil {
		return err
	}
	to, err := queryDate(q, "to")
	if err != nil {
		return err
	}
	c, err := h.Network.CompareDates(r.Context(), httpx.Actor(r), f, from, to)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, c)
	return nil
}

func (h *handler) startAnalysisJob(w http.ResponseWriter, r *http.Request) error {
	if err := noBody(w, r, "the map's filters (initiative, as_of, sector, kind, level)"); err != nil {
		return err
	}
	f, err := mapFilter(r)
	if err != nil {
		return err
	}
	j, err := h.Network.StartAnalysisJob(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/network/analysis-jobs/%d", prefix, j.ID))
	h.writeJSON(w, r, http.StatusAccepted, j)
	return nil
}

func (h *handler) getAnalysisJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := h.Network.AnalysisJob(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, j)
	return nil
}

func (h *handler) getAnalysisResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, res, err := h.Network.AnalysisResult(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"job": j, "organizations": res.Organizations})
	return nil
}

func (h *handler) cancelAnalysisJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := h.Network.CancelAnalysisJob(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, j)
	return nil
}

func (h *handler) getGapSectors(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Network.GapSectors(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (h *handler) setGapSectors(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body struct {
		Items []network.GapSector `json:"items"`
	}
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	list, err := h.Network.SetGapSectors(r.Context(), httpx.Actor(r), body.Items)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": list})
	return nil
}

// networkJobSchemas documents the bodies of networkJobRoutes.
func networkJobSchemas() obj {
	str, num, integer := obj{"type": "string"}, obj{"type": "number"}, obj{"type": "integer"}
	boolean := obj{"type": "boolean"}
	optTime := obj{"type": []string{"string", "null"}, "format": "date-time"}
	job := obj{"type": "object", "additionalProperties": false,
		"required": []string{"id", "filter", "status", "phase", "progress", "error", "organizations", "ties", "requested_by", "created_at", "started_at", "finished_at"},
		"properties": obj{"id": integer, "filter": obj{"type": "string", "description": "the selection, as the metrics endpoint's query string"},
			"status":   obj{"type": "string", "enum": []string{network.JobQueued, network.JobRunning, network.JobDone, network.JobFailed, network.JobCancelled, network.JobInterrupted}},
			"phase":    obj{"type": "string", "description": "loading, betweenness, closeness or saving while it runs"},
			"progress": obj{"type": "number", "minimum": 0, "maximum": 1}, "error": str,
			"organizations": integer, "ties": integer, "requested_by": str,
			"created_at": obj{"type": "string", "format": "date-time"}, "started_at": optTime, "finished_at": optTime}}
	summary := obj{"type": "object", "additionalProperties": false,
		"required":   []string{"organizations", "ties", "density", "components", "largest_component", "isolates"},
		"properties": obj{"organizations": integer, "ties": integer, "density": num, "components": integer, "largest_component": integer, "isolates": integer}}
	tie := obj{"type": "object", "additionalProperties": false,
		"required":   []string{"a_organization_id", "a_organization_name", "b_organization_id", "b_organization_name", "level"},
		"properties": obj{"a_organization_id": str, "a_organization_name": str, "b_organization_id": str, "b_organization_name": str, "level": str}}
	org := obj{"id": str, "name": str, "in_before": boolean, "in_after": boolean, "degree_before": integer, "degree_after": integer,
		"degree_change": integer, "betweenness_before": num, "betweenness_after": num, "betweenness_change": num,
		"eigenvector_change": num, "ties_gained": integer, "ties_lost": integer}
	orgRequired := make([]string, 0, len(org))
	for k := range org {
		orgRequired = append(orgRequired, k)
	}
	gapSector := obj{"type": "object", "additionalProperties": false, "required": []string{"name", "matches"},
		"properties": obj{"name": obj{"type": "string", "maxLength": 80},
			"matches": obj{"type": "array", "items": str, "description": "directory sectors that count as working in this sector"}}}
	return obj{
		"NetworkAnalysisJob": job,
		"NetworkAnalysisResult": obj{"type": "object", "additionalProperties": false, "required": []string{"job", "organizations"},
			"properties": obj{"job": job, "organizations": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false,
				"required":   []string{"id", "betweenness", "closeness"},
				"properties": obj{"id": str, "betweenness": num, "closeness": num}}}}},
		"NetworkComparison": obj{"type": "object", "additionalProperties": false,
			"required": []string{"from", "to", "before", "after", "change", "betweenness", "organizations", "new_ties", "dropped_ties"},
			"properties": obj{"from": obj{"type": "string", "format": "date"}, "to": obj{"type": "string", "format": "date"},
				"before": summary, "after": summary, "change": obj{"type": "object", "additionalProperties": false,
					"required":   []string{"organizations", "ties", "density", "components", "largest_component", "isolates"},
					"properties": obj{"organizations": integer, "ties": integer, "density": num, "components": integer, "largest_component": integer, "isolates": integer}},
				"betweenness":   obj{"type": "string", "enum": []string{network.Exact, network.Sampled}},
				"organizations": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false, "properties": org, "required": orgRequired}},
				"new_ties":      obj{"type": "array", "items": tie}, "dropped_ties": obj{"type": "array", "items": tie}}},
		"GapSectors": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": gapSector}}},
	}
}
