package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// RACILetters are the letters of a RACI matrix: Responsible (does the
// work), Accountable (answers for it; there should be exactly one),
// Consulted, Informed.
var RACILetters = []string{"R", "A", "C", "I"}

// RACIAssignment is one letter for one activity, given to a member
// organization or to a person.
type RACIAssignment struct {
	ActivityID     int64  `json:"activity_id"`
	OrganizationID string `json:"organization_id,omitempty"`
	UserID         int64  `json:"user_id,omitempty"`
	Name           string `json:"name"` // the organization's or the person's
	Letter         string `json:"letter"`
}

// RACIInput gives a letter to an organization or (exclusive) a person; an
// empty letter takes their letter away.
type RACIInput struct {
	OrganizationID string `json:"organization_id"`
	UserID         int64  `json:"user_id"`
	Letter         string `json:"letter"`
}

// RACIFlags are the problems a row of a RACI matrix can have.
type RACIFlags struct {
	NoAccountable      bool `json:"no_accountable"`
	SeveralAccountable bool `json:"several_accountable"`
	NoResponsible      bool `json:"no_responsible"`
}

// Any reports whether any flag is raised.
func (f RACIFlags) Any() bool { return f.NoAccountable || f.SeveralAccountable || f.NoResponsible }

// CheckRACI flags one activity's letters: nobody accountable, more than one
// accountable, or nobody responsible.
func CheckRACI(letters []string) RACIFlags {
	var a, r int
	for _, l := range letters {
		switch l {
		case "A":
			a++
		case "R":
			r++
		}
	}
	return RACIFlags{NoAccountable: a == 0, SeveralAccountable: a > 1, NoResponsible: r == 0}
}

// RACIRow is one activity of the matrix with its letters.
type RACIRow struct {
	Activity Activity          `json:"activity"`
	Letters  map[string]string `json:"letters"` // organization id → letter
	People   []RACIAssignment  `json:"people"`  // letters given to persons
	// Flags are raised only for open (planned or under-way) activities:
	// a finished activity with nobody accountable needs nobody any more.
	Flags RACIFlags `json:"flags"`
}

// RACIMatrix is the initiative's activities (rows) against its member
// organizations (columns).
type RACIMatrix struct {
	Organizations []Member  `json:"organizations"`
	Rows          []RACIRow `json:"rows"`
}

// Normalize trims the input and checks it, field by field.
func (in *RACIInput) Normalize() error {
	in.OrganizationID, in.Letter = strings.TrimSpace(in.OrganizationID), strings.ToUpper(strings.TrimSpace(in.Letter))
	var v errs.ValidationError
	if (in.OrganizationID == "") == (in.UserID == 0) {
		v.Add("organization_id", "give either an organization or a person (user_id), not both")
	}
	if in.Letter != "" && !oneOf(in.Letter, RACILetters) {
		v.Add("letter", "must be one of R, A, C, I (or empty to remove)")
	}
	return v.OrNil()
}

