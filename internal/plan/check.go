package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/network"
)

// checker is the actor the signal checker records its findings as.
var checker = account.SystemActor("backbone")

// CheckSignals checks every open plan's unmet signals against the map, the
// survey waves, the gaps and the indicators, records those now met with
// their evidence, and returns how many it met. It reads set by set (all tie
// signals in one query, all survey answers in another), never one query a
// tie, so that it stays fast when an import changed a million ties.
func (s *Store) CheckSignals(ctx context.Context) (int, error) {
	var n int
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.check(ctx, tx, nil)
		return err
	})
	return n, err
}

// HandleEvent checks the signals after a change that may meet one: ties
// changed (the map's "network" marker, once per change or import), a
// survey wave closed, a measurement reported, an organization's sectors
// changed. It runs in the event dispatcher's transaction (events.Handler).
func (s *Store) HandleEvent(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
	switch {
	case e.EntityType == "network",
		e.EntityType == "survey_wave" && (e.Action == "close" || e.Action == "review"),
		e.EntityType == "initiative" && strings.HasPrefix(e.Action, "measurement"),
		e.EntityType == "organization" && (e.Action == "update" || e.Action == "accept"):
	default:
		return nil
	}
	_, err := s.check(ctx, tx, nil)
	return err
}

// unmet is an unmet signal of an open plan, with what checking it needs.
type unmet struct {
	areaID, planID, initiativeID, indicatorID int64
	kind, level, from, to, sector, matches    string
	target                                    sql.NullFloat64
}

// met1 is a signal found met, with its evidence.
type met1 struct {
	areaID   int64
	evidence string
	data     map[string]any
}

