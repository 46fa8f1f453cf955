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
	// Votes, Delegations and Comments are filled by Proposal, not by lists.
	Votes       []Vote       `json:"votes,omitempty"`
	Delegations []Delegation `json:"delegations,omitempty"`
	Comments    []Comment    `json:"comments,omitempty"`
}

// ProposalInput is what a member writes to propose something. The delivery
// layer fills Rule with the initiative's current governance rule.
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

// Propose puts a proposal to the initiative's members under in.Rule. The
// title is required and the deadline must be in the future; the proposing
// organization must be an active member, and a lead organization an active
// voting member.
func (s *Store) Propose(ctx context.Context, actor account.Actor, initiativeID int64, in ProposalInput) (*Proposal, error) {
	now := s.now()
	var v errs.ValidationError
	in.Title, in.Body, in.ProposedBy = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.ProposedBy)
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
			in.Rule.QuorumPercent, in.Rule.ThresholdPercent, lead, in.Deadline.UTC(), now).Scan(&id)
		if err != nil {
			return store.Classify(fmt.Errorf("insert proposal: %w", err))
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "propose", EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
			Summary: fmt.Sprintf("%s proposed “%s” in %s, to be decided by %s by %s", proposer.OrganizationName, in.Title, ini.Name,
				in.Rule, in.Deadline.UTC().Format("2 Jan 2006 15:04 MST")),
			After: in})
	})
	if err != nil {
		return nil, err
	}
	return s.Proposal(ctx, id)
}

// Vote records organization orgID's vote on a proposal. A member
// organization votes once. Refused, with nothing written: a second vote
// from the same organization, a vote after the deadline or on a closed
// proposal, a choice the rule does not offer, an organization that is not
// an active voting member, and one that has given its vote to a delegate
// (the delegate's vote counts for it).
func (s *Store) Vote(ctx context.Context, actor account.Actor, proposalID int64, orgID, choice, comment string, now time.Time) error {
	choice, comment = strings.ToLower(strings.TrimSpace(choice)), strings.TrimSpace(comment)
	if n := utf8.RuneCountInString(comment); n > maxProposalComment {
		return &errs.ValidationError{Fields: map[string]string{"comment": fmt.Sprintf("must be at most %d characters (it has %d)", maxProposalComment, n)}}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, proposalID, now, "the vote was not recorded")
		if err != nil {
			return err
		}
		if !oneOf(choice, Choices(p.Rule.Name)) {
			return &errs.ValidationError{Fields: map[string]string{"choice": fmt.Sprintf("must be one of %s under %s", strings.Join(Choices(p.Rule.Name), ", "), p.Rule.Name)}}
		}
		m, err := proposalVoter(ctx, tx, p.InitiativeID, orgID, "organization_id")
		if err != nil {
			return err
		}
		dels, err := proposalDelegations(ctx, tx, proposalID)
		if err != nil {
			return err
		}
		var holds []string
		for _, d := range dels {
			if d.FromOrganizationID == orgID {
				return decisionConflict("organization_id", fmt.Sprintf("%s has given its vote on “%s” to %s, whose vote counts for it", m.OrganizationName, p.Title, d.ToOrganizationName))
			}
			if d.ToOrganizationID == orgID {
				holds = append(holds, d.FromOrganizationName)
			}
		}
		var before Vote
		err = tx.QueryRowContext(ctx, `SELECT choice, revision FROM proposal_votes WHERE proposal_id = $1 AND organization_id = $2`,
			proposalID, orgID).Scan(&before.Choice, &before.Revision)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return store.Classify(fmt.Errorf("read earlier vote: %w", err))
		}
		if before.Revision > 0 {
			return decisionConflict("organization_id", fmt.Sprintf("%s has already voted %s on “%s”; each member organization votes once", m.OrganizationName, choiceLabel(before.Choice), p.Title))
		}
		after := Vote{OrganizationID: orgID, OrganizationName: m.OrganizationName, Choice: choice, Comment: comment,
			UserID: actor.UserID, Actor: actorName(actor), Revision: before.Revision + 1, CastAt: now.UTC()}
		_, err = tx.ExecContext(ctx, `INSERT INTO proposal_votes (proposal_id, organization_id, choice, comment, user_id, actor, revision, cast_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (proposal_id, organization_id) DO UPDATE SET choice = excluded.choice, comment = excluded.comment,
				user_id = excluded.user_id, actor = excluded.actor, revision = excluded.revision, cast_at = excluded.cast_at`,
			proposalID, orgID, choice, comment, nullUser(actor.UserID), after.Actor, after.Revision, after.CastAt)
		if err != nil {
			return store.Classify(fmt.Errorf("record vote: %w", err))
		}
		ev := account.Event{Action: "vote", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID), After: after,
			Summary: fmt.Sprintf("%s voted %s on “%s”", m.OrganizationName, choiceLabel(choice), p.Title)}
		if len(holds) > 0 {
			ev.Summary += fmt.Sprintf(" (also for %s, as delegate)", namesAnd(holds))
		}
		return account.Record(ctx, tx, actor, ev)
	})
}

