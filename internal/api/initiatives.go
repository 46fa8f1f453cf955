package api

import (
	"net/http"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// initiativeList is the body of GET /initiatives.
type initiativeList struct {
	Items []*initiative.Initiative `json:"items"`
}

// memberList is the body of GET /initiatives/{id}/members.
type memberList struct {
	Items []initiative.Member `json:"items"`
}

// listInitiatives returns the initiatives the token's user may see.
func (h *handler) listInitiatives(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Initiatives.Visible(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, initiativeList{Items: list})
	return nil
}

// initiativeID reads the {id} of the path; a private initiative the user has
// no part in is "not found", so that its existence does not leak.
func (h *handler) viewableInitiative(r *http.Request) (*initiative.Initiative, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errs.ErrNotFound
	}
	return h.Initiatives.View(r.Context(), httpx.Actor(r), id)
}

func (h *handler) getInitiative(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, in)
	return nil
}

func (h *handler) listMembers(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	ms, err := h.Initiatives.Members(r.Context(), in.ID)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []initiative.Member{}
	}
	h.writeJSON(w, r, http.StatusOK, memberList{Items: ms})
	return nil
}

// createInitiative starts an initiative; the domain makes the user who
// starts it its backbone staff.
func (h *handler) createInitiative(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in initiative.Input
	if err := decodeStrict(data, &in); err != nil {
		return err
	}
	created, err := h.Initiatives.Create(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+"/initiatives/"+strconv.FormatInt(created.ID, 10))
	h.writeJSON(w, r, http.StatusCreated, created)
	return nil
}

// initiativeSchemas documents the initiative bodies.
func initiativeSchemas() obj {
	str := func(desc string, maxLen int) obj {
		return obj{"type": "string", "description": desc, "maxLength": maxLen}
	}
	status := obj{"type": "string", "enum": initiative.Statuses, "description": "Where the initiative stands"}
	input := obj{
		"name":                     str("Unique among initiatives, any case", 200),
		"problem_statement":        str("The problem it takes on", 10000),
		"vision":                   str("What partners hope for", 10000),
		"common_agenda":            str("The goals, in plain words", 10000),
		"geography":                str("Where it works", 500),
		"backbone_organization_id": str("The organization that backs it (an organization id), or empty", 100),
		"status":                   status,
		"is_public":                obj{"type": "boolean", "description": "Everyone signed in may read it"},
		"time_zone": str("The time zone its deadlines and times are shown in on the web pages, an IANA name like "+
			"America/Los_Angeles; empty for the instance's (times in the API are RFC 3339, with their offset)", 100),
	}
	full := obj{
		"id": obj{"type": "integer"}, "backbone_organization_name": obj{"type": "string"},
		"created_at": obj{"type": "string", "format": "date-time"}, "updated_at": obj{"type": "string", "format": "date-time"},
		"member_count": obj{"type": "integer", "minimum": 0, "description": "Active member organizations"},
	}
	for k, v := range input {
		full[k] = v
	}
	return obj{
		"InitiativeInput": obj{"type": "object", "additionalProperties": false, "properties": input, "required": []string{"name"},
			"description": "What a person writes when starting an initiative"},
		"Initiative": obj{"type": "object", "properties": full,
			"required":    []string{"id", "name", "status", "is_public", "member_count", "created_at", "updated_at"},
			"description": "A collective-impact initiative"},
		"InitiativePatch": obj{"type": "object", "additionalProperties": false, "properties": input,
			"description": "Some fields of InitiativeInput; those left out keep their values"},
		"InitiativeList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Initiative")}}},
		"Member": obj{"type": "object", "required": []string{"organization_id", "organization_name", "role", "status"},
			"properties": obj{
				"organization_id":   obj{"type": "string"},
				"organization_name": obj{"type": "string"},
				"role":              obj{"type": "string", "enum": initiative.MemberRoles},
				"status":            obj{"type": "string", "enum": initiative.MemberStatuses},
				"joined_at":         obj{"type": []string{"string", "null"}, "format": "date-time"},
				"left_at":           obj{"type": []string{"string", "null"}, "format": "date-time"},
			}},
		"MemberList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Member")}}},
	}
}

// initiativePatch is the body of PATCH /initiatives/{id}: the fields present
// replace the initiative's.
type initiativePatch struct {
	Name                   *string `json:"name"`
	ProblemStatement       *string `json:"problem_statement"`
	Vision                 *string `json:"vision"`
	CommonAgenda           *string `json:"common_agenda"`
	Geography              *string `json:"geography"`
	BackboneOrganizationID *string `json:"backbone_organization_id"`
	Status                 *string `json:"status"`
	IsPublic               *bool   `json:"is_public"`
	TimeZone               *string `json:"time_zone"`
}

// updateInitiative changes what an initiative says about itself (backbone staff).
func (h *handler) updateInitiative(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var p initiativePatch
	if err := decodeStrict(data, &p); err != nil {
		return err
	}
	input := initiative.InputOf(in)
	for _, f := range []struct {
		src *string
		dst *string
	}{{p.Name, &input.Name}, {p.ProblemStatement, &input.ProblemStatement}, {p.Vision, &input.Vision}, {p.CommonAgenda, &input.CommonAgenda},
		{p.Geography, &input.Geography}, {p.BackboneOrganizationID, &input.BackboneOrganizationID}, {p.Status, &input.Status},
		{p.TimeZone, &input.TimeZone}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.IsPublic != nil {
		input.IsPublic = *p.IsPublic
	}
	saved, err := h.Initiatives.Update(r.Context(), httpx.Actor(r), in.ID, input)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}
