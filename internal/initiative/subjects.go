package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// ActivityOf returns activity id, whichever initiative it belongs to, to
// whoever may see that initiative (account.ViewInitiative); to anyone else
// it is not found. It is how a record that names an activity by its id
// alone (a roadblock, a review) finds it.
func (s *Store) ActivityOf(ctx context.Context, actor account.Actor, id int64) (*Activity, error) {
	ini, err := s.initiativeOfRow(ctx, "activities", id)
	if err != nil {
		return nil, err
	}
	return s.Activity(ctx, actor, ini, id)
}

// AgreementOf returns agreement id, whichever initiative it belongs to, to
// whoever may see that initiative's agreements (account.ViewAgreements).
func (s *Store) AgreementOf(ctx context.Context, actor account.Actor, id int64) (*Agreement, error) {
	ini, err := s.initiativeOfRow(ctx, "agreements", id)
	if err != nil {
		return nil, err
	}
	return s.Agreement(ctx, actor, ini, id)
}

// initiativeOfRow returns the initiative of row id of table (activities or
// agreements).
func (s *Store) initiativeOfRow(ctx context.Context, table string, id int64) (int64, error) {
	var ini int64
	err := s.db.QueryRowContext(ctx, `SELECT initiative_id FROM `+table+` WHERE id = $1`, id).Scan(&ini)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%s %d: %w", table, id, errs.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("find %s %d: %w", table, id, err)
	}
	return ini, nil
}
