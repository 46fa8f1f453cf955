package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// decisionInput is what was typed in one of the proposal page's forms.
type decisionInput struct {
	Org, Choice, Comment, From, To, Body string
}

type decisionViewData struct {
	Initiative     *initiative.Initiative
	Proposal       *initiative.Proposal
	RuleText       string
	Open           bool
	DeadlinePassed bool
	Choices        []choiceOption
	Voters         []account.Membership // organizations the user may vote for
	Speakers       []account.Membership // organizations the user may comment for
	DelegateTo     []initiative.Member  // every active voting member
	NotVoted       []string             // voting members that have not voted, themselves or through a delegate
	CanClose       bool
	CanWithdraw    bool
	Form           string // the form the errors belong to: vote, delegate or comment
	Errors         map[string]string
	Problem        string
	Input          decisionInput
}

func (h *handler) renderDecision(w http.ResponseWriter, r *http.Request, status int, d decisionViewData) {
	ctx := r.Context()
	u := httpx.User(ctx)
	p := d.Proposal
	members, err := h.Initiatives.Members(ctx, d.Initiative.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lead := ""
	for _, m := range members {
		if m.OrganizationID == p.Rule.LeadOrganizationID {
			lead = m.OrganizationName
		}
	}
	d.RuleText = ruleWords(p.Rule, lead)
	d.Open = p.Status == initiative.ProposalOpen
	d.DeadlinePassed = !h.now().Before(p.Deadline)
	d.Choices = choiceOptions(p.Rule.Name)
	d.DelegateTo = activeVoters(members)
	taken := map[string]bool{}
	for _, v := range p.Votes {
		taken[v.OrganizationID] = true
	}
	for _, dl := range p.Delegations {
		if taken[dl.ToOrganizationID] {
			taken[dl.FromOrganizationID] = true
		}
	}
	for _, m := range d.DelegateTo {
		if !taken[m.OrganizationID] {
			d.NotVoted = append(d.NotVoted, m.OrganizationName)
		}
	}
	if d.Open {
		if d.Voters, err = h.actingMemberships(ctx, members, account.ActForOrganization, true); err != nil {
			h.fail(w, r, err)
			return
		}
		if d.Speakers, err = h.actingMemberships(ctx, members, account.SpeakForOrganization, false); err != nil {
			h.fail(w, r, err)
			return
		}
		if d.CanClose, err = h.Accounts.Can(ctx, u, account.ManageGovernance, account.Initiative(d.Initiative.ID)); err != nil {
			h.fail(w, r, err)
			return
		}
		d.CanWithdraw = d.CanClose || (p.ProposedByUser != 0 && p.ProposedByUser == u.ID)
	}
	// A form the page does not show (a funder's admin posting a vote, say)
	// still gets its messages, above the page.
	shown := map[string]bool{"vote": len(d.Voters) > 0, "delegate": len(d.Voters) > 0, "comment": len(d.Speakers) > 0}
	if !shown[d.Form] && len(d.Errors) > 0 {
		var msgs []string
		for _, msg := range d.Errors {
			msgs = append(msgs, msg)
		}
		sort.Strings(msgs)
		d.Problem, d.Errors, d.Form = strings.Join(msgs, "; "), nil, "page"
	}
	h.render(w, r, status, "initiative_decisions_view", p.Title+" · "+d.Initiative.Name, "initiatives", d)
}

func (h *handler) decisionView(w http.ResponseWriter, r *http.Request) {
	in, p := h.initiativeDecision(w, r)
	if p == nil {
		return
	}
	h.renderDecision(w, r, http.StatusOK, decisionViewData{Initiative: in, Proposal: p})
}

// decisionAction runs one of the proposal page's forms: act checks the
// permission and calls one domain function. Bad input shows the page
// again with the messages next to the form's fields, a clash (such as a
// vote after the deadline) with the message above it; nothing is written
// either way.
func (h *handler) decisionAction(w http.ResponseWriter, r *http.Request, form string, act func(*initiative.Proposal, decisionInput) (string, error)) {
	in, p := h.initiativeDecision(w, r)
	if p == nil {
		return
	}
	typed := decisionInput{Org: r.PostFormValue("organization_id"), Choice: r.PostFormValue("choice"), Comment: r.PostFormValue("comment"),
		From: r.PostFormValue("from_organization_id"), To: r.PostFormValue("to_organization_id"), Body: r.PostFormValue("body")}
	msg, err := act(p, typed)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.renderDecision(w, r, http.StatusUnprocessableEntity, decisionViewData{Initiative: in, Proposal: p, Form: form, Errors: v.Fields, Input: typed})
		return
	case errors.As(err, &c):
		h.renderDecision(w, r, http.StatusConflict, decisionViewData{Initiative: in, Proposal: p, Form: form, Problem: c.Message, Input: typed})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", msg)
	to := fmt.Sprintf("/initiatives/%d/decisions/%d", in.ID, p.ID)
	if form == "close" || form == "withdraw" {
		to = fmt.Sprintf("/initiatives/%d/decisions/log", in.ID)
	}
	redirect(w, r, to)
}

// decisionAuthorize checks that the user may take action a for the organization.
func (h *handler) decisionAuthorize(r *http.Request, a account.Action, orgID string) error {
	if orgID == "" {
		return &errs.ValidationError{Fields: map[string]string{"organization_id": "is required: choose the organization you act for"}}
	}
	return h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), a, account.Org(orgID))
}

