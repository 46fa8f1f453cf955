package initiative_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/initiative"
)

// nine voting members (a to i), a funder, a community representative and an
// invited partner, named so reasons read plainly.
var ruleMembers = func() []initiative.Member {
	ms := []initiative.Member{
		{OrganizationID: "a", OrganizationName: "Samaritan House", Role: "backbone", Status: "active"},
		{OrganizationID: "fund", OrganizationName: "Community Fund", Role: "funder", Status: "active"},
		{OrganizationID: "resident", OrganizationName: "Residents' Council", Role: "community", Status: "active"},
		{OrganizationID: "late", OrganizationName: "Late Partner", Role: "core_partner", Status: "invited"},
	}
	for _, id := range "bcdefghi" {
		ms = append(ms, initiative.Member{OrganizationID: string(id), OrganizationName: "Partner " + strings.ToUpper(string(id)), Role: "core_partner", Status: "active"})
	}
	return ms
}()

// ballots turns "a:yes b:no" into votes.
func ballots(s string) []initiative.Vote {
	var out []initiative.Vote
	for _, f := range strings.Fields(s) {
		org, choice, _ := strings.Cut(f, ":")
		out = append(out, initiative.Vote{OrganizationID: org, Choice: choice})
	}
	return out
}

// delegations turns "a>b c>d" into delegations.
func delegations(s string) []initiative.Delegation {
	var out []initiative.Delegation
	for _, f := range strings.Fields(s) {
		from, to, _ := strings.Cut(f, ">")
		out = append(out, initiative.Delegation{FromOrganizationID: from, ToOrganizationID: to})
	}
	return out
}

