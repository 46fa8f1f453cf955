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
	"backbone/internal/errs"
	"backbone/internal/network"
)

// The kinds of success signal.
const (
	SignalTieLevel  = "tie_level"  // the tie reaches a level and is active
	SignalGapClosed = "gap_closed" // the sector gap closes
	SignalIndicator = "indicator"  // an indicator reaches a value
	SignalManual    = "manual"     // a person ticks it
)

// Signal is how a plan will know an area succeeded: "How I will know".
// Backbone checks it by itself whenever ties, survey waves, measurements
// or organizations change; a met signal keeps its evidence.
type Signal struct {
	AreaID        int64           `json:"area_id"`
	Kind          string          `json:"kind"`
	Level         string          `json:"level,omitempty"`         // tie_level: the level to reach
	InitiativeID  int64           `json:"initiative_id,omitempty"` // tie_level: whose survey waves count; 0 any
	IndicatorID   int64           `json:"indicator_id,omitempty"`
	IndicatorName string          `json:"indicator_name,omitempty"`
	Target        *float64        `json:"target,omitempty"` // indicator: the value to reach
	Description   string          `json:"description"`
	MetAt         *time.Time      `json:"met_at"`
	Evidence      string          `json:"evidence"` // in words: which tie version, which wave, which value
	EvidenceData  json.RawMessage `json:"evidence_data,omitempty"`
}

// Met reports whether the signal is met.
func (g *Signal) Met() bool { return g != nil && g.MetAt != nil }

// Text says the signal in words.
func (g *Signal) Text() string {
	switch g.Kind {
	case SignalTieLevel:
		return "The tie reaches " + g.Level + " and is active"
	case SignalGapClosed:
		return "The sector gap closes"
	case SignalIndicator:
		t := ""
		if g.Target != nil {
			t = strconv.FormatFloat(*g.Target, 'f', -1, 64)
		}
		return fmt.Sprintf("%s reaches %s", g.IndicatorName, t)
	}
	return g.Description
}

// SignalInput is the signal to set on an area.
type SignalInput struct {
	Kind         string   `json:"kind"`
	Level        string   `json:"level"`
	InitiativeID int64    `json:"initiative_id"`
	IndicatorID  int64    `json:"indicator_id"`
	Target       *float64 `json:"target"`
	Description  string   `json:"description"`
}

// SetSignal sets (or replaces) an area's success signal, for whoever may
// edit the plan (account.EditPlan), and checks it at once: a signal
// already true is met as it is set.
func (s *Store) SetSignal(ctx context.Context, actor account.Actor, planID, areaID int64, in SignalInput) (*Area,
	error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	if p.Closed() {
		return nil, closedError(p)
	}
	var kind string
	if err := s.db.QueryRowContext(ctx, `SELECT kind FROM plan_areas WHERE id = $1 AND plan_id = $2`, areaID,
		planID).Scan(&kind); isNoRows(err) {
		return nil, fmt.Errorf("area %d of plan %d: %w", areaID, planID, errs.ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("read area %d: %w", areaID, err)
	}
	if err := normalizeSignal(&in, kind); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if in.IndicatorID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE id = $1`, in.IndicatorID).
				Scan(&n); err != nil || n == 0 {
				return &errs.ValidationError{Fields: map[string]string{"indicator_id": "no indicator has this id"}}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_signals WHERE area_id = $1`, areaID); err != nil {
			return fmt.Errorf("set signal: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_signals (area_id, kind, level, initiative_id, indicator_id,
			target, description, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, areaID, in.Kind, in.Level,
			nullID(in.InitiativeID), nullID(in.IndicatorID), in.Target, in.Description, s.now()); err != nil {
			return fmt.Errorf("set signal: %w", err)
		}
		g := &Signal{Kind: in.Kind, Level: in.Level, Target: in.Target, Description: in.Description}
		if in.Kind == SignalIndicator {
			_ = tx.QueryRowContext(ctx, `SELECT name FROM indicators WHERE id = $1`, in.IndicatorID).
				Scan(&g.IndicatorName)
		}
		err := s.record(ctx, tx, actor, planID, "signal_set", "set how we will know: "+g.Text(), nil, in)
		if err != nil {
			return err
		}
		_, err = s.check(ctx, tx, []int64{areaID})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.area(ctx, actor, planID, areaID)
}

func normalizeSignal(in *SignalInput, areaKind string) error {
	in.Kind, in.Level = strings.TrimSpace(in.Kind), strings.ToLower(strings.TrimSpace(in.Level))
	in.Description = strings.TrimSpace(in.Description)
	var v errs.ValidationError
	switch in.Kind {
	case SignalTieLevel:
		if areaKind == AreaGap {
			v.Add("kind", "a sector gap has no tie: choose gap_closed, indicator or manual")
		}
		if network.LevelRank(in.Level) < 1 {
			v.Add("level", "must be one of awareness, cooperation, coordination, collaboration")
		}
		in.IndicatorID, in.Target = 0, nil
	case SignalGapClosed:
		if areaKind != AreaGap {
			v.Add("kind", "only a sector gap can close: choose tie_level, indicator or manual")
		}
		in.Level, in.InitiativeID, in.IndicatorID, in.Target = "", 0, 0, nil
	case SignalIndicator:
		if in.IndicatorID <= 0 {
			v.Add("indicator_id", "choose the indicator to watch")
		}
		if in.Target == nil {
			v.Add("target", "give the value the indicator must reach")
		}
		in.Level, in.InitiativeID = "", 0
	case SignalManual:
		if in.Description == "" {
			v.Add("description", "say what you will check")
		}
		in.Level, in.InitiativeID, in.IndicatorID, in.Target = "", 0, 0, nil
	default:
		v.Add("kind", "must be tie_level, gap_closed, indicator or manual")
	}
	if len(in.Description) > 500 {
		v.Add("description", "keep it under 500 characters")
	}
	return v.OrNil()
}

// Tick marks a manual signal met, with a note of what was seen, for
// whoever may edit the plan (account.EditPlan).
func (s *Store) Tick(ctx context.Context, actor account.Actor, planID, areaID int64, note string) (*Area, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	if note = strings.TrimSpace(note); note == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"note": "say what showed it succeeded"}}
	}
	var kind string
	var met sql.NullTime
	err = s.db.QueryRowContext(ctx, `SELECT g.kind, g.met_at FROM plan_signals g JOIN plan_areas a ON a.id = g.area_id
		WHERE g.area_id = $1 AND a.plan_id = $2`, areaID, planID).Scan(&kind, &met)
	if isNoRows(err) {
		return nil, fmt.Errorf("signal of area %d of plan %d: %w", areaID, planID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read signal: %w", err)
	}
	if kind != SignalManual {
		return nil, &errs.ValidationError{Fields: map[string]string{"kind": "only a manual check is ticked; " +
			"Backbone checks the others itself"}}
	}
	if met.Valid {
		return nil, &errs.ConflictError{Message: "This check is already ticked."}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		who := actor.Label
		if actor.User != nil && actor.User.Name != "" {
			who = actor.User.Name
		}
		return s.meet(ctx, tx, actor, p.ID, met1{areaID: areaID, evidence: "Ticked by " + who + ": " + note,
			data: map[string]any{"ticked_by": who, "note": note}})
	})
	if err != nil {
		return nil, err
	}
	return s.area(ctx, actor, planID, areaID)
}
