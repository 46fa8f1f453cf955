package api

import (
	"net/http"

	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// serviceMergeRoutes are the stewards' endpoints for duplicate services:
// the probable duplicates, "not a duplicate", merging and undoing a merge.
func (h *handler) serviceMergeRoutes() []route {
	dir := prefix + "/directory"
	return []route{
		{Method: "GET", Pattern: dir + "/duplicate-services", OperationID: "listDuplicateServices", Tag: "directory",
			Summary: "Pairs of services that are probably the same, with the evidence (a name equal but for case, " +
				"punctuation or common words; the same phone, e-mail, website or address), those within one " +
				"organization first, then those across two (same_organization false), surest first (stewards)",
			Query: []param{{Name: "limit", Description: "How many pairs at most",
				Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}}},
			Status: 200, Response: "ServiceDuplicatePage", Problems: []int{401, 403, 422},
			handle: (*handler).listDuplicateServices},
		{Method: "POST", Pattern: dir + "/duplicate-services/dismiss", OperationID: "dismissDuplicateService",
			Tag: "directory", Summary: "Mark two services as not the same: the pair is not listed again (stewards)",
			Request: "DuplicateDismissal", Status: 204, Problems: writeProblems,
			handle: (*handler).dismissDuplicateService},
		{Method: "GET", Pattern: dir + "/service-merge-preview", OperationID: "previewServiceMerge", Tag: "directory",
			Summary: "What merging the service merge_id into keep_id would do: the fields that differ and how " +
				"many rows of each kind would move (stewards); changes nothing",
			Query: []param{
				{Name: "keep_id", Description: "The service kept", Schema: map[string]any{"type": "string"}},
				{Name: "merge_id", Description: "The service merged into it", Schema: map[string]any{"type": "string"}},
			},
			Status: 200, Response: "ServiceMergePreview", Problems: readProblems,
			handle: (*handler).previewServiceMerge},
		{Method: "POST", Pattern: dir + "/service-merges", OperationID: "mergeServices", Tag: "directory",
			Summary: "Merge one service into another in one transaction (stewards): where it is offered, its phones, " +
				"schedules, contacts, languages, areas, costs, documents and categories move to the kept service " +
				"(those the kept service already has stay), the fields listed in take are taken from the merged " +
				"service, the merged service becomes defunct and its id is kept so a re-import matches the kept one",
			Request: "ServiceMergeRequest", Status: 201, Response: "ServiceMerge", Problems: writeProblems,
			handle: (*handler).mergeServices},
		{Method: "GET", Pattern: dir + "/service-merges/{id}", OperationID: "getServiceMerge", Tag: "directory",
			Summary: "A service merge's record: what moved and which fields were taken (stewards)", Status: 200,
			Response: "ServiceMerge", Problems: readProblems, handle: (*handler).getServiceMerge},
		{Method: "POST", Pattern: dir + "/service-merges/{id}/undo", OperationID: "undoServiceMerge", Tag: "directory",
			Summary: "Undo a service merge (stewards): what moved goes back, the fields taken are given back unless " +
				"changed since, the merged service gets its status back (409 when undone already, or when the kept " +
				"service was merged since)",
			Status: 200, Response: "ServiceMerge", Problems: writeProblems, handle: (*handler).undoServiceMerge},
	}
}

func (h *handler) listDuplicateServices(w http.ResponseWriter, r *http.Request) error {
	limit, err := duplicatesLimit(r)
	if err != nil {
		return err
	}
	pairs, total, err := h.Directory.FindServiceDuplicates(r.Context(), httpx.Actor(r), limit)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": pairs, "total": total})
	return nil
}

