package api

import (
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
	"backbone/internal/plan"
)

// planRoutes are the action plans' endpoints and the strategy library's.
// Every rule is the plan store's: its owner (or the unit's admins, or the
// initiative's backbone staff) edits, the people it is shared with read
// and comment, supervisors and stewards read.
func (h *handler) planRoutes() []route {
	rt := func(method, path, op, summary, request string, status int, response string, problems []int,
		handle func(*handler, http.ResponseWriter, *http.Request) error) route {
		return route{Method: method, Pattern: prefix + path, OperationID: op, Tag: "plans", Summary: summary,
			Request: request, Status: status, Response: response, Problems: problems, handle: handle}
	}
	list := rt("GET", "/plans", "listPlans", "The plans the caller may read (their own, those shared with them, "+
		"their people's, their units' and initiatives'; every plan for stewards), newest first",
		"", 200, "PlanList", readProblems, (*handler).listPlans)
	list.Query = []param{
		{Name: "organization", Description: "Only the plans of this unit and of the people who work for it",
			Schema: obj{"type": "string"}},
		{Name: "initiative", Description: "Only the plans of this initiative", Schema: obj{"type": "integer"}},
	}
	return []route{
		list,
		rt("POST", "/plans", "createPlan", "Start a plan: one's own, a unit's (its admins) or an initiative's "+
			"(its backbone staff)", "PlanInput", 201, "Plan", writeProblems, (*handler).createPlan),
		rt("GET", "/plans/{plan}", "getPlan", "A plan with its areas (the tie when added and today), actions, "+
			"signals and shares", "", 200, "Plan", readProblems, (*handler).getPlan),
		rt("PUT", "/plans/{plan}", "updatePlan", "Rewrite a plan's title, purpose and period", "PlanInput", 200, "Plan",
			writeProblems, (*handler).updatePlan),
		rt("POST", "/plans/{plan}/close", "closePlan", "Close a plan with its debrief", "PlanClose", 200, "Plan",
			writeProblems, (*handler).closePlan),
		rt("POST", "/plans/{plan}/reopen", "reopenPlan", "Open a closed plan again", "", 200, "Plan", writeProblems,
			(*handler).reopenPlan),
		rt("GET", "/plans/{plan}/history", "listPlanHistory", "A plan's history, newest first: every change and "+
			"every signal met", "", 200, "PlanHistory", readProblems, (*handler).planHistory),
		rt("POST", "/plans/{plan}/areas", "addPlanArea", "Add an area: a tie, no tie yet with an organization, or a "+
			"sector gap", "PlanAreaInput", 201, "PlanArea", writeProblems, (*handler).addPlanArea),
		rt("DELETE", "/plans/{plan}/areas/{area}", "removePlanArea", "Take an area off a plan, with its actions and "+
			"signal", "", 204, "", writeProblems, (*handler).removePlanArea),
		rt("PUT", "/plans/{plan}/areas/{area}/signal", "setPlanSignal", "Set how we will know: the area's success "+
			"signal, checked at once and after every change of ties, surveys, gaps and indicators", "PlanSignalInput",
			200, "PlanArea", writeProblems, (*handler).setPlanSignal),
		rt("POST", "/plans/{plan}/areas/{area}/signal/tick", "tickPlanSignal", "Tick a manual check, with what "+
			"showed it", "PlanTick", 200, "PlanArea", writeProblems, (*handler).tickPlanSignal),
		rt("POST", "/plans/{plan}/actions", "addPlanAction", "Add an action under a strategy", "PlanActionInput", 201,
			"PlanAction", writeProblems, (*handler).addPlanAction),
		rt("PUT", "/plans/{plan}/actions/{action}", "updatePlanAction", "Rewrite an action: status, due date, owner",
			"PlanActionInput", 200, "PlanAction", writeProblems, (*handler).updatePlanAction),
		rt("POST", "/plans/{plan}/actions/{action}/promote", "promotePlanAction", "Make an action an activity of an "+
			"initiative (needs the right to record the organization's activities there)", "PlanPromote", 200,
			"PlanAction", writeProblems, (*handler).promotePlanAction),
		rt("POST", "/plans/{plan}/shares", "sharePlan", "Share a plan with a colleague or a supervisor, who may read, "+
			"comment and suggest", "PlanShare", 201, "PlanPerson", writeProblems, (*handler).sharePlan),
		rt("DELETE", "/plans/{plan}/shares/{user}", "unsharePlan", "Stop sharing a plan with a person", "", 204, "",
			writeProblems, (*handler).unsharePlan),
		rt("GET", "/plans/{plan}/feedback", "listPlanFeedback", "A plan's comments and suggestions, oldest first", "",
			200, "PlanFeedbackList", readProblems, (*handler).listPlanFeedback),
		rt("POST", "/plans/{plan}/feedback", "addPlanFeedback", "Comment on a plan or suggest a change (its editors "+
			"and the people it is shared with)", "PlanFeedbackInput", 201, "PlanFeedback", writeProblems,
			(*handler).addPlanFeedback),
		rt("POST", "/plans/{plan}/feedback/{feedback}/decision", "decidePlanSuggestion", "Accept or decline a "+
			"suggestion", "PlanDecision", 200, "PlanFeedback", writeProblems, (*handler).decidePlanSuggestion),
		rt("GET", "/strategies", "listStrategies", "The library of the seven strategies, with guidance and prompts",
			"", 200, "StrategyList", readProblems, (*handler).listStrategies),
		rt("PUT", "/strategies/{strategy}", "editStrategy", "Rewrite a strategy's name, guidance and prompts "+
			"(stewards)", "StrategyInput", 200, "Strategy", writeProblems, (*handler).editStrategy),
	}
}

