package api

import (
	"errors"
	"net/http"
	"time"

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

func (h *handler) listProposals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ps, err := h.Initiatives.Proposals(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(ps))
	return nil
}

// propose puts a question to the members for an organization the caller
// speaks for, under the decision rule of the current governance framework.
func (h *handler) propose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body proposalBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	next := initiative.ProposalInput{Title: body.Title, Body: body.Body, ProposedBy: body.ProposedBy}
	// A deadline that cannot be read goes on as none, which Propose
	// refuses after asking whether the caller may propose at all; the
	// message then says why.
	var unreadable bool
	if body.Deadline != "" {
		next.Deadline, err = time.Parse(time.RFC3339, body.Deadline)
		unreadable = err != nil
	}
	p, err := h.Initiatives.Propose(r.Context(), httpx.Actor(r), id, next)
	var v *errs.ValidationError
	if errors.As(err, &v) && unreadable {
		v.Fields["deadline"] = "must be a time written as RFC 3339, like 2030-01-31T17:00:00Z"
	}
	if err != nil {
		return err
	}
	location(w, id, "proposals", p.ID)
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// proposalPath reads the initiative and the proposal of the path.
func proposalPath(r *http.Request) (initiativeID, proposalID int64, err error) {
	if initiativeID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	proposalID, err = pathID(r, "proposal")
	return initiativeID, proposalID, err
}

func (h *handler) getProposal(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, id, pid)
}

// writeProposal answers with the proposal as it now stands.
func (h *handler) writeProposal(w http.ResponseWriter, r *http.Request, status int, initiativeID, id int64) error {
	p, err := h.Initiatives.Proposal(r.Context(), httpx.Actor(r), initiativeID, id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, status, p)
	return nil
}

// vote casts a member organization's vote, for those who act for it.
func (h *handler) vote(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	var body voteBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	err = h.Initiatives.Vote(r.Context(), httpx.Actor(r), id, pid, body.OrganizationID, body.Choice, body.Comment)
	if err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, id, pid)
}

// delegate gives a member's vote to another member, for those who act for
// the giving organization.
func (h *handler) delegate(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	var body delegationBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	err = h.Initiatives.Delegate(r.Context(), httpx.Actor(r), id, pid, body.FromOrganizationID, body.ToOrganizationID)
	if err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, id, pid)
}

// comment adds a remark for an organization the caller works for.
func (h *handler) comment(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	var body commentBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	c, err := h.Initiatives.Comment(r.Context(), httpx.Actor(r), id, pid, body.OrganizationID, body.Body)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// closeProposal counts the votes and records the outcome: backbone staff
// close proposals.
func (h *handler) closeProposal(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	closed, err := h.Initiatives.Close(r.Context(), httpx.Actor(r), id, pid)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, closed)
	return nil
}

// withdrawProposal takes a proposal off the table: the proposer, those who
// act for the proposing organization, or backbone staff may.
func (h *handler) withdrawProposal(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := proposalPath(r)
	if err != nil {
		return err
	}
	if err := h.Initiatives.Withdraw(r.Context(), httpx.Actor(r), id, pid); err != nil {
		return err
	}
	return h.writeProposal(w, r, http.StatusOK, id, pid)
}

// decisionLog answers with the initiative's decisions. A public decision
// log is read by anyone signed in, even when the initiative is private;
// otherwise the initiative must be viewable.
func (h *handler) decisionLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	log, _, err := h.Initiatives.DecisionLog(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(log))
	return nil
}

func (h *handler) setDecisionLogPublic(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
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
	if err := h.Initiatives.SetDecisionLogPublic(r.Context(), httpx.Actor(r), id, *body.Public); err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, body)
	return nil
}
