package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// KindNewOrganization is the entity type of a proposal of an organization
// that is not in the directory yet.
const KindNewOrganization = "new_organization"

// Proposal is an update to an organization's record that one of its own
// people proposed, or an organization someone proposed adding, waiting for
// a steward's review or already reviewed.
type Proposal struct {
	ID         int64          `json:"id"`
	EntityType string         `json:"entity_type"` // organization, or new_organization
	EntityID   string         `json:"entity_id"`   // for a new organization, "" until it is accepted
	EntityName string         `json:"entity_name"`
	Fields     map[string]any `json:"fields"` // the fields it changes, by their OrganizationInput JSON names
	// BaseVersion is the version of the record the proposal was written
	// against; when the record has moved on since, the proposal is stale.
	BaseVersion    int    `json:"base_version"`
	CurrentVersion int    `json:"current_version"`
	Stale          bool   `json:"stale"`
	Note           string `json:"note"`
	ProposedBy     string `json:"proposed_by"`
	// ProposedByName is the proposer's name as their account has it now
	// (their sign-in, ProposedBy, when the account is gone).
	ProposedByName string        `json:"proposed_by_name"`
	ProposedAt     time.Time     `json:"proposed_at"`
	Status         string        `json:"status"`
	ReviewedBy     string        `json:"reviewed_by"`
	ReviewNote     string        `json:"review_note"`
	ReviewedAt     *time.Time    `json:"reviewed_at"`
	Changes        []FieldChange `json:"changes"`
	// Applied are the fields the review applied, with the values they were
	// given (a steward may correct a proposed organization's values);
	// Declined are the proposed fields the review left out.
	Applied  map[string]any `json:"applied"`
	Declined []string       `json:"declined"`
	// Similar are organizations already in the directory whose name is like
	// the one a pending new organization proposes: perhaps the same one.
	Similar []OrganizationName `json:"similar"`
}

// NewOrganization reports whether p proposes an organization that is not in
// the directory yet.
func (p *Proposal) NewOrganization() bool { return p.EntityType == KindNewOrganization }

// Conflicts counts the fields of a pending proposal that changed in the
// record since it was made.
func (p *Proposal) Conflicts() int {
	n := 0
	for _, c := range p.Changes {
		if c.Conflict {
			n++
		}
	}
	return n
}

// OrganizationName names an organization of the directory.
type OrganizationName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// FieldChange is one field of a proposal: its value in the record now, the
// value it had when the proposal was made, and the value proposed.
type FieldChange struct {
	Field    string `json:"field"`
	Label    string `json:"label"`
	Current  string `json:"current"`
	Base     string `json:"base"` // the value when the proposal was made
	Proposed string `json:"proposed"`
	Changed  bool   `json:"changed"` // false when the record already says what was proposed
	// Conflict is set on a pending proposal's field that someone changed
	// in the record since the proposal was made (and not to what was
	// proposed): accepting it would overwrite their change.
	Conflict bool `json:"conflict"`
	// Outcome is, once reviewed, applied or declined ("" while pending).
	Outcome string `json:"outcome"`
	// Applied is the value the review gave the field when applied: the
	// proposed one, or the steward's correction of it.
	Applied string `json:"applied"`
}

// Outcomes of a field of a reviewed proposal.
const (
	FieldApplied  = "applied"
	FieldDeclined = "declined"
)

// organizationFields are the fields of OrganizationInput in the order a
// person reads them, with the labels the forms use.
var organizationFields = []struct{ Name, Label string }{
	{"name", "Name"}, {"alternate_name", "Also known as"}, {"description", "What it does"}, {"mission", "Mission"},
	{"sectors", "Sectors"}, {"email", "Email"}, {"website", "Website"}, {"legal_status", "Legal status"},
	{"tax_status", "Tax status"}, {"tax_id", "Tax ID"}, {"year_incorporated", "Year incorporated"},
	{"parent_organization_id", "Part of"},
}

// inputFields returns an input as a map from JSON names to values, the form
// a proposal stores its fields in.
func inputFields(in OrganizationInput) map[string]any {
	b, _ := json.Marshal(in) // a struct of strings and numbers always encodes
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// FieldsOf returns an organization's fields by their JSON names, as a
// proposal and a review name them.
func FieldsOf(in OrganizationInput) map[string]any { return inputFields(in) }

// FieldValueText shows the value of a field of FieldsOf as a person reads
// it ("" for an empty one).
func FieldValueText(v any) string { return fieldText(v) }

// InputFromFields returns the input that holds the given fields, the
// others empty; a value of the wrong kind is left out.
func InputFromFields(fields map[string]any) OrganizationInput {
	in, _ := applyFields(OrganizationInput{}, fields)
	return in
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
		if !sameField(v, was[k]) {
			out[k] = v
		}
	}
	return out
}

