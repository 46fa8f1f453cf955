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

func (h *handler) proposalNew(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.ProposeUpdate)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "proposal_form", "Propose an update to "+o.Name, "organizations", proposalFormData{
		Org: o, Input: directory.InputOf(o), Year: yearString(o.YearIncorporated), Version: o.Version, Sectors: directory.Sectors})
	return nil
}

func (h *handler) proposalCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.ProposeUpdate)
	if err != nil {
		return err
	}
	in, year, version, problems := parseOrganizationForm(r, h.now())
	d := proposalFormData{Org: o, Input: in, Year: year, Version: version, Note: r.PostFormValue("note"),
		Sectors: directory.Sectors, Errors: problems}
	title := "Propose an update to " + o.Name
	if len(problems) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "proposal_form", title, "organizations", d)
		return nil
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
		return nil
	case errors.As(err, &c):
		d.Problem = c.Message
		h.render(w, r, http.StatusConflict, "proposal_form", title, "organizations", d)
		return nil
	case err != nil:
		return err
	}
	h.setFlash(w, r, "success", "Your update to "+o.Name+" was sent to the directory stewards for review (proposal "+itoa(p.ID)+").")
	redirect(w, r, "/organizations/"+url.PathEscape(o.ID)+"/freshness")
	return nil
}

type proposalQueueData struct {
	Page   *directory.Page[*directory.Proposal]
	Status string
	Query  url.Values
}

// proposalQueue is the stewards' review queue: each proposal field by
// field, current against proposed, with accept and reject.
func (h *handler) proposalQueue(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	filter := directory.ProposalFilter{Status: q.Get("status"), Limit: 20, Offset: max(offset, 0)}
	page, err := h.Directory.ListProposals(r.Context(), httpx.Actor(r), filter)
	if err != nil {
		return err
	}
	status := q.Get("status")
	if status == "" {
		status = directory.ProposalPending
	}
	h.render(w, r, http.StatusOK, "proposal_queue", "Proposed updates", "proposals", proposalQueueData{Page: page, Status: status, Query: q})
	return nil
}

func (h *handler) proposalAccept(w http.ResponseWriter, r *http.Request) error {
	return h.reviewProposal(w, r, true)
}

func (h *handler) proposalReject(w http.ResponseWriter, r *http.Request) error {
	return h.reviewProposal(w, r, false)
}

// reviewProposal accepts or rejects the proposal in the path.
func (h *handler) reviewProposal(w http.ResponseWriter, r *http.Request, accept bool) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	note := r.PostFormValue("review_note")
	var p *directory.Proposal
	if accept {
		p, err = h.Directory.AcceptProposal(ctx, actor, id, note)
	} else {
		p, err = h.Directory.RejectProposal(ctx, actor, id, note)
	}

	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.setFlash(w, r, "error", "Proposal "+itoa(id)+" was left as it was: the note "+v.Fields["review_note"]+".")
	case errors.As(err, &c):
		h.setFlash(w, r, "error", c.Message)
	case err != nil:
		return err
	case accept:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was accepted and is now in the directory.")
	default:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was rejected; "+p.ProposedBy+" can see your note.")
	}
	redirect(w, r, "/proposals")
	return nil
}
