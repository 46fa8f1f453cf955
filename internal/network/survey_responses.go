package network

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Answering a partner survey: each organization's respondent, who needs no
// account, opens the wave through the organization's private link and rates
// every other organization asked.

// Rating is what one organization says about its relationship with another:
// the level, trust (reliable, supports the mission, open to discussion) and
// value (influence, involvement, resources contributed), 1–4 each, nil when
// not known or not answered, and the resources the other brings.
type Rating struct {
	RatedID          string `json:"organization_id"`
	RatedName        string `json:"organization_name"`
	Level            string `json:"level"` // "" while not answered
	TrustReliable    *int   `json:"trust_reliable"`
	TrustMission     *int   `json:"trust_mission"`
	TrustOpen        *int   `json:"trust_open"`
	ValueInfluence   *int   `json:"value_influence"`
	ValueInvolvement *int   `json:"value_involvement"`
	ValueResources   *int   `json:"value_resources"`
	Resources        string `json:"resources"`
	// Strained is the respondent saying the relationship is strained
	// (conflict, unanswered referrals), whatever its level.
	Strained bool `json:"strained"`
}

// Answered reports whether the rating says anything at all.
func (r Rating) Answered() bool {
	return r.Level != "" || r.Resources != "" || r.Strained || r.TrustReliable != nil || r.TrustMission != nil || r.TrustOpen != nil ||
		r.ValueInfluence != nil ||
		r.ValueInvolvement != nil ||
		r.ValueResources != nil
}

// Response is what a respondent sends: who they are (optional) and their ratings.
type Response struct {
	RespondentName  string   `json:"respondent_name"`
	RespondentEmail string   `json:"respondent_email"`
	Ratings         []Rating `json:"ratings"`
}

// Survey is what a respondent sees through the private link.
type Survey struct {
	Wave        *Wave
	Participant Participant
	Others      []Org    // the organizations to rate, by name
	Ratings     []Rating // one per other organization, in the same order, answered so far or blank
}

// maxResources bounds what a respondent writes about what another brings.
const maxResources = 2000

// hashSurveyToken is how a private link's token is kept.
func hashSurveyToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newSurveyToken() string { return account.RandomToken(24) }

// participantByToken finds the wave and organization a private link is for.
func (s *Store) participantByToken(ctx context.Context, q store.Querier, token string) (int64, string, error) {
	token = strings.TrimSpace(token)
	var waveID int64
	var orgID string
	if token == "" || len(token) > 100 {
		return 0, "", fmt.Errorf("survey link: %w", errs.ErrNotFound)
	}
	err := q.QueryRowContext(ctx, `SELECT wave_id, organization_id FROM survey_participants WHERE token_hash = $1`, hashSurveyToken(token)).
		Scan(&waveID, &orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("survey link: %w", errs.ErrNotFound)
	}
	if err != nil {
		return 0, "", fmt.Errorf("find survey link: %w", err)
	}
	return waveID, orgID, nil
}

// Respondent returns what the holder of a private link sees: the wave, its
// organization, the others to rate and the answers saved so far. Anyone who
// holds the link may (account.AnswerSurvey): the link is the key, and a
// token that opens no wave is not found.
func (s *Store) Respondent(ctx context.Context, token string) (*Survey, error) {
	waveID, orgID, err := s.participantByToken(ctx, s.db, token)
	if err != nil {
		return nil, err
	}
	w, err := s.wave(ctx, s.db, waveID)
	if err != nil {
		return nil, err
	}
	ps, err := s.participants(ctx, s.db, waveID)
	if err != nil {
		return nil, err
	}
	sv := &Survey{Wave: w}
	for _, p := range ps {
		if p.OrganizationID == orgID {
			sv.Participant = p
		} else {
			sv.Others = append(sv.Others, Org{ID: p.OrganizationID, Name: p.OrganizationName})
		}
	}
	all, err := s.waveRatings(ctx, s.db, waveID)
	if err != nil {
		return nil, err
	}
	saved := map[string]Rating{}
	for _, r := range all {
		if r.RaterID == orgID {
			saved[r.RatedID] = r.Rating
		}
	}
	for _, o := range sv.Others {
		r, ok := saved[o.ID]
		if !ok {
			r = Rating{RatedID: o.ID}
		}
		r.RatedName = o.Name
		sv.Ratings = append(sv.Ratings, r)
	}
	return sv, nil
}

