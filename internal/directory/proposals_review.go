package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// ProposalReview is a steward's acceptance of a proposal, field by field.
type ProposalReview struct {
	// Fields are the fields to apply; the other proposed fields are
	// declined. Nil accepts them all, which is refused while any of them
	// conflicts with a change made to the record since.
	Fields []string
	// Overwrite are fields, accepted too, that conflict with a change
	// made since and that the steward chose to overwrite all the same. A
	// conflicting field accepted without being named here is refused.
	Overwrite []string
	// Values are values the steward corrected before accepting, by field,
	// in place of the proposed ones.
	Values map[string]any
	Note   string
}

// AcceptProposal applies the fields of a pending proposal the review
// accepts, declines the others, and marks it accepted, all in one
// transaction, for a steward (account.ReviewProposals). For an update, a
// field changed in the record since the proposal was made is never
// overwritten unless the review names it in Overwrite. For a new
// organization, the name must be among the fields accepted, and the
// organization is added to the directory.
func (s *Store) AcceptProposal(
	ctx context.Context,
	actor account.Actor,
	id int64,
	rv ProposalReview,
) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
		return nil, err
	}

	rv.Note = strings.TrimSpace(rv.Note)
	if err := checkNote("review_note", rv.Note, false); err != nil {
		return nil, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, o, err := s.reviewable(ctx, tx, id)
		if err != nil {
			return err
		}
		applied, err := acceptedValues(p, rv)
		if err != nil {
			return err
		}

		if p.NewOrganization() {
			created, err := s.CreateOrganizationTx(ctx, tx, actor, "", mergeFields(OrganizationInput{}, applied))
			if err != nil {
				return err
			}
			p.EntityID, p.EntityName = created.ID, created.Name
			applied = changedFields(OrganizationInput{}, InputOf(created))
		} else {
			in := mergeFields(InputOf(o), applied)
			if _, err := s.updateOrganizationTx(ctx, tx, actor, o.ID, o.Version, in); err != nil {
				return err
			}
		}
		return s.review(ctx, tx, actor, p, ProposalAccepted, rv.Note, applied)
	})
	if err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
}

// mergeFields returns in with the given fields replaced; the fields were
// checked to be an organization's, so they always apply.
func mergeFields(in OrganizationInput, fields map[string]any) OrganizationInput {
	out, err := applyFields(in, fields)
	if err != nil {
		return in
	}
	return out
}

