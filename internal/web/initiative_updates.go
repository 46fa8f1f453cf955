package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// updatesPageSize is how many updates one page of the feed shows.
const updatesPageSize = 30

// updatesPageData is one page of an initiative's updates feed.
type updatesPageData struct {
	Initiative *initiative.Initiative
	Entries    []initiative.FeedBurst // a burst of edits by one person is one line
	Before     int64                  // the page starts before this event; 0 for the newest
	Older      int64                  // where the next page starts; 0 when there is none
	FeedLinks  []account.FeedLink     // links to this initiative's calendar and feed the person may revoke
	NewLink    *feedLinkShown         // a link just made, shown once
	Channels   bool                   // the person may manage the channels that post these updates
}

func (h *handler) updatesPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if err != nil || before < 0 {
		before = 0 // a bad page mark shows the newest updates
	}
	return h.showUpdates(w, r, in, before, nil)
}

// showUpdates shows a page of an initiative's updates, with a calendar
// link just made.
func (h *handler) showUpdates(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, before int64,
	shown *feedLinkShown) error {
	entries, err := h.Initiatives.Feed(r.Context(), httpx.Actor(r), in.ID, updatesPageSize, before)
	if err != nil {
		return err
	}
	links, err := h.Accounts.InitiativeFeedLinks(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		return err
	}
	d := updatesPageData{Initiative: in, Entries: initiative.Bursts(entries), Before: before,
		FeedLinks: links, NewLink: shown}
	if d.Channels, err = h.may(r, account.ManageWebhooks, account.Initiative(in.ID)); err != nil {
		return err
	}
	var events int
	var last int64
	for _, e := range entries {
		if e.ID != 0 {
			events++
			last = e.ID
		}
	}
	if events == updatesPageSize {
		d.Older = last
	}
	h.render(w, r, http.StatusOK, "initiative_updates", "Updates · "+in.Name, "initiatives", d)
	return nil
}
