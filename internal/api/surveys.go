package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// Partner surveys in the API: coordinators (the stewards for any wave, an
// initiative's backbone staff for its waves: account.ManageSurveyWave, which
// the network store applies) open, follow, close and compare waves.
// Respondents answer through their private link in the web interface,
// which needs no account.

// listSurveys lists the waves the caller coordinates, newest first.
func (h *handler) listSurveys(w http.ResponseWriter, r *http.Request) error {
	items, err := h.Network.Waves(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": items})
	return nil
}

// surveyLink is a private link as the API gives it, once.
type surveyLink struct {
	network.Link
	Path string `json:"path"`
}

// createSurvey opens a wave and answers with each participant's private
// link, which is given this once.
func (h *handler) createSurvey(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in network.WaveInput
	if err := decodeStrict(data, &in); err != nil {
		return err
	}
	wave, links, err := h.Network.CreateWave(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	out := pathLinks(links)
	w.Header().Set("Location", fmt.Sprintf("%s/surveys/%d", prefix, wave.ID))
	h.writeJSON(w, r, http.StatusCreated, map[string]any{"wave": wave, "links": out})
	return nil
}

// getSurvey answers with a wave's progress and scores.
func (h *handler) getSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "survey")
	if err != nil {
		return err
	}
	rep, err := h.Network.WaveReport(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, rep)
	return nil
}

// closeSurvey closes a wave; it writes no tie.
func (h *handler) closeSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "survey")
	if err != nil {
		return err
	}
	res, err := h.Network.CloseWave(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, res)
	return nil
}

// listSurveyChanges lists the changes a closed wave's answers suggest.
func (h *handler) listSurveyChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "survey")
	if err != nil {
		return err
	}
	items, err := h.Network.SuggestedChanges(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": items})
	return nil
}

// decideSurveyChange keeps or updates the recorded tie of one pair.
func (h *handler) decideSurveyChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "survey")
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var d network.TieDecision
	if err := decodeStrict(data, &d); err != nil {
		return err
	}
	sg, err := h.Network.DecideChange(r.Context(), httpx.Actor(r), id, d)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, sg)
	return nil
}

// remindSurvey gives new links to those who have not answered and records
// the reminder. The body is optional.
func (h *handler) remindSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "survey")
	if err != nil {
		return err
	}
	var body struct {
		OrganizationIDs []string `json:"organization_ids"`
	}
	if r.ContentLength != 0 {
		data, err := readBody(w, r)
		if err != nil {
			return err
		}
		if err := decodeStrict(data, &body); err != nil {
			return err
		}
	}
	links, err := h.Network.Remind(r.Context(), httpx.Actor(r), id, body.OrganizationIDs)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"links": pathLinks(links)})
	return nil
}

func pathLinks(links []network.Link) []surveyLink {
	out := make([]surveyLink, len(links))
	for i, l := range links {
		out[i] = surveyLink{Link: l, Path: "/survey/" + url.PathEscape(l.Token)}
	}
	return out
}

