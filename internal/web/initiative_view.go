package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/initiative"
)

type initiativeViewData struct {
	Initiative *initiative.Initiative
	Members    []initiative.Member
	CanEdit    bool
}

// viewableInitiative loads the initiative in the path if the user may see
// it (a private one the user has no part in is "not found", so that its
// existence does not leak), and otherwise answers the request and returns
// nil. It is for the pages that do not return their errors yet; the others
// call initiativeOf.
func (h *handler) viewableInitiative(w http.ResponseWriter, r *http.Request) *initiative.Initiative {
	in, err := h.initiativeOf(r)
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return in
}

func (h *handler) initiativeView(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	members, err := h.Initiatives.Members(r.Context(), in.ID)
	if err != nil {
		return err
	}
	d := initiativeViewData{Initiative: in, Members: members}
	if d.CanEdit, err = h.may(r, account.EditInitiative, account.Initiative(in.ID)); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_view", in.Name, "initiatives", d)
	return nil
}
