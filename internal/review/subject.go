package review

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/measure"
)

// Kinds of subject registered by this package. A plan and a plan's area
// ("plan", "plan_area") register themselves from their own package, the
// same way: plans.Register(reviews.Subjects()) calling
// Subjects.Register("plan_area", "Plan area", resolver), where the resolver
// asks the plan store for the area and its plan's rules for CanView and
// CanEdit. Nothing here changes for them.
const (
	KindGoal       = "goal"
	KindActivity   = "activity"
	KindAgreement  = "agreement"
	KindInitiative = "initiative"
)

// Subject is a thing roadblocks block and reviews review, as its owning
// package shows it to one person: what it is called, where its page is,
// whose it is, and what the person may do with its roadblocks and reviews.
type Subject struct {
	Kind           string `json:"kind"`
	ID             int64  `json:"id"`
	Label          string `json:"label"` // the kind in words: "Goal", "Activity"
	Title          string `json:"title"`
	URL            string `json:"url"`                       // its web page
	InitiativeID   int64  `json:"initiative_id,omitempty"`   // the initiative it belongs to
	InitiativeName string `json:"initiative_name,omitempty"` //
	OrganizationID string `json:"organization_id,omitempty"` // the organization, for an organization's own goal
	// CanView says the person may read the subject's roadblocks and
	// reviews; a resolver answers errs.ErrNotFound rather than a subject
	// the person may not see at all.
	CanView bool `json:"-"`
	// CanEdit says the person may record roadblocks as open and change
	// them; CanPropose, that they may put one forward to be accepted.
	CanEdit    bool `json:"-"`
	CanPropose bool `json:"-"`
	// CanReview says the person may set the review cadence and record
	// reviews.
	CanReview bool `json:"-"`
}

// Resolver finds subject id of its kind for actor, by asking the package
// that owns it, whose rules decide what the person may do. It returns
// errs.ErrNotFound for a subject that does not exist or that actor may not
// see.
type Resolver func(ctx context.Context, actor account.Actor, id int64) (Subject, error)

// Subjects is the registry of the kinds of subject and their resolvers.
type Subjects struct {
	kinds  map[string]Resolver
	labels map[string]string
}

// Register adds a kind of subject, with its label in words and its
// resolver. Registering a kind twice replaces it.
func (r *Subjects) Register(kind, label string, resolve Resolver) {
	if r.kinds == nil {
		r.kinds, r.labels = map[string]Resolver{}, map[string]string{}
	}
	r.kinds[kind], r.labels[kind] = resolve, label
}

// Known reports whether a kind of subject is registered.
func (r *Subjects) Known(kind string) bool {
	_, ok := r.kinds[kind]
	return ok
}

