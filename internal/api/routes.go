package api

import "net/http"

// route is one endpoint: how it is served and how it is documented. The
// table below is the only list of endpoints; New registers it and the
// OpenAPI document is built from it.
type route struct {
	Method      string
	Pattern     string // a full path, with {id} wildcards
	OperationID string
	Summary     string
	Tag         string
	Public      bool     // served without a token
	Query       []param  // query parameters
	Request     string   // component schema of the request body, or ""
	RawBody     bool     // the request body is a file, sent as it is (any content type)
	RawResult   bool     // the answer is a file, sent as it was stored
	Status      int      // status of a successful answer
	Response    string   // component schema of the successful answer
	Headers     []string // response headers of a successful answer (Location, ETag, Link)
	Problems    []int    // statuses of the problems it may answer with, besides 422, 500 and 503 (see operation)
	handle      func(h *handler, w http.ResponseWriter, r *http.Request) error
}

// param is a query parameter.
type param struct {
	Name        string
	Description string
	Schema      map[string]any
}

var (
	readProblems  = []int{400, 401, 403, 404, 422}
	writeProblems = []int{400, 401, 403, 404, 409, 413, 415, 422}
)

// routes returns the API's endpoints.
func (h *handler) routes() []route {
	var all []route
	for _, part := range [][]route{
		h.coreRoutes(),
		h.initiativeWorkRoutes(),
		h.searchRoutes(),
		h.freshnessRoutes(),
		h.mergeRoutes(),
		h.serviceMergeRoutes(),
		h.networkRoutes(),
		h.measureRoutes(),
		h.serviceRoutes(),
		h.surveyRoutes(),
		h.peopleRoutes(),
		h.peopleAdminRoutes(),
		h.feedRoutes(),
		h.mailRoutes(),
		h.mailServerRoutes(),
		h.notificationRoutes(),
		h.webhookRoutes(),
		h.meetingRoutes(),
		h.healthRoutes(),
		h.categoryRoutes(),
		h.qualityRoutes(),
		h.synonymRoutes(),
		h.reviewRoutes(),
		h.planRoutes(),
		h.planViewRoutes(),
	} {
		all = append(all, part...)
	}
	return all
}