// acceptsAnswers says why a wave takes no more answers, or "" when it does.
func (s *Store) acceptsAnswers(w *Wave) string {
	if w.Closed() {
		return "this survey is closed: answers can no longer be changed"
	}
	if w.ClosesAt != "" && s.now().Format("2006-01-02") > w.ClosesAt {
		return "this survey's last day to answer (" + w.ClosesAt + ") has passed"
	}
	return ""
}

// checkScore validates one 1–4 rating.
func checkScore(v *errs.ValidationError, field string, p *int) {
	if p != nil && (*p < 1 || *p > 4) {
		v.Add(field, "must be 1, 2, 3 or 4 (or left as “don't know”)")
	}
}

// normalizeResponse checks a response against the organizations to rate.
func normalizeResponse(resp *Response, others map[string]bool) error {
	var v errs.ValidationError
	resp.RespondentName, resp.RespondentEmail = strings.TrimSpace(
		resp.RespondentName,
	), strings.TrimSpace(
		resp.RespondentEmail,
	)
	if utf8.RuneCountInString(resp.RespondentName) > 200 {
		v.Add("respondent_name", "must be at most 200 characters")
	}
	if resp.RespondentEmail != "" {
		if a, err := mail.ParseAddress(resp.RespondentEmail); err != nil || a.Address != resp.RespondentEmail ||
			len(resp.RespondentEmail) > 254 {
			v.Add("respondent_email", "must be an email address like name@example.org")
		}
	}
	seen := map[string]bool{}
	for i := range resp.Ratings {
		r := &resp.Ratings[i]
		f := fmt.Sprintf("ratings[%d].", i)
		r.RatedID, r.Level, r.Resources = strings.TrimSpace(
			r.RatedID,
		), strings.ToLower(
			strings.TrimSpace(r.Level),
		), strings.TrimSpace(
			r.Resources,
		)
		switch {
		case r.RatedID == "":
			v.Add(f+"organization_id", "is required")
		case !others[r.RatedID]:
			v.Add(
				f+"organization_id",
				fmt.Sprintf("%q is not one of the other organizations in this survey", r.RatedID),
			)
		case seen[r.RatedID]:
			v.Add(f+"organization_id", "is rated twice")
		}
		seen[r.RatedID] = true
		if r.Level != "" && LevelRank(r.Level) < 0 {
			v.Add(f+"level", "must be one of "+strings.Join(Levels, ", "))
		}
		checkScore(&v, f+"trust_reliable", r.TrustReliable)
		checkScore(&v, f+"trust_mission", r.TrustMission)
		checkScore(&v, f+"trust_open", r.TrustOpen)
		checkScore(&v, f+"value_influence", r.ValueInfluence)
		checkScore(&v, f+"value_involvement", r.ValueInvolvement)
		checkScore(&v, f+"value_resources", r.ValueResources)
		if n := utf8.RuneCountInString(r.Resources); n > maxResources {
			v.Add(f+"resources", fmt.Sprintf("must be at most %d characters (it has %d)", maxResources, n))
		}
		if r.Level == "" && r.Answered() {
			v.Add(f+"level", "is required when you rate this organization")
		}
	}
	return v.OrNil()
}

