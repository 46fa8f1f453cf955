package api

import (
	"sort"

	"backbone/internal/measure"
)

// measureSchemas documents the measurement bodies. Answers are open objects
// (other fields may appear) so that the document stays true as they grow;
// request bodies are closed, as the decoder refuses unknown fields.
func measureSchemas() obj {
	str, num, integer, boolean := obj{"type": "string"}, obj{"type": "number"}, obj{"type": "integer"}, obj{"type": "boolean"}
	nullNum := obj{"type": []string{"number", "null"}}
	when := obj{"type": "string", "format": "date-time"}
	day := obj{"type": "string", "description": "A date, YYYY-MM-DD (empty: none)"}
	array := func(item obj) obj { return obj{"type": "array", "items": item} }
	listOf := func(item obj) obj {
		return obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": array(item)}}
	}
	closed := func(required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	period := obj{"type": "string", "description": "2025-03 (monthly), 2025-Q1, 2025-H1 or 2025, as the indicator's frequency"}

	indicatorFields := func() obj {
		return obj{"name": obj{"type": "string", "maxLength": 200}, "definition": obj{"type": "string", "description": "Exactly what is counted, so every partner counts the same thing"},
			"unit": str, "direction": obj{"type": "string", "enum": []string{"higher", "lower"}, "description": "Which is better; higher when left out"},
			"aggregation": obj{"type": "string", "enum": measure.Aggregations, "description": "How the partners' numbers combine; sum when left out"},
			"frequency":   obj{"type": "string", "enum": measure.Frequencies, "description": "How often it is reported; monthly when left out"},
			"source":      str, "weight_label": obj{"type": "string", "description": "What weighs each partner's number, for a weighted average"},
			"reporters": obj{"type": "array", "items": str, "description": "The active member organizations that report it"},
			"minimum": obj{"type": []string{"number", "null"}, "description": "The smallest value a report may give; null for no bound. " +
				"An indicator combined as a sum counts things: its values, and its minimum, cannot be negative"},
			"maximum": obj{"type": []string{"number", "null"}, "description": "The largest value a report may give; null for no bound"}}
	}
	indicator := obj{"type": "object", "required": []string{"id", "name", "unit", "direction", "aggregation", "frequency", "reporters"},
		"properties": indicatorFields()}
	indicator["properties"].(obj)["id"] = integer
	indicator["properties"].(obj)["initiative_id"] = integer
	indicator["properties"].(obj)["archived"] = boolean

	// A goal's fields as a person writes them; an initiative's goal also
	// names its owner and agenda item, and a revision its reason.
	goalFields := func(initiative, revision bool) obj {
		p := obj{"statement": obj{"type": "string", "maxLength": 1000}, "indicator_id": obj{"type": "integer", "minimum": 0, "description": "0 or left out: none"},
			"baseline": nullNum, "baseline_period": period, "target": nullNum, "unit": str, "starts_on": day, "due_on": day}
		if initiative {
			p["owner_organization_id"] = obj{"type": "string", "description": "The member organization that leads it"}
			p["agenda_item_id"] = obj{"type": "integer", "minimum": 0, "description": "The agenda item it serves; 0 or left out: none"}
		}
		if revision {
			p["reason"] = obj{"type": "string", "minLength": 1, "description": "Why the goal changes, kept with the revision"}
		}
		return p
	}
	goal := obj{"type": "object", "required": []string{"id", "revision", "current_revision", "statement", "reason", "actor", "recorded_at", "created_at"},
		"description": "A goal as one revision states it",
		"properties": obj{"id": integer, "initiative_id": integer, "organization_id": str, "revision": integer, "current_revision": integer,
			"statement": str, "indicator_id": integer, "baseline": num, "baseline_period": str, "target": num, "unit": str,
			"starts_on": str, "due_on": str, "owner_organization_id": str, "agenda_item_id": integer, "reason": str,
			"user_id": integer, "actor": str, "recorded_at": when, "created_at": when}}
	finding := obj{"type": "object", "required": []string{"letter", "criterion", "message", "undecided"},
		"properties": obj{"letter": obj{"type": "string", "enum": []string{"S", "M", "A", "R", "T"}}, "criterion": str, "message": str,
			"undecided": obj{"type": "boolean", "description": "The check could not judge (too little history), rather than found a fault"}}}
	findings := obj{"type": "array", "items": finding, "description": "What the goal misses, one finding per SMART letter; none when it is SMART"}
	// checked is a goal with its findings, and more.
	checked := func(desc string, more obj) obj {
		props := obj{"goal": ref("Goal"), "findings": findings}
		required := []string{"goal", "findings"}
		for name, s := range more {
			props[name] = s
			required = append(required, name)
		}
		sort.Strings(required)
		return obj{"type": "object", "required": required, "properties": props, "description": desc}
	}
	milestone := obj{"type": "object", "required": []string{"id", "goal_id", "value", "created_at"},
		"properties": obj{"id": integer, "goal_id": integer, "value": num, "label": str, "reached_at": when, "reached_period": str, "created_at": when}}
	point := obj{"type": "object", "required": []string{"period", "value", "count"},
		"properties": obj{"period": str, "value": num, "count": integer}}
	progress := obj{"type": "object", "required": []string{"goal", "series", "status", "milestones", "part_of_total"},
		"properties": obj{"goal": ref("Goal"), "indicator": obj{"anyOf": []obj{ref("Indicator"), {"type": "null"}}},
			"series":  obj{"type": "array", "items": point, "description": "Combined values per period, or the member's own"},
			"status":  obj{"type": "string", "enum": []string{"on_track", "at_risk", "off_track", "no_data"}},
			"percent": nullNum, "projected_at_due": nullNum,
			"incomplete_period": obj{"type": "string", "description": "The last period, while some reporters have not reported it"},
			"milestones":        array(milestone),
			"member":            obj{"type": "string", "description": "Whose own values the series holds; absent for combined values"},
			"combined":          obj{"type": "array", "items": point, "description": "With a member: the combined values, to compare"},
			"part_of_total":     obj{"type": "boolean", "description": "The series is the member's part of a sum: no status or percent against the target"}}}
	story := obj{"type": "object", "required": []string{"id", "initiative_id", "title", "body", "kind", "consent_by", "consent_on", "consent_how", "goal_ids", "actor", "created_at"},
		"properties": obj{"id": integer, "initiative_id": integer, "title": str, "body": str, "kind": obj{"type": "string", "enum": measure.StoryKinds},
			"consent_by": str, "consent_on": str, "consent_how": str, "goal_ids": array(integer), "user_id": integer, "actor": str, "created_at": when}}

	// lateReport is a measure.LateReport: a reporter without a value for
	// the last closed period of an indicator.
	lateReport := obj{"type": "object",
		"required": []string{"indicator_id", "indicator_name", "frequency", "period",
			"organization_id", "organization_name", "due_since"},
		"properties": obj{
			"indicator_id": integer, "indicator_name": str,
			"frequency":       obj{"type": "string", "enum": measure.Frequencies},
			"period":          period,
			"organization_id": str, "organization_name": str,
			"due_since": obj{"type": "string", "format": "date-time",
				"description": "The end of the period, when the value was due"},
		}}
	measurement := obj{"type": "object", "required": []string{"indicator_id", "organization_id", "period", "value", "revision"},
		"properties": obj{"id": integer, "indicator_id": integer, "organization_id": str, "period": str, "value": num, "weight": num, "revision": integer,
			"note": str, "superseded_by": integer, "superseded_at": when, "actor": str, "reported_at": when,
			"withdrawn_at": obj{"type": "string", "format": "date-time",
				"description": "When the value was withdrawn (it then counts nowhere; it stays in the history)"},
			"withdrawn_by": str, "withdraw_reason": str}}
	importWarning := obj{"type": "object", "required": []string{"row", "column", "message"},
		"properties": obj{"row": obj{"type": "integer", "description": "1-based, the header being row 1"}, "column": str, "message": str}}

	return obj{
		"Indicator":      indicator,
		"IndicatorList":  listOf(ref("Indicator")),
		"IndicatorInput": closed([]string{"name", "definition"}, indicatorFields()),
		"IndicatorPatch": closed(nil, indicatorFields()),
		"MeasurementInput": closed([]string{"indicator_id", "organization_id", "period", "value"},
			obj{"indicator_id": integer, "organization_id": str, "period": period,
				"value": obj{"type": "number", "minimum": -measure.MaxMagnitude, "maximum": measure.MaxMagnitude,
					"description": "Within the indicator's minimum and maximum; a count cannot be negative"},
				"weight": nullNum, "note": str,
				"confirm": obj{"type": "boolean", "description": "Record a value far from what the organization reported " +
					"before; without it, such a value is refused (422, naming the field value)"}}),
		"MeasurementWithdrawal": closed([]string{"indicator_id", "organization_id", "period", "reason"},
			obj{"indicator_id": integer, "organization_id": str, "period": period,
				"reason": obj{"type": "string", "minLength": 1, "maxLength": 2000, "description": "Why the value is wrong, kept in the history"}}),
		"Measurement":        measurement,
		"MeasurementHistory": listOf(measurement),
		"ImportResult": obj{"type": "object", "required": []string{"rows", "created", "corrected", "unchanged", "periods", "milestones"},
			"description": "What an import did; corrections keep the values they replace",
			"properties": obj{"rows": integer, "created": integer, "corrected": integer, "unchanged": integer, "periods": integer, "milestones": integer,
				"warnings": obj{"type": "array", "items": importWarning,
					"description": "Rows written whose values are far from the organization's history: to check, not refused"}}},
		"Dashboard":      obj{"type": "object", "required": []string{"goals"}, "properties": obj{"goals": array(ref("GoalProgress"))}},
		"GoalProgress":   progress,
		"LateReportList": listOf(lateReport),

		"Goal":                     goal,
		"CheckedGoal":              checked("A goal as it stands, with what its SMART check finds", nil),
		"GoalList":                 listOf(ref("CheckedGoal")),
		"GoalDetail":               checked("A goal as shown (now, as of a day, or one revision), its findings, every revision oldest first, and its milestones", obj{"revisions": array(ref("Goal")), "milestones": array(milestone)}),
		"GoalInput":                closed([]string{"statement"}, goalFields(true, false)),
		"GoalRevision":             closed([]string{"statement", "reason"}, goalFields(true, true)),
		"OrganizationGoalInput":    closed([]string{"statement"}, goalFields(false, false)),
		"OrganizationGoalRevision": closed([]string{"statement", "reason"}, goalFields(false, true)),
		"GoalCheck": obj{"type": "object", "required": []string{"findings", "smart"},
			"properties": obj{"findings": findings, "smart": obj{"type": "boolean", "description": "True when nothing is missing"}}},
		"OrganizationGoalList": listOf(obj{"allOf": []obj{ref("GoalProgress"), {"type": "object", "required": []string{"findings"}, "properties": obj{"findings": findings}}}}),
		"Milestone":            milestone,
		"MilestoneList":        listOf(milestone),
		"MilestoneInput": closed([]string{"value"}, obj{"value": obj{"type": "number", "description": "A value on the way to the target"},
			"label": obj{"type": "string", "maxLength": 200}}),

		"Story":     story,
		"StoryList": listOf(story),
		"StoryInput": closed([]string{"title", "body", "kind", "consent_by", "consent_on", "consent_how"},
			obj{"title": obj{"type": "string", "maxLength": 200}, "body": obj{"type": "string", "maxLength": 20000},
				"kind":        obj{"type": "string", "enum": measure.StoryKinds},
				"consent_by":  obj{"type": "string", "description": "Who gave consent to share it"},
				"consent_on":  obj{"type": "string", "description": "When, YYYY-MM-DD (not in the future)"},
				"consent_how": obj{"type": "string", "description": "How: a signed form, recorded verbally, ..."},
				"goal_ids":    obj{"type": "array", "items": integer, "description": "Goals of this initiative it speaks to"}}),
	}
}
