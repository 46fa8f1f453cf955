package plan_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/measure"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestRoadblocksOnPlans: a plan's area is a subject of the roadblocks
// register, by the plan's own rules: its keeper records a roadblock, a
// colleague it is shared with may only propose one, a stranger sees none.
func TestRoadblocksOnPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c := context.Background(), newCast(t, db)
		reviews := review.NewStore(db, c.ini, measure.NewStore(db))
		c.plans.RegisterSubjects(reviews.Subjects())
		p, err := c.plans.Create(ctx, c.worker, plan.Input{Title: "Mend the shelter tie"})
		if err != nil {
			t.Fatal(err)
		}
		area, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: c.tie.ID})
		if err != nil {
			t.Fatal(err)
		}
		in := review.RoadblockInput{SubjectKind: "plan_area", SubjectID: area.ID,
			Title: "The shelter's intake policy", Category: review.CategoryProviderPolicies, Likelihood: 3, Impact: 2}
		rb, err := reviews.CreateRoadblock(ctx, c.worker, in)
		if err != nil {
			t.Fatal(err)
		}
		if rb.Status != "open" {
			t.Fatalf("the keeper's roadblock is %q", rb.Status)
		}
		if _, err := reviews.CreateRoadblock(ctx, c.stranger, in); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("a stranger: %v", err)
		}
		if _, err := c.plans.Share(ctx, c.worker, p.ID, "colleague@example.org"); err != nil {
			t.Fatal(err)
		}
		proposed, err := reviews.CreateRoadblock(ctx, c.colleague, in)
		if err != nil || proposed.Status != "proposed" {
			t.Fatalf("a colleague's roadblock: %v %+v", err, proposed)
		}
		if _, err := reviews.Subject(ctx, c.supervisor, "plan", p.ID); err != nil {
			t.Fatalf("the supervisor reads the plan's register: %v", err)
		}
	})
}
