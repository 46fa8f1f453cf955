package api

import (
	"fmt"
	"net/http"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// memberInvite is the body of POST /members.
type memberInvite struct {
	OrganizationID string `json:"organization_id"`
	Role           string `json:"role"`
}

// memberResponse is the body of POST /members/{org}/respond.
type memberResponse struct {
	Accept *bool `json:"accept"`
}

// memberLeave is the body of POST /members/{org}/leave.
type memberLeave struct {
	Reason string `json:"reason"`
}

// memberRemoval is the body of POST /members/{org}/remove.
type memberRemoval struct {
	Reason string `json:"reason"`
}

// memberRoleChange is the body of PATCH /members/{org}.
type memberRoleChange struct {
	Role   string `json:"role"`
	Reason string `json:"reason"`
}

// writeMember answers with an organization's place in the initiative as it
// now stands.
func (h *handler) writeMember(w http.ResponseWriter, r *http.Request, status int, initiativeID int64, orgID string) error {
	ms, err := h.Initiatives.Members(r.Context(), initiativeID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.OrganizationID == orgID {
			h.writeJSON(w, r, status, m)
			return nil
		}
	}
	return fmt.Errorf("member %s of initiative %d: %w", orgID, initiativeID, errs.ErrNotFound)
}

func (h *handler) inviteMember(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body memberInvite
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if err := h.Initiatives.Invite(r.Context(), httpx.Actor(r), in.ID, body.OrganizationID, body.Role); err != nil {
		return err
	}
	return h.writeMember(w, r, http.StatusCreated, in.ID, body.OrganizationID)
}

// respondMember answers an invitation. The invited organization's admins
// cannot see a private initiative before they join, so the domain lets
// them reach it through the invitation itself; anyone else who cannot see
// the initiative is told it does not exist.
func (h *handler) respondMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body memberResponse
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.Accept == nil {
		return &errs.ValidationError{Fields: map[string]string{"accept": "is required: true to accept, false to decline"}}
	}
	orgID := r.PathValue("org")
	if err := h.Initiatives.Respond(r.Context(), httpx.Actor(r), id, orgID, *body.Accept); err != nil {
		return err
	}
	return h.writeMember(w, r, http.StatusOK, id, orgID)
}

func (h *handler) leaveMember(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body memberLeave
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	orgID := r.PathValue("org")
	if err := h.Initiatives.Leave(r.Context(), httpx.Actor(r), in.ID, orgID, body.Reason); err != nil {
		return err
	}
	return h.writeMember(w, r, http.StatusOK, in.ID, orgID)
}

// removeMember takes an organization out by the backbone's decision: an
// active member is removed, an open invitation withdrawn.
func (h *handler) removeMember(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body memberRemoval
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	orgID := r.PathValue("org")
	if err := h.Initiatives.RemoveMember(r.Context(), httpx.Actor(r), in.ID, orgID, body.Reason); err != nil {
		return err
	}
	return h.writeMember(w, r, http.StatusOK, in.ID, orgID)
}

func (h *handler) changeMemberRole(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body memberRoleChange
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	orgID := r.PathValue("org")
	if err := h.Initiatives.ChangeRole(r.Context(), httpx.Actor(r), in.ID, orgID, body.Role, body.Reason); err != nil {
		return err
	}
	return h.writeMember(w, r, http.StatusOK, in.ID, orgID)
}

// agendaItemPatch is the body of PATCH /agenda/{item}: the fields present
// replace the item's.
type agendaItemPatch struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
}

// agendaOrder is the body of PUT /agenda/order.
type agendaOrder struct {
	IDs []int64 `json:"ids"`
}

func (h *handler) addAgendaItem(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body initiative.AgendaItemInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	item, err := h.Initiatives.AddAgendaItem(r.Context(), httpx.Actor(r), in.ID, body)
	if err != nil {
		return err
	}
	location(w, in.ID, "agenda", item.ID)
	h.writeJSON(w, r, http.StatusCreated, item)
	return nil
}

// agendaItemOf returns the path's agenda item, read through its initiative
// (one of another initiative is not found).
func (h *handler) agendaItemOf(r *http.Request) (*initiative.AgendaItem, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	itemID, err := pathID(r, "item")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.AgendaItem(r.Context(), httpx.Actor(r), id, itemID)
}

func (h *handler) editAgendaItem(w http.ResponseWriter, r *http.Request) error {
	item, err := h.agendaItemOf(r)
	if err != nil {
		return err
	}
	var body agendaItemPatch
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	next := initiative.AgendaItemInput{Title: item.Title, Description: item.Description}
	if body.Title != nil {
		next.Title = *body.Title
	}
	if body.Description != nil {
		next.Description = *body.Description
	}
	saved, err := h.Initiatives.EditAgendaItem(r.Context(), httpx.Actor(r), item.InitiativeID, item.ID, next)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

func (h *handler) archiveAgendaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	itemID, err := pathID(r, "item")
	if err != nil {
		return err
	}
	archived, err := h.Initiatives.ArchiveAgendaItem(r.Context(), httpx.Actor(r), id, itemID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, archived)
	return nil
}

func (h *handler) reorderAgenda(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	var body agendaOrder
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if err := h.Initiatives.ReorderAgenda(r.Context(), httpx.Actor(r), in.ID, body.IDs); err != nil {
		return err
	}
	agenda, err := h.Initiatives.AgendaItems(r.Context(), in.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(agenda))
	return nil
}
