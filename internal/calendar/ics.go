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
// whole day, On. Meetings, when they come, will be moments with an End.
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
	dtstamp := utc(stamp)
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", Escape(e.UID))
		line("DTSTAMP", dtstamp)
		if e.AllDay() {
			line("DTSTART;VALUE=DATE", e.On.Format("20060102"))
			line("DTEND;VALUE=DATE", e.On.AddDate(0, 0, 1).Format("20060102"))
			line("TRANSP", "TRANSPARENT")
		} else {
			line("DTSTART", utc(e.At))
			if !e.End.IsZero() {
				line("DTEND", utc(e.End))
			}
		}
		line("SUMMARY", Escape(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", Escape(e.Description))
		}
		if e.URL != "" {
			line("URL;VALUE=URI", e.URL)
		}
		if len(e.Categories) > 0 {
			cats := make([]string, len(e.Categories))
			for i, c := range e.Categories {
				cats[i] = Escape(c)
			}
			line("CATEGORIES", strings.Join(cats, ","))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
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
