package network

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// SuggestedChanges returns, for a closed wave, each pair whose answers
// differ from the recorded map, with what each side said and what is
// recorded, and each pair already decided. An open wave suggests nothing
// yet: its answers may still change. It is for those who coordinate the
// wave (see Wave).
func (s *Store) SuggestedChanges(ctx context.Context, actor account.Actor, waveID int64) ([]Suggestion, error) {
	if _, err := s.Wave(ctx, actor, waveID); err != nil {
		return nil, err
	}
	_, out, err := s.suggestions(ctx, s.db, waveID)
	return out, err
}

type decisionRow struct {
	decision, actor string
	at              time.Time
}

// suggestions computes a wave's suggested changes from its answers, the
// ties recorded between its participants and the decisions taken.
func (s *Store) suggestions(ctx context.Context, q store.Querier, waveID int64) (*Wave, []Suggestion, error) {
	w, err := s.wave(ctx, q, waveID)
	if err != nil {
		return nil, nil, err
	}
	out := []Suggestion{}
	if !w.Closed() {
		return w, out, nil
	}
	ps, err := s.participants(ctx, q, waveID)
	if err != nil {
		return nil, nil, err
	}
	ratings, err := s.waveRatings(ctx, q, waveID)
	if err != nil {
		return nil, nil, err
	}
	orgs := make([]Org, len(ps))
	for i, p := range ps {
		orgs[i] = Org{ID: p.OrganizationID, Name: p.OrganizationName}
	}
	recorded, err := s.tiesAmong(ctx, q, waveID)
	if err != nil {
		return nil, nil, err
	}
	decided, err := s.decisions(ctx, q, waveID)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range Summarize(orgs, ratings).Pairs {
		key := pairKey(p.AID, p.BID)
		level, status, differs := Suggest(p, recorded[key])
		d, done := decided[key]
		if !differs && !done {
			continue
		}
		sg := Suggestion{AID: p.AID, AName: p.AName, BID: p.BID, BName: p.BName, AtoB: p.AtoB, BtoA: p.BtoA,
			Recorded: recorded[key], Level: level, Status: status}
		if sg.Recorded == nil {
			sg.Recorded = []*Tie{}
		}
		if done {
			at := d.at
			sg.Decision, sg.DecidedBy, sg.DecidedAt = d.decision, d.actor, &at
		}
		sg.Summary = SuggestionSummary(&sg)
		out = append(out, sg)
	}
	return w, out, nil
}

// tiesAmong returns the ties recorded between a wave's participants, by pair.
func (s *Store) tiesAmong(ctx context.Context, q store.Querier, waveID int64) (map[[2]string][]*Tie, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+tieColumns+tieJoins+`
		WHERE t.from_organization_id IN (SELECT organization_id FROM survey_participants WHERE wave_id = $1)
			AND t.to_organization_id IN (SELECT organization_id FROM survey_participants WHERE wave_id = $1)
		ORDER BY lower(fo.name), lower(tor.name), t.id`, waveID)
	if err != nil {
		return nil, fmt.Errorf("ties among the survey's organizations: %w", err)
	}
	defer rows.Close()
	out := map[[2]string][]*Tie{}
	for rows.Next() {
		t, err := scanTie(rows)
		if err != nil {
			return nil, err
		}
		k := pairKey(t.FromID, t.ToID)
		out[k] = append(out[k], t)
	}
	return out, rows.Err()
}

