package api

import (
	"errors"
	"net/http"

	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// measureRoutes are the shared-measurement endpoints: an initiative's
// indicators, goals, milestones, measurements, dashboard and stories, and
// an organization's own goals. The store decides who may, as for the web
// pages (the rule book's chapter on measurement): reads are for whoever may
// see the initiative (a private one the caller has no part in answers 404);
// writes are backbone staff's, but for what a member reports or tells; an
// organization's own goals are its people's.
func (h *handler) measureRoutes() []route {
	w, o := prefix+"/initiatives/{id}", prefix+"/organizations/{id}"
	read := []int{400, 401, 404}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	return []route{
		{Method: "GET", Pattern: w + "/indicators", OperationID: "listIndicators", Tag: "measurement",
			Summary: "The initiative's shared indicators, with who reports each", Status: 200, Response: "IndicatorList",
			Problems: []int{401, 404}, handle: (*handler).listIndicators},
		{Method: "POST", Pattern: w + "/indicators", OperationID: "createIndicator", Tag: "measurement",
			Summary: "Agree on a new shared indicator and who reports it (backbone staff)", Request: "IndicatorInput", Status: 201,
			Response: "Indicator", Headers: []string{"Location"}, Problems: act, handle: (*handler).createIndicator},
		{Method: "GET", Pattern: w + "/indicators/{indicator}", OperationID: "getIndicator", Tag: "measurement",
			Summary: "One indicator, retired or not", Status: 200, Response: "Indicator", Problems: []int{401, 404}, handle: (*handler).getIndicator},
		{Method: "PATCH", Pattern: w + "/indicators/{indicator}", OperationID: "updateIndicator", Tag: "measurement",
			Summary: "Change some fields of an indicator (backbone staff); its frequency is fixed once values are reported",
			Request: "IndicatorPatch", Status: 200, Response: "Indicator", Problems: act, handle: (*handler).updateIndicator},
		{Method: "POST", Pattern: w + "/indicators/{indicator}/archive", OperationID: "archiveIndicator", Tag: "measurement",
			Summary: "Retire an indicator (backbone staff): it is no longer reported or due; its values stay", Status: 200,
			Response: "Indicator", Problems: []int{401, 403, 404}, handle: (*handler).archiveIndicator},

		{Method: "POST", Pattern: w + "/measurements", OperationID: "reportMeasurement", Tag: "measurement",
			Summary: "Report a value for an indicator, period and organization (its people); a second report for the same period corrects it and keeps the earlier value. " +
				"Refused (422, naming the field): a period that has not begun, a value outside the indicator's range, a negative count, " +
				"and a value far from what the organization usually reports unless \"confirm\": true",
			Request: "MeasurementInput", Status: 201, Response: "Measurement", Problems: writeProblems, handle: (*handler).reportMeasurement},
		{Method: "POST", Pattern: w + "/measurements/withdraw", OperationID: "withdrawMeasurement", Tag: "measurement",
			Summary: "Withdraw an organization's wrong value for a period, saying why (its people, or backbone staff): " +
				"it no longer counts, and stays in the history marked withdrawn",
			Request: "MeasurementWithdrawal", Status: 200, Response: "Measurement", Problems: writeProblems,
			handle: (*handler).withdrawMeasurement},
		{Method: "POST", Pattern: w + "/measurements/import", OperationID: "importMeasurements", Tag: "measurement",
			Summary: "Import a file of measurements, all or nothing (backbone staff): the CSV or XLSX file as the body (text/csv or " + xlsxType +
				"), or multipart/form-data with a file field; a bad row refuses the file, and the problem names its row and column",
			RawBody: true, Status: 200, Response: "ImportResult", Problems: []int{400, 401, 403, 404, 413, 415, 422}, handle: (*handler).importMeasurements},
		{Method: "GET", Pattern: w + "/measurements/history", OperationID: "getMeasurementHistory", Tag: "measurement",
			Summary: "Every revision of one organization's value for an indicator and period, the current one first (backbone staff, or the organization's people)",
			Query:   historyParams, Status: 200, Response: "MeasurementHistory", Problems: readProblems, handle: (*handler).measurementHistory},
		{Method: "GET", Pattern: w + "/dashboard", OperationID: "getDashboard", Tag: "measurement",
			Summary: "Every goal's progress: combined values per period (or one member's own), percent of the way, projection and status",
			Query:   dashboardParams, Status: 200, Response: "Dashboard", Problems: []int{400, 401, 404, 422}, handle: (*handler).dashboard},
		{Method: "GET", Pattern: w + "/dashboard.pdf", OperationID: "getDashboardReport", Tag: "measurement",
			Summary: "The same dashboard as a progress report to print or send to a board or funder (application/pdf): every goal with its chart, status and leading contributors, late reports and stories",
			Query:   dashboardParams, Status: 200, Problems: []int{400, 401, 404, 422}, handle: (*handler).dashboardPDF},
		{Method: "GET", Pattern: w + "/late-reports", OperationID: "listLateReports", Tag: "measurement",
			Summary: "Reporters that have not reported the last closed period of an indicator", Status: 200,
			Response: "LateReportList", Problems: []int{401, 404}, handle: (*handler).lateReports},

		{Method: "GET", Pattern: w + "/goals", OperationID: "listGoals", Tag: "measurement",
			Summary: "The initiative's goals as they stand, each with what its SMART check finds", Status: 200, Response: "GoalList",
			Problems: []int{401, 404}, handle: (*handler).listGoals},
		{Method: "POST", Pattern: w + "/goals", OperationID: "createGoal", Tag: "measurement",
			Summary: "Set a goal (backbone staff); the answer carries its SMART findings", Request: "GoalInput", Status: 201,
			Response: "CheckedGoal", Headers: []string{"Location"}, Problems: act, handle: createGoal(initiativeGoals)},
		{Method: "POST", Pattern: w + "/goals/check", OperationID: "checkGoal", Tag: "measurement",
			Summary: "Run the SMART check on a draft goal without saving it (backbone staff)", Request: "GoalInput", Status: 200,
			Response: "GoalCheck", Problems: act, handle: checkGoal(initiativeGoals)},
		{Method: "GET", Pattern: w + "/goals/{goal}", OperationID: "getGoal", Tag: "measurement",
			Summary: "One goal with every revision and its milestones; as_of or revision shows it as it was", Query: goalParams, Status: 200,
			Response: "GoalDetail", Problems: read, handle: getGoal(initiativeGoals)},
		{Method: "PUT", Pattern: w + "/goals/{goal}", OperationID: "reviseGoal", Tag: "measurement",
			Summary: "Revise a goal, saying why (backbone staff); the earlier revisions stay", Request: "GoalRevision", Status: 200,
			Response: "CheckedGoal", Problems: act, handle: reviseGoal(initiativeGoals)},
		{Method: "GET", Pattern: w + "/goals/{goal}/milestones", OperationID: "listMilestones", Tag: "measurement",
			Summary: "A goal's milestones by value, and when each was reached", Status: 200, Response: "MilestoneList",
			Problems: []int{401, 404}, handle: listMilestones(initiativeGoals)},
		{Method: "POST", Pattern: w + "/goals/{goal}/milestones", OperationID: "addMilestone", Tag: "measurement",
			Summary: "Add a milestone on the way to a goal's target (backbone staff)", Request: "MilestoneInput", Status: 201,
			Response: "Milestone", Problems: act, handle: addMilestone(initiativeGoals)},

		{Method: "GET", Pattern: w + "/stories", OperationID: "listStories", Tag: "measurement",
			Summary: "Stories told beside the numbers, newest first", Query: storyParams, Status: 200, Response: "StoryList",
			Problems: read, handle: (*handler).listStories},
		{Method: "POST", Pattern: w + "/stories", OperationID: "addStory", Tag: "measurement",
			Summary: "Tell a story, with the consent of the person it is about (backbone staff, or the people of an active member)",
			Request: "StoryInput", Status: 201, Response: "Story", Problems: act, handle: (*handler).addStory},

		{Method: "GET", Pattern: o + "/goals", OperationID: "listOrganizationGoals", Tag: "measurement",
			Summary: "An organization's own goals with their progress by the values it reports (its people, and stewards)", Status: 200,
			Response: "OrganizationGoalList", Problems: []int{401, 403, 404}, handle: (*handler).listOrganizationGoals},
		{Method: "POST", Pattern: o + "/goals", OperationID: "createOrganizationGoal", Tag: "measurement",
			Summary: "Set an organization's own goal, measured by an indicator it reports (its people)", Request: "OrganizationGoalInput",
			Status: 201, Response: "CheckedGoal", Headers: []string{"Location"}, Problems: act, handle: createGoal(organizationGoals)},
		{Method: "POST", Pattern: o + "/goals/check", OperationID: "checkOrganizationGoal", Tag: "measurement",
			Summary: "Run the SMART check on a draft of an organization's own goal without saving it (its people)", Request: "OrganizationGoalInput",
			Status: 200, Response: "GoalCheck", Problems: act, handle: checkGoal(organizationGoals)},
		{Method: "GET", Pattern: o + "/goals/{goal}", OperationID: "getOrganizationGoal", Tag: "measurement",
			Summary: "One of an organization's own goals with every revision and its milestones; as_of or revision shows it as it was",
			Query:   goalParams, Status: 200, Response: "GoalDetail", Problems: readProblems, handle: getGoal(organizationGoals)},
		{Method: "PUT", Pattern: o + "/goals/{goal}", OperationID: "reviseOrganizationGoal", Tag: "measurement",
			Summary: "Revise an organization's own goal, saying why (its people)", Request: "OrganizationGoalRevision", Status: 200,
			Response: "CheckedGoal", Problems: act, handle: reviseGoal(organizationGoals)},
		{Method: "GET", Pattern: o + "/goals/{goal}/milestones", OperationID: "listOrganizationMilestones", Tag: "measurement",
			Summary: "The milestones of an organization's own goal", Status: 200, Response: "MilestoneList",
			Problems: []int{401, 403, 404}, handle: listMilestones(organizationGoals)},
		{Method: "POST", Pattern: o + "/goals/{goal}/milestones", OperationID: "addOrganizationMilestone", Tag: "measurement",
			Summary: "Add a milestone to an organization's own goal (its people)", Request: "MilestoneInput", Status: 201,
			Response: "Milestone", Problems: act, handle: addMilestone(organizationGoals)},
	}
}

func (h *handler) listIndicators(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	inds, err := h.Measure.Indicators(r.Context(), httpx.Actor(r), id, false)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(inds))
	return nil
}

