package account

// Action plans: a person's, a unit's (an organization's) or an
// initiative's plan for the relationships that are challenging or missing,
// and the library of strategies plans draw on. A plan's target is
// PlanTarget: the plan with its unit or initiative, so that the facts say
// what the user is to the plan and to what it belongs to.
const (
	// CreatePlan is starting one's own plan: anyone signed in. Target: the
	// platform.
	CreatePlan Action = "plan.create"
	// CreateUnitPlan is starting a unit's plan: the organization's admins.
	// Target: the organization.
	CreateUnitPlan Action = "plan.create_unit"
	// CreateInitiativePlan is starting an initiative's plan: its backbone
	// staff. Target: the initiative.
	CreateInitiativePlan Action = "plan.create_initiative"
	// ViewPlan is reading a plan with its areas, actions, signals, comments
	// and history: for a person's plan, its owner, the people it is shared
	// with and the owner's supervisors (an admin of an organization the
	// owner works for, or of that organization's parent); for a unit's
	// plan, the unit's people; for an initiative's plan, the people with a
	// part in the initiative; and anyone a plan is shared with; stewards
	// read every plan. Target: the plan (PlanTarget).
	ViewPlan Action = "plan.view"
	// EditPlan is changing a plan: its title, areas, actions, signals and
	// shares, answering suggestions, closing it with its debrief: the
	// owner of a person's plan, the admins of a unit's, the backbone staff
	// of an initiative's. Target: the plan (PlanTarget).
	EditPlan Action = "plan.edit"
	// CommentOnPlan is commenting on a plan and suggesting changes: whoever
	// may edit it and the people it is shared with. Target: the plan
	// (PlanTarget).
	CommentOnPlan Action = "plan.comment"
	// ViewTeamPlans is reading the supervisor's page: the plans of the
	// people of the organizations one keeps and of their units (the
	// organizations whose parent is one of them), with their overdue
	// actions and the signals met, and the totals per unit: an
	// organization's admins; platform admins see every unit. Each plan on
	// it is still one the reader may read (ViewPlan). Target: the platform.
	ViewTeamPlans Action = "plan.view_team"
	// ViewStrategies is reading the library of strategies: anyone signed
	// in. Target: the platform.
	ViewStrategies Action = "strategy.view"
	// EditStrategies is rewriting the library's guidance and prompts:
	// stewards. Target: the platform.
	EditStrategies Action = "strategy.edit"
)

// The kinds of plan, as the facts name them.
const (
	PlanOfPerson     = "person"
	PlanOfUnit       = "unit"
	PlanOfInitiative = "initiative"
)

// PlanTarget names a plan as a target, with the unit (organization) or the
// initiative it belongs to, if any.
func PlanTarget(planID int64, organizationID string, initiativeID int64) Target {
	return Target{PlanID: planID, OrganizationID: organizationID, InitiativeID: initiativeID}
}

func decidePlan(f Facts, a Action) (allowed, known bool) {
	switch a {
	case CreatePlan, ViewStrategies:
		return f.signedIn(), true
	case CreateUnitPlan:
		return f.OrgRole == OrgAdmin, true
	case ViewTeamPlans:
		return f.AdminOfAnOrganization, true
	case CreateInitiativePlan:
		return f.backbone(), true
	case ViewPlan:
		return f.steward() || f.PlanShared || f.planEditor() || f.PlanSupervisor ||
			(f.PlanKind == PlanOfUnit && f.orgPerson()) ||
			(f.PlanKind == PlanOfInitiative && f.InitiativeRole != ""), true
	case EditPlan:
		return f.planEditor(), true
	case CommentOnPlan:
		return f.planEditor() || f.PlanShared, true
	case EditStrategies:
		return f.steward(), true
	}
	return false, false
}

// planEditor says the user keeps the plan of the facts: its owner, the
// unit's admin, the initiative's backbone staff.
func (f Facts) planEditor() bool {
	switch f.PlanKind {
	case PlanOfPerson:
		return f.PlanOwner
	case PlanOfUnit:
		return f.OrgRole == OrgAdmin
	case PlanOfInitiative:
		return f.backbone()
	}
	return false
}
