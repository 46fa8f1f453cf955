package initiative

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"backbone/internal/errs"
)

// The decision rules an initiative can adopt in its governance framework.
// Each proposal keeps a snapshot of the rule it was proposed under, so a
// later change of governance does not change how an open vote is counted.
//
//   - RuleConsensus: the proposal passes when nobody blocks and at least the
//     quorum of voting members took part (agree, stand aside or block all
//     count as taking part).
//   - RuleConsent: the proposal passes when nobody raises a paramount
//     objection and at least the quorum took part.
//   - RuleMajority: the proposal passes when at least the quorum took part
//     (yes, no and abstain all count) and the yes share of yes + no reaches
//     the threshold. A tie never passes: half is not a majority.
//   - RuleLeadDecides: the lead organization's vote decides (yes passes, no
//     fails); the others' votes are advice. No quorum applies.
const (
	RuleConsensus   = "consensus"
	RuleConsent     = "consent"
	RuleMajority    = "majority"
	RuleLeadDecides = "lead_decides"
)

// DecisionRules lists the decision rules, in the order they are offered.
var DecisionRules = []string{RuleConsensus, RuleConsent, RuleMajority, RuleLeadDecides}

// The choices a voting member can make; which ones apply depends on the rule
// (see Choices).
const (
	ChoiceAgree      = "agree"       // consensus
	ChoiceStandAside = "stand_aside" // consensus: does not agree, will not stand in the way
	ChoiceBlock      = "block"       // consensus: stops the proposal
	ChoiceConsent    = "consent"     // consent
	ChoiceObject     = "object"      // consent: a paramount objection
	ChoiceYes        = "yes"         // majority, lead_decides
	ChoiceNo         = "no"          // majority, lead_decides
	ChoiceAbstain    = "abstain"     // majority, lead_decides: takes part without taking a side
)

// Outcomes of a proposal's vote.
const (
	OutcomePassed   = "passed"
	OutcomeFailed   = "failed"
	OutcomeNoQuorum = "no_quorum"
	OutcomePending  = "pending" // voting is still open and not everyone has voted
)

// Choices returns the choices a voting member has under a rule, or nil for
// an unknown rule.
func Choices(rule string) []string {
	switch rule {
	case RuleConsensus:
		return []string{ChoiceAgree, ChoiceStandAside, ChoiceBlock}
	case RuleConsent:
		return []string{ChoiceConsent, ChoiceObject}
	case RuleMajority, RuleLeadDecides:
		return []string{ChoiceYes, ChoiceNo, ChoiceAbstain}
	}
	return nil
}

// VotingRole reports whether members in this role vote on proposals: the
// backbone, core partners and supporting partners do; funders and community
// representatives take part in the discussion but do not vote.
func VotingRole(role string) bool {
	return role == "backbone" || role == "core_partner" || role == "supporting_partner"
}

// activeVoter reports whether a member votes now: in a voting role and active.
func activeVoter(m Member) bool { return m.Status == "active" && VotingRole(m.Role) }

// Rule is a decision rule with its parameters, as a proposal records it.
type Rule struct {
	Name               string `json:"name"`
	QuorumPercent      int    `json:"quorum_percent"`       // share of voting members who must take part; not used by lead_decides
	ThresholdPercent   int    `json:"threshold_percent"`    // majority only: the yes share of yes + no needed, 50 to 100
	LeadOrganizationID string `json:"lead_organization_id"` // lead_decides only
}

// Normalize checks the rule and clears the parameters its kind does not use.
func (r *Rule) Normalize() error {
	var v errs.ValidationError
	r.Name = strings.ToLower(strings.TrimSpace(r.Name))
	r.LeadOrganizationID = strings.TrimSpace(r.LeadOrganizationID)
	if !oneOf(r.Name, DecisionRules) {
		v.Add("rule", "must be one of "+strings.Join(DecisionRules, ", "))
		return v.OrNil()
	}
	if r.Name == RuleLeadDecides {
		r.QuorumPercent = 0
	} else if r.QuorumPercent < 0 || r.QuorumPercent > 100 {
		v.Add("quorum_percent", "must be between 0 and 100")
	}
	if r.Name == RuleMajority {
		if r.ThresholdPercent < 50 || r.ThresholdPercent > 100 {
			// Below half, a proposal and its opposite could both pass.
			v.Add("threshold_percent", "must be between 50 and 100")
		}
	} else {
		r.ThresholdPercent = 0
	}
	if r.Name == RuleLeadDecides {
		if r.LeadOrganizationID == "" {
			v.Add("lead_organization_id", "is required when the lead organization decides")
		}
	} else {
		r.LeadOrganizationID = ""
	}
	return v.OrNil()
}