// decodeInto reads the JSON body into v, strictly.
func decodeInto(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(data, v)
}

func (h *handler) listPlans(w http.ResponseWriter, r *http.Request) error {
	f := plan.Filter{OrganizationID: r.URL.Query().Get("organization")}
	if v := r.URL.Query().Get("initiative"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return &errs.ValidationError{Fields: map[string]string{"initiative": "must be an initiative's number"}}
		}
		f.InitiativeID = id
	}
	plans, err := h.Plans.List(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	if plans == nil {
		plans = []*plan.Plan{}
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": plans})
	return nil
}

func (h *handler) createPlan(w http.ResponseWriter, r *http.Request) error {
	var in plan.Input
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	p, err := h.Plans.Create(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/plans/%d", prefix, p.ID))
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

func (h *handler) getPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Get(r.Context(), httpx.Actor(r), id))
}

// answer writes what a store call returned, or returns its error.
func (h *handler) answer(w http.ResponseWriter, r *http.Request, status int) func(v any, err error) error {
	return func(v any, err error) error {
		if err != nil {
			return err
		}
		h.writeJSON(w, r, status, v)
		return nil
	}
}

func (h *handler) updatePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in plan.Input
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Update(r.Context(), httpx.Actor(r), id, in))
}

func (h *handler) closePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in struct {
		Debrief string `json:"debrief"`
	}
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Close(r.Context(), httpx.Actor(r), id, in.Debrief))
}

func (h *handler) reopenPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Reopen(r.Context(), httpx.Actor(r), id))
}

func (h *handler) planHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	events, err := h.Plans.History(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	items := make([]obj, len(events))
	for i, e := range events {
		items[i] = obj{"id": e.ID, "at": e.At, "who": e.Actor, "action": e.Action, "text": e.Summary}
	}
	h.writeJSON(w, r, http.StatusOK, obj{"items": items})
	return nil
}

func (h *handler) addPlanArea(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in plan.AreaInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusCreated)(h.Plans.AddArea(r.Context(), httpx.Actor(r), id, in))
}

// planIDs reads a plan's id and the id of one of its parts.
func planIDs(r *http.Request, part string) (int64, int64, error) {
	id, err := pathID(r, "plan")
	if err != nil {
		return 0, 0, err
	}
	other, err := pathID(r, part)
	return id, other, err
}

func (h *handler) removePlanArea(w http.ResponseWriter, r *http.Request) error {
	id, area, err := planIDs(r, "area")
	if err != nil {
		return err
	}
	if err := h.Plans.RemoveArea(r.Context(), httpx.Actor(r), id, area); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) setPlanSignal(w http.ResponseWriter, r *http.Request) error {
	id, area, err := planIDs(r, "area")
	if err != nil {
		return err
	}
	var in plan.SignalInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.SetSignal(r.Context(), httpx.Actor(r), id, area, in))
}

func (h *handler) tickPlanSignal(w http.ResponseWriter, r *http.Request) error {
	id, area, err := planIDs(r, "area")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Tick(r.Context(), httpx.Actor(r), id, area, in.Note))
}

func (h *handler) addPlanAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in plan.ActionInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusCreated)(h.Plans.AddAction(r.Context(), httpx.Actor(r), id, in))
}

func (h *handler) updatePlanAction(w http.ResponseWriter, r *http.Request) error {
	id, action, err := planIDs(r, "action")
	if err != nil {
		return err
	}
	var in plan.ActionInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.UpdateAction(r.Context(), httpx.Actor(r), id, action, in))
}