// sameField reports whether two values of a field say the same: a list
// (the sectors) in any order.
func sameField(a, b any) bool {
	key := func(v any) string {
		list, ok := v.([]any)
		if !ok {
			return fieldText(v)
		}
		parts := make([]string, 0, len(list))
		for _, p := range list {
			parts = append(parts, fieldText(p))
		}
		slices.Sort(parts)
		return strings.Join(parts, "\x00")
	}
	return key(a) == key(b)
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
// as it is now, in the order the form shows the fields. base holds the
// values the fields had when the proposal was made (nil when not known):
// a field whose value has moved from its base since, to something other
// than what was proposed, is a conflict.
func ProposalDiff(fields, base map[string]any, current OrganizationInput) []FieldChange {
	now := inputFields(current)
	var out []FieldChange
	for _, f := range organizationFields {
		v, ok := fields[f.Name]
		if !ok {
			continue
		}
		c := FieldChange{Field: f.Name, Label: f.Label, Current: fieldText(now[f.Name]), Proposed: fieldText(v)}
		c.Changed = !sameField(now[f.Name], v)
		if base != nil {
			c.Base = fieldText(base[f.Name])
			c.Conflict = c.Changed && !sameField(base[f.Name], now[f.Name])
		}
		out = append(out, c)
	}
	return out
}

// fieldLabel returns the label the forms give a field, or "" for a name
// that is not a field of an organization.
func fieldLabel(name string) string {
	for _, f := range organizationFields {
		if f.Name == name {
			return f.Label
		}
	}
	return ""
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
		was := inputFields(InputOf(o))
		base := map[string]any{}
		for k := range fields {
			base[k] = was[k]
		}
		id, err = s.insertProposal(ctx, tx, actor, KindOrganization, orgID, o.Version, fields, base, note)
		if err != nil {
			return err
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

// insertProposal stores a pending proposal: the fields it proposes and the
// values they had when it was made.
func (s *Store) insertProposal(ctx context.Context, tx *sql.Tx, actor account.Actor, kind, entityID string,
	version int, fields, base map[string]any, note string) (int64, error) {
	data, err := json.Marshal(fields)
	if err != nil {
		return 0, fmt.Errorf("encode proposal: %w", err)
	}
	was, err := json.Marshal(base)
	if err != nil {
		return 0, fmt.Errorf("encode proposal: %w", err)
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}

	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO change_proposals (entity_type, entity_id, fields_json, base_json,
		base_version, note, proposed_by, proposed_by_label, proposed_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		kind, entityID, string(data), string(was), version, note, uid, actorLabel(actor), s.now(), ProposalPending).
		Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save proposal: %w", err)
	}
	return id, nil
}

func actorLabel(a account.Actor) string {
	if a.Label == "" {
		return "system"
	}
	return a.Label
}

const proposalColumns = `p.id, p.entity_type, p.entity_id, p.fields_json, p.base_json, p.base_version, p.note,
	p.proposed_by_label, COALESCE((SELECT u.name FROM users u WHERE u.id = p.proposed_by), p.proposed_by_label),
	p.proposed_at, p.status, p.reviewed_by_label, p.review_note, p.reviewed_at,
	p.applied_json, p.declined_json`

// loadProposal reads one proposal with the record it changes, as it is now
// (nil for a new organization not accepted yet).
func (s *Store) loadProposal(
	ctx context.Context,
	q store.Querier,
	row store.Scanner,
) (*Proposal, *Organization, error) {
	p := &Proposal{}
	var data, base, applied, declined string
	var reviewed sql.NullTime
	if err := row.Scan(&p.ID, &p.EntityType, &p.EntityID, &data, &base, &p.BaseVersion, &p.Note, &p.ProposedBy,
		&p.ProposedByName, &p.ProposedAt, &p.Status, &p.ReviewedBy, &p.ReviewNote, &reviewed, &applied,
		&declined); err != nil {
		return nil, nil, err
	}
	if reviewed.Valid {
		t := reviewed.Time
		p.ReviewedAt = &t
	}
	var was map[string]any
	err := errors.Join(
		json.Unmarshal([]byte(data), &p.Fields),
		json.Unmarshal([]byte(applied), &p.Applied),
		json.Unmarshal([]byte(declined), &p.Declined),
	)
	if err == nil && base != "" {
		err = json.Unmarshal([]byte(base), &was)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read proposal %d: %w", p.ID, err)
	}
	p.Similar = []OrganizationName{}

	if p.NewOrganization() {
		return s.loadNewOrganization(ctx, q, p)
	}
	o, err := s.organization(ctx, q, p.EntityID)
	if err != nil {
		return nil, nil, err
	}
	p.EntityName, p.CurrentVersion = o.Name, o.Version
	pending := p.Status == ProposalPending
	p.Stale = pending && o.Version != p.BaseVersion
	if !pending {
		was = nil
	}
	p.Changes = ProposalDiff(p.Fields, was, InputOf(o))
	if pending && base == "" && p.Stale {
		// Proposed before the values were kept: any field that differs may
		// have been changed since, so each is taken for a conflict.
		for i := range p.Changes {
			p.Changes[i].Conflict = p.Changes[i].Changed
		}
	}
	p.markOutcomes()
	return p, o, nil
}

// markOutcomes says, on each field of a reviewed proposal, whether the
// review applied it or declined it.
func (p *Proposal) markOutcomes() {
	if p.Status == ProposalPending {
		return
	}
	for i, c := range p.Changes {
		p.Changes[i].Outcome = FieldDeclined
		if v, ok := p.Applied[c.Field]; ok {
			p.Changes[i].Outcome = FieldApplied
			p.Changes[i].Applied = fieldText(v)
		}
	}
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
	Mine           bool   // only those the person asking made
	Kind           string // only updates (organization) or new organizations (new_organization); "" both
	Limit          int
	Offset         int
}

// ListProposals returns one page of proposals, oldest first, so that the
// review queue is worked through in the order it filled: the whole queue to
// the stewards (account.ReviewProposals), those of one organization
// (f.OrganizationID) to its people and the stewards (account.ViewProposals),
// and one's own (f.Mine) to anyone signed in (account.ViewOwnProposals).
func (s *Store) ListProposals(ctx context.Context, actor account.Actor, f ProposalFilter) (*Page[*Proposal], error) {
	var mine int64
	switch {
	case f.Mine:
		if err := s.rules.Check(ctx, actor, account.ViewOwnProposals, account.Platform); err != nil {
			return nil, err
		}
		mine = actor.UserID
		if mine == 0 {
			mine = -1 // a command has no proposals of its own
		}
	case f.OrganizationID == "":
		if err := s.rules.Check(ctx, actor, account.ReviewProposals, account.Platform); err != nil {
			return nil, err
		}
	}
	if f.OrganizationID != "" {
		if _, err := s.OrganizationFor(ctx, actor, account.ViewProposals, f.OrganizationID); err != nil {
			return nil, err
		}
	}

	var v errs.ValidationError
	switch f.Status {
	case "":
		f.Status = ProposalPending
	case ProposalPending, ProposalAccepted, ProposalRejected, "all":
	default:
		v.Add("status", "must be pending, accepted, rejected or all")
	}
	switch f.Kind {
	case "", KindOrganization, KindNewOrganization:
	default:
		v.Add("kind", "must be organization or new_organization")
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
	cond := `($1 = 'all' OR p.status = $1) AND ($2 = '' OR p.entity_id = $2) AND ($3 = 0 OR p.proposed_by = $3)
		AND ($4 = '' OR p.entity_type = $4)`
	page := &Page[*Proposal]{Items: []*Proposal{}, Limit: f.Limit, Offset: f.Offset}
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM change_proposals p WHERE `+cond,
		f.Status, f.OrganizationID, mine, f.Kind).Scan(&page.Total)
	if err != nil {
		return nil, fmt.Errorf("count proposals: %w", err)
	}

	// One's own proposals are read newest first: the latest outcome on top.
	order := `p.proposed_at, p.id`
	if f.Mine {
		order = `p.proposed_at DESC, p.id DESC`
	}
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT p.id FROM change_proposals p WHERE `+cond+` ORDER BY `+order+` LIMIT $5 OFFSET $6`,
		f.Status,
		f.OrganizationID,
		mine,
		f.Kind,
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