// String describes the rule in plain words.
func (r Rule) String() string {
	switch r.Name {
	case RuleConsensus:
		return fmt.Sprintf("consensus (quorum %d%%)", r.QuorumPercent)
	case RuleConsent:
		return fmt.Sprintf("consent (quorum %d%%)", r.QuorumPercent)
	case RuleMajority:
		return fmt.Sprintf("majority of %d%% (quorum %d%%)", r.ThresholdPercent, r.QuorumPercent)
	case RuleLeadDecides:
		return "the lead organization decides"
	}
	return r.Name
}

// Outcome is the result of counting a proposal's votes.
type Outcome struct {
	Status       string         `json:"status"`        // passed, failed, no_quorum or pending
	Leaning      string         `json:"leaning"`       // what Status would be if voting closed now
	Eligible     int            `json:"eligible"`      // active voting member organizations
	Participated int            `json:"participated"`  // of those, how many took part (themselves or through a delegate)
	QuorumNeeded int            `json:"quorum_needed"` // how many must take part
	Counts       map[string]int `json:"counts"`        // choice → organizations
	Reasons      []string       `json:"reasons"`       // plain-language reasons, the main one first
}

// CheckDelegation tells whether organization from may give its vote on a
// proposal to organization to, given the delegations already made and the
// organizations that have voted. A delegate cannot delegate again and a
// delegator cannot receive a delegation, so there are no chains or cycles;
// both sides must be active voting members; an organization delegates once
// and only before it votes.
func CheckDelegation(members []Member, existing []Delegation, voted map[string]bool, from, to string) error {
	byID := map[string]Member{}
	for _, m := range members {
		byID[m.OrganizationID] = m
	}
	name := func(id string) string {
		if m, ok := byID[id]; ok && m.OrganizationName != "" {
			return m.OrganizationName
		}
		return id
	}
	if from == to {
		return &errs.ValidationError{Fields: map[string]string{"to_organization_id": "must be another organization: a member cannot delegate to itself"}}
	}
	if m, ok := byID[from]; !ok || !activeVoter(m) {
		return &errs.ValidationError{Fields: map[string]string{"from_organization_id": name(from) + " is not an active voting member, so it has no vote to give"}}
	}
	if m, ok := byID[to]; !ok || !activeVoter(m) {
		return &errs.ValidationError{Fields: map[string]string{"to_organization_id": name(to) + " is not an active voting member, so it cannot cast a vote for another"}}
	}
	if voted[from] {
		return decisionConflict("from_organization_id", name(from)+" has already voted; a vote can only be delegated before voting")
	}
	for _, d := range existing {
		switch {
		case d.FromOrganizationID == from:
			return decisionConflict("from_organization_id", fmt.Sprintf("%s has already given its vote to %s", name(from), name(d.ToOrganizationID)))
		case d.FromOrganizationID == to:
			return decisionConflict("to_organization_id", fmt.Sprintf("%s has given its own vote to %s, so it cannot receive another's (no chains of delegation)", name(to), name(d.ToOrganizationID)))
		case d.ToOrganizationID == from:
			return decisionConflict("from_organization_id", fmt.Sprintf("%s holds %s's vote, so it cannot pass votes on (no chains of delegation)", name(from), name(d.FromOrganizationID)))
		}
	}
	return nil
}

