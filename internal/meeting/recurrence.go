package meeting

import (
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Repeats are the plain choices the form offers, each becoming a
// recurrence rule from the first meeting's day: "monthly" is "monthly on
// the first Tuesday" when the first meeting is a first Tuesday. They are
// governance's meeting cadences, and "once".
var Repeats = []string{"once", "weekly", "biweekly", "monthly", "bimonthly", "quarterly", "semiannual", "annual"}

// RuleFor makes the recurrence rule (RFC 5545, without "RRULE:") of a
// choice of Repeats for a series whose first meeting is start (in its own
// time zone), ending on until's day (zero for no end). "once" is "".
func RuleFor(repeat string, start time.Time, until time.Time) (string, error) {
	day := weekdayCodes[start.Weekday()]
	nth := nthWeekday(start)
	monthly := func(interval int) string {
		r := fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", nth, day)
		if interval > 1 {
			r = fmt.Sprintf("FREQ=MONTHLY;INTERVAL=%d;BYDAY=%d%s", interval, nth, day)
		}
		return r
	}
	var r string
	switch repeat {
	case "", "once":
		return "", nil
	case "weekly":
		r = "FREQ=WEEKLY;BYDAY=" + day
	case "biweekly":
		r = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + day
	case "monthly":
		r = monthly(1)
	case "bimonthly":
		r = monthly(2)
	case "quarterly":
		r = monthly(3)
	case "semiannual":
		r = monthly(6)
	case "annual":
		r = monthly(12)
	default:
		return "", fmt.Errorf("must be one of %s", strings.Join(Repeats, ", "))
	}
	if !until.IsZero() {
		// The end of until's day in the series' zone, written in UTC as
		// RFC 5545 asks when DTSTART has a time zone.
		end := time.Date(until.Year(), until.Month(), until.Day(), 23, 59, 59, 0, start.Location())
		r += ";UNTIL=" + end.UTC().Format("20060102T150405Z")
	}
	return r, nil
}

// RepeatOf tells which of Repeats a rule is, "" for a rule the form does
// not offer (one written through the API), so the form can show it again.
func RepeatOf(rule string, start time.Time) string {
	base, _, _ := strings.Cut(rule, ";UNTIL=")
	for _, r := range Repeats {
		if got, _ := RuleFor(r, start, time.Time{}); got == base {
			return r
		}
	}
	return ""
}

// UntilOf returns the last day of a rule's series, zero when it has none.
func UntilOf(rule string, loc *time.Location) time.Time {
	o, err := rrule.StrToROption(rule)
	if err != nil || o.Until.IsZero() {
		return time.Time{}
	}
	u := o.Until.In(loc)
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
}

var weekdayCodes = map[time.Weekday]string{time.Sunday: "SU", time.Monday: "MO", time.Tuesday: "TU",
	time.Wednesday: "WE", time.Thursday: "TH", time.Friday: "FR", time.Saturday: "SA"}

// nthWeekday is which weekday of its month a day is: 1 to 4, or -1 for
// the last (a fifth, which not every month has).
func nthWeekday(t time.Time) int {
	if t.Day() > 28 {
		return -1
	}
	return (t.Day()-1)/7 + 1
}

// CheckRule says what is wrong with a recurrence rule, "" when it is one
// Backbone can expand.
func CheckRule(rule string) string {
	if rule == "" {
		return ""
	}
	if len(rule) > 500 || strings.ContainsAny(rule, "\r\n:") {
		return "must be an RRULE value, like FREQ=MONTHLY;BYDAY=1TU"
	}
	o, err := rrule.StrToROption(rule)
	if err != nil {
		return "is not a recurrence rule (RFC 5545 RRULE): " + err.Error()
	}
	if o.Freq == rrule.SECONDLY || o.Freq == rrule.MINUTELY || o.Freq == rrule.HOURLY {
		return "must repeat at most daily"
	}
	return ""
}

// Occurrences returns the starts of a meeting's occurrences in [from, to),
// in the meeting's time zone: the wall-clock time stays the same across
// daylight-saving changes. A one-off meeting has its one start, when in
// range. At most limit are returned (0 for 500).
func Occurrences(m *Meeting, from, to time.Time, limit int) []time.Time {
	if limit <= 0 {
		limit = 500
	}
	start := m.StartsAt.In(m.Location())
	if m.RRule == "" {
		if !start.Before(from) && start.Before(to) {
			return []time.Time{start}
		}
		return nil
	}
	o, err := rrule.StrToROption(m.RRule)
	if err != nil {
		return nil
	}
	o.Dtstart = start
	r, err := rrule.NewRRule(*o)
	if err != nil {
		return nil
	}
	var out []time.Time
	it := r.Iterator()
	for {
		t, ok := it()
		if !ok || !t.Before(to) || len(out) >= limit {
			break
		}
		if !t.Before(from) && !m.skipped(t.UTC()) {
			out = append(out, t.In(m.Location()))
		}
	}
	return out
}

// Describe says a rule in plain words, from its first meeting's start:
// "Every month on the first Tuesday at 10:00", "Once, on Tuesday 5 January
// 2027 at 10:00".
func Describe(rule string, start time.Time) string {
	at := start.Format("15:04")
	if rule == "" {
		return "Once, on " + start.Format("Monday 2 January 2006") + " at " + at
	}
	o, err := rrule.StrToROption(rule)
	if err != nil {
		return "Repeats: " + rule
	}
	every := map[rrule.Frequency]string{rrule.YEARLY: "year", rrule.MONTHLY: "month", rrule.WEEKLY: "week",
		rrule.DAILY: "day"}[o.Freq]
	var s string
	switch {
	case o.Interval <= 1:
		s = "Every " + every
	case o.Interval == 2:
		s = "Every other " + every
	default:
		s = fmt.Sprintf("Every %d %ss", o.Interval, every)
	}
	if len(o.Byweekday) > 0 {
		var days []string
		for _, d := range o.Byweekday {
			days = append(days, weekdayWords(d))
		}
		s += " on " + strings.Join(days, " and ")
	}
	s += " at " + at
	if !o.Until.IsZero() {
		s += ", until " + o.Until.In(start.Location()).Format("2 January 2006")
	}
	if o.Count > 0 {
		s += fmt.Sprintf(", %d times", o.Count)
	}
	return s
}

// weekdayWords writes a BYDAY entry: "Tuesday", "the first Tuesday", "the
// last Friday".
func weekdayWords(d rrule.Weekday) string {
	names := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	name := names[d.Day()]
	switch n := d.N(); {
	case n == 0:
		return name
	case n == -1:
		return "the last " + name
	case n >= 1 && n <= 5:
		return "the " + []string{"", "first", "second", "third", "fourth", "fifth"}[n] + " " + name
	default:
		return fmt.Sprintf("the %d %s", n, name)
	}
}
