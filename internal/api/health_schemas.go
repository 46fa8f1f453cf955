package api

import "backbone/internal/health"

// healthSchemas documents partnership health's bodies and answers.
func healthSchemas() obj {
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	number := obj{"type": "number"}
	fraction := obj{"type": "number", "minimum": 0, "maximum": 1}
	when := obj{"type": "string", "format": "date-time"}
	maybeWhen := obj{"type": []string{"string", "null"}, "format": "date-time"}
	maybeNumber := obj{"type": []string{"number", "null"}}
	enum := func(values []string, desc string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	array := func(item obj) obj { return obj{"type": "array", "items": item} }
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
	entries := []string{health.EntryPledge, health.EntryDelivery}
	period := obj{"type": "string", "description": "A month (2026-03), quarter (2026-Q1), half year (2026-H1) " +
		"or year (2026)"}
	unit := obj{"type": "string", "maxLength": 40, "description": "dollars for money; hours or fte for staff " +
		"time; any unit for the other kinds (meals, laptops); the kind's default when left out"}
	contribution := obj{"id": integer, "initiative_id": integer, "organization_id": str, "organization_name": str,
		"entry": enum(entries, ""), "kind": enum(health.Kinds, ""), "period": str, "quantity": number, "unit": str,
		"money_value": obj{"type": []string{"number", "null"}, "description": "Its value in dollars, where given"},
		"description": str, "evidence_note": str, "evidence_url": str, "recorded_by": str, "recorded_at": when,
		"confirmed_by": str, "confirmed_at": obj{"type": []string{"string", "null"}, "format": "date-time",
			"description": "When backbone staff confirmed it; null while unconfirmed"}}
	post := obj{"id": integer, "initiative_id": integer, "organization_id": str, "organization_name": str,
		"side": enum([]string{health.SideOffer, health.SideNeed}, ""), "category": enum(health.Kinds, ""),
		"title": str, "details": str, "status": enum([]string{health.PostOpen, health.PostClosed}, ""),
		"posted_by": str, "posted_at": when, "closed_at": maybeWhen}
	line := object("What a member pledged and delivered of one kind in one unit", []string{"kind", "unit",
		"pledged", "delivered", "share"}, obj{"kind": enum(health.Kinds, ""), "unit": str, "pledged": number,
		"delivered": number, "unconfirmed": number, "share": fraction})
	periodTotal := object("All members' pledges and deliveries of a group in one period",
		[]string{"period", "pledged", "delivered"}, obj{"period": str, "pledged": number, "delivered": number})
	return obj{
		"ContributionInput": object("A pledge or a delivery", []string{"organization_id", "entry", "kind",
			"period", "quantity"}, obj{"organization_id": str, "entry": enum(entries, ""),
			"kind": enum(health.Kinds, ""), "period": period, "quantity": obj{"type": "number",
				"exclusiveMinimum": 0}, "unit": unit,
			"money_value": obj{"type": []string{"number", "null"}, "minimum": 0,
				"description": "Its value in dollars, so that it adds up with money; ignored for money"},
			"description":   obj{"type": "string", "maxLength": 500},
			"evidence_note": obj{"type": "string", "maxLength": 2000},
			"evidence_url": obj{"type": "string", "maxLength": 1000,
				"description": "A link to the evidence (http or https)"}}),
		"Contribution": object("A pledge or a delivery of a member", []string{"id", "entry", "kind", "period",
			"quantity", "unit"}, contribution),
		"ContributionList": listOf("Contribution"),
		"HourRate": object("The dollars an hour of staff time is valued at; 0 for none", []string{"hour_rate"},
			obj{"hour_rate": obj{"type": "number", "minimum": 0}}),
		"BenefitInput": object("Funding or referrals a member received", []string{"organization_id", "kind",
			"period", "amount"}, obj{"organization_id": str,
			"kind":   enum(health.BenefitKinds, "funding in dollars, or referrals in people referred"),
			"period": period, "amount": obj{"type": "number", "exclusiveMinimum": 0},
			"note": obj{"type": "string", "maxLength": 500}}),
		"Benefit": object("A benefit a member reported", []string{"id", "organization_id", "kind", "period",
			"amount"}, obj{"id": integer, "initiative_id": integer, "organization_id": str, "organization_name": str,
			"kind": enum(health.BenefitKinds, ""), "period": str, "amount": number, "note": str,
			"recorded_by": str, "recorded_at": when}),
		"BenefitList": listOf("Benefit"),
		"Balance": object("What each member gives beside what it holds and gets", []string{"initiative_id",
			"hour_rate", "voters", "groups", "members", "alerts", "valued_total", "wave"}, obj{
			"initiative_id": integer, "hour_rate": number, "voters": obj{"type": "integer",
				"description": "Active members in a voting role"},
			"groups": array(object("One kind in one unit across the members; FTE figures are averages over "+
				"the periods pledged or delivered in", []string{"kind", "unit", "pledged", "delivered"}, obj{
				"kind": enum(health.Kinds, ""), "unit": str, "label": str, "pledged": number, "delivered": number,
				"unconfirmed": number, "givers": integer, "periods": array(periodTotal)})),
			"members": array(object("One member's figures; shares are fractions", []string{"organization_id",
				"organization_name", "votes", "vote_share", "lines"}, obj{
				"organization_id": str, "organization_name": str, "role": str, "status": str,
				"votes": integer, "vote_share": fraction, "lines": array(line),
				"valued": obj{"type": "number", "description": "Dollars delivered, where valued"},
				"unvalued": obj{"type": "integer", "description": "Deliveries with no dollar value, left " +
					"out of valued"},
				"contribution_share": obj{"type": []string{"number", "null"}, "minimum": 0, "maximum": 1,
					"description": "Of the valued total; null when nothing is valued"},
				"funding_received": number, "funding_share": fraction, "referrals_received": number,
				"referral_share": fraction, "indicators": integer, "indicator_share": fraction,
				"perceived_value": maybeNumber, "raters": integer})),
			"alerts": array(object("Something to look at, in plain words", []string{"kind", "message"}, obj{
				"kind":            enum([]string{health.AlertLoad, health.AlertShortfall}, ""),
				"organization_id": str, "message": str})),
			"valued_total": number, "wave": obj{"type": "string",
				"description": "The closed survey wave partners' ratings come from; empty for none"},
		}),
		"PostInput": object("An offer or a need", []string{"organization_id", "side", "category", "title"}, obj{
			"organization_id": str, "side": enum([]string{health.SideOffer, health.SideNeed}, ""),
			"category": enum(health.Kinds, ""), "title": obj{"type": "string", "maxLength": 200},
			"details": obj{"type": "string", "maxLength": 2000}}),
		"Post": object("An offer or a need of a member", []string{"id", "organization_id", "side", "category",
			"title", "status"}, post),
		"MatchInput": object("The offer and the need a match proposes", []string{"offer_id", "need_id"},
			obj{"offer_id": integer, "need_id": integer}),
		"MatchAnswer": object("Accept or decline", []string{"answer"}, obj{"answer": enum([]string{
			health.AnswerAccept, health.AnswerDecline}, "")}),
		"MatchOutcome": object("How an accepted match went", []string{"outcome"},
			obj{"outcome": obj{"type": "string", "maxLength": 2000}}),
		"Match": object("An offer proposed for a need, and how it went", []string{"id", "offer", "need",
			"status"}, obj{"id": integer, "initiative_id": integer, "offer": ref("Post"), "need": ref("Post"),
			"reason":                      obj{"type": "string", "description": "Why they were matched"},
			"proposed_by_organization_id": obj{"type": "string", "description": "Empty when backbone staff proposed"},
			"proposed_by":                 str, "proposed_at": when,
			"status":      enum([]string{health.MatchProposed, health.MatchAccepted, health.MatchDeclined}, ""),
			"answered_by": str, "answered_at": maybeWhen, "outcome": str, "outcome_at": maybeWhen}),
		"OfferBoard": object("Offers, needs, suggested matches and matches", []string{"offers", "needs",
			"suggestions", "matches"}, obj{"offers": array(ref("Post")), "needs": array(ref("Post")),
			"suggestions": array(object("An offer that may meet a need, and why", []string{"offer", "need",
				"score", "reasons"}, obj{"offer": ref("Post"), "need": ref("Post"), "score": integer,
				"reasons": array(str), "words": array(str)})),
			"matches": array(ref("Match"))}),
	}
}
