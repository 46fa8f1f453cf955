package api

import (
	"net/http"

	"backbone/internal/initiative"
)

// The initiative workspace: members, the common agenda, activities and the
// RACI matrix, responsibilities, governance, agreements, decisions,
// compatibility checks and the updates feed. Reads need the initiative to be
// viewable (a private one the caller has no part in answers 404); each
// write names the account action the domain's doc comment asks for.

// workPrefix is where an initiative's workspace lives.
const workPrefix = prefix + "/initiatives/{id}"

// initiativeWorkRoutes are the endpoints of an initiative's workspace.
func (h *handler) initiativeWorkRoutes() []route {
	rt := func(method, path, op, tag, summary, request string, status int, response string, problems []int,
		handle func(*handler, http.ResponseWriter, *http.Request) error) route {
		return route{Method: method, Pattern: workPrefix + path, OperationID: op, Tag: tag, Summary: summary,
			Request: request, Status: status, Response: response, Problems: problems, handle: handle}
	}
	read := []int{400, 401, 404}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	routes := []route{
		rt("GET", "/members/history", "listMemberHistory", "members", "Every move of every member (invited, joined, declined, left, role changed), oldest first",
			"", 200, "MemberHistory", read, workList((*initiative.Store).MemberHistory)),
		rt("POST", "/members", "inviteMember", "members", "Invite an organization from the directory in a role (backbone staff)",
			"MemberInvite", 201, "Member", act, (*handler).inviteMember),
		rt("POST", "/members/{org}/respond", "respondToInvitation", "members",
			"Accept or decline an invitation, for the invited organization (its admins and partner leads; "+
				"not backbone staff: an organization joins by its own decision)",
			"MemberResponse", 200, "Member", act, (*handler).respondMember),
		rt("POST", "/members/{org}/leave", "leaveInitiative", "members",
			"An active member leaves by its own decision (its admins and partner leads), keeping why; its history stays",
			"MemberLeave", 200, "Member", act, (*handler).leaveMember),
		rt("POST", "/members/{org}/remove", "removeMember", "members",
			"Take an organization out by the backbone's decision, saying why: "+
				"remove an active member or withdraw an open invitation (backbone staff)",
			"MemberRemoval", 200, "Member", act, (*handler).removeMember),
		rt("PATCH", "/members/{org}", "changeMemberRole", "members", "Give an invited or active member another role (backbone staff)",
			"MemberRoleChange", 200, "Member", act, (*handler).changeMemberRole),

		rt("GET", "/agenda", "listAgenda", "agenda", "The common agenda, in order", "", 200, "AgendaList", read, workList((*initiative.Store).AgendaItems)),
		rt("POST", "/agenda", "addAgendaItem", "agenda", "Add a goal at the end of the common agenda (backbone staff)",
			"AgendaItemInput", 201, "AgendaItem", act, (*handler).addAgendaItem),
		rt("PATCH", "/agenda/{item}", "editAgendaItem", "agenda", "Rewrite an agenda item's title or description (backbone staff)",
			"AgendaItemPatch", 200, "AgendaItem", act, (*handler).editAgendaItem),
		rt("POST", "/agenda/{item}/archive", "archiveAgendaItem", "agenda", "Take an item off the common agenda; its activities keep pointing at it",
			"", 200, "AgendaItem", act, (*handler).archiveAgendaItem),
		rt("PUT", "/agenda/order", "reorderAgenda", "agenda", "Put the current agenda items in a new order (each id once)",
			"AgendaOrder", 200, "AgendaList", act, (*handler).reorderAgenda),

		rt("GET", "/activities", "listActivities", "activities", "The mutually reinforcing activities, by agenda item",
			"", 200, "ActivityList", read, workList((*initiative.Store).Activities)),
		rt("POST", "/activities", "addActivity", "activities", "Record an activity of an active member (backbone staff, or the member's own people)",
			"ActivityInput", 201, "Activity", act, (*handler).addActivity),
		rt("GET", "/activities/{activity}", "getActivity", "activities", "One activity", "", 200, "Activity", read, (*handler).getActivity),
		rt("PATCH", "/activities/{activity}", "updateActivity", "activities",
			"Change some fields of an activity (backbone staff, or its organization's own people; "+
				"moving it needs the same right for the new organization)",
			"ActivityPatch", 200, "Activity", act, (*handler).updateActivity),
		rt("DELETE", "/activities/{activity}", "deleteActivity", "activities",
			"Delete an activity and its RACI letters (backbone staff, or its organization's own people; "+
				"better: mark it done or stopped)",
			"", 204, "", act, (*handler).deleteActivity),
		rt("PUT", "/activities/{activity}/raci", "setRACI", "activities", "Give an organization or a person a RACI letter for an activity, or take it away (backbone staff)",
			"RACIInput", 200, "RACIAssignmentList", act, (*handler).setRACI),
		rt("GET", "/raci", "getRACIMatrix", "activities", "The RACI matrix: activities against member organizations, with flags for no one or several accountable",
			"", 200, "RACIMatrix", read, (*handler).raciMatrix),
		rt("GET", "/coverage", "getCoverage", "activities", "Who does what toward each agenda item: overlaps between members and gaps nobody works on",
			"", 200, "Coverage", read, (*handler).coverage),

		rt("GET", "/responsibilities", "listResponsibilities", "responsibilities", "What each member organization and each person is responsible for",
			"", 200, "Responsibilities", read, (*handler).listResponsibilities),
		rt("PUT", "/responsibilities/{org}", "setOrganizationResponsibilities", "responsibilities",
			"Replace what a member organization is responsible for (backbone staff; its admins and partner leads for their own)",
			"ResponsibilityList", 200, "OrganizationResponsibilities", act, (*handler).setOrganizationResponsibilities),
		rt("GET", "/people/{user}", "getPerson", "responsibilities", "A person's job role and responsibilities in the initiative",
			"", 200, "Person", read, (*handler).getPerson),
		rt("PUT", "/people/{user}", "setPerson", "responsibilities", "Set a person's job role and responsibilities (backbone staff)",
			"PersonInput", 200, "Person", act, (*handler).setPerson),
		rt("DELETE", "/people/{user}", "removePerson", "responsibilities", "Drop a person's job role and responsibilities (backbone staff)",
			"", 204, "", act, (*handler).removePerson),

		rt("GET", "/governance", "getGovernance", "governance", "The current governance framework (404 until one is adopted)",
			"", 200, "Governance", read, (*handler).getGovernance),
		rt("GET", "/governance/history", "listGovernanceVersions", "governance", "Every version of the governance framework, newest first",
			"", 200, "GovernanceHistory", read, (*handler).listGovernanceVersions),
		rt("PUT", "/governance", "saveGovernance", "governance", "Adopt a new version of the governance framework (backbone staff; base_version guards against stale copies)",
			"GovernanceInput", 200, "Governance", act, (*handler).saveGovernance),

		rt("GET", "/agreements", "listAgreements", "agreements", "The initiative's agreements, newest effective date first",
			"", 200, "AgreementList", read, (*handler).listAgreements),
		rt("POST", "/agreements", "createAgreement", "agreements", "Draft an agreement between active members (backbone staff)",
			"AgreementInput", 201, "Agreement", act, (*handler).createAgreement),
		rt("GET", "/agreements/{agreement}", "getAgreement", "agreements", "One agreement with its parties and status",
			"", 200, "Agreement", read, (*handler).getAgreement),
		rt("PATCH", "/agreements/{agreement}", "updateAgreement", "agreements", "Change a draft agreement (nobody has signed yet; backbone staff)",
			"AgreementPatch", 200, "Agreement", act, (*handler).updateAgreement),
		rt("POST", "/agreements/{agreement}/sign", "signAgreement", "agreements", "Record a party's signature (those who act for it, or backbone staff for a signature made on paper)",
			"AgreementSignature", 200, "Agreement", act, (*handler).signAgreement),
		rt("PUT", "/agreements/{agreement}/document", "attachAgreementDocument", "agreements",
			"Attach the agreement's file (backbone staff): the raw file as the body with its Content-Type, the name in ?filename= or Content-Disposition (at most 10 MiB)",
			"", 200, "Agreement", []int{400, 401, 403, 404, 413, 422}, (*handler).attachDocument),
		rt("GET", "/agreements/{agreement}/document", "getAgreementDocument", "agreements", "The agreement's file, as it was uploaded",
			"", 200, "", read, (*handler).agreementDocument),
	}
	// The document routes carry files, not JSON.
	for i := range routes {
		if routes[i].OperationID == "attachAgreementDocument" {
			routes[i].RawBody = true
		}
		if routes[i].OperationID == "getAgreementDocument" {
			routes[i].RawResult = true
		}
	}
	routes = append(routes, []route{

		rt("GET", "/proposals", "listProposals", "decisions", "Proposals, open ones first", "", 200, "ProposalList", read, (*handler).listProposals),
		rt("POST", "/proposals", "propose", "decisions", "Propose something for a member organization (its people); the current governance rule applies (409 without governance)",
			"ProposalInput", 201, "Proposal", act, (*handler).propose),
		rt("GET", "/proposals/{proposal}", "getProposal", "decisions", "One proposal with its votes, delegations, comments and the count so far",
			"", 200, "Proposal", read, (*handler).getProposal),
		rt("POST", "/proposals/{proposal}/votes", "vote", "decisions", "Vote for a member organization (its admins, or its staff who are partner leads); voting again changes the vote until voting closes (409 after the deadline); the latest counts, and every vote cast stays in the proposal's vote_history",
			"VoteInput", 200, "Proposal", act, (*handler).vote),
		rt("POST", "/proposals/{proposal}/delegations", "delegateVote", "decisions", "Give a member's vote on this proposal to another member (its admins, or its staff who are partner leads)",
			"DelegationInput", 200, "Proposal", act, (*handler).delegate),
		rt("POST", "/proposals/{proposal}/comments", "commentOnProposal", "decisions", "Comment for a member organization, voting or not (its people)",
			"CommentInput", 201, "Comment", act, (*handler).comment),
		rt("POST", "/proposals/{proposal}/close", "closeProposal", "decisions", "Count the votes and record the outcome with its reasons (backbone staff)",
			"", 200, "Proposal", act, (*handler).closeProposal),
		rt("POST", "/proposals/{proposal}/withdraw", "withdrawProposal", "decisions", "Take an open proposal off the table (the proposer while they work for the proposing organization, its admins or partner leads, or backbone staff)",
			"", 200, "Proposal", act, (*handler).withdrawProposal),
		rt("GET", "/decisions", "getDecisionLog", "decisions", "The decision log (any signed-in caller may read it once the initiative makes it public)",
			"", 200, "ProposalList", read, (*handler).decisionLog),
		rt("PUT", "/decisions/public", "setDecisionLogPublic", "decisions", "Choose whether the decision log is public (backbone staff)",
			"DecisionLogSetting", 200, "DecisionLogSetting", act, (*handler).setDecisionLogPublic),

		rt("GET", "/assessments", "listAssessments", "compatibility",
			"The compatibility checks with prospective partners the caller may read (all of them for backbone staff, their own organization's for a partner's people), newest first",
			"", 200, "AssessmentList", read, (*handler).listAssessments),
		rt("POST", "/assessments", "startAssessment", "compatibility", "Start a compatibility check with an organization (backbone staff)",
			"AssessmentStart", 201, "Assessment", act, (*handler).startAssessment),
		rt("GET", "/assessments/{assessment}", "getAssessment", "compatibility", "A compatibility check with both sides' answers and the summary of disagreements",
			"", 200, "Assessment", []int{400, 401, 403, 404}, (*handler).getAssessment),
		rt("PUT", "/assessments/{assessment}/answers", "answerAssessment", "compatibility", "Record one side's answers: the initiative (backbone staff) or the partner (its people)",
			"AssessmentAnswers", 200, "Assessment", act, (*handler).answerAssessment),

		rt("GET", "/updates", "listUpdates", "updates", "Who changed what, newest first; the first page starts with agreements due for renewal",
			"", 200, "UpdateList", read, (*handler).updates),
	}...)
	for i := range routes {
		switch routes[i].OperationID {
		case "addAgendaItem", "addActivity", "createAgreement", "propose", "startAssessment":
			routes[i].Headers = []string{"Location"}
		case "listUpdates":
			routes[i].Query = updateParams
		case "attachAgreementDocument":
			routes[i].Query = []param{{Name: "filename", Description: "The file's name (or send Content-Disposition: attachment; filename=...)",
				Schema: map[string]any{"type": "string", "maxLength": 500}}}
		}
	}
	return routes
}

// updateParams are the query parameters of the updates feed.
var updateParams = []param{
	{Name: "limit", Description: "How many entries, 1 to 200 (50 by default)", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 200}},
	{Name: "before", Description: "Only entries older than this entry id (the next page)", Schema: map[string]any{"type": "integer", "minimum": 1}},
}
