package initiative

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// MeetingCadences are how often an initiative's partners meet.
var MeetingCadences = []string{"weekly", "biweekly", "monthly", "bimonthly", "quarterly", "semiannual", "annual"}

// ConflictStep is one step of an initiative's conflict-resolution
// procedure: what happens, and who mediates it.
type ConflictStep struct {
	Description string `json:"description"`
	Mediator    string `json:"mediator"`
}

// Channel is one agreed way of keeping partners informed: what it is, how
// often it runs, and who takes part or is responsible.
type Channel struct {
	What     string `json:"what"`
	HowOften string `json:"how_often"`
	Who      string `json:"who"`
}

// Governance is one version of an initiative's governance framework: how
// it decides, how it resolves conflicts, how often it meets and how it
// communicates. Versions are never overwritten; each save adds one, with
// who made it, when and why.
type Governance struct {
	InitiativeID         int64          `json:"initiative_id"`
	Version              int            `json:"version"`
	DecisionRule         string         `json:"decision_rule"`     // one of DecisionRules
	QuorumPercent        int            `json:"quorum_percent"`    // share of voting members who must take part; 0 for lead_decides
	ThresholdPercent     int            `json:"threshold_percent"` // majority only: the yes share needed
	LeadOrganizationID   string         `json:"lead_organization_id"`
	LeadOrganizationName string         `json:"lead_organization_name"`
	ConflictSteps        []ConflictStep `json:"conflict_steps"`
	MeetingCadence       string         `json:"meeting_cadence"`
	Channels             []Channel      `json:"channels"`
	Reason               string         `json:"reason"`
	UserID               int64          `json:"user_id,omitempty"`
	Actor                string         `json:"actor"`
	CreatedAt            time.Time      `json:"created_at"`
}

// Rule is the framework's decision rule as a proposal records it.
func (g Governance) Rule() Rule {
	return Rule{Name: g.DecisionRule, QuorumPercent: g.QuorumPercent, ThresholdPercent: g.ThresholdPercent, LeadOrganizationID: g.LeadOrganizationID}
}

// GovernanceInput is what backbone staff write to adopt a new version of
// the governance framework.
type GovernanceInput struct {
	DecisionRule       string         `json:"decision_rule"`
	QuorumPercent      int            `json:"quorum_percent"`
	ThresholdPercent   int            `json:"threshold_percent"`
	LeadOrganizationID string         `json:"lead_organization_id"`
	ConflictSteps      []ConflictStep `json:"conflict_steps"`
	MeetingCadence     string         `json:"meeting_cadence"`
	Channels           []Channel      `json:"channels"`
	Reason             string         `json:"reason"` // why it changes; required after the first version
	// BaseVersion, when not 0, is the version the writer started from: a
	// save made from a stale copy is refused rather than losing the newer one.
	BaseVersion int `json:"base_version"`
}

// Limits on a framework's lists.
const (
	maxConflictSteps = 20
	maxChannels      = 30
	maxShortText     = 500
)