// SaveResponse keeps a respondent's answers. It may be called again and
// again until the wave closes; each call replaces the ratings it holds and
// leaves the others as they were. Like Respondent, it is for anyone who
// holds the private link (account.AnswerSurvey).
func (s *Store) SaveResponse(ctx context.Context, token string, resp Response) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		waveID, orgID, err := s.participantByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		// Touching the wave's row makes an answer and the closing of the
		// wave wait for each other, so no answer slips in after the close.
		if _, err := tx.ExecContext(ctx, `UPDATE survey_waves SET closes_at = closes_at WHERE id = $1`, waveID); err != nil {
			return fmt.Errorf("lock survey: %w", err)
		}
		w, err := s.wave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		if why := s.acceptsAnswers(w); why != "" {
			return &errs.ConflictError{Message: strings.ToUpper(why[:1]) + why[1:] + "."}
		}
		ps, err := s.participants(ctx, tx, waveID)
		if err != nil {
			return err
		}
		others := map[string]bool{}
		for _, p := range ps {
			if p.OrganizationID != orgID {
				others[p.OrganizationID] = true
			}
		}
		if err := normalizeResponse(&resp, others); err != nil {
			return err
		}
		now := s.now()
		answered := false
		for _, r := range resp.Ratings {
			if !r.Answered() {
				if _, err := tx.ExecContext(ctx, `DELETE FROM survey_ratings WHERE wave_id = $1 AND rater_organization_id = $2 AND rated_organization_id = $3`,
					waveID, orgID, r.RatedID); err != nil {
					return fmt.Errorf("clear rating: %w", err)
				}
				continue
			}
			answered = true
			_, err := tx.ExecContext(
				ctx,
				`INSERT INTO survey_ratings (wave_id, rater_organization_id, rated_organization_id, level,
					trust_reliable, trust_mission, trust_open, value_influence, value_involvement, value_resources, resources, updated_at,
					strained)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				ON CONFLICT (wave_id, rater_organization_id, rated_organization_id) DO UPDATE SET level = excluded.level,
					trust_reliable = excluded.trust_reliable, trust_mission = excluded.trust_mission, trust_open = excluded.trust_open,
					value_influence = excluded.value_influence, value_involvement = excluded.value_involvement,
					value_resources = excluded.value_resources, resources = excluded.resources, updated_at = excluded.updated_at,
					strained = excluded.strained`,
				waveID,
				orgID,
				r.RatedID,
				r.Level,
				intArg(r.TrustReliable),
				intArg(r.TrustMission),
				intArg(r.TrustOpen),
				intArg(r.ValueInfluence),
				intArg(r.ValueInvolvement),
				intArg(r.ValueResources),
				r.Resources,
				now,
				r.Strained,
			)
			if err != nil {
				return fmt.Errorf("save rating: %w", err)
			}
		}
		if answered {
			_, err = tx.ExecContext(ctx, `UPDATE survey_participants SET respondent_name = $1, respondent_email = $2,
				responded_at = COALESCE(responded_at, $3) WHERE wave_id = $4 AND organization_id = $5`,
				resp.RespondentName, resp.RespondentEmail, now, waveID, orgID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE survey_participants SET respondent_name = $1, respondent_email = $2 WHERE wave_id = $3 AND organization_id = $4`,
				resp.RespondentName, resp.RespondentEmail, waveID, orgID)
		}
		if err != nil {
			return fmt.Errorf("record response: %w", err)
		}
		return nil
	})
}

func intArg(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// WaveRating is a rating with the organization that gave it.
type WaveRating struct {
	RaterID   string `json:"rater_organization_id"`
	RaterName string `json:"rater_organization_name"`
	Rating
}

// waveRatings returns every rating of a wave.
func (s *Store) waveRatings(ctx context.Context, q store.Querier, waveID int64) ([]WaveRating, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT r.rater_organization_id, fo.name, r.rated_organization_id, tor.name, r.level,
			r.trust_reliable, r.trust_mission, r.trust_open, r.value_influence, r.value_involvement, r.value_resources, r.resources,
			r.strained
		FROM survey_ratings r JOIN organizations fo ON fo.id = r.rater_organization_id JOIN organizations tor ON tor.id = r.rated_organization_id
		WHERE r.wave_id = $1 ORDER BY lower(fo.name), lower(tor.name), r.rater_organization_id, r.rated_organization_id`,
		waveID,
	)
	if err != nil {
		return nil, fmt.Errorf("survey ratings: %w", err)
	}
	defer rows.Close()
	var out []WaveRating
	for rows.Next() {
		var r WaveRating
		var n [6]sql.NullInt64
		if err := rows.Scan(&r.RaterID, &r.RaterName, &r.RatedID, &r.RatedName, &r.Level,
			&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &r.Resources, &r.Strained); err != nil {
			return nil, err
		}
		r.setScores(n)
		out = append(out, r)
	}
	return out, rows.Err()
}

// setScores fills the rating's six 1–4 scores from their columns, in the
// order trust (reliable, mission, open), value (influence, involvement,
// resources); NULL is not answered.
func (r *Rating) setScores(n [6]sql.NullInt64) {
	ps := []**int{&r.TrustReliable, &r.TrustMission, &r.TrustOpen, &r.ValueInfluence, &r.ValueInvolvement, &r.ValueResources}
	for i, p := range ps {
		if n[i].Valid {
			v := int(n[i].Int64)
			*p = &v
		}
	}
}
