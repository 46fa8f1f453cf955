package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
	"backbone/internal/plan"
	"backbone/internal/review"
)

// The action plans' pages: "My plan" (the plans one keeps or follows), a
// plan laid out as the three-column handout, the page that adds an area
// from the map, and the strategy library.

// plansData is the "My plan" page.
type plansData struct {
	Mine, Others []*plan.Plan
	Owners       []plan.Owner     // the units and initiatives they may start a plan for
	Actions      []plan.ActionRow // the person's open actions, overdue first
	Team         bool             // they may open the supervisor's page
}

// plansPage lists the plans the person keeps, then those they follow
// (shared with them, their people's, their units' and initiatives').
func (h *handler) plansPage(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	plans, err := h.Plans.List(r.Context(), actor, plan.Filter{})
	if err != nil {
		return err
	}
	var d plansData
	if d.Owners, err = h.Plans.Owners(r.Context(), actor); err != nil {
		return err
	}
	if d.Actions, err = h.Plans.MyActions(r.Context(), actor); err != nil {
		return err
	}
	if d.Team, err = h.mayViewTeam(r); err != nil {
		return err
	}
	for _, p := range plans {
		if p.Kind == account.PlanOfPerson && p.UserID == actor.UserID {
			d.Mine = append(d.Mine, p)
		} else {
			d.Others = append(d.Others, p)
		}
	}
	h.render(w, r, http.StatusOK, "plans", "My plan", "plans", d)
	return nil
}

// planCreate starts a plan: the person's own, or (owner "unit:ID" or
// "initiative:ID") a unit's or an initiative's they may start one for.
func (h *handler) planCreate(w http.ResponseWriter, r *http.Request) error {
	in := plan.Input{Title: r.PostFormValue("title"), Purpose: r.PostFormValue("purpose"),
		StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on")}
	if kind, id, ok := strings.Cut(r.PostFormValue("owner"), ":"); ok {
		in.Kind = kind
		switch kind {
		case account.PlanOfUnit:
			in.OrganizationID = id
		case account.PlanOfInitiative:
			in.InitiativeID, _ = strconv.ParseInt(id, 10, 64)
		}
	}
	p, err := h.Plans.Create(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return h.planProblem(w, r, err, "/plans", "The plan was not started")
	}
	started := "Your plan " + account.Quote(p.Title) + " is started."
	if p.Kind != account.PlanOfPerson {
		started = "The plan " + account.Quote(p.Title) + " of " + p.OwnerName + " is started."
	}
	h.setFlash(w, r, "success", started+" Add the relationships it is about.")
	redirect(w, r, planPath(p.ID))
	return nil
}

func planPath(id int64) string { return "/plans/" + strconv.FormatInt(id, 10) }

// planProblem turns a refused input into a message naming the fields, shown
// on the page the form came from; anything else goes to the error page.
func (h *handler) planProblem(w http.ResponseWriter, r *http.Request, err error, back, what string) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		fields := make([]string, 0, len(v.Fields))
		for f, msg := range v.Fields {
			fields = append(fields, humanizeField(f)+": "+msg)
		}
		sort.Strings(fields)
		h.setFlash(w, r, "error", what+". "+strings.Join(fields, "; ")+".")
	case errors.As(err, &c):
		h.setFlash(w, r, "error", what+". "+c.Message)
	default:
		return err
	}
	redirect(w, r, back)
	return nil
}

func humanizeField(f string) string {
	f = strings.TrimSuffix(strings.TrimSuffix(f, "_id"), "_on")
	return strings.ReplaceAll(f, "_", " ")
}

// planData is a plan's page.
type planData struct {
	Plan       *plan.Plan
	Strategies []plan.Strategy
	Feedback   []plan.Feedback
	History    []account.AuditEvent
	CanEdit    bool
	CanComment bool
	Levels     []string
	Statuses   []string
	Today      string
	In30Days   string
	Blocks     *subjectPanel                // the plan's roadblocks and its next review
	AreaBlocks map[int64][]review.Roadblock // each area's roadblocks
	// PromoteTo and PromoteFor are what "make it an initiative activity"
	// offers: the person's initiatives and organizations.
	PromoteTo, PromoteFor []plan.Choice
}

