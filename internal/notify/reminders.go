package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/jobs"
	"backbone/internal/measure"
	"backbone/internal/review"
)

// ClosingWindow is how close to its deadline an open proposal is when its
// voters are reminded.
const ClosingWindow = 48 * time.Hour

// Remind finds what is due by the store's clock and tells the people it
// concerns: reports due within a week and late reports (to the people of
// the reporting organizations), proposals closing within two days (a vote
// needed, to the people of members that have not voted; closing, to the
// other participants), agreements due for renewal (to the backbone staff)
// and scheduled reviews due within a week or overdue (see
// reviewReminders). Each reminder is given once per person and thing,
// however often it runs. It returns how many notifications it gave.
func (s *Store) Remind(ctx context.Context, reports *measure.Store) (int, error) {
	var notes []Note
	add := func(n []Note, err error) error {
		notes = append(notes, n...)
		return err
	}
	if reports != nil {
		if err := add(s.reportReminders(ctx, reports)); err != nil {
			return 0, err
		}
	}
	if err := add(s.closingReminders(ctx)); err != nil {
		return 0, err
	}
	if err := add(s.renewalReminders(ctx)); err != nil {
		return 0, err
	}
	if err := add(s.reviewReminders(ctx)); err != nil {
		return 0, err
	}
	given := 0
	for start := 0; start < len(notes); start += 2000 {
		part := notes[start:min(start+2000, len(notes))]
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			n, err := s.Give(ctx, tx, part)
			given += n
			return err
		})
		if err != nil {
			return given, err
		}
	}
	return given, nil
}

func (s *Store) reportReminders(ctx context.Context, reports *measure.Store) ([]Note, error) {
	users, err := userIDs(ctx, s.db, `SELECT DISTINCT ms.user_id FROM memberships ms
		JOIN indicator_reporters r ON r.organization_id = ms.organization_id
		JOIN users u ON u.id = ms.user_id WHERE u.disabled_at IS NULL ORDER BY ms.user_id`)
	if err != nil {
		return nil, err
	}
	var notes []Note
	for _, id := range users {
		u, err := s.rules.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		owed, err := reports.ReportsOwed(ctx, account.UserActor(u, "reminders"))
		if err != nil {
			return nil, fmt.Errorf("reports owed by user %d: %w", id, err)
		}
		for _, o := range owed {
			kind, state, text := KindReportDue, "due", "is due on "+o.Due.In(s.zone).Format("Mon 2 Jan")
			if o.Late {
				kind, state, text = KindReportLate, "late", "was due on "+o.Due.In(s.zone).Format("Mon 2 Jan")+
					" and is late"
			}
			notes = append(notes, Note{UserID: id, Kind: kind, InitiativeID: o.InitiativeID,
				Dedupe: fmt.Sprintf("report_%s:%d:%s:%s", state, o.IndicatorID, o.OrganizationID, o.Period),
				Subject: fmt.Sprintf("%s's report of %s for %s %s (%s)", o.OrganizationName, o.IndicatorName,
					o.Period, text, o.InitiativeName),
				Link: "/initiatives/" + strconv.FormatInt(o.InitiativeID, 10) + "/report"})
		}
	}
	return notes, nil
}

func (s *Store) closingReminders(ctx context.Context) ([]Note, error) {
	now := s.db.Now()
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.title, p.deadline, n.id, n.name FROM proposals p
		JOIN initiatives n ON n.id = p.initiative_id
		WHERE p.status = 'open' AND p.deadline > $1 AND p.deadline <= $2 ORDER BY p.deadline, p.id`,
		now, now.Add(ClosingWindow))
	if err != nil {
		return nil, fmt.Errorf("find proposals closing: %w", err)
	}
	type closing struct {
		id, ini   int64
		title, in string
		deadline  time.Time
	}
	var list []closing
	for rows.Next() {
		var c closing
		if err := rows.Scan(&c.id, &c.title, &c.deadline, &c.ini, &c.in); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var notes []Note
	for _, c := range list {
		vote, others, err := voters(ctx, s.db, c.ini)
		if err != nil {
			return nil, err
		}
		voted, err := userIDs(ctx, s.db, `SELECT ms.user_id FROM memberships ms
			JOIN proposal_votes v ON v.organization_id = ms.organization_id WHERE v.proposal_id = $1`, c.id)
		if err != nil {
			return nil, err
		}
		done := map[int64]bool{}
		for _, id := range voted {
			done[id] = true
		}
		when := c.deadline.In(s.zone).Format("Mon 2 Jan 15:04 MST")
		link := "/initiatives/" + strconv.FormatInt(c.ini, 10) + "/decisions/" + strconv.FormatInt(c.id, 10)
		dedupe := "closing:" + strconv.FormatInt(c.id, 10)
		for _, id := range vote {
			if done[id] {
				others = append(others, id)
				continue
			}
			notes = append(notes, Note{UserID: id, Kind: KindVoteNeeded, InitiativeID: c.ini, Dedupe: dedupe,
				Subject: fmt.Sprintf("Your organization has not voted on %s (%s): voting closes %s",
					account.Quote(c.title), c.in, when), Link: link})
		}
		for _, id := range others {
			notes = append(notes, Note{UserID: id, Kind: KindProposalClosing, InitiativeID: c.ini, Dedupe: dedupe,
				Subject: fmt.Sprintf("Voting on %s (%s) closes %s", account.Quote(c.title), c.in, when), Link: link})
		}
	}
	return notes, nil
}

func (s *Store) renewalReminders(ctx context.Context) ([]Note, error) {
	now := s.db.Now()
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.ends_on, a.renewal_reminder_days, n.id, n.name
		FROM agreements a JOIN initiatives n ON n.id = a.initiative_id
		WHERE a.ends_on IS NOT NULL AND a.ends_on >= $1 AND a.renewal_reminder_days > 0 ORDER BY a.ends_on, a.id`, now)
	if err != nil {
		return nil, fmt.Errorf("find agreements due for renewal: %w", err)
	}
	type due struct {
		id, ini   int64
		title, in string
		ends      time.Time
		days      int
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.title, &d.ends, &d.days, &d.ini, &d.in); err != nil {
			rows.Close()
			return nil, err
		}
		if !d.ends.AddDate(0, 0, -d.days).After(now) {
			list = append(list, d)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var notes []Note
	for _, d := range list {
		users, err := staff(ctx, s.db, d.ini)
		if err != nil {
			return nil, err
		}
		for _, id := range users {
			notes = append(notes, Note{UserID: id, Kind: KindRenewalDue, InitiativeID: d.ini,
				Dedupe: "renewal:" + strconv.FormatInt(d.id, 10) + ":" + d.ends.Format("2006-01-02"),
				Subject: fmt.Sprintf("The agreement %s (%s) ends on %s: it is due for renewal",
					account.Quote(d.title), d.in, d.ends.Format("2 Jan 2006")),
				Link: "/initiatives/" + strconv.FormatInt(d.ini, 10) + "/agreements/" + strconv.FormatInt(d.id, 10)})
		}
	}
	return notes, nil
}

