package review

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// Kinds of change a review records. A plan's review will add "action" (a
// new action of the plan) from the plan's package.
const (
	ChangeGoalRevision  = "goal_revision"
	ChangeActivity      = "activity"
	ChangeRoadblockShut = "roadblock_closed"
)

// Review is a review held: when, who took part, what was found and what it
// changed.
type Review struct {
	ID           int64     `json:"id"`
	Subject      Subject   `json:"subject"`
	HeldOn       string    `json:"held_on"` // YYYY-MM-DD
	Participants []string  `json:"participants"`
	Findings     string    `json:"findings"`
	Changes      []Change  `json:"changes"`
	RecordedBy   string    `json:"recorded_by"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// Change is one thing a review changed: the goal revision it made (RefID
// the goal, Revision its number), an activity it added, a roadblock it
// closed; Summary says it in words.
type Change struct {
	Kind     string `json:"kind"`
	RefID    int64  `json:"ref_id"`
	Revision int    `json:"revision,omitempty"`
	Summary  string `json:"summary"`
	URL      string `json:"url,omitempty"`
}

// GoalChange is a revision of a goal made at a review: the fields left
// empty keep what the goal says now; the reason is required.
type GoalChange struct {
	GoalID    int64    `json:"goal_id"`
	Statement string   `json:"statement"`
	Target    *float64 `json:"target"`
	DueOn     string   `json:"due_on"`
	Reason    string   `json:"reason"`
}

// ReviewInput is what a person records of a review held.
type ReviewInput struct {
	SubjectKind     string                     `json:"subject_kind"`
	SubjectID       int64                      `json:"subject_id"`
	HeldOn          string                     `json:"held_on"`
	Participants    []string                   `json:"participants"`
	Findings        string                     `json:"findings"`
	GoalRevision    *GoalChange                `json:"goal_revision"`
	NewActivities   []initiative.ActivityInput `json:"new_activities"`
	CloseRoadblocks []int64                    `json:"close_roadblocks"`
}

// normalize trims the input and checks what it can without the database.
func (in *ReviewInput) normalize(today string) error {
	v := &errs.ValidationError{}
	in.HeldOn, in.Findings = strings.TrimSpace(in.HeldOn), strings.TrimSpace(in.Findings)
	if in.HeldOn == "" {
		in.HeldOn = today
	}
	if _, err := time.Parse(time.DateOnly, in.HeldOn); err != nil {
		v.Add("held_on", "must be a date like 2027-03-31")
	} else if in.HeldOn > today {
		v.Add("held_on", "must not be in the future: record a review once it is held")
	}
	var names []string
	for _, p := range in.Participants {
		if p = strings.TrimSpace(p); p != "" {
			names = append(names, p)
		}
	}
	in.Participants = names
	switch {
	case len(names) == 0:
		v.Add("participants", "is required: name who took part")
	case len(names) > 100:
		v.Add("participants", "must name at most 100 people")
	}
	switch {
	case in.Findings == "":
		v.Add("findings", "is required: say what the review found")
	case len(in.Findings) > 20000:
		v.Add("findings", "must be at most 20000 characters")
	}
	if g := in.GoalRevision; g != nil {
		g.Reason, g.Statement, g.DueOn = strings.TrimSpace(g.Reason), strings.TrimSpace(g.Statement),
			strings.TrimSpace(g.DueOn)
		if g.GoalID <= 0 {
			v.Add("goal_revision.goal_id", "is required")
		}
		if g.Reason == "" {
			v.Add("goal_revision.reason", "is required: say why the goal changes")
		}
	}
	return v.OrNil()
}

// RecordReview records a review held of a subject, for those who may
// review it, with what it changed, all in one transaction: a revision of
// the goal reviewed (or, for an initiative's review, of one of its goals),
// through measurement's own revision and its rule; new activities of the
// initiative, through the initiative's and its rule; roadblocks of the
// subject closed. The next review's due date follows.
func (s *Store) RecordReview(ctx context.Context, actor account.Actor, in ReviewInput) (*Review, error) {
	sub, err := s.Subject(ctx, actor, strings.TrimSpace(in.SubjectKind), in.SubjectID)
	if err != nil {
		return nil, err
	}
	if !sub.CanReview {
		return nil, fmt.Errorf("%s may not record reviews of %s %d: %w", actor.Label, sub.Kind, sub.ID,
			errs.ErrForbidden)
	}
	if err := in.normalize(s.today()); err != nil {
		return nil, err
	}
	goal, err := s.goalToRevise(ctx, actor, sub, in.GoalRevision)
	if err != nil {
		return nil, err
	}
	if len(in.NewActivities) > 0 && sub.InitiativeID == 0 {
		return nil, &errs.ValidationError{Fields: map[string]string{
			"new_activities": "only a review of an initiative's things adds activities"}}
	}
	for i := range in.NewActivities {
		if err := s.initiatives.CheckActivity(ctx, actor, sub.InitiativeID, &in.NewActivities[i]); err != nil {
			return nil, err
		}
	}
	var out *Review
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO reviews (subject_kind, subject_id, initiative_id, organization_id,
			held_on, participants, findings, recorded_by, recorder, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, sub.Kind, sub.ID,
			nullInt(sub.InitiativeID), nullString(sub.OrganizationID), in.HeldOn, strings.Join(in.Participants, "\n"),
			in.Findings, actorID(actor), actor.Label, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		var changes []Change
		if g := in.GoalRevision; g != nil {
			c, err := s.reviseGoal(ctx, tx, actor, goal, *g)
			if err != nil {
				return err
			}
			changes = append(changes, c)
		}
		for _, a := range in.NewActivities {
			act, err := s.initiatives.AddActivityIn(ctx, tx, actor, sub.InitiativeID, a)
			if err != nil {
				return err
			}
			changes = append(changes, Change{Kind: ChangeActivity, RefID: act.ID,
				Summary: fmt.Sprintf("Added the activity %s (%s)", account.Quote(act.Title), act.OrganizationName)})
		}
		for _, rid := range in.CloseRoadblocks {
			r, err := closeRoadblock(ctx, tx, now, actor, sub, rid)
			if err != nil {
				return err
			}
			changes = append(changes, Change{Kind: ChangeRoadblockShut, RefID: r.ID,
				Summary: fmt.Sprintf("Closed the roadblock %s", account.Quote(r.Title))})
		}
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_changes (review_id, kind, ref_id, revision, summary)
				VALUES ($1, $2, $3, $4, $5)`, id, c.Kind, c.RefID, c.Revision, c.Summary); err != nil {
				return fmt.Errorf("record what the review changed: %w", err)
			}
		}
		if err := advance(ctx, tx, sub); err != nil {
			return err
		}
		if out, err = readReview(ctx, tx, id); err != nil {
			return err
		}
		out.Subject = sub
		out.link()
		return record(ctx, tx, now, actor, sub, "review_record", fmt.Sprintf("Recorded the review of %s %s held "+
			"on %s", strings.ToLower(sub.Label), account.Quote(sub.Title), in.HeldOn), nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// goalToRevise finds whose goal a review's goal change revises: the goal
// reviewed itself, or a goal of the initiative reviewed.
func (s *Store) goalToRevise(ctx context.Context, actor account.Actor, sub Subject,
	g *GoalChange) (*measure.Goal, error) {
	if g == nil {
		return nil, nil
	}
	bad := func(msg string) error {
		return &errs.ValidationError{Fields: map[string]string{"goal_revision.goal_id": msg}}
	}
	switch sub.Kind {
	case KindGoal:
		if g.GoalID != sub.ID {
			return nil, bad("must be the goal reviewed")
		}
	case KindInitiative:
	default:
		return nil, bad("a review of a " + strings.ToLower(sub.Label) + " revises no goal")
	}
	goal, err := s.measure.GoalByID(ctx, actor, g.GoalID)
	if err != nil {
		return nil, bad(fmt.Sprintf("no goal %d here", g.GoalID))
	}
	if sub.Kind == KindInitiative && goal.InitiativeID != sub.ID {
		return nil, bad("must be a goal of the initiative reviewed")
	}
	return goal, nil
}

// reviseGoal writes the revision through measurement, starting from what
// the goal said when the review was checked (a revision meanwhile is a
// conflict).
func (s *Store) reviseGoal(ctx context.Context, tx *sql.Tx, actor account.Actor, cur *measure.Goal,
	g GoalChange) (Change, error) {
	o := measure.Owner{InitiativeID: cur.InitiativeID, OrganizationID: cur.OrganizationID}
	in := measure.GoalInput{Statement: cur.Statement, IndicatorID: cur.IndicatorID, Baseline: cur.Baseline,
		BaselinePeriod: cur.BaselinePeriod, Target: cur.Target, Unit: cur.Unit, StartsOn: cur.StartsOn,
		DueOn: cur.DueOn, OwnerOrganizationID: cur.OwnerOrganizationID, AgendaItemID: cur.AgendaItemID}
	if g.Statement != "" {
		in.Statement = g.Statement
	}
	if g.Target != nil {
		in.Target = g.Target
	}
	if g.DueOn != "" {
		in.DueOn = g.DueOn
	}
	rev, err := s.measure.ReviseIn(ctx, tx, actor, o, g.GoalID, in, g.Reason)
	if err != nil {
		return Change{}, err
	}
	return Change{Kind: ChangeGoalRevision, RefID: rev.ID, Revision: rev.CurrentRevision,
		Summary: fmt.Sprintf("Revised the goal to %s (revision %d): %s", account.Quote(rev.Statement),
			rev.CurrentRevision, g.Reason)}, nil
}

// advance recomputes the next due date of the subject's cadence after a
// review.
func advance(ctx context.Context, tx *sql.Tx, sub Subject) error {
	c, err := schedule(ctx, tx, sub)
	if err != nil || c == nil {
		return err
	}
	// updated_at stays when the cadence was set: the reviews recorded
	// since count.
	next := NextDue(c.Cadence, c.FirstDueOn, c.heldSince)
	if _, err := tx.ExecContext(ctx, `UPDATE review_schedules SET next_due_on = $1 WHERE id = $2`,
		next, c.ID); err != nil {
		return fmt.Errorf("move the next review: %w", err)
	}
	return nil
}

// Review returns review id to those who may see its subject.
func (s *Store) Review(ctx context.Context, actor account.Actor, id int64) (*Review, error) {
	r, err := readReview(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if r.Subject, err = s.Subject(ctx, actor, r.Subject.Kind, r.Subject.ID); err != nil {
		return nil, err
	}
	r.link()
	return r, nil
}

// link fills the web address of each thing the review changed.
func (r *Review) link() {
	for i, c := range r.Changes {
		switch {
		case c.Kind == ChangeRoadblockShut:
			r.Changes[i].URL = fmt.Sprintf("/roadblocks/%d", c.RefID)
		case c.Kind == ChangeActivity && r.Subject.InitiativeID != 0:
			r.Changes[i].URL = fmt.Sprintf("/initiatives/%d/activities/%d/edit", r.Subject.InitiativeID, c.RefID)
		case c.Kind == ChangeGoalRevision && r.Subject.InitiativeID != 0:
			r.Changes[i].URL = fmt.Sprintf("/initiatives/%d/goals/%d", r.Subject.InitiativeID, c.RefID)
		case c.Kind == ChangeGoalRevision:
			r.Changes[i].URL = fmt.Sprintf("/organizations/%s/goals/%d", r.Subject.OrganizationID, c.RefID)
		}
	}
}

// Reviews lists a subject's reviews, the newest first.
func (s *Store) Reviews(ctx context.Context, actor account.Actor, kind string, id int64) ([]Review, error) {
	sub, err := s.Subject(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM reviews WHERE subject_kind = $1 AND subject_id = $2
		ORDER BY held_on DESC, id DESC`, sub.Kind, sub.ID)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []Review{}
	for _, id := range ids {
		r, err := readReview(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		r.Subject = sub
		r.link()
		out = append(out, *r)
	}
	return out, nil
}

// readReview reads a review with what it changed.
func readReview(ctx context.Context, q store.Querier, id int64) (*Review, error) {
	r, err := store.One(ctx, q, fmt.Sprintf("review %d", id), func(row store.Scanner) (Review, error) {
		var r Review
		var participants string
		err := row.Scan(&r.ID, &r.Subject.Kind, &r.Subject.ID, &r.Subject.InitiativeID, &r.Subject.OrganizationID,
			&r.HeldOn, &participants, &r.Findings, &r.RecordedBy, &r.RecordedAt)
		r.Participants, r.RecordedAt = strings.Split(participants, "\n"), r.RecordedAt.UTC()
		return r, err
	}, `SELECT v.id, v.subject_kind, v.subject_id, COALESCE(v.initiative_id, 0), COALESCE(v.organization_id, ''),
		v.held_on, v.participants, v.findings, COALESCE(u.name, v.recorder), v.created_at
		FROM reviews v LEFT JOIN users u ON u.id = v.recorded_by WHERE v.id = $1`, id)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT kind, ref_id, revision, summary FROM review_changes
		WHERE review_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("read what review %d changed: %w", id, err)
	}
	defer rows.Close()
	r.Changes = []Change{}
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Kind, &c.RefID, &c.Revision, &c.Summary); err != nil {
			return nil, err
		}
		r.Changes = append(r.Changes, c)
	}
	return &r, rows.Err()
}