// planView shows a plan as the handout does: each area, its strategies and
// actions, and how we will know, with the forms of those who may change it.
func (h *handler) planView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "plan")
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r)
	p, err := h.Plans.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	d := planData{Plan: p, Levels: network.Levels[1:], Statuses: plan.ActionStatuses,
		Today: h.now().Format("2006-01-02"), In30Days: h.now().AddDate(0, 0, 30).Format("2006-01-02")}
	if d.Strategies, err = h.Plans.Strategies(ctx, actor); err != nil {
		return err
	}
	if d.Feedback, err = h.Plans.Feedback(ctx, actor, id); err != nil {
		return err
	}
	if d.History, err = h.Plans.History(ctx, actor, id); err != nil {
		return err
	}
	if d.Blocks, err = h.subjectPanel(r, plan.SubjectPlan, p.ID); err != nil {
		return err
	}
	d.AreaBlocks = map[int64][]review.Roadblock{}
	for _, a := range p.Areas {
		if d.AreaBlocks[a.ID], err = h.Reviews.Roadblocks(ctx, actor, review.RoadblockFilter{SubjectKind: plan.SubjectArea,
			SubjectID: a.ID}); err != nil {
			return err
		}
	}
	if d.PromoteTo, d.PromoteFor, err = h.Plans.PromoteChoices(ctx, actor); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.EditPlan, p.Target()); err != nil {
		return err
	}
	if d.CanComment, err = h.may(r, account.CommentOnPlan, p.Target()); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "plan", p.Title, "plans", d)
	return nil
}

// planForm reads a plan's id from the path and runs a change with it,
// then goes back to the plan with a message.
func (h *handler) planForm(w http.ResponseWriter, r *http.Request, failed string,
	change func(id int64) (string, error)) error {
	id, err := pathInt(r, "plan")
	if err != nil {
		return err
	}
	done, err := change(id)
	if err != nil {
		return h.planProblem(w, r, err, planPath(id), failed)
	}
	h.setFlash(w, r, "success", done)
	redirect(w, r, planPath(id))
	return nil
}

func planFormInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}

// planSave rewrites a plan's title, purpose and period.
func (h *handler) planSave(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The plan was not saved", func(id int64) (string, error) {
		_, err := h.Plans.Update(r.Context(), httpx.Actor(r), id, plan.Input{Title: r.PostFormValue("title"),
			Purpose: r.PostFormValue("purpose"), StartsOn: r.PostFormValue("starts_on"),
			EndsOn: r.PostFormValue("ends_on")})
		return "The plan is saved.", err
	})
}

// planActionAdd adds an action under a strategy.
func (h *handler) planActionAdd(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The action was not added", func(id int64) (string, error) {
		x, err := h.Plans.AddAction(r.Context(), httpx.Actor(r), id, plan.ActionInput{AreaID: planFormInt(r, "area_id"),
			Strategy: r.PostFormValue("strategy"), Title: r.PostFormValue("title"), DueOn: r.PostFormValue("due_on")})
		if err != nil {
			return "", err
		}
		return "The action " + account.Quote(x.Title) + " is added under " + x.StrategyName + ".", nil
	})
}

// planActionSave changes an action's status.
func (h *handler) planActionSave(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The action was not changed", func(id int64) (string, error) {
		action, err := pathInt(r, "action")
		if err != nil {
			return "", err
		}
		x, err := h.Plans.UpdateAction(r.Context(), httpx.Actor(r), id, action,
			plan.ActionInput{Status: r.PostFormValue("status"), DueOn: r.PostFormValue("due_on")})
		if err != nil {
			return "", err
		}
		return "The action " + account.Quote(x.Title) + " is " + x.StatusLabel() + ".", nil
	})
}

// planActionPromote makes an action an initiative's activity.
func (h *handler) planActionPromote(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The action did not become an activity", func(id int64) (string, error) {
		action, err := pathInt(r, "action")
		if err != nil {
			return "", err
		}
		_, err = h.Plans.Promote(r.Context(), httpx.Actor(r), id, action, plan.PromoteInput{
			InitiativeID: planFormInt(r, "initiative_id"), OrganizationID: r.PostFormValue("organization_id")})
		return "The action is now an activity of the initiative.", err
	})
}