// compareSurveys compares two waves the caller coordinates.
func (h *handler) compareSurveys(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var ids [2]int64
	var v errs.ValidationError
	for i, name := range []string{"a", "b"} {
		s := q.Get(name)
		if s == "" {
			v.Add(name, "is required: the number of a survey")
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return &requestError{status: http.StatusBadRequest, kind: "bad-request", field: name,
				detail: fmt.Sprintf("%s: %q is not a whole number", name, s)}
		}
		ids[i] = n
	}
	if ids[0] != 0 && ids[0] == ids[1] {
		v.Add("b", "must be another survey than a")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	c, err := h.Network.CompareWaves(r.Context(), httpx.Actor(r), ids[0], ids[1])
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// surveySchemas documents the survey bodies.
func surveySchemas() obj {
	num := obj{"type": []string{"number", "null"}, "minimum": 1, "maximum": 4, "description": "An average on the 1–4 scale; null when nothing was rated"}
	change := obj{"type": []string{"number", "null"}, "description": "After minus before; null when either is missing"}
	when := obj{"type": []string{"string", "null"}, "format": "date-time"}
	str := obj{"type": "string"}
	level := obj{"type": "string", "enum": append([]string{""}, network.Levels...), "description": "A relationship level; empty when not answered"}
	wave := obj{"type": "object", "additionalProperties": false,
		"required": []string{"id", "name", "initiative_id", "initiative_name", "opened_at", "closes_at", "closed_at", "created_by", "participants", "responded"},
		"properties": obj{"id": obj{"type": "integer"}, "name": str,
			"initiative_id":   obj{"type": "integer", "description": "The initiative whose members are asked; 0 for any list of organizations"},
			"initiative_name": str, "opened_at": obj{"type": "string", "format": "date-time"},
			"closes_at": obj{"type": "string", "description": "The last day to answer (YYYY-MM-DD), or empty"},
			"closed_at": when, "created_by": str,
			"participants": obj{"type": "integer", "minimum": 0}, "responded": obj{"type": "integer", "minimum": 0}},
		"description": "A wave of a partner survey"}
	link := obj{"type": "object", "additionalProperties": false, "required": []string{"organization_id", "organization_name", "token", "path"},
		"properties": obj{"organization_id": str, "organization_name": str,
			"token": obj{"type": "string", "description": "The private link's secret; only its hash is kept, so it is given only once"},
			"path":  obj{"type": "string", "description": "The respondent's page on the web interface (no account needed)"},
			"emailed_to": obj{"type": "string",
				"description": "The address Backbone e-mailed the link to; absent when it had none, and staff send it"}}}
	participant := obj{"type": "object", "additionalProperties": false,
		"required": []string{"organization_id", "organization_name", "respondent_name", "respondent_email", "responded_at", "reminded_at", "answered", "expected"},
		"properties": obj{"organization_id": str, "organization_name": str, "respondent_name": str, "respondent_email": str,
			"responded_at": when, "reminded_at": when,
			"answered": obj{"type": "integer", "description": "How many of the other organizations it has rated"},
			"expected": obj{"type": "integer", "description": "How many other organizations there are to rate"}}}
	orgScore := obj{"type": "object", "additionalProperties": false,
		"required": []string{"organization_id", "organization_name", "trust_received", "value_received", "trust_given", "value_given", "rated_by", "rated"},
		"properties": obj{"organization_id": str, "organization_name": str, "trust_received": num, "value_received": num,
			"trust_given": num, "value_given": num, "rated_by": obj{"type": "integer"}, "rated": obj{"type": "integer"}}}
	side := obj{"type": []string{"object", "null"}, "additionalProperties": false,
		"required": []string{"level", "trust", "value", "resources", "strained"},
		"properties": obj{"level": level, "trust": num, "value": num, "resources": str,
			"strained": obj{"type": "boolean", "description": "The respondent says the relationship is strained"}}}
	pair := obj{"type": "object", "additionalProperties": false,
		"required": []string{"a_organization_id", "a_organization_name", "b_organization_id", "b_organization_name", "a_to_b", "b_to_a", "level", "trust", "value"},
		"properties": obj{"a_organization_id": str, "a_organization_name": str, "b_organization_id": str, "b_organization_name": str,
			"a_to_b": side, "b_to_a": side, "level": level, "trust": num, "value": num}}
	ch := obj{"type": "object", "additionalProperties": false, "required": []string{"before", "after", "change"},
		"properties": obj{"before": num, "after": num, "change": change}}
	orgChange := obj{"type": "object", "additionalProperties": false,
		"required": []string{"organization_id", "organization_name", "in_a", "in_b", "trust_received", "value_received"},
		"properties": obj{"organization_id": str, "organization_name": str, "in_a": obj{"type": "boolean"}, "in_b": obj{"type": "boolean"},
			"trust_received": ch, "value_received": ch}}
	pairChange := obj{"type": "object", "additionalProperties": false,
		"required": []string{"a_organization_id", "a_organization_name", "b_organization_id", "b_organization_name", "level_before", "level_after", "level_change", "trust", "value"},
		"properties": obj{"a_organization_id": str, "a_organization_name": str, "b_organization_id": str, "b_organization_name": str,
			"level_before": level, "level_after": level,
			"level_change": obj{"type": "integer", "description": "Steps up (positive) or down the levels; 0 when either wave has no answer"},
			"trust":        ch, "value": ch}}
	change_ := obj{"type": "object", "additionalProperties": false,
		"required": []string{"a_organization_id", "a_organization_name", "b_organization_id", "b_organization_name", "a_to_b", "b_to_a",
			"recorded", "suggested_level", "suggested_status", "summary", "decision", "decided_by", "decided_at"},
		"description": "A change to the recorded map that a closed wave's answers suggest for one pair, beside what is recorded",
		"properties": obj{"a_organization_id": str, "a_organization_name": str, "b_organization_id": str, "b_organization_name": str,
			"a_to_b": side, "b_to_a": side,
			"recorded":        obj{"type": "array", "items": ref("Tie"), "description": "The ties recorded between the two, either way round"},
			"suggested_level": level, "suggested_status": obj{"type": "string", "enum": network.Statuses},
			"summary": obj{"type": "string", "description": "The survey and the record in one line"},
			"decision": obj{"type": "string", "enum": []string{"", network.DecisionKeep, network.DecisionUpdate},
				"description": "Empty while waiting for a coordinator"},
			"decided_by": str, "decided_at": when}}
	return obj{
		"SurveyWave": wave,
		"SurveyWaveList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("SurveyWave")}}},
		"SurveyCreate": obj{"type": "object", "additionalProperties": false, "required": []string{"name"},
			"description": "Open a wave for a list of organizations, or for an initiative (its active members when no organizations are listed)",
			"properties": obj{"name": obj{"type": "string", "maxLength": 200}, "initiative_id": obj{"type": "integer"},
				"organization_ids": obj{"type": []string{"array", "null"}, "items": str},
				"closes_at":        obj{"type": "string", "description": "The last day to answer, YYYY-MM-DD; empty for none"}}},
		"SurveyCreated": obj{"type": "object", "additionalProperties": false, "required": []string{"wave", "links"},
			"properties": obj{"wave": ref("SurveyWave"), "links": obj{"type": "array", "items": link}}},
		"SurveyRemind": obj{"type": "object", "additionalProperties": false,
			"properties": obj{"organization_ids": obj{"type": []string{"array", "null"}, "items": str,
				"description": "Only these organizations; all that have not answered when left out"}}},
		"SurveyReminded": obj{"type": "object", "additionalProperties": false, "required": []string{"links"},
			"properties": obj{"links": obj{"type": "array", "items": link}}},
		"SurveyReport": obj{"type": "object", "additionalProperties": false, "required": []string{"wave", "participants", "results"},
			"properties": obj{"wave": ref("SurveyWave"), "participants": obj{"type": "array", "items": participant},
				"results": obj{"type": "object", "additionalProperties": false, "required": []string{"trust", "value", "organizations", "pairs"},
					"properties": obj{"trust": num, "value": num, "organizations": obj{"type": "array", "items": orgScore},
						"pairs": obj{"type": "array", "items": pair}}}}},
		"SurveyClosed": obj{"type": "object", "additionalProperties": false, "required": []string{"wave", "suggested_changes"},
			"properties": obj{"wave": ref("SurveyWave"), "suggested_changes": obj{"type": "integer", "minimum": 0,
				"description": "How many pairs' answers differ from the recorded map, for a coordinator to keep or update"}}},
		"SurveyChange": change_,
		"SurveyChangeList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("SurveyChange")}}},
		"SurveyChangeDecision": obj{"type": "object", "additionalProperties": false,
			"required": []string{"a_organization_id", "b_organization_id", "decision"},
			"properties": obj{"a_organization_id": str, "b_organization_id": str,
				"decision": obj{"type": "string", "enum": []string{network.DecisionKeep, network.DecisionUpdate},
					"description": "keep leaves the recorded tie as it is; update writes a new version"},
				"level": obj{"type": "string", "enum": append([]string{""}, network.Levels...),
					"description": "For an update: the level to record; the suggested one when left out"},
				"status": obj{"type": "string", "enum": append([]string{""}, network.Statuses...),
					"description": "For an update: the status to record; the suggested one when left out"},
				"note": obj{"type": "string", "maxLength": 5000, "description": "Added to the change note in the tie's history"}}},
		"SurveyComparison": obj{"type": "object", "additionalProperties": false,
			"required": []string{"a", "b", "trust", "value", "organizations", "pairs", "new_ties", "lost_ties"},
			"properties": obj{"a": ref("SurveyWave"), "b": ref("SurveyWave"), "trust": ch, "value": ch,
				"organizations": obj{"type": "array", "items": orgChange}, "pairs": obj{"type": "array", "items": pairChange},
				"new_ties":  obj{"type": "array", "items": pairChange, "description": "Tied in b, not in a (both organizations asked both times)"},
				"lost_ties": obj{"type": "array", "items": pairChange}}},
	}
}