// check checks the unmet signals of open plans (of the areas given; all
// when nil) and records those met.
func (s *Store) check(ctx context.Context, tx *sql.Tx, areaIDs []int64) (int, error) {
	signals, err := unmetSignals(ctx, tx, areaIDs)
	if err != nil || len(signals) == 0 {
		return 0, err
	}
	var found []met1
	byArea := map[int64]*unmet{}
	var tieSignals []*unmet
	for _, g := range signals {
		byArea[g.areaID] = g
		switch g.kind {
		case SignalTieLevel:
			tieSignals = append(tieSignals, g)
		case SignalGapClosed:
			m, err := gapClosed(ctx, tx, g)
			if err != nil {
				return 0, err
			}
			if m != nil {
				found = append(found, *m)
			}
		case SignalIndicator:
			m, err := indicatorReached(ctx, tx, g)
			if err != nil {
				return 0, err
			}
			if m != nil {
				found = append(found, *m)
			}
		}
	}
	if len(tieSignals) > 0 {
		m, err := tiesReached(ctx, tx, areaIDs)
		if err != nil {
			return 0, err
		}
		found = append(found, m...)
		done := map[int64]bool{}
		for _, f := range m {
			done[f.areaID] = true
		}
		w, err := wavesReached(ctx, tx, areaIDs, byArea, done)
		if err != nil {
			return 0, err
		}
		found = append(found, w...)
	}
	n := 0
	for _, f := range found {
		g := byArea[f.areaID]
		if g == nil {
			continue
		}
		if err := s.meet(ctx, tx, checker, g.planID, f); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// areaFilter limits a query on plan_areas a to the areas given.
func areaFilter(areaIDs []int64, first int) (string, []any) {
	if areaIDs == nil {
		return "", nil
	}
	marks, args := make([]string, len(areaIDs)), make([]any, len(areaIDs))
	for i, id := range areaIDs {
		marks[i], args[i] = "$"+strconv.Itoa(first+i), id
	}
	return " AND a.id IN (" + strings.Join(marks, ", ") + ")", args
}

func unmetSignals(ctx context.Context, q querier, areaIDs []int64) ([]*unmet, error) {
	where, args := areaFilter(areaIDs, 1)
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.plan_id, COALESCE(p.initiative_id, 0), g.kind, g.level,
		COALESCE(g.indicator_id, 0), g.target, COALESCE(a.from_organization_id, ''), COALESCE(a.organization_id, ''),
		a.sector, a.sector_matches
		FROM plan_signals g JOIN plan_areas a ON a.id = g.area_id JOIN plans p ON p.id = a.plan_id
		WHERE g.met_at IS NULL AND g.kind <> 'manual' AND p.status = 'open'`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read unmet signals: %w", err)
	}
	defer rows.Close()
	var out []*unmet
	for rows.Next() {
		g := &unmet{}
		if err := rows.Scan(&g.areaID, &g.planID, &g.initiativeID, &g.kind, &g.level, &g.indicatorID, &g.target,
			&g.from, &g.to, &g.sector, &g.matches); err != nil {
			return nil, fmt.Errorf("read unmet signals: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// levelRank is network.LevelRank in SQL.
func levelRank(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, l := range network.Levels {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", l, i)
	}
	b.WriteString(" ELSE -1 END")
	return b.String()
}

// tiesReached finds the unmet tie signals whose tie (in either direction)
// is now active at or above the level, by the tie's latest version. Each
// signal looks its pair up through the ties' unique index on the pair (a
// subquery per direction, which both engines run as an index probe), so
// that the check costs a few probes per signal however many ties there
// are; a join let PostgreSQL scan every tie.
func tiesReached(ctx context.Context, q querier, areaIDs []int64) ([]met1, error) {
	where, args := areaFilter(areaIDs, 1)
	reached := func(t, from, to string) string {
		return `(SELECT ` + t + `.id FROM ties ` + t + ` WHERE ` + t + `.from_organization_id = a.` + from +
			` AND ` + t + `.to_organization_id = a.` + to + ` AND ` + t + `.status = 'active' AND ` +
			levelRank(t+".level") + ` >= ` + levelRank("g.level") + `)`
	}
	query := `SELECT a.id, COALESCE(` + reached("t1", "from_organization_id", "organization_id") + `, ` +
		reached("t2", "organization_id", "from_organization_id") + `, '')
		FROM plan_signals g JOIN plan_areas a ON a.id = g.area_id JOIN plans p ON p.id = a.plan_id
		WHERE g.met_at IS NULL AND g.kind = 'tie_level' AND p.status = 'open'` + where
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("check tie signals: %w", err)
	}
	byTie := map[string][]int64{}
	for rows.Next() {
		var area int64
		var tie string
		if err := rows.Scan(&area, &tie); err != nil {
			rows.Close()
			return nil, fmt.Errorf("check tie signals: %w", err)
		}
		if tie != "" {
			byTie[tie] = append(byTie[tie], area)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check tie signals: %w", err)
	}
	var out []met1
	for tie, areas := range byTie {
		var ts TieState
		if err := q.QueryRowContext(ctx, `SELECT id, version, level, status FROM ties WHERE id = $1`, tie).
			Scan(&ts.TieID, &ts.Version, &ts.Level, &ts.Status); err != nil {
			return nil, fmt.Errorf("read tie %s: %w", tie, err)
		}
		for _, area := range areas {
			out = append(out, met1{areaID: area,
				evidence: fmt.Sprintf("The tie is %s and %s (tie %s, version %d).", ts.Status, ts.Level, ts.TieID,
					ts.Version),
				data: map[string]any{"source": "tie", "tie_id": ts.TieID, "version": ts.Version, "level": ts.Level,
					"status": ts.Status}})
		}
	}
	return out, nil
}

// wavesReached finds the unmet tie signals that the latest closed survey
// wave (of the signal's initiative, or any) rating the pair meets: either
// organization rated the other at or above the level.
func wavesReached(ctx context.Context, q querier, areaIDs []int64, byArea map[int64]*unmet,
	done map[int64]bool) ([]met1, error) {
	where, args := areaFilter(areaIDs, 1)
	closed, err := closedWaves(ctx, q)
	if err != nil {
		return nil, err
	}
	base := `SELECT a.id, w.id, w.name, r.level, r.rater_organization_id
		FROM plan_signals g JOIN plan_areas a ON a.id = g.area_id JOIN plans p ON p.id = a.plan_id
		JOIN survey_waves w ON w.closed_at IS NOT NULL
			AND (g.initiative_id IS NULL OR w.initiative_id = g.initiative_id)
		JOIN survey_ratings r ON r.wave_id = w.id AND %s
		WHERE g.met_at IS NULL AND g.kind = 'tie_level' AND p.status = 'open' AND r.level <> ''` + where
	query := fmt.Sprintf(base,
		"r.rater_organization_id = a.from_organization_id AND r.rated_organization_id = a.organization_id") +
		" UNION ALL " + fmt.Sprintf(base,
		"r.rater_organization_id = a.organization_id AND r.rated_organization_id = a.from_organization_id")
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("check survey signals: %w", err)
	}
	defer rows.Close()
	type latest struct {
		wave     int64
		name     string
		at       time.Time
		best     string
		rater    string
		reaching bool
	}
	byWave := map[int64]*latest{}
	for rows.Next() {
		var area, wave int64
		var name, level, rater string
		if err := rows.Scan(&area, &wave, &name, &level, &rater); err != nil {
			return nil, fmt.Errorf("check survey signals: %w", err)
		}
		if done[area] || byArea[area] == nil {
			continue
		}
		l, at := byWave[area], closed[wave]
		if l == nil || at.After(l.at) || (at.Equal(l.at) && wave > l.wave) {
			l = &latest{wave: wave, name: name, at: at}
			byWave[area] = l
		}
		if l.wave == wave && network.LevelRank(level) > network.LevelRank(l.best) {
			l.best, l.rater = level, rater
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check survey signals: %w", err)
	}
	var out []met1
	for area, l := range byWave {
		if network.LevelRank(l.best) < network.LevelRank(byArea[area].level) {
			continue
		}
		out = append(out, met1{areaID: area,
			evidence: fmt.Sprintf("The survey %s rated the tie at %s.", account.Quote(l.name), l.best),
			data: map[string]any{"source": "survey_wave", "wave_id": l.wave, "wave": l.name, "level": l.best,
				"rater_organization_id": l.rater}})
	}
	return out, nil
}

// closedWaves are the closing times of the closed survey waves.
func closedWaves(ctx context.Context, q querier) (map[int64]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, closed_at FROM survey_waves WHERE closed_at IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("read closed survey waves: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("read closed survey waves: %w", err)
		}
		out[id] = at
	}
	return out, rows.Err()
}

// gapClosed checks a gap signal: the organization (or, for an initiative's
// plan, an active member) or one strongly tied to it now works in the
// sector.
func gapClosed(ctx context.Context, q querier, g *unmet) (*met1, error) {
	matches := strings.Split(g.matches, "\n")
	marks := make([]string, len(matches))
	args := []any{g.from, g.initiativeID}
	for i, m := range matches {
		marks[i] = "$" + strconv.Itoa(len(args)+1)
		args = append(args, m)
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	scope := `(SELECT $1 AS id WHERE $1 <> '' UNION SELECT organization_id FROM initiative_members
		WHERE initiative_id = $2 AND status = 'active' AND $1 = '')`
	var org, name string
	err := q.QueryRowContext(ctx, `SELECT o.id, o.name FROM organizations o
		JOIN organization_sectors sc ON sc.organization_id = o.id AND sc.sector IN `+in+`
		WHERE o.archived_at IS NULL AND (o.id IN `+scope+`
			OR o.id IN (SELECT t.to_organization_id FROM ties t WHERE t.from_organization_id IN `+scope+`
				AND t.status = 'active' AND `+levelRank("t.level")+` >= 3)
			OR o.id IN (SELECT t.from_organization_id FROM ties t WHERE t.to_organization_id IN `+scope+`
				AND t.status = 'active' AND `+levelRank("t.level")+` >= 3))
		ORDER BY o.name LIMIT 1`, args...).Scan(&org, &name)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check gap signal: %w", err)
	}
	return &met1{areaID: g.areaID, evidence: fmt.Sprintf("%s now covers %s.", name, g.sector),
		data: map[string]any{"source": "gap", "sector": g.sector, "organization_id": org}}, nil
}

// indicatorReached checks an indicator signal against the latest value
// reported (by period, then time reported): at or above the target for an
// indicator where higher is better, at or below where lower is.
func indicatorReached(ctx context.Context, q querier, g *unmet) (*met1, error) {
	if !g.target.Valid {
		return nil, nil
	}
	var id int64
	var value float64
	var period, direction, name string
	err := q.QueryRowContext(ctx, `SELECT m.id, m.value, m.period, i.direction, i.name FROM measurements m
		JOIN indicators i ON i.id = m.indicator_id WHERE m.indicator_id = $1 AND m.superseded_at IS NULL
		ORDER BY m.period DESC, m.reported_at DESC, m.id DESC LIMIT 1`, g.indicatorID).
		Scan(&id, &value, &period, &direction, &name)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check indicator signal: %w", err)
	}
	if (direction == "lower" && value > g.target.Float64) || (direction != "lower" && value < g.target.Float64) {
		return nil, nil
	}
	v := strconv.FormatFloat(value, 'f', -1, 64)
	return &met1{areaID: g.areaID, evidence: fmt.Sprintf("%s was %s for %s (measurement %d).", name, v, period, id),
		data: map[string]any{"source": "measurement", "measurement_id": id, "value": value, "period": period}}, nil
}

// meet records a signal met: its evidence, the plan's history (which
// notifies the plan's people), and the initiative's updates feed when the
// plan belongs to one. A signal someone else met just now is left as it is.
func (s *Store) meet(ctx context.Context, tx *sql.Tx, actor account.Actor, planID int64, f met1) error {
	data, err := json.Marshal(f.data)
	if err != nil {
		return fmt.Errorf("signal evidence: %w", err)
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE plan_signals SET met_at = $2, evidence = $3, evidence_json = $4,
		updated_at = $2 WHERE area_id = $1 AND met_at IS NULL`, f.areaID, now, f.evidence, string(data))
	if err != nil {
		return fmt.Errorf("record signal met: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil
	}
	var title, areaTitle string
	var iniID int64
	if err := tx.QueryRowContext(ctx, `SELECT p.title, a.title, COALESCE(p.initiative_id, 0) FROM plans p
		JOIN plan_areas a ON a.plan_id = p.id WHERE a.id = $1`, f.areaID).Scan(&title, &areaTitle, &iniID); err != nil {
		return fmt.Errorf("read the plan of signal %d: %w", f.areaID, err)
	}
	people, err := planPeople(ctx, tx, planID)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("Success signal met in the plan %s: %s. %s", account.Quote(title), areaTitle, f.evidence)
	after := map[string]any{"area_id": f.areaID, "evidence": f.data, "user_ids": people, "plan_id": planID}
	if err := s.record(ctx, tx, actor, planID, "signal_met", summary, nil, after); err != nil {
		return err
	}
	if iniID == 0 {
		return nil
	}
	return account.Record(ctx, tx, actor, account.Event{At: now, Action: "plan_signal_met", EntityType: "initiative",
		EntityID: strconv.FormatInt(iniID, 10), Summary: summary, After: after})
}

// planPeople are the people a plan's news is for: its owner and the people
// it is shared with; a unit's admins; an initiative's backbone staff.
func planPeople(ctx context.Context, q querier, planID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM plans WHERE id = $1 AND user_id IS NOT NULL
		UNION SELECT user_id FROM plan_shares WHERE plan_id = $1
		UNION SELECT m.user_id FROM memberships m JOIN plans p ON p.organization_id = m.organization_id
			WHERE p.id = $1 AND m.role = $2
		UNION SELECT r.user_id FROM initiative_roles r JOIN plans p ON p.initiative_id = r.initiative_id
			WHERE p.id = $1 AND r.role = $3
		ORDER BY 1`, planID, account.OrgAdmin, account.InitiativeBackboneStaff)
	if err != nil {
		return nil, fmt.Errorf("find the plan's people: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
