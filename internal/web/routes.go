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
		open(get("/login", (*handler).loginPage)),
		open(post("/login", (*handler).login)),
		open(post("/logout", (*handler).logout)),
		open(get("/password/forgot", (*handler).passwordForgotPage)),
		open(post("/password/forgot", (*handler).passwordForgot)),
		open(get("/password/reset", (*handler).passwordResetPage)),
		open(post("/password/reset", (*handler).passwordReset)),

		// Home, the signed-in person's account (and the password they choose
		// in place of a temporary one), the audit log and the settings.
		get("/{$}", (*handler).home),
		get("/account", (*handler).accountPage),
		post("/account/password", (*handler).accountPassword),
		post("/account/feeds", (*handler).accountFeedCreate),
		post("/account/feeds/{link}/revoke", (*handler).accountFeedRevoke),
		get("/account/notifications", (*handler).notificationPrefsPage),
		post("/account/notifications", (*handler).notificationPrefsSave),
		get("/notifications", (*handler).notificationsPage),
		post("/notifications/read", (*handler).notificationsRead),
		open(get(unsubscribePath, (*handler).unsubscribePage)),
		open(post(unsubscribePath, (*handler).unsubscribe)),
		get("/account/choose-password", (*handler).choosePasswordPage),
		post("/account/choose-password", (*handler).choosePassword),
		get("/audit", (*handler).auditLog),
		get("/settings", (*handler).settingsPage),
		post("/settings", (*handler).settingsSave),
		post("/settings/mail", (*handler).settingsMailSave),
		post("/settings/mail/test", (*handler).settingsMailTest),
		get("/mail", (*handler).mailList),
		get("/mail/{id}", (*handler).mailMessage),
		get("/mail/{id}/html", (*handler).mailMessageHTML),
		post("/mail/{id}/resend", (*handler).mailResend),

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
		get("/organizations/propose", (*handler).organizationProposeForm),
		post("/organizations/propose", (*handler).organizationPropose),
		get("/proposals", (*handler).proposalQueue),
		get("/proposals/{id}/edit", (*handler).proposalEdit),
		post("/proposals/{id}/accept", (*handler).proposalAccept),
		post("/proposals/{id}/reject", (*handler).proposalReject),
		get("/guide", (*handler).guidePage),
		get("/guide/print", (*handler).guidePrint),
		get("/guide.pdf", (*handler).guidePDF),
		get("/directory/import", (*handler).directoryImportPage),
		post("/directory/import", (*handler).directoryImport),
		get("/directory/export.zip", (*handler).directoryExport),
		get("/directory/categories", (*handler).categoriesPage),
		post("/directory/categories", (*handler).categoriesSave),
		get("/directory/duplicates", (*handler).duplicatesPage),
		post("/directory/duplicates/dismiss", (*handler).duplicateDismiss),
		get("/directory/merge", (*handler).mergeForm),
		post("/directory/merge", (*handler).mergeSave),
		get("/directory/merges/{id}", (*handler).mergeView),
		post("/directory/merges/{id}/undo", (*handler).mergeUndo),
		get("/directory/duplicates/services", (*handler).serviceDuplicatesPage),
		post("/directory/duplicates/services/dismiss", (*handler).serviceDuplicateDismiss),
		get("/directory/service-merge", (*handler).serviceMergeForm),
		post("/directory/service-merge", (*handler).serviceMergeSave),
		get("/directory/service-merges/{id}", (*handler).serviceMergeView),
		post("/directory/service-merges/{id}/undo", (*handler).serviceMergeUndo),
		get("/directory/quality", (*handler).directoryQuality),
		post("/directory/quality/dismiss", (*handler).qualityDismiss),
		post("/directory/quality/restore", (*handler).qualityRestore),
		get("/directory/synonyms", (*handler).synonymsPage),
		post("/directory/synonyms", (*handler).synonymsSave),

		// An organization's own goals.
		get("/organizations/{id}/goals", (*handler).orgGoalsPage),
		post("/organizations/{id}/goals", (*handler).orgGoalCreate),
		get("/organizations/{id}/goals/{goal}", (*handler).orgGoalPage),
		post("/organizations/{id}/goals/{goal}", (*handler).orgGoalRevise),
		post("/organizations/{id}/goals/{goal}/milestones", (*handler).orgMilestoneCreate),

		// Action plans: "My plan", a plan's three columns and its forms,
		// adding an area from the map, the strategy library; the
		// supervisor's page; the printed forms (plan_print.go).
		get("/plans", (*handler).plansPage),
		post("/plans", (*handler).planCreate),
		get("/plans/add", (*handler).planAddPage),
		get("/plans/team", (*handler).teamPage),
		post("/plans/add", (*handler).planAdd),
		get("/plans/{plan}", (*handler).planView),
		get("/plans/{plan}/print", (*handler).planPrint),
		get("/plans/{plan}/handout.pdf", (*handler).planPDF),
		post("/plans/{plan}", (*handler).planSave),
		post("/plans/{plan}/actions", (*handler).planActionAdd),
		post("/plans/{plan}/actions/{action}", (*handler).planActionSave),
		post("/plans/{plan}/actions/{action}/promote", (*handler).planActionPromote),
		post("/plans/{plan}/areas/{area}/signal", (*handler).planSignalSet),
		post("/plans/{plan}/areas/{area}/tick", (*handler).planSignalTick),
		post("/plans/{plan}/areas/{area}/remove", (*handler).planAreaRemove),
		post("/plans/{plan}/shares", (*handler).planShare),
		post("/plans/{plan}/shares/{user}/remove", (*handler).planUnshare),
		post("/plans/{plan}/feedback", (*handler).planComment),
		post("/plans/{plan}/feedback/{feedback}", (*handler).planDecide),
		post("/plans/{plan}/close", (*handler).planClose),
		post("/plans/{plan}/reopen", (*handler).planReopen),
		get("/strategies", (*handler).strategiesPage),
		get("/strategies/print", (*handler).strategiesPrint),
		get("/strategies.pdf", (*handler).strategiesPDF),
		get("/strategies/roles", (*handler).rolesPage),
		get("/strategies/roles/print", (*handler).rolesPrint),
		get("/strategies/roles.pdf", (*handler).rolesPDF),
		post("/strategies/{strategy}", (*handler).strategySave),

		// The relationship map: ties, the map, analysis, gaps.
		get("/network", (*handler).networkPage),
		get("/network/ties.csv", (*handler).tiesCSV),
		post("/network/import", (*handler).tiesImport),
		get("/network/map", (*handler).networkMap),
		get("/network/map.svg", (*handler).networkMapSVG),
		get("/network/gaps", (*handler).networkGaps),
		get("/network/gaps/sectors", (*handler).gapSectors),
		post("/network/gaps/sectors", (*handler).gapSectorsSave),
		get("/network/analysis", (*handler).networkAnalysis),
		get("/network/analysis/compare", (*handler).networkCompare),
		post("/network/analysis/jobs", (*handler).analysisJobStart),
		get("/network/analysis/jobs/{id}", (*handler).analysisJobStatus),
		post("/network/analysis/jobs/{id}/cancel", (*handler).analysisJobCancel),
		get("/ties/new", (*handler).tieNew),
		post("/ties", (*handler).tieCreate),
		get("/ties/{id}", (*handler).tieView),
		post("/ties/{id}", (*handler).tieSave),

		// Partner surveys: the coordinators' pages, and the respondents' form,
		// which needs no account (the private link is the key) but is still
		// behind the CSRF check, whose cookie works for anonymous visitors.
		get("/network/surveys", (*handler).surveyList),
		get("/network/surveys/new", (*handler).surveyNew),
		post("/network/surveys", (*handler).surveyCreate),
		get("/network/surveys/compare", (*handler).surveyCompare),
		get("/network/surveys/{id}", (*handler).surveyView),
		post("/network/surveys/{id}/remind", (*handler).surveyRemind),
		post("/network/surveys/{id}/close", (*handler).surveyClose),
		post("/network/surveys/{id}/changes", (*handler).surveyDecide),
		open(get("/meetings/rsvp/{token}", (*handler).rsvpPage)),
		open(post("/meetings/rsvp/{token}", (*handler).rsvp)),
		open(get("/survey/{token}", (*handler).surveyRespondPage)),
		open(post("/survey/{token}", (*handler).surveyRespond)),

		// Initiatives.
		get("/initiatives", (*handler).initiativeList),
		get("/initiatives/new", (*handler).initiativeNew),
		post("/initiatives", (*handler).initiativeCreate),
		get("/initiatives/{id}", (*handler).initiativeView),
		get("/initiatives/{id}/edit", (*handler).initiativeEdit),
		post("/initiatives/{id}/edit", (*handler).initiativeSave),
		get("/initiatives/{id}/updates", (*handler).updatesPage),
		post("/initiatives/{id}/feeds", (*handler).initiativeFeedCreate),
		post("/initiatives/{id}/feeds/{link}/revoke", (*handler).initiativeFeedRevoke),

		// An initiative's channels: outgoing webhooks to chats and other
		// systems, with their delivery logs.
		get("/initiatives/{id}/channels", (*handler).channelsPage),
		post("/initiatives/{id}/channels", (*handler).channelCreate),
		get("/initiatives/{id}/channels/{channel}", (*handler).channelPage),
		post("/initiatives/{id}/channels/{channel}", (*handler).channelSave),
		post("/initiatives/{id}/channels/{channel}/test", (*handler).channelTest),
		post("/initiatives/{id}/channels/{channel}/delete", (*handler).channelDelete),
		post("/initiatives/{id}/channels/{channel}/deliveries/{delivery}/redeliver", (*handler).channelRedeliver),

		// Calendars and the updates feed, for programs that cannot sign in:
		// the private link's secret is the key (see calendarFeed).
		open(get("/calendar/{file}", (*handler).calendarFeed)),
		open(get("/initiatives/{id}/updates.atom", (*handler).updatesAtom)),

		// An initiative's members: invitations, answers, roles, leaving, removal.
		get("/initiatives/{id}/members", (*handler).membersPage),
		post("/initiatives/{id}/members", (*handler).memberInvite),
		post("/initiatives/{id}/members/{org}/role", (*handler).memberRole),
		post("/initiatives/{id}/members/{org}/respond", (*handler).memberRespond),
		post("/initiatives/{id}/members/{org}/leave", (*handler).memberLeave),
		post("/initiatives/{id}/members/{org}/remove", (*handler).memberRemove),

		// An initiative's work: the common agenda, activities, RACI,
		// responsibilities and people.
		get("/initiatives/{id}/work", (*handler).workPage),
		post("/initiatives/{id}/agenda", (*handler).agendaAdd),
		get("/initiatives/{id}/agenda/{item}/edit", (*handler).agendaEdit),
		post("/initiatives/{id}/agenda/{item}", (*handler).agendaSave),
		post("/initiatives/{id}/agenda/{item}/move", (*handler).agendaMove),
		post("/initiatives/{id}/agenda/{item}/archive", (*handler).agendaArchive),
		get("/initiatives/{id}/activities/new", (*handler).activityNew),
		post("/initiatives/{id}/activities", (*handler).activityCreate),
		get("/initiatives/{id}/activities/{activity}/edit", (*handler).activityEdit),
		post("/initiatives/{id}/activities/{activity}", (*handler).activitySave),
		post("/initiatives/{id}/activities/{activity}/delete", (*handler).activityDelete),
		get("/initiatives/{id}/work/raci", (*handler).raciPage),
		post("/initiatives/{id}/work/raci", (*handler).raciSave),
		get("/initiatives/{id}/people", (*handler).peoplePage),
		post("/initiatives/{id}/people", (*handler).personSave),
		post("/initiatives/{id}/people/{user}/remove", (*handler).personRemove),
		post("/initiatives/{id}/responsibilities/{org}", (*handler).responsibilitiesSave),

		// An initiative's governance and agreements.
		get("/initiatives/{id}/governance", (*handler).governancePage),
		post("/initiatives/{id}/governance", (*handler).governanceSave),
		// An initiative's meetings and check-ins.
		get("/initiatives/{id}/meetings", (*handler).meetingList),
		get("/initiatives/{id}/meetings/new", (*handler).meetingNew),
		post("/initiatives/{id}/meetings", (*handler).meetingCreate),
		get("/initiatives/{id}/meetings/{meeting}", (*handler).meetingView),
		get("/initiatives/{id}/meetings/{meeting}/edit", (*handler).meetingEdit),
		post("/initiatives/{id}/meetings/{meeting}", (*handler).meetingUpdate),
		post("/initiatives/{id}/meetings/{meeting}/cancel", (*handler).meetingCancel),
		post("/initiatives/{id}/meetings/{meeting}/skip", (*handler).meetingSkip),
		post("/initiatives/{id}/meetings/{meeting}/restore", (*handler).meetingRestore),
		post("/initiatives/{id}/meetings/{meeting}/agenda", (*handler).meetingAgenda),
		post("/initiatives/{id}/meetings/{meeting}/attendance", (*handler).meetingAttendance),
		post("/initiatives/{id}/meetings/{meeting}/minutes", (*handler).meetingMinutes),
		post("/initiatives/{id}/meetings/{meeting}/actions", (*handler).meetingAction),
		post("/initiatives/{id}/meetings/{meeting}/answer", (*handler).meetingAnswer),
		// An initiative's partnership health: contributions, balance, offers and needs.
		get("/initiatives/{id}/contributions", (*handler).contributionsPage),
		post("/initiatives/{id}/contributions", (*handler).contributionRecord),
		post("/initiatives/{id}/contributions/{entry}/confirm", (*handler).contributionConfirm),
		post("/initiatives/{id}/contributions/rate", (*handler).hourRateSet),
		post("/initiatives/{id}/benefits", (*handler).benefitRecord),
		get("/initiatives/{id}/offers", (*handler).offersPage),
		post("/initiatives/{id}/offers", (*handler).offerPost),
		post("/initiatives/{id}/offers/{post}/close", (*handler).offerClose),
		post("/initiatives/{id}/matches", (*handler).matchPropose),
		post("/initiatives/{id}/matches/{match}/answer", (*handler).matchAnswer),
		post("/initiatives/{id}/matches/{match}/outcome", (*handler).matchOutcome),
		get("/initiatives/{id}/agreements", (*handler).agreementList),
		get("/initiatives/{id}/agreements/new", (*handler).agreementNew),
		post("/initiatives/{id}/agreements", (*handler).agreementCreate),
		get("/initiatives/{id}/agreements/{agreement}", (*handler).agreementView),
		post("/initiatives/{id}/agreements/{agreement}/sign", (*handler).agreementSign),
		get("/initiatives/{id}/agreements/{agreement}/document", (*handler).agreementDownload),
		post("/initiatives/{id}/agreements/{agreement}/document", (*handler).agreementUpload),

		// An initiative's decisions and compatibility checks.
		get("/initiatives/{id}/decisions", (*handler).decisionList),
		post("/initiatives/{id}/decisions", (*handler).decisionPropose),
		get("/initiatives/{id}/decisions/log", (*handler).decisionLog),
		post("/initiatives/{id}/decisions/log", (*handler).decisionLogVisibility),
		get("/initiatives/{id}/decisions/{proposal}", (*handler).decisionView),
		post("/initiatives/{id}/decisions/{proposal}/vote", (*handler).decisionVote),
		post("/initiatives/{id}/decisions/{proposal}/delegate", (*handler).decisionDelegate),
		post("/initiatives/{id}/decisions/{proposal}/comment", (*handler).decisionComment),
		post("/initiatives/{id}/decisions/{proposal}/close", (*handler).decisionClose),
		post("/initiatives/{id}/decisions/{proposal}/withdraw", (*handler).decisionWithdraw),
		get("/initiatives/{id}/compatibility", (*handler).compatibilityList),
		post("/initiatives/{id}/compatibility", (*handler).compatibilityStart),
		get("/initiatives/{id}/compatibility/{assessment}", (*handler).compatibilityView),
		get("/initiatives/{id}/compatibility/{assessment}/answer/{side}", (*handler).compatibilityAnswerForm),
		post("/initiatives/{id}/compatibility/{assessment}/answer/{side}", (*handler).compatibilityAnswer),

		// An initiative's shared measurement: indicators, goals, stories, the
		// dashboard, partners' reports.
		get("/initiatives/{id}/measures", (*handler).measuresPage),
		post("/initiatives/{id}/indicators", (*handler).indicatorCreate),
		get("/initiatives/{id}/indicators/{indicator}", (*handler).indicatorPage),
		post("/initiatives/{id}/indicators/{indicator}", (*handler).indicatorSave),
		post("/initiatives/{id}/indicators/{indicator}/archive", (*handler).indicatorArchive),
		post("/initiatives/{id}/goals", (*handler).goalCreate),
		get("/initiatives/{id}/goals/{goal}", (*handler).goalPage),
		post("/initiatives/{id}/goals/{goal}", (*handler).goalRevise),
		post("/initiatives/{id}/goals/{goal}/milestones", (*handler).milestoneCreate),
		post("/initiatives/{id}/stories", (*handler).storyCreate),
		get("/initiatives/{id}/dashboard", (*handler).initiativeDashboard),
		get("/initiatives/{id}/dashboard.csv", (*handler).initiativeDashboardCSV),
		get("/initiatives/{id}/dashboard.pdf", (*handler).initiativeDashboardPDF),
		get("/initiatives/{id}/late", (*handler).lateReportsPage),
		get("/initiatives/{id}/report", (*handler).reportPage),
		post("/initiatives/{id}/report", (*handler).reportSave),
		post("/initiatives/{id}/report/upload", (*handler).reportUpload),
		post("/initiatives/{id}/report/withdraw", (*handler).reportWithdraw),
		get("/initiatives/{id}/report/template", (*handler).reportTemplate),

		// Roadblocks and scheduled reviews of an initiative's things (and an
		// organization's own goals): a subject is named by its kind and id.
		get("/roadblocks", (*handler).roadblocksPage),
		get("/roadblocks/{roadblock}", (*handler).roadblockPage),
		post("/roadblocks/{roadblock}", (*handler).roadblockSave),
		get("/initiatives/{id}/roadblocks", (*handler).initiativeRoadblocks),
		get("/subjects/{kind}/{subject}/roadblocks/new", (*handler).roadblockNew),
		post("/subjects/{kind}/{subject}/roadblocks", (*handler).roadblockCreate),
		get("/subjects/{kind}/{subject}/reviews", (*handler).subjectReviews),
		post("/subjects/{kind}/{subject}/review-schedule", (*handler).reviewScheduleSave),
		get("/subjects/{kind}/{subject}/reviews/new", (*handler).reviewNew),
		post("/subjects/{kind}/{subject}/reviews", (*handler).reviewCreate),
		get("/reviews/{review}", (*handler).reviewPage),
		get("/reviews/{review}/pdf", (*handler).reviewPDF),

		// People and their roles: everyone's platform role (platform
		// admins), an organization's people, who has which role in an
		// initiative.
		get("/people", (*handler).platformPeople),
		get("/people/new", (*handler).platformPersonNew),
		post("/people", (*handler).platformPersonCreate),
		get("/people/{user}", (*handler).platformPersonPage),
		post("/people/{user}/details", (*handler).platformPersonDetails),
		post("/people/{user}/password", (*handler).platformPersonPassword),
		post("/people/{user}/password-link", (*handler).personPasswordLink),
		post("/people/{user}/organizations", (*handler).platformPersonOrganizationSave),
		post("/people/{user}/organizations/remove", (*handler).platformPersonOrganizationRemove),
		post("/people/{user}/initiatives", (*handler).platformPersonInitiativeSave),
		post("/people/{user}/initiatives/remove", (*handler).platformPersonInitiativeRemove),
		post("/people/{user}/role", (*handler).platformRoleSave),
		post("/people/{user}/disable", (*handler).platformDisable),
		post("/people/{user}/enable", (*handler).platformEnable),
		get("/organizations/{id}/people", (*handler).orgPeoplePage),
		post("/organizations/{id}/people", (*handler).orgPersonSave),
		post("/organizations/{id}/people/remove", (*handler).orgPersonRemove),
		get("/initiatives/{id}/access", (*handler).accessPage),
		post("/initiatives/{id}/access", (*handler).accessGrant),
		post("/initiatives/{id}/access/revoke", (*handler).accessRevoke),
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
