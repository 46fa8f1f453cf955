package demo

import (
	"context"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/review"
	"backbone/internal/store"
)

// loadReviews puts a roadblock on the initiative's first goal, watched by
// the coordinator, and gives that goal a quarterly review due within the
// week, so that it waits on the coordinator's home page.
func loadReviews(ctx context.Context, db *store.DB, initiativeID int64, coordinator account.Actor) error {
	m := measure.NewStore(db)
	reviews := review.NewStore(db, initiative.NewStore(db), m)
	goals, err := m.Goals(ctx, coordinator, measure.InitiativeGoals(initiativeID))
	if err != nil {
		return err
	}
	if len(goals) == 0 {
		return fmt.Errorf("the initiative has no goal to put a roadblock on")
	}
	goal := goals[0]
	now := db.Now().UTC()
	_, err = reviews.CreateRoadblock(ctx, coordinator, review.RoadblockInput{SubjectKind: review.KindGoal,
		SubjectID: goal.ID, Title: "Too few volunteer drivers on weekends", Category: review.CategoryResources,
		Description: "Meals reach fewer homebound seniors on Saturdays and Sundays: the drivers are weekday " +
			"volunteers.", Likelihood: 3, Impact: 3, Mitigation: "Ask the partners' youth programs for weekend " +
			"drivers; share one driver roster.", OwnerUserID: coordinator.UserID,
		ReviewOn: now.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		return fmt.Errorf("roadblock: %w", err)
	}
	_, err = reviews.SetSchedule(ctx, coordinator, review.KindGoal, goal.ID, review.ScheduleInput{
		Cadence: review.Quarterly, DueOn: now.AddDate(0, 0, 5).Format(time.DateOnly)})
	if err != nil {
		return fmt.Errorf("review cadence: %w", err)
	}
	return nil
}
