package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

type organizationViewData struct {
	Org         *directory.Organization
	Parent      *directory.Organization // the organization it is a unit of, if any
	Services    []directory.Service
	Locations   []directory.Location
	History     []account.AuditEvent
	Ties        *network.TiePage
	CanTie      bool
	CanPropose  bool // may propose an update for a steward to review (its people who may not edit it)
	CanEdit     bool
	CanArchive  bool
	CanSeeGoals bool
}

func (h *handler) organizationView(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	o, err := h.Directory.ViewOrganization(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := organizationViewData{Org: o}
	if d.Services, err = h.Directory.ServicesOf(ctx, actor, o.ID); err != nil {
		return err
	}
	if d.Locations, err = h.Directory.LocationsOf(ctx, actor, o.ID); err != nil {
		return err
	}
	if d.History, err = h.Directory.OrganizationHistory(ctx, actor, o.ID, 10); err != nil {
		return err
	}
	if d.Ties, err = h.Network.ListTies(ctx, network.TieFilter{OrganizationID: o.ID, Status: "all", Limit: 500}); err != nil {
		return err
	}

	// What the page offers; each operation checks again.
	org := account.Org(o.ID)
	for _, offer := range []struct {
		to     *bool
		action account.Action
	}{
		{&d.CanTie, account.RecordTie}, {&d.CanEdit, account.EditOrganization}, {&d.CanPropose, account.ProposeUpdate},
		{&d.CanArchive, account.ArchiveOrganization}, {&d.CanSeeGoals, account.ViewOrganizationGoals},
	} {
		if *offer.to, err = h.may(r, offer.action, org); err != nil {
			return err
		}
	}
	// Who may edit the record changes it rather than proposing.
	d.CanPropose = d.CanPropose && !d.CanEdit
	if o.ParentOrganizationID != "" {
		if d.Parent, err = h.Directory.Organization(r.Context(), o.ParentOrganizationID); err != nil &&
			!errors.Is(err, errs.ErrNotFound) {
			return err
		}
	}
	h.render(w, r, http.StatusOK, "organization_view", o.Name, "organizations", d)
	return nil
}
