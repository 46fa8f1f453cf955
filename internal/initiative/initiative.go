// Package initiative keeps collective-impact initiatives: the partnerships
// that organizations form around a common agenda, led by a backbone
// organization, with member organizations in roles.
package initiative

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/errs"
)

// Initiative is a collective-impact partnership: the problem it takes on,
// where, what it hopes for, and the organization that backs it.
type Initiative struct {
	ID                       int64     `json:"id"`
	Name                     string    `json:"name"`
	ProblemStatement         string    `json:"problem_statement"`
	Vision                   string    `json:"vision"`
	CommonAgenda             string    `json:"common_agenda"`
	Geography                string    `json:"geography"`
	BackboneOrganizationID   string    `json:"backbone_organization_id"`
	BackboneOrganizationName string    `json:"backbone_organization_name"`
	Status                   string    `json:"status"`
	IsPublic                 bool      `json:"is_public"`
	TimeZone                 string    `json:"time_zone"` // an IANA name; "" for the instance's time zone
	CreatedAt                time.Time `json:"created_at"`
	UpdatedAt                time.Time `json:"updated_at"`
	MemberCount              int       `json:"member_count"` // active member organizations
}

// Member is an organization's place in an initiative.
type Member struct {
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	Role             string     `json:"role"`
	Status           string     `json:"status"`
	JoinedAt         *time.Time `json:"joined_at"`
	LeftAt           *time.Time `json:"left_at"`
}

// Statuses an initiative moves through.
var Statuses = []string{"forming", "active", "sustaining", "closed"}

// MemberRoles are the parts an organization can play in an initiative, in
// the order they are listed.
var MemberRoles = []string{"backbone", "core_partner", "supporting_partner", "funder", "community"}

// MemberStatuses are where an organization stands in an initiative:
// removed is taken out by the backbone (an active member removed, or an
// invitation withdrawn), where left is its own decision.
var MemberStatuses = []string{"invited", "active", "declined", "left", "removed"}

// Input is what a person writes when starting an initiative.
type Input struct {
	Name                   string `json:"name"`
	ProblemStatement       string `json:"problem_statement"`
	Vision                 string `json:"vision"`
	CommonAgenda           string `json:"common_agenda"`
	Geography              string `json:"geography"`
	BackboneOrganizationID string `json:"backbone_organization_id"`
	Status                 string `json:"status"` // forming when empty
	IsPublic               bool   `json:"is_public"`
	// TimeZone is where the initiative keeps its time: its deadlines and
	// times are shown there. An IANA name (America/Los_Angeles); "" for the
	// instance's time zone.
	TimeZone string `json:"time_zone"`
}

// Field lengths: room for a real common agenda, bounded so one form cannot fill the disk.
const (
	maxName = 200
	maxText = 10000
	maxGeo  = 500
)

// Normalize trims the input and checks it, returning every problem at once,
// field by field.
func (in *Input) Normalize() error {
	var v errs.ValidationError
	for _, p := range []*string{&in.Name, &in.ProblemStatement, &in.Vision, &in.CommonAgenda, &in.Geography, &in.BackboneOrganizationID, &in.Status, &in.TimeZone} {
		*p = strings.TrimSpace(*p)
	}
	tooLong := func(field, s string, n int) {
		if c := utf8.RuneCountInString(s); c > n {
			v.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", n, c))
		}
	}
	if in.Name == "" {
		v.Add("name", "is required")
	}
	tooLong("name", in.Name, maxName)
	tooLong("problem_statement", in.ProblemStatement, maxText)
	tooLong("vision", in.Vision, maxText)
	tooLong("common_agenda", in.CommonAgenda, maxText)
	tooLong("geography", in.Geography, maxGeo)
	tooLong("backbone_organization_id", in.BackboneOrganizationID, 100)
	in.Status = strings.ToLower(in.Status)
	if in.Status == "" {
		in.Status = "forming"
	}
	if !oneOf(in.Status, Statuses) {
		v.Add("status", "must be one of "+strings.Join(Statuses, ", "))
	}
	if msg := CheckTimeZone(in.TimeZone); msg != "" {
		v.Add("time_zone", msg)
	}
	return v.OrNil()
}

// checkMember checks an organization's role and status in an initiative.
func checkMember(role, status string) error {
	var v errs.ValidationError
	if !oneOf(role, MemberRoles) {
		v.Add("role", "must be one of "+strings.Join(MemberRoles, ", "))
	}
	if !oneOf(status, MemberStatuses) {
		v.Add("status", "must be one of "+strings.Join(MemberStatuses, ", "))
	}
	return v.OrNil()
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// checkLength adds a message for field when s is longer than n characters.
func checkLength(v *errs.ValidationError, field, s string, n int) {
	if c := utf8.RuneCountInString(s); c > n {
		v.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", n, c))
	}
}

// cleanList trims each entry of a written list and drops the empty ones, so
// that a form's blank lines do not become blank responsibilities.
func cleanList(items []string) []string {
	out := []string{}
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dateOnly keeps the calendar day of t, at midnight UTC, so that dates read
// back the same from either engine and in any time zone.
func dateOnly(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// words turns a role or status code into the words people read:
// core_partner becomes "core partner".
func words(code string) string { return strings.ReplaceAll(code, "_", " ") }
