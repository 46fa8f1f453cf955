package plan

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

// Share lets a colleague or a supervisor read the plan, comment and
// suggest, for whoever may edit it (account.EditPlan). The person is named
// by e-mail address.
func (s *Store) Share(ctx context.Context, actor account.Actor, planID int64, email string) (*Person, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, &errs.ValidationError{Fields: map[string]string{"email": "give the e-mail address of the person"}}
	}
	u, err := s.rules.UserByEmail(ctx, email)
	if err != nil || u.Disabled() {
		return nil, &errs.ValidationError{Fields: map[string]string{"email": "nobody has an account with " + email}}
	}
	if u.ID == p.UserID {
		return nil, &errs.ValidationError{Fields: map[string]string{"email": "this is the plan's owner"}}
	}
	person := &Person{ID: u.ID, Name: u.Name, Email: u.Email}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO plan_shares (plan_id, user_id, created_at) VALUES ($1, $2, $3)`,
			planID, u.ID, s.now())
		if store.IsUniqueViolation(err) {
			return &errs.ConflictError{Message: fmt.Sprintf("The plan is already shared with %s.", u.Name)}
		}
		if err != nil {
			return fmt.Errorf("share plan %d: %w", planID, err)
		}
		return s.record(ctx, tx, actor, planID, "share", "shared the plan "+account.Quote(p.Title)+" with "+u.Name,
			nil, map[string]any{"user_id": u.ID, "user_ids": []int64{u.ID}, "plan_id": planID})
	})
	if err != nil {
		return nil, err
	}
	return person, nil
}

// Unshare stops sharing the plan with a person, for whoever may edit it
// (account.EditPlan).
func (s *Store) Unshare(ctx context.Context, actor account.Actor, planID, userID int64) error {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM plan_shares WHERE plan_id = $1 AND user_id = $2`, planID, userID)
		if err != nil {
			return fmt.Errorf("unshare plan %d: %w", planID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("person %d on plan %d: %w", userID, planID, errs.ErrNotFound)
		}
		return s.record(ctx, tx, actor, planID, "unshare", "stopped sharing the plan "+account.Quote(p.Title)+
			" with a person", map[string]any{"user_id": userID}, nil)
	})
}

// The kinds of feedback, and the states of a suggestion.
const (
	FeedbackComment    = "comment"
	FeedbackSuggestion = "suggestion"
	SuggestionOpen     = "open"
	SuggestionAccepted = "accepted"
	SuggestionDeclined = "declined"
)

