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

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// MergeField is a field of an organization's record that a merge can take
// from the merged record into the kept one, when the steward chooses to.
type MergeField struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// MergeFields are the fields a steward chooses between, in the form's order.
var MergeFields = []MergeField{
	{"name", "Name"}, {"alternate_name", "Other name"}, {"description", "Description"}, {"mission", "Mission"},
	{"email", "Email"}, {"website", "Website"}, {"tax_status", "Tax status"}, {"tax_id", "Tax id"},
	{"year_incorporated", "Year incorporated"}, {"legal_status", "Legal status"}, {"logo", "Logo"}, {"uri", "URI"},
}

// FieldDifference is a field whose value differs between the two records:
// the kept record's value stays unless the steward takes the other's.
type FieldDifference struct {
	MergeField
	Kept  string `json:"kept"`
	Other string `json:"other"`
}

// MergePreview is what a steward sees before merging: both records, the
// fields that differ, and how many rows of each kind would move.
type MergePreview struct {
	Kept        *Organization     `json:"kept"`
	Merged      *Organization     `json:"merged"`
	Differences []FieldDifference `json:"differences"`
	Moves       map[string]int    `json:"moves"`
}

// MergeInput is a steward's merge: the record kept, the one merged into it,
// and the fields (by name) whose value is taken from the merged record.
type MergeInput struct {
	KeepID  string   `json:"keep_id"`
	MergeID string   `json:"merge_id"`
	Take    []string `json:"take"`
}

// MergedField is a field of the kept record a merge changed.
type MergedField struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// OrganizationMerge is a merge as recorded: what moved, so it can be undone.
type OrganizationMerge struct {
	ID         int64              `json:"id"`
	KeptID     string             `json:"kept_id"`
	KeptName   string             `json:"kept_name"`
	MergedID   string             `json:"merged_id"`
	MergedName string             `json:"merged_name"`
	Moved      map[string][][]any `json:"-"`
	Moves      map[string]int     `json:"moves"`
	Fields     []MergedField      `json:"fields"`
	MergedAt   time.Time          `json:"merged_at"`
	MergedBy   string             `json:"merged_by"`
	UndoneAt   *time.Time         `json:"undone_at"`
	UndoneBy   string             `json:"undone_by"`

	mergedArchivedAt *time.Time
}

// Undone reports whether the merge was undone.
func (m *OrganizationMerge) Undone() bool { return m.UndoneAt != nil }

// mergeTable is what a merge of one kind of record reads and writes: its
// table, the fields a steward chooses between (those in numbers hold a
// number, NULL when empty), and the columns elsewhere that name it.
type mergeTable struct {
	table   string
	fields  []MergeField
	numbers map[string]bool
	refs    []recordRef
}

var organizationMerging = mergeTable{"organizations", MergeFields, map[string]bool{"year_incorporated": true}, orgRefs}

// fieldValues reads a record's mergeable fields as text.
func (mt mergeTable) fieldValues(ctx context.Context, q store.Querier, id string) (map[string]string, error) {
	vals := make([]string, len(mt.fields))
	ptrs := make([]any, len(mt.fields))
	cols := make([]string, len(mt.fields))
	for i, f := range mt.fields {
		ptrs[i] = &vals[i]
		cols[i] = f.Name
		if mt.numbers[f.Name] {
			cols[i] = "COALESCE(CAST(" + f.Name + " AS TEXT), '')"
		}
	}
	err := q.QueryRowContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+mt.table+" WHERE id = $1", id).
		Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %q: %w", mt.table, id, err)
	}
	out := map[string]string{}
	for i, f := range mt.fields {
		out[f.Name] = vals[i]
	}
	return out, nil
}

// setField writes one mergeable field of a record.
func (mt mergeTable) setField(ctx context.Context, tx *sql.Tx, id, field, value string) error {
	var v any = value
	if mt.numbers[field] {
		v = nil
		if n, err := strconv.Atoi(value); err == nil {
			v = n
		} else if value != "" {
			f, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return fmt.Errorf("%s %q: %w", field, value, err)
			}
			v = f
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+mt.table+" SET "+field+" = $1 WHERE id = $2", v, id); err != nil {
		return fmt.Errorf("set %s of %s %q: %w", field, mt.table, id, err)
	}
	return nil
}

