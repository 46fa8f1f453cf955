package api

import (
	"fmt"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
)

// feedRoutes are the user's calendar and feed links.
func (h *handler) feedRoutes() []route {
	return []route{
		{Method: "GET", Pattern: prefix + "/me/feeds", OperationID: "listMyFeedLinks", Tag: "meta",
			Summary: "The user's calendar and feed links that still work (never their secrets)", Status: 200,
			Response: "FeedLinkList", Problems: []int{401}, handle: (*handler).myFeedLinks},
		{Method: "POST", Pattern: prefix + "/me/feeds", OperationID: "createFeedLink", Tag: "meta",
			Summary: "Make a private calendar link: the user's own calendar, or with initiative_id that " +
				"initiative's calendar and Atom updates feed. The addresses are in the answer, and only there",
			Request: "FeedLinkCreate", Status: 201, Response: "FeedLinkMade", Problems: writeProblems,
			handle: (*handler).createFeedLink},
		{Method: "DELETE", Pattern: prefix + "/me/feeds/{id}", OperationID: "revokeFeedLink", Tag: "meta",
			Summary: "Revoke a calendar link: one's own, or, for an initiative's backbone staff, any link to it",
			Status:  204, Problems: []int{401, 404}, handle: (*handler).revokeFeedLink},
	}
}

func (h *handler) myFeedLinks(w http.ResponseWriter, r *http.Request) error {
	links, err := h.Accounts.FeedLinks(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(links))
	return nil
}

// feedLinkMade is a link just made, with the addresses that hold its
// secret.
type feedLinkMade struct {
	account.FeedLink
	CalendarURL string `json:"calendar_url"`
	AtomURL     string `json:"atom_url,omitempty"`
}

func (h *handler) createFeedLink(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		InitiativeID int64 `json:"initiative_id"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	secret, l, err := h.Accounts.CreateFeedLink(r.Context(), httpx.Actor(r), in.InitiativeID)
	if err != nil {
		return err
	}
	site := httpx.SiteURL(r)
	out := feedLinkMade{FeedLink: *l, CalendarURL: site + "/calendar/" + secret + ".ics"}
	if l.InitiativeID != 0 {
		out.AtomURL = fmt.Sprintf("%s/initiatives/%d/updates.atom?token=%s", site, l.InitiativeID, secret)
	}
	h.writeJSON(w, r, http.StatusCreated, out)
	return nil
}

func (h *handler) revokeFeedLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Accounts.RevokeFeedLink(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// feedSchemas documents the calendar and feed links.
func feedSchemas() obj {
	str := obj{"type": "string"}
	link := obj{
		"id":      obj{"type": "integer"},
		"made_by": obj{"type": "string", "description": "The name of the person who made it, as whom it reads"},
		"initiative_id": obj{
			"type":        "integer",
			"description": "The initiative it serves; absent for the user's own calendar",
		},
		"initiative_name": str,
		"prefix":          obj{"type": "string", "description": "The secret's first characters, to tell links apart"},
		"created_at":      obj{"type": "string", "format": "date-time"},
		"revoked_at":      obj{"type": "string", "format": "date-time"},
	}
	made := obj{}
	for k, v := range link {
		made[k] = v
	}
	made["calendar_url"] = obj{"type": "string", "description": "The iCalendar address to subscribe to; shown only now"}
	made["atom_url"] = obj{"type": "string", "description": "The initiative's Atom updates feed; shown only now"}
	return obj{
		"FeedLink": obj{"type": "object", "additionalProperties": false,
			"description": "A private calendar link. It reads as its maker, with the maker's rights when read",
			"required":    []string{"id", "made_by", "prefix", "created_at"}, "properties": link},
		"FeedLinkList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("FeedLink")}}},
		"FeedLinkCreate": obj{"type": "object", "additionalProperties": false,
			"properties": obj{"initiative_id": obj{"type": "integer", "minimum": 1,
				"description": "Make a link to this initiative's calendar and updates feed; leave out for one's own calendar"}}},
		"FeedLinkMade": obj{"type": "object", "additionalProperties": false,
			"required": []string{"id", "made_by", "prefix", "created_at", "calendar_url"}, "properties": made},
	}
}
