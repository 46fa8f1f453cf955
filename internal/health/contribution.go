// Package health keeps what a partnership's health is judged by: what each
// member organization of an initiative commits and delivers (money, staff
// time, in-kind goods, space, equipment, data, skills, volunteers), with its
// evidence and the backbone's confirmation; the benefits members report
// they received; the balance between what each gives, what it holds (its
// vote) and what it gets, with alerts in plain words; and the offers and
// needs members post for each other, with the matches suggested between
// them. The engagement score and the five-conditions check build on it.
package health

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/errs"
	"backbone/internal/measure"
)

// Kinds of contribution.
const (
	KindMoney      = "money"
	KindStaff      = "staff"
	KindInKind     = "in_kind"
	KindSpace      = "space"
	KindEquipment  = "equipment"
	KindData       = "data"
	KindSkills     = "skills"
	KindVolunteers = "volunteers"
)

// Kinds are the kinds of contribution, in the order forms offer them. Offers
// and needs take the same kinds as their categories.
var Kinds = []string{KindMoney, KindStaff, KindInKind, KindSpace, KindEquipment, KindData, KindSkills,
	KindVolunteers}

// KindLabel names a kind in words.
func KindLabel(kind string) string {
	switch kind {
	case KindMoney:
		return "money"
	case KindStaff:
		return "staff time"
	case KindInKind:
		return "in-kind goods"
	case KindSpace:
		return "space"
	case KindEquipment:
		return "equipment"
	case KindData:
		return "data"
	case KindSkills:
		return "skills"
	case KindVolunteers:
		return "volunteers"
	}
	return kind
}

// Units a kind is counted in. Money is in dollars; staff time in hours or
// full-time equivalents (FTE); the other kinds in a unit the member names
// ("meals", "hours", "laptops"), defaulting to DefaultUnit.
const (
	UnitDollars = "dollars"
	UnitHours   = "hours"
	UnitFTE     = "fte"
)

// DefaultUnit is the unit an entry of kind takes when none is given.
func DefaultUnit(kind string) string {
	switch kind {
	case KindMoney:
		return UnitDollars
	case KindStaff, KindSpace, KindVolunteers, KindSkills:
		return UnitHours
	}
	return "items"
}

// Entries: what a member commits for a period, and what it delivered.
const (
	EntryPledge   = "pledge"
	EntryDelivery = "delivery"
)

// HoursPerFTEYear is the staff hours one full-time equivalent gives in a
// year (52 weeks of 40 hours); a period's share of it values an FTE.
const HoursPerFTEYear = 2080

