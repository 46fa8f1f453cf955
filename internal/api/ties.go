package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/httpx"
	"backbone/internal/network"
)

// tieCreate is the body of POST /ties.
type tieCreate struct {
	network.TieInput
	ChangeNote string `json:"change_note"`
}

// tiePatch is the body of PATCH /ties/{id}: the fields present replace the
// tie's; the organizations at its ends do not change.
type tiePatch struct {
	Kinds      *[]string `json:"kinds"`
	Level      *string   `json:"level"`
	Status     *string   `json:"status"`
	Since      *string   `json:"since"`
	Until      *string   `json:"until"`
	Notes      *string   `json:"notes"`
	Version    int       `json:"version"`
	ChangeNote string    `json:"change_note"`
}

func (h *handler) listTies(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := network.TieFilter{OrganizationID: q.Get("organization"), Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status")}
	var err error
	if f.Limit, err = intParam(q, "limit"); err != nil {
		return err
	}
	if f.Offset, err = intParam(q, "offset"); err != nil {
		return err
	}
	page, err := h.Network.Ties(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// intParam reads a whole-number query parameter; absent is 0.
func intParam(q url.Values, name string) (int, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: name,
			detail: fmt.Sprintf("%s: %q is not a whole number", name, s)}
	}
	return n, nil
}

func (h *handler) getTie(w http.ResponseWriter, r *http.Request) error {
	t, err := h.Network.Tie(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeTie(w, r, http.StatusOK, t)
	return nil
}

func (h *handler) writeTie(w http.ResponseWriter, r *http.Request, status int, t *network.Tie) {
	w.Header().Set("ETag", fmt.Sprintf(`"%d"`, t.Version))
	h.writeJSON(w, r, status, t)
}

func (h *handler) tieHistory(w http.ResponseWriter, r *http.Request) error {
	hist, err := h.Network.TieHistory(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": hist})
	return nil
}

// createTie records a tie; the network store checks the caller may speak
// for the organization it starts from.
func (h *handler) createTie(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body tieCreate
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	t, err := h.Network.CreateTie(r.Context(), httpx.Actor(r), body.TieInput, body.ChangeNote)
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+"/ties/"+url.PathEscape(t.ID))
	h.writeTie(w, r, http.StatusCreated, t)
	return nil
}

// updateTie changes the fields the body holds and keeps the earlier
// version; the network store checks the caller may speak for the
// organization the tie starts from.
func (h *handler) updateTie(w http.ResponseWriter, r *http.Request) error {
	t, err := h.Network.Tie(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	ifMatch, err := parseIfMatch(r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var p tiePatch
	if err := decodeStrict(data, &p); err != nil {
		return err
	}
	in := network.InputOf(t)
	if p.Kinds != nil {
		in.Kinds = *p.Kinds
	}
	for _, f := range []struct {
		src *string
		dst *string
	}{{p.Level, &in.Level}, {p.Status, &in.Status}, {p.Since, &in.Since}, {p.Until, &in.Until}, {p.Notes, &in.Notes}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	version := p.Version
	if version != 0 && ifMatch != 0 && version != ifMatch {
		return &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "version",
			detail: fmt.Sprintf("the body's version (%d) and If-Match (%d) disagree", version, ifMatch)}
	}
	if version == 0 {
		version = ifMatch
	}
	if version == 0 {
		version = t.Version
	}
	saved, err := h.Network.UpdateTie(r.Context(), httpx.Actor(r), t.ID, version, in, p.ChangeNote)
	if err != nil {
		return err
	}
	h.writeTie(w, r, http.StatusOK, saved)
	return nil
}

// tieSchemas documents the tie bodies.
func tieSchemas() obj {
	date := obj{"type": "string", "description": "YYYY-MM-DD, or empty when not known", "pattern": `^(\d{4}-\d{2}-\d{2})?$`}
	kinds := obj{"type": "array", "items": obj{"type": "string", "enum": network.Kinds}, "description": "How the organizations work together; several at once"}
	level := obj{"type": "string", "enum": network.Levels, "description": "How closely (awareness when left out)"}
	status := obj{"type": "string", "enum": network.Statuses, "description": "How it stands (active when left out): solid, dotted or crossed-out line on the map"}
	notes := obj{"type": "string", "maxLength": 5000}
	change := obj{"type": "string", "description": "Why it changed, kept in the tie's history"}
	tie := obj{
		"id": obj{"type": "string"}, "from_organization_id": obj{"type": "string"}, "from_organization_name": obj{"type": "string"},
		"to_organization_id": obj{"type": "string"}, "to_organization_name": obj{"type": "string"},
		"kinds": kinds, "level": level, "status": status, "since": date, "until": date, "notes": notes,
		"version":    obj{"type": "integer", "minimum": 1, "description": "Goes up with every change; also the ETag"},
		"created_at": obj{"type": "string", "format": "date-time"}, "updated_at": obj{"type": "string", "format": "date-time"},
	}
	required := []string{"id", "from_organization_id", "from_organization_name", "to_organization_id", "to_organization_name",
		"kinds", "level", "status", "since", "until", "notes", "version", "created_at", "updated_at"}
	return obj{
		"Tie": obj{"type": "object", "additionalProperties": false, "properties": tie, "required": required,
			"description": "The relationship one organization has with another"},
		"TieCreate": obj{"type": "object", "additionalProperties": false, "required": []string{"from_organization_id", "to_organization_id"},
			"properties": obj{"from_organization_id": obj{"type": "string"}, "to_organization_id": obj{"type": "string"},
				"kinds": kinds, "level": level, "status": status, "since": date, "until": date, "notes": notes, "change_note": change}},
		"TiePatch": obj{"type": "object", "additionalProperties": false,
			"properties": obj{"kinds": kinds, "level": level, "status": status, "since": date, "until": date, "notes": notes, "change_note": change,
				"version": obj{"type": "integer", "minimum": 1, "description": "The version the change is based on (409 if it has changed since)"}}},
		"TiePage": obj{"type": "object", "additionalProperties": false, "required": []string{"items", "total", "limit", "offset"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Tie")}, "total": obj{"type": "integer"},
				"limit": obj{"type": "integer"}, "offset": obj{"type": "integer"}}},
		"TieHistory": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": obj{"type": "object", "required": []string{"version", "level", "status", "recorded_at", "actor"},
				"properties": obj{"version": obj{"type": "integer"}, "kinds": kinds, "level": level, "status": status, "since": date, "until": date,
					"notes": notes, "recorded_at": obj{"type": "string", "format": "date-time"},
					"superseded_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
					"actor":         obj{"type": "string"}, "change_note": obj{"type": "string"}}}}}},
	}
}

// tieParams are the query parameters of the tie list.
var tieParams = []param{
	{Name: "organization", Description: "Only ties from or to this organization (an id)", Schema: map[string]any{"type": "string"}},
	{Name: "kind", Description: "Only ties of this kind", Schema: map[string]any{"type": "string", "enum": network.Kinds}},
	{Name: "level", Description: "Only ties at this level or closer", Schema: map[string]any{"type": "string", "enum": network.Levels}},
	{Name: "status", Description: "Only ties with this status, or all; ended ties are left out by default",
		Schema: map[string]any{"type": "string", "enum": append(append([]string{}, network.Statuses...), "all")}},
	{Name: "limit", Description: "Page size, 1 to 1000 (100 by default)", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 1000}},
	{Name: "offset", Description: "How many to skip", Schema: map[string]any{"type": "integer", "minimum": 0}},
}
