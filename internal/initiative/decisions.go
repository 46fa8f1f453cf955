package initiative

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Proposal statuses besides the outcomes (passed, failed, no_quorum).
const (
	ProposalOpen      = "open"
	ProposalWithdrawn = "withdrawn"
)

// Proposal is a question put to an initiative's voting members, with the
// decision rule it is counted under and, once closed, the outcome.
type Proposal struct {
	ID             int64      `json:"id"`
	InitiativeID   int64      `json:"initiative_id"`
	Title          string     `json:"title"`
	Body           string     `json:"body"`
	ProposedBy     string     `json:"proposed_by"` // organization id
	ProposedByName string     `json:"proposed_by_name"`
	ProposedByUser int64      `json:"proposed_by_user,omitempty"`
	Rule           Rule       `json:"rule"` // the rule as it stood when proposed
	Deadline       time.Time  `json:"deadline"`
	Status         string     `json:"status"` // open, passed, failed, no_quorum, withdrawn
	OutcomeReasons []string   `json:"outcome_reasons"`
	DecidedAt      *time.Time `json:"decided_at"`
	CreatedAt      time.Time  `json:"created_at"`
	// Outcome is the recorded outcome of a closed proposal; for an open one
	// that Proposal loaded, the count so far (its Status is then pending
	// unless everyone has voted or the deadline has passed).
	Outcome *Outcome `json:"outcome,omitempty"`
	// Votes, VoteHistory, Delegations and Comments are filled by Proposal,
	// not by lists. Votes are the ones that count, each organization's
	// latest; VoteHistory is every vote cast, oldest first, changed ones
	// included.
	Votes       []Vote       `json:"votes,omitempty"`
	VoteHistory []Vote       `json:"vote_history,omitempty"`
	Delegations []Delegation `json:"delegations,omitempty"`
	Comments    []Comment    `json:"comments,omitempty"`
}

// ProposalInput is what a member writes to propose something. Rule is
// usually left empty: the proposal is then counted under the initiative's
// current governance rule.
type ProposalInput struct {
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	ProposedBy string    `json:"proposed_by"` // the proposing member organization
	Rule       Rule      `json:"rule"`
	Deadline   time.Time `json:"deadline"`
}

// Vote is one member organization's vote on a proposal. Revision counts how
// many times it was cast: a second vote replaces the first while voting is open.
type Vote struct {
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	Choice           string    `json:"choice"`
	Comment          string    `json:"comment"`
	UserID           int64     `json:"user_id,omitempty"`
	Actor            string    `json:"actor"`
	Revision         int       `json:"revision"`
	CastAt           time.Time `json:"cast_at"`
}

// Delegation is one organization giving its vote on one proposal to another
// member, whose vote then counts for both.
type Delegation struct {
	FromOrganizationID   string    `json:"from_organization_id"`
	FromOrganizationName string    `json:"from_organization_name"`
	ToOrganizationID     string    `json:"to_organization_id"`
	ToOrganizationName   string    `json:"to_organization_name"`
	UserID               int64     `json:"user_id,omitempty"`
	Actor                string    `json:"actor"`
	CreatedAt            time.Time `json:"created_at"`
}

