package network

import (
	"context"
	"fmt"

	"backbone/internal/account"
)

// AwaitedAnswer is an open partner survey that an organization was asked
// to answer and has not answered yet.
type AwaitedAnswer struct {
	WaveID           int64  `json:"wave_id"`
	WaveName         string `json:"wave_name"`
	InitiativeID     int64  `json:"initiative_id"` // 0 for a wave of any list of organizations
	InitiativeName   string `json:"initiative_name"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	RespondentEmail  string `json:"respondent_email"` // where the private link was meant to go
	ClosesAt         string `json:"closes_at"`        // YYYY-MM-DD, the last day to answer; "" for no date
}

// AnswersAwaited lists the open waves, not past their last day by the
// store's clock, that asked an organization actor works for (as its admin
// or staff) and that it has not answered; the nearest last day first, then
// those without one. A wave of an initiative is listed only to whoever may
// see the initiative (account.ViewInitiative). The answer itself is given
// through the organization's private link (account.AnswerSurvey).
func (s *Store) AnswersAwaited(ctx context.Context, actor account.Actor) ([]AwaitedAnswer, error) {
	out := []AwaitedAnswer{}
	if actor.User == nil {
		return out, nil
	}
	today := s.now().UTC().Format("2006-01-02")
	rows, err := s.db.QueryContext(ctx, `SELECT w.id, w.name, COALESCE(w.initiative_id, 0), COALESCE(i.name, ''),
			p.organization_id, o.name, p.respondent_email, w.closes_at, ms.role
		FROM survey_participants p JOIN survey_waves w ON w.id = p.wave_id
		LEFT JOIN initiatives i ON i.id = w.initiative_id JOIN organizations o ON o.id = p.organization_id
		JOIN memberships ms ON ms.organization_id = p.organization_id AND ms.user_id = $1
		WHERE w.closed_at IS NULL AND p.responded_at IS NULL AND (w.closes_at = '' OR w.closes_at >= $2)
		ORDER BY w.closes_at = '', w.closes_at, w.id, lower(o.name), o.id`, actor.User.ID, today)
	if err != nil {
		return nil, fmt.Errorf("read the surveys awaiting an answer: %w", err)
	}
	var all []AwaitedAnswer
	for rows.Next() {
		var a AwaitedAnswer
		var role string
		err := rows.Scan(&a.WaveID, &a.WaveName, &a.InitiativeID, &a.InitiativeName, &a.OrganizationID,
			&a.OrganizationName, &a.RespondentEmail, &a.ClosesAt, &role)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the surveys awaiting an answer: %w", err)
		}
		if role == account.OrgAdmin || role == account.OrgStaff {
			all = append(all, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the surveys awaiting an answer: %w", err)
	}
	for _, a := range all {
		if a.InitiativeID != 0 {
			ok, err := s.rules.May(ctx, actor, account.ViewInitiative, account.Initiative(a.InitiativeID))
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// WavesToFollow lists the open waves actor coordinates
// (account.ManageSurveyWave) that some participants have not answered yet,
// newest first: a coordinator reminds them, or closes the wave.
func (s *Store) WavesToFollow(ctx context.Context, actor account.Actor) ([]*Wave, error) {
	waves, err := s.Waves(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := []*Wave{}
	for _, w := range waves {
		if !w.Closed() && w.Responded < w.Participants {
			out = append(out, w)
		}
	}
	return out, nil
}
