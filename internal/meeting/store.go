package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// Store keeps meetings. It reads the initiative's state through the
// initiative and measure stores (for the agenda) and records action items
// as the initiative's activities.
type Store struct {
	db          *store.DB
	rules       *account.Store
	initiatives *initiative.Store
	measure     *measure.Store
	zone        *time.Location // the instance's, for initiatives that keep none
	site        string         // the address people reach Backbone at, for links in mail
	from        string         // the sender's address, the organizer of meetings nobody scheduled
}

// NewStore returns the meeting store over db.
func NewStore(db *store.DB, initiatives *initiative.Store, m *measure.Store) *Store {
	return &Store{db: db, rules: account.NewStore(db), initiatives: initiatives, measure: m, zone: time.UTC}
}

// WithTimeZone sets the instance's time zone and returns the store.
func (s *Store) WithTimeZone(loc *time.Location) *Store {
	if loc != nil {
		s.zone = loc
	}
	return s
}

// WithSite sets the address people reach Backbone at (for the links in
// invitations) and the sender's address, and returns the store.
func (s *Store) WithSite(site, from string) *Store {
	s.site, s.from = strings.TrimRight(site, "/"), from
	return s
}

// At returns the store writing links with site when it was not given one
// (WithSite): the address the request that schedules reached Backbone at.
func (s *Store) At(site string) *Store {
	if s.site != "" || site == "" {
		return s
	}
	c := *s
	c.site = strings.TrimRight(site, "/")
	return &c
}

func (s *Store) now() time.Time { return s.db.Now() }

// zoneOf returns the time zone an initiative's meetings are in.
func (s *Store) zoneOf(ctx context.Context, q store.Querier, initiativeID int64) (*time.Location, string, error) {
	var name, zone string
	err := q.QueryRowContext(ctx, `SELECT name, time_zone FROM initiatives WHERE id = $1`, initiativeID).
		Scan(&name, &zone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("initiative %d: %w", initiativeID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read initiative %d: %w", initiativeID, err)
	}
	if zone != "" {
		if loc, err := time.LoadLocation(zone); err == nil {
			return loc, name, nil
		}
	}
	return s.zone, name, nil
}

const meetingColumns = `m.id, m.initiative_id, i.name, m.kind, m.title, m.description, m.starts_at,
	m.duration_minutes, m.time_zone, m.rrule, m.place, m.video_url, m.status, m.sequence,
	COALESCE(m.organizer_id, 0), COALESCE(u.name, ''), COALESCE(u.email, ''), m.created_at, m.updated_at
	FROM meetings m JOIN initiatives i ON i.id = m.initiative_id LEFT JOIN users u ON u.id = m.organizer_id`

func scanMeeting(row store.Scanner) (*Meeting, error) {
	m := &Meeting{}
	err := row.Scan(&m.ID, &m.InitiativeID, &m.InitiativeName, &m.Kind, &m.Title, &m.Description, &m.StartsAt,
		&m.DurationMinutes, &m.TimeZone, &m.RRule, &m.Place, &m.VideoURL, &m.Status, &m.Sequence,
		&m.OrganizerID, &m.OrganizerName, &m.OrganizerEmail, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return nil, err
	}
	m.StartsAt, m.CreatedAt, m.UpdatedAt = m.StartsAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	local := m.StartsAt.In(m.Location())
	m.Repeat, m.Schedule = RepeatOf(m.RRule, local), Describe(m.RRule, local)
	if m.RRule == "" {
		m.Repeat = "once"
	}
	return m, nil
}

// get reads a meeting of an initiative with its invitees and agenda.
func (s *Store) get(ctx context.Context, q store.Querier, initiativeID, meetingID int64) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` WHERE m.id = $1 AND m.initiative_id = $2`,
		meetingID, initiativeID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("meeting %d: %w", meetingID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read meeting %d: %w", meetingID, err)
	}
	if m.Invitees, err = invitees(ctx, q, m.ID); err != nil {
		return nil, err
	}
	if m.Agenda, err = agenda(ctx, q, m.ID); err != nil {
		return nil, err
	}
	if m.Skipped, err = skips(ctx, q, m.ID); err != nil {
		return nil, err
	}
	s.setNext(m)
	return m, nil
}

func (s *Store) setNext(m *Meeting) {
	m.Next = nil
	if m.Cancelled() {
		return
	}
	now := s.now()
	if next := Occurrences(m, now.Add(-m.Duration()), now.AddDate(5, 0, 0), 1); len(next) == 1 {
		t := next[0].UTC()
		m.Next = &t
	}
}