// Comment is a member's remark on a proposal; non-voting members comment too.
type Comment struct {
	ID               int64     `json:"id"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	UserID           int64     `json:"user_id,omitempty"`
	Actor            string    `json:"actor"`
	Body             string    `json:"body"`
	CreatedAt        time.Time `json:"created_at"`
}

const maxProposalComment = 2000

// Propose puts a proposal to the initiative's members for organization
// in.ProposedBy, whose people may (account.ProposeDecision), under in.Rule
// or, when it names no rule, the rule of the current governance framework
// (a conflict on "decision_rule" when there is none yet). The title is
// required and the deadline must be in the future; the proposing
// organization must be an active member, and a lead organization an active
// voting member.
func (s *Store) Propose(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	in ProposalInput,
) (*Proposal, error) {
	in.Title, in.Body, in.ProposedBy = strings.TrimSpace(
		in.Title,
	), strings.TrimSpace(
		in.Body,
	), strings.TrimSpace(
		in.ProposedBy,
	)
	action, target := account.ProposeDecision, account.OrgIn(in.ProposedBy, initiativeID)
	if in.ProposedBy == "" {
		// Nobody to ask about: whoever may see the proposals is told below
		// that the organization is missing.
		action, target = account.ViewDecisions, account.Initiative(initiativeID)
	}
	if err := s.rules.Check(ctx, actor, action, target); err != nil {
		return nil, err
	}

	if in.Rule.Name == "" {
		rule, err := s.currentRule(ctx, initiativeID)
		if err != nil {
			return nil, err
		}
		in.Rule = rule
	}

	now := s.now()
	var v errs.ValidationError
	if in.Title == "" {
		v.Add("title", "is required")
	} else if n := utf8.RuneCountInString(in.Title); n > maxName {
		v.Add("title", fmt.Sprintf("must be at most %d characters (it has %d)", maxName, n))
	}
	if n := utf8.RuneCountInString(in.Body); n > maxText {
		v.Add("body", fmt.Sprintf("must be at most %d characters (it has %d)", maxText, n))
	}
	if in.ProposedBy == "" {
		v.Add("proposed_by", "is required: the member organization that proposes")
	}
	if in.Deadline.IsZero() {
		v.Add("deadline", "is required")
	} else if !in.Deadline.After(now) {
		v.Add("deadline", "must be in the future")
	}
	var rv *errs.ValidationError
	if err := in.Rule.Normalize(); errors.As(err, &rv) {
		for f, msg := range rv.Fields {
			v.Add(f, msg)
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		proposer, err := proposalMember(ctx, tx, initiativeID, in.ProposedBy, "proposed_by")
		if err != nil {
			return err
		}
		var lead any
		if in.Rule.LeadOrganizationID != "" {
			if _, err := proposalVoter(ctx, tx, initiativeID, in.Rule.LeadOrganizationID, "lead_organization_id"); err != nil {
				return err
			}
			lead = in.Rule.LeadOrganizationID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO proposals (initiative_id, title, body, proposed_by, proposed_by_user, rule,
			quorum_percent, threshold_percent, lead_organization_id, deadline, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $11) RETURNING id`,
			initiativeID, in.Title, in.Body, in.ProposedBy, nullUser(actor.UserID), in.Rule.Name,
			in.Rule.QuorumPercent, in.Rule.ThresholdPercent, lead, in.Deadline.UTC(), now).
			Scan(&id)
		if err != nil {
			return fmt.Errorf("insert proposal: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "propose", EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
				Summary: fmt.Sprintf(
					"%s proposed %s in %s, to be decided by %s by %s",
					proposer.OrganizationName,
					account.Quote(in.Title),
					ini.Name,
					in.Rule,
					s.moment(ctx, tx, initiativeID, in.Deadline),
				),
				After: in},
		)
	})
	if err != nil {
		return nil, err
	}
	return s.proposal(ctx, initiativeID, id)
}

// currentRule is the decision rule of the initiative's current governance
// framework, which a proposal is counted under unless it names another.
func (s *Store) currentRule(ctx context.Context, initiativeID int64) (Rule, error) {
	ini, err := s.get(ctx, s.db, initiativeID)
	if err != nil {
		return Rule{}, err
	}
	g, err := currentGovernance(ctx, s.db, initiativeID)
	if errors.Is(err, errs.ErrNotFound) {
		return Rule{}, decisionConflict("decision_rule", fmt.Sprintf(
			"%s has no governance framework yet, so there is no decision rule to count votes by: backbone staff adopt one first",
			ini.Name,
		))
	}
	if err != nil {
		return Rule{}, err
	}
	return g.Rule(), nil
}

// proposalMember returns an organization's membership when it is active.
func proposalMember(ctx context.Context, q store.Querier, initiativeID int64, orgID, field string) (*Member, error) {
	found, err := members(ctx, q, initiativeID, orgID)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, &errs.ValidationError{
			Fields: map[string]string{field: fmt.Sprintf("organization %q is not a member of this initiative", orgID)},
		}
	}
	m := found[0]
	if m.Status != "active" {
		return nil, &errs.ValidationError{
			Fields: map[string]string{
				field: fmt.Sprintf("%s is not an active member (it is %s)", m.OrganizationName, m.Status),
			},
		}
	}
	return &m, nil
}

