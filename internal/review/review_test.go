package review_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestNextDue(t *testing.T) {
	for _, c := range []struct{ cadence, first, held, want string }{
		{review.Quarterly, "2027-03-01", "", "2027-03-01"},
		{review.Quarterly, "2027-03-01", "2027-02-20", "2027-05-20"},
		{review.Quarterly, "2027-03-01", "2026-11-30", "2027-02-28"},
		{review.SemiAnnual, "2027-03-01", "2027-08-31", "2028-02-29"},
		{review.Annual, "2027-03-01", "2027-03-02", "2028-03-02"},
		{review.OnDate, "2027-01-15", "", "2027-01-15"},
		{review.OnDate, "2027-01-15", "2027-01-10", ""},
	} {
		if got := review.NextDue(c.cadence, c.first, c.held); got != c.want {
			t.Errorf("NextDue(%s, %s, %s) = %q, want %q", c.cadence, c.first, c.held, got, c.want)
		}
	}
	h := review.HeatOf([]review.Roadblock{{Likelihood: 4, Impact: 4}, {Likelihood: 4, Impact: 4},
		{Likelihood: 1, Impact: 2}})
	if h.Total != 3 || h.Rows[0][3].Count != 2 || h.Rows[2][0].Count != 1 || h.Rows[0][3].Score != 16 {
		t.Errorf("heat %+v", h)
	}
}

type cast struct {
	reviews                          *review.Store
	ini                              *initiative.Store
	measure                          *measure.Store
	id, goal, activity               int64
	pantry                           string
	staff, partner, viewer, outsider account.Actor
	sys                              account.Actor
}

