package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// proposalBody is the body of POST /proposals; the decision rule is the
// initiative's current one.
type proposalBody struct {
	Title      string `json:"title"`
	Body       string `json:"body"`
	ProposedBy string `json:"proposed_by"`
	Deadline   string `json:"deadline"` // RFC 3339
}

// voteBody is the body of POST /proposals/{proposal}/votes.
type voteBody struct {
	OrganizationID string `json:"organization_id"`
	Choice         string `json:"choice"`
	Comment        string `json:"comment"`
}

// delegationBody is the body of POST /proposals/{proposal}/delegations.
type delegationBody struct {
	FromOrganizationID string `json:"from_organization_id"`
	ToOrganizationID   string `json:"to_organization_id"`
}

// commentBody is the body of POST /proposals/{proposal}/comments.
type commentBody struct {
	OrganizationID string `json:"organization_id"`
	Body           string `json:"body"`
}

// decisionLogSetting is the body of PUT /decisions/public and its answer.
type decisionLogSetting struct {
	Public *bool `json:"public"`
}

// propose puts a question to the members for an organization the caller
// speaks for, under the decision rule of the current governance framework.
func (h *handler) propose(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	var body proposalBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.ProposedBy == "" {
		return &errs.ValidationError{Fields: map[string]string{"proposed_by": "is required: the member organization that proposes"}}
	}
	if err := h.authorize(r, account.SpeakForOrganization, account.Org(body.ProposedBy)); err != nil {
		return err
	}
	g, err := h.Initiatives.Governance(r.Context(), in.ID)
	if errors.Is(err, errs.ErrNotFound) {
		return &errs.ConflictError{Field: "decision_rule", Message: fmt.Sprintf(
			"%s has no governance framework yet, so there is no decision rule to count votes by: backbone staff adopt one first", in.Name)}
	}
	if err != nil {
		return err
	}
	next := initiative.ProposalInput{Title: body.Title, Body: body.Body, ProposedBy: body.ProposedBy, Rule: g.Rule()}
	if body.Deadline != "" {
		d, err := time.Parse(time.RFC3339, body.Deadline)
		if err != nil {
			return &errs.ValidationError{Fields: map[string]string{"deadline": "must be a time written as RFC 3339, like 2030-01-31T17:00:00Z"}}
		}
		next.Deadline = d
	}
	p, err := h.Initiatives.Propose(r.Context(), httpx.Actor(r), in.ID, next)
	if err != nil {
		return err
	}
	location(w, in.ID, "proposals", p.ID)
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// proposalFor returns the path's proposal of a viewable initiative.
func (h *handler) proposalFor(r *http.Request) (*initiative.Proposal, error) {
	in, err := h.initiativeFor(r, account.ViewInitiative)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "proposal")
	if err != nil {
		return nil, err
	}
	p, err := h.Initiatives.Proposal(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return p, belongs(p.InitiativeID, in.ID, "proposal", id)
}

func (h *handler) getProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// writeProposal answers with the proposal as it now stands.
func (h *handler) writeProposal(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	p, err := h.Initiatives.Proposal(r.Context(), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, status, p)
	return nil
}

// vote casts a member organization's vote; only its admins decide for it.
func (h *handler) vote(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	var body voteBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.OrganizationID == "" {
		return &errs.ValidationError{Fields: map[string]string{"organization_id": "is required: the member organization that votes"}}
	}
	if err := h.authorize(r, account.ActForOrganization, account.Org(body.OrganizationID)); err != nil {
		return err
	}
	if err := h.Initiatives.Vote(r.Context(), httpx.Actor(r), p.ID, body.OrganizationID, body.Choice, body.Comment, h.now()); err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, p.ID)
}

// delegate gives a member's vote to another member; the giving
// organization's admins decide that.
func (h *handler) delegate(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	var body delegationBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	var v errs.ValidationError
	if body.FromOrganizationID == "" {
		v.Add("from_organization_id", "is required: the member organization that gives its vote")
	}
	if body.ToOrganizationID == "" {
		v.Add("to_organization_id", "is required: the member organization that will vote for it")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	if err := h.authorize(r, account.ActForOrganization, account.Org(body.FromOrganizationID)); err != nil {
		return err
	}
	if err := h.Initiatives.Delegate(r.Context(), httpx.Actor(r), p.ID, body.FromOrganizationID, body.ToOrganizationID); err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, p.ID)
}

// comment adds a remark for an organization the caller works for.
func (h *handler) comment(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	var body commentBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.OrganizationID == "" {
		return &errs.ValidationError{Fields: map[string]string{"organization_id": "is required: the member organization that comments"}}
	}
	if err := h.authorize(r, account.SpeakForOrganization, account.Org(body.OrganizationID)); err != nil {
		return err
	}
	c, err := h.Initiatives.Comment(r.Context(), httpx.Actor(r), p.ID, body.OrganizationID, body.Body)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// closeProposal counts the votes: the proposing organization's admins or
// backbone staff may close it.
func (h *handler) closeProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	if err := h.authorizeFor(r, account.ActForOrganization, p.ProposedBy, account.ManageGovernance, p.InitiativeID); err != nil {
		return err
	}
	closed, err := h.Initiatives.Close(r.Context(), httpx.Actor(r), p.ID, h.now())
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, closed)
	return nil
}

// withdrawProposal takes a proposal off the table: the proposing
// organization's admins or backbone staff may.
func (h *handler) withdrawProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := h.proposalFor(r)
	if err != nil {
		return err
	}
	if err := h.authorizeFor(r, account.ActForOrganization, p.ProposedBy, account.ManageGovernance, p.InitiativeID); err != nil {
		return err
	}
	if err := h.Initiatives.Withdraw(r.Context(), httpx.Actor(r), p.ID); err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, p.ID)
}

// decisionLog answers with the initiative's decisions. A public decision
// log is read by anyone signed in, even when the initiative is private;
// otherwise the initiative must be viewable.
func (h *handler) decisionLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	viewer, err := h.can(r, account.ViewInitiative, account.Initiative(id))
	if err != nil {
		return err
	}
	if !viewer {
		public, err := h.Initiatives.DecisionLogPublic(r.Context(), id)
		if err != nil {
			return err
		}
		if !public {
			return fmt.Errorf("decision log of initiative %d: %w", id, errs.ErrNotFound)
		}
	}
	if _, err := h.Initiatives.Get(r.Context(), id); err != nil {
		return err
	}
	log, err := h.Initiatives.DecisionLog(r.Context(), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(log))
	return nil
}

func (h *handler) setDecisionLogPublic(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.ManageGovernance)
	if err != nil {
		return err
	}
	var body decisionLogSetting
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.Public == nil {
		return &errs.ValidationError{Fields: map[string]string{"public": "is required: true to show the decision log to everyone signed in"}}
	}
	if err := h.Initiatives.SetDecisionLogPublic(r.Context(), httpx.Actor(r), in.ID, *body.Public); err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, body)
	return nil
}
