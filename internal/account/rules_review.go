package account

// Roadblocks and scheduled reviews of an initiative's things: the
// initiative itself, its goals, activities and agreements. (An
// organization's own goal keeps its own rules: ViewOrganizationGoals and
// SetOrganizationGoals decide who reads and who writes its roadblocks and
// reviews; a plan's, when plans are in, the plan's rules.)
const (
	// ViewRoadblocks is reading the roadblocks of an initiative's things,
	// their heat grid and each one's record: whoever may see the
	// initiative. Target: the initiative.
	ViewRoadblocks Action = "roadblock.view"
	// ProposeRoadblock is putting a roadblock on the register, which then
	// waits as proposed until the backbone staff accept it: the
	// initiative's people (backbone staff, partner leads and members: those
	// with a part in it, not viewers nor the public). Target: the
	// initiative.
	ProposeRoadblock Action = "roadblock.propose"
	// ManageRoadblocks is recording roadblocks as open, accepting proposed
	// ones, changing their likelihood, impact, mitigation, owner, review
	// date and status (mitigated, closed): backbone staff. Target: the
	// initiative.
	ManageRoadblocks Action = "roadblock.manage"
	// ViewReviews is reading the review cadence of an initiative's things,
	// the reviews held and what each changed, and printing one: whoever
	// may see the initiative. Target: the initiative.
	ViewReviews Action = "review.view"
	// ManageReviews is setting a review cadence and recording a review held
	// (who took part, what was found, what changed): backbone staff. What a
	// review changes is also checked by the rule of each change (a goal's
	// revision by ManageMeasurement). Target: the initiative.
	ManageReviews Action = "review.manage"
)

// decideReview is the rule book's chapter on roadblocks and reviews.
func decideReview(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewRoadblocks, ViewReviews:
		return f.seesInitiative(), true
	case ProposeRoadblock:
		return f.backbone() || f.InitiativeRole == InitiativePartnerLead || f.InitiativeRole == InitiativeMember, true
	case ManageRoadblocks, ManageReviews:
		return f.backbone(), true
	}
	return false, false
}
