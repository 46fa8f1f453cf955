package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

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
	// Review is set for a steward working through the queue; otherwise
	// the page lists the person's own proposals and what became of them.
	Review bool
}

// proposalQueue is the stewards' review queue: each proposal field by
// field, current against proposed, with a box to tick per field, accept
// the ticked fields, accept all, or reject. For anyone else, and for a
// steward asking for their own (mine=1), it lists the proposals they made
// and their outcome.
func (h *handler) proposalQueue(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	review, err := h.may(r, account.ReviewProposals, account.Platform)
	if err != nil {
		return err
	}
	mine := !review || q.Get("mine") == "1"
	offset, _ := strconv.Atoi(q.Get("offset"))
	status := q.Get("status")
	if status == "" && mine {
		status = "all"
	}
	filter := directory.ProposalFilter{Status: status, Mine: mine, Limit: 20, Offset: max(offset, 0)}
	page, err := h.Directory.ListProposals(r.Context(), httpx.Actor(r), filter)
	if err != nil {
		return err
	}
	if status == "" {
		status = directory.ProposalPending
	}

	title := "Proposals to review"
	if mine {
		title = "Your proposals"
	}
	d := proposalQueueData{Page: page, Status: status, Query: q, Review: !mine}
	h.render(w, r, http.StatusOK, "proposal_queue", title, "proposals", d)
	return nil
}

func (h *handler) proposalAccept(w http.ResponseWriter, r *http.Request) error {
	return h.reviewProposal(w, r, true)
}

func (h *handler) proposalReject(w http.ResponseWriter, r *http.Request) error {
	return h.reviewProposal(w, r, false)
}

// reviewForm reads a steward's review from the queue's form: the ticked
// fields and the conflicting ones ticked to overwrite, or (all=1) every
// field. From the form that corrects a proposed organization (edited=1),
// the values typed are accepted, every field that has one.
func reviewForm(r *http.Request, now func() time.Time) (directory.ProposalReview, map[string]string) {
	rv := directory.ProposalReview{Note: r.PostFormValue("review_note")}
	if r.PostFormValue("edited") == "1" {
		in, _, _, problems := parseOrganizationForm(r, now())
		rv.Values = directory.FieldsOf(in)
		rv.Fields = []string{}
		for name, v := range rv.Values {
			if directory.FieldValueText(v) != "" {
				rv.Fields = append(rv.Fields, name)
			}
		}
		return rv, problems
	}
	if r.PostFormValue("all") == "1" {
		return rv, nil
	}
	rv.Fields = append([]string{}, r.PostForm["fields"]...)
	rv.Overwrite = append([]string{}, r.PostForm["overwrite"]...)
	return rv, nil
}

// reviewProposal accepts (some fields of) or rejects the proposal in the
// path.
func (h *handler) reviewProposal(w http.ResponseWriter, r *http.Request, accept bool) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	var p *directory.Proposal
	if accept {
		rv, problems := reviewForm(r, h.now)
		if len(problems) > 0 {
			return h.proposalEditAgain(w, r, id, problems)
		}
		p, err = h.Directory.AcceptProposal(ctx, actor, id, rv)
		var v *errs.ValidationError
		var c *errs.ConflictError
		switch {
		case r.PostFormValue("edited") != "1":
		case errors.As(err, &v):
			return h.proposalEditAgain(w, r, id, v.Fields)
		case errors.As(err, &c) && c.Field == "name":
			return h.proposalEditAgain(w, r, id, map[string]string{"name": c.Message})
		}
	} else {
		p, err = h.Directory.RejectProposal(ctx, actor, id, r.PostFormValue("review_note"))
	}

	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.setFlash(w, r, "error", "Proposal "+itoa(id)+" was left as it was: "+reviewProblem(v)+".")
	case errors.As(err, &c):
		h.setFlash(w, r, "error", "Proposal "+itoa(id)+" was left as it was: "+c.Message+".")
	case err != nil:
		return err
	case accept && p.NewOrganization():
		h.setFlash(w, r, "success", p.EntityName+" was added to the directory; "+p.ProposedByName+" can see it was accepted.")
	case accept && len(p.Declined) > 0:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was accepted in part: "+
			plural(len(p.Applied), "field", "fields")+" applied, "+plural(len(p.Declined), "field", "fields")+
			" declined. "+p.ProposedByName+" can see which.")
	case accept:
		h.setFlash(w, r, "success", "The update to "+p.EntityName+" was accepted and is now in the directory.")
	default:
		h.setFlash(w, r, "success", "The proposal for "+p.EntityName+" was rejected; "+p.ProposedByName+" can see your note.")
	}
	redirect(w, r, "/proposals")
	return nil
}

// reviewProblem says in words what was wrong with a review.
func reviewProblem(v *errs.ValidationError) string {
	if msg, ok := v.Fields["review_note"]; ok {
		return "the note " + msg
	}
	if msg, ok := v.Fields["fields"]; ok {
		return msg
	}
	return v.Error()
}
