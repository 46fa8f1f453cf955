package api

// freshnessRoutes are the endpoints that keep the directory fresh: verifying
// records, proposing and reviewing updates, and the printable resource guide.
func (h *handler) freshnessRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/verification", OperationID: "listNeedsVerification", Tag: "directory",
			Summary: "Organizations and services not verified for a while (stewards), never verified first, then the oldest",
			Query:   verificationParams, Status: 200, Response: "StaleRecordPage", Problems: []int{401, 403, 422},
			handle: (*handler).needsVerification},
		{Method: "POST", Pattern: prefix + "/organizations/{id}/verify", OperationID: "verifyOrganization", Tag: "directory",
			Summary: "Record that the organization's record was checked and is right (stewards)", Status: 200,
			Response: "Verification", Problems: []int{401, 403, 404}, handle: (*handler).verifyOrganization},
		{Method: "POST", Pattern: prefix + "/organizations/{id}/proposals", OperationID: "proposeOrganizationUpdate", Tag: "directory",
			Summary: "Propose an update to the organization's record (its staff and admins); a steward reviews it",
			Request: "ChangeProposalCreate", Status: 201, Response: "ChangeProposal", Problems: writeProblems,
			handle: (*handler).proposeOrganizationUpdate},
		{Method: "GET", Pattern: prefix + "/organizations/{id}/proposals", OperationID: "listOrganizationProposals", Tag: "directory",
			Summary: "The updates proposed to an organization (stewards and the organization's people)", Query: proposalParams("all"),
			Status: 200, Response: "ChangeProposalPage", Problems: readProblems, handle: (*handler).listOrganizationProposals},
		{Method: "GET", Pattern: prefix + "/proposals", OperationID: "listChangeProposals", Tag: "directory",
			Summary: "The review queue of proposed updates and organizations, oldest first (stewards); " +
				"with mine=true, one's own proposals and their outcome, newest first (anyone signed in)",
			Query:  append(proposalParams("pending"), mineParam),
			Status: 200, Response: "ChangeProposalPage", Problems: []int{401, 403, 422}, handle: (*handler).listChangeProposals},
		{Method: "POST", Pattern: prefix + "/proposals", OperationID: "proposeOrganization", Tag: "directory",
			Summary: "Propose an organization that is not in the directory yet (anyone who works for an organization); " +
				"a steward reviews it",
			Request: "NewOrganizationProposal", Status: 201, Response: "ChangeProposal", Problems: writeProblems,
			handle: (*handler).proposeOrganization},
		{Method: "POST", Pattern: prefix + "/proposals/{id}/accept", OperationID: "acceptChangeProposal", Tag: "directory",
			Summary: "Accept a proposal, all of it or the fields listed (stewards): the others are declined; " +
				"a field changed in the record since the proposal was made is refused with 409 unless listed in overwrite",
			Request: "ChangeProposalReview", Status: 200, Response: "ChangeProposal", Problems: writeProblems, handle: (*handler).acceptChangeProposal},
		{Method: "POST", Pattern: prefix + "/proposals/{id}/reject", OperationID: "rejectChangeProposal", Tag: "directory",
			Summary: "Reject a proposed update, saying why (stewards)", Request: "ChangeProposalReview", Status: 200,
			Response: "ChangeProposal", Problems: writeProblems, handle: (*handler).rejectChangeProposal},
		{Method: "GET", Pattern: prefix + "/guide", OperationID: "getResourceGuide", Tag: "directory",
			Summary: "A resource guide: the services of a sector, category or area, grouped by category", Query: guideParams,
			Status: 200, Response: "Guide", Problems: []int{401, 403, 422}, handle: (*handler).guide},
		{Method: "GET", Pattern: prefix + "/guide.pdf", OperationID: "getResourceGuidePDF", Tag: "directory",
			Summary: "The same resource guide as a PDF file for printing (application/pdf)", Query: guideParams,
			Status: 200, Problems: []int{401, 403, 422}, handle: (*handler).guidePDF},
	}
}

var pageParams = []param{
	{Name: "limit", Description: "Page size", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 200}},
	{Name: "offset", Description: "How many to skip", Schema: map[string]any{"type": "integer", "minimum": 0, "default": 0}},
}

var verificationParams = append([]param{
	{Name: "older_than_days", Description: "List records last verified longer ago than this many days, or never (configurable; 365 when left out)",
		Schema: map[string]any{"type": "integer", "minimum": 0, "maximum": 36500, "default": 365}},
}, pageParams...)

func proposalParams(status string) []param {
	return append([]param{{Name: "status", Description: "Which proposals to list",
		Schema: map[string]any{"type": "string", "enum": []string{"pending", "accepted", "rejected", "all"}, "default": status}}}, pageParams...)
}

var mineParam = param{Name: "mine", Description: "true: only the proposals the caller made, of any organization",
	Schema: map[string]any{"type": "boolean", "default": false}}

var guideParams = []param{
	{Name: "sector", Description: "Only services of organizations in this sector (see /sectors)", Schema: map[string]any{"type": "string"}},
	{Name: "category", Description: "A taxonomy term, by id or name; services filed under a term below it count too", Schema: map[string]any{"type": "string", "maxLength": 200}},
	{Name: "area", Description: "A city where the service is delivered, or part of the name of a service area", Schema: map[string]any{"type": "string", "maxLength": 200}},
}