func TestTally(t *testing.T) {
	majority := initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 60, ThresholdPercent: 50}
	twoThirds := initiative.Rule{Name: initiative.RuleMajority, QuorumPercent: 50, ThresholdPercent: 67}
	consensus := initiative.Rule{Name: initiative.RuleConsensus, QuorumPercent: 50}
	consent := initiative.Rule{Name: initiative.RuleConsent, QuorumPercent: 30}
	lead := initiative.Rule{Name: initiative.RuleLeadDecides, LeadOrganizationID: "a"}
	tests := []struct {
		name         string
		rule         initiative.Rule
		votes, dels  string
		open         bool // the deadline has not passed
		status       string
		participated int
		counts       map[string]int
		reason       string   // the main reason, exactly, when set
		contains     []string // text the reasons must hold
	}{
		{name: "majority passes", rule: majority, votes: "a:yes b:yes c:yes d:yes e:yes f:no g:no",
			status: "passed", participated: 7, counts: map[string]int{"yes": 5, "no": 2},
			reason: "7 of 9 voting members took part (quorum 60%: 6 needed); 5 yes, 2 no: passed with 71% yes (threshold 50%)"},
		{name: "majority fails", rule: majority, votes: "a:yes b:yes c:no d:no e:no f:abstain",
			status: "failed", participated: 6, contains: []string{"2 yes, 3 no, 1 abstain: failed with 40% yes (threshold 50%)"}},
		{name: "majority without quorum", rule: majority, votes: "a:yes b:yes c:yes d:yes e:yes",
			status: "no_quorum", participated: 5, reason: "5 of 9 voting members took part (quorum 60%: 6 needed); 5 yes, 0 no: no quorum"},
		{name: "abstentions count toward quorum", rule: majority, votes: "a:yes b:abstain c:abstain d:abstain e:abstain f:abstain",
			status: "passed", participated: 6, contains: []string{"1 yes, 0 no, 5 abstain: passed with 100% yes"}},
		{name: "everyone abstains", rule: majority, votes: "a:abstain b:abstain c:abstain d:abstain e:abstain f:abstain",
			status: "failed", contains: []string{"everyone abstained"}},
		{name: "a tie fails at 50%", rule: majority, votes: "a:yes b:yes c:yes d:no e:no f:no",
			status: "failed", contains: []string{"3 yes, 3 no: failed on a tie"}},
		{name: "two thirds just missed shows a decimal", rule: twoThirds, votes: "a:yes b:yes c:no d:yes e:yes f:no",
			status: "failed", contains: []string{"failed with 66.7% yes (threshold 67%)"}},
		{name: "two thirds reached", rule: twoThirds, votes: "a:yes b:yes c:no d:yes e:yes f:yes",
			status: "passed", contains: []string{"passed with 83% yes (threshold 67%)"}},
		{name: "consensus passes with a stand aside", rule: consensus, votes: "a:agree b:agree c:agree d:agree e:stand_aside",
			status: "passed", participated: 5, counts: map[string]int{"agree": 4, "stand_aside": 1},
			reason: "5 of 9 voting members took part (quorum 50%: 5 needed); 4 agree, 1 stand aside, 0 block: passed by consensus, nobody blocked"},
		{name: "consensus blocked", rule: consensus, votes: "a:block b:agree c:agree d:agree e:agree f:agree",
			status: "failed", contains: []string{"blocked by Samaritan House"}},
		{name: "consensus blocked by two", rule: consensus, votes: "a:block b:block",
			status: "failed", contains: []string{"blocked by Partner B and Samaritan House"}},
		{name: "consensus without quorum", rule: consensus, votes: "a:agree b:agree",
			status: "no_quorum", contains: []string{"2 of 9 voting members took part (quorum 50%: 5 needed)"}},
		{name: "consensus all stand aside", rule: consensus, votes: "a:stand_aside b:stand_aside c:stand_aside d:stand_aside e:stand_aside",
			status: "failed", contains: []string{"nobody agreed"}},
		{name: "consent passes", rule: consent, votes: "a:consent b:consent c:consent",
			status: "passed", contains: []string{"3 consent, 0 object: passed by consent"}},
		{name: "consent objection", rule: consent, votes: "a:consent b:consent c:object",
			status: "failed", contains: []string{"objection from Partner C"}},
		{name: "consent needs somebody", rule: initiative.Rule{Name: initiative.RuleConsent},
			status: "no_quorum", contains: []string{"0 of 9 voting members took part (quorum 0%: 1 needed)"}},
		{name: "lead decides yes", rule: lead, votes: "a:yes b:no c:no",
			status: "passed", participated: 3, reason: "3 of 9 voting members took part; Samaritan House, the lead organization, decided yes"},
		{name: "lead decides no", rule: lead, votes: "a:no b:yes", status: "failed"},
		{name: "lead abstains", rule: lead, votes: "a:abstain b:yes", status: "no_quorum", contains: []string{"abstained"}},
		{name: "lead silent", rule: lead, votes: "b:yes c:yes", status: "no_quorum", contains: []string{"has not voted"}},
		{name: "lead not a voting member", rule: initiative.Rule{Name: initiative.RuleLeadDecides, LeadOrganizationID: "fund"},
			votes: "fund:yes a:yes", status: "no_quorum", contains: []string{"Community Fund is not an active voting member", "Community Fund's vote was not counted"}},
		{name: "lead delegates", rule: lead, votes: "b:yes", dels: "a>b", status: "passed",
			contains: []string{"Partner B's vote (yes) was cast for Samaritan House too"}},
		{name: "pending while open", rule: majority, votes: "a:yes b:yes c:yes d:yes e:yes f:yes", open: true,
			status: "pending", contains: []string{"voting is open; so far 6 of 9"}},
		{name: "everyone voted before the deadline", rule: majority, votes: "a:yes b:yes c:yes d:yes e:yes f:yes g:no h:no i:no", open: true,
			status: "passed", participated: 9},
		{name: "delegate casts both", rule: majority, votes: "a:yes b:yes c:yes d:yes e:no", dels: "f>a",
			status: "passed", participated: 6, counts: map[string]int{"yes": 5, "no": 1}},
		{name: "delegator's own vote counts", rule: majority, votes: "a:yes b:yes c:yes d:yes e:no f:no", dels: "f>a",
			status: "passed", participated: 6, counts: map[string]int{"yes": 4, "no": 2}},
		{name: "delegate who did not vote", rule: majority, votes: "a:yes b:yes c:yes d:yes e:no", dels: "f>g",
			status: "no_quorum", participated: 5},
		{name: "chain refused", rule: majority, votes: "c:yes d:yes e:yes f:yes g:yes", dels: "a>b b>c",
			status: "no_quorum", participated: 5,
			contains: []string{"the delegation from Partner B to Partner C was ignored: Partner B holds Samaritan House's vote, so it cannot pass votes on"}},
		{name: "chain refused the other way round", rule: majority, votes: "c:yes d:yes e:yes f:yes g:yes", dels: "b>c a>b",
			status: "passed", participated: 6, contains: []string{"the delegation from Samaritan House to Partner B was ignored"}},
		{name: "cycle refused", rule: majority, votes: "b:yes c:yes d:yes e:yes f:yes", dels: "a>b b>a",
			status: "passed", participated: 6, contains: []string{"the delegation from Partner B to Samaritan House was ignored"}},
		{name: "delegate who is not a voting member", rule: majority, votes: "fund:yes b:yes c:yes d:yes e:yes f:yes", dels: "a>fund",
			status: "no_quorum", participated: 5,
			contains: []string{"the delegation from Samaritan House to Community Fund was ignored: Community Fund is not an active voting member"}},
		{name: "non-voting and invited members are not counted", rule: majority, votes: "fund:yes resident:no late:yes a:yes b:yes c:yes d:yes e:yes f:yes",
			status: "passed", participated: 6, counts: map[string]int{"yes": 6},
			contains: []string{"Residents' Council's vote was not counted", "Late Partner's vote was not counted"}},
		{name: "a choice from another rule is not counted", rule: consensus, votes: "a:yes b:agree c:agree d:agree e:agree f:agree",
			status: "passed", participated: 5, contains: []string{`Samaritan House's vote "yes" was not counted`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := initiative.Tally(tt.rule, ruleMembers, ballots(tt.votes), delegations(tt.dels), !tt.open)
			all := strings.Join(got.Reasons, " | ")
			if got.Status != tt.status {
				t.Fatalf("status %s, want %s: %s", got.Status, tt.status, all)
			}
			if got.Eligible != 9 {
				t.Errorf("eligible %d, want 9", got.Eligible)
			}
			if tt.participated != 0 && got.Participated != tt.participated {
				t.Errorf("participated %d, want %d: %s", got.Participated, tt.participated, all)
			}
			if tt.counts != nil && !reflect.DeepEqual(got.Counts, tt.counts) {
				t.Errorf("counts %v, want %v", got.Counts, tt.counts)
			}
			if tt.reason != "" && got.Reasons[0] != tt.reason {
				t.Errorf("reason\n got %q\nwant %q", got.Reasons[0], tt.reason)
			}
			for _, s := range tt.contains {
				if !strings.Contains(all, s) {
					t.Errorf("reasons %q do not say %q", all, s)
				}
			}
			if got.Status != initiative.OutcomePending && got.Leaning != got.Status {
				t.Errorf("leaning %s differs from final status %s", got.Leaning, got.Status)
			}
		})
	}
}

