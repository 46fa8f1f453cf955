package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// ServiceOfOrganization names a service in a list, with its organization
// and status.
type ServiceOfOrganization struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	Status           string `json:"status"`
}

// ServiceMergePreview is what a steward sees before merging two services:
// both, the fields that differ, and how many rows of each kind would move.
type ServiceMergePreview struct {
	Kept        ServiceOfOrganization `json:"kept"`
	Merged      ServiceOfOrganization `json:"merged"`
	Differences []FieldDifference     `json:"differences"`
	Moves       map[string]int        `json:"moves"`
}

// ServiceMerge is a merge of two services as recorded: what moved, so it
// can be undone.
type ServiceMerge struct {
	ID           int64                 `json:"id"`
	Kept         ServiceOfOrganization `json:"kept"`
	Merged       ServiceOfOrganization `json:"merged"`
	Moved        map[string][][]any    `json:"-"`
	Moves        map[string]int        `json:"moves"`
	Fields       []MergedField         `json:"fields"`
	MergedStatus string                `json:"merged_status"`
	MergedAt     time.Time             `json:"merged_at"`
	MergedBy     string                `json:"merged_by"`
	UndoneAt     *time.Time            `json:"undone_at"`
	UndoneBy     string                `json:"undone_by"`
}

// Undone reports whether the merge was undone.
func (m *ServiceMerge) Undone() bool { return m.UndoneAt != nil }

// serviceRef reads a service's name, organization and status.
func serviceRef(ctx context.Context, q store.Querier, id string) (ServiceOfOrganization, error) {
	r := ServiceOfOrganization{ID: id}
	err := q.QueryRowContext(ctx, `SELECT sv.name, sv.organization_id, o.name, sv.status
		FROM services sv JOIN organizations o ON o.id = sv.organization_id WHERE sv.id = $1`, id).
		Scan(&r.Name, &r.OrganizationID, &r.OrganizationName, &r.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("read service %q: %w", id, err)
	}
	return r, nil
}

// servicePair reads the two services of a merge and checks they can be
// merged: two services, neither merged into another already.
func servicePair(ctx context.Context, q store.Querier, keepID, mergeID string) (
	ServiceOfOrganization, ServiceOfOrganization, error) {
	var kept, merged ServiceOfOrganization
	var v errs.ValidationError
	if keepID == "" {
		v.Add("keep_id", "is required")
	}
	if mergeID == "" {
		v.Add("merge_id", "is required")
	}
	if keepID != "" && keepID == mergeID {
		v.Add("merge_id", "must be another service than the one kept")
	}
	if err := v.OrNil(); err != nil {
		return kept, merged, err
	}
	kept, err := serviceRef(ctx, q, keepID)
	if err != nil {
		return kept, merged, err
	}
	if merged, err = serviceRef(ctx, q, mergeID); err != nil {
		return kept, merged, err
	}
	for _, c := range []struct {
		field string
		r     ServiceOfOrganization
	}{{"keep_id", kept}, {"merge_id", merged}} {
		var into string
		err := q.QueryRowContext(ctx, `SELECT kept_id FROM service_aliases WHERE old_id = $1`, c.r.ID).Scan(&into)
		if err == nil {
			return kept, merged, &errs.ConflictError{Field: c.field,
				Message: c.r.Name + " was merged into another service already"}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return kept, merged, fmt.Errorf("read merged services: %w", err)
		}
	}
	return kept, merged, nil
}

// PreviewServiceMerge shows a steward what merging mergeID into keepID
// would do, changing nothing (account.MergeServices).
func (s *Store) PreviewServiceMerge(ctx context.Context, actor account.Actor, keepID, mergeID string) (
	*ServiceMergePreview, error) {
	if err := s.rules.Check(ctx, actor, account.MergeServices, account.Platform); err != nil {
		return nil, err
	}

	kept, merged, err := servicePair(ctx, s.db, keepID, mergeID)
	if err != nil {
		return nil, err
	}
	p := &ServiceMergePreview{Kept: kept, Merged: merged}
	if p.Differences, err = serviceMerging.differences(ctx, s.db, keepID, mergeID); err != nil {
		return nil, err
	}
	if p.Moves, err = serviceMerging.moves(ctx, s.db, keepID, mergeID); err != nil {
		return nil, err
	}
	if p.Differences == nil {
		p.Differences = []FieldDifference{}
	}
	return p, nil
}

