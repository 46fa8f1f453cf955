package initiative_test

import (
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func validGovernance() initiative.GovernanceInput {
	return initiative.GovernanceInput{
		DecisionRule: "majority", QuorumPercent: 50, ThresholdPercent: 60, MeetingCadence: "Monthly",
		ConflictSteps: []initiative.ConflictStep{{Description: "The two partners talk it through", Mediator: "Nobody"},
			{Description: "  ", Mediator: ""}, {Description: "Mediation", Mediator: "Backbone director"}},
		Channels: []initiative.Channel{{What: "Newsletter", HowOften: "monthly", Who: "All partners"}},
	}
}

func TestGovernanceInputNormalize(t *testing.T) {
	tests := []struct {
		name   string
		change func(*initiative.GovernanceInput)
		fields []string
	}{
		{"valid", func(*initiative.GovernanceInput) {}, nil},
		{"unknown rule", func(g *initiative.GovernanceInput) { g.DecisionRule = "dictator" }, []string{"decision_rule"}},
		{"majority without quorum", func(g *initiative.GovernanceInput) { g.QuorumPercent = 0 }, []string{"quorum_percent"}},
		{"quorum above 100", func(g *initiative.GovernanceInput) { g.QuorumPercent = 101 }, []string{"quorum_percent"}},
		{"threshold below half", func(g *initiative.GovernanceInput) { g.ThresholdPercent = 40 }, []string{"threshold_percent"}},
		{"consensus without quorum", func(g *initiative.GovernanceInput) { g.DecisionRule, g.QuorumPercent = "consensus", 0 }, []string{"quorum_percent"}},
		{"lead without lead", func(g *initiative.GovernanceInput) { g.DecisionRule, g.QuorumPercent = "lead_decides", 0 }, []string{"lead_organization_id"}},
		{"no cadence", func(g *initiative.GovernanceInput) { g.MeetingCadence = "" }, []string{"meeting_cadence"}},
		{"no steps", func(g *initiative.GovernanceInput) { g.ConflictSteps = nil }, []string{"conflict_steps"}},
		{"step without mediator", func(g *initiative.GovernanceInput) { g.ConflictSteps[2].Mediator = "" }, []string{"conflict_steps[1].mediator"}},
		{"half a channel", func(g *initiative.GovernanceInput) { g.Channels[0].Who = "" }, []string{"channels[0].who"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validGovernance()
			tt.change(&in)
			err := in.Normalize()
			if tt.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if len(in.ConflictSteps) != 2 || in.MeetingCadence != "monthly" {
					t.Fatalf("normalized %+v", in)
				}
				return
			}
			var v *errs.ValidationError
			if !errors.As(err, &v) || len(v.Fields) != len(tt.fields) {
				t.Fatalf("got %v, want messages for %v", err, tt.fields)
			}
			for _, f := range tt.fields {
				if v.Fields[f] == "" {
					t.Errorf("no message for %s in %v", f, err)
				}
			}
		})
	}
	// Parameters a rule does not use are cleared.
	in := validGovernance()
	in.DecisionRule, in.LeadOrganizationID = "consent", "org-x"
	if err := in.Normalize(); err != nil || in.ThresholdPercent != 0 || in.LeadOrganizationID != "" {
		t.Fatalf("consent kept %+v: %v", in, err)
	}
}

func TestGovernance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		staff := governancePerson(t, db, id, "staff@example.org", f.health, account.OrgStaff, account.InitiativeBackboneStaff)

		if _, err := s.Governance(ctx, staff, id); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("no governance yet: %v", err)
		}
		bad := validGovernance()
		bad.QuorumPercent = 0
		_, err := s.SaveGovernance(ctx, staff, id, bad)
		checkField(t, err, "quorum_percent")
		lead := validGovernance()
		lead.DecisionRule, lead.LeadOrganizationID = "lead_decides", f.school
		_, err = s.SaveGovernance(ctx, staff, id, lead)
		checkField(t, err, "lead_organization_id")
		if _, err := s.SaveGovernance(ctx, staff, 9999, validGovernance()); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}

		v1, err := s.SaveGovernance(ctx, staff, id, validGovernance())
		if err != nil {
			t.Fatal(err)
		}
		if v1.Version != 1 || v1.Actor != "staff@example.org" || v1.UserID != staff.UserID || len(v1.ConflictSteps) != 2 ||
			v1.ConflictSteps[1].Mediator != "Backbone director" || v1.Channels[0].What != "Newsletter" || v1.Rule().ThresholdPercent != 60 {
			t.Fatalf("version 1 %+v", v1)
		}
		// Later versions say why, and a stale copy is refused.
		lead.LeadOrganizationID = f.health
		_, err = s.SaveGovernance(ctx, staff, id, lead)
		checkField(t, err, "reason")
		lead.Reason, lead.BaseVersion = "The backbone decides during start-up", 1
		v2, err := s.SaveGovernance(ctx, staff, id, lead)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.DecisionRule != "lead_decides" || v2.QuorumPercent != 0 || v2.LeadOrganizationName != "County Health" || v2.Reason == "" {
			t.Fatalf("version 2 %+v", v2)
		}
		_, err = s.SaveGovernance(ctx, staff, id, lead)
		checkConflict(t, err, "now at version 2")

		cur, err := s.Governance(ctx, staff, id)
		if err != nil || cur.Version != 2 || cur.Rule().LeadOrganizationID != f.health {
			t.Fatalf("current: %v %+v", err, cur)
		}
		hist, err := s.GovernanceHistory(ctx, staff, id)
		if err != nil || len(hist) != 2 || hist[0].Version != 2 || hist[1].Version != 1 || hist[1].DecisionRule != "majority" || hist[1].QuorumPercent != 50 {
			t.Fatalf("history: %v %+v", err, hist)
		}
		summaries := strings.Join(f.audit(t), "\n")
		if !strings.Contains(summaries, "adopted version 2 of the governance framework of Aging Well: decision rule the lead organization decides, meetings monthly (The backbone decides during start-up)") {
			t.Fatalf("audit:\n%s", summaries)
		}
		if strings.Count(summaries, "governance framework") != 2 {
			t.Fatalf("refused saves were recorded:\n%s", summaries)
		}
	})
}
