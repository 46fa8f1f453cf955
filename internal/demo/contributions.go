package demo

import (
	"context"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/health"
	"backbone/internal/measure"
	"backbone/internal/store"
)

// demoHourRate is what the demo values an hour of staff time at.
const demoHourRate = 35

// demoContribution is one entry of the demo's last quarter (quarter 0) or
// the one before (-1).
type demoContribution struct {
	org, entry, kind string
	quarter          int
	quantity         float64
	unit, note       string
	unconfirmed      bool
}

// contributions are what the demo's members pledged and delivered over the
// last two quarters that ended: Samaritan House gives most of the meals
// (62%) and holds one vote of the seven; the library pledged 0.5 FTE of
// staff time and delivered 0.4; the Salvation Army delivered two thirds of
// the meals it pledged; Peninsula Family Service's staff time is not
// confirmed yet.
var contributions = []demoContribution{
	{org: partnerName, entry: "pledge", kind: "in_kind", quarter: -1, quantity: 600, unit: "meals"},
	{org: partnerName, entry: "delivery", kind: "in_kind", quarter: -1, quantity: 620, unit: "meals",
		note: "Brown-bag groceries, counted at the pantry"},
	{org: partnerName, entry: "pledge", kind: "in_kind", quarter: 0, quantity: 600, unit: "meals"},
	{org: partnerName, entry: "delivery", kind: "in_kind", quarter: 0, quantity: 620, unit: "meals",
		note: "Brown-bag groceries, counted at the pantry"},
	{org: "Peninsula Volunteers", entry: "pledge", kind: "in_kind", quarter: 0, quantity: 560, unit: "meals"},
	{org: "Peninsula Volunteers", entry: "delivery", kind: "in_kind", quarter: 0, quantity: 560, unit: "meals",
		note: "Home-delivered meals, from the route sheets"},
	{org: "Salvation Army", entry: "pledge", kind: "in_kind", quarter: 0, quantity: 300, unit: "meals"},
	{org: "Salvation Army", entry: "delivery", kind: "in_kind", quarter: 0, quantity: 200, unit: "meals",
		note: "Congregate lunches"},
	{org: "Redwood City Public Library", entry: "pledge", kind: "staff", quarter: 0, quantity: 0.5, unit: "fte",
		note: "An outreach librarian for homebound readers"},
	{org: "Redwood City Public Library", entry: "delivery", kind: "staff", quarter: 0, quantity: 0.4, unit: "fte",
		note: "Timesheets: the librarian was out for three weeks"},
	{org: backboneName, entry: "pledge", kind: "staff", quarter: 0, quantity: 0.8, unit: "fte"},
	{org: backboneName, entry: "delivery", kind: "staff", quarter: 0, quantity: 0.8, unit: "fte",
		note: "The coordinator's time"},
	{org: "Peninsula Family Service", entry: "pledge", kind: "staff", quarter: 0, quantity: 0.6, unit: "fte"},
	{org: "Peninsula Family Service", entry: "delivery", kind: "staff", quarter: 0, quantity: 0.6, unit: "fte",
		note: "Peer counselors' hours", unconfirmed: true},
	{org: "San Mateo County Human Services Agency", entry: "pledge", kind: "money", quarter: 0, quantity: 12000,
		unit: "dollars"},
	{org: "San Mateo County Human Services Agency", entry: "delivery", kind: "money", quarter: 0, quantity: 12000,
		unit: "dollars", note: "A grant for the shared referral line"},
	{org: backboneName, entry: "delivery", kind: "money", quarter: 0, quantity: 10000, unit: "dollars",
		note: "Backbone funds for the partners' meetings"},
	{org: "Peninsula Family Service", entry: "delivery", kind: "money", quarter: 0, quantity: 10000,
		unit: "dollars", note: "Caregiver respite vouchers"},
}

// benefits are what the demo's members say they received.
var benefits = []struct {
	org, kind string
	amount    float64
}{
	{partnerName, "referrals", 40}, {"Peninsula Volunteers", "referrals", 25},
	{"Redwood City Public Library", "referrals", 10}, {"Peninsula Family Service", "funding", 8000},
}

// loadContributions records the demo's contributions, benefits, hour rate
// and a need and an offer that match, as the coordinator; every entry but
// one is confirmed.
func loadContributions(ctx context.Context, db *store.DB, initiativeID int64, ids map[string]string,
	coordinator account.Actor) error {
	s := health.NewStore(db)
	last := measure.LastClosed(measure.Quarterly, db.Now())
	if err := s.SetHourRate(ctx, coordinator, initiativeID, demoHourRate); err != nil {
		return err
	}
	for _, c := range contributions {
		in := health.ContributionInput{OrganizationID: ids[c.org], Entry: c.entry, Kind: c.kind,
			Period: last.Add(c.quarter).String(), Quantity: c.quantity, Unit: c.unit}
		if c.entry == health.EntryDelivery {
			in.EvidenceNote = c.note
		} else {
			in.Description = c.note
		}
		rec, err := s.Record(ctx, coordinator, initiativeID, in)
		if err != nil {
			return fmt.Errorf("contribution of %s: %w", c.org, err)
		}
		if !c.unconfirmed {
			if _, err := s.Confirm(ctx, coordinator, initiativeID, rec.ID); err != nil {
				return err
			}
		}
	}
	for _, b := range benefits {
		if _, err := s.RecordBenefit(ctx, coordinator, initiativeID, health.BenefitInput{OrganizationID: ids[b.org],
			Kind: b.kind, Period: last.String(), Amount: b.amount}); err != nil {
			return fmt.Errorf("benefit of %s: %w", b.org, err)
		}
	}
	for _, p := range []health.PostInput{
		{OrganizationID: ids["Peninsula Volunteers"], Side: health.SideNeed, Category: health.KindVolunteers,
			Title:   "A Spanish-speaking volunteer",
			Details: "For the friendly visitor phone calls, two mornings a week"},
		{OrganizationID: ids["Salvation Army"], Side: health.SideOffer, Category: health.KindVolunteers,
			Title: "Volunteers who speak Spanish", Details: "Weekday mornings"},
	} {
		if _, err := s.Post(ctx, coordinator, initiativeID, p); err != nil {
			return fmt.Errorf("post %q: %w", p.Title, err)
		}
	}
	return nil
}
