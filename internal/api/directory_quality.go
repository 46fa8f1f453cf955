package api

import (
	"net/http"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// qualityRoutes are the directory's data-quality report.
func (h *handler) qualityRoutes() []route {
	kinds := make([]string, len(directory.QualityKinds))
	for i, k := range directory.QualityKinds {
		kinds[i] = k.Kind
	}
	return []route{
		{Method: "GET", Pattern: prefix + "/directory/quality", OperationID: "getDirectoryQuality", Tag: "directory",
			Summary: "The directory's data-quality report (stewards): counts per kind and the problems, each naming its " +
				"record and field and the page that fixes it; computed from the records as they are, so a fixed problem is gone",
			Query: []param{
				{Name: "kind", Description: "Only problems of this kind", Schema: obj{"type": "string", "enum": kinds}},
				{
					Name:        "limit",
					Description: "How many problems (1-500, 100 by default)",
					Schema:      obj{"type": "integer"},
				},
				{Name: "offset", Description: "How many to skip", Schema: obj{"type": "integer"}},
				{Name: "dismissed", Description: "true: list the findings stewards found right as they are instead",
					Schema: obj{"type": "boolean"}},
			},
			Status: 200, Response: "QualityReport", Problems: []int{400, 401, 403}, handle: (*handler).directoryQuality},
		{Method: "POST", Pattern: prefix + "/directory/quality/dismissals", OperationID: "dismissQualityProblem",
			Tag: "directory",
			Summary: "Find a finding right as it is, with an optional note (stewards): it leaves the report's " +
				"list and counts, and comes back by itself when its record changes",
			Request: "QualityDismissalRequest", Status: 204, Problems: writeProblems,
			handle: (*handler).dismissQualityProblem},
		{Method: "POST", Pattern: prefix + "/directory/quality/dismissals/restore",
			OperationID: "restoreQualityProblem",
			Tag:         "directory",
			Summary:     "List a dismissed finding again (stewards); 404 when it is not dismissed",
			Request:     "QualityKey", Status: 204, Problems: writeProblems, handle: (*handler).restoreQualityProblem},
	}
}

func (h *handler) dismissQualityProblem(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		directory.QualityKey
		Note string `json:"note"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Directory.DismissQualityProblem(r.Context(), httpx.Actor(r), in.QualityKey, in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) restoreQualityProblem(w http.ResponseWriter, r *http.Request) error {
	var in directory.QualityKey
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Directory.RestoreQualityProblem(r.Context(), httpx.Actor(r), in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) directoryQuality(w http.ResponseWriter, r *http.Request) error {
	var v errs.ValidationError
	q := r.URL.Query()
	f := directory.QualityFilter{
		Kind:   q.Get("kind"),
		Limit:  queryInt(q, "limit", 100, &v),
		Offset: queryInt(q, "offset", 0, &v),
	}
	switch q.Get("dismissed") {
	case "", "false":
	case "true":
		f.Dismissed = true
	default:
		v.Add("dismissed", "must be true or false")
	}
	if v.Has() {
		return &v
	}
	rep, err := h.Directory.QualityReport(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, rep)
	return nil
}

// qualitySchemas describe the data-quality report, alone and in an
// import's answer.
func qualitySchemas() obj {
	str := obj{"type": "string"}
	num := obj{"type": "integer"}
	problem := obj{"type": "object", "additionalProperties": false,
		"required": []string{
			"kind",
			"record",
			"record_id",
			"field",
			"value",
			"message",
			"fix_record",
			"fix_id",
			"fix_name",
			"fix_url",
		},
		"properties": obj{
			"kind": str,
			"record": obj{
				"type":        "string",
				"description": "organization, program, location, address, phone, schedule or language",
			},
			"record_id": str, "field": str,
			"value": obj{
				"type":        "string",
				"description": "The value at fault; for a name collision, the other organization's id",
			},
			"message":    str,
			"fix_record": obj{"type": "string", "enum": []string{"organization", "service", "location"}},
			"fix_id":     str, "fix_name": str,
			"fix_url": obj{"type": "string", "description": "The web page that fixes it, such as /services/{id}/edit"},
			"dismissal": obj{"type": "object", "additionalProperties": false,
				"required":    []string{"note", "dismissed_at", "dismissed_by"},
				"description": "A steward's \"right as it is\" (in the dismissed view)",
				"properties": obj{"note": str, "dismissed_at": obj{"type": "string", "format": "date-time"},
					"dismissed_by": str}},
		}}
	keyProps := obj{"kind": str, "record": obj{"type": "string",
		"enum": []string{"organization", "program", "location", "address", "phone", "schedule", "language"}},
		"record_id": str, "field": str,
		"value": obj{"type": "string", "description": "The finding's value (as the report gives it)"}}
	keyRequired := []string{"kind", "record", "record_id", "field", "value"}
	withNote := obj{"note": obj{"type": "string", "maxLength": 1000, "description": "Why it is right (optional)"}}
	for k, v := range keyProps {
		withNote[k] = v
	}
	count := obj{"type": "object", "additionalProperties": false, "required": []string{"kind", "label", "count"},
		"properties": obj{"kind": str, "label": str, "count": num}}
	return obj{
		"QualityKey": obj{"type": "object", "additionalProperties": false, "required": keyRequired,
			"properties": keyProps, "description": "A finding of the data-quality report, as the report names it"},
		"QualityDismissalRequest": obj{"type": "object", "additionalProperties": false, "required": keyRequired,
			"properties": withNote, "description": "A finding found right as it is, with a note"},
		"QualityReport": obj{"type": "object", "additionalProperties": false,
			"required": []string{"total", "dismissed", "counts", "limit", "offset", "matched", "problems"},
			"properties": obj{
				"total": obj{"type": "integer", "description": "Problems of every kind listed"},
				"dismissed": obj{"type": "integer",
					"description": "Findings stewards found right as they are, left out"},
				"dismissed_view": obj{"type": "boolean", "description": "true when the dismissed findings are listed"},
				"counts":         obj{"type": "array", "items": count},
				"kind":           str,
				"limit":          num,
				"offset":         num,
				"matched": obj{"type": "integer",
					"description": "Problems of the kind asked for (all kinds when none)"},
				"problems": obj{"type": "array", "items": problem},
			}}}
}
