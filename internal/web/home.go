package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
)

type homeData struct {
	Organizations int
	Services      int
	Memberships   []account.Membership
	Initiatives   []*initiative.Initiative
	Invitations   []initiative.Invitation // waiting for an answer the user may give for their organization
	DueReports    []dueReport             // numbers the user's organizations have not reported yet
	Recent        []account.AuditEvent
}

// home is the first page after sign-in: the directory at a glance, the
// organizations the user works for, and what changed lately.
func (h *handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), httpx.User(r.Context())
	var d homeData
	var err error
	if d.Organizations, err = h.Directory.CountOrganizations(ctx); err != nil {
		return err
	}
	if d.Services, err = h.Directory.CountServices(ctx); err != nil {
		return err
	}
	if d.Memberships, err = h.Accounts.MembershipsOf(ctx, u.ID); err != nil {
		return err
	}
	if d.Invitations, err = h.Initiatives.Invitations(ctx, httpx.Actor(r)); err != nil {
		return err
	}
	if d.Initiatives, err = h.Initiatives.Visible(ctx, httpx.Actor(r)); err != nil {
		return err
	}
	if d.Recent, err = h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "organization", Limit: 8}); err != nil {
		return err
	}
	if d.DueReports, err = h.dueReports(r, d.Memberships, d.Initiatives); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "home", "Home", "home", d)
	return nil
}

// dueReport is a late report of one of the user's organizations.
type dueReport struct {
	InitiativeID   int64
	InitiativeName string
	measure.LateReport
}

// dueReports lists, across the initiatives the user sees, the reports that
// the user's organizations owe: the in-app reminder of late reports.
func (h *handler) dueReports(r *http.Request, ms []account.Membership, inits []*initiative.Initiative) ([]dueReport, error) {
	mine := map[string]bool{}
	for _, m := range ms {
		mine[m.OrganizationID] = true
	}
	if len(mine) == 0 {
		return nil, nil
	}
	var out []dueReport
	for _, in := range inits {
		late, err := h.Measure.LateReports(r.Context(), httpx.Actor(r), in.ID, h.now())
		if err != nil {
			return nil, err
		}
		for _, l := range late {
			if mine[l.OrganizationID] {
				out = append(out, dueReport{InitiativeID: in.ID, InitiativeName: in.Name, LateReport: l})
			}
		}
	}
	return out, nil
}
