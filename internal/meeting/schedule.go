package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Schedule schedules a meeting of an initiative, for its backbone staff
// (account.ScheduleMeeting): it invites the organizations (each with its
// people who have accounts), people and addresses the input names, drafts
// the agenda from the initiative's state and sends each person an
// invitation with an .ics, all in one transaction.
func (s *Store) Schedule(ctx context.Context, actor account.Actor, initiativeID int64, in Input) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ScheduleMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	loc, _, err := s.zoneOf(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	start, rule, err := in.normalize(loc)
	if err != nil {
		return nil, err
	}
	// The agenda is read before the transaction: it reads other stores.
	items, err := s.Draft(ctx, actor, initiativeID)
	if err != nil {
		return nil, err
	}
	var organizer any
	if actor.UserID != 0 {
		organizer = actor.UserID
	}
	var m *Meeting
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO meetings (initiative_id, kind, title, description, starts_at,
			duration_minutes, time_zone, rrule, place, video_url, status, sequence, organizer_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'scheduled', 0, $11, $12, $12) RETURNING id`,
			initiativeID, in.Kind, in.Title, in.Description, start.UTC(), in.DurationMinutes, loc.String(), rule,
			in.Place, in.VideoURL, organizer, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("schedule meeting: %w", err)
		}
		if err := addInvitees(ctx, tx, id, in); err != nil {
			return err
		}
		if err := writeAgenda(ctx, tx, id, items); err != nil {
			return err
		}
		if m, err = s.get(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, m, m.Invitees, false, nil); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_scheduled",
			fmt.Sprintf("scheduled the %s %s on %s", KindLabel(m.Kind), account.Quote(m.Title), m.When(m.StartsAt)),
			nil, recordOf(m))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Update changes a meeting, for backbone staff: it raises the
// invitation's SEQUENCE, sends everyone still invited the changed
// invitation, invites those added and tells those taken off that the
// meeting is cancelled for them.
func (s *Store) Update(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	in Input) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ScheduleMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	before, err := s.get(ctx, s.db, initiativeID, meetingID)
	if err != nil {
		return nil, err
	}
	if before.Cancelled() {
		return nil, &errs.ConflictError{Message: "the meeting was cancelled: schedule a new one"}
	}
	start, rule, err := in.normalize(before.Location())
	if err != nil {
		return nil, err
	}
	var m *Meeting
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET kind = $1, title = $2, description = $3, starts_at = $4,
			duration_minutes = $5, rrule = $6, place = $7, video_url = $8, sequence = sequence + 1, updated_at = $9
			WHERE id = $10`, in.Kind, in.Title, in.Description, start.UTC(), in.DurationMinutes, rule, in.Place,
			in.VideoURL, s.now(), meetingID)
		if err != nil {
			return fmt.Errorf("change meeting %d: %w", meetingID, err)
		}
		removed, err := syncInvitees(ctx, tx, before, in)
		if err != nil {
			return err
		}
		if m, err = s.get(ctx, tx, initiativeID, meetingID); err != nil {
			return err
		}
		earlier, gone := map[int64]bool{}, map[int64]bool{}
		for _, v := range before.Invitees {
			earlier[v.ID] = true
		}
		for _, v := range removed {
			gone[v.ID] = true
		}
		var staying []Invitee
		for _, v := range m.Invitees {
			if !gone[v.ID] {
				staying = append(staying, v)
			}
		}
		if err := s.invite(ctx, tx, m, staying, false, earlier); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, m, removed, true, nil); err != nil {
			return err
		}
		for _, r := range removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_invitees WHERE id = $1`, r.ID); err != nil {
				return fmt.Errorf("take off invitee: %w", err)
			}
		}
		if m, err = s.get(ctx, tx, initiativeID, meetingID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_changed",
			fmt.Sprintf("changed the %s %s, now %s", KindLabel(m.Kind), account.Quote(m.Title), s.nextWords(m)),
			before, recordOf(m))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// nextWords says when a meeting next meets, or that it does not.
func (s *Store) nextWords(m *Meeting) string {
	if m.Next != nil {
		return "on " + m.When(*m.Next)
	}
	return "with no meeting to come"
}

// Cancel calls a meeting (the whole series) off, for backbone staff, and
// sends every person invited a cancellation (METHOD:CANCEL). What was
// recorded of meetings already held stays.
func (s *Store) Cancel(ctx context.Context, actor account.Actor, initiativeID, meetingID int64) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ScheduleMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var m *Meeting
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.get(ctx, tx, initiativeID, meetingID)
		if err != nil {
			return err
		}
		if before.Cancelled() {
			m = before
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1,
			updated_at = $1 WHERE id = $2`, s.now(), meetingID); err != nil {
			return fmt.Errorf("cancel meeting %d: %w", meetingID, err)
		}
		if m, err = s.get(ctx, tx, initiativeID, meetingID); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, m, m.Invitees, true, nil); err != nil {
			return err
		}
		when := "on " + m.When(m.StartsAt)
		if before.Next != nil {
			when = "next due on " + m.When(*before.Next)
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_cancelled",
			fmt.Sprintf("cancelled the %s %s, %s", KindLabel(m.Kind), account.Quote(m.Title), when), before,
			recordOf(m))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// addInvitees writes the invitees the input names that the meeting does
