package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Vote records organization orgID's vote on proposal proposalID of the
// initiative, cast by someone who acts for the organization
// (account.CastVote), at the time by the store's clock. An organization may
// change its vote until voting closes, as in Loomio: the latest vote
// counts, and every vote cast stays in the proposal's vote history (and
// the audit log). Refused, with nothing written: a vote after the deadline
// or on a closed proposal, a choice the rule does not offer, an
// organization that is not an active voting member, and one that has given
// its vote to a delegate (the delegate's vote counts for it).
func (s *Store) Vote(ctx context.Context, actor account.Actor, initiativeID, proposalID int64,
	orgID, choice, comment string) error {
	orgID = strings.TrimSpace(orgID)
	err := s.checkForOrganization(ctx, actor, account.CastVote, initiativeID, orgID,
		"organization_id", "the member organization that votes")
	if err != nil {
		return err
	}

	choice, comment = strings.ToLower(strings.TrimSpace(choice)), strings.TrimSpace(comment)
	if n := utf8.RuneCountInString(comment); n > maxProposalComment {
		return &errs.ValidationError{
			Fields: map[string]string{
				"comment": fmt.Sprintf("must be at most %d characters (it has %d)", maxProposalComment, n),
			},
		}
	}

	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, initiativeID, proposalID, now, "the vote was not recorded")
		if err != nil {
			return err
		}
		if !oneOf(choice, Choices(p.Rule.Name)) {
			return &errs.ValidationError{
				Fields: map[string]string{
					"choice": fmt.Sprintf(
						"must be one of %s under %s",
						strings.Join(Choices(p.Rule.Name), ", "),
						p.Rule.Name,
					),
				},
			}
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
				return decisionConflict(
					"organization_id",
					fmt.Sprintf(
						"%s has given its vote on %s to %s, whose vote counts for it",
						m.OrganizationName,
						account.Quote(p.Title),
						d.ToOrganizationName,
					),
				)
			}
			if d.ToOrganizationID == orgID {
				holds = append(holds, d.FromOrganizationName)
			}
		}
		before := Vote{OrganizationID: orgID, OrganizationName: m.OrganizationName}
		err = tx.QueryRowContext(ctx, `SELECT choice, comment, actor, revision, cast_at FROM proposal_votes
			WHERE proposal_id = $1 AND organization_id = $2`, proposalID, orgID).
			Scan(&before.Choice, &before.Comment, &before.Actor, &before.Revision, &before.CastAt)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read earlier vote: %w", err)
		}
		after := Vote{OrganizationID: orgID, OrganizationName: m.OrganizationName, Choice: choice, Comment: comment,
			UserID: actor.UserID, Actor: actorName(actor), Revision: before.Revision + 1, CastAt: now.UTC()}
		_, err = tx.ExecContext(
			ctx,
			`INSERT INTO proposal_votes (proposal_id, organization_id, choice, comment, user_id, actor, revision, cast_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (proposal_id, organization_id) DO UPDATE SET choice = excluded.choice, comment = excluded.comment,
				user_id = excluded.user_id, actor = excluded.actor, revision = excluded.revision, cast_at = excluded.cast_at`,
			proposalID,
			orgID,
			choice,
			comment,
			nullUser(actor.UserID),
			after.Actor,
			after.Revision,
			after.CastAt,
		)
		if err != nil {
			return fmt.Errorf("record vote: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_vote_history (proposal_id, organization_id, choice, comment,
			user_id, actor, revision, cast_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, proposalID, orgID, choice, comment,
			nullUser(actor.UserID), after.Actor, after.Revision, after.CastAt); err != nil {
			return fmt.Errorf("keep the vote in the history: %w", err)
		}
		ev := account.Event{
			At:         s.now(),
			Action:     "vote",
			EntityType: "initiative",
			EntityID:   fmt.Sprint(p.InitiativeID),
			After:      after,
			Summary:    fmt.Sprintf("%s voted %s on %s", m.OrganizationName, choiceLabel(choice), account.Quote(p.Title)),
		}
		if before.Revision > 0 {
			ev.Before = before
			ev.Summary = fmt.Sprintf("%s changed its vote on %s from %s to %s", m.OrganizationName, account.Quote(p.Title),
				choiceLabel(before.Choice), choiceLabel(choice))
		}
		if len(holds) > 0 {
			ev.Summary += fmt.Sprintf(" (also for %s, as delegate)", namesAnd(holds))
		}
		return account.Record(ctx, tx, actor, ev)
	})
}

