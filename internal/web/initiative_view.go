package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/review"
)

type initiativeViewData struct {
	Initiative *initiative.Initiative
	Members    []initiative.Member
	CanEdit    bool
	Blocks     *subjectPanel // the initiative's own roadblocks and reviews
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
	if d.Blocks, err = h.subjectPanel(r, review.KindInitiative, in.ID); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_view", in.Name, "initiatives", d)
	return nil
}
