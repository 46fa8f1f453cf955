package api

import "backbone/internal/review"

// reviewSchemas documents the roadblocks register and the reviews.
func reviewSchemas() obj {
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	day := obj{"type": "string", "format": "date"}
	maybeDay := obj{"type": "string", "description": "YYYY-MM-DD, or empty for none"}
	when := obj{"type": "string", "format": "date-time"}
	level := func(desc string) obj { return obj{"type": "integer", "minimum": 1, "maximum": 4, "description": desc} }
	enum := func(values []string, desc string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	object := func(desc string, required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	listOf := func(schema string) obj {
		return object("A list", []string{"items"}, obj{"items": obj{"type": "array", "items": ref(schema)}})
	}
	subject := object("The thing a roadblock blocks or a review reviews, as its owner shows it",
		[]string{"kind", "id", "label", "title", "url"}, obj{
			"kind": str, "id": integer, "label": str, "title": str,
			"url":             obj{"type": "string", "description": "Its web page's path"},
			"initiative_id":   integer,
			"initiative_name": str,
			"organization_id": obj{"type": "string", "description": "For an organization's own goal"},
		})
	roadblockInput := obj{
		"title": obj{"type": "string", "maxLength": 200}, "description": obj{"type": "string", "maxLength": 5000},
		"category": enum(review.Categories, "own_policies: the agency's own policies and practices; "+
			"provider_policies: another provider's; personalities; reluctance: reluctance to get involved; "+
			"resources; other"),
		"likelihood": level("1 unlikely, 2 possible, 3 likely, 4 almost certain"),
		"impact":     level("1 minor, 2 moderate, 3 major, 4 severe"),
		"mitigation": obj{"type": "string", "maxLength": 5000},
		"owner_user_id": obj{"type": "integer", "minimum": 0, "description": "The person who watches it: one of " +
			"the initiative's people (or the organization's); 0 for nobody"},
		"review_on": maybeDay,
		"status": enum(append([]string{""}, review.Statuses...), "open when empty; a partner's is proposed, "+
			"whatever it says"),
	}
	change := object("One thing a review changed", []string{"kind", "ref_id", "summary"}, obj{
		"kind": enum([]string{review.ChangeGoalRevision, review.ChangeActivity, review.ChangeRoadblockShut},
			"goal_revision (ref_id the goal, revision its number), activity (added), roadblock_closed"),
		"ref_id": integer, "revision": integer, "summary": str, "url": str,
	})
	return obj{
		"ReviewSubject": subject,
		"RoadblockInput": object("A roadblock as a person writes it", []string{"title", "category", "likelihood",
			"impact"}, roadblockInput),
		"Roadblock": object("A roadblock on the register", []string{"id", "subject", "title", "category",
			"likelihood", "impact", "status", "created_at", "updated_at"}, obj{
			"id": integer, "subject": ref("ReviewSubject"), "title": str, "description": str,
			"category": enum(review.Categories, ""), "category_words": str,
			"likelihood": level(""), "likelihood_words": str, "impact": level(""), "impact_words": str,
			"mitigation": str, "owner_user_id": integer, "owner_name": str, "review_on": str,
			"status": enum(review.Statuses, ""), "created_at": when, "updated_at": when,
		}),
		"RoadblockList": listOf("Roadblock"),
		"RoadblockHeat": object("Rows of impact from 4 (severe) down to 1, each with cells of likelihood from 1 "+
			"to 4", []string{"rows", "total"}, obj{
			"total": integer,
			"rows": obj{"type": "array", "items": obj{"type": "array", "items": object("One cell",
				[]string{"likelihood", "impact", "count", "score"}, obj{"likelihood": integer, "impact": integer,
					"count": integer, "score": obj{"type": "integer", "description": "likelihood × impact"}})}},
		}),
		"ReviewScheduleInput": object("A review cadence", []string{"cadence"}, obj{
			"cadence": enum(review.Cadences, "quarterly, semiannual, annual, or date (once)"),
			"due_on": obj{"type": "string", "description": "YYYY-MM-DD: the date of a review on a date (required " +
				"then), or the first review of a repeating cadence (one period from today when left out)"},
		}),
		"ReviewSchedule": object("A subject's review cadence", []string{"id", "subject", "cadence",
			"first_due_on", "next_due_on", "overdue", "set_at"}, obj{
			"id": integer, "subject": ref("ReviewSubject"), "cadence": enum(review.Cadences, ""),
			"cadence_words": str, "first_due_on": day,
			"next_due_on":  obj{"type": "string", "description": "YYYY-MM-DD; empty once a review on a date was held"},
			"last_held_on": day, "overdue": obj{"type": "boolean"}, "set_at": when,
		}),
		"ReviewScheduleList": listOf("ReviewSchedule"),
		"ReviewInput": object("A review held, and what it changed", []string{"participants", "findings"}, obj{
			"held_on":      obj{"type": "string", "description": "YYYY-MM-DD, not in the future; today when left out"},
			"participants": obj{"type": "array", "items": str, "description": "Who took part, one name each"},
			"findings":     obj{"type": "string", "maxLength": 20000},
			"goal_revision": object("A revision of the goal reviewed (or, for an initiative, of one of its goals); "+
				"fields left out keep their values", []string{"goal_id", "reason"}, obj{
				"goal_id": integer, "statement": str, "target": obj{"type": []string{"number", "null"}},
				"due_on": str, "reason": str,
			}),
			"new_activities":   obj{"type": "array", "items": ref("ActivityInput")},
			"close_roadblocks": obj{"type": "array", "items": integer, "description": "Roadblocks of the subject"},
		}),
		"Review": object("A review's record", []string{"id", "subject", "held_on", "participants", "findings",
			"changes", "recorded_by", "recorded_at"}, obj{
			"id": integer, "subject": ref("ReviewSubject"), "held_on": day,
			"participants": obj{"type": "array", "items": str}, "findings": str,
			"changes": obj{"type": "array", "items": change}, "recorded_by": str, "recorded_at": when,
		}),
		"ReviewList": listOf("Review"),
	}
}
