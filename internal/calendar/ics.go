// Package calendar writes what concerns a person or an initiative as an
// iCalendar feed (RFC 5545) that Outlook, Google Calendar and Apple's
// Calendar subscribe to, and an initiative's updates as an Atom feed
// (RFC 4287) for feed readers. The writers are plain functions on plain
// values; Sources gathers the events, each domain deciding what the link's
// maker may see.
package calendar

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one entry of a calendar. A deadline (a vote's close) is a
// moment, At; a due date (a report's last day, an agreement's end) is a
// whole day, On. A meeting is a moment with an End, written in its time
// zone (Zone), and a series of meetings has a recurrence rule (RRule).
type Event struct {
	// UID names the event for good: the same due date read again next week
	// has the same UID, so calendar programs update it instead of adding a
	// copy.
	UID         string
	Summary     string
	Description string
	URL         string
	Categories  []string
	At          time.Time // a moment; written in UTC
	End         time.Time // the end of a moment's event; zero for a deadline
	On          time.Time // a whole day (its date is read as written)
	// Zone, when set, writes At and End as wall-clock times of that time
	// zone (DTSTART;TZID=...) with the zone's VTIMEZONE: a series repeats
	// at the same wall-clock time across daylight-saving changes, which
	// times in UTC cannot say.
	Zone     *time.Location
	RRule    string // a recurrence rule (RFC 5545 3.3.10) without "RRULE:"; "" for one event
	Location string // where: a place, or a video link
	Sequence int    // the revision of the event, raised on every change
	Status   string // CONFIRMED, CANCELLED or "" (not written)
	// ExDates are occurrences of a series that will not take place
	// (EXDATE), as the series' starts.
	ExDates []time.Time
}

// AllDay tells an event of a whole day.
func (e Event) AllDay() bool { return e.At.IsZero() }

// Calendar is a feed: its name, as calendar programs show it, and its
// events.
type Calendar struct {
	Name        string
	Description string
	Events      []Event
}

// Write writes c as an iCalendar stream. stamp is when it was written
// (DTSTAMP), from the caller's clock. Times are written in UTC ("Z"): every
// calendar program shows them in its reader's own time zone, and no
// VTIMEZONE rules need writing; whole days are dates (VALUE=DATE), which
// no time zone moves.
func Write(w io.Writer, c Calendar, stamp time.Time) error {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Backbone//Calendar//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", Escape(c.Name))
	if c.Description != "" {
		line("X-WR-CALDESC", Escape(c.Description))
	}
	// Calendar programs that read it fetch the feed again this often.
	line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	line("X-PUBLISHED-TTL", "PT1H")
	writeZones(line, c.Events)
	for _, e := range c.Events {
		writeEvent(line, e, stamp)
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}

// writeEvent writes an event's lines, from BEGIN:VEVENT to just before its
// END, so that an invitation can add who organizes and who attends.
func writeEvent(line func(name, value string), e Event, stamp time.Time) {
	line("BEGIN", "VEVENT")
	line("UID", Escape(e.UID))
	line("DTSTAMP", utc(stamp))
	if e.Sequence > 0 {
		line("SEQUENCE", fmt.Sprint(e.Sequence))
	}
	switch {
	case e.AllDay():
		line("DTSTART;VALUE=DATE", e.On.Format("20060102"))
		line("DTEND;VALUE=DATE", e.On.AddDate(0, 0, 1).Format("20060102"))
		line("TRANSP", "TRANSPARENT")
	case e.Zone != nil:
		tzid := "TZID=" + paramValue(e.Zone.String())
		line("DTSTART;"+tzid, e.At.In(e.Zone).Format("20060102T150405"))
		if !e.End.IsZero() {
			line("DTEND;"+tzid, e.End.In(e.Zone).Format("20060102T150405"))
		}
	default:
		line("DTSTART", utc(e.At))
		if !e.End.IsZero() {
			line("DTEND", utc(e.End))
		}
	}
	if e.RRule != "" {
		line("RRULE", e.RRule)
		for _, x := range e.ExDates {
			if e.Zone != nil {
				line("EXDATE;TZID="+paramValue(e.Zone.String()), x.In(e.Zone).Format("20060102T150405"))
			} else {
				line("EXDATE", utc(x))
			}
		}
	}
	line("SUMMARY", Escape(e.Summary))
	if e.Description != "" {
		line("DESCRIPTION", Escape(e.Description))
	}
	if e.Location != "" {
		line("LOCATION", Escape(e.Location))
	}
	if e.URL != "" {
		line("URL;VALUE=URI", e.URL)
	}
	if e.Status != "" {
		line("STATUS", e.Status)
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = Escape(c)
		}
		line("CATEGORIES", strings.Join(cats, ","))
	}
}

// writeZones writes a VTIMEZONE for each time zone the events are written
// in, covering them from the earliest event's start.
func writeZones(line func(name, value string), events []Event) {
	first := map[string]time.Time{}
	zones := map[string]*time.Location{}
	var names []string
	for _, e := range events {
		if e.Zone == nil || e.AllDay() {
			continue
		}
		name := e.Zone.String()
		if _, ok := zones[name]; !ok {
			names = append(names, name)
			zones[name], first[name] = e.Zone, e.At
		}
		if e.At.Before(first[name]) {
			first[name] = e.At
		}
	}
	for _, name := range names {
		for _, l := range VTimezone(zones[name], first[name]) {
			name, value, _ := strings.Cut(l, ":")
			line(name, value)
		}
	}
}

// paramValue quotes a parameter value that holds characters a bare one
// may not (RFC 5545 3.1: ":", ";", ",").
func paramValue(s string) string {
	if strings.ContainsAny(s, ":;,") {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma get a backslash, a line break becomes \n. Other control characters,
// which the format does not allow in text, become spaces.
func Escape(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold ends a content line with CRLF, folding it (RFC 5545 3.1) so that no
// line is longer than 75 octets, never inside a UTF-8 character: each
// continuation starts with a space, which counts toward its 75.
func fold(content string) string {
	var b strings.Builder
	limit := 75
	n := 0
	for _, r := range content {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 3 // written as U+FFFD
		}
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
