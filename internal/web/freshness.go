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

func (h *handler) verificationList(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	days, err := olderThanDays(q)
	if err != nil {
		return err
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	page, err := h.Directory.NeedsVerification(ctx, actor, time.Duration(days)*24*time.Hour, 50, max(offset, 0))
	if err != nil {
		return err
	}

	d := verificationListData{Page: page, Days: days, Query: q, Here: r.URL.RequestURI()}
	// The stewards who verify also review the proposals waiting.
	review, err := h.may(r, account.ReviewProposals, account.Platform)
	if err != nil {
		return err
	}
	if review {
		pending, err := h.Directory.ListProposals(ctx, actor, directory.ProposalFilter{Limit: 1})
		if err != nil {
			return err
		}
		d.Proposals = pending.Total
	}
	h.render(w, r, http.StatusOK, "freshness_list", "Needs verification", "verification", d)
	return nil
}

// verifyRecord is the one-click "verified" button of the list.
func (h *handler) verifyRecord(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Directory.Verify(r.Context(), httpx.Actor(r), r.PostFormValue("kind"), r.PostFormValue("id"))
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", v.Name+" was marked as verified today.")
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/verification"
	}
	redirect(w, r, next)
	return nil
}

// organizationVerify marks an organization verified from its own page.
func (h *handler) organizationVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Directory.Verify(r.Context(), httpx.Actor(r), directory.KindOrganization, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", v.Name+" was marked as verified today.")
	redirect(w, r, "/organizations/"+url.PathEscape(v.ID))
	return nil
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
// it was last verified, the updates proposed to it (to those who may read
// them), and the ways to verify it or propose an update.
func (h *handler) organizationFreshness(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	o, err := h.Directory.ViewOrganization(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := organizationFreshnessData{Org: o}
	org := account.Org(o.ID)
	if d.CanVerify, err = h.may(r, account.VerifyRecord, account.Platform); err != nil {
		return err
	}
	if d.CanPropose, err = h.may(r, account.ProposeUpdate, org); err != nil {
		return err
	}
	if d.Services, err = h.Directory.ServicesOf(ctx, actor, o.ID); err != nil {
		return err
	}

	seeProposals, err := h.may(r, account.ViewProposals, org)
	if err != nil {
		return err
	}
	if seeProposals {
		filter := directory.ProposalFilter{Status: "all", OrganizationID: o.ID, Limit: 20}
		page, err := h.Directory.ListProposals(ctx, actor, filter)
		if err != nil {
			return err
		}
		d.Proposals = page.Items
	}

	events, err := h.Directory.OrganizationHistory(ctx, actor, o.ID, 50)
	if err != nil {
		return err
	}
	for _, e := range events {
		if e.Action == "verify" {
			d.History = append(d.History, e)
		}
	}
	h.render(w, r, http.StatusOK, "freshness_organization", "Keeping "+o.Name+" up to date", "organizations", d)
	return nil
}
