package plan

import (
	"context"
	"errors"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/review"
)

// The kinds of subject a plan and its areas are in the review registry.
const (
	SubjectPlan = "plan"
	SubjectArea = "plan_area"
)

// RegisterSubjects lets roadblocks block, and reviews review, a plan and
// a plan's area, as the review registry asks of a kind it does not own: the
// plan's own rules decide. Whoever may see the plan reads them; whoever
// keeps it (account.EditPlan) records roadblocks and reviews; whoever may
// comment on it may propose a roadblock.
func (s *Store) RegisterSubjects(subjects *review.Subjects) {
	access := func(ctx context.Context, actor account.Actor, p *Plan, sub review.Subject) (review.Subject, error) {
		may := func(a account.Action) (bool, error) {
			err := s.rules.Check(ctx, actor, a, p.Target())
			if errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrNotFound) {
				return false, nil
			}
			return err == nil, err
		}
		edit, err := may(account.EditPlan)
		if err != nil {
			return review.Subject{}, err
		}
		comment, err := may(account.CommentOnPlan)
		if err != nil {
			return review.Subject{}, err
		}
		sub.InitiativeID, sub.OrganizationID = p.InitiativeID, p.OrganizationID
		sub.CanView, sub.CanEdit, sub.CanReview, sub.CanPropose = true, edit, edit, comment && !edit
		return sub, nil
	}
	subjects.Register(SubjectPlan, "Plan", func(ctx context.Context, actor account.Actor, id int64) (review.Subject, error) {
		p, err := s.Get(ctx, actor, id)
		if err != nil {
			return review.Subject{}, hidden(err)
		}
		return access(ctx, actor, p, review.Subject{Title: p.Title, URL: fmt.Sprintf("/plans/%d", p.ID)})
	})
	subjects.Register(SubjectArea, "Plan area", func(ctx context.Context, actor account.Actor,
		id int64) (review.Subject, error) {
		p, area, err := s.AreaOf(ctx, actor, id)
		if err != nil {
			return review.Subject{}, hidden(err)
		}
		return access(ctx, actor, p, review.Subject{Title: area.Title + " (" + p.Title + ")",
			URL: fmt.Sprintf("/plans/%d#area-%d", p.ID, area.ID)})
	})
}

// hidden turns a refusal to see a plan into "not found", as the registry
// asks: a subject one may not see is not there.
func hidden(err error) error {
	if errors.Is(err, errs.ErrForbidden) {
		return fmt.Errorf("%v: %w", err.Error(), errs.ErrNotFound)
	}
	return err
}