// Delegate gives organization fromOrg's vote on proposal proposalID of the
// initiative to toOrg, who then votes for both; those who act for fromOrg
// decide it (account.DelegateVote). See CheckDelegation for what is
// refused.
func (s *Store) Delegate(ctx context.Context, actor account.Actor, initiativeID, proposalID int64,
	fromOrg, toOrg string) error {
	fromOrg, toOrg = strings.TrimSpace(fromOrg), strings.TrimSpace(toOrg)
	err := s.checkForOrganization(ctx, actor, account.DelegateVote, initiativeID, fromOrg,
		"from_organization_id", "the member organization that gives its vote")
	if err != nil {
		return err
	}
	if toOrg == "" {
		return &errs.ValidationError{Fields: map[string]string{
			"to_organization_id": "is required: the member organization that will vote for it"}}
	}

	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.openProposal(ctx, tx, initiativeID, proposalID, now, "the delegation was not recorded")
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
		d := Delegation{
			FromOrganizationID: fromOrg,
			ToOrganizationID:   toOrg,
			UserID:             actor.UserID,
			Actor:              actorName(actor),
			CreatedAt:          now,
		}
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
			return fmt.Errorf("record delegation: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "delegate",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(p.InitiativeID),
				Summary: fmt.Sprintf(
					"%s gave its vote on %s to %s",
					d.FromOrganizationName,
					account.Quote(p.Title),
					d.ToOrganizationName,
				),
				After: d,
			},
		)
	})
}

// Comment adds a member organization's remark to open proposal proposalID
// of the initiative, written by its people (account.CommentOnProposal).
// Any active member may comment, voting or not.
func (s *Store) Comment(ctx context.Context, actor account.Actor, initiativeID, proposalID int64,
	orgID, text string) (*Comment, error) {
	orgID = strings.TrimSpace(orgID)
	err := s.checkForOrganization(ctx, actor, account.CommentOnProposal, initiativeID, orgID,
		"organization_id", "the member organization that comments")
	if err != nil {
		return nil, err
	}

	text = strings.TrimSpace(text)
	if text == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"body": "is required"}}
	}
	if n := utf8.RuneCountInString(text); n > maxProposalComment {
		return nil, &errs.ValidationError{
			Fields: map[string]string{
				"body": fmt.Sprintf("must be at most %d characters (it has %d)", maxProposalComment, n),
			},
		}
	}

	now := s.now()
	var c *Comment
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Discussion may go on past the deadline until the proposal is closed.
		p, err := s.openProposal(ctx, tx, initiativeID, proposalID, time.Time{}, "the comment was not recorded")
		if err != nil {
			return err
		}
		m, err := proposalMember(ctx, tx, p.InitiativeID, orgID, "organization_id")
		if err != nil {
			return err
		}
		c = &Comment{
			OrganizationID:   orgID,
			OrganizationName: m.OrganizationName,
			UserID:           actor.UserID,
			Actor:            actorName(actor),
			Body:             text,
			CreatedAt:        now,
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO proposal_comments (proposal_id, organization_id, user_id, actor, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, proposalID, orgID, nullUser(actor.UserID), c.Actor, text, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("record comment: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "comment",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(p.InitiativeID),
				Summary:    fmt.Sprintf("%s commented on %s", m.OrganizationName, account.Quote(p.Title)),
				After:      c,
			},
		)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// openProposal locks proposal id of the initiative for a write and returns
// it, or a conflict when it is no longer open or (when now is not zero) its
// deadline has passed at now. The UPDATE takes the row lock on PostgreSQL,
// so a vote and a close cannot interleave; SQLite transactions are serial
// already.
func (s *Store) openProposal(
	ctx context.Context,
	tx *sql.Tx,
	initiativeID, id int64,
	now time.Time,
	nothing string,
) (*Proposal, error) {
	res, err := tx.ExecContext(
		ctx,
		`UPDATE proposals SET updated_at = updated_at WHERE initiative_id = $1 AND id = $2 AND status = 'open'`,
		initiativeID,
		id,
	)
	if err != nil {
		return nil, fmt.Errorf("lock proposal %d: %w", id, err)
	}
	p, err := getProposal(ctx, tx, initiativeID, id)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 || p.Status != ProposalOpen {
		return nil, decisionConflict(
			"status",
			fmt.Sprintf(
				"the proposal %s is closed (%s); %s",
				account.Quote(p.Title),
				strings.ReplaceAll(p.Status, "_", " "),
				nothing,
			),
		)
	}
	if !now.IsZero() && !now.Before(p.Deadline) {
		return nil, decisionConflict(
			"deadline",
			fmt.Sprintf(
				"voting on %s closed at %s; %s",
				account.Quote(p.Title),
				s.moment(ctx, tx, initiativeID, p.Deadline),
				nothing,
			),
		)
	}
	return p, nil
}
