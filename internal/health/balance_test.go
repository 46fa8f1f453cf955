package health

import (
	"strings"
	"testing"
	"time"
)

// TestBalanceAlerts works out a balance of seven voting members where the
// food bank gave most of the meals and the library delivered less staff
// time than it pledged.
func TestBalanceAlerts(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	var members []memberFacts
	for _, name := range []string{"Food Bank", "Library", "Clinic", "School", "Shelter", "Church", "YMCA"} {
		members = append(members, memberFacts{ID: strings.ToLower(name), Name: name, Role: "core_partner",
			Status: "active", Voter: true})
	}
	members = append(members, memberFacts{ID: "funder", Name: "Funder", Role: "funder", Status: "active"})
	entry := func(org, entry, kind, period string, q float64, unit string, confirmed bool) ledgerEntry {
		return ledgerEntry{OrganizationID: org, Entry: entry, Kind: kind, Period: period, Quantity: q, Unit: unit,
			Confirmed: confirmed}
	}
	in := balanceInput{Members: members, Now: now, HourRate: 25, Indicators: map[string]int{"library": 3, "clinic": 1},
		Ratings: map[string]rating{"food bank": {Sum: 7, Count: 2}},
		Contributions: []ledgerEntry{
			entry("food bank", EntryDelivery, KindInKind, "2026-Q3", 620, "meals", true),
			entry("clinic", EntryDelivery, KindInKind, "2026-Q3", 200, "meals", true),
			entry("school", EntryDelivery, KindInKind, "2026-Q3", 180, "meals", false),
			entry("library", EntryPledge, KindStaff, "2026-Q3", 0.5, UnitFTE, true),
			entry("library", EntryDelivery, KindStaff, "2026-Q3", 0.4, UnitFTE, true),
			entry("clinic", EntryPledge, KindMoney, "2026-Q3", 1000, UnitDollars, true),
			entry("clinic", EntryDelivery, KindMoney, "2026-Q3", 500, UnitDollars, true),
			// Pledged for a quarter not yet over: no shortfall yet.
			entry("school", EntryPledge, KindMoney, "2026-Q4", 900, UnitDollars, true),
		},
		Benefits: []Benefit{{OrganizationID: "funder", Kind: BenefitFunding, Amount: 100},
			{OrganizationID: "food bank", Kind: BenefitReferrals, Amount: 30},
			{OrganizationID: "clinic", Kind: BenefitReferrals, Amount: 10}},
	}
	b := computeBalance(in)
	var msgs []string
	for _, a := range b.Alerts {
		msgs = append(msgs, a.Kind+": "+a.Message)
	}
	want := []string{
		"load: Food Bank gave 62% of meals and holds 1 vote in 7",
		"shortfall: Clinic pledged $1,000 and delivered $500 (50%)",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if b.Voters != 7 {
		t.Errorf("voters %d", b.Voters)
	}
	byID := map[string]MemberBalance{}
	for _, m := range b.Members {
		byID[m.OrganizationID] = m
	}
	lib := byID["library"]
	if len(lib.Lines) != 1 || lib.Lines[0].PledgedWords() != "0.5 FTE" || lib.Lines[0].DeliveredWords() != "0.4 FTE" {
		t.Errorf("library lines %+v", lib.Lines)
	}
	// 0.4 FTE for a quarter is 208 hours, at $25 an hour.
	if lib.Valued != 5200 {
		t.Errorf("library valued at %v, want 5200", lib.Valued)
	}
	// Meals have no money value: counted apart, never added to dollars.
	if fb := byID["food bank"]; fb.Valued != 0 || fb.Unvalued != 1 || fb.ReferralShare != 0.75 ||
		fb.PerceivedValue == nil || *fb.PerceivedValue != 3.5 {
		t.Errorf("food bank %+v", fb)
	}
	if f := byID["funder"]; f.Votes != 0 || f.FundingShare != 1 {
		t.Errorf("funder %+v", f)
	}
	if byID["library"].IndicatorShare != 0.75 || b.ValuedTotal != 5700 {
		t.Errorf("indicator share %v, valued total %v", byID["library"].IndicatorShare, b.ValuedTotal)
	}
	if g := b.Groups[2]; g.Unit != "meals" || g.Delivered != 1000 || g.Unconfirmed != 180 || g.Givers != 3 {
		t.Errorf("meals group %+v", g)
	}
}

// TestBalanceFewMembers: where fewer than three members give a kind,
// nobody carries "most of the load" alone.
func TestBalanceFewMembers(t *testing.T) {
	b := computeBalance(balanceInput{Now: time.Now(),
		Members: []memberFacts{{ID: "a", Name: "A", Status: "active"}, {ID: "b", Name: "B", Status: "active"},
			{ID: "c", Name: "C", Status: "active"}},
		Contributions: []ledgerEntry{{OrganizationID: "a", Entry: EntryDelivery, Kind: KindSpace, Period: "2026",
			Quantity: 10, Unit: "hours"}, {OrganizationID: "b", Entry: EntryDelivery, Kind: KindSpace,
			Period: "2026", Quantity: 2, Unit: "hours"}}})
	if len(b.Alerts) != 0 {
		t.Errorf("alerts %+v", b.Alerts)
	}
}

func TestNumber(t *testing.T) {
	for q, want := range map[float64]string{0.4: "0.4", 62: "62", 1200.5: "1,200.5", 1234567: "1,234,567",
		0.126: "0.13"} {
		if got := Number(q); got != want {
			t.Errorf("Number(%v) = %q, want %q", q, got, want)
		}
	}
}

// TestSuggest matches a need for a room with a room offered on Tuesdays,
// says why, and leaves out an offer of the same member and a pair already
// proposed.
func TestSuggest(t *testing.T) {
	posts := []Post{
		{ID: 1, OrganizationID: "church", Side: SideOffer, Category: KindSpace, Title: "Meeting room on Tuesdays",
			Status: PostOpen},
		{ID: 2, OrganizationID: "clinic", Side: SideNeed, Category: KindSpace,
			Title: "A room for a Tuesday evening class", Status: PostOpen},
		{ID: 3, OrganizationID: "clinic", Side: SideOffer, Category: KindSpace, Title: "Our own room",
			Status: PostOpen},
		{ID: 4, OrganizationID: "school", Side: SideOffer, Category: KindVolunteers,
			Title: "Spanish-speaking volunteers", Status: PostOpen},
		{ID: 5, OrganizationID: "library", Side: SideNeed, Category: KindVolunteers,
			Title: "A Spanish-speaking volunteer", Status: PostOpen},
		{ID: 6, OrganizationID: "ymca", Side: SideOffer, Category: KindEquipment, Title: "Folding chairs",
			Status: PostOpen},
	}
	got := Suggest(posts, map[[2]int64]bool{{4, 5}: true})
	if len(got) != 1 {
		t.Fatalf("suggestions %+v", got)
	}
	s := got[0]
	if s.Offer.ID != 1 || s.Need.ID != 2 || s.Score != 4 ||
		s.Why() != "both are space; both mention “room” and “tuesday”" {
		t.Errorf("suggestion %d→%d score %d: %s", s.Offer.ID, s.Need.ID, s.Score, s.Why())
	}
	got = Suggest(posts, nil)
	if len(got) != 2 || got[0].Offer.ID != 4 || got[0].Why() != "both are volunteers; both mention “spanish”, "+
		"“speaking” and “volunteer”" {
		t.Errorf("suggestions %+v", got)
	}
}
