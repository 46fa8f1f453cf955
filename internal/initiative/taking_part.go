package initiative

import (
	"context"
	"fmt"

	"backbone/internal/account"
)

// TakingPart returns the initiatives actor takes part in, by name: those
// where they hold a role of their own, or where an organization they work
// for is an active member; each one they may still see
// (account.ViewInitiative). A public initiative they merely may read is not
// among them: it is what their calendar follows.
func (s *Store) TakingPart(ctx context.Context, actor account.Actor) ([]*Initiative, error) {
	if actor.User == nil {
		return []*Initiative{}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+initiativeColumns+` WHERE
		EXISTS (SELECT 1 FROM initiative_roles r WHERE r.initiative_id = i.id AND r.user_id = $1)
		OR EXISTS (SELECT 1 FROM initiative_members m JOIN memberships ms ON ms.organization_id = m.organization_id
			WHERE m.initiative_id = i.id AND m.status = 'active' AND ms.user_id = $1)
		ORDER BY lower(i.name), i.id`, actor.User.ID)
	if err != nil {
		return nil, fmt.Errorf("list the initiatives taken part in: %w", err)
	}
	var all []*Initiative
	for rows.Next() {
		in, err := scanInitiative(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list the initiatives taken part in: %w", err)
		}
		all = append(all, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []*Initiative{}
	for _, in := range all {
		ok, err := s.rules.May(ctx, actor, account.ViewInitiative, account.Initiative(in.ID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, in)
		}
	}
	return out, nil
}
