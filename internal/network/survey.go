package network

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Wave is one round of a partner survey: a set of organizations each rating
// its relationship with every other one.
type Wave struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	InitiativeID   int64      `json:"initiative_id"` // 0 for a wave of any list of organizations
	InitiativeName string     `json:"initiative_name"`
	OpenedAt       time.Time  `json:"opened_at"`
	ClosesAt       string     `json:"closes_at"` // YYYY-MM-DD, the last day to answer; "" for no date
	ClosedAt       *time.Time `json:"closed_at"`
	CreatedBy      string     `json:"created_by"`
	Participants   int        `json:"participants"`
	Responded      int        `json:"responded"`
}

// Closed reports whether the wave takes no more answers.
func (w *Wave) Closed() bool { return w.ClosedAt != nil }

// Participant is an organization asked to answer a wave.
type Participant struct {
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	RespondentName   string     `json:"respondent_name"`
	RespondentEmail  string     `json:"respondent_email"`
	RespondedAt      *time.Time `json:"responded_at"`
	RemindedAt       *time.Time `json:"reminded_at"`
	Answered         int        `json:"answered"` // how many of the others it has rated (a level given)
	Expected         int        `json:"expected"` // how many others there are to rate
}

// Link is a participant's private link token, shown once when it is made.
type Link struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	Token            string `json:"token"`
}

// WaveInput is what a coordinator gives to open a wave: a name, the
// organizations (or an initiative, whose active members are used when no
// organizations are listed) and the last day to answer.
type WaveInput struct {
	Name            string   `json:"name"`
	InitiativeID    int64    `json:"initiative_id"`
	OrganizationIDs []string `json:"organization_ids"`
	ClosesAt        string   `json:"closes_at"`
}

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
}

