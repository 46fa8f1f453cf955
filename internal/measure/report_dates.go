package measure

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
)

// ReportDate is the day the reports of an indicator for a period fall due,
// for a calendar: the period's end (Due, the first day after it).
type ReportDate struct {
	IndicatorID   int64     `json:"indicator_id"`
	IndicatorName string    `json:"indicator_name"`
	Period        string    `json:"period"`
	Due           time.Time `json:"due"`
	// Reporters are the names of the organizations asked to report it (of
	// those asked); Missing those among them with no value yet.
	Reporters []string `json:"reporters"`
	Missing   []string `json:"missing"`
}

// ReportDates lists, for each indicator of an initiative that is still
// reported, the due dates of its last closed period (when a report is
// missing), its open period and the next one, by the store's clock, to
// whoever may see the initiative (account.ViewMeasurement). When orgIDs is
// not nil, only the indicators those organizations are asked to report
// are listed, and only they count as reporters.
func (s *Store) ReportDates(ctx context.Context, actor account.Actor, initiativeID int64,
	orgIDs []string) ([]ReportDate, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, id := range orgIDs {
		only[id] = true
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.name, i.frequency, o.id, o.name FROM indicators i
		JOIN indicator_reporters r ON r.indicator_id = i.id JOIN organizations o ON o.id = r.organization_id
		WHERE i.initiative_id = $1 AND i.archived_at IS NULL
		ORDER BY lower(i.name), i.id, lower(o.name), o.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read report dates: %w", err)
	}
	type reporter struct{ id, name string }
	type indicator struct {
		id        int64
		name      string
		freq      Frequency
		reporters []reporter
	}
	var inds []*indicator
	for rows.Next() {
		var id int64
		var name, freq, orgID, orgName string
		if err := rows.Scan(&id, &name, &freq, &orgID, &orgName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read report dates: %w", err)
		}
		if orgIDs != nil && !only[orgID] {
			continue
		}
		if len(inds) == 0 || inds[len(inds)-1].id != id {
			inds = append(inds, &indicator{id: id, name: name, freq: Frequency(freq)})
		}
		last := inds[len(inds)-1]
		last.reporters = append(last.reporters, reporter{orgID, orgName})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read report dates: %w", err)
	}

	now := s.now()
	out := []ReportDate{}
	for _, ind := range inds {
		if !ind.freq.Valid() {
			continue
		}
		closed := LastClosed(ind.freq, now)
		for _, p := range []Period{closed, closed.Next(), closed.Next().Next()} {
			d := ReportDate{IndicatorID: ind.id, IndicatorName: ind.name, Period: p.String(), Due: p.End(),
				Reporters: []string{}, Missing: []string{}}
			for _, r := range ind.reporters {
				d.Reporters = append(d.Reporters, r.name)
				reported, err := s.hasReport(ctx, ind.id, r.id, p)
				if err != nil {
					return nil, err
				}
				if !reported {
					d.Missing = append(d.Missing, r.name)
				}
			}
			if p == closed && len(d.Missing) == 0 {
				continue
			}
			out = append(out, d)
		}
	}
	return out, nil
}
