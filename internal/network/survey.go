package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// Target is the wave as the rule book names it (account.ManageSurveyWave).
func (w *Wave) Target() account.Target { return waveTarget(w.InitiativeID) }

// waveTarget is the initiative a wave asks the members of, or the platform
// for a wave of any list of organizations.
func waveTarget(initiativeID int64) account.Target {
	if initiativeID == 0 {
		return account.Platform
	}
	return account.Initiative(initiativeID)
}

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
	// EmailedTo is the address the link was sent to by e-mail; "" when it
	// was not, and staff pass it on themselves.
	EmailedTo string `json:"emailed_to,omitempty"`
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

const (
	maxWaveName = 200
	maxWaveOrgs = 500
)

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
// token; only their hashes are kept, so the tokens are shown this once. It
// is for those who may coordinate the wave (account.ManageSurveyWave): the
// stewards, and for an initiative's wave its backbone staff.
func (s *Store) CreateWave(ctx context.Context, actor account.Actor, in WaveInput) (*Wave, []Link, error) {
	if err := s.rules.Check(ctx, actor, account.ManageSurveyWave, waveTarget(in.InitiativeID)); err != nil {
		return nil, nil, err
	}

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
				return &errs.ValidationError{
					Fields: map[string]string{
						"initiative_id": fmt.Sprintf("there is no initiative %d", in.InitiativeID),
					},
				}
			}
			if err != nil {
				return fmt.Errorf("find initiative: %w", err)
			}
			rows, err := tx.QueryContext(
				ctx,
				`SELECT organization_id FROM initiative_members WHERE initiative_id = $1 AND status = 'active' ORDER BY organization_id`,
				in.InitiativeID,
			)
			if err != nil {
				return fmt.Errorf("initiative members: %w", err)
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
					return &errs.ValidationError{
						Fields: map[string]string{
							"organization_ids": fmt.Sprintf(
								"%s is not an active member of %s: a survey for an initiative asks only its members",
								label,
								name,
							),
						},
					}
				}
			}
			if len(ids) == 0 {
				ids = members
				if len(ids) < 2 {
					return &errs.ValidationError{
						Fields: map[string]string{
							"initiative_id": "the initiative needs at least two active members for a survey",
						},
					}
				}
			}
		}
		names := map[string]string{}
		var v errs.ValidationError
		for _, o := range ids {
			var name string
			var archived sql.NullTime
			err := tx.QueryRowContext(ctx, `SELECT name, archived_at FROM organizations WHERE id = $1`, o).
				Scan(&name, &archived)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				v.Add("organization_ids", fmt.Sprintf("there is no organization with id %q", o))
			case err != nil:
				return fmt.Errorf("check organization: %w", err)
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
			return fmt.Errorf("create wave: %w", err)
		}
		for _, o := range ids {
			token := newSurveyToken()
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_participants (wave_id, organization_id, token_hash) VALUES ($1, $2, $3)`,
				id, o, hashSurveyToken(token)); err != nil {
				return fmt.Errorf("add participant: %w", err)
			}
			links = append(links, Link{OrganizationID: o, OrganizationName: names[o], Token: token})
		}
		if err := s.mailLinks(ctx, tx, "invitation", SurveyMail{ID: id, Name: in.Name, InitiativeID: in.InitiativeID,
			ClosesAt: in.ClosesAt}, links); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "create", EntityType: "survey_wave", EntityID: fmt.Sprint(id),
				Summary: fmt.Sprintf(
					"opened the partner survey %s for %d organizations",
					account.Quote(in.Name),
					len(ids),
				), After: in},
		)
	})
	if err != nil {
		return nil, nil, err
	}
	sortLinks(links)
	w, err := s.wave(ctx, s.db, id)
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

func scanWave(row store.Scanner) (*Wave, error) {
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

// Wave returns one wave, for those who coordinate it
// (account.ManageSurveyWave). A wave of an initiative that the actor may not
// see is not found.
func (s *Store) Wave(ctx context.Context, actor account.Actor, id int64) (*Wave, error) {
	w, err := s.wave(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.ManageSurveyWave, w.Target()); err != nil {
		return nil, err
	}
	return w, nil
}

func (s *Store) wave(ctx context.Context, q store.Querier, id int64) (*Wave, error) {
	return store.One(ctx, q, fmt.Sprintf("survey %d", id), scanWave, `SELECT `+waveColumns+` WHERE w.id = $1`, id)
}

// Waves returns the waves the actor coordinates (account.ManageSurveyWave),
// newest first. Anyone signed in may ask; most are given none.
func (s *Store) Waves(ctx context.Context, actor account.Actor) ([]*Wave, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}

	all, err := s.waves(ctx)
	if err != nil {
		return nil, err
	}

	out := []*Wave{}
	for _, w := range all {
		ok, err := s.rules.May(ctx, actor, account.ManageSurveyWave, w.Target())
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, w)
		}
	}
	return out, nil
}

func (s *Store) waves(ctx context.Context) ([]*Wave, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+waveColumns+` ORDER BY w.opened_at DESC, w.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list surveys: %w", err)
	}
	defer rows.Close()
	var out []*Wave
	for rows.Next() {
		w, err := scanWave(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Participants returns who was asked to answer a wave and how far each has
// got, by organization name, for those who coordinate it (see Wave).
func (s *Store) Participants(ctx context.Context, actor account.Actor, waveID int64) ([]Participant, error) {
	if _, err := s.Wave(ctx, actor, waveID); err != nil {
		return nil, err
	}
	return s.participants(ctx, s.db, waveID)
}

func (s *Store) participants(ctx context.Context, q store.Querier, waveID int64) ([]Participant, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT p.organization_id, o.name, p.respondent_name, p.respondent_email, p.responded_at, p.reminded_at,
			(SELECT COUNT(*) FROM survey_ratings r WHERE r.wave_id = p.wave_id AND r.rater_organization_id = p.organization_id AND r.level <> ''),
			(SELECT COUNT(*) FROM survey_participants x WHERE x.wave_id = p.wave_id) - 1
		FROM survey_participants p JOIN organizations o ON o.id = p.organization_id
		WHERE p.wave_id = $1 ORDER BY lower(o.name), o.id`,
		waveID,
	)
	if err != nil {
		return nil, fmt.Errorf("survey participants: %w", err)
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
	return out, rows.Err()
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// Remind gives the named non-respondents (all of them when orgIDs is empty)
// new private links and records that they were reminded. Backbone sends no
// mail: the coordinator copies each link and sends it; the earlier link of
// each stops working, since only a hash of it was kept. Reminding is for
// those who coordinate the wave (see Wave).
func (s *Store) Remind(ctx context.Context, actor account.Actor, waveID int64, orgIDs []string) ([]Link, error) {
	if _, err := s.Wave(ctx, actor, waveID); err != nil {
		return nil, err
	}

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
				return fmt.Errorf("remind: %w", err)
			}
			links = append(
				links,
				Link{OrganizationID: p.OrganizationID, OrganizationName: p.OrganizationName, Token: token},
			)
		}
		for id := range want {
			if !found[id] {
				return &errs.ValidationError{
					Fields: map[string]string{"organization_ids": fmt.Sprintf("%q is not asked in this survey", id)},
				}
			}
		}
		if err := s.mailLinks(ctx, tx, "reminder", SurveyMail{ID: waveID, Name: w.Name, InitiativeID: w.InitiativeID,
			ClosesAt: w.ClosesAt}, links); err != nil {
			return err
		}
		names := make([]string, len(links))
		for i, l := range links {
			names[i] = l.OrganizationName
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "remind", EntityType: "survey_wave", EntityID: fmt.Sprint(waveID),
				Summary: fmt.Sprintf(
					"reminded %d organizations to answer the survey %s (new links given)",
					len(links),
					account.Quote(w.Name),
				), After: names},
		)
	})
	if err != nil {
		return nil, err
	}
	sortLinks(links)
	return links, nil
}

// CloseResult says what closing a wave did: the wave, and how many changes
// to the recorded map its answers suggest (none is made until a
// coordinator accepts it: see SuggestedChanges).
type CloseResult struct {
	Wave        *Wave `json:"wave"`
	Suggestions int   `json:"suggested_changes"`
}

// CloseWave stops a wave taking answers. The answers stay what they are,
// each side's perception of the relationship, kept per wave and direction;
// closing writes no tie. Closing is for those who coordinate the wave (see
// Wave).
func (s *Store) CloseWave(ctx context.Context, actor account.Actor, waveID int64) (*CloseResult, error) {
	if _, err := s.Wave(ctx, actor, waveID); err != nil {
		return nil, err
	}

	res := &CloseResult{}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		w, err := s.wave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		if w.Closed() {
			return &errs.ConflictError{Message: fmt.Sprintf("The survey %q is already closed.", w.Name)}
		}
		done, err := tx.ExecContext(
			ctx,
			`UPDATE survey_waves SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL`,
			s.now(),
			waveID,
		)
		if err != nil {
			return fmt.Errorf("close survey: %w", err)
		}
		if n, err := done.RowsAffected(); err != nil || n != 1 {
			return &errs.ConflictError{
				Message: fmt.Sprintf("The survey %s was closed by someone else just now.", account.Quote(w.Name)),
			}
		}
		_, suggested, err := s.suggestions(ctx, tx, waveID)
		if err != nil {
			return err
		}
		res.Suggestions = len(suggested)
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "close", EntityType: "survey_wave",
			EntityID: fmt.Sprint(waveID),
			Summary: fmt.Sprintf("closed the survey %s: its answers suggest %d changes to the map, for review",
				account.Quote(w.Name), res.Suggestions)})
	})
	if err != nil {
		return nil, err
	}
	res.Wave, err = s.wave(ctx, s.db, waveID)
	return res, err
}
