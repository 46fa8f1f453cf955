package initiative

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

// Close counts the votes on proposal proposalID of the initiative under its
// rule (see Tally) and records the outcome with its reasons, at the time by
// the store's clock; backbone staff close proposals
// (account.CloseProposal). Before the deadline it closes only when every
// voting member has taken part; otherwise it is refused. Nothing is decided
// without quorum: closing a proposal that lacks it is refused with the
// count, and the proposal stays open (to be withdrawn, or proposed again
// with a new deadline).
func (s *Store) Close(ctx context.Context, actor account.Actor, initiativeID, proposalID int64) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.CloseProposal, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, initiativeID, proposalID, time.Time{}, "it was not closed again")
		if err != nil {
			return err
		}
		outcome, err := s.tally(ctx, tx, p, now)
		if err != nil {
			return err
		}
		if outcome.Status == OutcomePending {
			return decisionConflict(
				"deadline",
				fmt.Sprintf(
					"voting on %s is open until %s and %d of %d voting members have not voted yet; close it after the deadline",
					account.Quote(p.Title),
					s.moment(ctx, tx, initiativeID, p.Deadline),
					outcome.Eligible-outcome.Participated,
					outcome.Eligible,
				),
			)
		}
		if outcome.Status == OutcomeNoQuorum {
			return decisionConflict(
				"quorum",
				fmt.Sprintf(
					"%s cannot be decided without quorum: %s. Nothing was recorded; withdraw it, or propose it again with a new deadline",
					account.Quote(p.Title),
					strings.Join(outcome.Reasons, "; "),
				),
			)
		}
		b, err := json.Marshal(outcome)
		if err != nil {
			return fmt.Errorf("encode outcome: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = $1, outcome_json = $2, decided_at = $3, updated_at = $3 WHERE id = $4`,
			outcome.Status, string(b), now.UTC(), proposalID); err != nil {
			return fmt.Errorf("record outcome: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "decide", EntityType: "initiative", EntityID: fmt.Sprint(p.InitiativeID),
				Summary: fmt.Sprintf(
					"%s %s: %s",
					account.Quote(p.Title),
					strings.ReplaceAll(outcome.Status, "_", " "),
					outcome.Reasons[0],
				), After: outcome},
		)
	})
	if err != nil {
		return nil, err
	}
	return s.proposal(ctx, initiativeID, proposalID)
}

// Withdraw takes open proposal proposalID of the initiative off the table;
// it stays in the decision log as withdrawn. The proposer may, while they
// still speak for the proposing organization; so may those who act for
// that organization, and backbone staff (account.WithdrawProposal).
func (s *Store) Withdraw(ctx context.Context, actor account.Actor, initiativeID, proposalID int64) error {
	p, err := getProposal(ctx, s.db, initiativeID, proposalID)
	if err != nil {
		return err
	}
	target := account.OrgIn(p.ProposedBy, initiativeID)
	target.AuthorID = p.ProposedByUser
	if err := s.rules.Check(ctx, actor, account.WithdrawProposal, target); err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, initiativeID, proposalID, time.Time{}, "it was not withdrawn")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'withdrawn', decided_at = $1, updated_at = $1 WHERE id = $2`, now, proposalID); err != nil {
			return fmt.Errorf("withdraw proposal: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "withdraw",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(p.InitiativeID),
				Summary:    fmt.Sprintf("withdrew the proposal %s", account.Quote(p.Title)),
			},
		)
	})
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

// DecisionLog returns an initiative's closed proposals (decided or
// withdrawn), the newest decision first, with their outcomes and reasons,
// and whether the log is public. Those who may see the initiative read it
// (account.ReadDecisionLog); once the initiative makes it public, anyone
// signed in (account.ReadPublicDecisionLog).
func (s *Store) DecisionLog(ctx context.Context, actor account.Actor, initiativeID int64) (
	decisions []*Proposal, public bool, err error) {
	if public, err = decisionLogPublic(ctx, s.db, initiativeID); err != nil {
		// An initiative that does not exist is not betrayed to someone
		// who could not see it if it did.
		if cerr := s.rules.Check(ctx, actor, account.ReadDecisionLog, account.Initiative(initiativeID)); cerr != nil {
			return nil, false, cerr
		}
		return nil, false, err
	}
	read := account.ReadDecisionLog
	if public {
		read = account.ReadPublicDecisionLog
	}
	if err := s.rules.Check(ctx, actor, read, account.Initiative(initiativeID)); err != nil {
		return nil, false, err
	}
	decisions, err = s.listProposals(ctx, `WHERE p.initiative_id = $1 AND p.status <> 'open'
		ORDER BY p.decided_at DESC, p.id DESC`, initiativeID)
	return decisions, public, err
}

// DecisionLogPublic reports whether an initiative shows its decision log to
// people who are not its members, to those who may read the log
// (account.ReadDecisionLog).
func (s *Store) DecisionLogPublic(ctx context.Context, actor account.Actor, initiativeID int64) (bool, error) {
	if err := s.rules.Check(ctx, actor, account.ReadDecisionLog, account.Initiative(initiativeID)); err != nil {
		return false, err
	}
	return decisionLogPublic(ctx, s.db, initiativeID)
}

func decisionLogPublic(ctx context.Context, q store.Querier, initiativeID int64) (bool, error) {
	return store.One(ctx, q, fmt.Sprintf("initiative %d", initiativeID), store.Value[bool],
		`SELECT decision_log_public FROM initiatives WHERE id = $1`, initiativeID)
}

// SetDecisionLogPublic chooses whether the initiative's decision log is
// public, for its backbone staff (account.PublishDecisionLog).
func (s *Store) SetDecisionLogPublic(ctx context.Context, actor account.Actor, initiativeID int64, public bool) error {
	if err := s.rules.Check(ctx, actor, account.PublishDecisionLog, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		var before bool
		if err := tx.QueryRowContext(ctx, `SELECT decision_log_public FROM initiatives WHERE id = $1`, initiativeID).Scan(&before); err != nil {
			return fmt.Errorf("read decision log setting: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE initiatives SET decision_log_public = $1, updated_at = $2 WHERE id = $3`, public, s.now(), initiativeID); err != nil {
			return fmt.Errorf("set decision log setting: %w", err)
		}
		summary := "made the decision log of " + in.Name + " public"
		if !public {
			summary = "made the decision log of " + in.Name + " visible to members only"
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "decision_log",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(initiativeID),
				Summary:    summary,
				Before:     map[string]bool{"decision_log_public": before},
				After:      map[string]bool{"decision_log_public": public},
			},
		)
	})
}
