package web

import (
	"fmt"
	"net/http"
	"strconv"

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
// an initiative (?initiative=), which must be one the user may see.
func (h *handler) networkGaps(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	var d gapsData
	q := r.URL.Query()
	switch {
	case q.Get("initiative") != "":
		id, err := strconv.ParseInt(q.Get("initiative"), 10, 64)
		if err != nil {
			return fmt.Errorf("initiative %q: %w", q.Get("initiative"), errs.ErrNotFound)
		}
		in, err := h.Initiatives.View(ctx, actor, id)
		if err != nil {
			return err
		}
		d.Name, d.Back, d.Scope = in.Name, "/initiatives/"+itoa(in.ID), network.Scope{InitiativeID: id}
	default:
		o, err := h.Directory.Organization(ctx, q.Get("organization"))
		if err != nil {
			return err
		}
		d.Name, d.Back, d.Scope = o.Name, "/organizations/"+o.ID, network.Scope{OrganizationID: o.ID}
	}

	gaps, err := h.Network.ServiceGaps(ctx, actor, d.Scope, nil)
	if err != nil {
		return err
	}
	d.Gaps = gaps
	h.render(w, r, http.StatusOK, "network_gaps", "Service gaps of "+d.Name, "network", d)
	return nil
}
