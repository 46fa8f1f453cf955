package plan_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/events"
	"backbone/internal/initiative"
	"backbone/internal/network"
	"backbone/internal/notify"
	"backbone/internal/plan"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// cast is a small community: a worker at the pantry, her supervisor (the
// pantry's admin), a colleague elsewhere, a stranger and a steward.
type cast struct {
	db                                      *store.DB
	plans                                   *plan.Store
	net                                     *network.Store
	ini                                     *initiative.Store
	iniID                                   int64
	pantry, shelter, health                 string
	worker, supervisor, colleague, stranger account.Actor
	steward                                 account.Actor
	tie                                     *network.Tie
}

func newCast(t *testing.T, db *store.DB) *cast {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	dir, accounts := directory.NewStore(db), account.NewStore(db)
	c := &cast{db: db, net: network.NewStore(db), ini: initiative.NewStore(db)}
	c.plans = plan.NewStore(db, c.ini)
	org := func(name string, sectors ...string) string {
		o, err := dir.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name,
			Description: name + ".", Sectors: sectors})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	c.pantry, c.shelter, c.health = org("Food Pantry", "food"), org("Harbor Shelter", "housing"), org("County Health")
	person := func(email, role, orgID, orgRole string) account.Actor {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: strings.Split(email, "@")[0],
			Password: "long enough password", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		if orgID != "" {
			if err := accounts.SetMembership(ctx, sys, u.ID, orgID, orgRole); err != nil {
				t.Fatal(err)
			}
		}
		return account.UserActor(u, "")
	}
	c.worker = person("worker@example.org", "", c.pantry, account.OrgStaff)
	c.supervisor = person("supervisor@example.org", "", c.pantry, account.OrgAdmin)
	c.colleague = person("colleague@example.org", "", c.shelter, account.OrgStaff)
	c.stranger = person("stranger@example.org", "", c.health, account.OrgStaff)
	c.steward = person("steward@example.org", account.RoleSteward, "", "")
	in, err := c.ini.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: c.shelter})
	if err != nil {
		t.Fatal(err)
	}
	c.iniID = in.ID
	c.tie, err = c.net.CreateTie(ctx, sys, network.TieInput{FromID: c.pantry, ToID: c.shelter, Level: "cooperation",
		Status: "strained"}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// dispatch runs the event dispatcher with the plan checker and the
// notifications, as the server does.
func (c *cast) dispatch(t *testing.T) {
	t.Helper()
	d := events.NewDispatcher(c.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.Handle("notifications", notify.NewStore(c.db, account.NewStore(c.db), "http://backbone.test", nil).HandleEvent)
	d.Handle("plan signals", c.plans.HandleEvent)
	for {
		n, err := d.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func TestPlanJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c := context.Background(), newCast(t, db)
		if _, err := c.plans.Create(ctx, c.worker, plan.Input{Title: ""}); !hasField(err, "title") {
			t.Fatalf("a plan without a title: %v", err)
		}
		p, err := c.plans.Create(ctx, c.worker, plan.Input{Title: "Mend the shelter tie", StartsOn: "2026-01-01",
			EndsOn: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		area, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: c.tie.ID})
		if err != nil {
			t.Fatal(err)
		}
		if area.Then == nil || area.Then.Status != "strained" || area.Then.Version != 1 ||
			area.FromName != "Food Pantry" {
			t.Fatalf("area keeps the tie as %+v", area.Then)
		}
		if _, err := c.plans.AddAction(ctx, c.worker, p.ID, plan.ActionInput{AreaID: area.ID, Strategy: "nope",
			Title: "x"}); !hasField(err, "strategy") {
			t.Fatalf("an unknown strategy: %v", err)
		}
		x, err := c.plans.AddAction(ctx, c.worker, p.ID, plan.ActionInput{AreaID: area.ID, Strategy: "seek_mentors",
			Title: "Ask Rosa to introduce me", DueOn: "2026-01-06"})
		if err != nil {
			t.Fatal(err)
		}
		if x.StrategyName != "Seek out experienced collaborators and mentors" || x.OwnerID != c.worker.UserID {
			t.Fatalf("action %+v", x)
		}
		if _, err := c.plans.SetSignal(ctx, c.worker, p.ID, area.ID, plan.SignalInput{Kind: plan.SignalTieLevel,
			Level: "coordination"}); err != nil {
			t.Fatal(err)
		}
		// Who reads and who writes.
		if _, err := c.plans.Get(ctx, c.stranger, p.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a stranger reads the plan: %v", err)
		}
		if _, err := c.plans.Get(ctx, c.colleague, p.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a colleague reads the plan before it is shared: %v", err)
		}
		if _, err := c.plans.Get(ctx, c.supervisor, p.ID); err != nil {
			t.Fatalf("the supervisor cannot read the plan: %v", err)
		}
		if _, err := c.plans.Get(ctx, c.steward, p.ID); err != nil {
			t.Fatalf("a steward cannot read the plan: %v", err)
		}
		_, err = c.plans.Update(ctx, c.supervisor, p.ID, plan.Input{Title: "Mine"})
		if !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the supervisor edits the plan: %v", err)
		}
		if _, err := c.plans.Comment(ctx, c.supervisor, p.ID, "comment", "Hi"); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the supervisor comments without a share: %v", err)
		}
		if _, err := c.plans.Share(ctx, c.worker, p.ID, "colleague@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Comment(ctx, c.colleague, p.ID, "comment", "Rosa knows their director."); err != nil {
			t.Fatal(err)
		}
		sg, err := c.plans.Comment(ctx, c.colleague, p.ID, "suggestion", "Add a joint case conference.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Decide(ctx, c.colleague, p.ID, sg.ID, plan.Accept); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the colleague accepts her own suggestion: %v", err)
		}
		if sg, err = c.plans.Decide(ctx, c.worker, p.ID, sg.ID, plan.Accept); err != nil || sg.Status != "accepted" {
			t.Fatalf("accept: %+v %v", sg, err)
		}
		list, err := c.plans.List(ctx, c.supervisor, plan.Filter{OrganizationID: c.pantry})
		if err != nil || len(list) != 1 {
			t.Fatalf("the supervisor's list: %d %v", len(list), err)
		}
		if list, _ := c.plans.List(ctx, c.stranger, plan.Filter{}); len(list) != 0 {
			t.Fatalf("a stranger lists %d plans", len(list))
		}
		// The tie moves; the signal is met on its own, with its evidence.
		c.dispatch(t)
		if got := signalOf(t, c, c.worker, p.ID, area.ID); got.Met() {
			t.Fatalf("met before the tie moved: %+v", got)
		}
		if _, err := c.net.UpdateTie(ctx, account.SystemActor("test"), c.tie.ID, 0, network.TieInput{
			FromID: c.pantry, ToID: c.shelter, Level: "coordination", Status: "active"}, ""); err != nil {
			t.Fatal(err)
		}
		c.dispatch(t)
		got := signalOf(t, c, c.worker, p.ID, area.ID)
		if !got.Met() || !strings.Contains(got.Evidence, "version 2") {
			t.Fatalf("signal after the tie moved: %+v", got)
		}
		var notes int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE kind = 'plan_signal'
			AND user_id IN ($1, $2)`, c.worker.UserID, c.colleague.UserID).Scan(&notes); err != nil || notes != 2 {
			t.Fatalf("%d notifications of the signal (%v)", notes, err)
		}
		hist, err := c.plans.History(ctx, c.colleague, p.ID)
		if err != nil || hist[0].Action != "signal_met" {
			t.Fatalf("history %+v %v", hist, err)
		}
		// Closing asks for the debrief.
		if _, err := c.plans.Close(ctx, c.worker, p.ID, " "); !hasField(err, "debrief") {
			t.Fatalf("closing without a debrief: %v", err)
		}
		if p, err = c.plans.Close(ctx, c.worker, p.ID, "Rosa's introduction did it."); err != nil || !p.Closed() {
			t.Fatalf("close: %v", err)
		}
	})
}

func TestSignalsFromWavesGapsAndTicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c, sys := context.Background(), newCast(t, db), account.SystemActor("test")
		p, err := c.plans.Create(ctx, c.worker, plan.Input{Title: "Reach health"})
		if err != nil {
			t.Fatal(err)
		}
		none, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaNoTie,
			OrganizationID: c.health})
		if err != nil || none.Title != "No tie yet with County Health" || none.FromOrganizationID != c.pantry {
			t.Fatalf("no-tie area %+v %v", none, err)
		}
		if _, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaNoTie,
			OrganizationID: c.shelter}); !hasField(err, "organization_id") {
			t.Fatalf("no tie with an organization already tied: %v", err)
		}
		gap, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaGap, Sector: "housing"})
		if err != nil {
			t.Fatal(err)
		}
		manual, err := c.plans.AddArea(ctx, c.worker, p.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: c.tie.ID})
		if err != nil {
			t.Fatal(err)
		}
		set := func(areaID int64, in plan.SignalInput) {
			t.Helper()
			if _, err := c.plans.SetSignal(ctx, c.worker, p.ID, areaID, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.plans.SetSignal(ctx, c.worker, p.ID, gap.ID, plan.SignalInput{Kind: plan.SignalTieLevel,
			Level: "coordination"}); !hasField(err, "kind") {
			t.Fatalf("a tie signal on a gap: %v", err)
		}
		set(none.ID, plan.SignalInput{Kind: plan.SignalTieLevel, Level: "coordination", InitiativeID: c.iniID})
		set(gap.ID, plan.SignalInput{Kind: plan.SignalGapClosed})
		set(manual.ID, plan.SignalInput{Kind: plan.SignalManual, Description: "We hold a joint case conference"})
		// A survey wave rates the pair at coordination.
		for _, o := range []string{c.pantry, c.health} {
			if err := c.ini.AddMember(ctx, sys, c.iniID, o, "core_partner", "active"); err != nil {
				t.Fatal(err)
			}
		}
		w, links, err := c.net.CreateWave(ctx, sys, network.WaveInput{Name: "Spring", InitiativeID: c.iniID,
			OrganizationIDs: []string{c.pantry, c.health}})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			if l.OrganizationID == c.health {
				if err := c.net.SaveResponse(ctx, l.Token, network.Response{RespondentName: "Ana",
					Ratings: []network.Rating{{RatedID: c.pantry, Level: "coordination"}}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		c.dispatch(t)
		if signalOf(t, c, c.worker, p.ID, none.ID).Met() {
			t.Fatal("met by a wave still open")
		}
		if _, err := c.net.CloseWave(ctx, sys, w.ID); err != nil {
			t.Fatal(err)
		}
		c.dispatch(t)
		if g := signalOf(t, c, c.worker, p.ID, none.ID); !g.Met() || !strings.Contains(g.Evidence, "Spring") {
			t.Fatalf("wave signal %+v", g)
		}
		if signalOf(t, c, c.worker, p.ID, gap.ID).Met() {
			t.Fatal("the gap closed while the shelter tie is strained")
		}
		if _, err := c.net.UpdateTie(ctx, sys, c.tie.ID, 0, network.TieInput{FromID: c.pantry, ToID: c.shelter,
			Level: "collaboration", Status: "active"}, ""); err != nil {
			t.Fatal(err)
		}
		c.dispatch(t)
		if g := signalOf(t, c, c.worker, p.ID, gap.ID); !g.Met() || !strings.Contains(g.Evidence, "Harbor Shelter") {
			t.Fatalf("gap signal %+v", g)
		}
		if signalOf(t, c, c.worker, p.ID, manual.ID).Met() {
			t.Fatal("a manual check met by itself")
		}
		if _, err := c.plans.Tick(ctx, c.worker, p.ID, manual.ID, ""); !hasField(err, "note") {
			t.Fatalf("a tick without a note: %v", err)
		}
		if _, err := c.plans.Tick(ctx, c.worker, p.ID, manual.ID, "Held on 3 March"); err != nil {
			t.Fatal(err)
		}
		if g := signalOf(t, c, c.worker, p.ID, manual.ID); !g.Met() || !strings.Contains(g.Evidence, "3 March") {
			t.Fatalf("ticked %+v", g)
		}
	})
}

func TestLibraryAndPromotion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c, sys := context.Background(), newCast(t, db), account.SystemActor("test")
		lib, err := c.plans.Strategies(ctx, c.worker)
		if err != nil || len(lib) != 7 {
			t.Fatalf("library %d %v", len(lib), err)
		}
		in := plan.StrategyInput{Name: "Work together", Guidance: "Do one thing side by side.",
			Prompts: []string{"Which?"}}
		if _, err := c.plans.EditStrategy(ctx, c.worker, "work_together", in); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a worker edits the library: %v", err)
		}
		_, err = c.plans.EditStrategy(ctx, c.steward, "work_together", plan.StrategyInput{})
		if !hasField(err, "guidance") {
			t.Fatalf("empty guidance: %v", err)
		}
		if _, err := c.plans.EditStrategy(ctx, c.steward, "work_together", in); err != nil {
			t.Fatal(err)
		}
		if lib, _ = c.plans.Strategies(ctx, c.worker); lib[0].Guidance != in.Guidance || !lib[0].Edited {
			t.Fatalf("library after the edit %+v", lib[0])
		}
		// An initiative's plan: its staff edit, its people read; an action
		// becomes an activity of a member.
		if err := c.ini.AddMember(ctx, sys, c.iniID, c.pantry, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Create(ctx, c.worker, plan.Input{Kind: "initiative", InitiativeID: c.iniID,
			Title: "Ours"}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a member starts the initiative's plan: %v", err)
		}
		p, err := c.plans.Create(ctx, sys, plan.Input{Kind: "initiative", InitiativeID: c.iniID, Title: "Ours"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Get(ctx, c.worker, p.ID); err != nil {
			t.Fatalf("a member's person cannot read the initiative's plan: %v", err)
		}
		area, err := c.plans.AddArea(ctx, sys, p.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: c.tie.ID})
		if err != nil {
			t.Fatal(err)
		}
		x, err := c.plans.AddAction(ctx, sys, p.ID, plan.ActionInput{AreaID: area.ID, Strategy: "work_together",
			Title: "Joint intake day", DueOn: "2026-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.plans.Promote(ctx, c.worker, p.ID, x.ID, plan.PromoteInput{InitiativeID: c.iniID,
			OrganizationID: c.pantry}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("a reader promotes: %v", err)
		}
		x, err = c.plans.Promote(ctx, sys, p.ID, x.ID,
			plan.PromoteInput{InitiativeID: c.iniID, OrganizationID: c.pantry})
		if err != nil || x.ActivityID == 0 {
			t.Fatalf("promote %+v %v", x, err)
		}
		acts, err := c.ini.Activities(ctx, c.iniID)
		if err != nil || len(acts) != 1 || acts[0].Title != "Joint intake day" {
			t.Fatalf("activities %+v %v", acts, err)
		}
		// The initiative's signal met goes into its updates feed.
		if _, err := c.plans.SetSignal(ctx, sys, p.ID, area.ID, plan.SignalInput{Kind: plan.SignalTieLevel,
			Level: "coordination"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.net.UpdateTie(ctx, sys, c.tie.ID, 0, network.TieInput{FromID: c.pantry, ToID: c.shelter,
			Level: "coordination", Status: "active"}, ""); err != nil {
			t.Fatal(err)
		}
		c.dispatch(t)
		feed, err := c.ini.Feed(ctx, c.worker, c.iniID, 10, 0)
		if err != nil || len(feed) == 0 || !strings.Contains(feed[0].Text, "Success signal met in the plan “Ours”") ||
			feed[0].Kind != initiative.FeedCelebrate {
			t.Fatalf("the initiative's feed: %+v %v", feed, err)
		}
	})
}

func signalOf(t *testing.T, c *cast, actor account.Actor, planID, areaID int64) *plan.Signal {
	t.Helper()
	p, err := c.plans.Get(context.Background(), actor, planID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Areas {
		if a.ID == areaID {
			return a.Signal
		}
	}
	t.Fatalf("no area %d", areaID)
	return nil
}

func hasField(err error, field string) bool {
	var v *errs.ValidationError
	return errors.As(err, &v) && v.Fields[field] != ""
}
