package api

import (
	"net/http"

	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// categoryRoutes are the mapping of an import's keywords to the built-in
// taxonomy.
func (h *handler) categoryRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/directory/keywords", OperationID: "listDirectoryKeywords", Tag: "directory",
			Summary: "The directory's keywords, each with its services, its mapping and suggested categories",
			Status:  200, Response: "KeywordList", Problems: []int{401, 403}, handle: (*handler).listKeywords},
		{
			Method:      "GET",
			Pattern:     prefix + "/directory/category-mappings",
			OperationID: "listCategoryMappings",
			Tag:         "directory",
			Summary:     "The keywords mapped to the built-in taxonomy (kept for the next import)",
			Status:      200,
			Response:    "CategoryMappingList",
			Problems:    []int{401, 403},
			handle:      (*handler).listCategoryMappings,
		},
		{
			Method:      "PUT",
			Pattern:     prefix + "/directory/category-mappings",
			OperationID: "putCategoryMappings",
			Tag:         "directory",
			Summary: "Map keywords (stewards): each keyword listed gets the categories given, or is kept as a situation; " +
				"none clears its mapping. Keywords not listed keep theirs",
			Request:  "CategoryMappingList",
			Status:   200,
			Response: "CategoryMappingList",
			Problems: writeProblems,
			handle:   (*handler).putCategoryMappings,
		},
	}
}

type categoryMappingList struct {
	Items []directory.CategoryMapping `json:"items"`
}

func (h *handler) listKeywords(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Directory.Keywords(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (h *handler) listCategoryMappings(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Directory.CategoryMappings(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, categoryMappingList{Items: list})
	return nil
}

func (h *handler) putCategoryMappings(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body categoryMappingList
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	if _, err := h.Directory.MapKeywords(r.Context(), httpx.Actor(r), body.Items); err != nil {
		return err
	}
	return h.listCategoryMappings(w, r)
}

// categorySchemas are the component schemas of the keyword mappings.
func categorySchemas() obj {
	str := obj{"type": "string"}
	closed := func(props obj, required []string, description string) obj {
		return obj{"type": "object", "additionalProperties": false, "properties": props, "required": required,
			"description": description}
	}
	suggestion := closed(obj{"term_id": str, "name": str, "path": str, "situation": obj{"type": "boolean"},
		"score": obj{"type": "number"}}, []string{"term_id", "name", "path", "situation", "score"},
		"A category of the built-in taxonomy (Open Eligibility)")
	mapping := closed(obj{"keyword": obj{"type": "string", "minLength": 1},
		"term_ids":  obj{"type": []string{"array", "null"}, "items": str, "description": "Built-in terms, by id"},
		"situation": obj{"type": "boolean", "description": "Kept as a who-it-serves situation, not a category"}},
		[]string{"keyword"}, "A keyword's mapping")
	return obj{
		"CategoryMapping": mapping,
		"CategoryMappingList": closed(obj{"items": obj{"type": "array", "items": ref("CategoryMapping")}},
			[]string{"items"}, "Keyword mappings"),
		"KeywordList": closed(obj{"items": obj{"type": "array", "items": closed(obj{
			"keyword": str, "key": str, "services": obj{"type": "integer"}, "situation": obj{"type": "boolean"},
			"mapped":      obj{"type": "array", "items": suggestion},
			"suggestions": obj{"type": "array", "items": suggestion},
		}, []string{"keyword", "key", "services", "situation", "mapped", "suggestions"}, "A keyword of the directory")}},
			[]string{"items"}, "The directory's keywords"),
	}
}
