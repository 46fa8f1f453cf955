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
	"backbone/internal/store"
)

// Held is what was recorded of one occurrence of a meeting: attendance by
// invitee (organizations and people), minutes, action items.
type Held struct {
	MeetingID  int64            `json:"meeting_id"`
	Title      string           `json:"title"`
	Kind       string           `json:"kind"`
	At         time.Time        `json:"at"`
	Recorded   bool             `json:"recorded"` // anything was recorded
	Attendance map[int64]string `json:"attendance"`
	Minutes    string           `json:"minutes"`
	Actions    []Action         `json:"actions"`
	Present    int              `json:"present"` // organizations present, or people when none were invited
	Invited    int              `json:"invited"`
	Rate       float64          `json:"attendance_rate"` // Present / Invited, 0 to 1
	invitees   []Invitee        `json:"-"`
}

// Action is an action item agreed at a meeting: it is also the
// initiative's activity (ActivityID), owned by an organization.
type Action struct {
	ID               int64      `json:"id"`
	ActivityID       int64      `json:"activity_id"` // 0 once the activity was deleted
	Title            string     `json:"title"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	OwnerName        string     `json:"owner_name"`
	DueOn            *time.Time `json:"due_on"`
}

// ActionInput is an action item as staff write it.
type ActionInput struct {
	Title          string     `json:"title"`
	OrganizationID string     `json:"organization_id"`
	OwnerName      string     `json:"owner_name"`
	DueOn          *time.Time `json:"due_on"`
}

// occurrenceOf checks that at is an occurrence of m.
func occurrenceOf(m *Meeting, at time.Time) error {
	for _, t := range Occurrences(m, at, at.Add(time.Second), 1) {
		if t.Equal(at) {
			return nil
		}
	}
	return &errs.ValidationError{Fields: map[string]string{"at": "is not a time this meeting meets"}}
}

// Held returns what was recorded of the occurrence at of a meeting, to
// whoever may see the initiative.
func (s *Store) Held(ctx context.Context, actor account.Actor, initiativeID, meetingID int64, at time.Time) (*Held,
	error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeetings, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	m, err := s.get(ctx, s.db, initiativeID, meetingID)
	if err != nil {
		return nil, err
	}
	if err := occurrenceOf(m, at); err != nil {
		return nil, err
	}
	return held(ctx, s.db, m, at)
}

func held(ctx context.Context, q store.Querier, m *Meeting, at time.Time) (*Held, error) {
	h := &Held{MeetingID: m.ID, Title: m.Title, Kind: m.Kind, At: at.UTC(), Attendance: map[int64]string{},
		Actions: []Action{}, invitees: m.Invitees}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id, minutes FROM meeting_occurrences WHERE meeting_id = $1 AND starts_at = $2`,
		m.ID, at.UTC()).
		Scan(&id, &h.Minutes)
	if errors.Is(err, sql.ErrNoRows) {
		h.count()
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read meeting held: %w", err)
	}
	h.Recorded = true
	rows, err := q.QueryContext(ctx, `SELECT invitee_id, status FROM meeting_attendance WHERE occurrence_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	for rows.Next() {
		var inv int64
		var st string
		if err := rows.Scan(&inv, &st); err != nil {
			rows.Close()
			return nil, err
		}
		h.Attendance[inv] = st
	}
	rows.Close()
	if h.Actions, err = actions(ctx, q, id); err != nil {
		return nil, err
	}
	h.count()
	return h, nil
}

// count works out the attendance rate: over the organizations invited,
// or over the people when no organization was.
func (h *Held) count() {
	orgs := false
	for _, v := range h.invitees {
		orgs = orgs || v.Organization()
	}
	h.Present, h.Invited = 0, 0
	for _, v := range h.invitees {
		if v.Organization() != orgs {
			continue
		}
		h.Invited++
		if h.Attendance[v.ID] == Present {
			h.Present++
		}
	}
	if h.Invited > 0 {
		h.Rate = float64(h.Present) / float64(h.Invited)
	}
}

func actions(ctx context.Context, q store.Querier, occurrenceID int64) ([]Action, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, COALESCE(a.activity_id, 0), a.title, a.organization_id,
		COALESCE(o.name, ''), a.owner_name, a.due_on FROM meeting_actions a
		LEFT JOIN organizations o ON o.id = a.organization_id WHERE a.occurrence_id = $1 ORDER BY a.id`, occurrenceID)
	if err != nil {
		return nil, fmt.Errorf("read action items: %w", err)
	}
	defer rows.Close()
	out := []Action{}
	for rows.Next() {
		var a Action
		var due sql.NullTime
		if err := rows.Scan(&a.ID, &a.ActivityID, &a.Title, &a.OrganizationID, &a.OrganizationName, &a.OwnerName,
			&due); err != nil {
			return nil, err
		}
		if due.Valid {
			d := due.Time.UTC()
			a.DueOn = &d
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// occurrenceID returns the row of an occurrence, making it when staff
// first record something of it.
func (s *Store) occurrenceID(ctx context.Context, tx *sql.Tx, m *Meeting, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM meeting_occurrences WHERE meeting_id = $1 AND starts_at = $2`,
		m.ID, at.UTC()).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read meeting held: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO meeting_occurrences (meeting_id, starts_at, recorded_at)
		VALUES ($1, $2, $3) RETURNING id`, m.ID, at.UTC(), s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record meeting held: %w", err)
	}
	return id, nil
}

// recording opens a record of an occurrence for backbone staff
// (account.RecordMeeting).
func (s *Store) recording(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	at time.Time) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.RecordMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	m, err := s.get(ctx, s.db, initiativeID, meetingID)
	if err != nil {
		return nil, err
	}
	return m, occurrenceOf(m, at)
}

