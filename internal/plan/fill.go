package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// fill reads the areas (with their tie then and now, signal and actions)
// and shares of the plans, a few queries for all of them.
func (s *Store) fill(ctx context.Context, plans []*Plan) error {
	if len(plans) == 0 {
		return nil
	}
	byID := map[int64]*Plan{}
	marks, args := make([]string, len(plans)), make([]any, len(plans))
	for i, p := range plans {
		byID[p.ID] = p
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), p.ID
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	areas := map[int64]*Area{}
	var order []int64
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.plan_id, a.kind, a.title, COALESCE(a.from_organization_id, ''),
		COALESCE(f.name, ''), COALESCE(a.organization_id, ''), COALESCE(o.name, ''), a.sector, a.added_on, a.tie_id,
		a.tie_version, a.tie_level, a.tie_status, COALESCE(t.id, ''), COALESCE(t.version, 0), COALESCE(t.level, ''),
		COALESCE(t.status, '')
		FROM plan_areas a LEFT JOIN organizations f ON f.id = a.from_organization_id
		LEFT JOIN organizations o ON o.id = a.organization_id
		LEFT JOIN ties t ON (a.tie_id <> '' AND t.id = a.tie_id) OR (a.tie_id = '' AND a.kind = 'no_tie'
			AND ((t.from_organization_id = a.from_organization_id AND t.to_organization_id = a.organization_id)
			OR (t.from_organization_id = a.organization_id AND t.to_organization_id = a.from_organization_id)))
		WHERE a.plan_id IN `+in+` ORDER BY a.id`, args...)
	if err != nil {
		return fmt.Errorf("read plan areas: %w", err)
	}
	for rows.Next() {
		a := &Area{Actions: []Action{}}
		var then, now TieState
		if err := rows.Scan(&a.ID, &a.PlanID, &a.Kind, &a.Title, &a.FromOrganizationID, &a.FromName,
			&a.OrganizationID, &a.OrganizationName, &a.Sector, &a.AddedOn, &then.TieID, &then.Version, &then.Level,
			&then.Status, &now.TieID, &now.Version, &now.Level, &now.Status); err != nil {
			rows.Close()
			return fmt.Errorf("read plan areas: %w", err)
		}
		if then.TieID != "" {
			then.On = a.AddedOn
			a.Then = &then
		}
		if now.TieID != "" {
			a.Now = &now
		}
		if _, seen := areas[a.ID]; !seen {
			areas[a.ID] = a
			order = append(order, a.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read plan areas: %w", err)
	}
	if err := s.fillSignals(ctx, in, args, areas); err != nil {
		return err
	}
	if err := s.fillActions(ctx, in, args, areas); err != nil {
		return err
	}
	for _, id := range order {
		a := areas[id]
		byID[a.PlanID].Areas = append(byID[a.PlanID].Areas, *a)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT sh.plan_id, u.id, u.name, u.email FROM plan_shares sh
		JOIN users u ON u.id = sh.user_id WHERE sh.plan_id IN `+in+` ORDER BY u.name, u.id`, args...)
	if err != nil {
		return fmt.Errorf("read plan shares: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var planID int64
		var p Person
		if err := rows.Scan(&planID, &p.ID, &p.Name, &p.Email); err != nil {
			return fmt.Errorf("read plan shares: %w", err)
		}
		byID[planID].Shares = append(byID[planID].Shares, p)
	}
	return rows.Err()
}

func (s *Store) fillSignals(ctx context.Context, in string, args []any, areas map[int64]*Area) error {
	rows, err := s.db.QueryContext(ctx, `SELECT g.area_id, g.kind, g.level, COALESCE(g.initiative_id, 0),
		COALESCE(g.indicator_id, 0), COALESCE(ind.name, ''), g.target, g.description, g.met_at, g.evidence,
		g.evidence_json FROM plan_signals g JOIN plan_areas a ON a.id = g.area_id
		LEFT JOIN indicators ind ON ind.id = g.indicator_id WHERE a.plan_id IN `+in, args...)
	if err != nil {
		return fmt.Errorf("read plan signals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		g := &Signal{}
		var target sql.NullFloat64
		var met sql.NullTime
		var evidence string
		if err := rows.Scan(&g.AreaID, &g.Kind, &g.Level, &g.InitiativeID, &g.IndicatorID, &g.IndicatorName,
			&target, &g.Description, &met, &g.Evidence, &evidence); err != nil {
			return fmt.Errorf("read plan signals: %w", err)
		}
		if target.Valid {
			g.Target = &target.Float64
		}
		if met.Valid {
			t := met.Time.UTC()
			g.MetAt = &t
		}
		if evidence != "" {
			g.EvidenceData = json.RawMessage(evidence)
		}
		if a := areas[g.AreaID]; a != nil {
			a.Signal = g
		}
	}
	return rows.Err()
}

func (s *Store) fillActions(ctx context.Context, in string, args []any, areas map[int64]*Area) error {
	lib, err := s.library(ctx, s.db)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, st := range lib {
		names[st.Key] = st.Name
	}
	today := s.today()
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.area_id, x.strategy, x.title, COALESCE(x.owner_id, 0),
		COALESCE(u.name, ''), x.due_on, x.status, COALESCE(x.activity_id, 0), COALESCE(x.activity_initiative_id, 0)
		FROM plan_actions x LEFT JOIN users u ON u.id = x.owner_id WHERE x.plan_id IN `+in+
		` ORDER BY x.due_on = '', x.due_on, x.id`, args...)
	if err != nil {
		return fmt.Errorf("read plan actions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x Action
		if err := rows.Scan(&x.ID, &x.AreaID, &x.Strategy, &x.Title, &x.OwnerID, &x.OwnerName, &x.DueOn, &x.Status,
			&x.ActivityID, &x.ActivityInitiativeID); err != nil {
			return fmt.Errorf("read plan actions: %w", err)
		}
		x.StrategyName = names[x.Strategy]
		x.Overdue = x.DueOn != "" && x.DueOn < today && (x.Status == "planned" || x.Status == "in_progress")
		if a := areas[x.AreaID]; a != nil {
			a.Actions = append(a.Actions, x)
		}
	}
	return rows.Err()
}

// Summary is a plan's state in a few words: what a list shows.
func (p *Plan) Summary() (areas, actions, overdue, met int) {
	for _, a := range p.Areas {
		areas++
		actions += len(a.Actions)
		for _, x := range a.Actions {
			if x.Overdue {
				overdue++
			}
		}
		if a.Signal != nil && a.Signal.MetAt != nil {
			met++
		}
	}
	return
}
