package web

import (
	"net/http"
)

// route is one address of the web interface: its method and pattern (as
// net/http's ServeMux reads them), whether anyone may reach it or only a
// signed-in person, and the page that serves it. Who may see or change
// which record is decided by the domain, where the page's operation is
// carried out, not here.
type route struct {
	method, pattern string
	public          bool
	handle          pageFunc
}

// pageFunc serves a page. It writes the page, or returns an error for fail
// to turn into the page a person should see (sign in, not found, not
// allowed, busy, ...), as the JSON API's handlers do.
type pageFunc func(h *handler, w http.ResponseWriter, r *http.Request) error

// legacy adapts a page that still writes its own errors.
func legacy(page func(h *handler, w http.ResponseWriter, r *http.Request)) pageFunc {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		page(h, w, r)
		return nil
	}
}

// Route is an address the web interface serves, as tests and the
// authorization matrix read them.
type Route struct {
	Method, Pattern string
	Public          bool // reached without signing in
}

// Routes lists every address of the web interface, in the order it is
// registered.
func Routes() []Route {
	var out []Route
	for _, rt := range routes() {
		out = append(out, Route{Method: rt.method, Pattern: rt.pattern, Public: rt.public})
	}
	return out
}

// routes is every page of the web interface, in one place, grouped by what
// they serve.
func routes() []route {
	get := func(pattern string, page pageFunc) route {
		return route{method: http.MethodGet, pattern: pattern, handle: page}
	}
	post := func(pattern string, page pageFunc) route {
		return route{method: http.MethodPost, pattern: pattern, handle: page}
	}
	open := func(rt route) route { rt.public = true; return rt }
	return []route{
		// The stylesheet and scripts; signing in and out.
		open(get("/static/", (*handler).static)),
		open(get("/login", legacy((*handler).loginPage))),
		open(post("/login", legacy((*handler).login))),
		open(post("/logout", legacy((*handler).logout))),

		// Home, the signed-in person's account and the audit log.
		get("/{$}", legacy((*handler).home)),
		get("/account", (*handler).accountPage),
		post("/account/password", (*handler).accountPassword),
		get("/audit", (*handler).auditLog),

		// The directory: organizations.
		get("/organizations", (*handler).organizationList),
		get("/organizations/new", (*handler).organizationNew),
		post("/organizations", (*handler).organizationCreate),
		get("/organizations/{id}", (*handler).organizationView),
		get("/organizations/{id}/edit", (*handler).organizationEdit),
		post("/organizations/{id}", (*handler).organizationSave),
		post("/organizations/{id}/archive", (*handler).organizationArchive),
		post("/organizations/{id}/restore", (*handler).organizationRestore),

		// The directory: services and locations.
		get("/organizations/{id}/services/new", (*handler).serviceNew),
		post("/organizations/{id}/services/new", (*handler).serviceCreate),
		get("/services/{id}", (*handler).serviceView),
		get("/services/{id}/edit", (*handler).serviceEdit),
		post("/services/{id}/edit", (*handler).serviceSave),
		get("/organizations/{id}/locations/new", (*handler).locationNew),
		post("/organizations/{id}/locations/new", (*handler).locationCreate),
		get("/locations/{id}/edit", (*handler).locationEdit),
		post("/locations/{id}/edit", (*handler).locationSave),

		// The directory: search, freshness, proposed updates, the resource
		// guide, import and export.
		get("/search", (*handler).searchPage),
		get("/verification", (*handler).verificationList),
		post("/verification/verify", (*handler).verifyRecord),
		get("/organizations/{id}/freshness", (*handler).organizationFreshness),
		post("/organizations/{id}/verify", (*handler).organizationVerify),
		get("/organizations/{id}/propose", (*handler).proposalNew),
		post("/organizations/{id}/proposals", (*handler).proposalCreate),
		get("/proposals", (*handler).proposalQueue),
		post("/proposals/{id}/accept", (*handler).proposalAccept),
		post("/proposals/{id}/reject", (*handler).proposalReject),
		get("/guide", (*handler).guidePage),
		get("/guide/print", (*handler).guidePrint),
		get("/guide.pdf", (*handler).guidePDF),
		get("/directory/import", (*handler).directoryImportPage),
		post("/directory/import", (*handler).directoryImport),
		get("/directory/export.zip", (*handler).directoryExport),

		// An organization's own goals.
		get("/organizations/{id}/goals", legacy((*handler).orgGoalsPage)),
		post("/organizations/{id}/goals", legacy((*handler).orgGoalCreate)),
		get("/organizations/{id}/goals/{goal}", legacy((*handler).orgGoalPage)),
		post("/organizations/{id}/goals/{goal}", legacy((*handler).orgGoalRevise)),
		post("/organizations/{id}/goals/{goal}/milestones", legacy((*handler).orgMilestoneCreate)),

		// The relationship map: ties, the map, analysis, gaps.
		get("/network", legacy((*handler).networkPage)),
		get("/network/ties.csv", legacy((*handler).tiesCSV)),
		post("/network/import", legacy((*handler).tiesImport)),
		get("/network/map", legacy((*handler).networkMap)),
		get("/network/map.svg", legacy((*handler).networkMapSVG)),
		get("/network/gaps", legacy((*handler).networkGaps)),
		get("/network/gaps/sectors", legacy((*handler).gapSectors)),
		post("/network/gaps/sectors", legacy((*handler).gapSectorsSave)),
		get("/network/analysis", legacy((*handler).networkAnalysis)),
		get("/network/analysis/compare", legacy((*handler).networkCompare)),
		post("/network/analysis/jobs", legacy((*handler).analysisJobStart)),
		get("/network/analysis/jobs/{id}", legacy((*handler).analysisJobStatus)),
		post("/network/analysis/jobs/{id}/cancel", legacy((*handler).analysisJobCancel)),
		get("/ties/new", legacy((*handler).tieNew)),
		post("/ties", legacy((*handler).tieCreate)),
		get("/ties/{id}", legacy((*handler).tieView)),
		post("/ties/{id}", legacy((*handler).tieSave)),

		// Partner surveys: the coordinators' pages, and the respondents' form,
		// which needs no account (the private link is the key) but is still
		// behind the CSRF check, whose cookie works for anonymous visitors.
		get("/network/surveys", legacy((*handler).surveyList)),
		get("/network/surveys/new", legacy((*handler).surveyNew)),
		post("/network/surveys", legacy((*handler).surveyCreate)),
		get("/network/surveys/compare", legacy((*handler).surveyCompare)),
		get("/network/surveys/{id}", legacy((*handler).surveyView)),
		post("/network/surveys/{id}/remind", legacy((*handler).surveyRemind)),
		post("/network/surveys/{id}/close", legacy((*handler).surveyClose)),
		open(get("/survey/{token}", legacy((*handler).surveyRespondPage))),
		open(post("/survey/{token}", legacy((*handler).surveyRespond))),

		// Initiatives.
		get("/initiatives", legacy((*handler).initiativeList)),
		get("/initiatives/new", legacy((*handler).initiativeNew)),
		post("/initiatives", legacy((*handler).initiativeCreate)),
		get("/initiatives/{id}", legacy((*handler).initiativeView)),
		get("/initiatives/{id}/edit", legacy((*handler).initiativeEdit)),
		post("/initiatives/{id}/edit", legacy((*handler).initiativeSave)),
		get("/initiatives/{id}/updates", legacy((*handler).updatesPage)),

		// An initiative's members: invitations, answers, roles, leaving.
		get("/initiatives/{id}/members", legacy((*handler).membersPage)),
		post("/initiatives/{id}/members", legacy((*handler).memberInvite)),
		post("/initiatives/{id}/members/{org}/role", legacy((*handler).memberRole)),
		post("/initiatives/{id}/members/{org}/respond", legacy((*handler).memberRespond)),
		post("/initiatives/{id}/members/{org}/leave", legacy((*handler).memberLeave)),

		// An initiative's work: the common agenda, activities, RACI,
		// responsibilities and people.
		get("/initiatives/{id}/work", legacy((*handler).workPage)),
		post("/initiatives/{id}/agenda", legacy((*handler).agendaAdd)),
		get("/initiatives/{id}/agenda/{item}/edit", legacy((*handler).agendaEdit)),
		post("/initiatives/{id}/agenda/{item}", legacy((*handler).agendaSave)),
		post("/initiatives/{id}/agenda/{item}/move", legacy((*handler).agendaMove)),
		post("/initiatives/{id}/agenda/{item}/archive", legacy((*handler).agendaArchive)),
		get("/initiatives/{id}/activities/new", legacy((*handler).activityNew)),
		post("/initiatives/{id}/activities", legacy((*handler).activityCreate)),
		get("/initiatives/{id}/activities/{activity}/edit", legacy((*handler).activityEdit)),
		post("/initiatives/{id}/activities/{activity}", legacy((*handler).activitySave)),
		post("/initiatives/{id}/activities/{activity}/delete", legacy((*handler).activityDelete)),
		get("/initiatives/{id}/work/raci", legacy((*handler).raciPage)),
		post("/initiatives/{id}/work/raci", legacy((*handler).raciSave)),
		get("/initiatives/{id}/people", legacy((*handler).peoplePage)),
		post("/initiatives/{id}/people", legacy((*handler).personSave)),
		post("/initiatives/{id}/people/{user}/remove", legacy((*handler).personRemove)),
		post("/initiatives/{id}/responsibilities/{org}", legacy((*handler).responsibilitiesSave)),

		// An initiative's governance and agreements.
		get("/initiatives/{id}/governance", legacy((*handler).governancePage)),
		post("/initiatives/{id}/governance", legacy((*handler).governanceSave)),
		get("/initiatives/{id}/agreements", legacy((*handler).agreementList)),
		get("/initiatives/{id}/agreements/new", legacy((*handler).agreementNew)),
		post("/initiatives/{id}/agreements", legacy((*handler).agreementCreate)),
		get("/initiatives/{id}/agreements/{agreement}", legacy((*handler).agreementView)),
		post("/initiatives/{id}/agreements/{agreement}/sign", legacy((*handler).agreementSign)),
		get("/initiatives/{id}/agreements/{agreement}/document", legacy((*handler).agreementDownload)),
		post("/initiatives/{id}/agreements/{agreement}/document", legacy((*handler).agreementUpload)),

		// An initiative's decisions and compatibility checks.
		get("/initiatives/{id}/decisions", legacy((*handler).decisionList)),
		post("/initiatives/{id}/decisions", legacy((*handler).decisionPropose)),
		get("/initiatives/{id}/decisions/log", legacy((*handler).decisionLog)),
		post("/initiatives/{id}/decisions/log", legacy((*handler).decisionLogVisibility)),
		get("/initiatives/{id}/decisions/{proposal}", legacy((*handler).decisionView)),
		post("/initiatives/{id}/decisions/{proposal}/vote", legacy((*handler).decisionVote)),
		post("/initiatives/{id}/decisions/{proposal}/delegate", legacy((*handler).decisionDelegate)),
		post("/initiatives/{id}/decisions/{proposal}/comment", legacy((*handler).decisionComment)),
		post("/initiatives/{id}/decisions/{proposal}/close", legacy((*handler).decisionClose)),
		post("/initiatives/{id}/decisions/{proposal}/withdraw", legacy((*handler).decisionWithdraw)),
		get("/initiatives/{id}/compatibility", legacy((*handler).compatibilityList)),
		post("/initiatives/{id}/compatibility", legacy((*handler).compatibilityStart)),
		get("/initiatives/{id}/compatibility/{assessment}", legacy((*handler).compatibilityView)),
		get("/initiatives/{id}/compatibility/{assessment}/answer/{side}", legacy((*handler).compatibilityAnswerForm)),
		post("/initiatives/{id}/compatibility/{assessment}/answer/{side}", legacy((*handler).compatibilityAnswer)),

		// An initiative's shared measurement: indicators, goals, stories, the
		// dashboard, partners' reports.
		get("/initiatives/{id}/measures", legacy((*handler).measuresPage)),
		post("/initiatives/{id}/indicators", legacy((*handler).indicatorCreate)),
		get("/initiatives/{id}/indicators/{indicator}", legacy((*handler).indicatorPage)),
		post("/initiatives/{id}/indicators/{indicator}", legacy((*handler).indicatorSave)),
		post("/initiatives/{id}/indicators/{indicator}/archive", legacy((*handler).indicatorArchive)),
		post("/initiatives/{id}/goals", legacy((*handler).goalCreate)),
		get("/initiatives/{id}/goals/{goal}", legacy((*handler).goalPage)),
		post("/initiatives/{id}/goals/{goal}", legacy((*handler).goalRevise)),
		post("/initiatives/{id}/goals/{goal}/milestones", legacy((*handler).milestoneCreate)),
		post("/initiatives/{id}/stories", legacy((*handler).storyCreate)),
		get("/initiatives/{id}/dashboard", legacy((*handler).initiativeDashboard)),
		get("/initiatives/{id}/dashboard.csv", legacy((*handler).initiativeDashboardCSV)),
		get("/initiatives/{id}/late", legacy((*handler).lateReportsPage)),
		get("/initiatives/{id}/report", legacy((*handler).reportPage)),
		post("/initiatives/{id}/report", legacy((*handler).reportSave)),
		post("/initiatives/{id}/report/upload", legacy((*handler).reportUpload)),
		get("/initiatives/{id}/report/template", legacy((*handler).reportTemplate)),
	}
}

// static serves the stylesheet and scripts, which browsers may keep for a
// day.
func (h *handler) static(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	h.staticFiles.ServeHTTP(w, r)
	return nil
}

// serve wraps a route's page: a page that is not public needs a signed-in
// person (or sends the browser to sign in), and an error the page returns
// becomes the page a person should see.
func (h *handler) serve(rt route) http.Handler {
	page := func(w http.ResponseWriter, r *http.Request) {
		if err := rt.handle(h, w, r); err != nil {
			h.fail(w, r, err)
		}
	}
	if rt.public {
		return http.HandlerFunc(page)
	}
	return h.signedIn(page)
}
