package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Proposal statuses.
const (
	ProposalPending  = "pending"
	ProposalAccepted = "accepted"
	ProposalRejected = "rejected"
)

// maxProposalNote bounds the note that goes with a proposal or its review.
const maxProposalNote = 2000

// Proposal is an update to an organization's record that one of its own
// people proposed, waiting for a steward's review or already reviewed.
type Proposal struct {
	ID         int64          `json:"id"`
	EntityType string         `json:"entity_type"` // organization
	EntityID   string         `json:"entity_id"`
	EntityName string         `json:"entity_name"`
	Fields     map[string]any `json:"fields"` // the fields it changes, by their OrganizationInput JSON names
	// BaseVersion is the version of the record the proposal was written
	// against; when the record has moved on since, the proposal is stale.
	BaseVersion    int           `json:"base_version"`
	CurrentVersion int           `json:"current_version"`
	Stale          bool          `json:"stale"`
	Note           string        `json:"note"`
	ProposedBy     string        `json:"proposed_by"`
	ProposedAt     time.Time     `json:"proposed_at"`
	Status         string        `json:"status"`
	ReviewedBy     string        `json:"reviewed_by"`
	ReviewNote     string        `json:"review_note"`
	ReviewedAt     *time.Time    `json:"reviewed_at"`
	Changes        []FieldChange `json:"changes"`
}

// FieldChange is one field of a proposal: its value in the record now and
// the value proposed.
type FieldChange struct {
	Field    string `json:"field"`
	Label    string `json:"label"`
	Current  string `json:"current"`
	Proposed string `json:"proposed"`
	Changed  bool   `json:"changed"` // false when the record already says what was proposed
}

// organizationFields are the fields of OrganizationInput in the order a
// person reads them, with the labels the forms use.
var organizationFields = []struct{ Name, Label string }{
	{"name", "Name"}, {"alternate_name", "Also known as"}, {"description", "What it does"}, {"mission", "Mission"},
	{"sectors", "Sectors"}, {"email", "Email"}, {"website", "Website"}, {"legal_status", "Legal status"},
	{"tax_status", "Tax status"}, {"tax_id", "Tax ID"}, {"year_incorporated", "Year incorporated"},
}

// inputFields returns an input as a map from JSON names to values, the form
// a proposal stores its fields in.
func inputFields(in OrganizationInput) map[string]any {
	b, _ := json.Marshal(in) // a struct of strings and numbers always encodes
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// applyFields returns in with the given fields replaced.
func applyFields(in OrganizationInput, fields map[string]any) (OrganizationInput, error) {
	m := inputFields(in)
	for k, v := range fields {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		return in, fmt.Errorf("apply proposed fields: %w", err)
	}
	var out OrganizationInput
	if err := json.Unmarshal(b, &out); err != nil {
		return in, fmt.Errorf("apply proposed fields: %w", err)
	}
	return out, nil
}

// changedFields returns the fields of proposed that differ from current.
func changedFields(current, proposed OrganizationInput) map[string]any {
	was, now := inputFields(current), inputFields(proposed)
	out := map[string]any{}
	for k, v := range now {
		if fieldText(v) != fieldText(was[k]) {
			out[k] = v
		}
	}
	return out
}

// fieldText shows a field's value as a person reads it.
func fieldText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, fieldText(p))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// ProposalDiff gives a proposal's change field by field against the record
// as it is now, in the order the form shows the fields.
func ProposalDiff(fields map[string]any, current OrganizationInput) []FieldChange {
	now := inputFields(current)
	var out []FieldChange
	for _, f := range organizationFields {
		v, ok := fields[f.Name]
		if !ok {
			continue
		}
		c := FieldChange{Field: f.Name, Label: f.Label, Current: fieldText(now[f.Name]), Proposed: fieldText(v)}
		c.Changed = c.Current != c.Proposed
		out = append(out, c)
	}
	return out
}

func checkNote(field, note string, required bool) error {
	var v errs.ValidationError
	if required && strings.TrimSpace(note) == "" {
		v.Add(field, "is required: say why, so the person who proposed it knows")
	}
	if n := utf8.RuneCountInString(note); n > maxProposalNote {
		v.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", maxProposalNote, n))
	}
	return v.OrNil()
}