// measurementInput is the body of POST /measurements.
type measurementInput struct {
	IndicatorID    int64    `json:"indicator_id"`
	OrganizationID string   `json:"organization_id"`
	Period         string   `json:"period"`
	Value          *float64 `json:"value"`
	Weight         *float64 `json:"weight"`
	Note           string   `json:"note"`
	Confirm        bool     `json:"confirm"`
}

// reportMeasurement records an organization's value: who may, and whether
// the indicator is the initiative's and the organization one of its
// reporters, is the store's to say.
func (h *handler) reportMeasurement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body measurementInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	if body.Value == nil {
		return &requestError{status: http.StatusUnprocessableEntity, kind: "validation", field: "value", detail: "value: is required"}
	}
	actor := httpx.Actor(r)
	m, err := h.Measure.ReportValue(r.Context(), actor, id, measure.ReportInput{IndicatorID: body.IndicatorID,
		OrganizationID: body.OrganizationID, Period: body.Period, Value: *body.Value, Weight: body.Weight,
		Note: body.Note, Confirmed: body.Confirm})
	var unusual *measure.UnusualValueError
	if errors.As(err, &unusual) {
		unusual.Fields["value"] += ` (send "confirm": true to record it)`
	}
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

// withdrawalInput is the body of POST /measurements/withdraw.
type withdrawalInput struct {
	IndicatorID    int64  `json:"indicator_id"`
	OrganizationID string `json:"organization_id"`
	Period         string `json:"period"`
	Reason         string `json:"reason"`
}

// withdrawMeasurement withdraws an organization's wrong value for a period;
// the store says who may, and keeps the value in the history.
func (h *handler) withdrawMeasurement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body withdrawalInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	m, err := h.Measure.WithdrawMeasurement(r.Context(), httpx.Actor(r), id, body.IndicatorID, body.OrganizationID,
		body.Period, body.Reason)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func (h *handler) lateReports(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	late, err := h.Measure.LateReports(r.Context(), httpx.Actor(r), id, h.now())
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(late))
	return nil
}