// Delegate gives organization fromOrg's vote on one proposal to toOrg, who
// then votes for both. See CheckDelegation for what is refused.
func (s *Store) Delegate(ctx context.Context, actor account.Actor, proposalID int64, fromOrg, toOrg string) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, proposalID, now, "the delegation was not recorded")
		if err != nil {
			return err
		}
		ms, err := members(ctx, tx, p.InitiativeID, "")
		if err != nil {
			return err
		}
		dels, err := proposalDelegations(ctx, tx, proposalID)
		if err != nil {
			return err
		}
		votes, err := proposalVotes(ctx, tx, proposalID)
		if err != nil {
			return err
		}
		voted := map[string]bool{}
		for _, v := range votes {
			voted[v.OrganizationID] = true
		}
		if err := CheckDelegation(ms, dels, voted, fromOrg, toOrg); err != nil {
			return err
		}
		d := Delegation{FromOrganizationID: fromOrg, ToOrganizationID: toOrg, UserID: actor.UserID, Actor: actorName(actor), CreatedAt: now}
		for _, m := range ms {
			switch m.OrganizationID {
			case fromOrg:
				d.FromOrganizationName = m.OrganizationName
			case toOrg:
				d.ToOrganizationName = m.OrganizationName
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_delegations (proposal_id, from_organization_id, to_organization_id, user_id, actor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, proposalID, fromOrg, toOrg, nullUser(actor.UserID), d.Actor, now); err != nil {
			return store.Classify(fmt.Errorf("record delegation: %w", err))
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "delegate", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID),
			Summary: fmt.Sprintf("%s gave its vote on “%s” to %s", d.FromOrganizationName, p.Title, d.ToOrganizationName), After: d})
	})
}

// Comment adds a member organization's remark to an open proposal. Any
// active member may comment, voting or not.
func (s *Store) Comment(ctx context.Context, actor account.Actor, proposalID int64, orgID, text string) (*Comment, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"body": "is required"}}
	}
	if n := utf8.RuneCountInString(text); n > maxProposalComment {
		return nil, &errs.ValidationError{Fields: map[string]string{"body": fmt.Sprintf("must be at most %d characters (it has %d)", maxProposalComment, n)}}
	}
	now := s.now()
	var c *Comment
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Discussion may go on past the deadline until the proposal is closed.
		p, err := s.openProposal(ctx, tx, proposalID, time.Time{}, "the comment was not recorded")
		if err != nil {
			return err
		}
		m, err := proposalMember(ctx, tx, p.InitiativeID, orgID, "organization_id")
		if err != nil {
			return err
		}
		c = &Comment{OrganizationID: orgID, OrganizationName: m.OrganizationName, UserID: actor.UserID, Actor: actorName(actor), Body: text, CreatedAt: now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO proposal_comments (proposal_id, organization_id, user_id, actor, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, proposalID, orgID, nullUser(actor.UserID), c.Actor, text, now).Scan(&c.ID); err != nil {
			return store.Classify(fmt.Errorf("record comment: %w", err))
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "comment", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID),
			Summary: fmt.Sprintf("%s commented on “%s”", m.OrganizationName, p.Title), After: c})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Close counts the votes under the proposal's rule (see Tally) and records