// ProposeOrganizationUpdate stores, as pending, the update that one of the
// organization's people proposes (account.ProposeUpdate): in is the record
// as they would have it, written against version (0 for the current one).
// Only the fields that differ from the record are kept.
func (s *Store) ProposeOrganizationUpdate(
	ctx context.Context,
	actor account.Actor,
	orgID string,
	version int,
	in OrganizationInput,
	note string,
) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ProposeUpdate, account.Org(orgID)); err != nil {
		return nil, err
	}

	note = strings.TrimSpace(note)
	if err := in.Normalize(s.now()); err != nil {
		return nil, err
	}
	if err := checkNote("note", note, false); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.organization(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if o.Archived() {
			return &errs.ConflictError{Message: o.Name + " is archived; its record cannot be updated"}
		}
		if version != 0 && version != o.Version {
			return &errs.ConflictError{
				Field: "version",
				Message: fmt.Sprintf(
					"%s was changed since you opened it (version %d, now %d); reload it and propose your change again",
					o.Name,
					version,
					o.Version,
				),
			}
		}
		fields := changedFields(InputOf(o), in)
		if len(fields) == 0 {
			v := &errs.ValidationError{}
			v.Add("fields", "propose at least one change: every field is the same as in the record")
			return v
		}
		data, err := json.Marshal(fields)
		if err != nil {
			return fmt.Errorf("encode proposal: %w", err)
		}
		var uid any
		if actor.UserID != 0 {
			uid = actor.UserID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO change_proposals (entity_type, entity_id, fields_json, base_version, note,
			proposed_by, proposed_by_label, proposed_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			KindOrganization, orgID, string(data), o.Version, note, uid, actorLabel(actor), s.now(), ProposalPending).
			Scan(&id)
		if err != nil {
			return fmt.Errorf("save proposal: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "propose", EntityType: KindOrganization, EntityID: orgID,
				Summary: fmt.Sprintf("proposed an update to %s (proposal %d)", o.Name, id), After: fields},
		)
	})
	if err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
}

func actorLabel(a account.Actor) string {
	if a.Label == "" {
		return "system"
	}
	return a.Label
}

const proposalColumns = `p.id, p.entity_type, p.entity_id, p.fields_json, p.base_version, p.note, p.proposed_by_label, p.proposed_at,
	p.status, p.reviewed_by_label, p.review_note, p.reviewed_at`

// loadProposal reads one proposal with the record it changes, as it is now.
func (s *Store) loadProposal(
	ctx context.Context,
	q store.Querier,
	row store.Scanner,
) (*Proposal, *Organization, error) {
	p := &Proposal{}
	var data string
	var reviewed sql.NullTime
	if err := row.Scan(&p.ID, &p.EntityType, &p.EntityID, &data, &p.BaseVersion, &p.Note, &p.ProposedBy, &p.ProposedAt,
		&p.Status, &p.ReviewedBy, &p.ReviewNote, &reviewed); err != nil {
		return nil, nil, err
	}
	if reviewed.Valid {
		t := reviewed.Time
		p.ReviewedAt = &t
	}
	if err := json.Unmarshal([]byte(data), &p.Fields); err != nil {
		return nil, nil, fmt.Errorf("read proposal %d: %w", p.ID, err)
	}
	o, err := s.organization(ctx, q, p.EntityID)
	if err != nil {
		return nil, nil, err
	}
	p.EntityName, p.CurrentVersion = o.Name, o.Version
	p.Stale = p.Status == ProposalPending && o.Version != p.BaseVersion
	p.Changes = ProposalDiff(p.Fields, InputOf(o))
	return p, o, nil
}

// Proposal returns a proposal of an organization's record, read through
// the organization, to its people and the stewards (account.ViewProposals):
// a proposal of another organization is not found.
func (s *Store) Proposal(ctx context.Context, actor account.Actor, orgID string, id int64) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ViewProposals, account.Org(orgID)); err != nil {
		return nil, err
	}

	row := s.db.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM change_proposals p
		WHERE p.entity_type = $1 AND p.entity_id = $2 AND p.id = $3`, KindOrganization, orgID, id)
	p, _, err := s.readProposal(ctx, s.db, id, row)
	return p, err
}

// proposal reads a proposal by id, whichever organization it is of; the
// caller has checked the rule of its operation.
func (s *Store) proposal(ctx context.Context, q store.Querier, id int64) (*Proposal, *Organization, error) {
	row := q.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM change_proposals p WHERE p.id = $1`, id)
	return s.readProposal(ctx, q, id, row)
}

