package api

import (
	"net/http"
	"strconv"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// mergeRoutes are the stewards' endpoints for duplicate organizations:
// the probable duplicates, "not a duplicate", merging and undoing a merge.
func (h *handler) mergeRoutes() []route {
	return []route{
		{
			Method:      "GET",
			Pattern:     prefix + "/directory/duplicates",
			OperationID: "listDuplicateOrganizations",
			Tag:         "directory",
			Summary: "Pairs of organizations that are probably the same, with the evidence (a name equal but for case, " +
				"punctuation or legal suffix; the same phone, address or website), surest first (stewards)",
			Query: []param{{Name: "limit", Description: "How many pairs at most",
				Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}}},
			Status:   200,
			Response: "DuplicatePage",
			Problems: []int{401, 403, 422},
			handle:   (*handler).listDuplicates,
		},
		{
			Method:      "POST",
			Pattern:     prefix + "/directory/duplicates/dismiss",
			OperationID: "dismissDuplicate",
			Tag:         "directory",
			Summary:     "Mark a pair as not a duplicate: it is not listed again (stewards)",
			Request:     "DuplicateDismissal",
			Status:      204,
			Problems:    writeProblems,
			handle:      (*handler).dismissDuplicate,
		},
		{Method: "GET", Pattern: prefix + "/directory/merge-preview", OperationID: "previewMerge", Tag: "directory",
			Summary: "What merging merge_id into keep_id would do: the fields that differ and how many rows of each kind " +
				"would move (stewards); changes nothing",
			Query: []param{
				{Name: "keep_id", Description: "The organization kept", Schema: map[string]any{"type": "string"}},
				{
					Name:        "merge_id",
					Description: "The organization merged into it",
					Schema:      map[string]any{"type": "string"},
				},
			},
			Status: 200, Response: "MergePreview", Problems: readProblems, handle: (*handler).previewMerge},
		{Method: "POST", Pattern: prefix + "/directory/merges", OperationID: "mergeOrganizations", Tag: "directory",
			Summary: "Merge one organization into another in one transaction (stewards): its services, locations, ties, " +
				"people, memberships, survey answers, proposals and goals move to the kept record (those the kept record " +
				"already has stay), the fields listed in take are taken from the merged record, the merged record is " +
				"archived and its id kept so a re-import matches the kept record",
			Request: "MergeRequest", Status: 201, Response: "OrganizationMerge", Problems: writeProblems,
			handle: (*handler).mergeOrganizations},
		{Method: "GET", Pattern: prefix + "/directory/merges/{id}", OperationID: "getMerge", Tag: "directory",
			Summary: "A merge's record: what moved and which fields were taken (stewards)", Status: 200,
			Response: "OrganizationMerge", Problems: readProblems, handle: (*handler).getMerge},
		{Method: "POST", Pattern: prefix + "/directory/merges/{id}/undo", OperationID: "undoMerge", Tag: "directory",
			Summary: "Undo a merge (stewards): what moved goes back, the fields taken are given back unless changed since, " +
				"the merged record is restored (409 when undone already, or when the kept record was merged since)",
			Status: 200, Response: "OrganizationMerge", Problems: writeProblems, handle: (*handler).undoMerge},
	}
}

// duplicatesLimit reads how many pairs of probable duplicates to list.
func duplicatesLimit(r *http.Request) (int, error) {
	var v errs.ValidationError
	limit := queryInt(r.URL.Query(), "limit", 200, &v)
	if limit < 1 || limit > 1000 {
		v.Add("limit", "must be between 1 and 1000")
	}
	return limit, v.OrNil()
}

// dismissal is a pair that is not a duplicate, in either order.
type dismissal struct {
	AID string `json:"a_id"`
	BID string `json:"b_id"`
}

func (h *handler) listDuplicates(w http.ResponseWriter, r *http.Request) error {
	limit, err := duplicatesLimit(r)
	if err != nil {
		return err
	}
	pairs, total, err := h.Directory.FindDuplicates(r.Context(), httpx.Actor(r), limit)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": pairs, "total": total})
	return nil
}

