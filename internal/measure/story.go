package measure

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
	"backbone/internal/store"
)

// The kinds of story.
const (
	KindQuote         = "quote"
	KindCaseStory     = "case_story"
	KindInterviewNote = "interview_note"
)

// StoryKinds lists the kinds of story.
var StoryKinds = []string{KindQuote, KindCaseStory, KindInterviewNote}

// Story is qualitative evidence beside the numbers: a quote, a case story
// or an interview note, told with the consent of the person it is about.
type Story struct {
	ID           int64     `json:"id"`
	InitiativeID int64     `json:"initiative_id"`
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	Kind         string    `json:"kind"`
	ConsentBy    string    `json:"consent_by"`  // who gave consent
	ConsentOn    string    `json:"consent_on"`  // when, YYYY-MM-DD
	ConsentHow   string    `json:"consent_how"` // how: a signed form, recorded verbally, ...
	GoalIDs      []int64   `json:"goal_ids"`
	UserID       int64     `json:"user_id,omitempty"`
	Actor        string    `json:"actor"`
	CreatedAt    time.Time `json:"created_at"`
}

// StoryInput is what a person writes for a story. Consent (who, when, how)
// is required.
type StoryInput struct {
	Title      string
	Body       string
	Kind       string
	ConsentBy  string
	ConsentOn  string
	ConsentHow string
	GoalIDs    []int64 // goals of the same initiative
}

// Normalize trims the input and checks it, field by field.
func (in *StoryInput) Normalize(now time.Time) error {
	v := &errs.ValidationError{}
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	in.ConsentBy, in.ConsentOn, in.ConsentHow = strings.TrimSpace(
		in.ConsentBy,
	), strings.TrimSpace(
		in.ConsentOn,
	), strings.TrimSpace(
		in.ConsentHow,
	)
	switch {
	case in.Title == "":
		v.Add("title", "is required")
	case len(in.Title) > 200:
		v.Add("title", "must be at most 200 characters")
	}
	switch {
	case in.Body == "":
		v.Add("body", "is required")
	case len(in.Body) > 20000:
		v.Add("body", "must be at most 20,000 characters")
	}
	if !oneOf(in.Kind, StoryKinds) {
		v.Add("kind", "must be quote, case_story or interview_note")
	}
	if in.ConsentBy == "" {
		v.Add("consent_by", "is required: who gave consent to share this story")
	}
	if in.ConsentOn == "" {
		v.Add("consent_on", "is required: when consent was given")
	} else if d, err := time.Parse(time.DateOnly, in.ConsentOn); err != nil {
		v.Add("consent_on", "must be a date like 2025-01-31")
	} else if d.After(now) {
		v.Add("consent_on", "cannot be in the future")
	}
	if in.ConsentHow == "" {
		v.Add("consent_how", "is required: how consent was given (a signed form, recorded verbally, ...)")
	}
	seen := map[int64]bool{}
	var goals []int64
	for _, g := range in.GoalIDs {
		if g != 0 && !seen[g] {
			seen[g] = true
			goals = append(goals, g)
		}
	}
	sort.Slice(goals, func(i, j int) bool { return goals[i] < goals[j] })
	in.GoalIDs = goals
	return v.OrNil()
}

// AddStory records a story in an initiative, linked to its goals, for its
// backbone staff and the people of its active member organizations
// (account.TellStory).
func (s *Store) AddStory(ctx context.Context, actor account.Actor, initiativeID int64, in StoryInput) (*Story, error) {
	target, err := s.storyteller(ctx, actor, initiativeID)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.TellStory, target); err != nil {
		return nil, err
	}
	now := s.now()
	if err := in.Normalize(now); err != nil {
		return nil, err
	}
	var out *Story
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := initiativeExists(ctx, tx, initiativeID); err != nil {
			return err
		}
		for _, g := range in.GoalIDs {
			var ini sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT initiative_id FROM goals WHERE id = $1`, g).Scan(&ini)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && ini.Int64 != initiativeID) {
				return &errs.ValidationError{
					Fields: map[string]string{"goal_ids": fmt.Sprintf("goal %d is not a goal of this initiative", g)},
				}
			}
			if err != nil {
				return fmt.Errorf("find goal: %w", err)
			}
		}
		uid, label := actorColumns(actor)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO stories (initiative_id, title, body, kind, consent_by, consent_on, consent_how, user_id, actor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			initiativeID, in.Title, in.Body, in.Kind, in.ConsentBy, in.ConsentOn, in.ConsentHow, uid, label, now).Scan(&id); err != nil {
			return fmt.Errorf("add story: %w", err)
		}
		for _, g := range in.GoalIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO story_goals (story_id, goal_id) VALUES ($1, $2)`, id, g); err != nil {
				return fmt.Errorf("link story to goal: %w", err)
			}
		}
		var err error
		if out, err = story(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return recordChange(
			ctx,
			tx,
			s.now(),
			actor,
			initiativeID,
			"story_create",
			"Shared the story "+account.Quote(in.Title),
			nil,
			out,
		)
	})
	return out, err
}