func (h *handler) promotePlanAction(w http.ResponseWriter, r *http.Request) error {
	id, action, err := planIDs(r, "action")
	if err != nil {
		return err
	}
	var in plan.PromoteInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Promote(r.Context(), httpx.Actor(r), id, action, in))
}

func (h *handler) sharePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusCreated)(h.Plans.Share(r.Context(), httpx.Actor(r), id, in.Email))
}

func (h *handler) unsharePlan(w http.ResponseWriter, r *http.Request) error {
	id, user, err := planIDs(r, "user")
	if err != nil {
		return err
	}
	if err := h.Plans.Unshare(r.Context(), httpx.Actor(r), id, user); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) listPlanFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	items, err := h.Plans.Feedback(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, obj{"items": items})
	return nil
}

func (h *handler) addPlanFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	var in struct {
		Kind string `json:"kind"`
		Body string `json:"body"`
	}
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusCreated)(h.Plans.Comment(r.Context(), httpx.Actor(r), id, in.Kind, in.Body))
}

func (h *handler) decidePlanSuggestion(w http.ResponseWriter, r *http.Request) error {
	id, fb, err := planIDs(r, "feedback")
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.Decide(r.Context(), httpx.Actor(r), id, fb, in.Answer))
}

func (h *handler) listStrategies(w http.ResponseWriter, r *http.Request) error {
	items, err := h.Plans.Strategies(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, obj{"items": items})
	return nil
}

func (h *handler) editStrategy(w http.ResponseWriter, r *http.Request) error {
	var in plan.StrategyInput
	if err := decodeInto(w, r, &in); err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK)(h.Plans.EditStrategy(r.Context(), httpx.Actor(r), r.PathValue("strategy"),
		in))
}

