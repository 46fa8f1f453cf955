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

// proposalFormData is the "propose an update" form: the organization's
// record as its person would have it, and a note for the steward.
type proposalFormData struct {
	Org     *directory.Organization
	Input   directory.OrganizationInput
	Year    string
	Version int
	Note    string
	Errors  map[string]string
	Problem string
	Sectors []string
}

// proposer loads the organization in the path if the user may propose
// updates to it, and otherwise answers the request and returns nil.
func (h *handler) proposer(w http.ResponseWriter, r *http.Request) *directory.Organization {
	return h.organizationFor(w, r, directory.ProposeUpdates)
}

func (h *handler) proposalNew(w http.ResponseWriter, r *http.Request) {
	o := h.proposer(w, r)
	if o == nil {
		return
	}
	h.render(w, r, http.StatusOK, "proposal_form", "Propose an update to "+o.Name, "organizations", proposalFormData{
		Org: o, Input: directory.InputOf(o), Year: yearString(o.YearIncorporated), Version: o.Version, Sectors: directory.Sectors})
}

func (h *handler) proposalCreate(w http.ResponseWriter, r *http.Request) {
	o := h.proposer(w, r)
	if o == nil {
		return
	}
	in, year, version, problems := parseOrganizationForm(r, h.now())
	d := proposalFormData{Org: o, Input: in, Year: year, Version: version, Note: r.PostFormValue("note"), Sectors: directory.Sectors, Errors: problems}
	title := "Propose an update to " + o.Name
	if len(problems) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "proposal_form", title, "organizations", d)
		return
	}
	p, err := h.Directory.ProposeOrganizationUpdate(r.Context(), httpx.Actor(r), o.ID, version, in, d.Note)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		if msg, ok := v.Fields["fields"]; ok {
			d.Problem = "Nothing to send: " + msg + "."
		}
		h.render(w, r, http.StatusUnprocessableEntity, "proposal_form", title, "organizations", d)
		return
	case errors.As(err, &c):
		d.Problem = c.Message
		h.render(w, r, http.StatusConflict, "proposal_form", title, "organizations", d)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "Your update to "+o.Name+" was sent to the directory stewards for review (proposal "+itoa(p.ID)+").")
	redirect(w, r, "/organizations/"+url.PathEscape(o.ID)+"/freshness")
}

type proposalQueueData struct {
	Page   *directory.Page[*directory.Proposal]
	Status string
	Query  url.Values
}

// proposalQueue is the stewards' review queue: each proposal field by
// field, current against proposed, with accept and reject.
func (h *handler) proposalQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), directory.ReviewProposals, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	page, err := h.Directory.ListProposals(ctx, directory.ProposalFilter{Status: q.Get("status"), Limit: 20, Offset: max(offset, 0)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := q.Get("status")
	if status == "" {
		status = directory.ProposalPending
	}
	h.render(w, r, http.StatusOK, "proposal_queue", "Proposed updates", "proposals", proposalQueueData{Page: page, Status: status, Query: q})
}

func (h *handler) proposalAccept(w http.ResponseWriter, r *http.Request) {
	h.reviewProposal(w, r, true)
}

func (h *handler) proposalReject(w http.ResponseWriter, r *http.Request) {
	h.reviewProposal(w, r, false)
}

func (h *handler) reviewProposal(w http.ResponseWriter, r *http.Request, accept bool) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), directory.ReviewProposals, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, r, errs.ErrNotFound)
		return
	}
	note := r.PostFormValue("review_note")
	var p *directory.Proposal
	if accept {
		p, err = h.Directory.AcceptProposal(ctx, httpx.Actor(r), id, note)
	} else {
		p, err = h.Directory.RejectProposal(ctx, httpx.Actor(r), id, note)
	}
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.setFlash(w, r, "error", "Proposal "+itoa(id)+" was left as it was: the note "+v.Fields["review_note"]+".")
	case errors.As(err, &c):
		h.setFlash(w, r, "error", c.Message)
	case err != nil:
		h.fail(w, r, err)
		return
	case accept:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was accepted and is now in the directory.")
	default:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was rejected; "+p.ProposedBy+" can see your note.")
	}
	redirect(w, r, "/proposals")
}
