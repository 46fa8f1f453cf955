package api

import (
	"net/http"

	"backbone/internal/httpx"
	"backbone/internal/workqueue"
)

// myQueue serves what the token's user owes and what waits for them: the
// home page's work queue.
func (h *handler) myQueue(w http.ResponseWriter, r *http.Request) error {
	src := workqueue.Sources{Accounts: h.Accounts, Directory: h.Directory, Initiatives: h.Initiatives,
		Network: h.Network, Measure: h.Measure, Reviews: h.Reviews}
	q, err := workqueue.For(r.Context(), src, httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, q)
	return nil
}

// queueSchemas documents the work queue.
func queueSchemas() obj {
	str := obj{"type": "string"}
	kinds := []string{workqueue.KindReport, workqueue.KindVote, workqueue.KindSignature, workqueue.KindSurvey,
		workqueue.KindSurveyFollow, workqueue.KindInvitation, workqueue.KindVerification, workqueue.KindProposals,
		workqueue.KindReview}
	item := obj{
		"type": "object", "additionalProperties": false,
		"description": "One thing the user owes or that waits for them, with the web page where it is done",
		"required":    []string{"kind", "title", "late", "link", "action"},
		"properties": obj{
			"kind": obj{"type": "string", "enum": kinds, "description": "report (due or late), vote, signature, " +
				"survey (to answer), survey_follow (a wave the user coordinates), invitation, " +
				"verification (stewards), review (a scheduled review the user may record, due within two weeks " +
				"or overdue)"},
			"title":             str,
			"initiative_id":     obj{"type": "integer"},
			"initiative_name":   str,
			"organization_id":   obj{"type": "string", "description": "The organization the user acts for"},
			"organization_name": str,
			"deadline": obj{"type": "string", "format": "date-time",
				"description": "When it closes, for a vote"},
			"due_on": obj{"type": "string", "format": "date",
				"description": "The last day, for a report (its period's), a survey or a review"},
			"time_zone": obj{"type": "string", "description": "The time zone the initiative keeps (an IANA name), " +
				"in which its pages show the deadline"},
			"late": obj{"type": "boolean", "description": "The deadline has passed"},
			"note": obj{"type": "string", "description": "How it is done, when the page cannot do it alone"},
			"link": obj{"type": "string", "description": "The path of the web page where it is done; empty when " +
				"it is done elsewhere (a survey's private link)"},
			"action": obj{"type": "string", "description": "What the link does, in words"},
			"count":  obj{"type": "integer", "description": "How many records, for a verification"},
		},
	}
	return obj{
		"WorkQueueItem": item,
		"WorkQueue": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"description": "The late first, then by deadline, then what has none",
			"properties":  obj{"items": obj{"type": "array", "items": ref("WorkQueueItem")}}},
	}
}
