package measure

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
)

// LateReport is a reporter without a value for the last closed period of
// an indicator.
type LateReport struct {
	IndicatorID      int64     `json:"indicator_id"`
	IndicatorName    string    `json:"indicator_name"`
	Frequency        Frequency `json:"frequency"`
	Period           string    `json:"period"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	DueSince         time.Time `json:"due_since"` // the end of the period
}

// LateReports lists, for each indicator of an initiative that is still
// reported, the reporters that have no value for its last closed period as
// of now, by indicator then organization name, to whoever may see the
// initiative (account.ViewMeasurement). Each reporter costs one probe of
// the current-measurements index; only the late ones are read and sorted.
// At state scale (hundreds of reporters of hundreds of indicators) that is
// a hundred thousand probes: dashboards use LateSummary.
func (s *Store) LateReports(ctx context.Context, actor account.Actor, initiativeID int64,
	now time.Time) ([]LateReport, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	return s.lateReports(ctx, initiativeID, "", now)
}

// LateReportsOf is LateReports for one reporting organization.
func (s *Store) LateReportsOf(ctx context.Context, actor account.Actor, initiativeID int64, orgID string,
	now time.Time) ([]LateReport, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	return s.lateReports(ctx, initiativeID, orgID, now)
}

// dueCase is a CASE expression giving each indicator's last closed period
// as of now, with its arguments numbered after the first `after`.
func dueCase(now time.Time, after int) (string, []any, map[Frequency]Period) {
	keys := map[Frequency]Period{}
	var args []any
	due := "CASE i.frequency"
	for _, f := range Frequencies {
		keys[f] = LastClosed(f, now)
		args = append(args, string(f), keys[f].String())
		due += fmt.Sprintf(" WHEN $%d THEN $%d", after+len(args)-1, after+len(args))
	}
	return due + " END", args, keys
}

func (s *Store) lateReports(
	ctx context.Context,
	initiativeID int64,
	orgID string,
	now time.Time,
) ([]LateReport, error) {
	due, dueArgs, keys := dueCase(now, 1)
	args := append([]any{initiativeID}, dueArgs...)
	only := ""
	if orgID != "" {
		args = append(args, orgID)
		only = fmt.Sprintf(" AND r.organization_id = $%d", len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.name, i.frequency, o.id, o.name FROM indicators i
		JOIN indicator_reporters r ON r.indicator_id = i.id JOIN organizations o ON o.id = r.organization_id
		WHERE i.initiative_id = $1 AND i.archived_at IS NULL`+only+` AND NOT EXISTS (SELECT 1 FROM measurements m
			WHERE m.indicator_id = r.indicator_id AND m.period = `+due+` AND m.organization_id = r.organization_id AND m.superseded_at IS NULL)
		ORDER BY lower(i.name), i.id, lower(o.name), o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read late reports: %w", err)
	}
	defer rows.Close()
	out := []LateReport{}
	for rows.Next() {
		var l LateReport
		var freq string
		if err := rows.Scan(&l.IndicatorID, &l.IndicatorName, &freq, &l.OrganizationID, &l.OrganizationName); err != nil {
			return nil, err
		}
		l.Frequency = Frequency(freq)
		p := keys[l.Frequency]
		l.Period, l.DueSince = p.String(), p.End()
		out = append(out, l)
	}
	return out, rows.Err()
}

// LateCount is how many reporters of an indicator have reported its last
// closed period.
type LateCount struct {
	IndicatorID   int64     `json:"indicator_id"`
	IndicatorName string    `json:"indicator_name"`
	Frequency     Frequency `json:"frequency"`
	Period        string    `json:"period"`
	Reporters     int       `json:"reporters"`
	Reported      int       `json:"reported"` // organizations with a value for the period, from its roll-up
	Missing       int       `json:"missing"`  // reporters − reported, at least 0
}

// LateSummary counts, for each indicator of an initiative that is still
// reported, the reports received for its last closed period against its
// reporters, from the roll-ups: one row per indicator, whatever the number
// of reporters. (An organization that reported and was later taken off the
// reporters still counts among those who reported; LateReports names the
// reporters exactly.) Whoever may see the initiative may ask
// (account.ViewMeasurement).
func (s *Store) LateSummary(ctx context.Context, actor account.Actor, initiativeID int64,
	now time.Time) ([]LateCount, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	due, dueArgs, keys := dueCase(now, 1)
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.name, i.frequency, COALESCE(ru.count, 0),
		(SELECT COUNT(*) FROM indicator_reporters r WHERE r.indicator_id = i.id)
		FROM indicators i LEFT JOIN rollups ru ON ru.indicator_id = i.id AND ru.period = `+due+`
		WHERE i.initiative_id = $1 AND i.archived_at IS NULL ORDER BY lower(i.name), i.id`, append([]any{initiativeID}, dueArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("count late reports: %w", err)
	}
	defer rows.Close()
	out := []LateCount{}
	for rows.Next() {
		var c LateCount
		var freq string
		if err := rows.Scan(&c.IndicatorID, &c.IndicatorName, &freq, &c.Reported, &c.Reporters); err != nil {
			return nil, err
		}
		c.Frequency = Frequency(freq)
		c.Period = keys[c.Frequency].String()
		c.Missing = max(0, c.Reporters-c.Reported)
		out = append(out, c)
	}
	return out, rows.Err()
}