func (s *Store) decisions(ctx context.Context, q store.Querier, waveID int64) (map[[2]string]decisionRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT a_organization_id, b_organization_id, decision, actor, decided_at
		FROM survey_tie_decisions WHERE wave_id = $1`, waveID)
	if err != nil {
		return nil, fmt.Errorf("survey decisions: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]decisionRow{}
	for rows.Next() {
		var a, b string
		var d decisionRow
		if err := rows.Scan(&a, &b, &d.decision, &d.actor, &d.at); err != nil {
			return nil, err
		}
		out[pairKey(a, b)] = d
	}
	return out, rows.Err()
}

// DecideChange keeps or updates the recorded tie of one pair whose closed
// wave's answers suggest a change, for those who coordinate the wave (see
// Wave). Updating writes a new version of each tie recorded between the two
// (or records one from A to B when there is none), with the change note
// naming the survey; the earlier versions stay in the tie's history. A tie
// the update ends gets the wave's closing day as its until, unless it has
// one. Keeping writes no tie. Either way the decision is kept and audited,
// and a pair is decided once.
func (s *Store) DecideChange(
	ctx context.Context,
	actor account.Actor,
	waveID int64,
	d TieDecision,
) (*Suggestion, error) {
	if _, err := s.Wave(ctx, actor, waveID); err != nil {
		return nil, err
	}

	d.AID, d.BID = strings.TrimSpace(d.AID), strings.TrimSpace(d.BID)
	d.Decision = strings.ToLower(strings.TrimSpace(d.Decision))
	d.Level, d.Status = strings.ToLower(strings.TrimSpace(d.Level)), strings.ToLower(strings.TrimSpace(d.Status))
	d.Note = strings.TrimSpace(d.Note)
	var v errs.ValidationError
	if d.AID == "" {
		v.Add("a_organization_id", "is required")
	}
	if d.BID == "" {
		v.Add("b_organization_id", "is required")
	}
	if d.Decision != DecisionKeep && d.Decision != DecisionUpdate {
		v.Add("decision", "must be keep (leave the recorded tie as it is) or update")
	}
	if d.Level != "" && LevelRank(d.Level) < 0 {
		v.Add("level", "must be one of "+strings.Join(Levels, ", "))
	}
	if d.Status != "" && !oneOf(d.Status, Statuses) {
		v.Add("status", "must be one of "+strings.Join(Statuses, ", "))
	}
	if utf8.RuneCountInString(d.Note) > maxNotes {
		v.Add("note", fmt.Sprintf("must be at most %d characters", maxNotes))
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	var out *Suggestion
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.decideChange(ctx, tx, actor, waveID, d)
		return err
	})
	return out, err
}

func (s *Store) decideChange(ctx context.Context, tx *sql.Tx, actor account.Actor, waveID int64,
	d TieDecision) (*Suggestion, error) {
	// Touching the wave's row makes two decisions on it wait for each other.
	if _, err := tx.ExecContext(ctx, `UPDATE survey_waves SET closes_at = closes_at WHERE id = $1`, waveID); err != nil {
		return nil, fmt.Errorf("lock survey: %w", err)
	}
	w, all, err := s.suggestions(ctx, tx, waveID)
	if err != nil {
		return nil, err
	}
	if !w.Closed() {
		return nil, &errs.ConflictError{Message: fmt.Sprintf(
			"The survey %s is still open: close it first, then review the changes its answers suggest.",
			account.Quote(w.Name),
		)}
	}
	var sg *Suggestion
	for i := range all {
		if pairKey(all[i].AID, all[i].BID) == pairKey(d.AID, d.BID) {
			sg = &all[i]
		}
	}
	if sg == nil {
		return nil, &errs.ValidationError{Fields: map[string]string{"b_organization_id": fmt.Sprintf(
			"the survey %s suggests no change between these organizations", account.Quote(w.Name))}}
	}
	if sg.Decision != "" {
		return nil, &errs.ConflictError{
			Message: fmt.Sprintf("The change between %s and %s was already decided (%s, by %s).",
				sg.AName, sg.BName, sg.Decision, sg.DecidedBy),
		}
	}

	level, status := sg.Level, sg.Status
	if d.Decision == DecisionUpdate {
		if d.Level != "" {
			level = d.Level
		}
		if d.Status != "" {
			status = d.Status
		}
		if err := s.applyChange(ctx, tx, actor, w, sg, level, status, d.Note); err != nil {
			return nil, err
		}
	} else {
		level, status = "", ""
	}

	a, b := sg.AID, sg.BID
	if b < a {
		a, b = b, a
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO survey_tie_decisions (wave_id, a_organization_id, b_organization_id, decision,
			level, status, decided_at, user_id, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		waveID, a, b, d.Decision, level, status, s.now(), uid, actorLabel(actor)); err != nil {
		return nil, fmt.Errorf("record decision: %w", err)
	}
	what := "kept the recorded relationship"
	if d.Decision == DecisionUpdate {
		what = fmt.Sprintf("updated the relationship to %s, %s", level, status)
	}
	if err := account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "review", EntityType: "survey_wave",
		EntityID: fmt.Sprint(waveID),
		Summary:  fmt.Sprintf("%s between %s and %s after the survey %s (%s)", what, sg.AName, sg.BName, account.Quote(w.Name), sg.Summary),
		After:    d}); err != nil {
		return nil, err
	}

	_, all, err = s.suggestions(ctx, tx, waveID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if pairKey(all[i].AID, all[i].BID) == pairKey(d.AID, d.BID) {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("the decision between %s and %s was not found after it was made", sg.AName, sg.BName)
}

// applyChange writes the accepted level and status to each tie recorded
// between the pair, or records a tie from A to B.
func (s *Store) applyChange(ctx context.Context, tx *sql.Tx, actor account.Actor, w *Wave, sg *Suggestion,
	level, status, note string) error {
	change := "accepted from the survey " + w.Name + ": " + sg.Summary
	if note != "" {
		change += " — " + note
	}
	closed := w.ClosedAt.UTC().Format("2006-01-02")
	if len(sg.Recorded) == 0 {
		if level == "none" || status == "ended" {
			return &errs.ValidationError{Fields: map[string]string{"level": fmt.Sprintf(
				"there is no tie recorded between %s and %s to end", sg.AName, sg.BName)}}
		}
		// When it began is not known: the map counts it from the day it is
		// recorded.
		_, err := s.createTie(ctx, tx, actor, TieInput{FromID: sg.AID, ToID: sg.BID, Level: level, Status: status,
			Notes: "Recorded from the survey " + w.Name + "."}, change)
		return err
	}
	for _, t := range sg.Recorded {
		in := InputOf(t)
		in.Level, in.Status = level, status
		if level == "none" {
			// An ended tie keeps the level it had while it ran.
			in.Level, in.Status = t.Level, "ended"
		}
		switch {
		case in.Status == "ended" && in.Until == "":
			in.Until = closed
			if in.Since != "" && in.Since > closed {
				in.Until = in.Since
			}
		case in.Status != "ended" && in.Until != "" && in.Until <= closed:
			// Running again: it has no end now.
			in.Until = ""
		}
		if _, err := s.updateTie(ctx, tx, actor, t.ID, t.Version, in, change); err != nil {
			return err
		}
	}
	return nil
}
