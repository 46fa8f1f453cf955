package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Cadences of review: every three, six or twelve months after the last
// review, or once, on a given date.
const (
	Quarterly  = "quarterly"
	SemiAnnual = "semiannual"
	Annual     = "annual"
	OnDate     = "date"
)

// Cadences are the cadences in the order a form offers them.
var Cadences = []string{Quarterly, SemiAnnual, Annual, OnDate}

// CadenceWords say each cadence in words.
var CadenceWords = map[string]string{Quarterly: "Every quarter", SemiAnnual: "Every six months",
	Annual: "Every year", OnDate: "Once, on a date"}

// months is how far apart a cadence's reviews are; 0 for one on a date.
func months(cadence string) int {
	switch cadence {
	case Quarterly:
		return 3
	case SemiAnnual:
		return 6
	case Annual:
		return 12
	}
	return 0
}

// NextDue is the day the next review of a subject is due: the first due
// date until a review is recorded under the cadence (lastHeld, the day the
// latest review recorded since the cadence was set was held); then, for a
// repeating cadence, that day plus its period, and for one on a date, none
// (""): it was held. Days are YYYY-MM-DD; a month-end day that the later
// month lacks rolls back to its last day (31 August + 6 months is 28 or 29
// February).
func NextDue(cadence, firstDue, lastHeld string) string {
	if lastHeld == "" {
		return firstDue
	}
	n := months(cadence)
	if n == 0 {
		return ""
	}
	held, err := time.Parse(time.DateOnly, lastHeld)
	if err != nil {
		return firstDue
	}
	return addMonths(held, n).Format(time.DateOnly)
}

// addMonths adds n months to day d, keeping to the last day of a shorter
// month.
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d.Day(), last), 0, 0, 0, 0, time.UTC)
}

// Schedule is a subject's review cadence and when its next review is due.
type Schedule struct {
	ID           int64     `json:"id"`
	Subject      Subject   `json:"subject"`
	Cadence      string    `json:"cadence"`
	CadenceWords string    `json:"cadence_words"`
	FirstDueOn   string    `json:"first_due_on"`
	NextDueOn    string    `json:"next_due_on"`            // "" once a review on a date was held
	LastHeldOn   string    `json:"last_held_on,omitempty"` // the latest review's day, whenever it was recorded
	heldSince    string    // the latest review recorded since the cadence was set
	Overdue      bool      `json:"overdue"`
	SetAt        time.Time `json:"set_at"` // when the cadence was set
}

// ScheduleInput is the cadence a person sets; DueOn is the date of a
// review on a date, or the first review of a repeating cadence (by
// default, one period from today).
type ScheduleInput struct {
	Cadence string `json:"cadence"`
	DueOn   string `json:"due_on"`
}

// normalize checks the input and fills the first due date.
func (in *ScheduleInput) normalize(today string) error {
	v := &errs.ValidationError{}
	in.Cadence, in.DueOn = strings.TrimSpace(in.Cadence), strings.TrimSpace(in.DueOn)
	if _, ok := CadenceWords[in.Cadence]; !ok {
		v.Add("cadence", "must be one of "+strings.Join(Cadences, ", "))
	}
	switch {
	case in.DueOn != "":
		if _, err := time.Parse(time.DateOnly, in.DueOn); err != nil {
			v.Add("due_on", "must be a date like 2027-03-31")
		}
	case in.Cadence == OnDate:
		v.Add("due_on", "is required for a review on a date")
	case months(in.Cadence) > 0:
		t, _ := time.Parse(time.DateOnly, today)
		in.DueOn = addMonths(t, months(in.Cadence)).Format(time.DateOnly)
	}
	return v.OrNil()
}

