package measure

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
)

// DueWindow is how close to its end an open period is listed as due: a
// report for the period that ends within it is asked for now, as a
// reminder, before it becomes late.
const DueWindow = 7 * 24 * time.Hour

// OwedReport is a report an organization owes: its value of an indicator
// for a period, due when the period ends (Due) and late once it has ended.
type OwedReport struct {
	InitiativeID     int64     `json:"initiative_id"`
	InitiativeName   string    `json:"initiative_name"`
	IndicatorID      int64     `json:"indicator_id"`
	IndicatorName    string    `json:"indicator_name"`
	Period           string    `json:"period"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	Due              time.Time `json:"due"` // the end of the period
	Late             bool      `json:"late"`
}

// ReportsOwed lists the reports the organizations actor works for owe, in
// every initiative, by the store's clock: the last closed period of each
// indicator they are asked to report when it has no value (late), and the
// open period when it ends within DueWindow and has none yet (due). Only
// what actor may report (account.ReportMeasurement) is listed: the late
// ones first, each part by initiative, indicator and organization.
func (s *Store) ReportsOwed(ctx context.Context, actor account.Actor) ([]OwedReport, error) {
	if actor.User == nil {
		return []OwedReport{}, nil
	}
	now := s.now()
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.name, i.id, i.name, i.frequency, o.id, o.name
		FROM indicators i JOIN initiatives n ON n.id = i.initiative_id
		JOIN indicator_reporters r ON r.indicator_id = i.id JOIN organizations o ON o.id = r.organization_id
		JOIN memberships ms ON ms.organization_id = r.organization_id AND ms.user_id = $1
		WHERE i.archived_at IS NULL
		ORDER BY lower(n.name), n.id, lower(i.name), i.id, lower(o.name), o.id`, actor.User.ID)
	if err != nil {
		return nil, fmt.Errorf("read the reports owed: %w", err)
	}
	var asked []OwedReport
	freq := map[int64]Frequency{}
	for rows.Next() {
		var o OwedReport
		var f string
		err := rows.Scan(&o.InitiativeID, &o.InitiativeName, &o.IndicatorID, &o.IndicatorName, &f,
			&o.OrganizationID, &o.OrganizationName)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the reports owed: %w", err)
		}
		freq[o.IndicatorID] = Frequency(f)
		asked = append(asked, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the reports owed: %w", err)
	}

	may := map[account.Target]bool{}
	var late, due []OwedReport
	for _, o := range asked {
		t := account.OrgIn(o.OrganizationID, o.InitiativeID)
		ok, seen := may[t]
		if !seen {
			if ok, err = s.rules.May(ctx, actor, account.ReportMeasurement, t); err != nil {
				return nil, err
			}
			may[t] = ok
		}
		if !ok || !freq[o.IndicatorID].Valid() {
			continue
		}

		closed := LastClosed(freq[o.IndicatorID], now)
		open := closed.Next()
		for _, p := range []Period{closed, open} {
			if p == open && open.End().Sub(now) > DueWindow {
				continue
			}
			reported, err := s.hasReport(ctx, o.IndicatorID, o.OrganizationID, p)
			if err != nil {
				return nil, err
			}
			if reported {
				continue
			}
			item := o
			item.Period, item.Due, item.Late = p.String(), p.End(), p == closed
			if item.Late {
				late = append(late, item)
			} else {
				due = append(due, item)
			}
		}
	}
	return append(append([]OwedReport{}, late...), due...), nil
}

// hasReport reports whether an organization has a current value of an
// indicator for a period.
func (s *Store) hasReport(ctx context.Context, indicatorID int64, orgID string, p Period) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM measurements
		WHERE indicator_id = $1 AND organization_id = $2 AND period = $3 AND superseded_at IS NULL`,
		indicatorID, orgID, p.String()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the report of %s for %s: %w", orgID, p, err)
	}
	return n > 0, nil
}
