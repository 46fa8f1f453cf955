package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type homeData struct {
	Organizations int
	Services      int
	Memberships   []account.Membership
	Initiatives   []*initiative.Initiative
	Invitations   []initiative.Invitation // waiting for an answer from an organization the user is an admin of
	Recent        []account.AuditEvent
}

// home is the first page after sign-in: the directory at a glance, the
// organizations the user works for, and what changed lately.
func (h *handler) home(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), httpx.User(r.Context())
	var d homeData
	var err error
	if d.Organizations, err = h.Directory.CountOrganizations(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Services, err = h.Directory.CountServices(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Memberships, err = h.Accounts.MembershipsOf(ctx, u.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	var adminOf []string
	for _, m := range d.Memberships {
		if m.Role == account.OrgAdmin {
			adminOf = append(adminOf, m.OrganizationID)
		}
	}
	if d.Invitations, err = h.Initiatives.PendingInvitations(ctx, adminOf); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Initiatives, err = h.visibleInitiatives(r); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Recent, err = h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "organization", Limit: 8}); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "home", "Home", "home", d)
}