// not have yet: each organization and its people with accounts, each
// person, each address. A person is invited once, by address.
func addInvitees(ctx context.Context, tx *sql.Tx, meetingID int64, in Input) error {
	have := map[string]bool{}
	orgs := map[string]bool{}
	current, err := invitees(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	for _, v := range current {
		if v.Organization() {
			orgs[v.OrganizationID] = true
		} else {
			have[strings.ToLower(v.Email)] = true
		}
	}
	person := func(userID int64, email, name, via string) error {
		email = strings.ToLower(strings.TrimSpace(email))
		if email == "" || have[email] {
			return nil
		}
		have[email] = true
		var uid any
		if userID != 0 {
			uid = userID
		}
		_, err := tx.ExecContext(
			ctx,
			`INSERT INTO meeting_invitees (meeting_id, user_id, email, name, via_organization_id)
			VALUES ($1, $2, $3, $4, $5)`,
			meetingID,
			uid,
			email,
			name,
			via,
		)
		if err != nil {
			return fmt.Errorf("invite %s: %w", email, err)
		}
		return nil
	}
	var v errs.ValidationError
	for _, orgID := range in.Organizations {
		orgID = strings.TrimSpace(orgID)
		if orgID == "" || orgs[orgID] {
			continue
		}
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("organizations", fmt.Sprintf("%q is not an organization in the directory", orgID))
			continue
		}
		if err != nil {
			return fmt.Errorf("read organization %s: %w", orgID, err)
		}
		orgs[orgID] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_invitees (meeting_id, organization_id) VALUES ($1, $2)`,
			meetingID, orgID); err != nil {
			return fmt.Errorf("invite organization %s: %w", orgID, err)
		}
		rows, err := tx.QueryContext(
			ctx,
			`SELECT u.id, u.email, u.name FROM memberships ms JOIN users u ON u.id = ms.user_id
			WHERE ms.organization_id = $1 AND u.disabled_at IS NULL ORDER BY u.name, u.id`,
			orgID,
		)
		if err != nil {
			return fmt.Errorf("read the people of %s: %w", orgID, err)
		}
		type p struct {
			id          int64
			email, name string
		}
		var people []p
		for rows.Next() {
			var x p
			if err := rows.Scan(&x.id, &x.email, &x.name); err != nil {
				rows.Close()
				return err
			}
			people = append(people, x)
		}
		rows.Close()
		for _, x := range people {
			if err := person(x.id, x.email, x.name, orgID); err != nil {
				return err
			}
		}
	}
	for _, uid := range in.People {
		var email, name string
		err := tx.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = $1 AND disabled_at IS NULL`, uid).
			Scan(&email, &name)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("people", fmt.Sprintf("%d is not a person with an account", uid))
			continue
		}
		if err != nil {
			return fmt.Errorf("read user %d: %w", uid, err)
		}
		if err := person(uid, email, name, ""); err != nil {
			return err
		}
	}
	for _, e := range in.Emails {
		if e == "" {
			continue
		}
		if err := checkAddress(e); err != nil {
			v.Add("emails", err.Error())
			continue
		}
		var uid int64
		var name string
		err := tx.QueryRowContext(ctx, `SELECT id, name FROM users WHERE lower(email) = $1`, e).Scan(&uid, &name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("look up %s: %w", e, err)
		}
		if err := person(uid, e, name, ""); err != nil {
			return err
		}
	}
	return v.OrNil()
}

// syncInvitees makes the meeting's invitees those the input names: it adds
// the new ones and returns those no longer named (not yet deleted, so that
// they can be told).
func syncInvitees(ctx context.Context, tx *sql.Tx, m *Meeting, in Input) ([]Invitee, error) {
	if err := addInvitees(ctx, tx, m.ID, in); err != nil {
		return nil, err
	}
	keepOrg, keepUser, keepEmail := map[string]bool{}, map[int64]bool{}, map[string]bool{}
	for _, o := range in.Organizations {
		keepOrg[strings.TrimSpace(o)] = true
	}
	for _, u := range in.People {
		keepUser[u] = true
	}
	for _, e := range in.Emails {
		keepEmail[e] = true
	}
	now, err := invitees(ctx, tx, m.ID)
	if err != nil {
		return nil, err
	}
	var removed []Invitee
	for _, v := range now {
		kept := keepOrg[v.OrganizationID] || (v.ViaOrganizationID != "" && keepOrg[v.ViaOrganizationID]) ||
			(v.UserID != 0 && keepUser[v.UserID]) || (v.Email != "" && keepEmail[strings.ToLower(v.Email)])
		if !kept {
			removed = append(removed, v)
		}
	}
	return removed, nil
}

// InputOf is the input that would schedule m as it is: the start of its
// form when staff change it.
func InputOf(m *Meeting) Input {
	in := Input{Kind: m.Kind, Title: m.Title, Description: m.Description,
		Start: m.StartsAt.In(m.Location()).Format("2006-01-02T15:04"), DurationMinutes: m.DurationMinutes,
		Repeat: m.Repeat, Place: m.Place, VideoURL: m.VideoURL}
	if m.Repeat == "" {
		in.RRule = m.RRule
	}
	if u := UntilOf(m.RRule, m.Location()); !u.IsZero() {
		in.Until = u.Format("2006-01-02")
	}
	for _, v := range m.Invitees {
		switch {
		case v.Organization():
			in.Organizations = append(in.Organizations, v.OrganizationID)
		case v.ViaOrganizationID != "":
		case v.UserID != 0:
			in.People = append(in.People, v.UserID)
		default:
			in.Emails = append(in.Emails, v.Email)
		}
	}
	return in
}
