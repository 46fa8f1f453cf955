package web

import (
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
	CanManage  bool // may write the governance framework
}

// actingMemberships returns the user's own organizations that are active
// members of the initiative (voting ones only, when voting is set) and for
// which the user may take action a. Platform admins act through their own
// organizations too: a vote is always an organization's.
func (h *handler) actingMemberships(
	r *http.Request,
	initiativeID int64,
	members []initiative.Member,
	a account.Action,
	voting bool,
) ([]account.Membership, error) {
	mine, err := h.Accounts.MembershipsOf(r.Context(), httpx.User(r.Context()).ID)
	if err != nil {
		return nil, err
	}
	var out []account.Membership
	for _, ms := range mine {
		for _, m := range members {
			if m.OrganizationID != ms.OrganizationID || m.Status != "active" ||
				(voting && !initiative.VotingRole(m.Role)) {
				continue
			}
			ok, err := h.may(r, a, account.OrgIn(ms.OrganizationID, initiativeID))
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

func (h *handler) renderDecisionList(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	in *initiative.Initiative,
	d decisionListData,
) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	d.Initiative = in
	var err error
	if d.Governance, err = h.currentGovernance(r, in.ID); err != nil {
		return err
	}
	if d.Governance != nil {
		d.RuleText = ruleWords(d.Governance.Rule(), d.Governance.LeadOrganizationName)
	}
	all, err := h.Initiatives.Proposals(ctx, actor, in.ID)
	if err != nil {
		return err
	}
	for _, p := range all {
		if p.Status != initiative.ProposalOpen {
			d.Closed++
			continue
		}
		full, err := h.Initiatives.Proposal(ctx, actor, in.ID, p.ID)
		if err != nil {
			return err
		}
		row := decisionRow{Proposal: full}
		if full.Outcome != nil {
			row.Voted, row.Eligible = full.Outcome.Participated, full.Outcome.Eligible
		}
		d.Open = append(d.Open, row)
	}
	members, err := h.Initiatives.Members(ctx, in.ID)
	if err != nil {
		return err
	}
	if d.Proposers, err = h.actingMemberships(r, in.ID, members, account.ProposeDecision, false); err != nil {
		return err
	}
	if d.CanManage, err = h.may(r, account.SaveGovernance, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.Form.Deadline == "" {
		d.Form.Deadline = h.now().AddDate(0, 0, 14).Format(time.DateOnly)
	}
	h.render(w, r, status, "initiative_decisions", "Decisions · "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) decisionList(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.renderDecisionList(w, r, http.StatusOK, in, decisionListData{})
}

// decisionDeadline is the end of the chosen day in loc, the initiative's
// time zone: voting stays open through the whole day the proposer picked,
// where the partners are.
func decisionDeadline(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, errors.New("must be a date, like 2025-03-31")
	}
	return d.AddDate(0, 0, 1).Add(-time.Second), nil
}

// decisionPropose puts a proposal to the members under the current
// governance rule; the proposer speaks for its organization.
func (h *handler) decisionPropose(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	f := decisionFormData{
		Title:      r.PostFormValue("title"),
		Body:       r.PostFormValue("body"),
		ProposedBy: r.PostFormValue("proposed_by"),
		Deadline:   r.PostFormValue("deadline"),
	}
	// A date that cannot be read goes on as no date, which Propose refuses
	// along with anything else that is wrong; the message then says why.
	loc := h.pageZone(r)
	deadline, derr := decisionDeadline(f.Deadline, loc)
	p, err := h.Initiatives.Propose(r.Context(), httpx.Actor(r), in.ID, initiative.ProposalInput{
		Title: f.Title, Body: f.Body, ProposedBy: f.ProposedBy, Deadline: deadline})
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &c) && c.Field == "decision_rule":
		h.renderError(
			w,
			r,
			http.StatusConflict,
			"No decision rule yet",
			"Proposals are counted under the initiative's decision rule, and no governance framework has been agreed yet. Backbone staff can write it on the Governance page.",
		)
		return nil
	case errors.As(err, &v):
		if derr != nil {
			v.Fields["deadline"] = derr.Error()
		}
		return h.renderDecisionList(
			w,
			r,
			http.StatusUnprocessableEntity,
			in,
			decisionListData{Form: f, Errors: v.Fields},
		)
	case err != nil:
		return err
	}
	h.setFlash(
		w,
		r,
		"success",
		fmt.Sprintf("Your proposal %s is open for votes until %s.", account.Quote(p.Title), p.Deadline.In(loc).Format(timeLayout)),
	)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/decisions/%d", in.ID, p.ID))
	return nil
}

// initiativeDecision reads the initiative and the proposal of the path, for
// someone who may see them; a proposal of another initiative is not found.
func (h *handler) initiativeDecision(r *http.Request) (*initiative.Initiative, *initiative.Proposal, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "proposal")
	if err != nil {
		return nil, nil, err
	}
	p, err := h.Initiatives.Proposal(r.Context(), httpx.Actor(r), in.ID, id)
	return in, p, err
}
