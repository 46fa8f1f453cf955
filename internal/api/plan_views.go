package api

import (
	"io"
	"net/http"
	"time"

	"backbone/internal/httpx"
	"backbone/internal/plan"
)

// planViewRoutes are the plans as each role sees them (a worker's open
// actions, the supervisor's page) and the printed handouts as PDFs.
func (h *handler) planViewRoutes() []route {
	paper := []param{{Name: "paper", Description: "The paper to print on: a4 or letter (the default)",
		Schema: obj{"type": "string", "enum": []string{"a4", "letter"}}}}
	team := route{Method: "GET", Pattern: prefix + "/plans/team", OperationID: "getTeamPlans", Tag: "plans",
		Summary: "The supervisor's page: the plans of the people of the organizations the caller keeps and of " +
			"their units (every unit for a platform admin), overdue actions first, then the signals met in the " +
			"last 90 days, every plan, and the totals per unit; each plan one the caller may read",
		Query: []param{{Name: "unit", Description: "Only this unit (an organization in the caller's reach)",
			Schema: obj{"type": "string"}}},
		Status: 200, Response: "PlanTeam", Problems: readProblems, handle: (*handler).teamPlans}
	return []route{
		team,
		{Method: "GET", Pattern: prefix + "/plans/my-actions", OperationID: "listMyPlanActions", Tag: "plans",
			Summary: "The caller's open actions across the open plans they may read: the overdue first, then by " +
				"due date", Status: 200, Response: "PlanActionRowList", Problems: readProblems,
			handle: (*handler).myPlanActions},
		{Method: "GET", Pattern: prefix + "/plans/{plan}/handout.pdf", OperationID: "getPlanHandout", Tag: "plans",
			Summary: "A plan as the three-column handout (application/pdf): area, strategies and actions, how I " +
				"will know, with its owner, period and each area's tie when added and today", Query: paper,
			Status: 200, Problems: readProblems, handle: (*handler).planHandout},
		{Method: "GET", Pattern: prefix + "/strategies.pdf", OperationID: "getStrategiesHandout", Tag: "plans",
			Summary: "The strategy library as a handout (application/pdf)", Query: paper, Status: 200,
			Problems: readProblems, handle: (*handler).strategiesHandout},
		{Method: "GET", Pattern: prefix + "/strategies/roles", OperationID: "listPlanRoles", Tag: "plans",
			Summary: "The roles and responsibilities by job level: what the front-line worker, the supervisor and " +
				"the administrator each do with plans", Status: 200, Response: "PlanRoleList", Problems: readProblems,
			handle: (*handler).planRoles},
		{Method: "GET", Pattern: prefix + "/strategies/roles.pdf", OperationID: "getRolesHandout", Tag: "plans",
			Summary: "The roles and responsibilities by job level as a handout (application/pdf)", Query: paper,
			Status: 200, Problems: readProblems, handle: (*handler).rolesHandout},
	}
}

func (h *handler) teamPlans(w http.ResponseWriter, r *http.Request) error {
	return h.answer(w, r, http.StatusOK)(h.Plans.Team(r.Context(), httpx.Actor(r), r.URL.Query().Get("unit")))
}

func (h *handler) myPlanActions(w http.ResponseWriter, r *http.Request) error {
	items, err := h.Plans.MyActions(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, obj{"items": items})
	return nil
}

// sendPDF writes a PDF made by write on the paper asked for (?paper=).
func (h *handler) sendPDF(w http.ResponseWriter, r *http.Request, title string,
	write func(w io.Writer, paper string, at time.Time) error) error {
	return plan.SendPDF(w, r.URL.Query().Get("paper"), title, h.now(), write)
}

func (h *handler) planHandout(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	p, err := h.Plans.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return h.sendPDF(w, r, p.Title, func(w io.Writer, paper string, at time.Time) error {
		return p.WritePDF(w, paper, at, true)
	})
}

func (h *handler) strategiesHandout(w http.ResponseWriter, r *http.Request) error {
	lib, err := h.Plans.Strategies(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	return h.sendPDF(w, r, "Seven practical strategies", func(w io.Writer, paper string, at time.Time) error {
		return plan.WriteStrategiesPDF(w, lib, paper, at, true)
	})
}

func (h *handler) planRoles(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Plans.Strategies(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, obj{"items": plan.Roles})
	return nil
}

func (h *handler) rolesHandout(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Plans.Strategies(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	return h.sendPDF(w, r, "Roles and responsibilities", func(w io.Writer, paper string, at time.Time) error {
		return plan.WriteRolesPDF(w, paper, at, true)
	})
}

// planViewSchemas describe the supervisor's page, the action rows and the
// roles.
func planViewSchemas() obj {
	str, integer := obj{"type": "string"}, obj{"type": "integer"}
	names := obj{"type": "array", "items": str}
	closed := func(required []string, props obj) obj {
		return obj{"type": "object", "additionalProperties": false, "properties": props, "required": required}
	}
	row := closed([]string{"id", "area_id", "strategy", "strategy_name", "title", "owner_name", "due_on", "status",
		"overdue", "plan_id", "plan_title", "person", "area_title"}, obj{"id": integer, "area_id": integer,
		"strategy": str, "strategy_name": str, "title": str, "owner_id": integer, "owner_name": str, "due_on": str,
		"status": obj{"type": "string", "enum": plan.ActionStatuses}, "activity_id": integer,
		"activity_initiative_id": integer, "overdue": obj{"type": "boolean"}, "plan_id": integer, "plan_title": str,
		"person":     obj{"type": "string", "description": "The plan's owner: a person, a unit or an initiative"},
		"area_title": str, "units": names})
	signal := closed([]string{"plan_id", "plan_title", "person", "area_id", "area_title", "signal", "met_at",
		"evidence"}, obj{"plan_id": integer, "plan_title": str, "person": str, "area_id": integer, "area_title": str,
		"signal": str, "met_at": obj{"type": "string", "format": "date-time"}, "evidence": str, "units": names})
	unit := closed([]string{"id", "name", "people", "plans", "open_actions", "overdue_actions", "signals_met"},
		obj{"id": str, "name": str, "parent_id": str, "parent_name": str, "people": integer, "plans": integer,
			"open_actions": integer, "overdue_actions": integer, "signals_met": integer})
	teamPlan := closed([]string{"id", "kind", "title", "owner", "units", "status", "ends_on", "areas",
		"open_actions", "overdue_actions", "signals_met"}, obj{"id": integer, "kind": str, "title": str,
		"owner": str, "units": names, "status": str, "ends_on": str, "areas": integer, "open_actions": integer,
		"overdue_actions": integer, "signals_met": integer})
	list := func(item obj) obj {
		return closed([]string{"items"}, obj{"items": obj{"type": "array", "items": item}})
	}
	return obj{
		"PlanActionRow":     row,
		"PlanActionRowList": list(ref("PlanActionRow")),
		"PlanTeam": closed([]string{"unit", "units", "overdue_actions", "signals_met", "signals_met_since", "plans",
			"today"}, obj{"unit": str, "units": obj{"type": "array", "items": unit},
			"overdue_actions": obj{"type": "array", "items": ref("PlanActionRow")},
			"signals_met":     obj{"type": "array", "items": signal}, "signals_met_since": str,
			"plans": obj{"type": "array", "items": teamPlan}, "today": str}),
		"PlanRoleList": list(closed([]string{"level", "title", "intro", "duties"}, obj{"level": str, "title": str,
			"intro": str, "duties": names})),
	}
}