// differences lists the fields whose value differs between two records,
// where the merged record's is not empty.
func (mt mergeTable) differences(ctx context.Context, q store.Querier, keptID, mergedID string) (
	[]FieldDifference, error) {
	kv, err := mt.fieldValues(ctx, q, keptID)
	if err != nil {
		return nil, err
	}
	mv, err := mt.fieldValues(ctx, q, mergedID)
	if err != nil {
		return nil, err
	}
	var out []FieldDifference
	for _, f := range mt.fields {
		if kv[f.Name] != mv[f.Name] && mv[f.Name] != "" {
			out = append(out, FieldDifference{MergeField: f, Kept: kv[f.Name], Other: mv[f.Name]})
		}
	}
	return out, nil
}

// moves counts the rows of each reference that a merge would move.
func (mt mergeTable) moves(ctx context.Context, q store.Querier, keptID, mergedID string) (map[string]int, error) {
	out := map[string]int{}
	for _, r := range mt.refs {
		keys, err := r.movable(ctx, q, keptID, mergedID)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 {
			out[r.refName()] += len(keys)
		}
	}
	return out, nil
}

// checkTake refuses a field a merge cannot take.
func (mt mergeTable) checkTake(take []string) error {
	var v errs.ValidationError
	for _, f := range take {
		if !slices.ContainsFunc(mt.fields, func(m MergeField) bool { return m.Name == f }) {
			v.Add("take", fmt.Sprintf("%q is not a field a merge can take", f))
		}
	}
	return v.OrNil()
}

// giveBack gives the kept record back the fields a merge took, where
// nobody has changed them since.
func (mt mergeTable) giveBack(ctx context.Context, tx *sql.Tx, keptID string, fields []MergedField) error {
	current, err := mt.fieldValues(ctx, tx, keptID)
	if err != nil {
		return err
	}
	for _, c := range fields {
		if current[c.Field] == c.After {
			if err := mt.setField(ctx, tx, keptID, c.Field, c.Before); err != nil {
				return err
			}
		}
	}
	return nil
}

// pair reads the two records of a merge and checks they can be merged.
func (s *Store) pair(
	ctx context.Context,
	q store.Querier,
	keepID, mergeID string,
) (*Organization, *Organization, error) {
	var v errs.ValidationError
	if keepID == "" {
		v.Add("keep_id", "is required")
	}
	if mergeID == "" {
		v.Add("merge_id", "is required")
	}
	if keepID != "" && keepID == mergeID {
		v.Add("merge_id", "must be another organization than the one kept")
	}
	if err := v.OrNil(); err != nil {
		return nil, nil, err
	}
	kept, err := s.organization(ctx, q, keepID)
	if err != nil {
		return nil, nil, err
	}
	merged, err := s.organization(ctx, q, mergeID)
	if err != nil {
		return nil, nil, err
	}
	if kept.Archived() {
		return nil, nil, &errs.ConflictError{
			Field:   "keep_id",
			Message: kept.Name + " is archived: restore it before keeping it",
		}
	}
	if merged.Archived() {
		return nil, nil, &errs.ConflictError{
			Field:   "merge_id",
			Message: merged.Name + " is archived (or already merged)",
		}
	}
	return kept, merged, nil
}

// PreviewMerge shows a steward what merging mergeID into keepID would do,
// changing nothing (account.MergeOrganizations).
func (s *Store) PreviewMerge(ctx context.Context, actor account.Actor, keepID, mergeID string) (*MergePreview, error) {
	if err := s.rules.Check(ctx, actor, account.MergeOrganizations, account.Platform); err != nil {
		return nil, err
	}

	kept, merged, err := s.pair(ctx, s.db, keepID, mergeID)
	if err != nil {
		return nil, err
	}
	p := &MergePreview{Kept: kept, Merged: merged}
	if p.Differences, err = organizationMerging.differences(ctx, s.db, keepID, mergeID); err != nil {
		return nil, err
	}
	if p.Moves, err = organizationMerging.moves(ctx, s.db, keepID, mergeID); err != nil {
		return nil, err
	}
	return p, nil
}