// Contribution is one entry: a member's pledge for a period, or what it
// delivered in it, with its evidence.
type Contribution struct {
	ID               int64      `json:"id"`
	InitiativeID     int64      `json:"initiative_id"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	Entry            string     `json:"entry"`
	Kind             string     `json:"kind"`
	Period           string     `json:"period"`
	Quantity         float64    `json:"quantity"`
	Unit             string     `json:"unit"`
	MoneyValue       *float64   `json:"money_value"`
	Description      string     `json:"description"`
	EvidenceNote     string     `json:"evidence_note"`
	EvidenceURL      string     `json:"evidence_url"`
	RecordedBy       string     `json:"recorded_by"`
	RecordedAt       time.Time  `json:"recorded_at"`
	ConfirmedBy      string     `json:"confirmed_by"`
	ConfirmedAt      *time.Time `json:"confirmed_at"`
}

// Confirmed reports whether backbone staff confirmed the entry.
func (c Contribution) Confirmed() bool { return c.ConfirmedAt != nil }

// KindWords names the entry's kind in words.
func (c Contribution) KindWords() string { return KindLabel(c.Kind) }

// PeriodWords names the entry's period in words: "Q1 2026".
func (c Contribution) PeriodWords() string { return measure.PeriodLabel(c.Period) }

// Amount writes the quantity with its unit: "0.5 FTE", "1,200 meals".
func (c Contribution) Amount() string { return Amount(c.Quantity, c.Unit) }

// ContributionInput is an entry as a member or backbone staff write it.
type ContributionInput struct {
	OrganizationID string   `json:"organization_id"`
	Entry          string   `json:"entry"`
	Kind           string   `json:"kind"`
	Period         string   `json:"period"`
	Quantity       float64  `json:"quantity"`
	Unit           string   `json:"unit"`
	MoneyValue     *float64 `json:"money_value"`
	Description    string   `json:"description"`
	EvidenceNote   string   `json:"evidence_note"`
	EvidenceURL    string   `json:"evidence_url"`
}

// Limits on what an entry holds.
const (
	maxUnit        = 40
	maxDescription = 500
	maxEvidence    = 2000
	maxURL         = 1000
)

// normalize checks an entry and returns it cleaned: the period as its key
// (2026-Q1), the unit lower-case (the default of its kind when empty). Each
// field at fault is named.
func (in ContributionInput) normalize() (ContributionInput, error) {
	v := &errs.ValidationError{}
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.Entry = strings.ToLower(strings.TrimSpace(in.Entry))
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	in.Unit = strings.ToLower(strings.TrimSpace(in.Unit))
	in.Description = strings.TrimSpace(in.Description)
	in.EvidenceNote = strings.TrimSpace(in.EvidenceNote)
	in.EvidenceURL = strings.TrimSpace(in.EvidenceURL)
	if in.OrganizationID == "" {
		v.Add("organization_id", "is required: the member organization the entry is for")
	}
	if in.Entry != EntryPledge && in.Entry != EntryDelivery {
		v.Add("entry", "must be pledge (what the member commits) or delivery (what it gave)")
	}
	if !oneOf(in.Kind, Kinds) {
		v.Add("kind", "must be one of "+strings.Join(Kinds, ", "))
	}
	if p, err := measure.ParsePeriod(in.Period); err != nil {
		v.Add("period", err.Error())
	} else {
		in.Period = p.String()
	}
	if !(in.Quantity > 0) || in.Quantity > 1e12 {
		v.Add("quantity", "must be a number above 0")
	}
	if in.Unit == "" {
		in.Unit = DefaultUnit(in.Kind)
	}
	switch {
	case in.Kind == KindMoney && in.Unit != UnitDollars:
		v.Add("unit", "money is counted in dollars")
	case in.Kind == KindStaff && in.Unit != UnitHours && in.Unit != UnitFTE:
		v.Add("unit", "staff time is counted in hours or fte (full-time equivalents)")
	case in.Kind == KindStaff && in.Unit == UnitFTE && in.Quantity > 1000:
		v.Add("quantity", "is more full-time equivalents than a member has; count hours instead")
	case utf8.RuneCountInString(in.Unit) > maxUnit:
		v.Add("unit", fmt.Sprintf("must be at most %d characters", maxUnit))
	}
	if in.MoneyValue != nil && (*in.MoneyValue < 0 || *in.MoneyValue > 1e12) {
		v.Add("money_value", "must be 0 or more dollars, or left out")
	}
	if in.Kind == KindMoney {
		in.MoneyValue = nil // the quantity is the value
	}
	checkLength(v, "description", in.Description, maxDescription)
	checkLength(v, "evidence_note", in.EvidenceNote, maxEvidence)
	if in.EvidenceURL != "" {
		if u, err := url.Parse(in.EvidenceURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
			u.Host == "" || len(in.EvidenceURL) > maxURL {
			v.Add("evidence_url", "must be a web address starting with http:// or https://")
		}
	}
	return in, v.OrNil()
}

func checkLength(v *errs.ValidationError, field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		v.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", max, n))
	}
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// Amount writes a quantity with its unit for people: "0.5 FTE",
// "$12,000", "1,200 meals", "40 hours".
func Amount(q float64, unit string) string {
	switch unit {
	case UnitDollars:
		return "$" + Number(q)
	case UnitFTE:
		return Number(q) + " FTE"
	}
	return Number(q) + " " + unit
}

// Number writes a number with at most two decimals, trailing zeros dropped,
// and thousands separated: 0.4, 62, 1,200.5.
func Number(q float64) string {
	s := fmt.Sprintf("%.2f", q)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}