// planSchemas describe the plans' bodies.
func planSchemas() obj {
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	when := obj{"type": []string{"string", "null"}, "format": "date-time"}
	date := obj{"type": "string", "description": "YYYY-MM-DD, or empty"}
	closed := func(required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	tieState := obj{"type": []string{"object", "null"}, "additionalProperties": false,
		"required": []string{"tie_id", "version", "level", "status"},
		"properties": obj{"tie_id": str, "version": integer, "level": obj{"type": "string", "enum": network.Levels},
			"status": obj{"type": "string", "enum": network.Statuses}, "on": str}}
	signal := obj{"type": []string{"object", "null"}, "additionalProperties": false,
		"required": []string{"area_id", "kind", "description", "met_at", "evidence"},
		"properties": obj{"area_id": integer, "kind": obj{"type": "string", "enum": signalKinds},
			"level": str, "initiative_id": integer, "indicator_id": integer, "indicator_name": str,
			"target": obj{"type": "number"}, "description": str, "met_at": when,
			"evidence": obj{"type": "string",
				"description": "In words: which tie version, which wave, which value"},
			"evidence_data": obj{"type": "object", "description": "The same, as data"}}}
	action := closed([]string{"id", "area_id", "strategy", "strategy_name", "title", "owner_name", "due_on", "status",
		"overdue"}, obj{"id": integer, "area_id": integer, "strategy": str, "strategy_name": str, "title": str,
		"owner_id": integer, "owner_name": str, "due_on": str,
		"status":      obj{"type": "string", "enum": plan.ActionStatuses},
		"activity_id": integer, "activity_initiative_id": integer, "overdue": obj{"type": "boolean"}})
	area := closed([]string{"id", "plan_id", "kind", "title", "added_on", "tie_then", "tie_now", "signal", "actions"},
		obj{"id": integer, "plan_id": integer, "kind": obj{"type": "string", "enum": areaKinds}, "title": str,
			"from_organization_id": str, "from_name": str, "organization_id": str, "organization_name": str,
			"sector": str, "added_on": str, "tie_then": tieState, "tie_now": tieState, "signal": signal,
			"actions": obj{"type": "array", "items": ref("PlanAction")}})
	person := closed([]string{"id", "name", "email"}, obj{"id": integer, "name": str, "email": str})
	feedback := closed([]string{"id", "plan_id", "author", "kind", "body", "decided_at", "created_at"},
		obj{"id": integer, "plan_id": integer, "user_id": integer, "author": str,
			"kind": obj{"type": "string", "enum": []string{plan.FeedbackComment, plan.FeedbackSuggestion}},
			"body": str, "status": str, "decided_at": when, "created_at": obj{"type": "string", "format": "date-time"}})
	strategy := closed([]string{"key", "name", "guidance", "prompts", "edited"}, obj{"key": str, "name": str,
		"guidance": str, "prompts": obj{"type": []string{"array", "null"}, "items": str},
		"edited": obj{"type": "boolean"}})
	return obj{
		"Plan": closed([]string{"id", "kind", "owner_name", "title", "purpose", "starts_on", "ends_on", "status",
			"debrief", "closed_at", "created_at", "updated_at", "areas", "shared_with"},
			obj{"id": integer, "kind": obj{"type": "string", "enum": planKinds}, "user_id": integer, "owner_name": str,
				"organization_id": str, "initiative_id": integer, "title": str, "purpose": str, "starts_on": str,
				"ends_on": str, "status": obj{"type": "string", "enum": []string{plan.StatusOpen, plan.StatusClosed}},
				"debrief": str, "closed_at": when, "created_at": obj{"type": "string", "format": "date-time"},
				"updated_at":  obj{"type": "string", "format": "date-time"},
				"areas":       obj{"type": "array", "items": ref("PlanArea")},
				"shared_with": obj{"type": "array", "items": ref("PlanPerson")}}),
		"PlanList": closed([]string{"items"}, obj{"items": obj{"type": "array", "items": ref("Plan")}}),
		"PlanInput": closed([]string{"title"}, obj{"kind": obj{"type": "string", "enum": append([]string{""},
			planKinds...)}, "organization_id": str, "initiative_id": integer,
			"title": obj{"type": "string", "maxLength": 200}, "purpose": str, "starts_on": date, "ends_on": date}),
		"PlanClose": closed([]string{"debrief"}, obj{"debrief": str}),
		"PlanHistory": closed([]string{"items"}, obj{"items": obj{"type": "array", "items": closed(
			[]string{"id", "at", "who", "action", "text"}, obj{"id": integer, "at": obj{"type": "string",
				"format": "date-time"}, "who": str, "action": str, "text": str})}}),
		"PlanArea": area,
		"PlanAreaInput": closed([]string{"kind"}, obj{"kind": obj{"type": "string", "enum": areaKinds},
			"tie_id": obj{"type": "string", "description": "For a tie"},
			"from_organization_id": obj{"type": "string",
				"description": "For no tie yet or a gap: our side (the plan's own organization when left out)"},
			"organization_id": obj{"type": "string", "description": "For no tie yet: the organization to reach"},
			"sector":          obj{"type": "string", "description": "For a gap: the gap sector"},
			"title": obj{"type": "string",
				"description": "Made from the tie, organization or sector when left out"}}),
		"PlanSignalInput": closed([]string{"kind"}, obj{"kind": obj{"type": "string", "enum": signalKinds},
			"level": obj{"type": "string", "description": "For tie_level: the level to reach"},
			"initiative_id": obj{"type": "integer",
				"description": "For tie_level: only this initiative's survey waves"},
			"indicator_id": integer, "target": obj{"type": []string{"number", "null"}},
			"description": obj{"type": "string", "description": "For manual: what you will check"}}),
		"PlanTick":   closed([]string{"note"}, obj{"note": str}),
		"PlanAction": action,
		"PlanActionInput": closed(nil, obj{"area_id": integer, "strategy": str, "title": str,
			"owner_id": integer, "due_on": date, "status": obj{"type": "string", "enum": append([]string{""},
				plan.ActionStatuses...)}}),
		"PlanPromote": closed([]string{"initiative_id", "organization_id"},
			obj{"initiative_id": integer, "organization_id": str}),
		"PlanShare":        closed([]string{"email"}, obj{"email": str}),
		"PlanPerson":       person,
		"PlanFeedback":     feedback,
		"PlanFeedbackList": closed([]string{"items"}, obj{"items": obj{"type": "array", "items": ref("PlanFeedback")}}),
		"PlanFeedbackInput": closed([]string{"body"}, obj{"kind": obj{"type": "string", "enum": []string{"",
			plan.FeedbackComment, plan.FeedbackSuggestion}}, "body": str}),
		"PlanDecision": closed([]string{"accept"}, obj{"accept": obj{"type": "boolean"}}),
		"Strategy":     strategy,
		"StrategyList": closed([]string{"items"}, obj{"items": obj{"type": "array", "items": ref("Strategy")}}),
		"StrategyInput": closed([]string{"name", "guidance"}, obj{"name": str, "guidance": str,
			"prompts": obj{"type": []string{"array", "null"}, "items": str}}),
	}
}

var (
	planKinds   = []string{account.PlanOfPerson, account.PlanOfUnit, account.PlanOfInitiative}
	areaKinds   = []string{plan.AreaTie, plan.AreaNoTie, plan.AreaGap}
	signalKinds = []string{plan.SignalTieLevel, plan.SignalGapClosed, plan.SignalIndicator, plan.SignalManual}
)
