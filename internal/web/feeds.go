package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/calendar"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// feedCacheControl lets a calendar program or feed reader keep what it
// read for five minutes, and nobody in between keep it at all: the address
// is private.
const feedCacheControl = "private, max-age=300"

// calendarSources are the stores a calendar is read from, with the site's
// address as the request reached it.
func (h *handler) calendarSources(r *http.Request) calendar.Sources {
	src := calendar.Sources{Accounts: h.Accounts, Initiatives: h.Initiatives, Measure: h.Measure,
		SiteURL: baseURL(r)}
	if h.Meetings != nil {
		src.Meetings = h.Meetings
	}
	return src
}

// calendarFeed serves a calendar link (/calendar/SECRET.ics) to a calendar
// program, which cannot sign in: the secret is the key. It reads as the
// link's maker, with the rights they have now; an unknown or revoked link,
// or one whose initiative its maker may no longer see, is not found.
func (h *handler) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return errs.ErrNotFound
	}
	u, initiativeID, err := h.Accounts.FeedLinkOwner(r.Context(), secret)
	if err != nil {
		return err
	}
	actor := account.UserActor(u, httpx.RequestID(r.Context()))
	var c calendar.Calendar
	if initiativeID == 0 {
		c, err = calendar.Person(r.Context(), h.calendarSources(r), actor)
	} else {
		c, err = calendar.Initiative(r.Context(), h.calendarSources(r), actor, initiativeID)
	}
	if err != nil {
		return hideRefusal(err)
	}
	var b bytes.Buffer
	if err := calendar.Write(&b, c, h.now()); err != nil {
		return err
	}
	// The stamp changes with every read; the tag is of the events alone.
	serveFeed(w, r, "text/calendar; charset=utf-8", b.Bytes(), dropStamps(b.Bytes()))
	return nil
}

// updatesAtom serves an initiative's updates as an Atom feed
// (/initiatives/{id}/updates.atom?token=SECRET) to a feed reader, through a
// link made for that initiative. Nobody signed out may read an initiative,
// public or not, so the link is always needed.
func (h *handler) updatesAtom(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	u, initiativeID, err := h.Accounts.FeedLinkOwner(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		return err
	}
	if initiativeID != id {
		return fmt.Errorf("feed link for another initiative: %w", errs.ErrNotFound)
	}
	actor := account.UserActor(u, httpx.RequestID(r.Context()))
	in, err := h.Initiatives.View(r.Context(), actor, id)
	if err != nil {
		return hideRefusal(err)
	}
	entries, err := h.Initiatives.Feed(r.Context(), actor, id, 50, 0)
	if err != nil {
		return hideRefusal(err)
	}
	var b bytes.Buffer
	f := calendar.UpdatesFeed{Initiative: in, Entries: entries, SiteURL: baseURL(r),
		Self: fmt.Sprintf("%s/initiatives/%d/updates.atom", baseURL(r), id)}
	if err := calendar.WriteAtom(&b, f, h.now()); err != nil {
		return err
	}
	serveFeed(w, r, "application/atom+xml; charset=utf-8", b.Bytes(), b.Bytes())
	return nil
}

// hideRefusal turns a refusal into not found: a link whose maker may no
// longer read what it points to is a link that does not work.
func hideRefusal(err error) error {
	if errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrUnauthenticated) {
		return fmt.Errorf("%v: %w", err, errs.ErrNotFound)
	}
	return err
}

// serveFeed writes a feed with an ETag of what it says (tagged), so that a
// program asking again with If-None-Match gets 304 when nothing changed.
func serveFeed(w http.ResponseWriter, r *http.Request, contentType string, body, tagged []byte) {
	sum := sha256.Sum256(tagged)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	w.Header().Set("Cache-Control", feedCacheControl)
	w.Header().Set("ETag", etag)
	w.Header().Set("X-Robots-Tag", "noindex")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}

// dropStamps leaves out a calendar's DTSTAMP lines, which change with every
// read.
func dropStamps(ics []byte) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(ics, []byte("\r\n")) {
		if !bytes.HasPrefix(line, []byte("DTSTAMP:")) {
			out = append(out, line...)
		}
	}
	return out
}

// feedLinkShown is a link just made, shown once.
type feedLinkShown struct {
	Calendar string // the calendar's address, to subscribe to
	Atom     string // the updates feed's address; "" for a person's own calendar
}

// shownLink makes the addresses of a link just made.
func shownLink(r *http.Request, secret string, initiativeID int64) *feedLinkShown {
	s := &feedLinkShown{Calendar: baseURL(r) + "/calendar/" + secret + ".ics"}
	if initiativeID != 0 {
		s.Atom = fmt.Sprintf("%s/initiatives/%d/updates.atom?token=%s", baseURL(r), initiativeID, secret)
	}
	return s
}

// accountFeedCreate makes a link to the signed-in person's own calendar
// and shows it once, on their account page.
func (h *handler) accountFeedCreate(w http.ResponseWriter, r *http.Request) error {
	secret, _, err := h.Accounts.CreateFeedLink(r.Context(), httpx.Actor(r), 0)
	if err != nil {
		return err
	}
	return h.showAccountWith(w, r, http.StatusOK, nil, shownLink(r, secret, 0))
}

// accountFeedRevoke stops one of the person's links from working.
func (h *handler) accountFeedRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "link")
	if err != nil {
		return err
	}
	if err := h.Accounts.RevokeFeedLink(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The link was revoked: calendars and readers using it get nothing more.")
	redirect(w, r, "/account#calendar-links")
	return nil
}

// initiativeFeedCreate makes a link to an initiative's calendar and
// updates feed and shows it once, on the updates page.
func (h *handler) initiativeFeedCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	secret, _, err := h.Accounts.CreateFeedLink(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		return err
	}
	return h.showUpdates(w, r, in, 0, shownLink(r, secret, in.ID))
}

// initiativeFeedRevoke stops a link to an initiative from working: its
// maker or the initiative's backbone staff.
func (h *handler) initiativeFeedRevoke(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "link")
	if err != nil {
		return err
	}
	links, err := h.Accounts.InitiativeFeedLinks(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		return err
	}
	found := false
	for _, l := range links {
		found = found || l.ID == id
	}
	if !found {
		return fmt.Errorf("calendar link %d of initiative %d: %w", id, in.ID, errs.ErrNotFound)
	}
	if err := h.Accounts.RevokeFeedLink(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The link was revoked: calendars and readers using it get nothing more.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/updates#calendar-links", in.ID))
	return nil
}