// Feedback is a comment on a plan or a suggestion its owner accepts or
// declines.
type Feedback struct {
	ID        int64      `json:"id"`
	PlanID    int64      `json:"plan_id"`
	UserID    int64      `json:"user_id,omitempty"`
	Author    string     `json:"author"`
	Kind      string     `json:"kind"`
	Body      string     `json:"body"`
	Status    string     `json:"status,omitempty"` // for suggestions: open, accepted, declined
	DecidedAt *time.Time `json:"decided_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// Comment adds a comment or a suggestion to a plan, for its editors and the
// people it is shared with (account.CommentOnPlan).
func (s *Store) Comment(ctx context.Context, actor account.Actor, planID int64, kind, body string) (*Feedback, error) {
	p, err := s.checked(ctx, actor, account.CommentOnPlan, planID)
	if err != nil {
		return nil, err
	}
	kind, body = strings.TrimSpace(kind), strings.TrimSpace(body)
	if kind == "" {
		kind = FeedbackComment
	}
	var v errs.ValidationError
	if kind != FeedbackComment && kind != FeedbackSuggestion {
		v.Add("kind", "must be comment or suggestion")
	}
	if body == "" {
		v.Add("body", "write the "+kind)
	} else if len(body) > 4000 {
		v.Add("body", "keep it under 4,000 characters")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	status := ""
	if kind == FeedbackSuggestion {
		status = SuggestionOpen
	}
	author := actor.Label
	if actor.User != nil && actor.User.Name != "" {
		author = actor.User.Name
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_comments (plan_id, user_id, author, kind, body, status,
			created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, planID, nullID(actor.UserID), author, kind,
			body, status, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("comment on plan %d: %w", planID, err)
		}
		people, err := planPeople(ctx, tx, planID)
		if err != nil {
			return err
		}
		verb := "commented on"
		if kind == FeedbackSuggestion {
			verb = "suggested a change to"
		}
		return s.record(ctx, tx, actor, planID, kind, verb+" the plan "+account.Quote(p.Title)+": "+clip(body, 200),
			nil, map[string]any{"feedback_id": id, "user_ids": people, "plan_id": planID})
	})
	if err != nil {
		return nil, err
	}
	return s.feedback(ctx, s.db, planID, id)
}

// The answers to a suggestion.
const (
	Accept  = "accept"
	Decline = "decline"
)

// Decide answers a suggestion (Accept or Decline), for whoever may edit
// the plan (account.EditPlan).
func (s *Store) Decide(ctx context.Context, actor account.Actor, planID, feedbackID int64, answer string) (*Feedback,
	error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	if answer != Accept && answer != Decline {
		return nil, &errs.ValidationError{Fields: map[string]string{"answer": "must be accept or decline"}}
	}
	f, err := s.feedback(ctx, s.db, planID, feedbackID)
	if err != nil {
		return nil, err
	}
	if f.Kind != FeedbackSuggestion {
		return nil, &errs.ValidationError{Fields: map[string]string{
			"kind": "only a suggestion is accepted or declined"}}
	}
	if f.Status != SuggestionOpen {
		return nil, &errs.ConflictError{Message: "This suggestion was already " + f.Status + "."}
	}
	status, verb := SuggestionDeclined, "declined"
	if answer == Accept {
		status, verb = SuggestionAccepted, "accepted"
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE plan_comments SET status = $2, decided_at = $3 WHERE id = $1
			AND status = 'open'`, feedbackID, status, s.now())
		if err != nil {
			return fmt.Errorf("decide suggestion %d: %w", feedbackID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.ConflictError{Message: "This suggestion was decided by someone else just now."}
		}
		return s.record(ctx, tx, actor, planID, "suggestion_"+status, verb+" "+f.Author+"'s suggestion on the plan "+
			account.Quote(p.Title), nil, map[string]any{"feedback_id": feedbackID, "status": status,
			"user_ids": []int64{f.UserID}, "plan_id": planID})
	})
	if err != nil {
		return nil, err
	}
	return s.feedback(ctx, s.db, planID, feedbackID)
}

// Feedback lists a plan's comments and suggestions, oldest first, for
// whoever may read it (account.ViewPlan).
func (s *Store) Feedback(ctx context.Context, actor account.Actor, planID int64) ([]Feedback, error) {
	if _, err := s.checked(ctx, actor, account.ViewPlan, planID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+feedbackColumns+` WHERE plan_id = $1 ORDER BY id`, planID)
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	defer rows.Close()
	out := []Feedback{}
	for rows.Next() {
		f, err := scanFeedback(rows)
		if err != nil {
			return nil, fmt.Errorf("read feedback: %w", err)
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

const feedbackColumns = `id, plan_id, COALESCE(user_id, 0), author, kind, body, status, decided_at, created_at
	FROM plan_comments`

func scanFeedback(row store.Scanner) (*Feedback, error) {
	f := &Feedback{}
	var decided sql.NullTime
	if err := row.Scan(&f.ID, &f.PlanID, &f.UserID, &f.Author, &f.Kind, &f.Body, &f.Status, &decided,
		&f.CreatedAt); err != nil {
		return nil, err
	}
	if decided.Valid {
		t := decided.Time.UTC()
		f.DecidedAt = &t
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return f, nil
}

func (s *Store) feedback(ctx context.Context, q querier, planID, id int64) (*Feedback, error) {
	return store.One(ctx, q, fmt.Sprintf("feedback %d", id), scanFeedback,
		`SELECT `+feedbackColumns+` WHERE id = $1 AND plan_id = $2`, id, planID)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