func (h *handler) dismissDuplicateService(w http.ResponseWriter, r *http.Request) error {
	var in dismissal
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Directory.DismissServiceDuplicate(r.Context(), httpx.Actor(r), in.AID, in.BID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) previewServiceMerge(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := h.Directory.PreviewServiceMerge(r.Context(), httpx.Actor(r), q.Get("keep_id"), q.Get("merge_id"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func (h *handler) mergeServices(w http.ResponseWriter, r *http.Request) error {
	var in directory.MergeInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Directory.MergeServices(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

func (h *handler) getServiceMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := mergeID(r)
	if err != nil {
		return err
	}
	m, err := h.Directory.ServiceMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func (h *handler) undoServiceMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := mergeID(r)
	if err != nil {
		return err
	}
	m, err := h.Directory.UndoServiceMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

// serviceMergeSchemas are the component schemas of duplicate services and
// their merges.
func serviceMergeSchemas() obj {
	str := obj{"type": "string"}
	closed := func(props obj, required []string, description string) obj {
		return obj{"type": "object", "additionalProperties": false, "properties": props, "required": required,
			"description": description}
	}
	service := closed(obj{"id": str, "name": str, "organization_id": str, "organization_name": str,
		"status": obj{"type": "string", "enum": directory.ServiceStatuses}},
		[]string{"id", "name", "organization_id", "organization_name", "status"}, "A service, with its organization")
	counts := obj{"type": "object", "additionalProperties": obj{"type": "integer", "minimum": 1},
		"description": "How many rows moved (or would move), by table.column naming the service"}
	var fields []string
	for _, f := range directory.ServiceMergeFields {
		fields = append(fields, f.Name)
	}
	return obj{
		"ServiceDuplicatePair": closed(obj{
			"a": service, "b": service, "score": obj{"type": "integer", "description": "Higher is surer"},
			"same_organization": obj{"type": "boolean",
				"description": "Both belong to one organization; false for a pair across two"},
			"evidence": obj{"type": "array", "items": closed(obj{
				"kind":  obj{"type": "string", "enum": []string{"name", "email", "phone", "website", "address"}},
				"value": obj{"type": "string", "description": "The value shared, as one of the services has it"},
			}, []string{"kind", "value"}, "One reason the two are probably the same")},
		}, []string{"a", "b", "same_organization", "score", "evidence"},
			"Two services that are probably the same (a's id sorts first)"),
		"ServiceDuplicatePage": closed(obj{"items": obj{"type": "array", "items": ref("ServiceDuplicatePair")},
			"total": obj{"type": "integer", "minimum": 0, "description": "How many pairs in all"}},
			[]string{"items", "total"}, "The surest pairs of probable duplicate services"),
		"ServiceMergePreview": closed(obj{
			"kept": service, "merged": service, "moves": counts,
			"differences": obj{"type": "array", "items": closed(obj{
				"name": str, "label": str, "kept": str,
				"other": obj{"type": "string",
					"description": "The merged service's value, taken when its name is in take"},
			}, []string{"name", "label", "kept", "other"},
				"A field whose value differs (the merged service's is not empty)")},
		}, []string{"kept", "merged", "moves", "differences"}, "What a merge of two services would do"),
		"ServiceMergeRequest": closed(obj{
			"keep_id":  obj{"type": "string", "description": "The service kept"},
			"merge_id": obj{"type": "string", "description": "The service merged into it, then defunct"},
			"take": obj{"type": "array", "items": obj{"type": "string", "enum": fields},
				"description": "Fields whose value is taken from the merged service; every other field of " +
					"the kept one stays"},
		}, []string{"keep_id", "merge_id"}, "A merge of two services"),
		"ServiceMerge": closed(obj{
			"id": obj{"type": "integer"}, "kept": service, "merged": service, "moves": counts,
			"merged_status": obj{"type": "string", "description": "The merged service's status before the merge, " +
				"given back by an undo"},
			"merged_at": obj{"type": "string", "format": "date-time"}, "merged_by": str,
			"undone_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "undone_by": str,
			"fields": obj{"type": "array", "items": closed(obj{"field": str, "before": str, "after": str},
				[]string{"field", "before", "after"}, "A field of the kept service the merge changed")},
		}, []string{"id", "kept", "merged", "moves", "fields", "merged_status", "merged_at", "merged_by",
			"undone_at", "undone_by"}, "A merge of two services as recorded, with what moved, so it can be undone"),
	}
}