// the outcome with its reasons. Before the deadline it closes only when
// every voting member has taken part; otherwise it is refused. Nothing is
// decided without quorum: closing a proposal that lacks it is refused with
// the count, and the proposal stays open (to be withdrawn, or proposed again
// with a new deadline).
func (s *Store) Close(ctx context.Context, actor account.Actor, proposalID int64, now time.Time) (*Proposal, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, proposalID, time.Time{}, "it was not closed again")
		if err != nil {
			return err
		}
		outcome, err := s.tally(ctx, tx, p, now)
		if err != nil {
			return err
		}
		if outcome.Status == OutcomePending {
			return decisionConflict("deadline", fmt.Sprintf("voting on “%s” is open until %s and %d of %d voting members have not voted yet; close it after the deadline",
				p.Title, p.Deadline.UTC().Format("2 Jan 2006 15:04 MST"), outcome.Eligible-outcome.Participated, outcome.Eligible))
		}
		if outcome.Status == OutcomeNoQuorum {
			return decisionConflict("quorum", fmt.Sprintf("“%s” cannot be decided without quorum: %s. Nothing was recorded; withdraw it, or propose it again with a new deadline",
				p.Title, strings.Join(outcome.Reasons, "; ")))
		}
		b, err := json.Marshal(outcome)
		if err != nil {
			return fmt.Errorf("encode outcome: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = $1, outcome_json = $2, decided_at = $3, updated_at = $3 WHERE id = $4`,
			outcome.Status, string(b), now.UTC(), proposalID); err != nil {
			return store.Classify(fmt.Errorf("record outcome: %w", err))
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "decide", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID),
			Summary: fmt.Sprintf("“%s” %s: %s", p.Title, strings.ReplaceAll(outcome.Status, "_", " "), outcome.Reasons[0]), After: outcome})
	})
	if err != nil {
		return nil, err
	}
	return s.Proposal(ctx, proposalID)
}

// Withdraw takes an open proposal off the table; it stays in the decision
// log as withdrawn.
func (s *Store) Withdraw(ctx context.Context, actor account.Actor, proposalID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, proposalID, time.Time{}, "it was not withdrawn")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'withdrawn', decided_at = $1, updated_at = $1 WHERE id = $2`, now, proposalID); err != nil {
			return store.Classify(fmt.Errorf("withdraw proposal: %w", err))
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "withdraw", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID),
			Summary: fmt.Sprintf("withdrew the proposal “%s”", p.Title)})
	})
}

// openProposal locks a proposal for a write and returns it, or a conflict
// when it is no longer open or (when deadline is not zero) its deadline has
// passed at now. The UPDATE takes the row lock on PostgreSQL, so a vote and
// a close cannot interleave; SQLite transactions are serial already.
func (s *Store) openProposal(ctx context.Context, tx *sql.Tx, id int64, now time.Time, nothing string) (*Proposal, error) {
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET updated_at = updated_at WHERE id = $1 AND status = 'open'`, id)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("lock proposal %d: %w", id, err))
	}
	p, err := getProposal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 || p.Status != ProposalOpen {
		return nil, decisionConflict("status", fmt.Sprintf("the proposal “%s” is closed (%s); %s", p.Title, strings.ReplaceAll(p.Status, "_", " "), nothing))
	}
	if !now.IsZero() && !now.Before(p.Deadline) {
		return nil, decisionConflict("deadline", fmt.Sprintf("voting on “%s” closed at %s; %s", p.Title, p.Deadline.UTC().Format("2 Jan 2006 15:04 MST"), nothing))
	}
	return p, nil
}

// proposalMember returns an organization's membership when it is active.
func proposalMember(ctx context.Context, q store.Querier, initiativeID int64, orgID, field string) (*Member, error) {
	found, err := members(ctx, q, initiativeID, orgID)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf("organization %q is not a member of this initiative", orgID)}}
	}
	m := found[0]
	if m.Status != "active" {
		return nil, &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf("%s is not an active member (it is %s)", m.OrganizationName, m.Status)}}
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
		return nil, &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf("%s is a %s member, which does not vote (it may comment)", m.OrganizationName, choiceLabel(m.Role))}}
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