// proposalVoter returns an organization's membership when it may vote.
func proposalVoter(ctx context.Context, q store.Querier, initiativeID int64, orgID, field string) (*Member, error) {
	m, err := proposalMember(ctx, q, initiativeID, orgID, field)
	if err != nil {
		return nil, err
	}
	if !VotingRole(m.Role) {
		return nil, &errs.ValidationError{
			Fields: map[string]string{
				field: fmt.Sprintf(
					"%s is a %s member, which does not vote (it may comment)",
					m.OrganizationName,
					choiceLabel(m.Role),
				),
			},
		}
	}
	return m, nil
}

func nullUser(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func actorName(a account.Actor) string {
	if a.Label == "" {
		return "system"
	}
	return a.Label
}

const proposalColumns = `p.id, p.initiative_id, p.title, p.body, p.proposed_by, o.name, COALESCE(p.proposed_by_user, 0),
	p.rule, p.quorum_percent, p.threshold_percent, COALESCE(p.lead_organization_id, ''), p.deadline, p.status,
	COALESCE(p.outcome_json, ''), p.decided_at, p.created_at
	FROM proposals p JOIN organizations o ON o.id = p.proposed_by`

func scanProposal(row store.Scanner) (*Proposal, error) {
	p := &Proposal{OutcomeReasons: []string{}}
	var outcome string
	var decided sql.NullTime
	err := row.Scan(
		&p.ID,
		&p.InitiativeID,
		&p.Title,
		&p.Body,
		&p.ProposedBy,
		&p.ProposedByName,
		&p.ProposedByUser,
		&p.Rule.Name,
		&p.Rule.QuorumPercent,
		&p.Rule.ThresholdPercent,
		&p.Rule.LeadOrganizationID,
		&p.Deadline,
		&p.Status,
		&outcome,
		&decided,
		&p.CreatedAt,
	)
	if err != nil {
		return nil, err
	}
	p.DecidedAt = timePtr(decided)
	if outcome != "" {
		p.Outcome = &Outcome{}
		if err := json.Unmarshal([]byte(outcome), p.Outcome); err != nil {
			return nil, fmt.Errorf("proposal %d: read outcome: %w", p.ID, err)
		}
		p.OutcomeReasons = p.Outcome.Reasons
	}
	return p, nil
}

// getProposal reads proposal id of the initiative, without its votes; one
// of another initiative is not found.
func getProposal(ctx context.Context, q store.Querier, initiativeID, id int64) (*Proposal, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("proposal %d of initiative %d", id, initiativeID),
		scanProposal,
		`SELECT `+proposalColumns+`
		WHERE p.initiative_id = $1 AND p.id = $2`,
		initiativeID,
		id,
	)
}

// Proposal returns proposal id of the initiative with its votes,
// delegations and comments, to anyone who may see the initiative
// (account.ViewDecisions). For an open proposal, Outcome holds the count so
// far.
func (s *Store) Proposal(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDecisions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.proposal(ctx, initiativeID, id)
}

