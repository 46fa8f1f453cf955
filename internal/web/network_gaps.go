package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

type gapsData struct {
	Name  string // the organization's or initiative's
	Back  string // its page
	Gaps  []network.Gap
	Scope network.Scope
}

// networkGaps shows the service gaps of an organization (?organization=) or
// an initiative (?initiative=).
func (h *handler) networkGaps(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), httpx.User(r.Context())
	if err := h.Accounts.Authorize(ctx, u, account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	var d gapsData
	q := r.URL.Query()
	switch {
	case q.Get("initiative") != "":
		id, err := strconv.ParseInt(q.Get("initiative"), 10, 64)
		if err != nil {
			h.fail(w, r, errs.ErrNotFound)
			return
		}
		if ok, err := h.Accounts.Can(ctx, u, account.ViewInitiative, account.Initiative(id)); err != nil || !ok {
			h.fail(w, r, errs.ErrNotFound)
			return
		}
		in, err := h.Initiatives.Get(ctx, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Name, d.Back, d.Scope = in.Name, "/initiatives/"+itoa(in.ID), network.Scope{InitiativeID: id}
	default:
		o, err := h.Directory.Organization(ctx, q.Get("organization"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Name, d.Back, d.Scope = o.Name, "/organizations/"+o.ID, network.Scope{OrganizationID: o.ID}
	}
	gaps, err := h.Network.ServiceGaps(ctx, d.Scope, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Gaps = gaps
	h.render(w, r, http.StatusOK, "network_gaps", "Service gaps of "+d.Name, "network", d)
}