// MergeServices merges one service into another, in one transaction: every
// row that hangs off the merged service (where it is offered, its phones,
// schedules, contacts, languages, areas, costs, documents, fundings,
// websites, capacities and categories) moves to the kept service, unless
// the kept service already has the same row; the fields the steward chose
// are taken from the merged service; the merged service becomes defunct
// (it is never deleted, so what names it still makes sense) and its id is
// kept as an alias of the kept one, so that a re-import matches the kept
// service. The two may belong to different organizations; the kept one's
// stays. The merge records what moved, so that UndoServiceMerge restores it
// exactly. The stewards merge (account.MergeServices).
func (s *Store) MergeServices(ctx context.Context, actor account.Actor, in MergeInput) (*ServiceMerge, error) {
	if err := s.rules.Check(ctx, actor, account.MergeServices, account.Platform); err != nil {
		return nil, err
	}
	if err := serviceMerging.checkTake(in.Take); err != nil {
		return nil, err
	}

	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		kept, merged, err := servicePair(ctx, tx, in.KeepID, in.MergeID)
		if err != nil {
			return err
		}
		now := s.now()

		moved, err := moveRefs(ctx, tx, serviceRefs, kept.ID, merged.ID)
		if err != nil {
			return err
		}
		changes, err := serviceMerging.takeFields(ctx, tx, kept.ID, merged.ID, in.Take)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE services SET status = 'defunct', updated_at = $1 WHERE id = $2`,
			now, merged.ID); err != nil {
			return fmt.Errorf("merge: end %s: %w", merged.Name, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE services SET updated_at = $1 WHERE id = $2`, now, kept.ID)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}

		movedJSON, err := json.Marshal(moved)
		if err != nil {
			return err
		}
		fieldsJSON, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO service_merges
			(kept_id, merged_id, moved_json, fields_json, merged_status, merged_at, merged_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			kept.ID, merged.ID, string(movedJSON), string(fieldsJSON), merged.Status, now, actor.Label).Scan(&id)
		if err != nil {
			return fmt.Errorf("merge: record: %w", err)
		}
		if err := serviceMergeTables.remember(ctx, tx, merged.ID, kept.ID, id); err != nil {
			return err
		}

		summary := fmt.Sprintf("merged the service %s (%s) into %s (%s)", merged.Name, merged.OrganizationName,
			kept.Name, kept.OrganizationName)
		after := map[string]any{"service_merge_id": id, "kept_id": kept.ID, "merged_id": merged.ID,
			"moved": moveCounts(moved), "fields": changes}
		return recordServiceMerge(ctx, tx, actor, now, kept, merged, "merge_service", summary,
			map[string]any{"status": merged.Status}, after)
	})
	if err != nil {
		return nil, err
	}
	return s.serviceMerge(ctx, s.db, id)
}

// recordServiceMerge writes a service merge (or its undo) in the audit
// log, on the kept service's organization and, when it is another, on the
// merged service's, where their history shows it.
func recordServiceMerge(ctx context.Context, tx *sql.Tx, actor account.Actor, now time.Time,
	kept, merged ServiceOfOrganization, action, summary string, before, after map[string]any) error {
	orgs := []string{kept.OrganizationID}
	if merged.OrganizationID != kept.OrganizationID {
		orgs = append(orgs, merged.OrganizationID)
	}
	for _, org := range orgs {
		if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: action, EntityType: KindOrganization,
			EntityID: org, Summary: summary, Before: before, After: after}); err != nil {
			return err
		}
	}
	return nil
}

