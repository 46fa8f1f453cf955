package account

// Partnership health: what each member commits and delivers, the benefits
// it reports, the balance between them, and the offers and needs members
// post for each other. A member's own entries are its people's to record,
// as its measurements are (ReportMeasurement): the organization's admins and
// staff, partner leads among them, act for it here without being its
// signatories, since an entry binds nothing until backbone staff confirm it.
const (
	// ViewContributions is reading an initiative's commitments and
	// contributions, the benefits members report, the balance between them
	// and its alerts, and the offers, needs and matches: anyone who may see
	// the initiative. Target: the initiative.
	ViewContributions Action = "health.contributions.view"
	// RecordContribution is recording what an organization pledges or
	// delivers for a period (with its evidence) and the benefits it
	// received: the organization's people (admins and staff) in an
	// initiative they see, and the initiative's backbone staff for any
	// member (a delivery they saw, a pledge made at a meeting). Target: the
	// organization in the initiative (OrgIn).
	RecordContribution Action = "health.contribution.record"
	// ConfirmContribution is confirming an entry (the backbone saw the
	// evidence): backbone staff; until then the entry shows as
	// unconfirmed. Target: the initiative.
	ConfirmContribution Action = "health.contribution.confirm"
	// SetContributionRate is setting the money value of an hour of staff
	// time, by which hours are added up with money where a user asks:
	// backbone staff. Target: the initiative.
	SetContributionRate Action = "health.rate.set"
	// PostOfferOrNeed is posting, for an organization, what it can offer
	// the other members or what it needs, and closing the post: the
	// organization's people in an initiative they see, and backbone staff
	// for any member. Target: the organization in the initiative (OrgIn).
	PostOfferOrNeed Action = "health.post"
	// ProposeMatch is proposing that an offer meets a need: the people of
	// either side's organization, and backbone staff. Target: the proposing
	// side in the initiative (OrgIn), or the initiative for backbone staff.
	ProposeMatch Action = "health.match.propose"
	// AnswerMatch is accepting or declining a proposed match for the side
	// that did not propose it (the offering side when backbone staff
	// proposed): that organization's people only, since taking on a match
	// is the organization's own decision. Target: the answering side in the
	// initiative (OrgIn).
	AnswerMatch Action = "health.match.answer"
	// RecordMatchOutcome is saying how an accepted match went: the people
	// of either side, and backbone staff. Target: the side in the
	// initiative (OrgIn), or the initiative for backbone staff.
	RecordMatchOutcome Action = "health.match.outcome"
)

// decideHealth is the rule book's chapter on partnership health.
func decideHealth(f Facts, a Action) (allowed, known bool) {
	ownOrg := f.orgPerson() && f.seesInitiative()
	switch a {
	case ViewContributions:
		return f.seesInitiative(), true
	case RecordContribution, PostOfferOrNeed, ProposeMatch, RecordMatchOutcome:
		return f.backbone() || ownOrg, true
	case ConfirmContribution, SetContributionRate:
		return f.backbone(), true
	case AnswerMatch:
		return ownOrg, true
	}
	return false, false
}