// Normalize trims the input and checks it field by field. The decision rule
// follows Rule.Normalize, which clears what the rule does not use (the
// threshold except for majority, the lead organization except for
// lead_decides); on top of it every rule but lead_decides needs a quorum of
// 1 to 100 percent, since a decision nobody took part in is no decision.
// Field names of list entries say which entry: conflict_steps[0].mediator.
func (in *GovernanceInput) Normalize() error {
	var v errs.ValidationError
	r := Rule{Name: in.DecisionRule, QuorumPercent: in.QuorumPercent, ThresholdPercent: in.ThresholdPercent, LeadOrganizationID: in.LeadOrganizationID}
	var rv *errs.ValidationError
	if err := r.Normalize(); errors.As(err, &rv) {
		for f, msg := range rv.Fields {
			if f == "rule" {
				f = "decision_rule"
			}
			v.Add(f, msg)
		}
	} else if err != nil {
		return err
	}
	in.DecisionRule, in.QuorumPercent, in.ThresholdPercent, in.LeadOrganizationID = r.Name, r.QuorumPercent, r.ThresholdPercent, r.LeadOrganizationID
	if oneOf(in.DecisionRule, DecisionRules) && in.DecisionRule != RuleLeadDecides && (in.QuorumPercent < 1 || in.QuorumPercent > 100) {
		v.Add("quorum_percent", fmt.Sprintf("is required for the %s rule: the percent of voting members who must take part, 1 to 100", in.DecisionRule))
	}
	in.MeetingCadence = strings.ToLower(strings.TrimSpace(in.MeetingCadence))
	if !oneOf(in.MeetingCadence, MeetingCadences) {
		v.Add("meeting_cadence", "must be one of "+strings.Join(MeetingCadences, ", "))
	}
	in.Reason = strings.TrimSpace(in.Reason)
	checkLength(&v, "reason", in.Reason, maxReason)

	steps := []ConflictStep{}
	for _, st := range in.ConflictSteps {
		st.Description, st.Mediator = strings.TrimSpace(st.Description), strings.TrimSpace(st.Mediator)
		if st.Description != "" || st.Mediator != "" {
			steps = append(steps, st)
		}
	}
	in.ConflictSteps = steps
	if len(steps) == 0 {
		v.Add("conflict_steps", "needs at least one step: how a disagreement is first taken up")
	}
	if len(steps) > maxConflictSteps {
		v.Add("conflict_steps", fmt.Sprintf("must be at most %d steps", maxConflictSteps))
	}
	for i, st := range steps {
		f := fmt.Sprintf("conflict_steps[%d].", i)
		if st.Description == "" {
			v.Add(f+"description", "is required")
		}
		if st.Mediator == "" {
			v.Add(f+"mediator", "is required: say who mediates this step")
		}
		checkLength(&v, f+"description", st.Description, maxText)
		checkLength(&v, f+"mediator", st.Mediator, maxShortText)
	}

	channels := []Channel{}
	for _, c := range in.Channels {
		c.What, c.HowOften, c.Who = strings.TrimSpace(c.What), strings.TrimSpace(c.HowOften), strings.TrimSpace(c.Who)
		if c.What != "" || c.HowOften != "" || c.Who != "" {
			channels = append(channels, c)
		}
	}
	in.Channels = channels
	if len(channels) > maxChannels {
		v.Add("channels", fmt.Sprintf("must be at most %d channels", maxChannels))
	}
	for i, c := range channels {
		f := fmt.Sprintf("channels[%d].", i)
		for _, part := range []struct{ name, value string }{{"what", c.What}, {"how_often", c.HowOften}, {"who", c.Who}} {
			if part.value == "" {
				v.Add(f+part.name, "is required")
			}
			checkLength(&v, f+part.name, part.value, maxShortText)
		}
	}
	return v.OrNil()
}

