package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// Sources of drafted agenda items.
const (
	SourceLateReport = "late_report"
	SourceGoal       = "goal"
	SourceProposal   = "proposal"
	SourceAgreement  = "agreement"
	SourceMember     = "member"
)

// Draft drafts an agenda from the initiative's state now, as actor sees it:
// late reports, goals at risk or off track, open proposals and their voting
// deadlines, agreements due for renewal, and organizations that joined
// since the last meeting held. Each item links to its source. (Roadblocks
// and plan actions join when Backbone keeps them.)
func (s *Store) Draft(ctx context.Context, actor account.Actor, initiativeID int64) ([]Item, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeetings, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	now := s.now()
	loc, _, err := s.zoneOf(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("/initiatives/%d", initiativeID)
	items := []Item{}
	skip := func(err error) bool { return errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrNotFound) }

	late, err := s.measure.LateReports(ctx, actor, initiativeID, now)
	if err != nil && !skip(err) {
		return nil, err
	}
	type lateKey struct {
		id     int64
		period string
	}
	var order []lateKey
	byIndicator := map[lateKey][]string{}
	names := map[lateKey]string{}
	for _, l := range late {
		k := lateKey{l.IndicatorID, l.Period}
		if _, ok := byIndicator[k]; !ok {
			order = append(order, k)
		}
		byIndicator[k] = append(byIndicator[k], l.OrganizationName)
		names[k] = l.IndicatorName
	}
	for _, k := range order {
		items = append(items, Item{Title: fmt.Sprintf("Late report: %s, %s", names[k], measure.PeriodLabel(k.period)),
			Note: "Not reported yet: " + strings.Join(byIndicator[k], ", "), Source: SourceLateReport,
			SourceURL: base + "/late"})
	}

	goals, err := s.measure.DashboardOf(ctx, actor, measure.DashboardQuery{InitiativeID: initiativeID, Now: now})
	if err != nil && !skip(err) {
		return nil, err
	}
	for _, g := range goals {
		st := g.Assessment.Status
		if st != measure.StatusAtRisk && st != measure.StatusOffTrack {
			continue
		}
		word := "at risk"
		if st == measure.StatusOffTrack {
			word = "off track"
		}
		items = append(items, Item{Title: fmt.Sprintf("Goal %s: %s", word, g.Goal.Statement),
			Source: SourceGoal, SourceURL: fmt.Sprintf("%s/goals/%d", base, g.Goal.ID)})
	}

	proposals, err := s.initiatives.Proposals(ctx, actor, initiativeID)
	if err != nil && !skip(err) {
		return nil, err
	}
	for _, p := range proposals {
		if p.Status != initiative.ProposalOpen {
			continue
		}
		items = append(items, Item{Title: "Open proposal: " + p.Title,
			Note:   "Voting closes " + p.Deadline.In(loc).Format("Mon 2 Jan 2006, 15:04 MST"),
			Source: SourceProposal, SourceURL: fmt.Sprintf("%s/decisions/%d", base, p.ID)})
	}

	agreements, err := s.initiatives.Agreements(ctx, actor, initiativeID)
	if err != nil && !skip(err) {
		return nil, err
	}
	for _, a := range agreements {
		if a.Status == initiative.AgreementExpired || a.RenewalDueOn == nil || a.EndsOn == nil ||
			now.Before(*a.RenewalDueOn) || a.EndsOn.Before(now.Truncate(24*time.Hour)) {
			continue
		}
		items = append(items, Item{Title: "Agreement due for renewal: " + a.Title,
			Note: "Ends " + a.EndsOn.Format("2 January 2006"), Source: SourceAgreement,
			SourceURL: fmt.Sprintf("%s/agreements/%d", base, a.ID)})
	}

	since, err := s.lastHeld(ctx, initiativeID, now)
	if err != nil {
		return nil, err
	}
	if !since.IsZero() {
		members, err := s.initiatives.Members(ctx, initiativeID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m.Status == "active" && m.JoinedAt != nil && m.JoinedAt.After(since) {
				items = append(items, Item{Title: "Welcome a new member: " + m.OrganizationName,
					Note:   "Joined " + m.JoinedAt.In(loc).Format("2 January 2006"),
					Source: SourceMember, SourceURL: base + "/members"})
			}
		}
	}
	return items, nil
}

// lastHeld is when the initiative's last meeting before now took place
// (the latest past occurrence of a meeting not cancelled), zero for none.
func (s *Store) lastHeld(ctx context.Context, initiativeID int64, now time.Time) (time.Time, error) {
	list, err := s.list(ctx, initiativeID)
	if err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, m := range list {
		if m.Cancelled() {
			continue
		}
		past := Occurrences(m, m.StartsAt, now, 5000)
		if n := len(past); n > 0 && past[n-1].After(last) {
			last = past[n-1]
		}
	}
	return last, nil
}

func agenda(ctx context.Context, q store.Querier, meetingID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title, note, source, source_url FROM meeting_agenda_items
		WHERE meeting_id = $1 ORDER BY position, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("read agenda of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.Title, &it.Note, &it.Source, &it.SourceURL); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func writeAgenda(ctx context.Context, tx *sql.Tx, meetingID int64, items []Item) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_agenda_items WHERE meeting_id = $1`, meetingID); err != nil {
		return fmt.Errorf("write agenda: %w", err)
	}
	for i, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_agenda_items (meeting_id, position, title, note, source,
			source_url) VALUES ($1, $2, $3, $4, $5, $6)`, meetingID, i+1, it.Title, it.Note, it.Source,
			it.SourceURL); err != nil {
			return fmt.Errorf("write agenda: %w", err)
		}
	}
	return nil
}

// SetAgenda replaces a meeting's agenda with items, in their order, for
// backbone staff: they edit, add, remove and reorder the drafted items.
// An item keeps its source only when it came from one.
func (s *Store) SetAgenda(ctx context.Context, actor account.Actor, initiativeID, meetingID int64,
	items []Item) (*Meeting, error) {
	if err := s.rules.Check(ctx, actor, account.ScheduleMeeting, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var v errs.ValidationError
	clean := []Item{}
	for i, it := range items {
		it.Title, it.Note = strings.TrimSpace(it.Title), strings.TrimSpace(it.Note)
		if it.Title == "" && it.Note == "" {
			continue
		}
		if it.Title == "" {
			v.Add(fmt.Sprintf("agenda.%d.title", i), "is required")
		}
		if len(it.Title) > maxTitle || len(it.Note) > maxText {
			v.Add(fmt.Sprintf("agenda.%d.title", i), "is too long")
		}
		if !oneOf(it.Source, []string{"", SourceLateReport, SourceGoal, SourceProposal, SourceAgreement,
			SourceMember}) || (it.SourceURL != "" && !strings.HasPrefix(it.SourceURL,
			fmt.Sprintf("/initiatives/%d/", initiativeID))) {
			it.Source, it.SourceURL = "", ""
		}
		clean = append(clean, it)
	}
	if len(clean) > 100 {
		v.Add("agenda", "may have at most 100 items")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var m *Meeting
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.get(ctx, tx, initiativeID, meetingID)
		if err != nil {
			return err
		}
		if err := writeAgenda(ctx, tx, meetingID, clean); err != nil {
			return err
		}
		if m, err = s.get(ctx, tx, initiativeID, meetingID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "meeting_agenda",
			fmt.Sprintf("wrote the agenda of the %s %s (%d items)", KindLabel(m.Kind), account.Quote(m.Title),
				len(clean)), before.Agenda, map[string]any{"meeting_id": m.ID, "agenda": m.Agenda})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