// SetSchedule sets (or replaces) a subject's review cadence, for those who
// may review it.
func (s *Store) SetSchedule(ctx context.Context, actor account.Actor, kind string, id int64,
	in ScheduleInput) (*Schedule, error) {
	sub, err := s.Subject(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	if !sub.CanReview {
		return nil, fmt.Errorf("%s may not set the reviews of %s %d: %w", actor.Label, kind, id, errs.ErrForbidden)
	}
	if err := in.normalize(s.today()); err != nil {
		return nil, err
	}
	var out *Schedule
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := schedule(ctx, tx, sub)
		if err != nil {
			return err
		}
		now := s.now()
		// Reviews recorded before the cadence is set do not move its first date.
		next := NextDue(in.Cadence, in.DueOn, "")
		if before == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO review_schedules (subject_kind, subject_id, initiative_id,
				organization_id, cadence, first_due_on, next_due_on, set_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, sub.Kind, sub.ID, nullInt(sub.InitiativeID),
				nullString(sub.OrganizationID), in.Cadence, in.DueOn, next, actorID(actor), now)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE review_schedules SET cadence = $1, first_due_on = $2,
				next_due_on = $3, set_by = $4, updated_at = $5 WHERE id = $6`, in.Cadence, in.DueOn, next,
				actorID(actor), now, before.ID)
		}
		if err != nil {
			return fmt.Errorf("set review cadence: %w", err)
		}
		if out, err = schedule(ctx, tx, sub); err != nil {
			return err
		}
		out.Overdue = out.NextDueOn != "" && out.NextDueOn < s.today()
		return record(ctx, tx, now, actor, sub, "review_schedule", fmt.Sprintf("Set the reviews of %s %s: %s, "+
			"next due on %s", strings.ToLower(sub.Label), account.Quote(sub.Title),
			strings.ToLower(out.CadenceWords), out.NextDueOn), before, out)
	})
	return out, err
}

// Schedule returns a subject's review cadence, or nil when it has none, to
// those who may see the subject.
func (s *Store) Schedule(ctx context.Context, actor account.Actor, kind string, id int64) (*Schedule, error) {
	sub, err := s.Subject(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	sch, err := schedule(ctx, s.db, sub)
	if sch != nil {
		sch.Overdue = sch.NextDueOn != "" && sch.NextDueOn < s.today()
	}
	return sch, err
}

const scheduleColumns = `c.id, c.subject_kind, c.subject_id, COALESCE(c.initiative_id, 0),
	COALESCE(c.organization_id, ''), c.cadence, c.first_due_on, c.next_due_on, c.updated_at,
	COALESCE((SELECT MAX(v.held_on) FROM reviews v WHERE v.subject_kind = c.subject_kind
		AND v.subject_id = c.subject_id), ''),
	COALESCE((SELECT MAX(v.held_on) FROM reviews v WHERE v.subject_kind = c.subject_kind
		AND v.subject_id = c.subject_id AND v.created_at >= c.updated_at), '')
	FROM review_schedules c`

func scanSchedule(row store.Scanner) (Schedule, error) {
	var c Schedule
	err := row.Scan(&c.ID, &c.Subject.Kind, &c.Subject.ID, &c.Subject.InitiativeID, &c.Subject.OrganizationID,
		&c.Cadence, &c.FirstDueOn, &c.NextDueOn, &c.SetAt, &c.LastHeldOn, &c.heldSince)
	c.CadenceWords, c.SetAt = CadenceWords[c.Cadence], c.SetAt.UTC()
	return c, err
}

// schedule reads a subject's cadence; nil when it has none.
func schedule(ctx context.Context, q store.Querier, sub Subject) (*Schedule, error) {
	c, err := store.One(ctx, q, "review cadence", scanSchedule, `SELECT `+scheduleColumns+`
		WHERE c.subject_kind = $1 AND c.subject_id = $2`, sub.Kind, sub.ID)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Subject = sub
	return &c, nil
}

// DueWindow is how far ahead a review shows as due: two weeks.
const DueWindow = 14

// DueFilter says whose due reviews to list: one initiative's, or every one
// the person may see.
type DueFilter struct {
	InitiativeID int64
	// Within is how many days ahead count as due (DueWindow when 0).
	Within int
	// Reviewer keeps only the reviews the person may record, for a work
	// queue; without it, every one the person may see.
	Reviewer bool
	// Kinds keeps the reviews of these kinds of subject (all when empty),
	// read as such from the database rather than resolved and left out.
	Kinds []string
}

// Due lists the reviews due within the window or overdue, the most overdue
// first.
func (s *Store) Due(ctx context.Context, actor account.Actor, f DueFilter) ([]Schedule, error) {
	if f.Within == 0 {
		f.Within = DueWindow
	}
	if f.Within < 0 || f.Within > 366 {
		return nil, &errs.ValidationError{Fields: map[string]string{"within": "must be 1 to 366 days"}}
	}
	if f.InitiativeID != 0 {
		if err := s.rules.Check(ctx, actor, account.ViewReviews, account.Initiative(f.InitiativeID)); err != nil {
			return nil, err
		}
		if _, err := s.initiatives.Get(ctx, f.InitiativeID); err != nil {
			return nil, err
		}
	} else if actor.User == nil && !actor.System {
		return nil, errs.ErrUnauthenticated
	}
	today := s.now().UTC()
	until := today.AddDate(0, 0, f.Within).Format(time.DateOnly)
	query, args := `SELECT `+scheduleColumns+` WHERE c.next_due_on <> '' AND c.next_due_on <= $1`, []any{until}
	if f.InitiativeID != 0 {
		args = append(args, f.InitiativeID)
		query += fmt.Sprintf(` AND c.initiative_id = $%d`, len(args))
	}
	if len(f.Kinds) > 0 {
		marks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			args = append(args, k)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		query += ` AND c.subject_kind IN (` + strings.Join(marks, ", ") + `)`
	}
	rows, err := s.db.QueryContext(ctx, query+` ORDER BY c.next_due_on, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list reviews due: %w", err)
	}
	var all []Schedule
	for rows.Next() {
		c, err := scanSchedule(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := s.subjectCache(actor)
	out := []Schedule{}
	for _, c := range all {
		sub, ok, err := seen(ctx, c.Subject.Kind, c.Subject.ID)
		if err != nil {
			return nil, err
		}
		if !ok || (f.Reviewer && !sub.CanReview) {
			continue
		}
		c.Subject, c.Overdue = sub, c.NextDueOn < today.Format(time.DateOnly)
		out = append(out, c)
	}
	return out, nil
}