// Answered reports whether the rating says anything at all.
func (r Rating) Answered() bool {
	return r.Level != "" || r.Resources != "" || r.TrustReliable != nil || r.TrustMission != nil || r.TrustOpen != nil ||
		r.ValueInfluence != nil || r.ValueInvolvement != nil || r.ValueResources != nil
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

const (
	maxWaveName  = 200
	maxResources = 2000
	maxWaveOrgs  = 500
)

// hashSurveyToken is how a private link's token is kept.
func hashSurveyToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newSurveyToken() string { return account.RandomToken(24) }

// Normalize trims and checks the input.
func (in *WaveInput) Normalize(today time.Time) error {
	var v errs.ValidationError
	in.Name, in.ClosesAt = strings.TrimSpace(in.Name), strings.TrimSpace(in.ClosesAt)
	if in.Name == "" {
		v.Add("name", "is required (for example “Spring 2026 partner survey”)")
	} else if n := utf8.RuneCountInString(in.Name); n > maxWaveName {
		v.Add("name", fmt.Sprintf("must be at most %d characters (it has %d)", maxWaveName, n))
	}
	if in.ClosesAt != "" {
		d, err := time.Parse("2006-01-02", in.ClosesAt)
		switch {
		case err != nil:
			v.Add("closes_at", "must be a date like 2026-03-31")
		case d.Format("2006-01-02") < today.UTC().Format("2006-01-02"):
			v.Add("closes_at", "must not be in the past")
		default:
			in.ClosesAt = d.Format("2006-01-02")
		}
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range in.OrganizationIDs {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	in.OrganizationIDs = ids
	if in.InitiativeID == 0 && len(ids) < 2 {
		v.Add("organization_ids", "choose at least two organizations (or an initiative)")
	}
	if len(ids) > maxWaveOrgs {
		v.Add("organization_ids", fmt.Sprintf("a wave can ask at most %d organizations", maxWaveOrgs))
	}
	return v.OrNil()
}

// CreateWave opens a wave and returns each participant's private link
// token; only their hashes are kept, so the tokens are shown this once.
func (s *Store) CreateWave(ctx context.Context, actor account.Actor, in WaveInput) (*Wave, []Link, error) {
	if err := in.Normalize(s.now()); err != nil {
		return nil, nil, err
	}
	var id int64
	var links []Link
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ids := in.OrganizationIDs
		if in.InitiativeID != 0 {
			var name string
			err := tx.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`, in.InitiativeID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				return &errs.ValidationError{Fields: map[string]string{"initiative_id": fmt.Sprintf("there is no initiative %d", in.InitiativeID)}}
			}
			if err != nil {
				return store.Classify(fmt.Errorf("find initiative: %w", err))
			}
			rows, err := tx.QueryContext(ctx, `SELECT organization_id FROM initiative_members WHERE initiative_id = $1 AND status = 'active' ORDER BY organization_id`, in.InitiativeID)
			if err != nil {
				return store.Classify(fmt.Errorf("initiative members: %w", err))
			}
			var members []string
			isMember := map[string]bool{}
			for rows.Next() {
				var o string
				if err := rows.Scan(&o); err != nil {
					rows.Close()
					return err
				}
				members = append(members, o)
				isMember[o] = true
			}
			rows.Close()
			// An initiative's wave asks its active members: all of them, or
			// those listed.
			for _, o := range ids {
				if !isMember[o] {
					label := o
					_ = tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, o).Scan(&label)
					return &errs.ValidationError{Fields: map[string]string{"organization_ids": fmt.Sprintf("%s is not an active member of %s: a survey for an initiative asks only its members", label, name)}}
				}
			}
			if len(ids) == 0 {
				ids = members
				if len(ids) < 2 {
					return &errs.ValidationError{Fields: map[string]string{"initiative_id": "the initiative needs at least two active members for a survey"}}
				}
			}
		}
		names := map[string]string{}
		var v errs.ValidationError
		for _, o := range ids {
			var name string
			var archived sql.NullTime
			err := tx.QueryRowContext(ctx, `SELECT name, archived_at FROM organizations WHERE id = $1`, o).Scan(&name, &archived)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				v.Add("organization_ids", fmt.Sprintf("there is no organization with id %q", o))
			case err != nil:
				return store.Classify(fmt.Errorf("check organization: %w", err))
			case archived.Valid:
				v.Add("organization_ids", name+" is archived")
			}
			names[o] = name
		}
		if err := v.OrNil(); err != nil {
			return err
		}
		var initiative, uid any
		if in.InitiativeID != 0 {
			initiative = in.InitiativeID
		}
		if actor.UserID != 0 {
			uid = actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_waves (name, initiative_id, opened_at, closes_at, created_by, created_by_label)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, in.Name, initiative, s.now(), in.ClosesAt, uid, actorLabel(actor)).Scan(&id); err != nil {
			return store.Classify(fmt.Errorf("create wave: %w", err))
		}
		for _, o := range ids {
			token := newSurveyToken()
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_participants (wave_id, organization_id, token_hash) VALUES ($1, $2, $3)`,
				id, o, hashSurveyToken(token)); err != nil {
				return store.Classify(fmt.Errorf("add participant: %w", err))
			}
			links = append(links, Link{OrganizationID: o, OrganizationName: names[o], Token: token})
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "create", EntityType: "survey_wave", EntityID: fmt.Sprint(id),
			Summary: fmt.Sprintf("opened the partner survey %q for %d organizations", in.Name, len(ids)), After: in})
	})
	if err != nil {
		return nil, nil, err
	}
	sortLinks(links)
	w, err := s.Wave(ctx, id)
	return w, links, err
}

func sortLinks(links []Link) {
	sort.Slice(links, func(i, j int) bool {
		return strings.ToLower(links[i].OrganizationName) < strings.ToLower(links[j].OrganizationName)
	})
}

func actorLabel(actor account.Actor) string {
	if actor.Label == "" {
		return "system"
	}
	return actor.Label
}

const waveColumns = `w.id, w.name, COALESCE(w.initiative_id, 0), COALESCE(i.name, ''), w.opened_at, w.closes_at, w.closed_at, w.created_by_label,
	(SELECT COUNT(*) FROM survey_participants p WHERE p.wave_id = w.id),
	(SELECT COUNT(*) FROM survey_participants p WHERE p.wave_id = w.id AND p.responded_at IS NOT NULL)
	FROM survey_waves w LEFT JOIN initiatives i ON i.id = w.initiative_id`

func scanWave(row interface{ Scan(...any) error }) (*Wave, error) {
	w := &Wave{}
	var closed sql.NullTime
	if err := row.Scan(&w.ID, &w.Name, &w.InitiativeID, &w.InitiativeName, &w.OpenedAt, &w.ClosesAt, &closed, &w.CreatedBy,
		&w.Participants, &w.Responded); err != nil {
		return nil, err
	}
	if closed.Valid {
		t := closed.Time
		w.ClosedAt = &t
	}
	return w, nil
}

