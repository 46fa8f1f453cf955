package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// AreaOf returns an area and its plan, for someone who may see the plan
// (account.ViewPlan): errs.ErrNotFound when there is no such area.
func (s *Store) AreaOf(ctx context.Context, actor account.Actor, areaID int64) (*Plan, *Area, error) {
	var planID int64
	err := s.db.QueryRowContext(ctx, `SELECT plan_id FROM plan_areas WHERE id = $1`, areaID).Scan(&planID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("plan area %d: %w", areaID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find plan area %d: %w", areaID, err)
	}
	p, err := s.Get(ctx, actor, planID)
	if err != nil {
		return nil, nil, err
	}
	for i := range p.Areas {
		if p.Areas[i].ID == areaID {
			return p, &p.Areas[i], nil
		}
	}
	return nil, nil, fmt.Errorf("plan area %d: %w", areaID, errs.ErrNotFound)
}