// acceptedValues decides, from a review, the fields of p to apply and the
// values to give them, refusing a review that names a field p does not
// propose, leaves out a new organization's name, or would overwrite a
// conflicting field without saying so.
func acceptedValues(p *Proposal, rv ProposalReview) (map[string]any, error) {
	var v errs.ValidationError
	proposed := map[string]FieldChange{}
	for _, c := range p.Changes {
		proposed[c.Field] = c
	}
	// A steward correcting a proposed organization may fill in a field the
	// proposer left empty: it is accepted with the value given.
	added := map[string]bool{}
	for _, f := range slices.Concat(rv.Fields, rv.Overwrite) {
		_, valued := rv.Values[f]
		_, ok := proposed[f]
		switch {
		case ok:
		case p.NewOrganization() && valued && fieldLabel(f) != "":
			added[f] = true
		default:
			v.Add("fields", fmt.Sprintf("%q is not a field this proposal changes", f))
		}
	}
	for f, val := range rv.Values {
		if fieldLabel(f) == "" {
			v.Add("values", fmt.Sprintf("%q is not a field of an organization", f))
		} else if _, err := applyFields(OrganizationInput{}, map[string]any{f: val}); err != nil {
			v.Add(f, "has a value of the wrong kind (a text, a list of sectors, or a year as a number)")
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	all := rv.Fields == nil && rv.Overwrite == nil
	accept := added
	for _, c := range p.Changes {
		switch {
		case all && c.Conflict:
			return nil, &errs.ConflictError{Field: c.Field, Message: fmt.Sprintf(
				"%s was changed in the record since the proposal was made (now %q): review the proposal field by field",
				c.Label, c.Current)}
		case all:
			accept[c.Field] = true
		case slices.Contains(rv.Overwrite, c.Field):
			accept[c.Field] = true
		case slices.Contains(rv.Fields, c.Field) && c.Conflict:
			return nil, &errs.ConflictError{Field: c.Field, Message: fmt.Sprintf(
				"%s was changed in the record since the proposal was made (now %q): "+
					"leave it out, or choose to overwrite it", c.Label, c.Current)}
		case slices.Contains(rv.Fields, c.Field):
			accept[c.Field] = true
		}
	}
	if len(accept) == 0 {
		v.Add("fields", "choose at least one field to accept, or reject the proposal")
	}
	if p.NewOrganization() && !accept["name"] {
		v.Add("fields", "the name must be accepted to add the organization")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	out := map[string]any{}
	for f := range accept {
		out[f] = p.Fields[f]
		if val, ok := rv.Values[f]; ok {
			out[f] = val
		}
	}
	return out, nil
}

// RejectProposal closes a pending proposal without applying it, for a
// steward who reviews it (account.ReviewProposals); the note, which says
// why, is required.
func (s *Store) RejectProposal(ctx context.Context, actor account.Actor, id int64, note string) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
		return nil, err
	}

	note = strings.TrimSpace(note)
	if err := checkNote("review_note", note, true); err != nil {
		return nil, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, _, err := s.reviewable(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.review(ctx, tx, actor, p, ProposalRejected, note, map[string]any{})
	})
	if err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
}

// reviewable loads a proposal that is still pending.
func (s *Store) reviewable(ctx context.Context, tx *sql.Tx, id int64) (*Proposal, *Organization, error) {
	p, o, err := s.proposal(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if p.Status != ProposalPending {
		return nil, nil, &errs.ConflictError{
			Field:   "status",
			Message: fmt.Sprintf("proposal %d was already %s by %s", p.ID, p.Status, p.ReviewedBy),
		}
	}
	return p, o, nil
}

// review marks a pending proposal accepted or rejected with the fields it
// applied (and so those it declined), refusing it if another review got
// there first, and records the event.
func (s *Store) review(ctx context.Context, tx *sql.Tx, actor account.Actor, p *Proposal, status, note string,
	applied map[string]any) error {
	declined := []string{}
	for _, c := range p.Changes {
		if _, ok := applied[c.Field]; !ok {
			declined = append(declined, c.Field)
		}
	}
	appliedJSON, err := json.Marshal(applied)
	if err != nil {
		return fmt.Errorf("review proposal %d: %w", p.ID, err)
	}
	declinedJSON, err := json.Marshal(declined)
	if err != nil {
		return fmt.Errorf("review proposal %d: %w", p.ID, err)
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}

	res, err := tx.ExecContext(
		ctx,
		`UPDATE change_proposals SET status = $1, reviewed_by = $2, reviewed_by_label = $3, review_note = $4,
		reviewed_at = $5, entity_id = $6, applied_json = $7, declined_json = $8 WHERE id = $9 AND status = $10`,
		status, uid, actorLabel(actor), note, s.now(), p.EntityID, string(appliedJSON), string(declinedJSON),
		p.ID, ProposalPending,
	)
	if err != nil {
		return fmt.Errorf("review proposal %d: %w", p.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &errs.ConflictError{
			Field:   "status",
			Message: fmt.Sprintf("proposal %d was reviewed by someone else meanwhile", p.ID),
		}
	}

	event := account.Event{
		At:         s.now(),
		Action:     map[string]string{ProposalAccepted: "accept", ProposalRejected: "reject"}[status],
		EntityType: KindOrganization,
		EntityID:   p.EntityID,
		Summary:    reviewSummary(p, status, len(applied)),
		Before:     map[string]any{"status": ProposalPending},
		After: map[string]any{"status": status, "review_note": note, "fields": p.Fields, "applied": applied,
			"declined": declined, "proposal_id": p.ID, "proposer": p.ProposedBy, "organization_id": p.EntityID},
	}
	if p.NewOrganization() && p.EntityID == "" {
		event.EntityType, event.EntityID = KindNewOrganization, fmt.Sprint(p.ID)
	}
	return account.Record(ctx, tx, actor, event)
}

// reviewSummary says in the audit log what a review did.
func reviewSummary(p *Proposal, status string, applied int) string {
	if p.NewOrganization() {
		return fmt.Sprintf("%s the proposal of %s for %s (proposal %d)", status, p.ProposedBy, p.EntityName, p.ID)
	}
	if status == ProposalAccepted && applied < len(p.Changes) {
		return fmt.Sprintf("accepted %d of the %d fields of the update to %s proposed by %s (proposal %d)",
			applied, len(p.Changes), p.EntityName, p.ProposedBy, p.ID)
	}
	return fmt.Sprintf("%s the update to %s proposed by %s (proposal %d)", status, p.EntityName, p.ProposedBy, p.ID)
}

// ProposalToReview returns a proposal, pending or reviewed, to a steward
// (account.ReviewProposals).
func (s *Store) ProposalToReview(ctx context.Context, actor account.Actor, id int64) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
}