// readProposal reads the proposal id from the row of a query of its columns.
func (s *Store) readProposal(ctx context.Context, q store.Querier, id int64,
	row *sql.Row) (*Proposal, *Organization, error) {
	p, o, err := s.loadProposal(ctx, q, row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("proposal %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("get proposal %d: %w", id, err)
	}
	return p, o, nil
}

// ProposalFilter selects proposals for a list.
type ProposalFilter struct {
	Status         string // pending (default), accepted, rejected or all
	OrganizationID string // only those about this organization
	Limit          int
	Offset         int
}

// ListProposals returns one page of proposals, oldest first, so that the
// review queue is worked through in the order it filled: the whole queue to
// the stewards (account.ReviewProposals), those of one organization
// (f.OrganizationID) to its people and the stewards (account.ViewProposals).
func (s *Store) ListProposals(ctx context.Context, actor account.Actor, f ProposalFilter) (*Page[*Proposal], error) {
	if f.OrganizationID == "" {
		if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
			return nil, err
		}
	} else if _, err := s.OrganizationFor(ctx, actor, account.ViewProposals, f.OrganizationID); err != nil {
		return nil, err
	}

	var v errs.ValidationError
	switch f.Status {
	case "":
		f.Status = ProposalPending
	case ProposalPending, ProposalAccepted, ProposalRejected, "all":
	default:
		v.Add("status", "must be pending, accepted, rejected or all")
	}
	if f.Limit == 0 {
		f.Limit = 25
	}
	if f.Limit < 1 || f.Limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPageSize))
	}
	if f.Offset < 0 {
		v.Add("offset", "must not be negative")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	cond := `($1 = 'all' OR p.status = $1) AND ($2 = '' OR p.entity_id = $2)`
	page := &Page[*Proposal]{Items: []*Proposal{}, Limit: f.Limit, Offset: f.Offset}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM change_proposals p WHERE `+cond, f.Status, f.OrganizationID).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("count proposals: %w", err)
	}
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT p.id FROM change_proposals p WHERE `+cond+` ORDER BY p.proposed_at, p.id LIMIT $3 OFFSET $4`,
		f.Status,
		f.OrganizationID,
		f.Limit,
		f.Offset,
	)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list proposals: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	// A review page holds a few proposals; each is read with its record.
	for _, id := range ids {
		p, _, err := s.proposal(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, p)
	}
	return page, nil
}

// AcceptProposal applies a pending proposal to the organization's record,
// in the same transaction that marks it accepted, for a steward who reviews
// it (account.ReviewProposals). A proposal written against a version that
// has changed since is refused with a conflict: the steward rejects it or
// asks for a fresh one, rather than undoing the newer edit.
func (s *Store) AcceptProposal(ctx context.Context, actor account.Actor, id int64, note string) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
		return nil, err
	}

	note = strings.TrimSpace(note)
	if err := checkNote("review_note", note, false); err != nil {
		return nil, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, o, err := s.reviewable(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Stale {
			return &errs.ConflictError{
				Field: "version",
				Message: fmt.Sprintf(
					"proposal %d is stale: %s was changed after it was proposed (version %d, now %d); reject it or ask for a fresh proposal",
					p.ID,
					o.Name,
					p.BaseVersion,
					o.Version,
				),
			}
		}
		in, err := applyFields(InputOf(o), p.Fields)
		if err != nil {
			return err
		}
		if _, err := s.updateOrganizationTx(ctx, tx, actor, o.ID, p.BaseVersion, in); err != nil {
			return err
		}
		return s.review(ctx, tx, actor, p, ProposalAccepted, note)
	})
	if err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
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
		return s.review(ctx, tx, actor, p, ProposalRejected, note)
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

// review marks a pending proposal accepted or rejected, refusing it if
// another review got there first, and records the event.
func (s *Store) review(ctx context.Context, tx *sql.Tx, actor account.Actor, p *Proposal, status, note string) error {
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	res, err := tx.ExecContext(
		ctx,
		`UPDATE change_proposals SET status = $1, reviewed_by = $2, reviewed_by_label = $3, review_note = $4,
		reviewed_at = $5 WHERE id = $6 AND status = $7`,
		status,
		uid,
		actorLabel(actor),
		note,
		s.now(),
		p.ID,
		ProposalPending,
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
	action := map[string]string{ProposalAccepted: "accept", ProposalRejected: "reject"}[status]
	return account.Record(
		ctx,
		tx,
		actor,
		account.Event{At: s.now(), Action: action, EntityType: KindOrganization, EntityID: p.EntityID,
			Summary: fmt.Sprintf(
				"%s the update to %s proposed by %s (proposal %d)",
				status,
				p.EntityName,
				p.ProposedBy,
				p.ID,
			),
			Before: map[string]any{
				"status": ProposalPending,
			}, After: map[string]any{"status": status, "review_note": note, "fields": p.Fields}},
	)
}
