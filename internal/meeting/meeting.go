// Package meeting keeps an initiative's meetings and check-ins: one-off
// meetings and series with a recurrence rule, their invitees (member
// organizations, people, e-mail addresses) and their answers, invitations
// sent with an .ics through the mail outbox, an agenda drafted from the
// initiative's live state, and, for each meeting held, attendance, minutes
// and action items that become the initiative's activities.
package meeting

import (
	"net/url"
	"strings"
	"time"

	"backbone/internal/errs"
)

// Kinds of meeting. A check-in is the partners' regular meeting.
const (
	KindCheckIn     = "check_in"
	KindPartner     = "partner_meeting"
	KindPreliminary = "preliminary"
	KindCommunity   = "community_event"
	KindCelebration = "celebration"
)

// Kinds are the kinds of meeting, in the order forms offer them.
var Kinds = []string{KindCheckIn, KindPartner, KindPreliminary, KindCommunity, KindCelebration}

// KindLabel names a kind in words: "check-in", "preliminary meeting".
func KindLabel(kind string) string {
	switch kind {
	case KindCheckIn:
		return "check-in"
	case KindPartner:
		return "partner meeting"
	case KindPreliminary:
		return "preliminary meeting with a prospect"
	case KindCommunity:
		return "community event"
	case KindCelebration:
		return "celebration"
	}
	return kind
}

// Statuses of a meeting.
const (
	StatusScheduled = "scheduled"
	StatusCancelled = "cancelled"
)

// Answers of an invitee.
const (
	AnswerPending  = "pending"
	AnswerAccepted = "accepted"
	AnswerDeclined = "declined"
)

// Attendance statuses of an invitee at a meeting held.
const (
	Present = "present"
	Absent  = "absent"
	Regrets = "regrets" // sent their regrets
)

// AttendanceStatuses are the statuses attendance is recorded with.
var AttendanceStatuses = []string{Present, Absent, Regrets}

