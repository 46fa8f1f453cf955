package calendar

import (
	"fmt"
	"time"
)

// VTimezone returns the lines (without folding or line ends) of a VTIMEZONE
// component describing loc from the year before from onward, as calendar
// programs that do not know the zone's name need it to place wall-clock
// times. Its first observances start two years before from's, so that
// the year before from is wholly covered. A zone whose daylight-saving changes follow a yearly rule for the
// next years (the second Sunday of March, the last Sunday of October) is
// written as that rule; one that does not is written as each change from
// the year before from to ten years after it. A zone without changes is one
// STANDARD observance.
func VTimezone(loc *time.Location, from time.Time) []string {
	out := []string{"BEGIN:VTIMEZONE", "TZID:" + paramValue(loc.String())}
	start := time.Date(from.In(loc).Year()-2, 1, 1, 0, 0, 0, 0, loc)
	changes := transitions(loc, start, start.AddDate(12, 0, 0))
	if len(changes) == 0 {
		name, offset := start.Zone()
		out = append(out, "BEGIN:STANDARD", "DTSTART:19700101T000000",
			"TZOFFSETFROM:"+offsetText(offset), "TZOFFSETTO:"+offsetText(offset), "TZNAME:"+name, "END:STANDARD")
		return append(out, "END:VTIMEZONE")
	}
	if rules := yearlyRules(loc, changes); rules != nil {
		for _, r := range rules {
			out = append(out, observance(r.change, "RRULE:"+r.rule)...)
		}
		return append(out, "END:VTIMEZONE")
	}
	for _, c := range changes {
		out = append(out, observance(c, "")...)
	}
	return append(out, "END:VTIMEZONE")
}

// transition is a change of a zone's offset.
type transition struct {
	at             time.Time // the instant of the change
	from, to       int       // offsets east of UTC, in seconds
	name           string    // the zone's abbreviation after it
	daylight       bool      // daylight-saving time after it
	wallBeforeText string    // the wall-clock time it happens at, in the old offset
}

// transitions lists the offset changes of loc in [from, to).
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	t := from.In(loc)
	for t.Before(to) {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		_, before := end.Add(-time.Second).Zone()
		name, after := end.Zone()
		if before != after {
			out = append(out, transition{at: end, from: before, to: after, name: name, daylight: end.In(loc).IsDST(),
				wallBeforeText: end.UTC().Add(time.Duration(before) * time.Second).Format("20060102T150405")})
		}
		t = end.In(loc)
	}
	return out
}

// rule is a yearly change written as an RRULE, with its first occurrence.
type rule struct {
	change transition
	rule   string
}

// yearlyRules finds, from the first year's changes, rules of the form "the
// Nth (or last) weekday of a month at a wall-clock time", and returns them
// only when they give every change found: nil otherwise.
func yearlyRules(loc *time.Location, changes []transition) []rule {
	year := changes[0].at.In(loc).Year()
	var out []rule
	for _, c := range changes {
		if c.at.In(loc).Year() != year {
			break
		}
		wall := c.at.UTC().Add(time.Duration(c.from) * time.Second)
		days := time.Date(wall.Year(), wall.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		nth := (wall.Day()-1)/7 + 1
		if wall.Day()+7 > days {
			nth = -1
		}
		out = append(out, rule{change: c, rule: fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s",
			int(wall.Month()), nth, weekdayCode[wall.Weekday()])})
	}
	if len(out) == 0 || len(changes)%len(out) != 0 {
		return nil
	}
	for i, c := range changes {
		r := out[i%len(out)]
		wall := c.at.UTC().Add(time.Duration(c.from) * time.Second)
		want := r.change.at.UTC().Add(time.Duration(r.change.from) * time.Second)
		if c.from != r.change.from || c.to != r.change.to || wall.Month() != want.Month() ||
			wall.Weekday() != want.Weekday() || wall.Hour() != want.Hour() || wall.Minute() != want.Minute() ||
			nthOf(wall) != nthOf(want) {
			return nil
		}
	}
	return out
}

// nthOf is which weekday of its month a day is: 1 to 4, or -1 for the last.
func nthOf(t time.Time) int {
	days := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if t.Day()+7 > days {
		return -1
	}
	return (t.Day()-1)/7 + 1
}

var weekdayCode = map[time.Weekday]string{time.Sunday: "SU", time.Monday: "MO", time.Tuesday: "TU",
	time.Wednesday: "WE", time.Thursday: "TH", time.Friday: "FR", time.Saturday: "SA"}

// observance writes one STANDARD or DAYLIGHT part.
func observance(c transition, rrule string) []string {
	kind := "STANDARD"
	if c.daylight {
		kind = "DAYLIGHT"
	}
	out := []string{"BEGIN:" + kind, "DTSTART:" + c.wallBeforeText,
		"TZOFFSETFROM:" + offsetText(c.from), "TZOFFSETTO:" + offsetText(c.to)}
	if rrule != "" {
		out = append(out, rrule)
	}
	if c.name != "" {
		out = append(out, "TZNAME:"+c.name)
	}
	return append(out, "END:"+kind)
}

// offsetText writes an offset as RFC 5545 UTC-OFFSET: +0100, -0800, +0530.
func offsetText(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	s := fmt.Sprintf("%s%02d%02d", sign, seconds/3600, seconds%3600/60)
	if seconds%60 != 0 {
		s += fmt.Sprintf("%02d", seconds%60)
	}
	return s
}
