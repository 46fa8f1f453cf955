package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

const orgsPerPage = 25

type organizationListData struct {
	Page      *directory.Page[*directory.Organization]
	Filter    directory.OrganizationFilter
	Query     url.Values
	Sectors   []string
	PageNo    int
	Pages     int
	CanCreate bool
	// CanPropose: may propose an organization (one who works for one).
	CanPropose bool
	Error      string
}

func (h *handler) organizationList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pageNo, _ := strconv.Atoi(q.Get("page"))
	if pageNo < 1 {
		pageNo = 1
	}
	f := directory.OrganizationFilter{Query: q.Get("q"), Sector: q.Get("sector"), Status: q.Get("status"),
		Limit: orgsPerPage, Offset: (pageNo - 1) * orgsPerPage}
	data := organizationListData{Filter: f, Query: q, Sectors: directory.Sectors, PageNo: pageNo}

	page, err := h.Directory.ViewOrganizations(r.Context(), httpx.Actor(r), f)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		data.Error = v.Error()
	case err != nil:
		return err
	}
	if data.CanCreate, err = h.may(r, account.CreateOrganization, account.Platform); err != nil {
		return err
	}
	if data.CanPropose, err = h.may(r, account.ProposeOrganization, account.Platform); err != nil {
		return err
	}

	if page == nil {
		h.render(w, r, http.StatusBadRequest, "organization_list", "Organizations", "organizations", data)
		return nil
	}
	data.Page = page
	data.Pages = (page.Total + orgsPerPage - 1) / orgsPerPage
	h.render(w, r, http.StatusOK, "organization_list", "Organizations", "organizations", data)
	return nil
}
