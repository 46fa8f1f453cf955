package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Skip is one occurrence of a series that will not take place.
type Skip struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// skips reads the occurrences of a meeting that will not take place, in
// order.
func skips(ctx context.Context, q store.Querier, meetingID int64) ([]Skip, error) {
	rows, err := q.QueryContext(ctx, `SELECT starts_at, reason FROM meeting_skips WHERE meeting_id = $1
		ORDER BY starts_at`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("read the skipped meetings of %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []Skip{}
	for rows.Next() {
		var k Skip
		if err := rows.Scan(&k.At, &k.Reason); err != nil {
			return nil, fmt.Errorf("read the skipped meetings of %d: %w", meetingID, err)
		}
		k.At = k.At.UTC()
		out = append(out, k)
	}
	return out, rows.Err()
}

// skipped tells whether the occurrence at will not take place.
func (m *Meeting) skipped(at time.Time) bool {
	for _, k := range m.Skipped {
		if k.At.Equal(at) {
			return true
		}
	}
	return false
}

// SkipOne calls one occurrence of a series off (a holiday, a clash), for
// backbone staff, with why: the series goes on, its calendar carries the
// occurrence as an EXDATE, and every person invited gets the changed
// invitation (a higher SEQUENCE) saying which meeting will not take place.
// Only an occurrence to come may be skipped, and not one already recorded.
func (s *Store) SkipOne(ctx context.Context, actor account.Actor, initiativeID, meetingID int64, at time.Time,
	reason string) (*Meeting, error) {
	return s.skipOrRestore(ctx, actor, initiativeID, meetingID, at, strings.TrimSpace(reason), true)
}

// RestoreOne undoes SkipOne: the occurrence takes place after all, and
// every person invited is told.
func (s *Store) RestoreOne(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	at time.Time) (*Meeting, error) {
	return s.skipOrRestore(ctx, actor, initiativeID, meetingID, at, "", false)
}

func (s *Store) skipOrRestore(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	at time.Time, reason string, skip bool) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ScheduleMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if len(reason) > 500 {
		return nil, &errs.ValidationError{Fields: map[string]string{"reason": "must be at most 500 characters"}}
	}
	at = at.UTC()
	var m *Meeting
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.get(ctx, tx, initiativeID, meetingID)
		if err != nil {
			return err
		}
		switch {
		case before.Cancelled():
			return &errs.ConflictError{Message: "This meeting is cancelled: there is nothing to skip or restore."}
		case before.RRule == "":
			return &errs.ValidationError{Fields: map[string]string{"at": "a one-off meeting is cancelled, not " +
				"skipped"}}
		case skip && before.skipped(at):
			return &errs.ConflictError{Field: "at", Message: "The meeting on " + before.When(at) +
				" is already skipped."}
		case !skip && !before.skipped(at):
			return &errs.ConflictError{Field: "at", Message: "The meeting on " + before.When(at) +
				" is not skipped."}
		}
		series := *before
		series.Skipped = nil // a skipped time is still one of the series'
		if err := occurrenceOf(&series, at); err != nil {
			return err
		}
		if skip {
			if !at.After(s.now()) {
				return &errs.ValidationError{Fields: map[string]string{"at": "only a meeting to come can be " +
					"skipped; record one that was not held as such"}}
			}
			var held int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_occurrences
				WHERE meeting_id = $1 AND starts_at = $2`, meetingID, at).Scan(&held); err != nil {
				return fmt.Errorf("skip a meeting: %w", err)
			}
			if held > 0 {
				return &errs.ConflictError{Field: "at", Message: "The meeting on " + before.When(at) +
					" has attendance or minutes recorded: it cannot be skipped."}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_skips (meeting_id, starts_at, reason, created_at)
				VALUES ($1, $2, $3, $4)`, meetingID, at, reason, s.now()); err != nil {
				return fmt.Errorf("skip a meeting: %w", err)
			}
		} else if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_skips WHERE meeting_id = $1 AND starts_at = $2`,
			meetingID, at); err != nil {
			return fmt.Errorf("restore a meeting: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET sequence = sequence + 1, updated_at = $1 WHERE id = $2`,
			s.now(), meetingID); err != nil {
			return fmt.Errorf("skip a meeting: %w", err)
		}
		if m, err = s.get(ctx, tx, initiativeID, meetingID); err != nil {
			return err
		}
		note := skipNote{At: m.When(at), Reason: reason, Restored: !skip}
		if err := s.inviteWith(ctx, tx, m, m.Invitees, false, allEarlier(m.Invitees), &note); err != nil {
			return err
		}
		action, summary := "meeting_skipped", fmt.Sprintf("called off the %s %s on %s", KindLabel(m.Kind),
			account.Quote(m.Title), m.When(at))
		if reason != "" {
			summary += " (" + reason + ")"
		}
		if !skip {
			action, summary = "meeting_restored", fmt.Sprintf("restored the %s %s on %s: it takes place after all",
				KindLabel(m.Kind), account.Quote(m.Title), m.When(at))
		}
		return s.record(ctx, tx, actor, initiativeID, action, summary, before, recordOf(m))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// skipNote is what an invitation says of one occurrence skipped or
// restored.
type skipNote struct {
	At, Reason string
	Restored   bool
}

// allEarlier marks every invitee as invited before: a skip changes their
// invitation.
func allEarlier(vs []Invitee) map[int64]bool {
	out := map[int64]bool{}
	for _, v := range vs {
		out[v.ID] = true
	}
	return out
}
