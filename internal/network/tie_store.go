package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/jobs"
	"backbone/internal/store"
)

// Store keeps the relationship map.
type Store struct {
	db    *store.DB
	now   func() time.Time
	jobs  *jobs.Runner   // background analyses; see analysis_jobs.go
	rules *account.Store // decides, where each operation is carried out, who may do it
	// surveyMail, when set, sends survey links by e-mail inside the
	// transaction that makes them (see WithSurveyMail).
	surveyMail SurveyMailer
}

// SurveyMailer sends a wave's new private links (kind "invitation" or
// "reminder") by e-mail inside tx, and returns, by organization id, the
// address each was sent to (none for an organization with no address).
type SurveyMailer func(ctx context.Context, tx store.Querier, kind string, wave SurveyMail,
	links []Link) (map[string]string, error)

// SurveyMail is what a survey e-mail says of its wave.
type SurveyMail struct {
	ID           int64
	Name         string
	InitiativeID int64
	ClosesAt     string
}

// WithSurveyMail makes the store send survey links by e-mail as it makes
// them, with m.
func (s *Store) WithSurveyMail(m SurveyMailer) { s.surveyMail = m }

// mailLinks sends links by e-mail when a mailer is set, and notes on each
// where it went.
func (s *Store) mailLinks(ctx context.Context, tx store.Querier, kind string, w SurveyMail, links []Link) error {
	if s.surveyMail == nil || len(links) == 0 {
		return nil
	}
	sent, err := s.surveyMail(ctx, tx, kind, w, links)
	if err != nil {
		return err
	}
	for i := range links {
		links[i].EmailedTo = sent[links[i].OrganizationID]
	}
	return nil
}

// NewStore returns the network store over db.
func NewStore(db *store.DB) *Store {
	return &Store{db: db, now: db.Now, jobs: jobs.New(JobsRunning, JobsWaiting), rules: account.NewStore(db)}
}

const tieColumns = `t.id, t.from_organization_id, fo.name, t.to_organization_id, tor.name, t.kinds, t.level, t.status,
	t.since, t.until, t.notes, t.version, t.created_at, t.updated_at`

const tieJoins = ` FROM ties t JOIN organizations fo ON fo.id = t.from_organization_id JOIN organizations tor ON tor.id = t.to_organization_id`

func scanTie(row store.Scanner) (*Tie, error) {
	t := &Tie{}
	var kinds string
	if err := row.Scan(&t.ID, &t.FromID, &t.FromName, &t.ToID, &t.ToName, &kinds, &t.Level, &t.Status,
		&t.Since, &t.Until, &t.Notes, &t.Version, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	t.Kinds = splitStored(kinds)
	return t, nil
}

func splitStored(kinds string) []string {
	if kinds == "" {
		return []string{}
	}
	return strings.Split(kinds, ",")
}

// Tie returns one tie, for someone who may read the map
// (account.ViewNetwork).
func (s *Store) Tie(ctx context.Context, actor account.Actor, id string) (*Tie, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}
	return s.tie(ctx, s.db, id)
}

func (s *Store) tie(ctx context.Context, q store.Querier, id string) (*Tie, error) {
	return store.One(ctx, q, fmt.Sprintf("tie %q", id), scanTie, `SELECT `+tieColumns+tieJoins+` WHERE t.id = $1`, id)
}

// checkEnds makes sure both organizations exist and are active, naming the
// field that is wrong.
func checkEnds(ctx context.Context, q store.Querier, in TieInput) error {
	var v errs.ValidationError
	for field, id := range map[string]string{"from_organization_id": in.FromID, "to_organization_id": in.ToID} {
		var archived sql.NullTime
		err := q.QueryRowContext(ctx, `SELECT archived_at FROM organizations WHERE id = $1`, id).Scan(&archived)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add(field, fmt.Sprintf("there is no organization with id %q", id))
		case err != nil:
			return fmt.Errorf("check organization %q: %w", id, err)
		case archived.Valid:
			v.Add(field, "that organization is archived")
		}
	}
	return v.OrNil()
}

