package api

import (
	"net/http"
	"time"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// measureRoutes are the shared-measurement endpoints of an initiative.
func (h *handler) measureRoutes() []route {
	w := prefix + "/initiatives/{id}"
	return []route{
		{Method: "GET", Pattern: w + "/indicators", OperationID: "listIndicators", Tag: "measurement",
			Summary: "The initiative's shared indicators, with who reports each", Status: 200, Response: "IndicatorList",
			Problems: []int{401, 404}, handle: (*handler).listIndicators},
		{Method: "POST", Pattern: w + "/measurements", OperationID: "reportMeasurement", Tag: "measurement",
			Summary: "Report a value for an indicator, period and organization (its people); a second report for the same period corrects it and keeps the earlier value",
			Request: "MeasurementInput", Status: 201, Response: "Measurement", Problems: writeProblems, handle: (*handler).reportMeasurement},
		{Method: "GET", Pattern: w + "/dashboard", OperationID: "getDashboard", Tag: "measurement",
			Summary: "Every goal's progress: combined values per period, percent of the way, projection and status", Status: 200,
			Response: "Dashboard", Problems: []int{401, 404}, handle: (*handler).dashboard},
		{Method: "GET", Pattern: w + "/late-reports", OperationID: "listLateReports", Tag: "measurement",
			Summary: "Reporters that have not reported the last closed period of an indicator", Status: 200,
			Response: "LateReportList", Problems: []int{401, 404}, handle: (*handler).lateReports},
	}
}

func (h *handler) listIndicators(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	inds, err := h.Measure.Indicators(r.Context(), in.ID, false)
	if err != nil {
		return err
	}
	if inds == nil {
		inds = []*measure.Indicator{}
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": inds})
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
}

func (h *handler) reportMeasurement(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body measurementInput
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	if err := h.authorize(r, account.SpeakForOrganization, account.Org(body.OrganizationID)); err != nil {
		return err
	}
	ind, err := h.Measure.Indicator(r.Context(), body.IndicatorID)
	if err != nil || ind.InitiativeID != in.ID {
		return &requestError{status: http.StatusUnprocessableEntity, kind: "validation", field: "indicator_id", detail: "indicator_id: not an indicator of this initiative"}
	}
	if body.Value == nil {
		return &requestError{status: http.StatusUnprocessableEntity, kind: "validation", field: "value", detail: "value: is required"}
	}
	m, err := h.Measure.ReportWeighted(r.Context(), httpx.Actor(r), body.OrganizationID, body.IndicatorID, body.Period, *body.Value, body.Weight, body.Note)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

// goalProgress is one goal on the dashboard, as the API gives it.
type goalProgress struct {
	Goal       measure.Goal          `json:"goal"`
	Indicator  *measure.Indicator    `json:"indicator"`
	Series     []measure.RollupPoint `json:"series"`
	Status     string                `json:"status"`
	Percent    *float64              `json:"percent"`
	Projected  *float64              `json:"projected_at_due"`
	Incomplete string                `json:"incomplete_period,omitempty"`
}

func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	progress, err := h.Measure.Dashboard(r.Context(), in.ID, time.Now().UTC())
	if err != nil {
		return err
	}
	out := []goalProgress{}
	for _, gp := range progress {
		g := goalProgress{Goal: gp.Goal, Indicator: gp.Indicator, Series: gp.Series, Status: string(gp.Assessment.Status), Incomplete: gp.Incomplete}
		if g.Series == nil {
			g.Series = []measure.RollupPoint{}
		}
		if len(gp.Points) > 0 && gp.Goal.Baseline != nil && gp.Goal.Target != nil {
			p := gp.Assessment.Percent
			g.Percent = &p
		}
		if gp.Assessment.Projected {
			v := gp.Assessment.Projection.Value
			g.Projected = &v
		}
		out = append(out, g)
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"goals": out})
	return nil
}

func (h *handler) lateReports(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	late, err := h.Measure.LateReports(r.Context(), in.ID, time.Now().UTC())
	if err != nil {
		return err
	}
	if late == nil {
		late = []measure.LateReport{}
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": late})
	return nil
}

// measureSchemas documents the measurement bodies. They are open objects
// (other fields may appear) so that the document stays true as they grow.
func measureSchemas() obj {
	str, num, integer := obj{"type": "string"}, obj{"type": "number"}, obj{"type": "integer"}
	nullNum := obj{"type": []string{"number", "null"}}
	indicator := obj{"type": "object", "required": []string{"id", "name", "unit", "direction", "aggregation", "frequency", "reporters"},
		"properties": obj{"id": integer, "name": str, "definition": str, "unit": str, "direction": obj{"type": "string", "enum": []string{"higher", "lower"}},
			"aggregation": obj{"type": "string", "enum": measure.Aggregations}, "frequency": str,
			"reporters": obj{"type": "array", "items": str}}}
	return obj{
		"Indicator":     indicator,
		"IndicatorList": obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("Indicator")}}},
		"MeasurementInput": obj{"type": "object", "additionalProperties": false, "required": []string{"indicator_id", "organization_id", "period", "value"},
			"properties": obj{"indicator_id": integer, "organization_id": str,
				"period": obj{"type": "string", "description": "2025-03 (monthly), 2025-Q1, 2025-H1 or 2025, as the indicator's frequency"},
				"value":  num, "weight": nullNum, "note": str}},
		"Measurement": obj{"type": "object", "required": []string{"indicator_id", "organization_id", "period", "value", "revision"},
			"properties": obj{"indicator_id": integer, "organization_id": str, "period": str, "value": num, "revision": integer, "note": str}},
		"Dashboard": obj{"type": "object", "required": []string{"goals"}, "properties": obj{"goals": obj{"type": "array", "items": obj{"type": "object",
			"required": []string{"goal", "series", "status"},
			"properties": obj{"goal": obj{"type": "object"}, "indicator": obj{"type": []string{"object", "null"}},
				"series": obj{"type": "array", "items": obj{"type": "object", "required": []string{"period", "value", "count"},
					"properties": obj{"period": str, "value": num, "count": integer}}},
				"status":  obj{"type": "string", "enum": []string{"on_track", "at_risk", "off_track", "no_data"}},
				"percent": nullNum, "projected_at_due": nullNum}}}}},
		"LateReportList": obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": obj{"type": "object",
			"required": []string{"indicator_id", "indicator_name", "period", "organization_id", "organization_name"}}}}},
	}
}