// MergeOrganizations merges one organization into another, in one
// transaction: every row that names the merged record (services, locations,
// ties, people, initiative memberships, survey answers, proposals, goals,
// ...) is moved to the kept record, unless the kept record already has the
// same row; the fields the steward chose are taken from the merged record
// (no other field of the kept record changes); the merged record is
// archived and its id kept as an alias of the kept one, so that a re-import
// matches the kept record. The merge records what moved, so that
// UndoMerge restores it exactly. The stewards merge
// (account.MergeOrganizations).
func (s *Store) MergeOrganizations(
	ctx context.Context,
	actor account.Actor,
	in MergeInput,
) (*OrganizationMerge, error) {
	if err := s.rules.Check(ctx, actor, account.MergeOrganizations, account.Platform); err != nil {
		return nil, err
	}
	if err := organizationMerging.checkTake(in.Take); err != nil {
		return nil, err
	}

	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		kept, merged, err := s.pair(ctx, tx, in.KeepID, in.MergeID)
		if err != nil {
			return err
		}
		now := s.now()

		// The merged record leaves lists and search first, so that the kept
		// record may take its name.
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET archived_at = $1, version = version + 1, updated_at = $1
			WHERE id = $2`, now, merged.ID); err != nil {
			return fmt.Errorf("merge: archive %s: %w", merged.Name, err)
		}
		moved, err := moveRefs(ctx, tx, orgRefs, kept.ID, merged.ID)
		if err != nil {
			return err
		}
		changes, err := organizationMerging.takeFields(ctx, tx, kept.ID, merged.ID, in.Take)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			if name := mergedField(changes, "name"); name != nil {
				if err := checkNameFree(ctx, tx, name.After, kept.ID); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE organizations SET version = version + 1, updated_at = $1 WHERE id = $2`,
				now, kept.ID); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
		}

		movedJSON, err := json.Marshal(moved)
		if err != nil {
			return err
		}
		fieldsJSON, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO organization_merges
			(kept_id, merged_id, moved_json, fields_json, merged_archived_at, merged_at, merged_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			kept.ID, merged.ID, string(movedJSON), string(fieldsJSON), nil, now, actor.Label).Scan(&id)
		if err != nil {
			return fmt.Errorf("merge: record: %w", err)
		}
		if err := organizationMergeTables.remember(ctx, tx, merged.ID, kept.ID, id); err != nil {
			return err
		}

		counts := moveCounts(moved)
		summary := fmt.Sprintf("merged %s into %s", merged.Name, kept.Name)
		after := map[string]any{
			"merge_id":  id,
			"kept_id":   kept.ID,
			"merged_id": merged.ID,
			"moved":     counts,
			"fields":    changes,
		}
		if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "merge", EntityType: KindOrganization,
			EntityID: kept.ID, Summary: summary, After: after}); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: now, Action: "merged_into", EntityType: KindOrganization,
				EntityID: merged.ID, Summary: summary, Before: map[string]any{"archived": false}, After: after},
		)
	})
	if err != nil {
		return nil, err
	}
	return s.merge(ctx, s.db, id)
}

// takeFields copies the chosen fields of the merged record into the kept
// one, returning what changed.
func (mt mergeTable) takeFields(ctx context.Context, tx *sql.Tx, keptID, mergedID string, take []string) (
	[]MergedField, error) {
	if len(take) == 0 {
		return nil, nil
	}
	kv, err := mt.fieldValues(ctx, tx, keptID)
	if err != nil {
		return nil, err
	}
	mv, err := mt.fieldValues(ctx, tx, mergedID)
	if err != nil {
		return nil, err
	}
	var changes []MergedField
	for _, f := range mt.fields {
		if !slices.Contains(take, f.Name) || kv[f.Name] == mv[f.Name] {
			continue
		}
		if err := mt.setField(ctx, tx, keptID, f.Name, mv[f.Name]); err != nil {
			return nil, err
		}
		changes = append(changes, MergedField{Field: f.Name, Before: kv[f.Name], After: mv[f.Name]})
	}
	return changes, nil
}

func mergedField(changes []MergedField, field string) *MergedField {
	for i := range changes {
		if changes[i].Field == field {
			return &changes[i]
		}
	}
	return nil
}

func moveCounts(moved map[string][][]any) map[string]int {
	out := map[string]int{}
	for k, rows := range moved {
		out[k] = len(rows)
	}
	return out
}