// planSignalSet sets an area's success signal.
func (h *handler) planSignalSet(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The signal was not set", func(id int64) (string, error) {
		area, err := pathInt(r, "area")
		if err != nil {
			return "", err
		}
		in := plan.SignalInput{Kind: r.PostFormValue("kind"), Level: r.PostFormValue("level"),
			IndicatorID: planFormInt(r, "indicator_id"), Description: r.PostFormValue("description")}
		if v := strings.TrimSpace(r.PostFormValue("target")); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return "", &errs.ValidationError{Fields: map[string]string{"target": "must be a number"}}
			}
			in.Target = &f
		}
		a, err := h.Plans.SetSignal(r.Context(), httpx.Actor(r), id, area, in)
		if err != nil {
			return "", err
		}
		if a.Signal.Met() {
			return "How you will know is set, and it is met already: " + a.Signal.Evidence, nil
		}
		return "How you will know is set: " + a.Signal.Text() + ". Backbone will tell you when it is met.", nil
	})
}

// planSignalTick ticks a manual check.
func (h *handler) planSignalTick(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The check was not ticked", func(id int64) (string, error) {
		area, err := pathInt(r, "area")
		if err != nil {
			return "", err
		}
		_, err = h.Plans.Tick(r.Context(), httpx.Actor(r), id, area, r.PostFormValue("note"))
		return "The check is ticked.", err
	})
}

// planAreaRemove takes an area off the plan.
func (h *handler) planAreaRemove(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The area was not removed", func(id int64) (string, error) {
		area, err := pathInt(r, "area")
		if err != nil {
			return "", err
		}
		return "The area is removed from the plan.", h.Plans.RemoveArea(r.Context(), httpx.Actor(r), id, area)
	})
}

// planShare shares the plan with a colleague or a supervisor.
func (h *handler) planShare(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The plan was not shared", func(id int64) (string, error) {
		p, err := h.Plans.Share(r.Context(), httpx.Actor(r), id, r.PostFormValue("email"))
		if err != nil {
			return "", err
		}
		return "The plan is shared with " + p.Name + ", who may read it, comment and suggest.", nil
	})
}

// planUnshare stops sharing the plan with a person.
func (h *handler) planUnshare(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The plan is still shared", func(id int64) (string, error) {
		user, err := pathInt(r, "user")
		if err != nil {
			return "", err
		}
		return "The plan is no longer shared with that person.", h.Plans.Unshare(r.Context(), httpx.Actor(r), id, user)
	})
}

// planComment adds a comment or a suggestion.
func (h *handler) planComment(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "Your feedback was not added", func(id int64) (string, error) {
		f, err := h.Plans.Comment(r.Context(), httpx.Actor(r), id, r.PostFormValue("kind"), r.PostFormValue("body"))
		if err != nil {
			return "", err
		}
		return "Your " + f.Kind + " is added.", nil
	})
}

// planDecide accepts or declines a suggestion.
func (h *handler) planDecide(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The suggestion was not answered", func(id int64) (string, error) {
		fb, err := pathInt(r, "feedback")
		if err != nil {
			return "", err
		}
		f, err := h.Plans.Decide(r.Context(), httpx.Actor(r), id, fb, r.PostFormValue("answer"))
		if err != nil {
			return "", err
		}
		return "The suggestion is " + f.Status + ".", nil
	})
}

// planClose closes the plan with its debrief.
func (h *handler) planClose(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The plan was not closed", func(id int64) (string, error) {
		_, err := h.Plans.Close(r.Context(), httpx.Actor(r), id, r.PostFormValue("debrief"))
		return "The plan is closed with its debrief.", err
	})
}

// planReopen opens a closed plan again.
func (h *handler) planReopen(w http.ResponseWriter, r *http.Request) error {
	return h.planForm(w, r, "The plan was not reopened", func(id int64) (string, error) {
		_, err := h.Plans.Reopen(r.Context(), httpx.Actor(r), id)
		return "The plan is open again.", err
	})
}

// strategiesData is the strategy library's page.
type strategiesData struct {
	Strategies []plan.Strategy
	CanEdit    bool
}

