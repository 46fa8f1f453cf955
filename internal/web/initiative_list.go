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

// visibleInitiatives returns the initiatives the user may see: public ones
// and those they take part in (all of them for an admin).
func (h *handler) visibleInitiatives(r *http.Request) ([]*initiative.Initiative, error) {
	all, err := h.Initiatives.List(r.Context())
	if err != nil {
		return nil, err
	}
	u := httpx.User(r.Context())
	var out []*initiative.Initiative
	for _, in := range all {
		ok, err := h.Accounts.Can(r.Context(), u, account.ViewInitiative, account.Initiative(in.ID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, in)
		}
	}
	return out, nil
}

func (h *handler) initiativeList(w http.ResponseWriter, r *http.Request) {
	list, err := h.visibleInitiatives(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := initiativeListData{Initiatives: list}
	d.CanCreate, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.CreateInitiative, account.Platform)
	h.render(w, r, http.StatusOK, "initiative_list", "Initiatives", "initiatives", d)
}
