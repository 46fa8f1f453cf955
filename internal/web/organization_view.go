package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

type organizationViewData struct {
	Org         *directory.Organization
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

func (h *handler) organizationView(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), httpx.User(r.Context())
	if err := h.Accounts.Authorize(ctx, u, account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.Directory.Organization(ctx, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := organizationViewData{Org: o}
	if d.Services, err = h.Directory.ServicesOf(ctx, o.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Locations, err = h.Directory.LocationsOf(ctx, o.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.History, err = h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: o.ID, Limit: 10}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Ties, err = h.Network.ListTies(ctx, network.TieFilter{OrganizationID: o.ID, Status: "all", Limit: 500}); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanTie, _ = h.Accounts.Can(ctx, u, account.RecordTie, account.Org(o.ID))
	d.CanEdit, _ = h.Accounts.Can(ctx, u, account.EditOrganization, account.Org(o.ID))
	if speak, _ := h.Accounts.Can(ctx, u, account.SpeakForOrganization, account.Org(o.ID)); speak && !d.CanEdit {
		d.CanPropose = true
	}
	d.CanArchive, _ = h.Accounts.Can(ctx, u, account.ArchiveOrganization, account.Org(o.ID))
	d.CanSeeGoals, _ = h.Accounts.Can(ctx, u, account.ViewOrganizationGoals, account.Org(o.ID))
	h.render(w, r, http.StatusOK, "organization_view", o.Name, "organizations", d)
}
