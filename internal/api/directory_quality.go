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
			},
			Status: 200, Response: "QualityReport", Problems: []int{400, 401, 403}, handle: (*handler).directoryQuality},
	}
}

func (h *handler) directoryQuality(w http.ResponseWriter, r *http.Request) error {
	var v errs.ValidationError
	q := r.URL.Query()
	f := directory.QualityFilter{
		Kind:   q.Get("kind"),
		Limit:  queryInt(q, "limit", 100, &v),
		Offset: queryInt(q, "offset", 0, &v),
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
		}}
	count := obj{"type": "object", "additionalProperties": false, "required": []string{"kind", "label", "count"},
		"properties": obj{"kind": str, "label": str, "count": num}}
	return obj{"QualityReport": obj{"type": "object", "additionalProperties": false,
		"required": []string{"total", "counts", "limit", "offset", "matched", "problems"},
		"properties": obj{
			"total":    obj{"type": "integer", "description": "Problems of every kind"},
			"counts":   obj{"type": "array", "items": count},
			"kind":     str,
			"limit":    num,
			"offset":   num,
			"matched":  obj{"type": "integer", "description": "Problems of the kind asked for (all kinds when none)"},
			"problems": obj{"type": "array", "items": problem},
		}}}
}