func TestCheckDelegation(t *testing.T) {
	tests := []struct {
		name      string
		existing  string
		voted     string
		from, to  string
		field     string // the field the refusal is about; "" when allowed
		conflict  bool   // a ConflictError rather than a ValidationError
		mentioned string
	}{
		{name: "allowed", from: "a", to: "b"},
		{name: "allowed beside another", existing: "c>d", from: "a", to: "b"},
		{name: "two give to the same delegate", existing: "c>b", from: "a", to: "b"},
		{name: "to itself", from: "a", to: "a", field: "to_organization_id"},
		{name: "from a funder", from: "fund", to: "a", field: "from_organization_id", mentioned: "Community Fund is not an active voting member"},
		{name: "to a community member", from: "a", to: "resident", field: "to_organization_id"},
		{name: "to an invited member", from: "a", to: "late", field: "to_organization_id"},
		{name: "to a stranger", from: "a", to: "zzz", field: "to_organization_id", mentioned: "zzz"},
		{name: "after voting", voted: "a", from: "a", to: "b", field: "from_organization_id", conflict: true, mentioned: "already voted"},
		{name: "twice", existing: "a>c", from: "a", to: "b", field: "from_organization_id", conflict: true, mentioned: "already given its vote to Partner C"},
		{name: "to a delegator", existing: "b>c", from: "a", to: "b", field: "to_organization_id", conflict: true, mentioned: "no chains"},
		{name: "by a delegate", existing: "c>a", from: "a", to: "b", field: "from_organization_id", conflict: true, mentioned: "no chains"},
		{name: "back again", existing: "b>a", from: "a", to: "b", field: "to_organization_id", conflict: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			voted := map[string]bool{}
			for _, id := range strings.Fields(tt.voted) {
				voted[id] = true
			}
			err := initiative.CheckDelegation(ruleMembers, delegations(tt.existing), voted, tt.from, tt.to)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var v *errs.ValidationError
			var c *errs.ConflictError
			switch {
			case tt.conflict && errors.As(err, &c):
				if c.Field != tt.field {
					t.Errorf("conflict on %s, want %s: %v", c.Field, tt.field, err)
				}
			case !tt.conflict && errors.As(err, &v):
				if v.Fields[tt.field] == "" {
					t.Errorf("no message for %s: %v", tt.field, err)
				}
			default:
				t.Fatalf("got %T %v, want a refusal about %s (conflict %v)", err, err, tt.field, tt.conflict)
			}
			if !strings.Contains(err.Error(), tt.mentioned) {
				t.Errorf("%q does not mention %q", err, tt.mentioned)
			}
		})
	}
}

