package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// defaultVerificationDays is the age, in days, past which a record is
// listed as needing verification; the page's older_than_days changes it.
const defaultVerificationDays = 365

type verificationListData struct {
	Page      *directory.Page[directory.StaleRecord]
	Days      int
	Query     url.Values
	Here      string // this page's address, where a verify button comes back to
	Proposals int    // how many proposed updates wait for review
}

// olderThanDays reads the age parameter: whole days, 0 or more.
func olderThanDays(q url.Values) (int, error) {
	s := strings.TrimSpace(q.Get("older_than_days"))
	if s == "" {
		return defaultVerificationDays, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 36500 {
		v := &errs.ValidationError{}
		v.Add("older_than_days", "must be a whole number of days between 0 and 36500")
		return 0, v
	}
	return n, nil
}

func (h *handler) verificationList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), directory.VerifyRecords, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	days, err := olderThanDays(q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	page, err := h.Directory.NeedsVerification(ctx, time.Duration(days)*24*time.Hour, 50, max(offset, 0))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := verificationListData{Page: page, Days: days, Query: q, Here: r.URL.RequestURI()}
	if pending, err := h.Directory.ListProposals(ctx, directory.ProposalFilter{Limit: 1}); err == nil {
		d.Proposals = pending.Total
	}
	h.render(w, r, http.StatusOK, "freshness_list", "Needs verification", "verification", d)
}

// verifyRecord is the one-click "verified" button of the list.
func (h *handler) verifyRecord(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), directory.VerifyRecords, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.Directory.Verify(ctx, httpx.Actor(r), r.PostFormValue("kind"), r.PostFormValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", v.Name+" was marked as verified today.")
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/verification"
	}
	redirect(w, r, next)
}

// organizationVerify marks an organization verified from its own page.
func (h *handler) organizationVerify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), directory.VerifyRecords, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.Directory.Verify(ctx, httpx.Actor(r), directory.KindOrganization, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", v.Name+" was marked as verified today.")
	redirect(w, r, "/organizations/"+url.PathEscape(v.ID))
}

type organizationFreshnessData struct {
	Org        *directory.Organization
	Services   []directory.Service
	Proposals  []*directory.Proposal
	History    []account.AuditEvent
	CanVerify  bool
	CanPropose bool
}

// organizationFreshness shows how fresh an organization's record is: when
// it was last verified, the updates proposed to it, and the ways to verify
// it or propose an update.
func (h *handler) organizationFreshness(w http.ResponseWriter, r *http.Request) {
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
	d := organizationFreshnessData{Org: o}
	d.CanVerify, _ = h.Accounts.Can(ctx, u, directory.VerifyRecords, account.Platform)
	d.CanPropose, _ = h.Accounts.Can(ctx, u, directory.ProposeUpdates, account.Org(o.ID))
	if d.Services, err = h.Directory.ServicesOf(ctx, o.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanVerify || d.CanPropose {
		page, err := h.Directory.ListProposals(ctx, directory.ProposalFilter{Status: "all", OrganizationID: o.ID, Limit: 20})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Proposals = page.Items
	}
	events, err := h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: directory.KindOrganization, EntityID: o.ID, Limit: 50})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, e := range events {
		if e.Action == "verify" {
			d.History = append(d.History, e)
		}
	}
	h.render(w, r, http.StatusOK, "freshness_organization", "Keeping "+o.Name+" up to date", "organizations", d)
}
