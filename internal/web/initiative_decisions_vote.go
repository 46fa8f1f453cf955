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
	MyVotes        []initiative.Vote    // the votes that count of those organizations
	Changed        bool                 // some organization changed its vote: show the history
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

func (h *handler) renderDecision(w http.ResponseWriter, r *http.Request, status int, d decisionViewData) error {
	p := d.Proposal
	members, err := h.Initiatives.Members(r.Context(), d.Initiative.ID)
	if err != nil {
		return err
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
	d.Changed = len(p.VoteHistory) > len(p.Votes)
	if d.Open {
		if err := h.decisionOffers(r, &d, members); err != nil {
			return err
		}
		d.preselect()
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
	return nil
}

// decisionOffers fills in what the page offers on an open proposal: the
// organizations the user may vote and comment for, closing, withdrawing.
func (h *handler) decisionOffers(r *http.Request, d *decisionViewData, members []initiative.Member) error {
	p, id := d.Proposal, d.Initiative.ID
	var err error
	if d.Voters, err = h.actingMemberships(r, id, members, account.CastVote, true); err != nil {
		return err
	}
	if d.Speakers, err = h.actingMemberships(r, id, members, account.CommentOnProposal, false); err != nil {
		return err
	}
	if d.CanClose, err = h.may(r, account.CloseProposal, account.Initiative(id)); err != nil {
		return err
	}
	proposer := account.OrgIn(p.ProposedBy, id)
	proposer.AuthorID = p.ProposedByUser
	d.CanWithdraw, err = h.may(r, account.WithdrawProposal, proposer)
	return err
}

// preselect finds the votes that count of the organizations the user votes
// for and, unless the form comes back with what was typed, ticks the
// current choice (and its comment) of the one the form votes for.
func (d *decisionViewData) preselect() {
	byOrg := map[string]initiative.Vote{}
	for _, v := range d.Proposal.Votes {
		byOrg[v.OrganizationID] = v
	}
	for _, m := range d.Voters {
		if v, ok := byOrg[m.OrganizationID]; ok {
			d.MyVotes = append(d.MyVotes, v)
		}
	}
	if d.Form == "vote" || len(d.Voters) == 0 {
		return
	}
	org := d.Input.Org
	if org == "" {
		org = d.Voters[0].OrganizationID
	}
	if v, ok := byOrg[org]; ok {
		d.Input.Org, d.Input.Choice, d.Input.Comment = org, v.Choice, v.Comment
	}
}

func (h *handler) decisionView(w http.ResponseWriter, r *http.Request) error {
	in, p, err := h.initiativeDecision(r)
	if err != nil {
		return err
	}
	return h.renderDecision(w, r, http.StatusOK, decisionViewData{Initiative: in, Proposal: p})
}

// decisionAction runs one of the proposal page's forms: act calls one
// domain function, which decides whether the user may. Bad input shows the
// page again with the messages next to the form's fields, a clash (such as
// a vote after the deadline) with the message above it; nothing is written
// either way.
func (h *handler) decisionAction(
	w http.ResponseWriter,
	r *http.Request,
	form string,
	act func(*initiative.Proposal, decisionInput) (string, error),
) error {
	in, p, err := h.initiativeDecision(r)
	if err != nil {
		return err
	}
	typed := decisionInput{
		Org:     r.PostFormValue("organization_id"),
		Choice:  r.PostFormValue("choice"),
		Comment: r.PostFormValue("comment"),
		From: r.PostFormValue(
			"from_organization_id",
		),
		To:   r.PostFormValue("to_organization_id"),
		Body: r.PostFormValue("body"),
	}
	msg, err := act(p, typed)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.renderDecision(
			w,
			r,
			http.StatusUnprocessableEntity,
			decisionViewData{Initiative: in, Proposal: p, Form: form, Errors: v.Fields, Input: typed},
		)
	case errors.As(err, &c):
		return h.renderDecision(
			w,
			r,
			http.StatusConflict,
			decisionViewData{Initiative: in, Proposal: p, Form: form, Problem: c.Message, Input: typed},
		)
	case err != nil:
		return err
	}
	h.setFlash(w, r, "success", msg)
	to := fmt.Sprintf("/initiatives/%d/decisions/%d", in.ID, p.ID)
	if form == "close" || form == "withdraw" {
		to = fmt.Sprintf("/initiatives/%d/decisions/log", in.ID)
	}
	redirect(w, r, to)
	return nil
}

func (h *handler) decisionVote(w http.ResponseWriter, r *http.Request) error {
	return h.decisionAction(w, r, "vote", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if err := h.Initiatives.Vote(r.Context(), httpx.Actor(r), p.InitiativeID, p.ID, in.Org, in.Choice, in.Comment); err != nil {
			return "", err
		}
		return "Your organization's vote was recorded. You can change it until voting closes.", nil
	})
}

func (h *handler) decisionDelegate(w http.ResponseWriter, r *http.Request) error {
	return h.decisionAction(w, r, "delegate", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if err := h.Initiatives.Delegate(r.Context(), httpx.Actor(r), p.InitiativeID, p.ID, in.From, in.To); err != nil {
			return "", err
		}
		return "Your organization's vote on this proposal was given to its delegate, whose vote now counts for you too.", nil
	})
}

func (h *handler) decisionComment(w http.ResponseWriter, r *http.Request) error {
	return h.decisionAction(w, r, "comment", func(p *initiative.Proposal, in decisionInput) (string, error) {
		if _, err := h.Initiatives.Comment(r.Context(), httpx.Actor(r), p.InitiativeID, p.ID, in.Org, in.Body); err != nil {
			return "", err
		}
		return "Your comment was added.", nil
	})
}

func (h *handler) decisionClose(w http.ResponseWriter, r *http.Request) error {
	return h.decisionAction(w, r, "close", func(p *initiative.Proposal, _ decisionInput) (string, error) {
		closed, err := h.Initiatives.Close(r.Context(), httpx.Actor(r), p.InitiativeID, p.ID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Voting on %s is closed: %s.", account.Quote(closed.Title), outcomeWords(closed.Status)), nil
	})
}

func (h *handler) decisionWithdraw(w http.ResponseWriter, r *http.Request) error {
	return h.decisionAction(w, r, "withdraw", func(p *initiative.Proposal, _ decisionInput) (string, error) {
		if err := h.Initiatives.Withdraw(r.Context(), httpx.Actor(r), p.InitiativeID, p.ID); err != nil {
			return "", err
		}
		return fmt.Sprintf("The proposal %s was withdrawn; it stays in the decision log.", account.Quote(p.Title)), nil
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