func TestRuleNormalize(t *testing.T) {
	tests := []struct {
		in     initiative.Rule
		want   initiative.Rule
		fields []string
	}{
		{initiative.Rule{Name: " Majority ", QuorumPercent: 50, ThresholdPercent: 60, LeadOrganizationID: "x"},
			initiative.Rule{Name: "majority", QuorumPercent: 50, ThresholdPercent: 60}, nil},
		{initiative.Rule{Name: "consensus", QuorumPercent: 75, ThresholdPercent: 60},
			initiative.Rule{Name: "consensus", QuorumPercent: 75}, nil},
		{initiative.Rule{Name: "lead_decides", QuorumPercent: 50, LeadOrganizationID: " a "},
			initiative.Rule{Name: "lead_decides", LeadOrganizationID: "a"}, nil},
		{initiative.Rule{Name: "vibes"}, initiative.Rule{}, []string{"rule"}},
		{initiative.Rule{Name: "majority", QuorumPercent: 120, ThresholdPercent: 40}, initiative.Rule{}, []string{"quorum_percent", "threshold_percent"}},
		{initiative.Rule{Name: "consent", QuorumPercent: -1}, initiative.Rule{}, []string{"quorum_percent"}},
		{initiative.Rule{Name: "lead_decides"}, initiative.Rule{}, []string{"lead_organization_id"}},
	}
	for _, tt := range tests {
		r := tt.in
		err := r.Normalize()
		if tt.fields == nil {
			if err != nil || r != tt.want {
				t.Errorf("Normalize(%+v) = %+v, %v; want %+v", tt.in, r, err, tt.want)
			}
			continue
		}
		var v *errs.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != len(tt.fields) {
			t.Errorf("Normalize(%+v) = %v, want messages for %v", tt.in, err, tt.fields)
			continue
		}
		for _, f := range tt.fields {
			if v.Fields[f] == "" {
				t.Errorf("Normalize(%+v): no message for %s", tt.in, f)
			}
		}
	}
}

func TestChoicesAndVotingRoles(t *testing.T) {
	for _, r := range initiative.DecisionRules {
		if len(initiative.Choices(r)) < 2 {
			t.Errorf("rule %s offers %v", r, initiative.Choices(r))
		}
	}
	if initiative.Choices("vibes") != nil {
		t.Error("an unknown rule offers choices")
	}
	for role, want := range map[string]bool{"backbone": true, "core_partner": true, "supporting_partner": true, "funder": false, "community": false, "": false} {
		if initiative.VotingRole(role) != want {
			t.Errorf("VotingRole(%q) = %v", role, !want)
		}
	}
}