// Wave returns one wave.
func (s *Store) Wave(ctx context.Context, id int64) (*Wave, error) {
	return s.wave(ctx, s.db, id)
}

func (s *Store) wave(ctx context.Context, q store.Querier, id int64) (*Wave, error) {
	w, err := scanWave(q.QueryRowContext(ctx, `SELECT `+waveColumns+` WHERE w.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("survey %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, store.Classify(fmt.Errorf("get survey %d: %w", id, err))
	}
	return w, nil
}

// Waves returns every wave, newest first.
func (s *Store) Waves(ctx context.Context) ([]*Wave, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+waveColumns+` ORDER BY w.opened_at DESC, w.id DESC`)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list surveys: %w", err))
	}
	defer rows.Close()
	out := []*Wave{}
	for rows.Next() {
		w, err := scanWave(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, store.Classify(rows.Err())
}

// Participants returns who was asked to answer a wave and how far each has
// got, by organization name.
func (s *Store) Participants(ctx context.Context, waveID int64) ([]Participant, error) {
	return s.participants(ctx, s.db, waveID)
}

func (s *Store) participants(ctx context.Context, q store.Querier, waveID int64) ([]Participant, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.organization_id, o.name, p.respondent_name, p.respondent_email, p.responded_at, p.reminded_at,
			(SELECT COUNT(*) FROM survey_ratings r WHERE r.wave_id = p.wave_id AND r.rater_organization_id = p.organization_id AND r.level <> ''),
			(SELECT COUNT(*) FROM survey_participants x WHERE x.wave_id = p.wave_id) - 1
		FROM survey_participants p JOIN organizations o ON o.id = p.organization_id
		WHERE p.wave_id = $1 ORDER BY lower(o.name), o.id`, waveID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("survey participants: %w", err))
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		var responded, reminded sql.NullTime
		if err := rows.Scan(&p.OrganizationID, &p.OrganizationName, &p.RespondentName, &p.RespondentEmail, &responded, &reminded,
			&p.Answered, &p.Expected); err != nil {
			return nil, err
		}
		p.RespondedAt, p.RemindedAt = nullTime(responded), nullTime(reminded)
		out = append(out, p)
	}
	return out, store.Classify(rows.Err())
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// participantByToken finds the wave and organization a private link is for.
func (s *Store) participantByToken(ctx context.Context, q store.Querier, token string) (int64, string, error) {
	token = strings.TrimSpace(token)
	var waveID int64
	var orgID string
	if token == "" || len(token) > 100 {
		return 0, "", fmt.Errorf("survey link: %w", errs.ErrNotFound)
	}
	err := q.QueryRowContext(ctx, `SELECT wave_id, organization_id FROM survey_participants WHERE token_hash = $1`, hashSurveyToken(token)).Scan(&waveID, &orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("survey link: %w", errs.ErrNotFound)
	}
	if err != nil {
		return 0, "", store.Classify(fmt.Errorf("find survey link: %w", err))
	}
	return waveID, orgID, nil
}

// Respondent returns what the holder of a private link sees: the wave, its
// organization, the others to rate and the answers saved so far.
func (s *Store) Respondent(ctx context.Context, token string) (*Survey, error) {
	waveID, orgID, err := s.participantByToken(ctx, s.db, token)
	if err != nil {
		return nil, err
	}
	w, err := s.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	ps, err := s.Participants(ctx, waveID)
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
	resp.RespondentName, resp.RespondentEmail = strings.TrimSpace(resp.RespondentName), strings.TrimSpace(resp.RespondentEmail)
	if utf8.RuneCountInString(resp.RespondentName) > 200 {
		v.Add("respondent_name", "must be at most 200 characters")
	}
	if resp.RespondentEmail != "" {
		if a, err := mail.ParseAddress(resp.RespondentEmail); err != nil || a.Address != resp.RespondentEmail || len(resp.RespondentEmail) > 254 {
			v.Add("respondent_email", "must be an email address like name@example.org")
		}
	}
	seen := map[string]bool{}
	for i := range resp.Ratings {
		r := &resp.Ratings[i]
		f := fmt.Sprintf("ratings[%d].", i)
		r.RatedID, r.Level, r.Resources = strings.TrimSpace(r.RatedID), strings.ToLower(strings.TrimSpace(r.Level)), strings.TrimSpace(r.Resources)
		switch {
		case r.RatedID == "":
			v.Add(f+"organization_id", "is required")
		case !others[r.RatedID]:
			v.Add(f+"organization_id", fmt.Sprintf("%q is not one of the other organizations in this survey", r.RatedID))
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
// leaves the others as they were.
func (s *Store) SaveResponse(ctx context.Context, token string, resp Response) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		waveID, orgID, err := s.participantByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		// Touching the wave's row makes an answer and the closing of the
		// wave wait for each other, so no answer slips in after the close.
		if _, err := tx.ExecContext(ctx, `UPDATE survey_waves SET closes_at = closes_at WHERE id = $1`, waveID); err != nil {
			return store.Classify(fmt.Errorf("lock survey: %w", err))
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
					return store.Classify(fmt.Errorf("clear rating: %w", err))
				}
				continue
			}
			answered = true
			_, err := tx.ExecContext(ctx, `INSERT INTO survey_ratings (wave_id, rater_organization_id, rated_organization_id, level,
					trust_reliable, trust_mission, trust_open, value_influence, value_involvement, value_resources, resources, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
				ON CONFLICT (wave_id, rater_organization_id, rated_organization_id) DO UPDATE SET level = excluded.level,
					trust_reliable = excluded.trust_reliable, trust_mission = excluded.trust_mission, trust_open = excluded.trust_open,
					value_influence = excluded.value_influence, value_involvement = excluded.value_involvement,
					value_resources = excluded.value_resources, resources = excluded.resources, updated_at = excluded.updated_at`,
				waveID, orgID, r.RatedID, r.Level, intArg(r.TrustReliable), intArg(r.TrustMission), intArg(r.TrustOpen),
				intArg(r.ValueInfluence), intArg(r.ValueInvolvement), intArg(r.ValueResources), r.Resources, now)
			if err != nil {
				return store.Classify(fmt.Errorf("save rating: %w", err))
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
			return store.Classify(fmt.Errorf("record response: %w", err))
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

// Remind gives the named non-respondents (all of them when orgIDs is empty)
// new private links and records that they were reminded. Backbone sends no
// mail: the coordinator copies each link and sends it; the earlier link of
// each stops working, since only a hash of it was kept.
func (s *Store) Remind(ctx context.Context, actor account.Actor, waveID int64, orgIDs []string) ([]Link, error) {
	var links []Link
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		w, err := s.wave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		if w.Closed() {
			return &errs.ConflictError{Message: "This survey is closed: there is nobody left to remind."}
		}
		ps, err := s.participants(ctx, tx, waveID)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, id := range orgIDs {
			want[strings.TrimSpace(id)] = true
		}
		found := map[string]bool{}
		now := s.now()
		for _, p := range ps {
			found[p.OrganizationID] = true
			if p.RespondedAt != nil || (len(want) > 0 && !want[p.OrganizationID]) {
				continue
			}
			token := newSurveyToken()
			if _, err := tx.ExecContext(ctx, `UPDATE survey_participants SET token_hash = $1, reminded_at = $2 WHERE wave_id = $3 AND organization_id = $4`,
				hashSurveyToken(token), now, waveID, p.OrganizationID); err != nil {
				return store.Classify(fmt.Errorf("remind: %w", err))
			}
			links = append(links, Link{OrganizationID: p.OrganizationID, OrganizationName: p.OrganizationName, Token: token})
		}
		for id := range want {
			if !found[id] {
				return &errs.ValidationError{Fields: map[string]string{"organization_ids": fmt.Sprintf("%q is not asked in this survey", id)}}
			}
		}
		names := make([]string, len(links))
		for i, l := range links {
			names[i] = l.OrganizationName
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "remind", EntityType: "survey_wave", EntityID: fmt.Sprint(waveID),
			Summary: fmt.Sprintf("reminded %d organizations to answer the survey %q (new links given)", len(links), w.Name), After: names})
	})
	if err != nil {
		return nil, err
	}
	sortLinks(links)
	return links, nil
}

// CloseResult says what closing a wave did to the relationship map.
type CloseResult struct {
	Wave      *Wave `json:"wave"`
	Created   int   `json:"created"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
}

// CloseWave stops a wave taking answers and turns its answers into ties, all
// in one transaction: for every rating with a level, the tie from the rater
// to the rated organization gets that level and the status active (created
// when there is none), with the change note "survey <wave name>". A rating
// of "none" ends an existing tie and creates nothing.
func (s *Store) CloseWave(ctx context.Context, actor account.Actor, waveID int64) (*CloseResult, error) {
	res := &CloseResult{}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		w, err := s.wave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		if w.Closed() {
			return &errs.ConflictError{Message: fmt.Sprintf("The survey %q is already closed.", w.Name)}
		}
		done, err := tx.ExecContext(ctx, `UPDATE survey_waves SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL`, s.now(), waveID)
		if err != nil {
			return store.Classify(fmt.Errorf("close survey: %w", err))
		}
		if n, err := done.RowsAffected(); err != nil || n != 1 {
			return &errs.ConflictError{Message: fmt.Sprintf("The survey %q was closed by someone else just now.", w.Name)}
		}
		ratings, err := s.waveRatings(ctx, tx, waveID)
		if err != nil {
			return err
		}
		note := "survey " + w.Name
		for _, r := range ratings {
			if r.Level == "" {
				continue
			}
			var tieID string
			err := tx.QueryRowContext(ctx, `SELECT id FROM ties WHERE from_organization_id = $1 AND to_organization_id = $2`, r.RaterID, r.RatedID).Scan(&tieID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return store.Classify(fmt.Errorf("find tie: %w", err))
			}
			status := "active"
			if r.Level == "none" {
				status = "ended"
			}
			if tieID == "" {
				if r.Level == "none" {
					res.Unchanged++
					continue
				}
				if _, err := s.createTie(ctx, tx, actor, TieInput{FromID: r.RaterID, ToID: r.RatedID, Level: r.Level, Status: status}, note); err != nil {
					return err
				}
				res.Created++
				continue
			}
			t, err := s.tie(ctx, tx, tieID)
			if err != nil {
				return err
			}
			if t.Level == r.Level && t.Status == status {
				res.Unchanged++
				continue
			}
			in := InputOf(t)
			in.Level, in.Status = r.Level, status
			if _, err := s.updateTie(ctx, tx, actor, tieID, 0, in, note); err != nil {
				return err
			}
			res.Updated++
		}
		return account.Record(ctx, tx, actor, account.Event{Action: "close", EntityType: "survey_wave", EntityID: fmt.Sprint(waveID),
			Summary: fmt.Sprintf("closed the survey %q: %d ties recorded, %d changed, %d unchanged", w.Name, res.Created, res.Updated, res.Unchanged)})
	})
	if err != nil {
		return nil, err
	}
	res.Wave, err = s.Wave(ctx, waveID)
	return res, err
}

// WaveRating is a rating with the organization that gave it.
type WaveRating struct {
	RaterID   string `json:"rater_organization_id"`
	RaterName string `json:"rater_organization_name"`
	Rating
}

// waveRatings returns every rating of a wave.
func (s *Store) waveRatings(ctx context.Context, q store.Querier, waveID int64) ([]WaveRating, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.rater_organization_id, fo.name, r.rated_organization_id, tor.name, r.level,
			r.trust_reliable, r.trust_mission, r.trust_open, r.value_influence, r.value_involvement, r.value_resources, r.resources
		FROM survey_ratings r JOIN organizations fo ON fo.id = r.rater_organization_id JOIN organizations tor ON tor.id = r.rated_organization_id
		WHERE r.wave_id = $1 ORDER BY lower(fo.name), lower(tor.name), r.rater_organization_id, r.rated_organization_id`, waveID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("survey ratings: %w", err))
	}
	defer rows.Close()
	var out []WaveRating
	for rows.Next() {
		var r WaveRating
		var n [6]sql.NullInt64
		if err := rows.Scan(&r.RaterID, &r.RaterName, &r.RatedID, &r.RatedName, &r.Level,
			&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &r.Resources); err != nil {
			return nil, err
		}
		ps := []**int{&r.TrustReliable, &r.TrustMission, &r.TrustOpen, &r.ValueInfluence, &r.ValueInvolvement, &r.ValueResources}
		for i, p := range ps {
			if n[i].Valid {
				v := int(n[i].Int64)
				*p = &v
			}
		}
		out = append(out, r)
	}
	return out, store.Classify(rows.Err())
}
