package api

import (
	"backbone/internal/errs"
	"net/http"

	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// synonymRoutes are the synonyms a search also tries, which stewards edit.
func (h *handler) synonymRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/directory/synonyms", OperationID: "listSearchSynonyms", Tag: "directory",
			Summary: "The synonyms a search also tries: a query holding a phrase's words also matches its replacement",
			Status:  200, Response: "SynonymList", Problems: []int{401, 403}, handle: (*handler).listSynonyms},
		{Method: "PUT", Pattern: prefix + "/directory/synonyms", OperationID: "putSearchSynonyms", Tag: "directory",
			Summary: "Replace the synonyms (stewards): pairs not listed are removed, new ones added, each change audited",
			Request: "SynonymList", Status: 200, Response: "SynonymList", Problems: writeProblems,
			handle: (*handler).putSynonyms},
	}
}

type synonymList struct {
	Items []directory.Synonym `json:"items"`
}

func (h *handler) listSynonyms(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Directory.Synonyms(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, synonymList{Items: list})
	return nil
}

func (h *handler) putSynonyms(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body synonymList
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	// The list replaces the whole: a body without its list (or with null)
	// would delete every pair, which nobody means by leaving it out.
	if body.Items == nil {
		return &errs.ValidationError{Fields: map[string]string{"items": "is required: the whole list of pairs " +
			"(an empty list, [], removes them all)"}}
	}
	if _, _, err := h.Directory.PutSynonyms(r.Context(), httpx.Actor(r), body.Items); err != nil {
		return err
	}
	return h.listSynonyms(w, r)
}

// synonymSchemas are the component schemas of the synonyms, and of what a
// search that forgives adds to its page.
func synonymSchemas() obj {
	str := obj{"type": "string", "minLength": 1, "maxLength": 100}
	synonym := obj{"type": "object", "additionalProperties": false, "required": []string{"phrase", "replacement"},
		"description": "A phrase people type, and what the directory's records call it",
		"properties":  obj{"phrase": str, "replacement": str}}
	offer := obj{"type": "object", "additionalProperties": false,
		"required": []string{"term_id", "name", "path", "services"},
		"properties": obj{
			"term_id":  obj{"type": "string"},
			"name":     obj{"type": "string"},
			"path":     obj{"type": "string"},
			"services": obj{"type": "integer", "description": "Services filed under it or a category below it"},
		}}
	// ServiceSearchPage (searchSchemas) with what a search that forgives
	// adds; listed after searchSchemas in the document, this one stands.
	page := obj{}
	for k, v := range searchSchemas()["ServiceSearchPage"].(obj) {
		page[k] = v
	}
	props := obj{}
	for k, v := range page["properties"].(obj) {
		props[k] = v
	}
	for k, v := range searchForgiveProperties() {
		props[k] = v
	}
	page["properties"] = props
	return obj{
		"ServiceSearchPage": page,
		"Synonym":           synonym,
		"SynonymList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{
				"items": obj{"type": "array", "items": ref("Synonym")},
			}, "description": "Search synonyms"},
		"SearchOffers": obj{"type": "object", "additionalProperties": false, "required": []string{"categories"},
			"description": "What a search with no results offers instead",
			"properties": obj{
				"categories": obj{"type": "array", "items": offer, "description": "Categories near the words or " +
					"the category asked for (parents, siblings) that file services, the most services first; " +
					"search again with category set to one's name"},
				"wider_radius_km": obj{"type": "number", "description": "Twice the radius searched, near a point"},
			}},
	}
}

// searchForgiveProperties are the properties a search that forgives adds
// to ServiceSearchPage.
func searchForgiveProperties() obj {
	return obj{
		"synonyms": obj{"type": "array", "items": ref("Synonym"),
			"description": "The synonyms whose phrase the text held: their replacements were tried too"},
		"did_you_mean": obj{"type": "string", "description": "The text with its words that are none of the " +
			"directory's own corrected to the closest of them: search again with it as q"},
		"offers": ref("SearchOffers"),
	}
}
