package meeting

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"

	"backbone/internal/account"
	"backbone/internal/calendar"
	"backbone/internal/errs"
	"backbone/internal/mail"
	"backbone/internal/store"
)

// RSVPPath is where a private RSVP link leads: RSVPPath + token.
const RSVPPath = "/meetings/rsvp/"

// UID names a meeting in calendars for good: invitations, changes,
// cancellations and calendar feeds all carry it.
func UID(m *Meeting) string { return fmt.Sprintf("meeting-%d@backbone", m.ID) }

// Event is the meeting as a calendar event: its first meeting in its time
// zone, its rule, its place.
func Event(m *Meeting, site string) calendar.Event {
	e := calendar.Event{UID: UID(m), Summary: m.Title, At: m.StartsAt, End: m.StartsAt.Add(m.Duration()),
		Zone: m.Location(), RRule: m.RRule, Sequence: m.Sequence, Categories: []string{"Meeting"},
		URL: fmt.Sprintf("%s/initiatives/%d/meetings/%d", site, m.InitiativeID, m.ID)}
	e.Description = m.InitiativeName + ": " + KindLabel(m.Kind) + ". " + Describe(m.RRule, m.StartsAt.In(m.Location()))
	if m.Description != "" {
		e.Description += "\n\n" + m.Description
	}
	if m.VideoURL != "" {
		e.Description += "\n\nJoin: " + m.VideoURL
	}
	e.Location = strings.TrimSpace(strings.Join(nonEmpty(m.Place, m.VideoURL), " · "))
	if m.Cancelled() {
		e.Status = "CANCELLED"
	}
	for _, k := range m.Skipped {
		e.ExDates = append(e.ExDates, k.At)
	}
	return e
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// InviteData is what an invitation's templates read.
type InviteData struct {
	Site, Name, Initiative, Kind, Title, When, Schedule, Place, VideoURL, Description string
	Link, MeetingLink                                                                 string
	Changed, Cancelled                                                                bool
	// Skipped names the one meeting of the series that will not take
	// place (or, with Restored, that takes place after all), and why.
	Skipped, SkipReason string
	Restored            bool
}

// invite sends each person among vs an invitation (or, with cancel, a
// cancellation) of m with its .ics, through the outbox, in tx: worded as a
// change for those already invited before (in earlier), as an invitation
// for the others. Each invitation carries a new private RSVP link; earlier
// links keep working.
func (s *Store) invite(ctx context.Context, tx store.Querier, m *Meeting, vs []Invitee, cancel bool,
	earlier map[int64]bool) error {
	return s.inviteWith(ctx, tx, m, vs, cancel, earlier, nil)
}

// inviteWith is invite, saying in the message that one occurrence is
// skipped or restored when skip is set.
func (s *Store) inviteWith(ctx context.Context, tx store.Querier, m *Meeting, vs []Invitee, cancel bool,
	earlier map[int64]bool, skip *skipNote) error {
	now := s.now()
	organizer := calendar.Party{Name: m.OrganizerName, Email: m.OrganizerEmail}
	if organizer.Email == "" {
		if a, err := netmail.ParseAddress(s.from); err == nil {
			organizer = calendar.Party{Name: m.InitiativeName, Email: a.Address}
		}
	}
	for _, v := range vs {
		if v.Organization() || v.Email == "" {
			continue
		}
		token, err := newToken()
		if err != nil {
			return err
		}
		if !cancel {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_rsvp_links (token_hash, invitee_id, created_at)
				VALUES ($1, $2, $3)`, hashToken(token), v.ID, now); err != nil {
				return fmt.Errorf("make RSVP link: %w", err)
			}
		}
		method, kind := calendar.MethodRequest, "meeting_invitation"
		switch {
		case cancel:
			method, kind = calendar.MethodCancel, "meeting_cancelled"
		case earlier[v.ID]:
			kind = "meeting_changed"
		}
		var ics bytes.Buffer
		err = calendar.WriteInvite(&ics, calendar.Invite{Method: method, Event: Event(m, s.site), Organizer: organizer,
			Attendees: []calendar.Party{{Name: v.Name, Email: v.Email}}}, now)
		if err != nil {
			return err
		}
		when := m.When(m.StartsAt)
		if m.Next != nil {
			when = m.When(*m.Next)
		}
		data := InviteData{Site: s.site, Name: v.Name, Initiative: m.InitiativeName, Kind: KindLabel(m.Kind),
			Title: m.Title, When: when, Schedule: m.Schedule, Place: m.Place, VideoURL: m.VideoURL,
			Description: m.Description, Link: s.site + RSVPPath + token,
			MeetingLink: fmt.Sprintf("%s/initiatives/%d/meetings/%d", s.site, m.InitiativeID, m.ID),
			Changed:     kind == "meeting_changed", Cancelled: cancel}
		if skip != nil {
			data.Skipped, data.SkipReason, data.Restored = skip.At, skip.Reason, skip.Restored
		}
		if data.Name == "" {
			data.Name = v.Email
		}
		msg, err := mail.Compose(kind, v.Email, now, data)
		if err != nil {
			return err
		}
		msg.Attachment = &mail.Attachment{ContentType: "text/calendar; method=" + method, Name: "invite.ics",
			Body: ics.String()}
		if _, err := mail.Enqueue(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

func newToken() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make RSVP token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte("meeting-rsvp:" + token))
	return hex.EncodeToString(sum[:])
}

func checkAddress(e string) error {
	a, err := netmail.ParseAddress(e)
	if err != nil || a.Name != "" || !strings.Contains(a.Address, "@") || len(e) > 254 {
		return fmt.Errorf("%q is not an e-mail address (like name@example.org)", e)
	}
	return nil
}

// Invitation is what a private RSVP link opens: the meeting and the person
// it was sent to.
type Invitation struct {
	Meeting *Meeting
	Invitee Invitee
}

// ByToken returns the invitation an RSVP link opens; errs.ErrNotFound for
// an unknown link. It needs no account: the link is the key.
func (s *Store) ByToken(ctx context.Context, token string) (*Invitation, error) {
	var initiativeID, meetingID, inviteeID int64
	err := s.db.QueryRowContext(ctx, `SELECT m.initiative_id, m.id, v.id FROM meeting_rsvp_links l
		JOIN meeting_invitees v ON v.id = l.invitee_id JOIN meetings m ON m.id = v.meeting_id
		WHERE l.token_hash = $1`, hashToken(token)).Scan(&initiativeID, &meetingID, &inviteeID)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return nil, fmt.Errorf("RSVP link: %w", errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read RSVP link: %w", err)
	}
	m, err := s.get(ctx, s.db, initiativeID, meetingID)
	if err != nil {
		return nil, err
	}
	for _, v := range m.Invitees {
		if v.ID == inviteeID {
			return &Invitation{Meeting: m, Invitee: v}, nil
		}
	}
	return nil, fmt.Errorf("RSVP link: %w", errs.ErrNotFound)
}

// AnswerByToken accepts or declines the invitation an RSVP link opens.
func (s *Store) AnswerByToken(ctx context.Context, token, answer string) (*Invitation, error) {
	inv, err := s.ByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	actor := account.Actor{UserID: inv.Invitee.UserID, Label: inv.Invitee.Email}
	return inv, s.answer(ctx, actor, inv, answer)
}

// Answer accepts or declines the signed-in person's own invitation to a
// meeting (account.AnswerMeeting); a person not invited cannot answer.
func (s *Store) Answer(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	answer string) (*Invitation, error) {
	if err := s.rules.Check(ctx, actor, account.AnswerMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	m, err := s.get(ctx, s.db, initiativeID, meetingID)
	if err != nil {
		return nil, err
	}
	v, ok := InviteeOf(m, actor.User)
	if !ok {
		return nil, &errs.ValidationError{Fields: map[string]string{"answer": "you are not invited to this meeting"}}
	}
	inv := &Invitation{Meeting: m, Invitee: v}
	return inv, s.answer(ctx, actor, inv, answer)
}

// InviteeOf finds a person's own invitation to m.
func InviteeOf(m *Meeting, u *account.User) (Invitee, bool) {
	if u == nil {
		return Invitee{}, false
	}
	for _, v := range m.Invitees {
		if !v.Organization() && (v.UserID == u.ID || strings.EqualFold(v.Email, u.Email)) {
			return v, true
		}
	}
	return Invitee{}, false
}

func (s *Store) answer(ctx context.Context, actor account.Actor, inv *Invitation, answer string) error {
	answer = strings.ToLower(strings.TrimSpace(answer))
	if answer != AnswerAccepted && answer != AnswerDeclined {
		return &errs.ValidationError{Fields: map[string]string{"answer": "must be accepted or declined"}}
	}
	m := inv.Meeting
	if m.Cancelled() {
		return &errs.ConflictError{Field: "answer", Message: "the meeting was cancelled"}
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_invitees SET answer = $1, answered_at = $2 WHERE id = $3`,
			answer, now, inv.Invitee.ID); err != nil {
			return fmt.Errorf("answer invitation: %w", err)
		}
		inv.Invitee.Answer, inv.Invitee.AnsweredAt = answer, &now
		for i := range m.Invitees {
			if m.Invitees[i].ID == inv.Invitee.ID {
				m.Invitees[i] = inv.Invitee
			}
		}
		verb := "accepted"
		if answer == AnswerDeclined {
			verb = "declined"
		}
		return s.record(ctx, tx, actor, m.InitiativeID, "meeting_rsvp", fmt.Sprintf("%s %s the invitation to the %s %s",
			inv.Invitee.Label(), verb, KindLabel(m.Kind), account.Quote(m.Title)), nil,
			map[string]any{"meeting_id": m.ID, "invitee_id": inv.Invitee.ID, "answer": answer})
	})
}
