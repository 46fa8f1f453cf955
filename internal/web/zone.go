package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"backbone/internal/clock"
)

// Deadlines and times are shown in a time zone, never as UTC: the
// instance's (Deps.TimeZone), or on an initiative's pages the one the
// initiative keeps. The templates' time functions are bound to the zone, as
// "ago" is bound to the clock, so every page gets it: the pages are parsed
// once for each zone in use.

// timeLayout is how a moment is written: the day, the time on a 12-hour
// clock and the zone's abbreviation ("10 Dec 2026, 3:59 pm PST").
const timeLayout = "2 Jan 2006, 3:04 pm MST"

// zoneFuncs are the templates' functions that show times in loc.
func zoneFuncs(c clock.Clock, loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// date writes the day of a moment in the page's time zone; a
		// calendar date (kept as midnight UTC: an agreement's end) as it is.
		"date": func(t any) string {
			var v time.Time
			switch x := t.(type) {
			case time.Time:
				v = x
			case *time.Time:
				if x == nil {
					return ""
				}
				v = *x
			default:
				return ""
			}
			if u := v.UTC(); u.Equal(u.Truncate(24 * time.Hour)) {
				return u.Format("2 Jan 2006")
			}
			return v.In(loc).Format("2 Jan 2006")
		},
		// datetime writes a moment in the page's time zone.
		"datetime": func(t time.Time) string { return t.In(loc).Format(timeLayout) },
		// datetimeIn writes a moment in a named time zone (an initiative's),
		// or the page's when the name is empty or unknown.
		"datetimeIn": func(t time.Time, zone string) string { return t.In(zoneOr(zone, loc)).Format(timeLayout) },
		// zone is the abbreviation of the page's time zone today ("PST").
		"zone": func() string {
			if c == nil {
				c = clock.System{}
			}
			return c.Now().In(loc).Format("MST")
		},
		// zoneName is the page's time zone as people know it
		// ("America/Los_Angeles").
		"zoneName": func() string { return loc.String() },
	}
}

// zoneOr is the time zone named, or def when the name is empty or unknown.
func zoneOr(name string, def *time.Location) *time.Location {
	if name == "" {
		return def
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return def
	}
	return loc
}

// zonedViews are the pages parsed for the time zones other than the
// instance's, made when a page first needs one.
type zonedViews struct {
	mu     sync.Mutex
	byZone map[string]*views
}

// viewsIn returns the pages that show times in loc.
func (h *handler) viewsIn(loc *time.Location) (*views, error) {
	if loc == h.TimeZone || loc.String() == h.TimeZone.String() {
		return h.views, nil
	}
	h.zoned.mu.Lock()
	defer h.zoned.mu.Unlock()
	if v, ok := h.zoned.byZone[loc.String()]; ok {
		return v, nil
	}
	v, err := parseViews(h.Clock, loc)
	if err != nil {
		return nil, err
	}
	h.zoned.byZone[loc.String()] = v
	return v, nil
}

// pageZone is the time zone a page shows times in: on an initiative's
// pages the initiative's own when it keeps one, else the instance's.
func (h *handler) pageZone(r *http.Request) *time.Location {
	if !strings.HasPrefix(r.URL.Path, "/initiatives/") {
		return h.TimeZone
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return h.TimeZone
	}
	zone, err := h.Initiatives.TimeZoneOf(r.Context(), id)
	if err != nil {
		h.Logger.Warn("time zone of an initiative", "initiative", id, "err", err)
		return h.TimeZone
	}
	return zoneOr(zone, h.TimeZone)
}
