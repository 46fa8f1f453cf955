package initiative

import (
	"context"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

// The kinds of entry in an initiative's updates feed.
const (
	FeedMember     = "member"     // members joining, leaving, changing roles; people and responsibilities
	FeedDecision   = "decision"   // proposals, votes, delegations, comments, outcomes
	FeedAgreement  = "agreement"  // agreements written, signed, due for renewal
	FeedGovernance = "governance" // the governance framework and the common agenda
	FeedActivity   = "activity"   // mutually reinforcing activities and their roadblocks
	FeedMeasure    = "measure"    // indicators, goals, reported values, stories, reviews held
	FeedCelebrate  = "celebrate"  // milestones and targets reached
	FeedMeeting    = "meeting"    // meetings and check-ins scheduled, changed, held
	// FeedContribution is partnership health: pledges, deliveries and their
	// confirmation, benefits received, offers, needs and matches.
	FeedContribution = "contribution"
	FeedOther        = "other"
)

// FeedEntry is one line of the updates feed.
type FeedEntry struct {
	ID          int64     `json:"id"` // the audit event; 0 for a renewal reminder, which is not an event
	Kind        string    `json:"kind"`
	At          time.Time `json:"at"`
	Who         string    `json:"who"` // the person's name, or the actor's label; "" for reminders
	Text        string    `json:"text"`
	AgreementID int64     `json:"agreement_id,omitempty"` // set on renewal reminders
}

// feedKinds maps the audit actions of an initiative to feed kinds, by the
// action's first word (before any "_").
var feedKinds = map[string]string{
	"member": FeedMember, "role": FeedMember, "person": FeedMember, "responsibilities": FeedMember, "compatibility": FeedMember,
	"propose": FeedDecision, "vote": FeedDecision, "delegate": FeedDecision, "comment": FeedDecision,
	"decide": FeedDecision, "withdraw": FeedDecision, "decision": FeedDecision,
	"agreement": FeedAgreement, "sign": FeedAgreement,
	"governance": FeedGovernance, "agenda": FeedGovernance,
	"activity": FeedActivity, "raci": FeedActivity, "roadblock": FeedActivity,
	"indicator": FeedMeasure, "goal": FeedMeasure, "measurement": FeedMeasure, "story": FeedMeasure,
	"review":    FeedMeasure,
	"milestone": FeedCelebrate, "plan": FeedCelebrate,
	"meeting":      FeedMeeting,
	"contribution": FeedContribution, "benefit": FeedContribution, "post": FeedContribution,
	"match": FeedContribution,
}

// FeedKind tells which kind of feed entry an audit action makes.
func FeedKind(action string) string {
	first, _, _ := strings.Cut(action, "_")
	if k, ok := feedKinds[first]; ok {
		return k
	}
	return FeedOther
}

// Feed returns an initiative's updates, newest first, to whoever may see
// the initiative (account.ViewUpdates): what was changed, by whom, from the
// audit log, up to limit entries older than the event beforeID (0 for the
// newest). The first page (beforeID 0) also starts with the agreements now
// due for renewal: those whose reminder period (the renewal_reminder_days
// before ends_on) has begun and that have not yet ended.
func (s *Store) Feed(ctx context.Context, actor account.Actor, initiativeID int64, limit int,
	beforeID int64) ([]FeedEntry, error) {
	if err := s.rules.Check(ctx, actor, account.ViewUpdates, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out := []FeedEntry{}
	if beforeID == 0 {
		due, err := s.renewalsDue(ctx, initiativeID, s.now())
		if err != nil {
			return nil, err
		}
		out = append(out, due...)
	}
	events, err := s.rules.ListAudit(
		ctx,
		account.AuditFilter{
			EntityType: "initiative",
			EntityID:   fmt.Sprint(initiativeID),
			Limit:      limit,
			BeforeID:   beforeID,
		},
	)
	if err != nil {
		return nil, fmt.Errorf("updates feed: %w", err)
	}
	names, err := userNames(ctx, s.db, events)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		who := e.Actor
		if n := names[e.UserID]; n != "" {
			who = n
		}
		out = append(out, FeedEntry{ID: e.ID, Kind: FeedKind(e.Action), At: e.At, Who: who, Text: e.Summary})
	}
	return out, nil
}

// renewalsDue lists the initiative's agreements in their renewal reminder
// period at now, the soonest to end first.
func (s *Store) renewalsDue(ctx context.Context, initiativeID int64, now time.Time) ([]FeedEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, ends_on, renewal_reminder_days FROM agreements
		WHERE initiative_id = $1 AND ends_on IS NOT NULL AND ends_on >= $2 AND renewal_reminder_days > 0
		ORDER BY ends_on, id`, initiativeID, now)
	if err != nil {
		return nil, fmt.Errorf("agreements due for renewal: %w", err)
	}
	defer rows.Close()
	var due []FeedEntry
	for rows.Next() {
		var id int64
		var title string
		var ends time.Time
		var days int
		if err := rows.Scan(&id, &title, &ends, &days); err != nil {
			return nil, fmt.Errorf("agreements due for renewal: %w", err)
		}
		remind := ends.AddDate(0, 0, -days)
		if remind.After(now) {
			continue
		}
		left := int(ends.Sub(now).Hours() / 24)
		when := fmt.Sprintf("in %d days", left)
		switch left {
		case 0:
			when = "today"
		case 1:
			when = "tomorrow"
		}
		due = append(due, FeedEntry{Kind: FeedAgreement, At: remind, AgreementID: id,
			Text: fmt.Sprintf(
				"The agreement %s ends on %s (%s): it is due for renewal",
				account.Quote(title),
				ends.Format("2 Jan 2006"),
				when,
			)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("agreements due for renewal: %w", err)
	}
	return due, nil
}

// userNames finds the names of the people behind events, in one query.
func userNames(ctx context.Context, q store.Querier, events []account.AuditEvent) (map[int64]string, error) {
	names := map[int64]string{}
	var args []any
	var marks []string
	for _, e := range events {
		if e.UserID == 0 {
			continue
		}
		if _, ok := names[e.UserID]; ok {
			continue
		}
		names[e.UserID] = ""
		args = append(args, e.UserID)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	if len(args) == 0 {
		return names, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM users WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("updates feed: names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("updates feed: names: %w", err)
		}
		names[id] = name
	}
	return names, rows.Err()
}