// coreRoutes are the meta, directory, initiative and tie endpoints.
func (h *handler) coreRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/openapi.json", OperationID: "getOpenAPI", Tag: "meta", Public: true,
			Summary: "This OpenAPI document", Status: 200, handle: (*handler).openAPI},
		{Method: "GET", Pattern: prefix + "/me", OperationID: "getMe", Tag: "meta",
			Summary: "The user the token belongs to", Status: 200, Response: "User", Problems: []int{401},
			handle: (*handler).me},
		{Method: "GET", Pattern: prefix + "/me/queue", OperationID: "getMyQueue", Tag: "meta",
			Summary: "What the user owes and what waits for them: reports due or late, votes, signatures, surveys, " +
				"invitations, verifications", Status: 200, Response: "WorkQueue", Problems: []int{401},
			handle: (*handler).myQueue},
		{Method: "GET", Pattern: prefix + "/sectors", OperationID: "listSectors", Tag: "directory",
			Summary: "The sectors an organization can work in", Status: 200, Response: "SectorList", Problems: []int{401, 403},
			handle: (*handler).sectors},
		{Method: "GET", Pattern: prefix + "/organizations", OperationID: "listOrganizations", Tag: "directory",
			Summary: "List and search organizations, a page at a time", Query: listParams, Status: 200,
			Response: "OrganizationPage", Headers: []string{"Link"}, Problems: []int{401, 403, 422},
			handle: (*handler).listOrganizations},
		{Method: "POST", Pattern: prefix + "/organizations", OperationID: "createOrganization", Tag: "directory",
			Summary: "Add an organization to the directory", Request: "OrganizationCreate", Status: 201,
			Response: "Organization", Headers: []string{"Location", "ETag"}, Problems: writeProblems,
			handle: (*handler).createOrganization},
		{Method: "GET", Pattern: prefix + "/organizations/{id}", OperationID: "getOrganization", Tag: "directory",
			Summary: "One organization, archived or not", Status: 200, Response: "Organization",
			Headers: []string{"ETag"}, Problems: readProblems, handle: (*handler).getOrganization},
		{Method: "PATCH", Pattern: prefix + "/organizations/{id}", OperationID: "updateOrganization", Tag: "directory",
			Summary: "Change some fields of an organization", Request: "OrganizationPatch", Status: 200,
			Response: "Organization", Headers: []string{"ETag"}, Problems: writeProblems,
			handle: (*handler).updateOrganization},
		{Method: "POST", Pattern: prefix + "/organizations/{id}/archive", OperationID: "archiveOrganization", Tag: "directory",
			Summary: "Archive an organization (it leaves lists; its history stays)", Status: 200, Response: "Organization",
			Headers: []string{"ETag"}, Problems: []int{401, 403, 404, 409}, handle: (*handler).archiveOrganization},
		{Method: "POST", Pattern: prefix + "/organizations/{id}/restore", OperationID: "restoreOrganization", Tag: "directory",
			Summary: "Restore an archived organization", Status: 200, Response: "Organization",
			Headers: []string{"ETag"}, Problems: []int{401, 403, 404, 409}, handle: (*handler).restoreOrganization},
		{Method: "GET", Pattern: prefix + "/initiatives", OperationID: "listInitiatives", Tag: "initiatives",
			Summary: "The initiatives the user takes part in, and public ones", Status: 200, Response: "InitiativeList",
			Problems: []int{401}, handle: (*handler).listInitiatives},
		{Method: "POST", Pattern: prefix + "/initiatives", OperationID: "createInitiative", Tag: "initiatives",
			Summary: "Start an initiative (the caller becomes its backbone staff)", Request: "InitiativeInput", Status: 201,
			Response: "Initiative", Headers: []string{"Location"}, Problems: writeProblems, handle: (*handler).createInitiative},
		{Method: "GET", Pattern: prefix + "/initiatives/{id}", OperationID: "getInitiative", Tag: "initiatives",
			Summary: "One initiative (404 for a private one the caller has no part in)", Status: 200, Response: "Initiative",
			Problems: []int{401, 404}, handle: (*handler).getInitiative},
		{Method: "PATCH", Pattern: prefix + "/initiatives/{id}", OperationID: "updateInitiative", Tag: "initiatives",
			Summary: "Change an initiative's name, problem, vision, agenda, geography, status, visibility or backbone (backbone staff)",
			Request: "InitiativePatch", Status: 200, Response: "Initiative", Problems: []int{400, 401, 403, 404, 409, 413, 415, 422},
			handle: (*handler).updateInitiative},
		{Method: "GET", Pattern: prefix + "/initiatives/{id}/members", OperationID: "listInitiativeMembers", Tag: "initiatives",
			Summary: "The member organizations of an initiative, with their roles and statuses", Status: 200, Response: "MemberList",
			Problems: []int{401, 404}, handle: (*handler).listMembers},
		{Method: "GET", Pattern: prefix + "/ties", OperationID: "listTies", Tag: "network",
			Summary: "Ties between organizations (the relationship map), a page at a time", Query: tieParams, Status: 200,
			Response: "TiePage", Problems: []int{400, 401, 403, 422}, handle: (*handler).listTies},
		{Method: "POST", Pattern: prefix + "/ties", OperationID: "createTie", Tag: "network",
			Summary: "Record a tie from an organization the caller speaks for", Request: "TieCreate", Status: 201,
			Response: "Tie", Headers: []string{"Location", "ETag"}, Problems: writeProblems, handle: (*handler).createTie},
		{Method: "GET", Pattern: prefix + "/ties/{id}", OperationID: "getTie", Tag: "network",
			Summary: "One tie", Status: 200, Response: "Tie", Headers: []string{"ETag"}, Problems: readProblems, handle: (*handler).getTie},
		{Method: "PATCH", Pattern: prefix + "/ties/{id}", OperationID: "updateTie", Tag: "network",
			Summary: "Change a tie; the earlier version is kept", Request: "TiePatch", Status: 200, Response: "Tie",
			Headers: []string{"ETag"}, Problems: writeProblems, handle: (*handler).updateTie},
		{Method: "GET", Pattern: prefix + "/ties/{id}/history", OperationID: "getTieHistory", Tag: "network",
			Summary: "Every version of a tie, newest first", Status: 200, Response: "TieHistory", Problems: readProblems,
			handle: (*handler).tieHistory},
	}
}

// listParams are the query parameters of the organization list.
var listParams = []param{
	{Name: "q", Description: "Part of the name or alternate name, any case", Schema: map[string]any{"type": "string", "maxLength": 200}},
	{Name: "sector", Description: "Only organizations in this sector (see /sectors)", Schema: map[string]any{"type": "string"}},
	{Name: "status", Description: "Active (default), archived, or all organizations",
		Schema: map[string]any{"type": "string", "enum": []string{"active", "archived", "all"}, "default": "active"}},
	{Name: "updated_since", Description: "Only organizations changed at or after this time (RFC 3339)",
		Schema: map[string]any{"type": "string", "format": "date-time"}},
	{Name: "sort", Description: "By name (default) or most recently updated first",
		Schema: map[string]any{"type": "string", "enum": []string{"name", "updated"}, "default": "name"}},
	{Name: "limit", Description: "Page size", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 200, "default": 25}},
	{Name: "offset", Description: "How many to skip", Schema: map[string]any{"type": "integer", "minimum": 0, "default": 0}},
}