// RecordAttendance records who came to the occurrence at: each invitee's
// status (present, absent, regrets); invitees left out are not recorded.
func (s *Store) RecordAttendance(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	at time.Time, statuses map[int64]string) (*Held, error) {
	m, err := s.recording(ctx, actor, initiativeID, meetingID, at)
	if err != nil {
		return nil, err
	}
	known := map[int64]bool{}
	for _, v := range m.Invitees {
		known[v.ID] = true
	}
	var v errs.ValidationError
	for id, st := range statuses {
		if !known[id] {
			v.Add("attendance", fmt.Sprintf("%d is not an invitee of this meeting", id))
		}
		if st != "" && !oneOf(st, AttendanceStatuses) {
			v.Add("attendance", "each status must be present, absent or regrets")
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var h *Held
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.occurrenceID(ctx, tx, m, at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE occurrence_id = $1`, id); err != nil {
			return fmt.Errorf("record attendance: %w", err)
		}
		for inv, st := range statuses {
			if st == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendance (occurrence_id, invitee_id, status)
				VALUES ($1, $2, $3)`, id, inv, st); err != nil {
				return fmt.Errorf("record attendance: %w", err)
			}
		}
		if h, err = held(ctx, tx, m, at); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_attendance",
			fmt.Sprintf("recorded attendance at the %s %s on %s: %d of %d present", KindLabel(m.Kind),
				account.Quote(m.Title), m.When(at), h.Present, h.Invited), nil, h)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// SaveMinutes writes the minutes of the occurrence at.
func (s *Store) SaveMinutes(ctx context.Context, actor account.Actor, initiativeID, meetingID int64, at time.Time,
	minutes string) (*Held, error) {
	m, err := s.recording(ctx, actor, initiativeID, meetingID, at)
	if err != nil {
		return nil, err
	}
	minutes = strings.TrimSpace(minutes)
	if len(minutes) > 100000 {
		return nil, &errs.ValidationError{Fields: map[string]string{"minutes": "must be at most 100000 characters"}}
	}
	var h *Held
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.occurrenceID(ctx, tx, m, at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_occurrences SET minutes = $1 WHERE id = $2`, minutes,
			id); err != nil {
			return fmt.Errorf("save minutes: %w", err)
		}
		if h, err = held(ctx, tx, m, at); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_minutes",
			fmt.Sprintf("wrote the minutes of the %s %s on %s", KindLabel(m.Kind), account.Quote(m.Title),
				m.When(at)), nil, map[string]any{"meeting_id": m.ID, "at": at.UTC(), "minutes": minutes})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// AddAction records an action item agreed at the occurrence at. It becomes
// one of the initiative's activities, of the organization that owns it,
// due on its due date (through the initiative store, which records it and
// checks its organization); the action links to it. Both are written in
// one transaction.
func (s *Store) AddAction(ctx context.Context, actor account.Actor, initiativeID, meetingID int64, at time.Time,
	in ActionInput) (*Action, error) {
	m, err := s.recording(ctx, actor, initiativeID, meetingID, at)
	if err != nil {
		return nil, err
	}
	in.Title, in.OwnerName = strings.TrimSpace(in.Title), strings.TrimSpace(in.OwnerName)
	if len(in.OwnerName) > 200 {
		return nil, &errs.ValidationError{Fields: map[string]string{"owner_name": "must be at most 200 characters"}}
	}
	desc := fmt.Sprintf("Action item from the %s %s on %s.", KindLabel(m.Kind), m.Title, m.When(at))
	if in.OwnerName != "" {
		desc += " Owner: " + in.OwnerName + "."
	}
	activity := initiative.ActivityInput{OrganizationID: in.OrganizationID, Title: in.Title, Description: desc,
		Ends: in.DueOn, Status: "planned"}
	if err := s.initiatives.CheckActivity(ctx, actor, initiativeID, &activity); err != nil {
		return nil, err
	}
	var out *Action
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		act, err := s.initiatives.AddActivityIn(ctx, tx, actor, initiativeID, activity)
		if err != nil {
			return err
		}
		id, err := s.occurrenceID(ctx, tx, m, at)
		if err != nil {
			return err
		}
		var actionID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_actions (occurrence_id, activity_id, title,
			organization_id, owner_name, due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			id, act.ID, act.Title, act.OrganizationID, in.OwnerName, act.Ends, s.now()).Scan(&actionID); err != nil {
			return fmt.Errorf("add action item: %w", err)
		}
		out = &Action{ID: actionID, ActivityID: act.ID, Title: act.Title, OrganizationID: act.OrganizationID,
			OrganizationName: act.OrganizationName, OwnerName: in.OwnerName, DueOn: act.Ends}
		return s.record(ctx, tx, actor, initiativeID, "meeting_action",
			fmt.Sprintf("agreed the action %s for %s at the %s %s on %s", account.Quote(out.Title),
				out.OrganizationName, KindLabel(m.Kind), account.Quote(m.Title), m.When(at)), nil,
			map[string]any{"meeting_id": m.ID, "at": at.UTC(), "action": out})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// History returns the initiative's meetings held that something was
// recorded of, newest first, with their attendance rate and the action
// items they produced: the check-in history.
func (s *Store) History(ctx context.Context, actor account.Actor, initiativeID int64) ([]*Held, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeetings, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.meeting_id, o.starts_at FROM meeting_occurrences o
		JOIN meetings m ON m.id = o.meeting_id WHERE m.initiative_id = $1 ORDER BY o.starts_at DESC, o.id DESC`,
		initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read check-in history: %w", err)
	}
	type key struct {
		meeting int64
		at      time.Time
	}
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.meeting, &k.at); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k)
	}
	rows.Close()
	meetings := map[int64]*Meeting{}
	out := []*Held{}
	for _, k := range keys {
		m := meetings[k.meeting]
		if m == nil {
			if m, err = s.get(ctx, s.db, initiativeID, k.meeting); err != nil {
				return nil, err
			}
			meetings[k.meeting] = m
		}
		h, err := held(ctx, s.db, m, k.at.UTC())
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}
