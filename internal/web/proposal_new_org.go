package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// newOrganizationProposalData is the form to propose an organization, and
// the steward's form to correct one before adding it: the fields of the
// form to add an organization, and a note.
type newOrganizationProposalData struct {
	Proposal *directory.Proposal // set when a steward corrects a proposal
	Input    directory.OrganizationInput
	Year     string
	Note     string
	Errors   map[string]string
	Problem  string
	Sectors  []string
}

const proposeOrganizationTitle = "Propose an organization"

// organizationProposeForm shows the form to propose an organization that is
// not in the directory yet, to those who may (account.ProposeOrganization).
func (h *handler) organizationProposeForm(w http.ResponseWriter, r *http.Request) error {
	if err := h.Accounts.Check(r.Context(), httpx.Actor(r), account.ProposeOrganization, account.Platform); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "proposal_new_organization", proposeOrganizationTitle, "organizations",
		newOrganizationProposalData{Sectors: directory.Sectors})
	return nil
}

// organizationPropose sends the proposed organization to the stewards,
// checked as the form to add one checks it.
func (h *handler) organizationPropose(w http.ResponseWriter, r *http.Request) error {
	if err := h.Accounts.Check(r.Context(), httpx.Actor(r), account.ProposeOrganization, account.Platform); err != nil {
		return err
	}
	in, year, _, problems := parseOrganizationForm(r, h.now())
	d := newOrganizationProposalData{Input: in, Year: year, Note: r.PostFormValue("note"), Sectors: directory.Sectors,
		Errors: problems}
	if len(problems) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "proposal_new_organization", proposeOrganizationTitle,
			"organizations", d)
		return nil
	}

	p, err := h.Directory.ProposeOrganization(r.Context(), httpx.Actor(r), in, d.Note)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
	case errors.As(err, &c) && c.Field == "name":
		d.Errors = map[string]string{"name": c.Message}
	case errors.As(err, &c):
		d.Problem = c.Message
	case err != nil:
		return err
	default:
		h.setFlash(w, r, "success", p.EntityName+" was sent to the directory stewards for review (proposal "+
			itoa(p.ID)+"). You will see here what they decide.")
		redirect(w, r, "/proposals")
		return nil
	}
	h.render(w, r, http.StatusUnprocessableEntity, "proposal_new_organization", proposeOrganizationTitle,
		"organizations", d)
	return nil
}

// proposalEdit is the steward's form to correct a proposed organization
// before adding it to the directory.
func (h *handler) proposalEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	p, err := h.Directory.ProposalToReview(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	if !p.NewOrganization() || p.Status != directory.ProposalPending {
		// Only a pending organization is corrected here; the rest is
		// reviewed on the queue.
		redirect(w, r, "/proposals?status=all#proposal-"+itoa(p.ID))
		return nil
	}
	in := directory.InputFromFields(p.Fields)
	d := newOrganizationProposalData{Proposal: p, Input: in, Year: yearString(in.YearIncorporated),
		Sectors: directory.Sectors}
	h.render(w, r, http.StatusOK, "proposal_new_organization", "Correct and add "+p.EntityName, "proposals", d)
	return nil
}

// proposalEditAgain shows the correction form again with what was typed and
// what is wrong with it.
func (h *handler) proposalEditAgain(
	w http.ResponseWriter,
	r *http.Request,
	id int64,
	problems map[string]string,
) error {
	p, err := h.Directory.ProposalToReview(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	in, year, _, _ := parseOrganizationForm(r, h.now())
	d := newOrganizationProposalData{Proposal: p, Input: in, Year: year, Note: r.PostFormValue("review_note"),
		Errors: problems, Sectors: directory.Sectors}
	if msg, ok := problems["fields"]; ok {
		d.Problem = msg
	}
	h.render(w, r, http.StatusUnprocessableEntity, "proposal_new_organization", "Correct and add "+p.EntityName,
		"proposals", d)
	return nil
}