// ReviewWindow is how many days ahead a scheduled review is when those who
// look after its subject are reminded.
const ReviewWindow = 7

// reviewReminders tells of the scheduled reviews due within a week, and
// again once they are overdue: to an initiative's backbone staff for its
// things, to an organization's people for its own goals. (A plan's
// reviews, once plans are in, go to the plan's people: its subjects carry
// neither an initiative nor an organization, and are left out here.)
func (s *Store) reviewReminders(ctx context.Context) ([]Note, error) {
	if s.reviews == nil {
		return nil, nil
	}
	due, err := s.reviews.Due(ctx, account.SystemActor("reminders"), review.DueFilter{Within: ReviewWindow})
	if err != nil {
		return nil, fmt.Errorf("find reviews due: %w", err)
	}
	var notes []Note
	for _, d := range due {
		sub := d.Subject
		var users []int64
		switch {
		case sub.InitiativeID != 0:
			users, err = staff(ctx, s.db, sub.InitiativeID)
		case sub.OrganizationID != "":
			users, err = orgPeople(ctx, s.db, sub.OrganizationID)
		}
		if err != nil {
			return nil, err
		}
		day, _ := time.Parse(time.DateOnly, d.NextDueOn)
		state, text := "due", "is due on "+day.Format("Mon 2 Jan")
		if d.Overdue {
			state, text = "overdue", "was due on "+day.Format("Mon 2 Jan 2006")+" and is overdue"
		}
		what := strings.ToLower(sub.Label) + " " + account.Quote(sub.Title)
		if sub.InitiativeName != "" && sub.Kind != review.KindInitiative {
			what += " (" + sub.InitiativeName + ")"
		}
		for _, id := range users {
			notes = append(notes, Note{UserID: id, Kind: KindReviewDue, InitiativeID: sub.InitiativeID,
				Dedupe:  fmt.Sprintf("review_%s:%d:%s", state, d.ID, d.NextDueOn),
				Subject: fmt.Sprintf("The review of the %s %s", what, text),
				Link:    fmt.Sprintf("/subjects/%s/%d/reviews/new", sub.Kind, sub.ID)})
		}
	}
	return notes, nil
}

// Tasks are the notifications' periodic work for the schedule, in the
// store's time zone: the reminders at 06:30 every day, the daily digest at
// 07:00 and the weekly digest on Mondays at 07:00 (after the reminders, so
// that a digest carries that morning's).
func Tasks(s *Store, reports *measure.Store) []jobs.Task {
	return []jobs.Task{
		{Name: "notify-reminders", Next: jobs.Daily(s.zone, 6, 30), Run: func(ctx context.Context, _ time.Time) error {
			_, err := s.Remind(ctx, reports)
			return err
		}},
		{Name: "notify-digest-daily", Next: jobs.Daily(s.zone, 7, 0), Run: func(ctx context.Context, _ time.Time) error {
			_, err := s.Digest(ctx, Daily)
			return err
		}},
		{Name: "notify-digest-weekly", Next: jobs.Weekly(s.zone, time.Monday, 7, 0),
			Run: func(ctx context.Context, _ time.Time) error {
				_, err := s.Digest(ctx, Weekly)
				return err
			}},
	}
}

// TaskLabel says what a task of Tasks does, for the admin's page.
func TaskLabel(name string) string {
	switch name {
	case "notify-reminders":
		return "Reminders: reports due and late, proposals closing, renewals, reviews due"
	case "notify-digest-daily":
		return "Daily digest"
	case "notify-digest-weekly":
		return "Weekly digest"
	}
	return name
}
