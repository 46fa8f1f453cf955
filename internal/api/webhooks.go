package api

import (
	"net/http"

	"backbone/internal/httpx"
	"backbone/internal/webhook"
)

// webhookRoutes are an initiative's channels (outgoing webhooks) and their
// delivery logs, for its backbone staff (account.ManageWebhooks).
func (h *handler) webhookRoutes() []route {
	rt := func(method, path, op, summary, request string, status int, response string, problems []int,
		handle func(*handler, http.ResponseWriter, *http.Request) error) route {
		return route{Method: method, Pattern: workPrefix + "/webhooks" + path, OperationID: op, Tag: "webhooks",
			Summary: summary, Request: request, Status: status, Response: response, Problems: problems, handle: handle}
	}
	read := []int{400, 401, 403, 404}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	routes := []route{
		rt("GET", "", "listWebhooks", "The initiative's channels, their addresses masked (backbone staff)",
			"", 200, "WebhookList", read, (*handler).listWebhooks),
		rt("POST", "", "createWebhook", "Add a channel: Slack, Mattermost, Microsoft Teams, or signed JSON. "+
			"A JSON channel's signing secret is in the answer, and only there",
			"WebhookInput", 201, "WebhookMade", act, (*handler).createWebhook),
		rt("GET", "/{webhook}", "getWebhook", "One channel, its address masked", "", 200, "Webhook", read,
			(*handler).getWebhook),
		rt("PATCH", "/{webhook}", "updateWebhook", "Change a channel; fields left out stay. A channel made JSON "+
			"gets a signing secret, in the answer only", "WebhookPatch", 200, "WebhookMade", act,
			(*handler).updateWebhook),
		rt("DELETE", "/{webhook}", "deleteWebhook", "Remove a channel with its delivery log", "", 204, "",
			[]int{400, 401, 403, 404}, (*handler).deleteWebhook),
		rt("GET", "/{webhook}/deliveries", "listWebhookDeliveries", "The channel's latest deliveries, newest "+
			"first, each with its attempts", "", 200, "WebhookDeliveryList", read, (*handler).listWebhookDeliveries),
		rt("POST", "/{webhook}/test", "testWebhook", "Queue a test post to the channel (even one turned off)",
			"", 202, "WebhookDelivery", act, (*handler).testWebhook),
		rt("POST", "/{webhook}/deliveries/{delivery}/redeliver", "redeliverWebhook",
			"Post a delivery again, now, with a fresh count of tries; it keeps its delivery id",
			"", 202, "WebhookDelivery", act, (*handler).redeliverWebhook),
	}
	for i := range routes {
		if routes[i].OperationID == "createWebhook" {
			routes[i].Headers = []string{"Location"}
		}
	}
	return routes
}

// webhookMade is a channel as saved, with its signing secret when one was
// just made.
type webhookMade struct {
	*webhook.Webhook
	Secret string `json:"secret,omitempty"`
}

func (h *handler) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	got, err := h.Webhooks.List(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(got))
	return nil
}

func (h *handler) createWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in webhook.Input
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	made, secret, err := h.Webhooks.Create(r.Context(), httpx.Actor(r), id, in)
	if err != nil {
		return err
	}
	location(w, id, "webhooks", made.ID)
	h.writeJSON(w, r, http.StatusCreated, webhookMade{made, secret})
	return nil
}

// webhookOf reads the initiative and channel ids of the path.
func webhookOf(r *http.Request) (initiativeID, webhookID int64, err error) {
	if initiativeID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	webhookID, err = pathID(r, "webhook")
	return initiativeID, webhookID, err
}

func (h *handler) getWebhook(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	got, err := h.Webhooks.Get(r.Context(), httpx.Actor(r), id, wid)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, got)
	return nil
}

func (h *handler) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	var body struct {
		Name    *string   `json:"name"`
		Format  *string   `json:"format"`
		URL     *string   `json:"url"`
		Kinds   *[]string `json:"kinds"`
		Enabled *bool     `json:"enabled"`
	}
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	old, err := h.Webhooks.Get(r.Context(), httpx.Actor(r), id, wid)
	if err != nil {
		return err
	}
	in := webhook.Input{Name: old.Name, Format: old.Format, Kinds: old.Kinds, Enabled: body.Enabled}
	if body.Name != nil {
		in.Name = *body.Name
	}
	if body.Format != nil {
		in.Format = *body.Format
	}
	if body.URL != nil {
		in.URL = *body.URL
	}
	if body.Kinds != nil {
		in.Kinds = *body.Kinds
	}
	saved, secret, err := h.Webhooks.Update(r.Context(), httpx.Actor(r), id, wid, in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, webhookMade{saved, secret})
	return nil
}