func (h *handler) decisionVote(w http.ResponseWriter, r *http.Request) {
	h.decisionAction(w, r, "vote", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if err := h.decisionAuthorize(r, account.ActForOrganization, in.Org); err != nil {
			return "", err
		}
		if err := h.Initiatives.Vote(r.Context(), httpx.Actor(r), p.ID, in.Org, in.Choice, in.Comment, h.now()); err != nil {
			return "", err
		}
		return "Your organization's vote was recorded. You can change it until voting closes.", nil
	})
}

func (h *handler) decisionDelegate(w http.ResponseWriter, r *http.Request) {
	h.decisionAction(w, r, "delegate", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if in.From == "" {
			return "", &errs.ValidationError{Fields: map[string]string{"from_organization_id": "is required: choose the organization you act for"}}
		}
		if err := h.decisionAuthorize(r, account.ActForOrganization, in.From); err != nil {
			return "", err
		}
		if err := h.Initiatives.Delegate(r.Context(), httpx.Actor(r), p.ID, in.From, in.To); err != nil {
			return "", err
		}
		return "Your organization's vote on this proposal was given to its delegate, whose vote now counts for you too.", nil
	})
}

func (h *handler) decisionComment(w http.ResponseWriter, r *http.Request) {
	h.decisionAction(w, r, "comment", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if err := h.decisionAuthorize(r, account.SpeakForOrganization, in.Org); err != nil {
			return "", err
		}
		if _, err := h.Initiatives.Comment(r.Context(), httpx.Actor(r), p.ID, in.Org, in.Body); err != nil {
			return "", err
		}
		return "Your comment was added.", nil
	})
}

func (h *handler) decisionClose(w http.ResponseWriter, r *http.Request) {
	h.decisionAction(w, r, "close", func(p *initiative.Proposal, _ decisionInput) (string, error) {
		if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ManageGovernance, account.Initiative(p.InitiativeID)); err != nil {
			return "", err
		}
		closed, err := h.Initiatives.Close(r.Context(), httpx.Actor(r), p.ID, h.now())
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Voting on %q is closed: %s.", closed.Title, outcomeWords(closed.Status)), nil
	})
}

func (h *handler) decisionWithdraw(w http.ResponseWriter, r *http.Request) {
	h.decisionAction(w, r, "withdraw", func(p *initiative.Proposal, _ decisionInput) (string, error) {
		u := httpx.User(r.Context())
		if p.ProposedByUser == 0 || p.ProposedByUser != u.ID {
			if err := h.Accounts.Authorize(r.Context(), u, account.ManageGovernance, account.Initiative(p.InitiativeID)); err != nil {
				return "", err
			}
		}
		if err := h.Initiatives.Withdraw(r.Context(), httpx.Actor(r), p.ID); err != nil {
			return "", err
		}
		return fmt.Sprintf("The proposal %q was withdrawn; it stays in the decision log.", p.Title), nil
	})
}

// outcomeWords turns a code such as no_quorum into words.
func outcomeWords(code string) string {
	switch code {
	case initiative.OutcomeNoQuorum:
		return "no quorum"
	}
	return code
}
