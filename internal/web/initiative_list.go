package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type initiativeListData struct {
	Initiatives []*initiative.Initiative
	CanCreate   bool
}

// initiativeList lists the initiatives the signed-in person may see: public
// ones and those they take part in (all of them for an admin).
func (h *handler) initiativeList(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Initiatives.Visible(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	d := initiativeListData{Initiatives: list}
	if d.CanCreate, err = h.may(r, account.CreateInitiative, account.Platform); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_list", "Initiatives", "initiatives", d)
	return nil
}
