package calendar

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// iTIP methods (RFC 5546) of an invitation.
const (
	MethodRequest = "REQUEST" // an invitation, or a change to one (with a higher SEQUENCE)
	MethodCancel  = "CANCEL"  // the meeting is called off
)

// Party is an organizer or attendee of an invitation.
type Party struct {
	Name  string
	Email string
}

// Invite is a meeting invitation sent by e-mail (iMIP, RFC 6047): one event
// with its organizer and the attendee it is sent to.
type Invite struct {
	Method    string
	Event     Event
	Organizer Party
	Attendees []Party
}

// WriteInvite writes an invitation as an iCalendar object: METHOD, the
// event's time zone, the event with ORGANIZER and each ATTENDEE asked to
// answer (RSVP=TRUE). A cancellation marks the event CANCELLED.
func WriteInvite(w io.Writer, inv Invite, stamp time.Time) error {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Backbone//Meetings//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", inv.Method)
	e := inv.Event
	if inv.Method == MethodCancel {
		e.Status = "CANCELLED"
	} else if e.Status == "" {
		e.Status = "CONFIRMED"
	}
	writeZones(line, []Event{e})
	writeEvent(line, e, stamp)
	if inv.Organizer.Email != "" {
		line("ORGANIZER;CN="+paramText(inv.Organizer.Name), "mailto:"+inv.Organizer.Email)
	}
	for _, a := range inv.Attendees {
		line(fmt.Sprintf("ATTENDEE;CN=%s;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE", paramText(a.Name)),
			"mailto:"+a.Email)
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write invitation: %w", err)
	}
	return nil
}

// paramText is a name as a parameter value: always quoted, without the
// characters a quoted value may not hold.
func paramText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return `"` + s + `"`
}
