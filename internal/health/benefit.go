package health

import (
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/measure"
)

// Benefits a member reports it received through the initiative.
const (
	BenefitFunding   = "funding"   // dollars received
	BenefitReferrals = "referrals" // people referred to it
)

// BenefitKinds are the kinds of benefit, in the order forms offer them.
var BenefitKinds = []string{BenefitFunding, BenefitReferrals}

// Benefit is what a member reports it received in a period.
type Benefit struct {
	ID               int64     `json:"id"`
	InitiativeID     int64     `json:"initiative_id"`
	OrganizationID   string    `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	Kind             string    `json:"kind"`
	Period           string    `json:"period"`
	Amount           float64   `json:"amount"`
	Note             string    `json:"note"`
	RecordedBy       string    `json:"recorded_by"`
	RecordedAt       time.Time `json:"recorded_at"`
}

// AmountWords writes the amount: "$5,000", "12 referrals".
func (b Benefit) AmountWords() string {
	if b.Kind == BenefitFunding {
		return Amount(b.Amount, UnitDollars)
	}
	return Amount(b.Amount, "referrals")
}

// PeriodWords names the period in words.
func (b Benefit) PeriodWords() string { return measure.PeriodLabel(b.Period) }

// BenefitInput is a benefit as a member writes it.
type BenefitInput struct {
	OrganizationID string  `json:"organization_id"`
	Kind           string  `json:"kind"`
	Period         string  `json:"period"`
	Amount         float64 `json:"amount"`
	Note           string  `json:"note"`
}

func (in BenefitInput) normalize() (BenefitInput, error) {
	v := &errs.ValidationError{}
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	in.Note = strings.TrimSpace(in.Note)
	if in.OrganizationID == "" {
		v.Add("organization_id", "is required: the member organization that received it")
	}
	if !oneOf(in.Kind, BenefitKinds) {
		v.Add("kind", "must be funding (dollars received) or referrals (people referred to it)")
	}
	if p, err := measure.ParsePeriod(in.Period); err != nil {
		v.Add("period", err.Error())
	} else {
		in.Period = p.String()
	}
	if !(in.Amount > 0) || in.Amount > 1e12 {
		v.Add("amount", "must be a number above 0")
	}
	checkLength(v, "note", in.Note, maxDescription)
	return in, v.OrNil()
}