func (h *handler) dismissDuplicate(w http.ResponseWriter, r *http.Request) error {
	var in dismissal
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Directory.DismissDuplicate(r.Context(), httpx.Actor(r), in.AID, in.BID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) previewMerge(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := h.Directory.PreviewMerge(r.Context(), httpx.Actor(r), q.Get("keep_id"), q.Get("merge_id"))
	if err != nil {
		return err
	}
	if p.Differences == nil {
		p.Differences = []directory.FieldDifference{}
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func (h *handler) mergeOrganizations(w http.ResponseWriter, r *http.Request) error {
	var in directory.MergeInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Directory.MergeOrganizations(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

func mergeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errs.ErrNotFound
	}
	return id, nil
}

func (h *handler) getMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := mergeID(r)
	if err != nil {
		return err
	}
	m, err := h.Directory.Merge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func (h *handler) undoMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := mergeID(r)
	if err != nil {
		return err
	}
	m, err := h.Directory.UndoMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

// mergeSchemas are the component schemas of duplicates and merges.
func mergeSchemas() obj {
	str := obj{"type": "string"}
	when := obj{"type": "string", "format": "date-time"}
	closed := func(props obj, required []string, description string) obj {
		return obj{"type": "object", "additionalProperties": false, "properties": props, "required": required,
			"description": description}
	}
	orgRef := closed(obj{"id": str, "name": str}, []string{"id", "name"}, "An organization, by id and name")
	counts := obj{"type": "object", "additionalProperties": obj{"type": "integer", "minimum": 1},
		"description": "How many rows moved (or would move), by table.column naming the organization"}
	return obj{
		"DuplicatePair": closed(obj{
			"a": orgRef, "b": orgRef, "score": obj{"type": "integer", "description": "Higher is surer"},
			"evidence": obj{"type": "array", "items": closed(obj{
				"kind":  obj{"type": "string", "enum": []string{"name", "phone", "address", "website"}},
				"value": obj{"type": "string", "description": "The value shared, as one of the records has it"},
			}, []string{"kind", "value"}, "One reason the two are probably the same")},
		}, []string{"a", "b", "score", "evidence"}, "Two organizations that are probably the same (a's id sorts first)"),
		"DuplicatePage": closed(obj{"items": obj{"type": "array", "items": ref("DuplicatePair")},
			"total": obj{"type": "integer", "minimum": 0, "description": "How many pairs in all"}},
			[]string{"items", "total"}, "The surest pairs of probable duplicates"),
		"DuplicateDismissal": closed(obj{"a_id": str, "b_id": str}, []string{"a_id", "b_id"},
			"Two organizations that are not the same, in either order"),
		"MergePreview": closed(obj{
			"kept": ref("Organization"), "merged": ref("Organization"), "moves": counts,
			"differences": obj{"type": "array", "items": closed(obj{
				"name": str, "label": str, "kept": str,
				"other": obj{
					"type":        "string",
					"description": "The merged record's value, taken when its name is in take",
				},
			}, []string{"name", "label", "kept", "other"}, "A field whose value differs (the merged record's is not empty)")},
		}, []string{"kept", "merged", "moves", "differences"}, "What a merge would do"),
		"MergeRequest": closed(obj{
			"keep_id":  obj{"type": "string", "description": "The organization kept"},
			"merge_id": obj{"type": "string", "description": "The organization merged into it, then archived"},
			"take": obj{"type": "array", "items": obj{"type": "string", "enum": mergeFieldNames()},
				"description": "Fields whose value is taken from the merged record; every other field of the kept record stays"},
		}, []string{"keep_id", "merge_id"}, "A merge of two organizations"),
		"OrganizationMerge": closed(obj{
			"id": obj{"type": "integer"}, "kept_id": str, "kept_name": str, "merged_id": str, "merged_name": str,
			"moves": counts, "merged_at": when, "merged_by": str,
			"undone_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "undone_by": str,
			"fields": obj{"type": "array", "items": closed(obj{"field": str, "before": str, "after": str},
				[]string{"field", "before", "after"}, "A field of the kept record the merge changed")},
		}, []string{"id", "kept_id", "kept_name", "merged_id", "merged_name", "moves", "fields", "merged_at", "merged_by",
			"undone_at", "undone_by"}, "A merge as recorded, with what moved, so it can be undone"),
	}
}

func mergeFieldNames() []string {
	var out []string
	for _, f := range directory.MergeFields {
		out = append(out, f.Name)
	}
	return out
}
