package api

// surveyRoutes are the partner survey endpoints for coordinators.
func (h *handler) surveyRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/surveys", OperationID: "listSurveys", Tag: "network",
			Summary: "The partner survey waves the caller coordinates, newest first", Status: 200, Response: "SurveyWaveList",
			Problems: []int{401, 403}, handle: (*handler).listSurveys},
		{Method: "POST", Pattern: prefix + "/surveys", OperationID: "createSurvey", Tag: "network",
			Summary: "Open a partner survey wave (stewards, for any list of organizations or an initiative's members; an initiative's " +
				"backbone staff, for its members); " +
				"the answer holds each organization's private link, given only this once",
			Request: "SurveyCreate", Status: 201, Response: "SurveyCreated", Headers: []string{"Location"}, Problems: writeProblems,
			handle: (*handler).createSurvey},
		{Method: "GET", Pattern: prefix + "/surveys/compare", OperationID: "compareSurveys", Tag: "network",
			Summary: "The change from wave a to wave b: per organization and per pair, level, trust and value, and new and lost ties",
			Query:   compareParams, Status: 200, Response: "SurveyComparison", Problems: readProblems, handle: (*handler).compareSurveys},
		{Method: "GET", Pattern: prefix + "/surveys/{survey}", OperationID: "getSurvey", Tag: "network",
			Summary: "A wave's progress (who has answered) and its trust and value scores per organization and per pair", Status: 200,
			Response: "SurveyReport", Problems: readProblems, handle: (*handler).getSurvey},
		{Method: "POST", Pattern: prefix + "/surveys/{survey}/remind", OperationID: "remindSurvey", Tag: "network",
			Summary: "Record a reminder to the organizations that have not answered (all, or those listed) and give each a new private link, " +
				"once (Backbone sends no mail; the earlier link stops working)",
			Request: "SurveyRemind", Status: 200, Response: "SurveyReminded", Problems: writeProblems, handle: (*handler).remindSurvey},
		{Method: "POST", Pattern: prefix + "/surveys/{survey}/close", OperationID: "closeSurvey", Tag: "network",
			Summary: "Close a wave: it takes no more answers. The answers stay each side's perception; no tie is written " +
				"(see the wave's changes)",
			Status: 200, Response: "SurveyClosed", Problems: []int{401, 403, 404, 409}, handle: (*handler).closeSurvey},
		{Method: "GET", Pattern: prefix + "/surveys/{survey}/changes", OperationID: "listSurveyChanges", Tag: "network",
			Summary: "The changes to the recorded map that a closed wave's answers suggest, each beside what is recorded, " +
				"and those already decided (none while the wave is open)",
			Status: 200, Response: "SurveyChangeList", Problems: readProblems, handle: (*handler).listSurveyChanges},
		{Method: "POST", Pattern: prefix + "/surveys/{survey}/changes", OperationID: "decideSurveyChange", Tag: "network",
			Summary: "Keep the recorded tie of a pair, or update it (a new version; the earlier ones stay in its history) " +
				"to the suggested level and status or those given; each pair is decided once",
			Request: "SurveyChangeDecision", Status: 200, Response: "SurveyChange", Problems: writeProblems,
			handle: (*handler).decideSurveyChange},
	}
}

var compareParams = []param{
	{Name: "a", Description: "The earlier wave's number", Schema: map[string]any{"type": "integer"}},
	{Name: "b", Description: "The later wave's number", Schema: map[string]any{"type": "integer"}},
}