func invitees(ctx context.Context, q store.Querier, meetingID int64) ([]Invitee, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.id, COALESCE(v.organization_id, ''), COALESCE(o.name, ''),
		COALESCE(v.user_id, 0), v.email, v.name, v.via_organization_id, v.answer, v.answered_at
		FROM meeting_invitees v LEFT JOIN organizations o ON o.id = v.organization_id
		WHERE v.meeting_id = $1 ORDER BY v.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("read invitees of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []Invitee{}
	for rows.Next() {
		var v Invitee
		var at sql.NullTime
		if err := rows.Scan(&v.ID, &v.OrganizationID, &v.OrganizationName, &v.UserID, &v.Email, &v.Name,
			&v.ViaOrganizationID, &v.Answer, &at); err != nil {
			return nil, fmt.Errorf("read invitees of meeting %d: %w", meetingID, err)
		}
		if at.Valid {
			t := at.Time.UTC()
			v.AnsweredAt = &t
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Get returns a meeting to whoever may see the initiative
// (account.ViewMeetings).
func (s *Store) Get(ctx context.Context, actor account.Actor, initiativeID, meetingID int64) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeetings, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.get(ctx, s.db, initiativeID, meetingID)
}

// List returns an initiative's meetings, the next one first, then those
// with none to come, newest first; to whoever may see the initiative.
func (s *Store) List(ctx context.Context, actor account.Actor, initiativeID int64) ([]*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeetings, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.list(ctx, initiativeID)
}

func (s *Store) list(ctx context.Context, initiativeID int64) ([]*Meeting, error) {
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT `+meetingColumns+` WHERE m.initiative_id = $1 ORDER BY m.starts_at, m.id`,
		initiativeID,
	)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	out := []*Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, fmt.Errorf("list meetings: %w", err)
		}
		s.setNext(m)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, m := range out {
		if m.Invitees, err = invitees(ctx, s.db, m.ID); err != nil {
			return nil, err
		}
		if m.Agenda, err = agenda(ctx, s.db, m.ID); err != nil {
			return nil, err
		}
		if m.Skipped, err = skips(ctx, s.db, m.ID); err != nil {
			return nil, err
		}
		s.setNext(m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Next == nil) != (b.Next == nil) {
			return a.Next != nil
		}
		if a.Next != nil {
			return a.Next.Before(*b.Next)
		}
		return a.StartsAt.After(b.StartsAt)
	})
	return out, nil
}

// Upcoming is one occurrence to come.
type Upcoming struct {
	Meeting *Meeting
	At      time.Time
}

// Upcoming returns the occurrences of an initiative's meetings from now
// to the horizon, in order, at most limit.
func (s *Store) Upcoming(ctx context.Context, actor account.Actor, initiativeID int64, horizon time.Duration,
	limit int) ([]Upcoming, error) {
	list, err := s.List(ctx, actor, initiativeID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := []Upcoming{}
	for _, m := range list {
		if m.Cancelled() {
			continue
		}
		for _, at := range Occurrences(m, now.Add(-m.Duration()), now.Add(horizon), limit) {
			out = append(out, Upcoming{Meeting: m, At: at.UTC()})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// meetingRecord is a meeting as its audit event keeps it: with its id and
// the accounts of the people invited (user_ids), which the notifications
// read to tell them.
type meetingRecord struct {
	*Meeting
	MeetingID int64   `json:"meeting_id"`
	UserIDs   []int64 `json:"user_ids"`
}

// recordOf is m as its audit event keeps it.
func recordOf(m *Meeting) meetingRecord {
	r := meetingRecord{Meeting: m, MeetingID: m.ID, UserIDs: []int64{}}
	seen := map[int64]bool{}
	for _, v := range m.Invitees {
		if v.UserID != 0 && !seen[v.UserID] {
			seen[v.UserID] = true
			r.UserIDs = append(r.UserIDs, v.UserID)
		}
	}
	return r
}

// record writes an audit event of the initiative, which its updates feed
// shows.
func (s *Store) record(ctx context.Context, q store.Querier, actor account.Actor, initiativeID int64,
	action, summary string, before, after any) error {
	return account.Record(ctx, q, actor, account.Event{At: s.now(), Action: action, EntityType: "initiative",
		EntityID: fmt.Sprint(initiativeID), Summary: summary, Before: before, After: after})
}
