package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// demoIndicator is a shared indicator of the demo initiative, with the
// goal it measures and a made-up but plausible history of reports.
type demoIndicator struct {
	in        measure.IndicatorInput
	reporters []string
	goal      string
	agenda    int // index of the agenda item the goal serves
	baseline  float64
	target    float64
	perPeriod float64 // the trend of the combined value per period
	noise     float64
	milestone float64
	skipLast  string // a reporter that has not reported the last period yet
}

var demoIndicators = []demoIndicator{
	{in: measure.IndicatorInput{Name: "Home-delivered meals", Definition: "Meals delivered to the homes of older adults who cannot shop or cook, in the month.",
		Unit: "meals", Direction: measure.Higher, Aggregation: measure.Sum, Frequency: measure.Monthly, Source: "Each program's delivery log"},
		reporters: []string{"Peninsula Volunteers", "Samaritan House", "Salvation Army"},
		goal:      "Deliver 15,000 home-delivered meals a month across the county", agenda: 1,
		baseline: 9000, target: 15000, perPeriod: 260, noise: 300, milestone: 12000},
	{in: measure.IndicatorInput{Name: "Isolated older adults connected", Definition: "Older adults referred by a partner who made a first contact with a program that month.",
		Unit: "people", Direction: measure.Higher, Aggregation: measure.Sum, Frequency: measure.Monthly, Source: "Referral records"},
		reporters: []string{"Peninsula Family Service", "Redwood City Public Library", "San Mateo County Health"},
		goal:      "Connect 400 isolated older adults a month with a program or a visitor", agenda: 0,
		baseline: 150, target: 400, perPeriod: 7, noise: 12, milestone: 250, skipLast: "Redwood City Public Library"},
	{in: measure.IndicatorInput{Name: "Caregivers who found respite", Definition: "Family caregivers who used adult day services or respite in the quarter.",
		Unit: "caregivers", Direction: measure.Higher, Aggregation: measure.Sum, Frequency: measure.Quarterly, Source: "Program attendance"},
		reporters: []string{"Peninsula Family Service"},
		goal:      "Give 200 family caregivers a quarter a break through respite", agenda: 2,
		baseline: 120, target: 200, perPeriod: 1, noise: 6},
}

// loadMeasures gives the demo initiative shared indicators, goals with a
// history of partner reports, a milestone and a story.
func loadMeasures(ctx context.Context, db *store.DB, initiativeID int64, ids map[string]string, coordinator account.Actor) error {
	// The loader writes in the coordinator's name what the partners
	// reported and the partner's own goal too, as a command may: it holds
	// the database.
	coordinator.System = true
	m := measure.NewStore(db)
	items, err := initiative.NewStore(db).AgendaItems(ctx, initiativeID)
	if err != nil {
		return err
	}
	now := db.Now()
	// Goals are due at the end of this month next year: the same distance
	// from their history on whatever day the demo loads, so that they tell
	// the same story (one on track, one at risk, one off track) on any day.
	due := time.Date(now.Year()+1, now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	var goalIDs []int64
	for _, d := range demoIndicators {
		in := d.in
		for _, r := range d.reporters {
			in.Reporters = append(in.Reporters, ids[r])
		}
		ind, err := m.CreateIndicator(ctx, coordinator, initiativeID, in)
		if err != nil {
			return fmt.Errorf("indicator %q: %w", in.Name, err)
		}
		last := measure.LastClosed(d.in.Frequency, now)
		periods := 18
		if d.in.Frequency == measure.Quarterly {
			periods = 7
		}
		first := last.Add(-(periods - 1))
		baseline, target := d.baseline, d.target
		g, err := m.CreateGoal(ctx, coordinator, measure.GoalInput{InitiativeID: initiativeID, Statement: d.goal, IndicatorID: ind.ID,
			Baseline: &baseline, BaselinePeriod: first.String(), Target: &target, Unit: d.in.Unit,
			StartsOn: first.Start().Format("2006-01-02"), DueOn: due,
			OwnerOrganizationID: ids[d.reporters[0]], AgendaItemID: items[d.agenda].ID})
		if err != nil {
			return fmt.Errorf("goal %q: %w", d.goal, err)
		}
		goalIDs = append(goalIDs, g.ID)
		if d.milestone != 0 {
			if _, err := m.AddMilestone(ctx, coordinator, measure.InitiativeGoals(initiativeID), g.ID,
				d.milestone, measure.FormatNumber(d.milestone)+" "+d.in.Unit); err != nil {
				return err
			}
		}
		for i := 0; i < periods; i++ {
			p := first.Add(i)
			// A steady trend with a wobble that is the same every time the demo loads.
			total := d.baseline + d.perPeriod*float64(i) + d.noise*math.Sin(float64(i)*1.7)
			for k, r := range d.reporters {
				if i == periods-1 && r == d.skipLast {
					continue
				}
				share := total / float64(len(d.reporters)) * (1 + 0.15*float64(k-len(d.reporters)/2))
				if _, err := m.Report(ctx, coordinator, initiativeID, ids[r], ind.ID, p.String(),
					math.Round(share), ""); err != nil {
					return fmt.Errorf("report %s %s: %w", in.Name, p, err)
				}
			}
		}
	}
	// The partner's own goal, measured by the meals it reports itself.
	meals, err := m.ReportedIndicators(ctx, coordinator, ids[partnerName])
	if err != nil || len(meals) == 0 {
		return fmt.Errorf("the partner's indicators: %v", err)
	}
	first := measure.LastClosed(measure.Monthly, now).Add(-17)
	own, target := 3000.0, 5000.0
	g, err := m.CreateGoal(ctx, coordinator, measure.GoalInput{OrganizationID: ids[partnerName], Statement: "Deliver 5,000 meals a month from our own kitchen",
		IndicatorID: meals[0].ID, Baseline: &own, BaselinePeriod: first.String(), Target: &target, Unit: "meals",
		StartsOn: first.Start().Format("2006-01-02"), DueOn: due})
	if err != nil {
		return fmt.Errorf("the partner's own goal: %w", err)
	}
	if _, err := m.AddMilestone(ctx, coordinator, measure.OrganizationGoals(ids[partnerName]), g.ID, 4000,
		"4,000 meals"); err != nil {
		return err
	}
	_, err = m.AddStory(ctx, coordinator, initiativeID, measure.StoryInput{Title: "“I have someone to talk to on Tuesdays now”",
		Body: "A widower in Redwood City had not left his apartment for months. The library's homebound service brought him books, " +
			"and the driver told him about the friendly-visitor calls. He now gets a call every Tuesday and joined the Thursday lunch at the senior center.",
		Kind: measure.KindCaseStory, ConsentBy: "the man himself", ConsentOn: now.AddDate(0, -1, 0).Format("2006-01-02"), ConsentHow: "a signed consent form, kept by the library",
		GoalIDs: goalIDs[1:2]})
	return err
}