// CreateTie records a new tie, for someone who may speak for the
// organization it starts from (account.RecordTie). There is at most one tie
// from one organization to another; recording a second is a conflict.
func (s *Store) CreateTie(ctx context.Context, actor account.Actor, in TieInput, note string) (*Tie, error) {
	if err := s.rules.Check(ctx, actor, account.RecordTie, account.Org(strings.TrimSpace(in.FromID))); err != nil {
		return nil, err
	}

	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *Tie
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = s.createTie(ctx, tx, actor, in, note); err != nil {
			return err
		}
		return s.markTiesChanged(ctx, tx, actor, 1)
	})
	return out, err
}

// markTiesChanged records, once per transaction that changed ties, that
// the map changed: an event the dispatcher hands to what follows ties
// (the plans' success signals), never one per tie, so that an import of a
// million ties queues one.
func (s *Store) markTiesChanged(ctx context.Context, tx *sql.Tx, actor account.Actor, n int) error {
	if n == 0 {
		return nil
	}
	what := "1 tie"
	if n != 1 {
		what = fmt.Sprintf("%d ties", n)
	}
	return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "ties_changed", EntityType: "network",
		EntityID: "ties", Summary: "changed " + what + " on the map", After: map[string]int{"ties": n}})
}

func (s *Store) createTie(ctx context.Context, tx *sql.Tx, actor account.Actor, in TieInput, note string) (*Tie, error) {
	if err := checkEnds(ctx, tx, in); err != nil {
		return nil, err
	}
	id, now := directory.NewID(), s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO ties (id, from_organization_id, to_organization_id, kinds, level, status, since, until, notes, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)`,
		id, in.FromID, in.ToID, strings.Join(in.Kinds, ","), in.Level, in.Status, in.Since, in.Until, in.Notes, now)
	if store.IsUniqueViolation(err) {
		var existing string
		_ = tx.QueryRowContext(ctx, `SELECT id FROM ties WHERE from_organization_id = $1 AND to_organization_id = $2`, in.FromID, in.ToID).Scan(&existing)
		return nil, &errs.ConflictError{Field: "to_organization_id", Message: fmt.Sprintf("a tie from this organization to that one is already recorded (tie %s): edit it instead", existing)}
	}
	if err != nil {
		return nil, fmt.Errorf("insert tie: %w", err)
	}
	t, err := s.tie(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := s.addVersion(ctx, tx, actor, t, note); err != nil {
		return nil, err
	}
	return t, account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "create", EntityType: "tie", EntityID: id,
		Summary: fmt.Sprintf("recorded a tie from %s to %s (%s, %s)", t.FromName, t.ToName, t.Level, t.Status), After: InputOf(t)})
}

// addVersion closes the tie's current version and adds t as the new one.
func (s *Store) addVersion(ctx context.Context, tx *sql.Tx, actor account.Actor, t *Tie, note string) error {
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE tie_versions SET superseded_at = $1 WHERE tie_id = $2 AND superseded_at IS NULL`, now, t.ID); err != nil {
		return fmt.Errorf("close tie version: %w", err)
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	label := actor.Label
	if label == "" {
		label = "system"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO tie_versions (tie_id, version, from_organization_id, to_organization_id, kinds, level, status,
			since, until, notes, recorded_at, user_id, actor, change_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		t.ID, t.Version, t.FromID, t.ToID, strings.Join(t.Kinds, ","), t.Level, t.Status, t.Since, t.Until, t.Notes, now, uid, label, strings.TrimSpace(note))
	if err != nil {
		return fmt.Errorf("add tie version: %w", err)
	}
	return nil
}

// UpdateTie changes a tie and keeps the old version, for someone who may
// speak for the organization it starts from (account.RecordTie). The
// version is the one the editor started from (0 skips the check); the
// organizations at its ends do not change.
func (s *Store) UpdateTie(ctx context.Context, actor account.Actor, id string, version int, in TieInput, note string) (*Tie, error) {
	t, err := s.Tie(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.RecordTie, account.Org(t.FromID)); err != nil {
		return nil, err
	}

	var out *Tie
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = s.updateTie(ctx, tx, actor, id, version, in, note); err != nil {
			return err
		}
		return s.markTiesChanged(ctx, tx, actor, 1)
	})
	return out, err
}

