package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// GoalByID returns goal goalID as its newest revision states it, whoever
// owns it, to those who may read its owner's goals; to anyone else it is
// not found. It is how a record that names a goal by its id alone (a
// roadblock, a review) finds the goal and its owner.
func (s *Store) GoalByID(ctx context.Context, actor account.Actor, goalID int64) (*Goal, error) {
	var ini sql.NullInt64
	var org sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT initiative_id, organization_id FROM goals WHERE id = $1`, goalID).
		Scan(&ini, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("goal %d: %w", goalID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("find goal %d: %w", goalID, err)
	}
	o := Owner{InitiativeID: ini.Int64, OrganizationID: org.String}
	if err := s.checkGoals(ctx, actor, o, false); err != nil {
		if errors.Is(err, errs.ErrForbidden) {
			return nil, fmt.Errorf("goal %d: %w", goalID, errs.ErrNotFound)
		}
		return nil, err
	}
	return goalAt(ctx, s.db, o, goalID, 0, time.Time{})
}

// MaySetGoals reports whether actor may set (write and revise) the owner's
// goals: what a page asks before it offers to revise one.
func (s *Store) MaySetGoals(ctx context.Context, actor account.Actor, o Owner) (bool, error) {
	action, target := o.rule(true)
	return s.rules.May(ctx, actor, action, target)
}