// UndoServiceMerge undoes a service merge, in one transaction: the rows it
// moved go back to the merged service, the fields it took are given back
// where nobody has changed them since, the merged service gets its status
// back (unless someone gave it another since) and its alias is forgotten. A
// later merge of the kept service into another must be undone first. The
// stewards undo (account.UndoServiceMerge).
func (s *Store) UndoServiceMerge(ctx context.Context, actor account.Actor, id int64) (*ServiceMerge, error) {
	if err := s.rules.Check(ctx, actor, account.UndoServiceMerge, account.Platform); err != nil {
		return nil, err
	}

	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		m, err := s.serviceMerge(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := serviceMergeTables.undoable(ctx, tx, m.Undone(), m.Kept.ID, m.Kept.Name); err != nil {
			return err
		}
		now := s.now()

		if err := serviceMerging.giveBack(ctx, tx, m.Kept.ID, m.Fields); err != nil {
			return err
		}
		if err := moveBack(ctx, tx, serviceRefs, m.Kept.ID, m.Merged.ID, m.Moved); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE services SET status = $1, updated_at = $2
			WHERE id = $3 AND status = 'defunct'`, m.MergedStatus, now, m.Merged.ID); err != nil {
			return fmt.Errorf("undo merge: restore %s: %w", m.Merged.Name, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE services SET updated_at = $1 WHERE id = $2`, now, m.Kept.ID)
		if err != nil {
			return fmt.Errorf("undo merge: %w", err)
		}
		if err := serviceMergeTables.forget(ctx, tx, id, now, actor.Label); err != nil {
			return err
		}

		summary := fmt.Sprintf("undid the merge of the service %s (%s) into %s (%s)", m.Merged.Name,
			m.Merged.OrganizationName, m.Kept.Name, m.Kept.OrganizationName)
		before := map[string]any{"service_merge_id": id, "kept_id": m.Kept.ID, "merged_id": m.Merged.ID}
		return recordServiceMerge(ctx, tx, actor, now, m.Kept, m.Merged, "unmerge_service", summary, before, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.serviceMerge(ctx, s.db, id)
}

// ServiceMerge returns a service merge's record, for a steward
// (account.ListDuplicates).
func (s *Store) ServiceMerge(ctx context.Context, actor account.Actor, id int64) (*ServiceMerge, error) {
	if err := s.rules.Check(ctx, actor, account.ListDuplicates, account.Platform); err != nil {
		return nil, err
	}
	return s.serviceMerge(ctx, s.db, id)
}

func (s *Store) serviceMerge(ctx context.Context, q store.Querier, id int64) (*ServiceMerge, error) {
	m := ServiceMerge{ID: id}
	var moved, fields string
	var undone sql.Null[time.Time]
	err := q.QueryRowContext(ctx, `SELECT kept_id, merged_id, moved_json, fields_json, merged_status, merged_at,
			merged_by, undone_at, undone_by
		FROM service_merges WHERE id = $1`, id).Scan(&m.Kept.ID, &m.Merged.ID, &moved, &fields, &m.MergedStatus,
		&m.MergedAt, &m.MergedBy, &undone, &m.UndoneBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read service merge %d: %w", id, err)
	}
	if m.Kept, err = serviceRef(ctx, q, m.Kept.ID); err != nil {
		return nil, err
	}
	if m.Merged, err = serviceRef(ctx, q, m.Merged.ID); err != nil {
		return nil, err
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

// ServiceMergedInto returns the service a merge that stands merged the
// service id into, for its page ("merged into …"); nil when it was not
// merged. Whoever may read the directory may read it
// (account.ViewDirectory).
func (s *Store) ServiceMergedInto(ctx context.Context, actor account.Actor, id string) (
	*ServiceOfOrganization, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}
	aliases, err := readAliases(ctx, s.db, "service_aliases")
	if err != nil {
		return nil, err
	}
	if _, ok := aliases[id]; !ok {
		return nil, nil
	}
	kept, err := serviceRef(ctx, s.db, aliases.kept(id))
	if err != nil {
		return nil, err
	}
	return &kept, nil
}