// Kinds lists the registered kinds, in alphabetical order.
func (r *Subjects) Kinds() []string {
	out := make([]string, 0, len(r.kinds))
	for k := range r.kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Resolve finds subject (kind, id) for actor. An unknown kind is a
// validation error naming subject_kind.
func (r *Subjects) Resolve(ctx context.Context, actor account.Actor, kind string, id int64) (Subject, error) {
	resolve, ok := r.kinds[kind]
	if !ok {
		return Subject{}, &errs.ValidationError{Fields: map[string]string{
			"subject_kind": fmt.Sprintf("must be one of %v", r.Kinds())}}
	}
	if id <= 0 {
		return Subject{}, &errs.ValidationError{Fields: map[string]string{"subject_id": "is required"}}
	}
	s, err := resolve(ctx, actor, id)
	if err != nil {
		return Subject{}, err
	}
	if !s.CanView {
		return Subject{}, fmt.Errorf("%s %d: %w", kind, id, errs.ErrNotFound)
	}
	s.Kind, s.ID, s.Label = kind, id, r.labels[kind]
	return s, nil
}

// initiativeAccess fills what actor may do with the roadblocks and reviews
// of a thing of initiative ini, by the rule book's chapter on reviews.
func initiativeAccess(ctx context.Context, rules *account.Store, actor account.Actor, s *Subject) error {
	t := account.Initiative(s.InitiativeID)
	for _, c := range []struct {
		a  account.Action
		to *bool
	}{{account.ViewRoadblocks, &s.CanView}, {account.ManageRoadblocks, &s.CanEdit},
		{account.ProposeRoadblock, &s.CanPropose}, {account.ManageReviews, &s.CanReview}} {
		ok, err := rules.May(ctx, actor, c.a, t)
		if err != nil {
			return err
		}
		*c.to = ok
	}
	return nil
}

// builtIn registers the kinds this package knows: an initiative, its
// goals (and an organization's own goals), activities and agreements.
func (s *Store) builtIn() {
	s.subjects.Register(KindInitiative, "Initiative", func(ctx context.Context, actor account.Actor,
		id int64) (Subject, error) {
		in, err := s.initiatives.View(ctx, actor, id)
		if err != nil {
			return Subject{}, hide(err)
		}
		sub := Subject{Title: in.Name, URL: fmt.Sprintf("/initiatives/%d", id), InitiativeID: id,
			InitiativeName: in.Name}
		return sub, initiativeAccess(ctx, s.rules, actor, &sub)
	})
	s.subjects.Register(KindActivity, "Activity", func(ctx context.Context, actor account.Actor,
		id int64) (Subject, error) {
		a, err := s.initiatives.ActivityOf(ctx, actor, id)
		if err != nil {
			return Subject{}, hide(err)
		}
		sub := Subject{Title: a.Title, InitiativeID: a.InitiativeID,
			URL: fmt.Sprintf("/initiatives/%d/activities/%d/edit", a.InitiativeID, id)}
		return s.named(ctx, sub, initiativeAccess(ctx, s.rules, actor, &sub))
	})
	s.subjects.Register(KindAgreement, "Agreement", func(ctx context.Context, actor account.Actor,
		id int64) (Subject, error) {
		a, err := s.initiatives.AgreementOf(ctx, actor, id)
		if err != nil {
			return Subject{}, hide(err)
		}
		sub := Subject{Title: a.Title, InitiativeID: a.InitiativeID,
			URL: fmt.Sprintf("/initiatives/%d/agreements/%d", a.InitiativeID, id)}
		return s.named(ctx, sub, initiativeAccess(ctx, s.rules, actor, &sub))
	})
	s.subjects.Register(KindGoal, "Goal", func(ctx context.Context, actor account.Actor,
		id int64) (Subject, error) {
		g, err := s.measure.GoalByID(ctx, actor, id)
		if err != nil {
			return Subject{}, hide(err)
		}
		sub := Subject{Title: g.Statement, InitiativeID: g.InitiativeID, OrganizationID: g.OrganizationID}
		if g.InitiativeID != 0 {
			sub.URL = fmt.Sprintf("/initiatives/%d/goals/%d", g.InitiativeID, id)
			return s.named(ctx, sub, initiativeAccess(ctx, s.rules, actor, &sub))
		}
		// An organization's own goal: its people set its goals and so
		// manage its roadblocks and reviews (account.SetOrganizationGoals).
		sub.URL = fmt.Sprintf("/organizations/%s/goals/%d", g.OrganizationID, id)
		set, err := s.measure.MaySetGoals(ctx, actor, measure.OrganizationGoals(g.OrganizationID))
		if err != nil {
			return Subject{}, err
		}
		sub.CanView, sub.CanEdit, sub.CanPropose, sub.CanReview = true, set, set, set
		return sub, nil
	})
}

// named adds the initiative's name to a subject of it.
func (s *Store) named(ctx context.Context, sub Subject, err error) (Subject, error) {
	if err != nil {
		return Subject{}, err
	}
	in, err := s.initiatives.Get(ctx, sub.InitiativeID)
	if err != nil {
		return Subject{}, err
	}
	sub.InitiativeName = in.Name
	return sub, nil
}

// hide turns a refusal to read a subject into its not being found: a
// roadblock's page must not tell that a thing one may not see exists.
func hide(err error) error {
	if errors.Is(err, errs.ErrForbidden) {
		return fmt.Errorf("%v: %w", err.Error(), errs.ErrNotFound)
	}
	return err
}

// isHidden says err means the subject is not there for the person.
func isHidden(err error) bool {
	return errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrForbidden)
}