// UndoMerge undoes a merge, in one transaction: the rows it moved go back
// to the merged record, the fields it took are given back where nobody has
// changed them since, the merged record is restored and its alias
// forgotten. A later merge of the kept record must be undone first. The
// stewards undo (account.UndoMerge).
func (s *Store) UndoMerge(ctx context.Context, actor account.Actor, id int64) (*OrganizationMerge, error) {
	if err := s.rules.Check(ctx, actor, account.UndoMerge, account.Platform); err != nil {
		return nil, err
	}

	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		m, err := s.merge(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := organizationMergeTables.undoable(ctx, tx, m.Undone(), m.KeptID, m.KeptName); err != nil {
			return err
		}
		now := s.now()

		if err := organizationMerging.giveBack(ctx, tx, m.KeptID, m.Fields); err != nil {
			return err
		}
		if err := moveBack(ctx, tx, orgRefs, m.KeptID, m.MergedID, m.Moved); err != nil {
			return err
		}
		if m.mergedArchivedAt == nil {
			if err := checkNameFree(ctx, tx, m.MergedName, m.MergedID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET archived_at = $1, version = version + 1, updated_at = $2
			WHERE id = $3`, m.mergedArchivedAt, now, m.MergedID); err != nil {
			return nameClash(fmt.Errorf("undo merge: restore %s: %w", m.MergedName, err), m.MergedName)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET version = version + 1, updated_at = $1 WHERE id = $2`,
			now, m.KeptID); err != nil {
			return fmt.Errorf("undo merge: %w", err)
		}
		if err := organizationMergeTables.forget(ctx, tx, id, now, actor.Label); err != nil {
			return err
		}

		summary := fmt.Sprintf("undid the merge of %s into %s", m.MergedName, m.KeptName)
		before := map[string]any{"merge_id": id, "kept_id": m.KeptID, "merged_id": m.MergedID}
		for _, e := range []string{m.KeptID, m.MergedID} {
			if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "unmerge", EntityType: KindOrganization,
				EntityID: e, Summary: summary, Before: before}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.merge(ctx, s.db, id)
}

// Merge returns a merge's record, for a steward (account.ListDuplicates).
func (s *Store) Merge(ctx context.Context, actor account.Actor, id int64) (*OrganizationMerge, error) {
	if err := s.rules.Check(ctx, actor, account.ListDuplicates, account.Platform); err != nil {
		return nil, err
	}
	return s.merge(ctx, s.db, id)
}

func (s *Store) merge(ctx context.Context, q store.Querier, id int64) (*OrganizationMerge, error) {
	var m OrganizationMerge
	var moved, fields string
	var archived, undone sql.Null[time.Time]
	err := q.QueryRowContext(ctx, `SELECT m.id, m.kept_id, k.name, m.merged_id, o.name, m.moved_json, m.fields_json,
			m.merged_archived_at, m.merged_at, m.merged_by, m.undone_at, m.undone_by
		FROM organization_merges m JOIN organizations k ON k.id = m.kept_id JOIN organizations o ON o.id = m.merged_id
		WHERE m.id = $1`, id).Scan(&m.ID, &m.KeptID, &m.KeptName, &m.MergedID, &m.MergedName, &moved, &fields,
		&archived, &m.MergedAt, &m.MergedBy, &undone, &m.UndoneBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read merge %d: %w", id, err)
	}
	if archived.Valid {
		m.mergedArchivedAt = &archived.V
	}
	if undone.Valid {
		m.UndoneAt = &undone.V
	}
	if m.Moved, m.Fields, err = decodeMerge(id, moved, fields); err != nil {
		return nil, err
	}
	m.Moves = moveCounts(m.Moved)
	return &m, nil
}

// MergesOf lists the merges that kept or merged an organization, newest
// first, for its page (account.ListDuplicates).
func (s *Store) MergesOf(ctx context.Context, actor account.Actor, orgID string) ([]OrganizationMerge, error) {
	if err := s.rules.Check(ctx, actor, account.ListDuplicates, account.Platform); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM organization_merges WHERE kept_id = $1 OR merged_id = $1
		ORDER BY id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list merges: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []OrganizationMerge{}
	for _, id := range ids {
		m, err := s.merge(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, nil
}