// proposal reads proposal id of the initiative with its votes, delegations
// and comments.
func (s *Store) proposal(ctx context.Context, initiativeID, id int64) (*Proposal, error) {
	p, err := getProposal(ctx, s.db, initiativeID, id)
	if err != nil {
		return nil, err
	}
	if p.Votes, err = proposalVotes(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.VoteHistory, err = proposalVoteHistory(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.Delegations, err = proposalDelegations(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.Comments, err = proposalComments(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.Status == ProposalOpen {
		ms, err := members(ctx, s.db, p.InitiativeID, "")
		if err != nil {
			return nil, err
		}
		o := Tally(p.Rule, ms, p.Votes, p.Delegations, !s.now().Before(p.Deadline))
		p.Outcome = &o
	}
	return p, nil
}

// Proposals returns an initiative's proposals, open ones first, then
// newest first, to anyone who may see the initiative
// (account.ViewDecisions).
func (s *Store) Proposals(ctx context.Context, actor account.Actor, initiativeID int64) ([]*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDecisions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.listProposals(ctx, `WHERE p.initiative_id = $1
		ORDER BY CASE p.status WHEN 'open' THEN 0 ELSE 1 END, p.created_at DESC, p.id DESC`, initiativeID)
}

func (s *Store) listProposals(ctx context.Context, where string, initiativeID int64) ([]*Proposal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+proposalColumns+` `+where, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	defer rows.Close()
	out := []*Proposal{}
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, fmt.Errorf("list proposals: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func proposalVotes(ctx context.Context, q store.Querier, proposalID int64) ([]Vote, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT v.organization_id, o.name, v.choice, v.comment, COALESCE(v.user_id, 0), v.actor, v.revision, v.cast_at
		FROM proposal_votes v JOIN organizations o ON o.id = v.organization_id
		WHERE v.proposal_id = $1 ORDER BY lower(o.name), o.id`,
		proposalID,
	)
	if err != nil {
		return nil, fmt.Errorf("list votes: %w", err)
	}
	defer rows.Close()
	out := []Vote{}
	for rows.Next() {
		var v Vote
		if err := rows.Scan(&v.OrganizationID, &v.OrganizationName, &v.Choice, &v.Comment, &v.UserID, &v.Actor, &v.Revision, &v.CastAt); err != nil {
			return nil, fmt.Errorf("list votes: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// proposalVoteHistory returns every vote cast on a proposal, oldest first.
func proposalVoteHistory(ctx context.Context, q store.Querier, proposalID int64) ([]Vote, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.organization_id, o.name, v.choice, v.comment, COALESCE(v.user_id, 0), v.actor,
		v.revision, v.cast_at FROM proposal_vote_history v JOIN organizations o ON o.id = v.organization_id
		WHERE v.proposal_id = $1 ORDER BY v.cast_at, v.id`, proposalID)
	if err != nil {
		return nil, fmt.Errorf("list the vote history: %w", err)
	}
	defer rows.Close()
	out := []Vote{}
	for rows.Next() {
		var v Vote
		if err := rows.Scan(&v.OrganizationID, &v.OrganizationName, &v.Choice, &v.Comment, &v.UserID, &v.Actor,
			&v.Revision, &v.CastAt); err != nil {
			return nil, fmt.Errorf("list the vote history: %w", err)
		}
		v.CastAt = v.CastAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// proposalDelegations returns a proposal's delegations in the order they
// were made, the order Tally checks them in.
func proposalDelegations(ctx context.Context, q store.Querier, proposalID int64) ([]Delegation, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT d.from_organization_id, f.name, d.to_organization_id, t.name, COALESCE(d.user_id, 0), d.actor, d.created_at
		FROM proposal_delegations d JOIN organizations f ON f.id = d.from_organization_id JOIN organizations t ON t.id = d.to_organization_id
		WHERE d.proposal_id = $1 ORDER BY d.created_at, d.from_organization_id`,
		proposalID,
	)
	if err != nil {
		return nil, fmt.Errorf("list delegations: %w", err)
	}
	defer rows.Close()
	out := []Delegation{}
	for rows.Next() {
		var d Delegation
		if err := rows.Scan(&d.FromOrganizationID, &d.FromOrganizationName, &d.ToOrganizationID, &d.ToOrganizationName, &d.UserID, &d.Actor, &d.CreatedAt); err != nil {
			return nil, fmt.Errorf("list delegations: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func proposalComments(ctx context.Context, q store.Querier, proposalID int64) ([]Comment, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT c.id, c.organization_id, o.name, COALESCE(c.user_id, 0), c.actor, c.body, c.created_at
		FROM proposal_comments c JOIN organizations o ON o.id = c.organization_id
		WHERE c.proposal_id = $1 ORDER BY c.id`,
		proposalID,
	)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.OrganizationID, &c.OrganizationName, &c.UserID, &c.Actor, &c.Body, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("list comments: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