// Tally counts the votes on a proposal under its rule and says what the
// outcome is, with reasons. members are the initiative's members (only
// active ones in voting roles count); votes are the ballots cast, one per
// organization; a delegation from A to B makes B's vote count for A too
// (when A also voted, its own vote counts). Delegations that break the
// rules of CheckDelegation are ignored, with a reason. Before the deadline
// the status is pending unless every voting member has taken part.
func Tally(rule Rule, members []Member, votes []Vote, delegations []Delegation, deadlinePassed bool) Outcome {
	out := Outcome{Counts: map[string]int{}}
	voters := map[string]Member{}
	names := map[string]string{}
	for _, m := range members {
		names[m.OrganizationID] = m.OrganizationName
		if activeVoter(m) {
			voters[m.OrganizationID] = m
		}
	}
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	var notes []string
	choice := map[string]string{} // organization → the choice that counts for it
	allowed := Choices(rule.Name)
	for _, v := range votes {
		switch {
		case voters[v.OrganizationID].OrganizationID == "":
			notes = append(notes, fmt.Sprintf("%s's vote was not counted: it is not an active voting member", name(v.OrganizationID)))
		case !oneOf(v.Choice, allowed):
			notes = append(notes, fmt.Sprintf("%s's vote %q was not counted: it is not a choice under %s", name(v.OrganizationID), v.Choice, rule.Name))
		default:
			choice[v.OrganizationID] = v.Choice
		}
	}
	// Delegations are checked in the order they were made, as they would
	// have been when made, so a bad one cannot spoil the good ones before it.
	var accepted []Delegation
	for _, d := range delegations {
		if err := CheckDelegation(members, accepted, nil, d.FromOrganizationID, d.ToOrganizationID); err != nil {
			notes = append(notes, fmt.Sprintf("the delegation from %s to %s was ignored: %s", name(d.FromOrganizationID), name(d.ToOrganizationID), fieldMessage(err)))
			continue
		}
		accepted = append(accepted, d)
		if _, own := choice[d.FromOrganizationID]; own {
			continue
		}
		if c, ok := choice[d.ToOrganizationID]; ok {
			choice[d.FromOrganizationID] = c
			notes = append(notes, fmt.Sprintf("%s's vote (%s) was cast for %s too, as its delegate", name(d.ToOrganizationID), choiceLabel(c), name(d.FromOrganizationID)))
		}
	}
	out.Eligible = len(voters)
	for id := range voters {
		if c, ok := choice[id]; ok {
			out.Counts[c]++
			out.Participated++
		}
	}
	if rule.Name != RuleLeadDecides {
		out.QuorumNeeded = (out.Eligible*rule.QuorumPercent + 99) / 100
		if out.QuorumNeeded < 1 {
			out.QuorumNeeded = 1 // nobody taking part is never a decision
		}
	}
	var main string
	out.Leaning, main = applyRule(rule, out, choice, voters, name)
	out.Status = out.Leaning
	allIn := out.Eligible > 0 && out.Participated == out.Eligible
	if !deadlinePassed && !allIn {
		out.Status = OutcomePending
		main = "voting is open; so far " + main
	}
	out.Reasons = append([]string{main}, notes...)
	return out
}