func scanProposal(row interface{ Scan(...any) error }) (*Proposal, error) {
	p := &Proposal{OutcomeReasons: []string{}}
	var outcome string
	var decided sql.NullTime
	err := row.Scan(&p.ID, &p.InitiativeID, &p.Title, &p.Body, &p.ProposedBy, &p.ProposedByName, &p.ProposedByUser,
		&p.Rule.Name, &p.Rule.QuorumPercent, &p.Rule.ThresholdPercent, &p.Rule.LeadOrganizationID, &p.Deadline, &p.Status,
		&outcome, &decided, &p.CreatedAt)
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

func getProposal(ctx context.Context, q store.Querier, id int64) (*Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalColumns+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("proposal %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, store.Classify(fmt.Errorf("get proposal %d: %w", id, err))
	}
	return p, nil
}

// Proposal returns a proposal with its votes, delegations and comments. For
// an open proposal, Outcome holds the count so far.
func (s *Store) Proposal(ctx context.Context, id int64) (*Proposal, error) {
	p, err := getProposal(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if p.Votes, err = proposalVotes(ctx, s.db, id); err != nil {
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

// tally counts an open proposal's votes as they stand at now.
func (s *Store) tally(ctx context.Context, q store.Querier, p *Proposal, now time.Time) (Outcome, error) {
	ms, err := members(ctx, q, p.InitiativeID, "")
	if err != nil {
		return Outcome{}, err
	}
	votes, err := proposalVotes(ctx, q, p.ID)
	if err != nil {
		return Outcome{}, err
	}
	dels, err := proposalDelegations(ctx, q, p.ID)
	if err != nil {
		return Outcome{}, err
	}
	return Tally(p.Rule, ms, votes, dels, !now.Before(p.Deadline)), nil
}

// Proposals returns an initiative's proposals, open ones first, then newest first.
func (s *Store) Proposals(ctx context.Context, initiativeID int64) ([]*Proposal, error) {
	return s.listProposals(ctx, `WHERE p.initiative_id = $1 ORDER BY CASE p.status WHEN 'open' THEN 0 ELSE 1 END, p.created_at DESC, p.id DESC`, initiativeID)
}

// DecisionLog returns an initiative's closed proposals (decided or
// withdrawn), the newest decision first, with their outcomes and reasons.
func (s *Store) DecisionLog(ctx context.Context, initiativeID int64) ([]*Proposal, error) {
	return s.listProposals(ctx, `WHERE p.initiative_id = $1 AND p.status <> 'open' ORDER BY p.decided_at DESC, p.id DESC`, initiativeID)
}

func (s *Store) listProposals(ctx context.Context, where string, initiativeID int64) ([]*Proposal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+proposalColumns+` `+where, initiativeID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list proposals: %w", err))
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
	return out, store.Classify(rows.Err())
}

func proposalVotes(ctx context.Context, q store.Querier, proposalID int64) ([]Vote, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.organization_id, o.name, v.choice, v.comment, COALESCE(v.user_id, 0), v.actor, v.revision, v.cast_at
		FROM proposal_votes v JOIN organizations o ON o.id = v.organization_id
		WHERE v.proposal_id = $1 ORDER BY lower(o.name), o.id`, proposalID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list votes: %w", err))
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
	return out, store.Classify(rows.Err())
}

// proposalDelegations returns a proposal's delegations in the order they
// were made, the order Tally checks them in.
func proposalDelegations(ctx context.Context, q store.Querier, proposalID int64) ([]Delegation, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.from_organization_id, f.name, d.to_organization_id, t.name, COALESCE(d.user_id, 0), d.actor, d.created_at
		FROM proposal_delegations d JOIN organizations f ON f.id = d.from_organization_id JOIN organizations t ON t.id = d.to_organization_id
		WHERE d.proposal_id = $1 ORDER BY d.created_at, d.from_organization_id`, proposalID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list delegations: %w", err))
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
	return out, store.Classify(rows.Err())
}

func proposalComments(ctx context.Context, q store.Querier, proposalID int64) ([]Comment, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.organization_id, o.name, COALESCE(c.user_id, 0), c.actor, c.body, c.created_at
		FROM proposal_comments c JOIN organizations o ON o.id = c.organization_id
		WHERE c.proposal_id = $1 ORDER BY c.id`, proposalID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list comments: %w", err))
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
	return out, store.Classify(rows.Err())
}

// DecisionLogPublic reports whether an initiative shows its decision log to
// people who are not its members.
func (s *Store) DecisionLogPublic(ctx context.Context, initiativeID int64) (bool, error) {
	var public bool
	err := s.db.QueryRowContext(ctx, `SELECT decision_log_public FROM initiatives WHERE id = $1`, initiativeID).Scan(&public)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("initiative %d: %w", initiativeID, errs.ErrNotFound)
	}
	if err != nil {
		return false, store.Classify(fmt.Errorf("read decision log setting: %w", err))
	}
	return public, nil
}

// SetDecisionLogPublic chooses whether the initiative's decision log is
// public.
func (s *Store) SetDecisionLogPublic(ctx context.Context, actor account.Actor, initiativeID int64, public bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		var before bool
		if err := tx.QueryRowContext(ctx, `SELECT decision_log_public FROM initiatives WHERE id = $1`, initiativeID).Scan(&before); err != nil {
			return store.Classify(fmt.Errorf("read decision log setting: %w", err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE initiatives SET decision_log_public = $1, updated_at = $2 WHERE id = $3`, public, s.now(), initiativeID); err != nil {
			return store.Classify(fmt.Errorf("set decision log setting: %w", err))
		}
		summary := "made the decision log of " + in.Name + " public"
		if !public {
			summary = "made the decision log of " + in.Name + " visible to members only"
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "decision_log", EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
			Summary: summary, Before: map[string]bool{"decision_log_public": before}, After: map[string]bool{"decision_log_public": public}})
	})
}
