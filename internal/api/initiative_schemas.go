package api

import "backbone/internal/initiative"

// initiativeWorkSchemas documents the bodies of the initiative workspace.
func initiativeWorkSchemas() obj {
	str := obj{"type": "string"}
	text := func(desc string, maxLen int) obj {
		return obj{"type": "string", "description": desc, "maxLength": maxLen}
	}
	integer := obj{"type": "integer"}
	boolean := obj{"type": "boolean"}
	when := obj{"type": "string", "format": "date-time"}
	maybeWhen := obj{"type": []string{"string", "null"}, "format": "date-time"}
	day := obj{"type": "string", "description": "A date, YYYY-MM-DD (empty: none)"}
	enum := func(values []string, desc string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	array := func(item obj) obj { return obj{"type": "array", "items": item} }
	names := array(str) // lists of names and words
	// object is a closed object: every answer is checked field by field.
	object := func(desc string, required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	listOf := func(schema string) obj {
		return object("A list", []string{"items"}, obj{"items": array(ref(schema))})
	}
	role := enum(initiative.MemberRoles, "The part the organization plays")
	reason := text("Why, kept in the history", 2000)
	responsibilities := obj{"type": "array", "items": text("One responsibility", 500), "maxItems": 50}

	activity := obj{
		"id": integer, "initiative_id": integer, "organization_id": str, "organization_name": str,
		"agenda_item_id": obj{"type": "integer", "description": "0 when it serves no one agenda item"}, "agenda_item_title": str,
		"title": str, "description": str, "starts_on": maybeWhen, "ends_on": maybeWhen,
		"status": enum(initiative.ActivityStatuses, "Planned and under-way activities are open"), "created_at": when, "updated_at": when,
	}
	activityInput := obj{
		"organization_id": text("The active member organization doing it", 100),
		"agenda_item_id":  obj{"type": "integer", "minimum": 0, "description": "The agenda item it serves; 0 for none"},
		"title":           text("What is done", 200), "description": text("More about it", 10000),
		"starts_on": day, "ends_on": day, "status": enum(initiative.ActivityStatuses, "planned when left out"),
	}
	overlap := object("Two members doing what looks like the same thing toward one agenda item",
		[]string{"agenda_item_id", "first", "second", "shared_words", "similarity"},
		obj{"agenda_item_id": integer, "first": ref("Activity"), "second": ref("Activity"), "shared_words": names,
			"similarity": obj{"type": "number", "minimum": 0, "maximum": 1}})

	rule := object("A decision rule as a proposal records it", []string{"name", "quorum_percent", "threshold_percent", "lead_organization_id"},
		obj{"name": enum(initiative.DecisionRules, ""), "quorum_percent": integer, "threshold_percent": integer, "lead_organization_id": str})
	outcome := object("The count of a proposal's votes", []string{"status", "leaning", "eligible", "participated", "quorum_needed", "counts", "reasons"},
		obj{"status": enum([]string{"passed", "failed", "no_quorum", "pending"}, "pending while voting is open"),
			"leaning": str, "eligible": integer, "participated": integer, "quorum_needed": integer,
			"counts":  obj{"type": "object", "additionalProperties": integer, "description": "Choice → organizations"},
			"reasons": obj{"type": "array", "items": str, "description": "In plain words, the main reason first"}})
	vote := object("One member organization's vote", []string{"organization_id", "organization_name", "choice", "comment", "actor", "revision", "cast_at"},
		obj{"organization_id": str, "organization_name": str, "choice": str, "comment": str, "user_id": integer, "actor": str,
			"revision": integer, "cast_at": when})
	delegation := object("A member's vote given to another for one proposal",
		[]string{"from_organization_id", "from_organization_name", "to_organization_id", "to_organization_name", "actor", "created_at"},
		obj{"from_organization_id": str, "from_organization_name": str, "to_organization_id": str, "to_organization_name": str,
			"user_id": integer, "actor": str, "created_at": when})
	comment := object("A member's remark on a proposal", []string{"id", "organization_id", "organization_name", "actor", "body", "created_at"},
		obj{"id": integer, "organization_id": str, "organization_name": str, "user_id": integer, "actor": str, "body": str, "created_at": when})

	answer := object("One side's rating of one question", []string{"question_id", "score", "note", "answered_at"},
		obj{"question_id": str, "score": obj{"type": "integer", "minimum": 1, "maximum": 4}, "note": str, "actor": str, "answered_at": when})
	summary := object("The two sides compared", []string{"areas", "disagreements", "unanswered", "complete"}, obj{
		"areas": array(object("", []string{"area", "title", "initiative", "partner", "gap"},
			obj{"area": str, "title": str, "initiative": obj{"type": "number"}, "partner": obj{"type": "number"}, "gap": obj{"type": "number"}})),
		"disagreements": array(object("", []string{"question_id", "area", "question", "initiative", "partner", "gap", "text"},
			obj{"question_id": str, "area": str, "question": str, "initiative": integer, "partner": integer, "gap": integer, "text": str})),
		"unanswered": obj{"type": "object", "additionalProperties": integer, "description": "Side → questions it has not answered"},
		"complete":   boolean,
	})

	agreementInput := obj{
		"title": text("", 200), "kind": enum(initiative.AgreementKinds, ""),
		"parties":      obj{"type": "array", "items": str, "description": "Active member organizations (at least two)"},
		"effective_on": day, "ends_on": day,
		"renewal_reminder_days": obj{"type": "integer", "minimum": 0, "maximum": 3650, "description": "Days before ends_on to remind; 0 for none"},
	}
	governanceInput := obj{
		"decision_rule":        enum(initiative.DecisionRules, ""),
		"quorum_percent":       obj{"type": "integer", "minimum": 0, "maximum": 100},
		"threshold_percent":    obj{"type": "integer", "minimum": 0, "maximum": 100, "description": "Majority only: the yes share needed, 50 to 100"},
		"lead_organization_id": obj{"type": "string", "description": "lead_decides only: an active member"},
		"conflict_steps":       array(ref("ConflictStep")),
		"meeting_cadence":      enum(initiative.MeetingCadences, ""),
		"channels":             array(ref("Channel")),
		"reason":               text("Why it changes; required after the first version", 2000),
		"base_version":         obj{"type": "integer", "minimum": 0, "description": "The version the change starts from; 409 when it is no longer the current one"},
	}
	governance := obj{}
	for k, v := range governanceInput {
		governance[k] = v
	}
	delete(governance, "base_version")
	for k, v := range (obj{"initiative_id": integer, "version": integer, "lead_organization_name": str, "user_id": integer, "actor": str, "created_at": when}) {
		governance[k] = v
	}

	return obj{
		"MemberEvent": object("One move in an organization's membership", []string{"id", "organization_id", "organization_name", "at", "actor",
			"from_status", "to_status", "from_role", "to_role", "reason"},
			obj{"id": integer, "organization_id": str, "organization_name": str, "at": when, "user_id": integer, "actor": str,
				"from_status": str, "to_status": str, "from_role": str, "to_role": str, "reason": str}),
		"MemberHistory":    listOf("MemberEvent"),
		"MemberInvite":     object("An invitation", []string{"organization_id", "role"}, obj{"organization_id": str, "role": role}),
		"MemberResponse":   object("The answer to an invitation", []string{"accept"}, obj{"accept": boolean}),
		"MemberLeave":      object("Leaving an initiative", nil, obj{"reason": reason}),
		"MemberRemoval":    object("Taking an organization out, and why", []string{"reason"}, obj{"reason": reason}),
		"MemberRoleChange": object("A new role", []string{"role"}, obj{"role": role, "reason": reason}),

		"AgendaItem": object("One goal of the common agenda", []string{"id", "initiative_id", "title", "description", "position"},
			obj{"id": integer, "initiative_id": integer, "title": str, "description": str, "position": obj{"type": "integer", "minimum": 1},
				"archived_at": when}),
		"AgendaItemInput": object("A goal in plain words", []string{"title"}, obj{"title": text("", 200), "description": text("", 10000)}),
		"AgendaItemPatch": object("Fields of an agenda item; those left out keep their values", nil,
			obj{"title": text("", 200), "description": text("", 10000)}),
		"AgendaOrder": object("Every current agenda item's id, once, in the new order", []string{"ids"}, obj{"ids": array(integer)}),
		"AgendaList":  listOf("AgendaItem"),

		"Activity": object("A member's part of the mutually reinforcing activities", []string{"id", "initiative_id", "organization_id",
			"organization_name", "agenda_item_id", "agenda_item_title", "title", "description", "starts_on", "ends_on", "status", "created_at", "updated_at"}, activity),
		"ActivityInput": object("What a member writes about an activity", []string{"organization_id", "title"}, activityInput),
		"ActivityPatch": object("Fields of an activity; those left out keep their values, an empty date clears it", nil, activityInput),
		"ActivityList":  listOf("Activity"),
		"RACIInput": object("A letter for an organization or (exclusive) a person; an empty letter takes it away", []string{"letter"},
			obj{"organization_id": str, "user_id": obj{"type": "integer", "minimum": 0}, "letter": obj{"type": "string", "enum": append(append([]string{}, initiative.RACILetters...), "")}}),
		"RACIAssignment": object("One RACI letter", []string{"activity_id", "name", "letter"},
			obj{"activity_id": integer, "organization_id": str, "user_id": integer, "name": str, "letter": enum(initiative.RACILetters, "")}),
		"RACIAssignmentList": listOf("RACIAssignment"),
		"RACIMatrix": object("Activities against member organizations", []string{"organizations", "rows"}, obj{
			"organizations": array(ref("Member")),
			"rows": array(object("One activity with its letters", []string{"activity", "letters", "people", "flags"}, obj{
				"activity": ref("Activity"),
				"letters":  obj{"type": "object", "additionalProperties": enum(initiative.RACILetters, ""), "description": "Organization id → letter"},
				"people":   array(ref("RACIAssignment")),
				"flags": object("Raised for open activities only", []string{"no_accountable", "several_accountable", "no_responsible"},
					obj{"no_accountable": boolean, "several_accountable": boolean, "no_responsible": boolean}),
			})),
		}),
		"Overlap": overlap,
		"Coverage": object("The activities laid over the common agenda", []string{"items", "unassigned", "gaps", "overlaps"}, obj{
			"items": array(object("Who does what toward one agenda item", []string{"item", "activities", "organizations", "gap", "overlaps"}, obj{
				"item": ref("AgendaItem"), "activities": array(ref("Activity")), "organizations": names,
				"gap": obj{"type": "boolean", "description": "Nobody has an open activity on it"}, "overlaps": array(ref("Overlap")),
			})),
			"unassigned": array(ref("Activity")), "gaps": array(ref("AgendaItem")), "overlaps": array(ref("Overlap")),
		}),

		"OrganizationResponsibilities": object("What a member organization has taken on", []string{"organization_id", "organization_name", "role", "status", "responsibilities"},
			obj{"organization_id": str, "organization_name": str, "role": role, "status": enum(initiative.MemberStatuses, ""), "responsibilities": names}),
		"Person": object("A person's part in an initiative", []string{"user_id", "name", "organization_id", "organization_name", "job_role", "responsibilities"},
			obj{"user_id": integer, "name": str, "organization_id": str, "organization_name": str, "job_role": enum(initiative.JobRoles, ""), "responsibilities": names}),
		"Responsibilities": object("Who is responsible for what", []string{"organizations", "people"},
			obj{"organizations": array(ref("OrganizationResponsibilities")), "people": array(ref("Person"))}),
		"ResponsibilityList": object("The whole list, replacing the old one", []string{"responsibilities"}, obj{"responsibilities": responsibilities}),
		"PersonInput": object("A person's job role and responsibilities", []string{"job_role"},
			obj{"organization_id": text("The active member organization they work for, if any", 100), "job_role": enum(initiative.JobRoles, ""),
				"responsibilities": responsibilities}),

		"ConflictStep": object("One step of resolving a conflict", []string{"description", "mediator"},
			obj{"description": text("", 10000), "mediator": text("Who mediates", 500)}),
		"Channel": object("One way of keeping partners informed", []string{"what", "how_often", "who"},
			obj{"what": text("", 500), "how_often": text("", 500), "who": text("", 500)}),
		"GovernanceInput": object("A new version of the governance framework", []string{"decision_rule", "conflict_steps", "meeting_cadence"}, governanceInput),
		"Governance": object("One version of the governance framework", []string{"initiative_id", "version", "decision_rule", "quorum_percent",
			"threshold_percent", "lead_organization_id", "lead_organization_name", "conflict_steps", "meeting_cadence", "channels", "reason", "actor", "created_at"}, governance),
		"GovernanceHistory": listOf("Governance"),

		"AgreementParty": object("A party and its signature", []string{"organization_id", "organization_name", "signed_at", "signatory", "signed_by_user_id", "signed_by"},
			obj{"organization_id": str, "organization_name": str, "signed_at": maybeWhen, "signatory": str, "signed_by_user_id": integer, "signed_by": str}),
		"Agreement": object("A written agreement between members", []string{"id", "initiative_id", "title", "kind", "parties", "effective_on", "ends_on",
			"renewal_reminder_days", "renewal_due_on", "status", "document_name", "document_type", "document_size", "created_at", "updated_at"},
			obj{"id": integer, "initiative_id": integer, "title": str, "kind": enum(initiative.AgreementKinds, ""), "parties": array(ref("AgreementParty")),
				"effective_on": when, "ends_on": maybeWhen, "renewal_reminder_days": integer, "renewal_due_on": maybeWhen,
				"status":        enum([]string{initiative.AgreementDraft, initiative.AgreementPartiallySigned, initiative.AgreementSigned, initiative.AgreementExpired}, "As of now"),
				"document_name": obj{"type": "string", "description": "Empty when no document is attached"}, "document_type": str,
				"document_size": obj{"type": "integer", "minimum": 0}, "created_at": when, "updated_at": when}),
		"AgreementInput":     object("A new agreement", []string{"title", "kind", "parties", "effective_on"}, agreementInput),
		"AgreementPatch":     object("Fields of a draft agreement; those left out keep their values, an empty ends_on clears it", nil, agreementInput),
		"AgreementSignature": object("A party's signature", []string{"organization_id", "signatory"}, obj{"organization_id": str, "signatory": text("Who signed", 500)}),
		"AgreementList":      listOf("Agreement"),

		"Rule":    rule,
		"Outcome": outcome,
		"Vote":    vote,
		"Comment": comment,
		"Proposal": object("A question put to the voting members", []string{"id", "initiative_id", "title", "body", "proposed_by", "proposed_by_name",
			"rule", "deadline", "status", "outcome_reasons", "decided_at", "created_at"},
			obj{"id": integer, "initiative_id": integer, "title": str, "body": str, "proposed_by": str, "proposed_by_name": str, "proposed_by_user": integer,
				"rule": ref("Rule"), "deadline": when, "status": enum([]string{"open", "passed", "failed", "no_quorum", "withdrawn"}, ""),
				"outcome_reasons": names, "decided_at": maybeWhen, "created_at": when, "outcome": ref("Outcome"),
				"votes": array(ref("Vote")), "delegations": array(delegation), "comments": array(ref("Comment")),
				"vote_history": obj{"type": "array", "items": ref("Vote"),
					"description": "Every vote cast, oldest first: a changed vote stays here, and the latest counts"}}),
		"ProposalList": listOf("Proposal"),
		"ProposalInput": object("A proposal; it is decided by the current governance framework's rule", []string{"title", "proposed_by", "deadline"},
			obj{"title": text("", 200), "body": text("", 10000), "proposed_by": text("The active member organization that proposes", 100),
				"deadline": obj{"type": "string", "format": "date-time", "description": "When voting closes (RFC 3339), in the future"}}),
		"VoteInput": object("A vote for a member organization", []string{"organization_id", "choice"},
			obj{"organization_id": str, "comment": text("", 2000),
				"choice": obj{"type": "string", "description": "agree, stand_aside, block (consensus); consent, object (consent); yes, no, abstain (majority, lead_decides)"}}),
		"DelegationInput":    object("A vote given to another member", []string{"from_organization_id", "to_organization_id"}, obj{"from_organization_id": str, "to_organization_id": str}),
		"CommentInput":       object("A remark for a member organization", []string{"organization_id", "body"}, obj{"organization_id": str, "body": text("", 2000)}),
		"DecisionLogSetting": object("Whether everyone signed in may read the decision log", []string{"public"}, obj{"public": boolean}),

		"AssessmentStart": object("The organization to check", []string{"organization_id"}, obj{"organization_id": str}),
		"AssessmentAnswers": object("One side's answers", []string{"side", "answers"}, obj{"side": enum([]string{initiative.SideInitiative, initiative.SidePartner}, ""),
			"answers": array(object("", []string{"question_id", "score"}, obj{"question_id": str, "score": obj{"type": "integer", "minimum": 1, "maximum": 4}, "note": text("", 2000)}))}),
		"Assessment": object("A compatibility check with both sides' answers (and, except in lists, the summary)", []string{"id", "initiative_id", "initiative_name",
			"organization_id", "organization_name", "created_at", "updated_at", "initiative", "partner"},
			obj{"id": integer, "initiative_id": integer, "initiative_name": str, "organization_id": str, "organization_name": str,
				"created_at": when, "updated_at": when, "initiative": array(answer), "partner": array(answer), "summary": summary}),
		"AssessmentList": listOf("Assessment"),

		"UpdateList": listOf("Update"),
		"Update": object("One line of the updates feed", []string{"id", "kind", "at", "who", "text"},
			obj{"id": obj{"type": "integer", "description": "0 for a renewal reminder"}, "kind": str, "at": when, "who": str, "text": str, "agreement_id": integer}),
	}
}