func (s *Store) updateTie(ctx context.Context, tx *sql.Tx, actor account.Actor, id string, version int, in TieInput, note string) (*Tie, error) {
	before, err := s.tie(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	in.FromID, in.ToID = before.FromID, before.ToID
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if version != 0 && version != before.Version {
		return nil, &errs.ConflictError{Field: "version", Message: fmt.Sprintf("the tie from %s to %s was changed by someone else since you opened it (version %d, now %d); reload it and make your change again",
			before.FromName, before.ToName, version, before.Version)}
	}
	_, err = tx.ExecContext(ctx, `UPDATE ties SET kinds = $1, level = $2, status = $3, since = $4, until = $5, notes = $6,
		version = version + 1, updated_at = $7 WHERE id = $8`,
		strings.Join(in.Kinds, ","), in.Level, in.Status, in.Since, in.Until, in.Notes, s.now(), id)
	if err != nil {
		return nil, fmt.Errorf("update tie: %w", err)
	}
	t, err := s.tie(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := s.addVersion(ctx, tx, actor, t, note); err != nil {
		return nil, err
	}
	return t, account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "update", EntityType: "tie", EntityID: id,
		Summary: fmt.Sprintf("changed the tie from %s to %s (%s, %s)", t.FromName, t.ToName, t.Level, t.Status),
		Before:  InputOf(before), After: InputOf(t)})
}

// TieFilter selects ties.
type TieFilter struct {
	OrganizationID string // ties from or to this organization
	Kind           string
	Level          string // at least this level
	Status         string // only this status; ended ties are left out unless asked for
	Limit          int
	Offset         int
}

// Check validates a filter, naming the parameter that is wrong.
func (f *TieFilter) Check() error {
	var v errs.ValidationError
	if f.Kind != "" && !oneOf(f.Kind, Kinds) {
		v.Add("kind", "must be one of "+strings.Join(Kinds, ", "))
	}
	if f.Level != "" && LevelRank(f.Level) < 0 {
		v.Add("level", "must be one of "+strings.Join(Levels, ", "))
	}
	if f.Status != "" && f.Status != "all" && !oneOf(f.Status, Statuses) {
		v.Add("status", "must be all or one of "+strings.Join(Statuses, ", "))
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 1 || f.Limit > 1000 {
		v.Add("limit", "must be between 1 and 1000")
	}
	if f.Offset < 0 {
		v.Add("offset", "must not be negative")
	}
	return v.OrNil()
}

// TiePage is one page of ties.
type TiePage = directory.Page[*Tie]

// Ties returns the ties that match f, by the names at their ends, for
// someone who may read the map (account.ViewNetwork).
func (s *Store) Ties(ctx context.Context, actor account.Actor, f TieFilter) (*TiePage, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}
	return s.ListTies(ctx, f)
}

