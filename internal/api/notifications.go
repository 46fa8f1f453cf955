package api

import (
	"net/http"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/notify"
)

// notificationRoutes are the user's notifications and their choices.
func (h *handler) notificationRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/me/notifications", OperationID: "listMyNotifications", Tag: "meta",
			Summary: "The user's notifications, newest first (?unread=true for the unread ones only, " +
				"?before=ID for older ones), with the unread count",
			Status: 200, Response: "NotificationList", Problems: []int{400, 401},
			handle: (*handler).myNotifications},
		{Method: "POST", Pattern: prefix + "/me/notifications/read", OperationID: "markNotificationsRead",
			Tag: "meta", Summary: "Mark notifications read: those listed in ids, or all of them when ids is empty",
			Request: "NotificationsRead", Status: 200, Response: "NotificationsMarked", Problems: writeProblems,
			handle: (*handler).markNotificationsRead},
		{Method: "GET", Pattern: prefix + "/me/notification-preferences", OperationID: "getNotificationPreferences",
			Tag: "meta", Summary: "How each kind of notification reaches the user: now, daily, weekly or off",
			Status: 200, Response: "NotificationPreferenceList", Problems: []int{401},
			handle: (*handler).notificationPreferences},
		{Method: "PUT", Pattern: prefix + "/me/notification-preferences", OperationID: "setNotificationPreferences",
			Tag: "meta", Summary: "Choose how kinds of notification reach the user (kinds left out keep their " +
				"choice; required kinds cannot be off)",
			Request: "NotificationPreferencesSet", Status: 200, Response: "NotificationPreferenceList",
			Problems: writeProblems, handle: (*handler).setNotificationPreferences},
	}
}

type notificationList struct {
	Items  []notify.Notification `json:"items"`
	Unread int                   `json:"unread"`
}

func (h *handler) myNotifications(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var before int64
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return &errs.ValidationError{Fields: map[string]string{"before": "must be a notification's id"}}
		}
		before = n
	}
	unread := false
	switch q.Get("unread") {
	case "", "false":
	case "true":
		unread = true
	default:
		return &errs.ValidationError{Fields: map[string]string{"unread": "must be true or false"}}
	}
	items, err := h.Notify.List(r.Context(), httpx.Actor(r), unread, 100, before)
	if err != nil {
		return err
	}
	n, err := h.Notify.Unread(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, notificationList{Items: items, Unread: n})
	return nil
}

func (h *handler) markNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		IDs []int64 `json:"ids"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	n, err := h.Notify.MarkRead(r.Context(), httpx.Actor(r), in.IDs)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]int{"marked": n})
	return nil
}

type preferenceOut struct {
	Kind        string          `json:"kind"`
	Label       string          `json:"label"`
	Description string          `json:"description"`
	Required    bool            `json:"required"`
	InApp       bool            `json:"in_app"`
	Delivery    notify.Delivery `json:"delivery"`
}

func (h *handler) notificationPreferences(w http.ResponseWriter, r *http.Request) error {
	prefs, err := h.Notify.Preferences(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	out := make([]preferenceOut, 0, len(prefs))
	for _, p := range prefs {
		out = append(out, preferenceOut{Kind: p.Name, Label: p.Label, Description: p.Description,
			Required: p.Required, InApp: p.InApp, Delivery: p.Delivery})
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

func (h *handler) setNotificationPreferences(w http.ResponseWriter, r *http.Request) error {
	var in map[string]notify.Delivery
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Notify.SetPreferences(r.Context(), httpx.Actor(r), in); err != nil {
		return err
	}
	return h.notificationPreferences(w, r)
}

// notificationSchemas documents the notifications.
func notificationSchemas() obj {
	str := obj{"type": "string"}
	when := obj{"type": "string", "format": "date-time"}
	var kinds []string
	for _, k := range notify.Kinds {
		kinds = append(kinds, k.Name)
	}
	deliveries := []string{"now", "daily", "weekly", "off"}
	delivery := obj{"type": "string", "enum": deliveries}
	choices := obj{}
	for _, k := range kinds {
		choices[k] = delivery
	}
	return obj{
		"Notification": obj{"type": "object", "additionalProperties": false,
			"required": []string{"id", "kind", "subject", "body", "link", "created_at", "delivery"},
			"properties": obj{"id": obj{"type": "integer"}, "kind": obj{"type": "string", "enum": kinds},
				"initiative_id": obj{"type": "integer"}, "subject": str, "body": str,
				"link":       obj{"type": "string", "description": "A path on the site to what it is about"},
				"created_at": when, "delivery": delivery,
				"mailed_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
				"read_at":   obj{"type": []string{"string", "null"}, "format": "date-time"}}},
		"NotificationList": obj{"type": "object", "additionalProperties": false,
			"required": []string{"items", "unread"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Notification")},
				"unread": obj{"type": "integer"}}},
		"NotificationsRead": obj{"type": "object", "additionalProperties": false,
			"properties": obj{"ids": obj{"type": "array", "items": obj{"type": "integer"}}}},
		"NotificationsMarked": obj{"type": "object", "additionalProperties": false, "required": []string{"marked"},
			"properties": obj{"marked": obj{"type": "integer"}}},
		"NotificationPreference": obj{"type": "object", "additionalProperties": false,
			"required": []string{"kind", "label", "description", "required", "in_app", "delivery"},
			"properties": obj{"kind": obj{"type": "string", "enum": kinds}, "label": str, "description": str,
				"required": obj{"type": "boolean"},
				"in_app": obj{"type": "boolean", "description": "Shown in the app only: its e-mail goes otherwise " +
					"(a meeting's calendar invitation), so the delivery is not a choice"},
				"delivery": delivery}},
		"NotificationPreferenceList": obj{"type": "object", "additionalProperties": false,
			"required":   []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("NotificationPreference")}}},
		"NotificationPreferencesSet": obj{"type": "object", "additionalProperties": false, "properties": choices,
			"description": "A delivery per kind; kinds left out keep theirs"},
	}
}
