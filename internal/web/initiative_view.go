package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type initiativeViewData struct {
	Initiative *initiative.Initiative
	Members    []initiative.Member
	CanEdit    bool
}

// viewableInitiative loads the initiative in the path if the user may see
// it (a private one the user has no part in is "not found", so that its
// existence does not leak), and otherwise answers the request and returns nil.
func (h *handler) viewableInitiative(w http.ResponseWriter, r *http.Request) *initiative.Initiative {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, errs.ErrNotFound)
		return nil
	}
	ok, err := h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ViewInitiative, account.Initiative(id))
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	if !ok {
		h.fail(w, r, errs.ErrNotFound)
		return nil
	}
	in, err := h.Initiatives.Get(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return in
}

func (h *handler) initiativeView(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	members, err := h.Initiatives.Members(r.Context(), in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := initiativeViewData{Initiative: in, Members: members}
	d.CanEdit, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.EditInitiative, account.Initiative(in.ID))
	h.render(w, r, http.StatusOK, "initiative_view", in.Name, "initiatives", d)
}
