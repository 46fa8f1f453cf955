package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// choiceHelp says what each choice means, for the voting form.
var choiceHelp = map[string]string{
	initiative.ChoiceAgree:      "we support it",
	initiative.ChoiceStandAside: "we do not agree, but will not stand in the way",
	initiative.ChoiceBlock:      "we cannot accept it; it stops the proposal",
	initiative.ChoiceConsent:    "we can live with it",
	initiative.ChoiceObject:     "we have a serious objection; it stops the proposal",
	initiative.ChoiceYes:        "for",
	initiative.ChoiceNo:         "against",
	initiative.ChoiceAbstain:    "we take part without taking a side (counts for the quorum)",
}

// choiceOption is one choice of a rule, with its meaning.
type choiceOption struct{ Value, Help string }

func choiceOptions(rule string) []choiceOption {
	var out []choiceOption
	for _, c := range initiative.Choices(rule) {
		out = append(out, choiceOption{c, choiceHelp[c]})
	}
	return out
}

// decisionRow is an open proposal as the list shows it, with the count so far.
type decisionRow struct {
	*initiative.Proposal
	Voted, Eligible int
}

type decisionFormData struct {
	Title, Body, ProposedBy, Deadline string
}

type decisionListData struct {
	Initiative *initiative.Initiative
	Governance *initiative.Governance
	RuleText   string
	Open       []decisionRow
	Closed     int
	Proposers  []account.Membership
	Form       decisionFormData
	Errors     map[string]string
	CanManage  bool
	LogPublic  bool
}

// actingMemberships returns the user's own organizations that are active members
// of the initiative (voting ones only, when voting is set) and for which
// the user may take action a. Platform admins act through their own
// organizations too: a vote is always an organization's.
func (h *handler) actingMemberships(ctx context.Context, members []initiative.Member, a account.Action, voting bool) ([]account.Membership, error) {
	u := httpx.User(ctx)
	mine, err := h.Accounts.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []account.Membership
	for _, ms := range mine {
		for _, m := range members {
			if m.OrganizationID != ms.OrganizationID || m.Status != "active" || (voting && !initiative.VotingRole(m.Role)) {
				continue
			}
			ok, err := h.Accounts.Can(ctx, u, a, account.Org(ms.OrganizationID))
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, ms)
			}
		}
	}
	return out, nil
}

func (h *handler) renderDecisionList(w http.ResponseWriter, r *http.Request, status int, in *initiative.Initiative, d decisionListData) {
	ctx := r.Context()
	d.Initiative = in
	var err error
	if d.Governance, err = h.currentGovernance(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Governance != nil {
		d.RuleText = ruleWords(d.Governance.Rule(), d.Governance.LeadOrganizationName)
	}
	all, err := h.Initiatives.Proposals(ctx, in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range all {
		if p.Status != initiative.ProposalOpen {
			d.Closed++
			continue
		}
		full, err := h.Initiatives.Proposal(ctx, p.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		row := decisionRow{Proposal: full}
		if full.Outcome != nil {
			row.Voted, row.Eligible = full.Outcome.Participated, full.Outcome.Eligible
		}
		d.Open = append(d.Open, row)
	}
	members, err := h.Initiatives.Members(ctx, in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Proposers, err = h.actingMemberships(ctx, members, account.SpeakForOrganization, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanManage, err = h.Accounts.Can(ctx, httpx.User(ctx), account.ManageGovernance, account.Initiative(in.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.LogPublic, err = h.Initiatives.DecisionLogPublic(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Form.Deadline == "" {
		d.Form.Deadline = h.now().AddDate(0, 0, 14).Format(time.DateOnly)
	}
	h.render(w, r, status, "initiative_decisions", "Decisions · "+in.Name, "initiatives", d)
}

func (h *handler) decisionList(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	h.renderDecisionList(w, r, http.StatusOK, in, decisionListData{})
}

// decisionDeadline is the end of the chosen day, in UTC: voting stays open
// through the whole day the proposer picked.
func decisionDeadline(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errors.New("must be a date, like 2025-03-31")
	}
	return d.Add(24*time.Hour - time.Second), nil
}

// decisionPropose puts a proposal to the members under the current
// governance rule; the proposer speaks for its organization.
func (h *handler) decisionPropose(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	f := decisionFormData{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), ProposedBy: r.PostFormValue("proposed_by"), Deadline: r.PostFormValue("deadline")}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.SpeakForOrganization, account.Org(f.ProposedBy)); err != nil {
		h.fail(w, r, err)
		return
	}
	g, err := h.currentGovernance(r.Context(), in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if g == nil {
		h.renderError(w, r, http.StatusConflict, "No decision rule yet",
			"Proposals are counted under the initiative's decision rule, and no governance framework has been agreed yet. Backbone staff can write it on the Governance page.")
		return
	}
	// A date that cannot be read goes on as no date, which Propose refuses
	// along with anything else that is wrong; the message then says why.
	deadline, derr := decisionDeadline(f.Deadline)
	p, err := h.Initiatives.Propose(r.Context(), httpx.Actor(r), in.ID, initiative.ProposalInput{
		Title: f.Title, Body: f.Body, ProposedBy: f.ProposedBy, Rule: g.Rule(), Deadline: deadline})
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		if derr != nil {
			v.Fields["deadline"] = derr.Error()
		}
		h.renderDecisionList(w, r, http.StatusUnprocessableEntity, in, decisionListData{Form: f, Errors: v.Fields})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Your proposal %q is open for votes until %s.", p.Title, p.Deadline.UTC().Format("2 Jan 2006")))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/decisions/%d", in.ID, p.ID))
}

// initiativeDecision loads the proposal in the path when it belongs to the
// initiative in the path, which the user may view.
func (h *handler) initiativeDecision(w http.ResponseWriter, r *http.Request) (*initiative.Initiative, *initiative.Proposal) {
	return inInitiative(h, w, r, "proposal", h.Initiatives.Proposal, func(p *initiative.Proposal) int64 { return p.InitiativeID })
}