// storyteller is the target TellStory is decided on for actor: the
// initiative, with the first of its active member organizations that the
// actor works for, if any (whose people may tell its stories).
func (s *Store) storyteller(ctx context.Context, actor account.Actor, initiativeID int64) (account.Target, error) {
	if actor.User == nil {
		return account.Initiative(initiativeID), nil
	}
	var org string
	err := s.db.QueryRowContext(ctx, `SELECT m.organization_id FROM initiative_members m
		JOIN memberships ms ON ms.organization_id = m.organization_id
		WHERE m.initiative_id = $1 AND m.status = 'active' AND ms.user_id = $2 ORDER BY m.organization_id LIMIT 1`,
		initiativeID, actor.User.ID).Scan(&org)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return account.Initiative(initiativeID), nil
	case err != nil:
		return account.Target{}, fmt.Errorf("find the storyteller's organization: %w", err)
	}
	return account.OrgIn(org, initiativeID), nil
}

const storyColumns = `id, initiative_id, title, body, kind, consent_by, consent_on, consent_how, user_id, actor, created_at`

func scanStory(row store.Scanner) (*Story, error) {
	var st Story
	var uid sql.NullInt64
	if err := row.Scan(&st.ID, &st.InitiativeID, &st.Title, &st.Body, &st.Kind, &st.ConsentBy, &st.ConsentOn, &st.ConsentHow, &uid, &st.Actor, &st.CreatedAt); err != nil {
		return nil, err
	}
	st.UserID, st.CreatedAt, st.GoalIDs = uid.Int64, st.CreatedAt.UTC(), []int64{}
	return &st, nil
}

// Story returns story id of the initiative with its goals, to whoever may
// see the initiative (account.ViewMeasurement); one of another initiative
// is not found.
func (s *Store) Story(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Story, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeasurement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return story(ctx, s.db, initiativeID, id)
}

func story(ctx context.Context, q store.Querier, initiativeID, id int64) (*Story, error) {
	st, err := store.One(ctx, q, fmt.Sprintf("story %d of initiative %d", id, initiativeID), scanStory,
		`SELECT `+storyColumns+` FROM stories WHERE initiative_id = $1 AND id = $2`, initiativeID, id)
	if err != nil {
		return nil, err
	}
	if err := linkGoals(ctx, q, []*Story{st}); err != nil {
		return nil, err
	}
	return st, nil
}

// Stories returns an initiative's stories, newest first, up to limit (50
// when limit is 0 or less), to whoever may see the initiative
// (account.ViewMeasurement); with goalID set, only the stories linked to
// that goal.
func (s *Store) Stories(ctx context.Context, actor account.Actor, initiativeID, goalID int64,
	limit int) ([]*Story, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	query := `SELECT ` + storyColumns + ` FROM stories WHERE initiative_id = $1`
	args := []any{initiativeID}
	if goalID != 0 {
		query += ` AND id IN (SELECT story_id FROM story_goals WHERE goal_id = $2)`
		args = append(args, goalID)
	}
	rows, err := s.db.QueryContext(
		ctx,
		query+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, limit),
		args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	out := []*Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, linkGoals(ctx, s.db, out)
}

func linkGoals(ctx context.Context, q store.Querier, stories []*Story) error {
	for _, st := range stories {
		rows, err := q.QueryContext(ctx, `SELECT goal_id FROM story_goals WHERE story_id = $1 ORDER BY goal_id`, st.ID)
		if err != nil {
			return fmt.Errorf("list story goals: %w", err)
		}
		for rows.Next() {
			var g int64
			if err := rows.Scan(&g); err != nil {
				rows.Close()
				return err
			}
			st.GoalIDs = append(st.GoalIDs, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
