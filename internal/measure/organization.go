package measure

import (
	"context"
	"fmt"

	"backbone/internal/account"
)

// ReportedIndicator is a shared indicator an organization reports, with the
// initiative it belongs to: what an organization's own goal can be measured
// by.
type ReportedIndicator struct {
	*Indicator
	InitiativeName string `json:"initiative_name"`
}

// ReportedIndicators lists the indicators, still reported, that an
// organization is a reporter of, by initiative then indicator name, to
// those who may read its own goals (account.ViewOrganizationGoals).
func (s *Store) ReportedIndicators(ctx context.Context, actor account.Actor,
	orgID string) ([]ReportedIndicator, error) {
	if err := s.rules.Check(ctx, actor, account.ViewOrganizationGoals, account.Org(orgID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, n.name FROM indicator_reporters r JOIN indicators i ON i.id = r.indicator_id
		JOIN initiatives n ON n.id = i.initiative_id
		WHERE r.organization_id = $1 AND i.archived_at IS NULL ORDER BY lower(n.name), n.id, lower(i.name), i.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list %s's indicators: %w", orgID, err)
	}
	var ids []int64
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		ids, names[id] = append(ids, id), name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]ReportedIndicator, 0, len(ids))
	for _, id := range ids {
		ind, err := indicator(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ReportedIndicator{Indicator: ind, InitiativeName: names[id]})
	}
	return out, nil
}

// ownHistory is an organization's own values of an indicator as points at
// the end of each period: the history the SMART check of its own goal
// judges achievability by.
func (s *Store) ownHistory(ctx context.Context, ind *Indicator, orgID string) ([]Point, error) {
	series, err := ownSeries(ctx, s.db, ind.ID, orgID)
	if err != nil {
		return nil, err
	}
	return pointsOf(ind.Frequency, series), nil
}
