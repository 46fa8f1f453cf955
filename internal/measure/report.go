package measure

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
)

// Reportable is an indicator an organization is asked to report, which the
// actor may report for it, with the period usually due (the last closed
// one), the recent periods it may report (RecentPeriods) and the values it
// has reported for them.
type Reportable struct {
	Indicator        *Indicator
	OrganizationID   string
	OrganizationName string
	Period           string
	Periods          []string      // newest first, from the current period back
	Reported         []Measurement // current values for Periods, newest first
}

// RecentPeriods lists the periods of frequency f a report form offers as of
// now, newest first: the current one (it may be reported as it goes) and a
// year and one period back, at least three in all.
func RecentPeriods(f Frequency, now time.Time) []string {
	n := max(f.perYear()+1, 3)
	p := PeriodOf(f, now)
	out := make([]string, n)
	for i := range out {
		out[i] = p.Add(-i).String()
	}
	return out
}

// Reportables lists what actor may report in the initiative as of now:
// each indicator still reported, with each of its reporters the actor may
// report for (account.ReportMeasurement), by indicator name then
// organization id. Whoever may see the initiative may ask
// (account.ViewReportForm); most are offered nothing.
func (s *Store) Reportables(ctx context.Context, actor account.Actor, initiativeID int64,
	now time.Time) ([]Reportable, error) {
	if err := s.rules.Check(ctx, actor, account.ViewReportForm, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	inds, err := indicators(ctx, s.db, initiativeID, false)
	if err != nil {
		return nil, err
	}

	// The rule book is asked once per reporting organization, not once per
	// indicator it reports.
	may := map[string]bool{}
	for _, ind := range inds {
		for _, org := range ind.Reporters {
			if _, asked := may[org]; asked {
				continue
			}
			if may[org], err = s.rules.May(ctx, actor, account.ReportMeasurement, account.OrgIn(org,
				initiativeID)); err != nil {
				return nil, err
			}
		}
	}

	names, err := s.organizationNames(ctx, initiativeID)
	if err != nil {
		return nil, err
	}
	out := []Reportable{}
	for _, ind := range inds {
		for _, org := range ind.Reporters {
			if !may[org] {
				continue
			}
			r := Reportable{Indicator: ind, OrganizationID: org, OrganizationName: names[org],
				Period: LastClosed(ind.Frequency, now).String(), Periods: RecentPeriods(ind.Frequency, now)}
			if r.Reported, err = s.currentValues(ctx, ind.ID, org, r.Periods[len(r.Periods)-1]); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// currentValues reads an organization's current values of an indicator
// from period from on, newest first.
func (s *Store) currentValues(ctx context.Context, indicatorID int64, orgID, from string) ([]Measurement, error) {
	return measurements(ctx, s.db, "reported values", `WHERE organization_id = $1 AND indicator_id = $2 AND period >= $3
		AND superseded_at IS NULL ORDER BY period DESC`, orgID, indicatorID, from)
}

// organizationNames are the names of the organizations that report an
// indicator of the initiative, by id.
func (s *Store) organizationNames(ctx context.Context, initiativeID int64) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT o.id, o.name FROM indicator_reporters r
		JOIN indicators i ON i.id = r.indicator_id JOIN organizations o ON o.id = r.organization_id
		WHERE i.initiative_id = $1`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read reporters' names: %w", err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}