// Meeting is one meeting, or a series of them.
type Meeting struct {
	ID              int64      `json:"id"`
	InitiativeID    int64      `json:"initiative_id"`
	InitiativeName  string     `json:"initiative_name"`
	Kind            string     `json:"kind"`
	Title           string     `json:"title"`
	Description     string     `json:"description"`
	StartsAt        time.Time  `json:"starts_at"` // the first (or only) meeting
	DurationMinutes int        `json:"duration_minutes"`
	TimeZone        string     `json:"time_zone"` // IANA name; the series repeats at its wall-clock time
	RRule           string     `json:"rrule"`     // RFC 5545 RRULE value; "" for a one-off meeting
	Repeat          string     `json:"repeat"`    // the form's choice the rule is, "" for another rule
	Schedule        string     `json:"schedule"`  // the rule in words
	Place           string     `json:"place"`
	VideoURL        string     `json:"video_url"`
	Status          string     `json:"status"`
	Sequence        int        `json:"sequence"` // the invitation's revision, raised by every change
	OrganizerID     int64      `json:"organizer_id"`
	OrganizerName   string     `json:"organizer_name"`
	OrganizerEmail  string     `json:"-"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Invitees        []Invitee  `json:"invitees"`
	Agenda          []Item     `json:"agenda"`
	Next            *time.Time `json:"next,omitempty"` // the next occurrence from now, nil when none
	Skipped         []Skip     `json:"skipped"`        // occurrences of the series that will not take place
}

// Location is the meeting's time zone (UTC when it names none Go knows).
func (m *Meeting) Location() *time.Location {
	if loc, err := time.LoadLocation(m.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Duration is how long each meeting lasts.
func (m *Meeting) Duration() time.Duration { return time.Duration(m.DurationMinutes) * time.Minute }

// KindWords names the meeting's kind in words, for pages.
func (m *Meeting) KindWords() string { return KindLabel(m.Kind) }

// Recurring tells a series.
func (m *Meeting) Recurring() bool { return m.RRule != "" }

// Cancelled tells a meeting called off.
func (m *Meeting) Cancelled() bool { return m.Status == StatusCancelled }

// When writes an occurrence as its partners read it: "Tue 5 Jan 2027,
// 10:00 PST".
func (m *Meeting) When(at time.Time) string {
	return at.In(m.Location()).Format("Mon 2 Jan 2006, 15:04 MST")
}

// Invitee is an organization or a person invited. An organization's
// people with accounts are invited with it, each as a person of their own
// (ViaOrganizationID names it), so each answers for themselves.
type Invitee struct {
	ID                int64      `json:"id"`
	OrganizationID    string     `json:"organization_id,omitempty"` // an invited organization
	OrganizationName  string     `json:"organization_name,omitempty"`
	UserID            int64      `json:"user_id,omitempty"` // a person with an account
	Email             string     `json:"email,omitempty"`   // a person's address
	Name              string     `json:"name"`
	ViaOrganizationID string     `json:"via_organization_id,omitempty"`
	Answer            string     `json:"answer"` // pending, accepted, declined (people only)
	AnsweredAt        *time.Time `json:"answered_at,omitempty"`
}

// Organization tells an invited organization from a person.
func (i Invitee) Organization() bool { return i.Email == "" && i.OrganizationID != "" }

// Label is how lists show the invitee.
func (i Invitee) Label() string {
	switch {
	case i.Organization():
		return i.OrganizationName
	case i.Name != "" && i.Name != i.Email:
		return i.Name
	}
	return i.Email
}

// Item is one line of a meeting's agenda: drafted from the initiative's
// state (Source names what it came from, SourceURL links to it) or written
// by staff (Source "").
type Item struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Note      string `json:"note"`
	Source    string `json:"source"` // late_report, goal, proposal, agreement, member, or ""
	SourceURL string `json:"source_url"`
}

// Input is what staff write about a meeting. Start is the first meeting's
// local date and time in the initiative's time zone ("2027-01-05T10:00").
// RRule, when given (through the API), wins over Repeat.
type Input struct {
	Kind            string   `json:"kind"`
	Title           string   `json:"title"`
	Description     string   `json:"description"`
	Start           string   `json:"start"`
	DurationMinutes int      `json:"duration_minutes"`
	Repeat          string   `json:"repeat"`
	Until           string   `json:"until"` // the series' last day, YYYY-MM-DD; "" for no end
	RRule           string   `json:"rrule"`
	Place           string   `json:"place"`
	VideoURL        string   `json:"video_url"`
	Organizations   []string `json:"organizations"` // ids of organizations invited with their people
	People          []int64  `json:"people"`        // users invited
	Emails          []string `json:"emails"`        // addresses of people without accounts
}

const (
	maxTitle = 200
	maxText  = 10000
)

// normalize trims and checks the input, reading its start in loc. It
// returns the start and the recurrence rule.
func (in *Input) normalize(loc *time.Location) (time.Time, string, error) {
	in.Kind, in.Title, in.Description = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Title),
		strings.TrimSpace(in.Description)
	in.Place, in.VideoURL, in.RRule = strings.TrimSpace(in.Place), strings.TrimSpace(in.VideoURL),
		strings.TrimPrefix(strings.TrimSpace(in.RRule), "RRULE:")
	in.Repeat, in.Until = strings.ToLower(strings.TrimSpace(in.Repeat)), strings.TrimSpace(in.Until)
	var v errs.ValidationError
	if in.Kind == "" {
		in.Kind = KindCheckIn
	}
	if !oneOf(in.Kind, Kinds) {
		v.Add("kind", "must be one of "+strings.Join(Kinds, ", "))
	}
	if in.Title == "" {
		v.Add("title", "is required")
	} else if len(in.Title) > maxTitle {
		v.Add("title", "must be at most 200 characters")
	}
	if len(in.Description) > maxText {
		v.Add("description", "must be at most 10000 characters")
	}
	if len(in.Place) > 500 {
		v.Add("place", "must be at most 500 characters")
	}
	if in.VideoURL != "" {
		u, err := url.Parse(in.VideoURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.VideoURL) > 1000 {
			v.Add("video_url", "must be a web address, like https://meet.example.org/partners")
		}
	}
	if in.DurationMinutes == 0 {
		in.DurationMinutes = 60
	}
	if in.DurationMinutes < 5 || in.DurationMinutes > 24*60 {
		v.Add("duration_minutes", "must be between 5 minutes and 24 hours")
	}
	start, err := time.ParseInLocation("2006-01-02T15:04", strings.Replace(in.Start, " ", "T", 1), loc)
	if err != nil {
		v.Add("start", "must be a date and time, like 2027-01-05T10:00")
	}
	var until time.Time
	if in.Until != "" {
		if until, err = time.Parse(time.DateOnly, in.Until); err != nil {
			v.Add("until", "must be a date, like 2027-12-31")
		} else if !start.IsZero() && until.Before(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0,
			time.UTC)) {
			v.Add("until", "must not be before the first meeting")
		}
	}
	rule := in.RRule
	if rule != "" {
		if msg := CheckRule(rule); msg != "" {
			v.Add("rrule", msg)
		}
	} else if !start.IsZero() {
		if rule, err = RuleFor(in.Repeat, start, until); err != nil {
			v.Add("repeat", err.Error())
		}
	}
	if len(in.Organizations)+len(in.People)+len(in.Emails) > 2000 {
		v.Add("emails", "too many invitees (at most 2000)")
	}
	for i, e := range in.Emails {
		in.Emails[i] = strings.ToLower(strings.TrimSpace(e))
	}
	return start, rule, v.OrNil()
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