// SaveGovernance adopts a new version of an initiative's governance
// framework, for its backbone staff (account.SaveGovernance); the versions
// before it stay as they were. The lead organization of a lead_decides
// rule must be an active member.
func (s *Store) SaveGovernance(ctx context.Context, actor account.Actor, initiativeID int64, in GovernanceInput) (*Governance, error) {
	if err := s.rules.Check(ctx, actor, account.SaveGovernance, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var saved *Governance
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM governance_versions WHERE initiative_id = $1`,
			initiativeID).Scan(&current); err != nil {
			return fmt.Errorf("save governance: %w", err)
		}
		if in.BaseVersion != 0 && in.BaseVersion != current {
			return staleGovernance(in.BaseVersion, current)
		}
		if current > 0 && in.Reason == "" {
			return &errs.ValidationError{Fields: map[string]string{"reason": "is required: say why the governance framework changes"}}
		}
		var lead any
		if in.LeadOrganizationID != "" {
			if _, err := mustBeActiveMember(ctx, tx, initiativeID, in.LeadOrganizationID, "lead_organization_id"); err != nil {
				return err
			}
			lead = in.LeadOrganizationID
		}
		steps, err := json.Marshal(in.ConflictSteps)
		if err != nil {
			return fmt.Errorf("save governance: %w", err)
		}
		channels, err := json.Marshal(in.Channels)
		if err != nil {
			return fmt.Errorf("save governance: %w", err)
		}
		uid, label := actorColumns(actor)
		_, err = tx.ExecContext(ctx, `INSERT INTO governance_versions (initiative_id, version, decision_rule, quorum_percent, threshold_percent,
			lead_organization_id, conflict_steps_json, meeting_cadence, channels_json, reason, user_id, actor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			initiativeID, current+1, in.DecisionRule, in.QuorumPercent, in.ThresholdPercent, lead, string(steps), in.MeetingCadence,
			string(channels), in.Reason, uid, label, s.now())
		if store.IsUniqueViolation(err) {
			return staleGovernance(current, current+1)
		}
		if err != nil {
			return fmt.Errorf("save governance: %w", err)
		}
		list, err := governanceVersions(ctx, tx, initiativeID, 1)
		if err != nil {
			return err
		}
		saved = &list[0]
		summary := fmt.Sprintf("adopted version %d of the governance framework of %s: decision rule %s, meetings %s",
			saved.Version, ini.Name, saved.Rule(), saved.MeetingCadence)
		if in.Reason != "" {
			summary += " (" + in.Reason + ")"
		}
		var before any
		if current > 0 {
			before = map[string]int{"version": current}
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "governance", summary, before, saved)
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

func staleGovernance(base, current int) error {
	return &errs.ConflictError{Field: "base_version", Message: fmt.Sprintf(
		"the governance framework changed while you were editing it (you started from version %d; it is now at version %d): reload it and try again", base, current)}
}

// Governance returns the current version of an initiative's governance
// framework to anyone who may see the initiative (account.ViewGovernance),
// or errs.ErrNotFound when none has been adopted yet.
func (s *Store) Governance(ctx context.Context, actor account.Actor, initiativeID int64) (*Governance, error) {
	if err := s.rules.Check(ctx, actor, account.ViewGovernance, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return currentGovernance(ctx, s.db, initiativeID)
}

// currentGovernance returns the initiative's current framework, or
// errs.ErrNotFound when it has none.
func currentGovernance(ctx context.Context, q store.Querier, initiativeID int64) (*Governance, error) {
	list, err := governanceVersions(ctx, q, initiativeID, 1)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("governance framework of initiative %d: %w", initiativeID, errs.ErrNotFound)
	}
	return &list[0], nil
}

// GovernanceHistory returns every version of an initiative's governance
// framework, newest first, to anyone who may see the initiative
// (account.ViewGovernance).
func (s *Store) GovernanceHistory(ctx context.Context, actor account.Actor, initiativeID int64) ([]Governance, error) {
	if err := s.rules.Check(ctx, actor, account.ViewGovernance, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return governanceVersions(ctx, s.db, initiativeID, 0)
}

// governanceVersions lists versions newest first, at most limit of them (0: all).
func governanceVersions(ctx context.Context, q store.Querier, initiativeID int64, limit int) ([]Governance, error) {
	query := `SELECT g.initiative_id, g.version, g.decision_rule, g.quorum_percent, g.threshold_percent,
		COALESCE(g.lead_organization_id, ''), COALESCE(o.name, ''), g.conflict_steps_json, g.meeting_cadence, g.channels_json,
		g.reason, COALESCE(g.user_id, 0), g.actor, g.created_at
		FROM governance_versions g LEFT JOIN organizations o ON o.id = g.lead_organization_id
		WHERE g.initiative_id = $1 ORDER BY g.version DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list governance versions: %w", err)
	}
	defer rows.Close()
	out := []Governance{}
	for rows.Next() {
		var g Governance
		var steps, channels string
		if err := rows.Scan(&g.InitiativeID, &g.Version, &g.DecisionRule, &g.QuorumPercent, &g.ThresholdPercent,
			&g.LeadOrganizationID, &g.LeadOrganizationName, &steps, &g.MeetingCadence, &channels,
			&g.Reason, &g.UserID, &g.Actor, &g.CreatedAt); err != nil {
			return nil, fmt.Errorf("list governance versions: %w", err)
		}
		if err := json.Unmarshal([]byte(steps), &g.ConflictSteps); err != nil {
			return nil, fmt.Errorf("governance version %d: conflict steps: %w", g.Version, err)
		}
		if err := json.Unmarshal([]byte(channels), &g.Channels); err != nil {
			return nil, fmt.Errorf("governance version %d: channels: %w", g.Version, err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// checkForOrganization asks the rule book whether actor may take action a
// for organization orgID in the initiative. The organization must be named
// (in field): without one, who may see the initiative is told what is
// missing, and anyone else that there is no such initiative.
func (s *Store) checkForOrganization(ctx context.Context, actor account.Actor, a account.Action, initiativeID int64,
	orgID, field, what string) error {
	if orgID == "" {
		if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
			return err
		}
		return &errs.ValidationError{Fields: map[string]string{field: "is required: " + what}}
	}
	return s.rules.Check(ctx, actor, a, account.OrgIn(orgID, initiativeID))
}
