package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// AgendaItem is one goal of the common agenda, in plain words: what the
// partners agree to work toward. Activities name the item they serve.
type AgendaItem struct {
	ID           int64      `json:"id"`
	InitiativeID int64      `json:"initiative_id"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Position     int        `json:"position"` // 1 for the first item
	ArchivedAt   *time.Time `json:"archived_at,omitempty"`
}

// AgendaItemInput is what a person writes for an agenda item.
type AgendaItemInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Normalize trims the input and checks it, field by field.
func (in *AgendaItemInput) Normalize() error {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var v errs.ValidationError
	if in.Title == "" {
		v.Add("title", "is required")
	}
	checkLength(&v, "title", in.Title, maxName)
	checkLength(&v, "description", in.Description, maxText)
	return v.OrNil()
}

// AddAgendaItem adds an item at the end of the common agenda, for backbone
// staff (account.EditAgenda).
func (s *Store) AddAgendaItem(ctx context.Context, actor account.Actor, initiativeID int64, in AgendaItemInput) (*AgendaItem, error) {
	if err := s.rules.Check(ctx, actor, account.EditAgenda, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var item *AgendaItem
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE initiative_id = $1 AND archived_at IS NULL`,
			initiativeID).Scan(&last); err != nil {
			return fmt.Errorf("add agenda item: %w", err)
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO agenda_items (initiative_id, title, description, position, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, initiativeID, in.Title, in.Description, last+1, now).Scan(&id); err != nil {
			return fmt.Errorf("add agenda item: %w", err)
		}
		item = &AgendaItem{ID: id, InitiativeID: initiativeID, Title: in.Title, Description: in.Description, Position: last + 1}
		return s.recordChange(ctx, tx, actor, initiativeID, "agenda_add",
			fmt.Sprintf("added %s to the common agenda of %s", account.Quote(in.Title), ini.Name), nil, item)
	})
	if err != nil {
		return nil, err
	}
	return item, nil
}

// EditAgendaItem rewrites the title and description of agenda item itemID
// of the initiative, for backbone staff (account.EditAgenda).
func (s *Store) EditAgendaItem(ctx context.Context, actor account.Actor, initiativeID, itemID int64,
	in AgendaItemInput) (*AgendaItem, error) {
	if err := s.rules.Check(ctx, actor, account.EditAgenda, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var item *AgendaItem
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := agendaItem(ctx, tx, initiativeID, itemID)
		if err != nil {
			return err
		}
		if before.ArchivedAt != nil {
			return &errs.ConflictError{Message: fmt.Sprintf("agenda item %s is archived and cannot be edited", account.Quote(before.Title))}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agenda_items SET title = $1, description = $2, updated_at = $3 WHERE id = $4`,
			in.Title, in.Description, s.now(), itemID); err != nil {
			return fmt.Errorf("edit agenda item %d: %w", itemID, err)
		}
		after := *before
		after.Title, after.Description = in.Title, in.Description
		item = &after
		return s.recordChange(ctx, tx, actor, initiativeID, "agenda_edit",
			fmt.Sprintf("edited common agenda item %s", account.Quote(in.Title)), before, item)
	})
	if err != nil {
		return nil, err
	}
	return item, nil
}

// ReorderAgenda puts the initiative's current agenda items in the order of
// ids, which must name each of them exactly once, for backbone staff
// (account.EditAgenda).
func (s *Store) ReorderAgenda(ctx context.Context, actor account.Actor, initiativeID int64, ids []int64) error {
	if err := s.rules.Check(ctx, actor, account.EditAgenda, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		current, err := agendaItems(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if !samePositions(current, ids) {
			return &errs.ValidationError{Fields: map[string]string{"ids": fmt.Sprintf("must list each of the %d current agenda items once", len(current))}}
		}
		return s.reorder(ctx, tx, actor, ini, ids)
	})
}

// MoveAgendaItem moves agenda item itemID of the initiative by places up
// (negative) or down the common agenda, and returns it in its new place;
// moving past either end is a conflict. For backbone staff
// (account.EditAgenda).
func (s *Store) MoveAgendaItem(ctx context.Context, actor account.Actor, initiativeID, itemID int64,
	places int) (*AgendaItem, error) {
	if err := s.rules.Check(ctx, actor, account.EditAgenda, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var moved *AgendaItem
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		item, err := agendaItem(ctx, tx, initiativeID, itemID)
		if err != nil {
			return err
		}
		current, err := agendaItems(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(current))
		at := -1
		for i, it := range current {
			ids[i] = it.ID
			if it.ID == itemID {
				at = i
			}
		}
		to := at + places
		if at < 0 || places == 0 || to < 0 || to >= len(ids) {
			return &errs.ConflictError{Message: fmt.Sprintf("“%s” cannot move further that way.", item.Title)}
		}
		ids = append(ids[:at], ids[at+1:]...)
		ids = append(ids[:to], append([]int64{itemID}, ids[to:]...)...)
		moved = item
		moved.Position = to + 1
		return s.reorder(ctx, tx, actor, ini, ids)
	})
	if err != nil {
		return nil, err
	}
	return moved, nil
}

// reorder numbers the initiative's current agenda items in the order of ids
// and records the new order.
func (s *Store) reorder(ctx context.Context, tx *sql.Tx, actor account.Actor, ini *Initiative, ids []int64) error {
	now := s.now()
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE agenda_items SET position = $1, updated_at = $2
			WHERE initiative_id = $3 AND id = $4`, i+1, now, ini.ID, id); err != nil {
			return fmt.Errorf("reorder agenda: %w", err)
		}
	}
	return s.recordChange(ctx, tx, actor, ini.ID, "agenda_reorder",
		fmt.Sprintf("reordered the common agenda of %s", ini.Name), nil, map[string]any{"ids": ids})
}

