package demo

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
)

// planTitle is the demo partner's action plan.
const planTitle = "Sort out the meal routes with Peninsula Volunteers"

// loadPlan writes the partner's action plan: the strained tie with
// Peninsula Volunteers, two actions (one overdue), the signal that the tie
// reaches coordination, not met yet, a roadblock on the tie and a review of
// the plan due in a week.
func loadPlan(ctx context.Context, db *store.DB, ids map[string]string, partner account.Actor) error {
	plans := plan.NewStore(db, initiative.NewStore(db))
	now := db.Now()
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }
	p, err := plans.Create(ctx, partner, plan.Input{Title: planTitle, StartsOn: day(-30), EndsOn: day(150),
		Purpose: "Both of us plan meal routes in the same neighborhoods; we want one route plan, not two."})
	if err != nil {
		return fmt.Errorf("the plan: %w", err)
	}
	var tie string
	if err := db.QueryRowContext(ctx, `SELECT id FROM ties WHERE from_organization_id = $1 AND to_organization_id = $2`,
		ids["Peninsula Volunteers"], ids[partnerName]).Scan(&tie); err != nil {
		return fmt.Errorf("the strained tie: %w", err)
	}
	area, err := plans.AddArea(ctx, partner, p.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: tie})
	if err != nil {
		return fmt.Errorf("the plan's area: %w", err)
	}
	for _, a := range []plan.ActionInput{
		{Strategy: "seek_mentors", Title: "Ask the coordinator to introduce me to their route lead", DueOn: day(14)},
		{Strategy: "share_information", Title: "Send them our route map and delivery days", DueOn: day(-7)},
	} {
		a.AreaID = area.ID
		if _, err := plans.AddAction(ctx, partner, p.ID, a); err != nil {
			return fmt.Errorf("the action %q: %w", a.Title, err)
		}
	}
	if _, err = plans.SetSignal(ctx, partner, p.ID, area.ID, plan.SignalInput{Kind: plan.SignalTieLevel,
		Level: "coordination"}); err != nil {
		return fmt.Errorf("the signal: %w", err)
	}
	// The roadblock the partner foresees on that relationship, and the
	// plan's review, due in a week.
	ini := initiative.NewStore(db)
	reviews := review.NewStore(db, ini, measure.NewStore(db))
	plans.RegisterSubjects(reviews.Subjects())
	if _, err := reviews.CreateRoadblock(ctx, partner, review.RoadblockInput{SubjectKind: plan.SubjectArea,
		SubjectID: area.ID, Title: "Their drivers' schedule is set a month ahead",
		Category: review.CategoryProviderPolicies, Likelihood: 3, Impact: 2,
		Mitigation: "Ask their volunteer coordinator to hold two routes open for us.",
		ReviewOn:   day(21)}); err != nil {
		return fmt.Errorf("the plan's roadblock: %w", err)
	}
	if _, err := reviews.SetSchedule(ctx, partner, plan.SubjectPlan, p.ID, review.ScheduleInput{Cadence: review.Quarterly,
		DueOn: day(7)}); err != nil {
		return fmt.Errorf("the plan's review: %w", err)
	}
	return nil
}