// ListTies is Ties without asking the rule book, for the callers in other
// areas that have decided their reader may see the map: the organization's
// page, which lists its ties, and the demo's checks. New callers use Ties.
func (s *Store) ListTies(ctx context.Context, f TieFilter) (*TiePage, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.OrganizationID != "" {
		p := arg(f.OrganizationID)
		where = append(where, "(t.from_organization_id = "+p+" OR t.to_organization_id = "+p+")")
	}
	if f.Kind != "" {
		where = append(where, "(',' || t.kinds || ',') LIKE "+arg("%,"+f.Kind+",%"))
	}
	if f.Level != "" {
		var at []string
		for _, l := range Levels[LevelRank(f.Level):] {
			at = append(at, arg(l))
		}
		where = append(where, "t.level IN ("+strings.Join(at, ", ")+")")
	}
	switch f.Status {
	case "":
		where = append(where, "t.status <> 'ended'")
	case "all":
	default:
		where = append(where, "t.status = "+arg(f.Status))
	}
	cond := strings.Join(where, " AND ")
	page := &TiePage{Limit: f.Limit, Offset: f.Offset, Items: []*Tie{}}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+tieJoins+` WHERE `+cond, args...).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("count ties: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+tieColumns+tieJoins+` WHERE `+cond+
		` ORDER BY lower(fo.name), lower(tor.name), t.id LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, fmt.Errorf("list ties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTie(rows)
		if err != nil {
			return nil, fmt.Errorf("list ties: %w", err)
		}
		page.Items = append(page.Items, t)
	}
	return page, rows.Err()
}

// TieVersion is one version of a tie as it was recorded.
type TieVersion struct {
	Version      int        `json:"version"`
	Kinds        []string   `json:"kinds"`
	Level        string     `json:"level"`
	Status       string     `json:"status"`
	Since        string     `json:"since"`
	Until        string     `json:"until"`
	Notes        string     `json:"notes"`
	RecordedAt   time.Time  `json:"recorded_at"`
	SupersededAt *time.Time `json:"superseded_at"`
	Actor        string     `json:"actor"`
	ChangeNote   string     `json:"change_note"`
}

// TieHistory returns every version of a tie, newest first, for someone who
// may read the map (account.ViewNetwork).
func (s *Store) TieHistory(ctx context.Context, actor account.Actor, id string) ([]TieVersion, error) {
	if _, err := s.Tie(ctx, actor, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, kinds, level, status, since, until, notes, recorded_at, superseded_at, actor, change_note
		FROM tie_versions WHERE tie_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("tie history: %w", err)
	}
	defer rows.Close()
	var out []TieVersion
	for rows.Next() {
		var v TieVersion
		var kinds string
		var sup sql.NullTime
		if err := rows.Scan(&v.Version, &kinds, &v.Level, &v.Status, &v.Since, &v.Until, &v.Notes, &v.RecordedAt, &sup, &v.Actor, &v.ChangeNote); err != nil {
			return nil, err
		}
		v.Kinds = splitStored(kinds)
		if sup.Valid {
			t := sup.Time
			v.SupersededAt = &t
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// MapAsOf returns the ties as they were on the given day, in valid time:
// the ties whose own dates (since, until, as now recorded) cover that day,
// so a partnership entered today with "since 2017" is on the map of 2020.
// A tie without a since counts from the day it was first recorded. Each
// tie is drawn as the version on record at the end of that day, or, for a
// day before it was recorded, as first recorded; a tie whose record says
// it ended is left out after it ended (its until, or when it was recorded
// as ended) and drawn as it last ran before. The history of recorded
// versions (TieHistory) keeps recorded time. It is for someone who may read
// the map (account.ViewNetwork).
func (s *Store) MapAsOf(ctx context.Context, actor account.Actor, day time.Time) ([]*Tie, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}
	return s.mapAsOf(ctx, day)
}

func (s *Store) mapAsOf(ctx context.Context, day time.Time) ([]*Tie, error) {
	date := day.UTC().Format("2006-01-02")
	end := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	rows, err := s.db.QueryContext(ctx, `SELECT v.tie_id, v.from_organization_id, fo.name, v.to_organization_id, tor.name, v.kinds,
			v.level, v.status, t.since, t.until, v.notes, v.version, v.recorded_at, v.recorded_at
		FROM tie_versions v JOIN ties t ON t.id = v.tie_id
			JOIN organizations fo ON fo.id = v.from_organization_id JOIN organizations tor ON tor.id = v.to_organization_id
		WHERE ((t.since <> '' AND t.since <= $2) OR (t.since = '' AND t.created_at < $1))
			AND (t.until = '' OR t.until >= $2)
		ORDER BY v.tie_id, v.version`, end, date)
	if err != nil {
		return nil, fmt.Errorf("map as of %s: %w", date, err)
	}
	defer rows.Close()
	var versions []*Tie
	for rows.Next() {
		t, err := scanTie(rows)
		if err != nil {
			return nil, err
		}
		versions = append(versions, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []*Tie
	for start := 0; start < len(versions); {
		stop := start
		for stop < len(versions) && versions[stop].ID == versions[start].ID {
			stop++
		}
		if t := onDay(versions[start:stop], end); t != nil {
			out = append(out, t)
		}
		start = stop
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := strings.ToLower(out[i].FromName), strings.ToLower(out[j].FromName); a != b {
			return a < b
		}
		return strings.ToLower(out[i].ToName) < strings.ToLower(out[j].ToName)
	})
	return out, nil
}

// onDay picks, from one tie's versions (oldest first) whose dates cover a
// day, the one to draw for the day that ends at end; nil when the tie had
// ended by then.
func onDay(versions []*Tie, end time.Time) *Tie {
	at := 0
	for i, v := range versions {
		if v.CreatedAt.Before(end) {
			at = i
		}
	}
	if versions[at].Status != "ended" {
		return versions[at]
	}
	if versions[at].Until == "" {
		return nil // ended, with no date: from when it was recorded so
	}
	// Its until is still to come on that day: it was running, as its last
	// version before it was recorded as ended says.
	for i := at; i >= 0; i-- {
		if versions[i].Status != "ended" {
			return versions[i]
		}
	}
	ran := *versions[at]
	ran.Status = "active"
	return &ran
}