// strategiesPage shows the library of strategies, with the forms to
// rewrite them for stewards.
func (h *handler) strategiesPage(w http.ResponseWriter, r *http.Request) error {
	lib, err := h.Plans.Strategies(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	d := strategiesData{Strategies: lib}
	if d.CanEdit, err = h.may(r, account.EditStrategies, account.Platform); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "strategies", "Strategies", "plans", d)
	return nil
}

// strategySave rewrites a strategy (stewards).
func (h *handler) strategySave(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("strategy")
	st, err := h.Plans.EditStrategy(r.Context(), httpx.Actor(r), key, plan.StrategyInput{Name: r.PostFormValue("name"),
		Guidance: r.PostFormValue("guidance"), Prompts: strings.Split(r.PostFormValue("prompts"), "\n")})
	if err != nil {
		return h.planProblem(w, r, err, "/strategies#"+key, "The strategy was not saved")
	}
	h.setFlash(w, r, "success", "The strategy "+account.Quote(st.Name)+" is saved.")
	redirect(w, r, "/strategies#"+key)
	return nil
}

// planAddData is the page that adds an area from the map.
type planAddData struct {
	Input    plan.AreaInput
	What     string
	Plans    []*plan.Plan // the open plans the person may add to
	Problem  string
	TieLevel string
}

// planAddPage asks which plan an area goes to: from a tie (?tie=), no tie
// yet with an organization (?organization=), or a sector gap (?sector=).
func (h *handler) planAddPage(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	d := planAddData{Input: plan.AreaInput{TieID: q.Get("tie"), OrganizationID: q.Get("organization"),
		Sector: q.Get("sector")}}
	switch {
	case d.Input.TieID != "":
		t, err := h.Network.Tie(ctx, actor, d.Input.TieID)
		if err != nil {
			return err
		}
		d.Input.Kind = plan.AreaTie
		d.What = fmt.Sprintf("The relationship %s → %s, today %s and %s.", t.FromName, t.ToName, t.Status, t.Level)
	case d.Input.OrganizationID != "":
		o, err := h.Directory.Organization(ctx, d.Input.OrganizationID)
		if err != nil {
			return err
		}
		d.Input.Kind = plan.AreaNoTie
		d.What = "No tie yet with " + o.Name + "."
	case d.Input.Sector != "":
		d.Input.Kind = plan.AreaGap
		d.What = "No strong tie in the sector " + d.Input.Sector + "."
	default:
		return &errs.ValidationError{Fields: map[string]string{"tie": "name a tie, an organization or a sector"}}
	}
	plans, err := h.Plans.List(ctx, actor, plan.Filter{})
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.Closed() {
			continue
		}
		if ok, err := h.may(r, account.EditPlan, p.Target()); err != nil {
			return err
		} else if ok {
			d.Plans = append(d.Plans, p)
		}
	}
	h.render(w, r, http.StatusOK, "plan_add", "Add to my plan", "plans", d)
	return nil
}

// planAdd adds the area to the plan chosen, or to a new plan of one's own.
func (h *handler) planAdd(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	in := plan.AreaInput{Kind: r.PostFormValue("kind"), TieID: r.PostFormValue("tie_id"),
		OrganizationID: r.PostFormValue("organization_id"), Sector: r.PostFormValue("sector")}
	id := planFormInt(r, "plan_id")
	var areaID int64
	var err error
	if id == 0 {
		title := strings.TrimSpace(r.PostFormValue("title"))
		if title == "" {
			title = "My relationships plan"
		}
		var p *plan.Plan
		if p, areaID, err = h.Plans.CreateWithArea(ctx, actor, plan.Input{Title: title}, in); err != nil {
			return h.planProblem(w, r, err, "/plans", "Nothing was added")
		}
		id = p.ID
	} else {
		var a *plan.Area
		if a, err = h.Plans.AddArea(ctx, actor, id, in); err != nil {
			return h.planProblem(w, r, err, planPath(id), "The area was not added")
		}
		areaID = a.ID
	}
	h.setFlash(w, r, "success", "Added to your plan. Now choose the actions and how you will know.")
	redirect(w, r, fmt.Sprintf("%s#area-%d", planPath(id), areaID))
	return nil
}