func (h *handler) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	if err := h.Webhooks.Delete(r.Context(), httpx.Actor(r), id, wid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	got, err := h.Webhooks.Deliveries(r.Context(), httpx.Actor(r), id, wid, 50)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(got))
	return nil
}

func (h *handler) testWebhook(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	d, err := h.Webhooks.SendTest(r.Context(), httpx.Actor(r), id, wid)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusAccepted, d)
	return nil
}

func (h *handler) redeliverWebhook(w http.ResponseWriter, r *http.Request) error {
	id, wid, err := webhookOf(r)
	if err != nil {
		return err
	}
	did, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	d, err := h.Webhooks.Redeliver(r.Context(), httpx.Actor(r), id, wid, did)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusAccepted, d)
	return nil
}

// webhookSchemas documents the channels and their deliveries.
func webhookSchemas() obj {
	str := obj{"type": "string"}
	when := obj{"type": "string", "format": "date-time"}
	kinds := obj{"type": "array", "items": obj{"type": "string", "enum": webhook.Kinds},
		"description": "The kinds of update it receives; all of them when left out or empty"}
	format := obj{"type": "string", "enum": webhook.Formats,
		"description": "slack and mattermost post {\"text\": ...}; teams posts an Adaptive Card message; json posts " +
			"the event itself, signed: X-Backbone-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" " +
			"with the secret>, with X-Backbone-Event (the kind) and X-Backbone-Delivery (the same on every retry)"}
	props := obj{
		"id": obj{"type": "integer"}, "initiative_id": obj{"type": "integer"}, "name": str, "format": format,
		"url_masked": obj{"type": "string", "description": "The address with its secret parts masked"},
		"kinds":      kinds, "enabled": obj{"type": "boolean"},
		"signed":     obj{"type": "boolean", "description": "Posts carry X-Backbone-Signature"},
		"failures":   obj{"type": "integer", "description": "Failed attempts in a row since the last delivered post"},
		"created_at": when, "updated_at": when,
	}
	required := []string{"id", "initiative_id", "name", "format", "url_masked", "kinds", "enabled", "signed",
		"failures", "created_at", "updated_at"}
	made := obj{}
	for k, v := range props {
		made[k] = v
	}
	made["secret"] = obj{"type": "string", "description": "The signing secret of a JSON channel; shown only now"}
	url := obj{"type": "string", "maxLength": 2000, "description": "An https address (private networks allowed; " +
		"link-local and metadata addresses, and this server itself, refused)"}
	attempt := obj{"type": "object", "additionalProperties": false,
		"required": []string{"at", "answer", "duration_ms", "outcome"}, "properties": obj{
			"at": when, "http_status": obj{"type": "integer", "description": "Absent when no answer came"},
			"answer":      obj{"type": "string", "description": "The start of the answer, or why none came"},
			"duration_ms": obj{"type": "integer"},
			"outcome":     obj{"type": "string", "enum": []string{"delivered", "retry", "failed"}},
		}}
	delivery := obj{"type": "object", "additionalProperties": false,
		"required": []string{"id", "webhook_id", "kind", "text", "status", "attempts", "created_at", "log"},
		"properties": obj{
			"id": obj{"type": "integer"}, "webhook_id": obj{"type": "integer"},
			"event_id": obj{"type": "integer", "description": "The audit event; absent for a test"},
			"kind":     str, "text": str,
			"status":   obj{"type": "string", "enum": []string{"queued", "sending", "delivered", "failed"}},
			"attempts": obj{"type": "integer"}, "created_at": when, "next_attempt_at": when, "delivered_at": when,
			"last_error": str, "log": obj{"type": "array", "items": ref("WebhookAttempt")},
		}}
	return obj{
		"Webhook": obj{"type": "object", "additionalProperties": false, "required": required, "properties": props,
			"description": "A channel: where the initiative's updates are posted"},
		"WebhookMade": obj{"type": "object", "additionalProperties": false, "required": required, "properties": made},
		"WebhookList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Webhook")}}},
		"WebhookInput": obj{"type": "object", "additionalProperties": false,
			"required": []string{"name", "format", "url"}, "properties": obj{
				"name": obj{"type": "string", "maxLength": 100}, "format": format, "url": url, "kinds": kinds,
				"enabled": obj{"type": "boolean", "description": "On by default"},
			}},
		"WebhookPatch": obj{"type": "object", "additionalProperties": false, "properties": obj{
			"name": obj{"type": "string", "maxLength": 100}, "format": format, "url": url, "kinds": kinds,
			"enabled": obj{"type": "boolean"},
		}},
		"WebhookAttempt":  attempt,
		"WebhookDelivery": delivery,
		"WebhookDeliveryList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("WebhookDelivery")}}},
	}
}