func newCast(t *testing.T, db *store.DB) cast {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	dir, accounts := directory.NewStore(db), account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))
	c := cast{ini: initiative.NewStore(db), measure: measure.NewStore(db), sys: sys}
	c.reviews = review.NewStore(db, c.ini, c.measure)
	org := func(name string) string {
		o, err := dir.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + "."})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	backbone, other := org("Samaritan House"), org("Far Away")
	c.pantry = org("Food Pantry")
	in, err := c.ini.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: backbone})
	if err != nil {
		t.Fatal(err)
	}
	c.id = in.ID
	if err := c.ini.AddMember(ctx, sys, in.ID, c.pantry, "core_partner", "active"); err != nil {
		t.Fatal(err)
	}
	person := func(email, org string) account.Actor {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email,
			Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetMembership(ctx, sys, u.ID, org, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		return account.UserActor(u, "")
	}
	c.staff, c.partner = person("staff@example.org", backbone), person("partner@example.org", c.pantry)
	c.viewer, c.outsider = person("viewer@example.org", other), person("outsider@example.org", other)
	if err := c.ini.SetUserRole(ctx, sys, in.ID, c.staff.User.ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	if err := c.ini.SetUserRole(ctx, sys, in.ID, c.viewer.User.ID, account.InitiativeViewer); err != nil {
		t.Fatal(err)
	}
	target := 500.0
	g, err := c.measure.CreateGoal(ctx, sys, measure.GoalInput{InitiativeID: in.ID,
		Statement: "Deliver 500 meals a month", Target: &target, DueOn: "2027-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	c.goal = g.ID
	a, err := c.ini.AddActivity(ctx, sys, in.ID, initiative.ActivityInput{OrganizationID: c.pantry,
		Title: "Weekend deliveries"})
	if err != nil {
		t.Fatal(err)
	}
	c.activity = a.ID
	return c
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: %v, want %v", what, err, want)
	}
}

func TestRoadblocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCast(t, db)
		in := review.RoadblockInput{SubjectKind: review.KindGoal, SubjectID: c.goal, Title: "No weekend drivers",
			Category: review.CategoryResources, Likelihood: 4, Impact: 3, Mitigation: "Ask the youth center",
			OwnerUserID: c.staff.User.ID, ReviewOn: "2027-01-15"}

		_, err := c.reviews.CreateRoadblock(ctx, c.outsider, in)
		wantErr(t, "an outsider", err, errs.ErrNotFound)
		_, err = c.reviews.CreateRoadblock(ctx, c.viewer, in)
		wantErr(t, "a viewer", err, errs.ErrForbidden)
		bad := in
		bad.Likelihood, bad.Category = 5, "weather"
		_, err = c.reviews.CreateRoadblock(ctx, c.staff, bad)
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields["likelihood"] == "" || v.Fields["category"] == "" {
			t.Fatalf("bad input: %v", err)
		}
		bad = in
		bad.OwnerUserID = c.outsider.User.ID
		_, err = c.reviews.CreateRoadblock(ctx, c.staff, bad)
		if !errors.As(err, &v) || v.Fields["owner_user_id"] == "" {
			t.Fatalf("an owner from elsewhere: %v", err)
		}

		staffs, err := c.reviews.CreateRoadblock(ctx, c.staff, in)
		if err != nil {
			t.Fatal(err)
		}
		if staffs.Status != review.StatusOpen || staffs.Subject.Title != "Deliver 500 meals a month" ||
			staffs.LikelihoodWords != "Almost certain" || staffs.OwnerName != "staff@example.org" {
			t.Errorf("recorded %+v", staffs)
		}
		in.SubjectKind, in.SubjectID, in.Title, in.Status = review.KindActivity, c.activity, "Drivers quit", "open"
		in.Category, in.Likelihood, in.Impact, in.OwnerUserID = review.CategoryPersonalities, 1, 2, 0
		proposed, err := c.reviews.CreateRoadblock(ctx, c.partner, in)
		if err != nil {
			t.Fatal(err)
		}
		if proposed.Status != review.StatusProposed {
			t.Errorf("a partner's roadblock is %s, want proposed", proposed.Status)
		}
		_, err = c.reviews.UpdateRoadblock(ctx, c.partner, proposed.ID, in)
		wantErr(t, "a partner accepts", err, errs.ErrForbidden)
		in.Status = review.StatusMitigated
		if _, err := c.reviews.UpdateRoadblock(ctx, c.staff, proposed.ID, in); err != nil {
			t.Fatal(err)
		}

		list, err := c.reviews.Roadblocks(ctx, c.partner, review.RoadblockFilter{InitiativeID: c.id})
		if err != nil || len(list) != 2 || list[0].ID != staffs.ID {
			t.Fatalf("the initiative's list: %v %+v", err, list)
		}
		_, err = c.reviews.Roadblocks(ctx, c.outsider, review.RoadblockFilter{InitiativeID: c.id})
		wantErr(t, "an outsider's list", err, errs.ErrNotFound)
		mine, err := c.reviews.Roadblocks(ctx, c.outsider, review.RoadblockFilter{})
		if err != nil || len(mine) != 0 {
			t.Fatalf("an outsider sees %v %+v", err, mine)
		}
		heat, _, err := c.reviews.HeatGrid(ctx, c.viewer, review.RoadblockFilter{})
		if err != nil || heat.Total != 2 || heat.Rows[1][3].Count != 1 || heat.Rows[2][0].Count != 1 {
			t.Fatalf("the viewer's heat grid: %v %+v", err, heat)
		}
		cell, err := c.reviews.Roadblocks(ctx, c.staff, review.RoadblockFilter{InitiativeID: c.id,
			Likelihood: 4, Impact: 3})
		if err != nil || len(cell) != 1 || cell[0].Title != "No weekend drivers" {
			t.Fatalf("one cell: %v %+v", err, cell)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action LIKE 'roadblock_%'
			AND entity_type = 'initiative'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("audited %d roadblock changes (%v), want 3", n, err)
		}

		// An organization's own goal: its people record its roadblocks;
		// the initiative's staff do not see it.
		own, err := c.measure.CreateGoal(ctx, c.sys, measure.GoalInput{OrganizationID: c.pantry,
			Statement: "Open on Saturdays"})
		if err != nil {
			t.Fatal(err)
		}
		mineIn := review.RoadblockInput{SubjectKind: review.KindGoal, SubjectID: own.ID, Title: "No volunteers",
			Category: review.CategoryResources, Likelihood: 2, Impact: 2, OwnerUserID: c.partner.User.ID}
		_, err = c.reviews.CreateRoadblock(ctx, c.staff, mineIn)
		wantErr(t, "the initiative's staff on an organization's goal", err, errs.ErrNotFound)
		ownRb, err := c.reviews.CreateRoadblock(ctx, c.partner, mineIn)
		if err != nil || ownRb.Status != review.StatusOpen || ownRb.Subject.OrganizationID != c.pantry {
			t.Fatalf("the organization's own roadblock: %v %+v", err, ownRb)
		}
		if all, _ := c.reviews.Roadblocks(ctx, c.staff, review.RoadblockFilter{}); len(all) != 2 {
			t.Errorf("the staff see %d roadblocks across, want the initiative's 2", len(all))
		}
	})
}

func TestReviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := storetest.Clock(t, db)
		c := newCast(t, db)
		rb, err := c.reviews.CreateRoadblock(ctx, c.staff, review.RoadblockInput{SubjectKind: review.KindGoal,
			SubjectID: c.goal, Title: "No weekend drivers", Category: review.CategoryResources, Likelihood: 3,
			Impact: 3})
		if err != nil {
			t.Fatal(err)
		}

		_, err = c.reviews.SetSchedule(ctx, c.partner, review.KindInitiative, c.id,
			review.ScheduleInput{Cadence: review.Quarterly})
		wantErr(t, "a partner sets the cadence", err, errs.ErrForbidden)
		_, err = c.reviews.SetSchedule(ctx, c.staff, review.KindInitiative, c.id,
			review.ScheduleInput{Cadence: review.OnDate})
		var v *errs.ValidationError
		if !errors.As(err, &v) || v.Fields["due_on"] == "" {
			t.Fatalf("a date cadence without its date: %v", err)
		}
		sch, err := c.reviews.SetSchedule(ctx, c.staff, review.KindInitiative, c.id,
			review.ScheduleInput{Cadence: review.Quarterly})
		if err != nil {
			t.Fatal(err)
		}
		if sch.NextDueOn != "2027-03-07" || sch.Overdue {
			t.Errorf("the first quarterly review is due %s", sch.NextDueOn)
		}
		due, err := c.reviews.Due(ctx, c.staff, review.DueFilter{})
		if err != nil || len(due) != 0 {
			t.Fatalf("due today: %v %+v", err, due)
		}

		clk.Set(time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC))
		due, err = c.reviews.Due(ctx, c.staff, review.DueFilter{Reviewer: true})
		if err != nil || len(due) != 1 || !due[0].Overdue || due[0].Subject.Title != "Aging Well" {
			t.Fatalf("overdue: %v %+v", err, due)
		}
		if due, _ := c.reviews.Due(ctx, c.partner, review.DueFilter{Reviewer: true}); len(due) != 0 {
			t.Errorf("a partner is asked to review: %+v", due)
		}
		if due, _ := c.reviews.Due(ctx, c.partner, review.DueFilter{InitiativeID: c.id}); len(due) != 1 {
			t.Errorf("a partner does not see the review due: %+v", due)
		}
		_, err = c.reviews.Due(ctx, c.outsider, review.DueFilter{InitiativeID: c.id})
		wantErr(t, "an outsider's due list", err, errs.ErrNotFound)

		target := 450.0
		in := review.ReviewInput{SubjectKind: review.KindInitiative, SubjectID: c.id, HeldOn: "2027-03-09",
			Participants: []string{"Dana (Samaritan House)", " ", "Lee (Food Pantry)"},
			Findings:     "Deliveries fell in February; the pantry lost two drivers.",
			GoalRevision: &review.GoalChange{GoalID: c.goal, Target: &target, Reason: "Fewer drivers until June"},
			NewActivities: []initiative.ActivityInput{{OrganizationID: c.pantry,
				Title: "Recruit drivers at the youth center"}},
			CloseRoadblocks: []int64{rb.ID}}
		_, err = c.reviews.RecordReview(ctx, c.partner, in)
		wantErr(t, "a partner records", err, errs.ErrForbidden)
		future := in
		future.HeldOn, future.Participants = "2027-04-01", nil
		_, err = c.reviews.RecordReview(ctx, c.staff, future)
		if !errors.As(err, &v) || v.Fields["held_on"] == "" || v.Fields["participants"] == "" {
			t.Fatalf("a review to come: %v", err)
		}
		wrong := in
		wrong.CloseRoadblocks = []int64{rb.ID + 1000}
		_, err = c.reviews.RecordReview(ctx, c.staff, wrong)
		if !errors.As(err, &v) || v.Fields["close_roadblocks"] == "" {
			t.Fatalf("an unknown roadblock: %v", err)
		}
		if g, _ := c.measure.GoalByID(ctx, c.staff, c.goal); g.CurrentRevision != 1 {
			t.Fatalf("a refused review revised the goal: revision %d", g.CurrentRevision)
		}

		rv, err := c.reviews.RecordReview(ctx, c.staff, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(rv.Participants) != 2 || len(rv.Changes) != 3 || rv.Changes[0].Kind != review.ChangeGoalRevision ||
			rv.Changes[0].Revision != 2 || !strings.Contains(rv.Changes[0].URL, "/goals/") {
			t.Fatalf("recorded %+v", rv)
		}
		g, err := c.measure.GoalByID(ctx, c.staff, c.goal)
		if err != nil || g.CurrentRevision != 2 || *g.Target != 450 || g.Reason != "Fewer drivers until June" {
			t.Fatalf("the goal after the review: %v %+v", err, g)
		}
		closed, err := c.reviews.Roadblock(ctx, c.partner, rb.ID)
		if err != nil || closed.Status != review.StatusClosed {
			t.Fatalf("the roadblock after the review: %v %+v", err, closed)
		}
		sch, err = c.reviews.Schedule(ctx, c.partner, review.KindInitiative, c.id)
		if err != nil || sch.NextDueOn != "2027-06-09" || sch.LastHeldOn != "2027-03-09" {
			t.Fatalf("the next review: %v %+v", err, sch)
		}
		list, err := c.reviews.Reviews(ctx, c.viewer, review.KindInitiative, c.id)
		if err != nil || len(list) != 1 || list[0].ID != rv.ID {
			t.Fatalf("the reviews: %v %+v", err, list)
		}
		_, err = c.reviews.Review(ctx, c.outsider, rv.ID)
		wantErr(t, "an outsider reads the review", err, errs.ErrNotFound)
		// A goal's own review may revise only that goal.
		if _, err := c.reviews.SetSchedule(ctx, c.staff, review.KindGoal, c.goal,
			review.ScheduleInput{Cadence: review.Annual}); err != nil {
			t.Fatal(err)
		}
		other := review.ReviewInput{SubjectKind: review.KindActivity, SubjectID: c.activity,
			Participants: []string{"Dana"}, Findings: "On track.",
			GoalRevision: &review.GoalChange{GoalID: c.goal, Reason: "x"}}
		_, err = c.reviews.RecordReview(ctx, c.staff, other)
		if !errors.As(err, &v) || v.Fields["goal_revision.goal_id"] == "" {
			t.Fatalf("an activity's review revises a goal: %v", err)
		}
	})
}