// applyRule applies the rule to the counts and returns the status with the
// main reason.
func applyRule(rule Rule, t Outcome, choice map[string]string, voters map[string]Member, name func(string) string) (string, string) {
	took := fmt.Sprintf("%d of %d voting members took part", t.Participated, t.Eligible)
	if rule.Name != RuleLeadDecides {
		took += fmt.Sprintf(" (quorum %d%%: %d needed)", rule.QuorumPercent, t.QuorumNeeded)
	}
	quorate := t.Participated >= t.QuorumNeeded
	who := func(c string) string {
		var ids []string
		for id := range voters {
			if choice[id] == c {
				ids = append(ids, name(id))
			}
		}
		sort.Strings(ids)
		return namesAnd(ids)
	}
	switch rule.Name {
	case RuleConsensus:
		counts := fmt.Sprintf("%d agree, %d stand aside, %d block", t.Counts[ChoiceAgree], t.Counts[ChoiceStandAside], t.Counts[ChoiceBlock])
		switch {
		case t.Counts[ChoiceBlock] > 0:
			return OutcomeFailed, fmt.Sprintf("%s; %s: blocked by %s", took, counts, who(ChoiceBlock))
		case !quorate:
			return OutcomeNoQuorum, fmt.Sprintf("%s; %s: no quorum", took, counts)
		case t.Counts[ChoiceAgree] == 0:
			return OutcomeFailed, fmt.Sprintf("%s; %s: everyone who took part stood aside, so nobody agreed", took, counts)
		}
		return OutcomePassed, fmt.Sprintf("%s; %s: passed by consensus, nobody blocked", took, counts)
	case RuleConsent:
		counts := fmt.Sprintf("%d consent, %d object", t.Counts[ChoiceConsent], t.Counts[ChoiceObject])
		switch {
		case t.Counts[ChoiceObject] > 0:
			return OutcomeFailed, fmt.Sprintf("%s; %s: objection from %s", took, counts, who(ChoiceObject))
		case !quorate:
			return OutcomeNoQuorum, fmt.Sprintf("%s; %s: no quorum", took, counts)
		}
		return OutcomePassed, fmt.Sprintf("%s; %s: passed by consent, nobody objected", took, counts)
	case RuleMajority:
		yes, no := t.Counts[ChoiceYes], t.Counts[ChoiceNo]
		counts := fmt.Sprintf("%d yes, %d no", yes, no)
		if n := t.Counts[ChoiceAbstain]; n > 0 {
			counts += fmt.Sprintf(", %d abstain", n)
		}
		switch {
		case !quorate:
			return OutcomeNoQuorum, fmt.Sprintf("%s; %s: no quorum", took, counts)
		case yes+no == 0:
			return OutcomeFailed, fmt.Sprintf("%s; %s: everyone abstained, so nobody voted yes", took, counts)
		case yes == no:
			return OutcomeFailed, fmt.Sprintf("%s; %s: failed on a tie (half is not a majority)", took, counts)
		}
		share := sharePercent(yes, yes+no, rule.ThresholdPercent)
		if yes*100 >= rule.ThresholdPercent*(yes+no) {
			return OutcomePassed, fmt.Sprintf("%s; %s: passed with %s yes (threshold %d%%)", took, counts, share, rule.ThresholdPercent)
		}
		return OutcomeFailed, fmt.Sprintf("%s; %s: failed with %s yes (threshold %d%%)", took, counts, share, rule.ThresholdPercent)
	case RuleLeadDecides:
		lead := rule.LeadOrganizationID
		if _, ok := voters[lead]; !ok {
			return OutcomeNoQuorum, fmt.Sprintf("%s; the lead organization %s is not an active voting member, so nobody could decide", took, name(lead))
		}
		switch choice[lead] {
		case ChoiceYes:
			return OutcomePassed, fmt.Sprintf("%s; %s, the lead organization, decided yes", took, name(lead))
		case ChoiceNo:
			return OutcomeFailed, fmt.Sprintf("%s; %s, the lead organization, decided no", took, name(lead))
		case ChoiceAbstain:
			return OutcomeNoQuorum, fmt.Sprintf("%s; %s, the lead organization, abstained, so nothing was decided", took, name(lead))
		}
		return OutcomeNoQuorum, fmt.Sprintf("%s; %s, the lead organization, has not voted", took, name(lead))
	}
	return OutcomeNoQuorum, fmt.Sprintf("unknown decision rule %q: nothing can be decided", rule.Name)
}

// sharePercent formats num/den as a whole percentage, unless rounding would put
// it on the wrong side of the threshold (49.6% shown as 50% failing a 50%
// threshold), when it keeps one decimal.
func sharePercent(num, den, threshold int) string {
	whole := (num*200 + den) / (den * 2) // rounded half up
	exactAbove := num*100 >= threshold*den
	if (whole >= threshold) != exactAbove {
		return fmt.Sprintf("%.1f%%", float64(num)*100/float64(den))
	}
	return fmt.Sprintf("%d%%", whole)
}

// choiceLabel is a choice in words.
func choiceLabel(choice string) string { return strings.ReplaceAll(choice, "_", " ") }

// namesAnd lists names as "A", "A and B", or "A, B and C".
func namesAnd(names []string) string {
	switch len(names) {
	case 0:
		return "nobody"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func decisionConflict(field, msg string) error {
	return &errs.ConflictError{Field: field, Message: msg}
}

// fieldMessage is an error's message without the field names around it.
func fieldMessage(err error) string {
	var v *errs.ValidationError
	if errors.As(err, &v) {
		for _, msg := range v.Fields {
			return msg
		}
	}
	return err.Error()
}