// samePositions reports whether ids names each item once and nothing else.
func samePositions(items []AgendaItem, ids []int64) bool {
	if len(items) != len(ids) {
		return false
	}
	want := map[int64]bool{}
	for _, it := range items {
		want[it.ID] = true
	}
	for _, id := range ids {
		if !want[id] {
			return false
		}
		delete(want, id)
	}
	return true
}

// ArchiveAgendaItem takes agenda item itemID of the initiative off the
// common agenda and returns it; its activities keep pointing at it, and
// the items after it move up. For backbone staff (account.EditAgenda).
func (s *Store) ArchiveAgendaItem(ctx context.Context, actor account.Actor, initiativeID,
	itemID int64) (*AgendaItem, error) {
	if err := s.rules.Check(ctx, actor, account.EditAgenda, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var archived *AgendaItem
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := agendaItem(ctx, tx, initiativeID, itemID)
		if err != nil {
			return err
		}
		if before.ArchivedAt != nil {
			return &errs.ConflictError{Message: fmt.Sprintf("agenda item %s is already archived", account.Quote(before.Title))}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE agenda_items SET archived_at = $1, updated_at = $1 WHERE id = $2`, now, itemID); err != nil {
			return fmt.Errorf("archive agenda item %d: %w", itemID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agenda_items SET position = position - 1
			WHERE initiative_id = $1 AND archived_at IS NULL AND position > $2`, initiativeID, before.Position); err != nil {
			return fmt.Errorf("archive agenda item %d: %w", itemID, err)
		}
		if archived, err = agendaItem(ctx, tx, initiativeID, itemID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "agenda_archive",
			fmt.Sprintf("took %s off the common agenda", account.Quote(before.Title)), before, nil)
	})
	if err != nil {
		return nil, err
	}
	return archived, nil
}

// AgendaItems returns the initiative's current common agenda, in order, for
// whoever has the initiative from View.
func (s *Store) AgendaItems(ctx context.Context, initiativeID int64) ([]AgendaItem, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return agendaItems(ctx, s.db, initiativeID)
}

// AgendaItem returns agenda item itemID of the initiative, archived or not,
// to whoever may see the initiative (account.ViewInitiative); an item of
// another initiative is not found.
func (s *Store) AgendaItem(ctx context.Context, actor account.Actor, initiativeID, itemID int64) (*AgendaItem, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return agendaItem(ctx, s.db, initiativeID, itemID)
}

const agendaColumns = `id, initiative_id, title, description, position, archived_at FROM agenda_items`

func scanAgendaItem(row store.Scanner) (AgendaItem, error) {
	var it AgendaItem
	var archived sql.NullTime
	err := row.Scan(&it.ID, &it.InitiativeID, &it.Title, &it.Description, &it.Position, &archived)
	it.ArchivedAt = timePtr(archived)
	return it, err
}

// agendaItem reads agenda item itemID of the initiative; one of another
// initiative is not found.
func agendaItem(ctx context.Context, q store.Querier, initiativeID, itemID int64) (*AgendaItem, error) {
	it, err := store.One(ctx, q, fmt.Sprintf("agenda item %d of initiative %d", itemID, initiativeID), scanAgendaItem,
		`SELECT `+agendaColumns+` WHERE initiative_id = $1 AND id = $2`, initiativeID, itemID)
	if err != nil {
		return nil, err
	}
	return &it, nil
}

func agendaItems(ctx context.Context, q store.Querier, initiativeID int64) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+agendaColumns+` WHERE initiative_id = $1 AND archived_at IS NULL ORDER BY position, id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list agenda items: %w", err)
	}
	defer rows.Close()
	out := []AgendaItem{}
	for rows.Next() {
		it, err := scanAgendaItem(rows)
		if err != nil {
			return nil, fmt.Errorf("list agenda items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
