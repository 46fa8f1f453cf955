package network

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
)

// Perception is what one organization said of another in the latest closed
// partner survey that asked it: its side of the relationship, beside the
// recorded tie.
type Perception struct {
	Side
	Wave     string    `json:"wave"`
	ClosedAt time.Time `json:"closed_at"`
}

// Perceptions returns, for each ordered pair (rater, rated) among the given
// organizations, what the rater said of the rated in the latest survey
// closed by the end of asOf (zero for now), for someone who may read the map
// (account.ViewNetwork). The map shows them on the pair's line.
func (s *Store) Perceptions(ctx context.Context, actor account.Actor, orgIDs []string,
	asOf time.Time) (map[[2]string]Perception, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}

	out := map[[2]string]Perception{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	end := s.now().Add(time.Second)
	if !asOf.IsZero() {
		end = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	}
	args := []any{end}
	marks := make([]string, len(orgIDs))
	for i, id := range orgIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	in := strings.Join(marks, ", ")
	rows, err := s.db.QueryContext(ctx, `SELECT r.rater_organization_id, r.rated_organization_id, r.level, r.strained,
			r.trust_reliable, r.trust_mission, r.trust_open, r.value_influence, r.value_involvement, r.value_resources,
			w.name, w.closed_at
		FROM survey_ratings r JOIN survey_waves w ON w.id = r.wave_id
		WHERE w.closed_at IS NOT NULL AND w.closed_at < $1 AND r.level <> ''
			AND r.rater_organization_id IN (`+in+`) AND r.rated_organization_id IN (`+in+`)
		ORDER BY w.closed_at DESC, w.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("survey perceptions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, to string
		var p Perception
		var n [6]sql.NullInt64
		var r Rating
		if err := rows.Scan(&from, &to, &p.Level, &p.Strained, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5],
			&p.Wave, &p.ClosedAt); err != nil {
			return nil, err
		}
		if _, seen := out[[2]string{from, to}]; seen {
			continue // a later survey has it
		}
		r.setScores(n)
		p.Trust, p.Value = TrustScore(r), ValueScore(r)
		out[[2]string{from, to}] = p
	}
	return out, rows.Err()
}