// SetRACI gives an organization or a person a letter for activity
// activityID of the initiative, replacing the one they had, or removes it
// when the letter is empty, and returns the activity's letters as they now
// stand. An organization must be an active member. For backbone staff
// (account.AssignRACI).
func (s *Store) SetRACI(ctx context.Context, actor account.Actor, initiativeID, activityID int64,
	in RACIInput) ([]RACIAssignment, error) {
	if err := s.rules.Check(ctx, actor, account.AssignRACI, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var letters []RACIAssignment
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := activity(ctx, tx, initiativeID, activityID)
		if err != nil {
			return err
		}
		var name string
		var org, user any
		if in.OrganizationID != "" {
			m, err := mustBeActiveMember(ctx, tx, a.InitiativeID, in.OrganizationID, "organization_id")
			if err != nil {
				return err
			}
			name, org = m.OrganizationName, in.OrganizationID
		} else {
			name, err = userName(ctx, tx, in.UserID)
			if errors.Is(err, errs.ErrNotFound) {
				return &errs.ValidationError{Fields: map[string]string{"user_id": "is not a user of Backbone"}}
			} else if err != nil {
				return err
			}
			user = in.UserID
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM raci_assignments WHERE activity_id = $1
			AND (organization_id = $2 OR user_id = $3)`, activityID, in.OrganizationID, in.UserID); err != nil {
			return fmt.Errorf("set RACI letter: %w", err)
		}
		summary := fmt.Sprintf("took %s's RACI letter for the activity %s away", name, account.Quote(a.Title))
		if in.Letter != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO raci_assignments (activity_id, organization_id, user_id, letter) VALUES ($1, $2, $3, $4)`,
				activityID, org, user, in.Letter); err != nil {
				return fmt.Errorf("set RACI letter: %w", err)
			}
			summary = fmt.Sprintf("made %s %s for the activity %s", name, raciWords[in.Letter], account.Quote(a.Title))
		}
		err = s.recordChange(ctx, tx, actor, a.InitiativeID, "raci", summary, nil,
			RACIAssignment{ActivityID: activityID, OrganizationID: in.OrganizationID, UserID: in.UserID, Name: name, Letter: in.Letter})
		if err != nil {
			return err
		}
		letters, err = raciAssignments(ctx, tx, `r.activity_id = $1`, activityID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return letters, nil
}

var raciWords = map[string]string{"R": "responsible", "A": "accountable", "C": "consulted", "I": "informed"}

// RACI returns the letters given for one activity, organizations first,
// whoever asks: for the domain's own use and tests. Pages and the API read
// them with RACIMatrix, or from SetRACI.
func (s *Store) RACI(ctx context.Context, activityID int64) ([]RACIAssignment, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities WHERE id = $1`, activityID).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("get activity %d: %w", activityID, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("activity %d: %w", activityID, errs.ErrNotFound)
	}
	return raciAssignments(ctx, s.db, `r.activity_id = $1`, activityID)
}

// RACIMatrix returns the initiative's activities against its active member
// organizations (and any former member that still holds a letter), with
// each row's letters and flags, for whoever has the initiative from View.
func (s *Store) RACIMatrix(ctx context.Context, initiativeID int64) (*RACIMatrix, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	acts, err := activities(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	ms, err := members(ctx, s.db, initiativeID, "")
	if err != nil {
		return nil, err
	}
	letters, err := raciAssignments(ctx, s.db, `a.initiative_id = $1`, initiativeID)
	if err != nil {
		return nil, err
	}
	return buildRACIMatrix(acts, ms, letters), nil
}

// buildRACIMatrix is the pure part of RACIMatrix.
func buildRACIMatrix(acts []Activity, ms []Member, letters []RACIAssignment) *RACIMatrix {
	hasLetter := map[string]bool{}
	for _, l := range letters {
		hasLetter[l.OrganizationID] = true
	}
	m := &RACIMatrix{Organizations: []Member{}, Rows: []RACIRow{}}
	for _, mem := range ms {
		if mem.Status == "active" || hasLetter[mem.OrganizationID] {
			m.Organizations = append(m.Organizations, mem)
		}
	}
	byActivity := map[int64][]RACIAssignment{}
	for _, l := range letters {
		byActivity[l.ActivityID] = append(byActivity[l.ActivityID], l)
	}
	for _, a := range acts {
		row := RACIRow{Activity: a, Letters: map[string]string{}, People: []RACIAssignment{}}
		var all []string
		for _, l := range byActivity[a.ID] {
			all = append(all, l.Letter)
			if l.OrganizationID != "" {
				row.Letters[l.OrganizationID] = l.Letter
			} else {
				row.People = append(row.People, l)
			}
		}
		if a.Open() {
			row.Flags = CheckRACI(all)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func raciAssignments(ctx context.Context, q store.Querier, where string, arg any) ([]RACIAssignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.activity_id, COALESCE(r.organization_id, ''), COALESCE(r.user_id, 0),
		COALESCE(o.name, u.name, ''), r.letter
		FROM raci_assignments r JOIN activities a ON a.id = r.activity_id
		LEFT JOIN organizations o ON o.id = r.organization_id LEFT JOIN users u ON u.id = r.user_id
		WHERE `+where+` ORDER BY r.activity_id, r.user_id IS NOT NULL, lower(COALESCE(o.name, u.name, '')), r.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list RACI letters: %w", err)
	}
	defer rows.Close()
	out := []RACIAssignment{}
	for rows.Next() {
		var r RACIAssignment
		if err := rows.Scan(&r.ActivityID, &r.OrganizationID, &r.UserID, &r.Name, &r.Letter); err != nil {
			return nil, fmt.Errorf("list RACI letters: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
