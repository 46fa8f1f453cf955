package health

import (
	"fmt"
	"math"
	"sort"
	"time"

	"backbone/internal/measure"
)

// Thresholds of the balance's alerts.
const (
	// LoadShare is the share of a kind above which one member carries most
	// of the load, once LoadMembers members or more pledged or gave it.
	LoadShare   = 0.5
	LoadMembers = 3
	// ShortfallShare is the part of its pledge under which a member
	// delivered far less than it pledged, in periods that have ended.
	ShortfallShare = 0.75
)

// Balance is, for each member of an initiative, what it gives beside what
// it holds and gets, and the alerts those figures call for.
type Balance struct {
	InitiativeID int64 `json:"initiative_id"`
	// HourRate is the dollars an hour of staff time is valued at; 0 when
	// the initiative set none, and hours then count in no money total.
	HourRate float64 `json:"hour_rate"`
	// Voters are the active members in a voting role.
	Voters int `json:"voters"`
	// Groups are the kinds given, each in its unit: never added up across
	// units. ValuedTotal adds them up in dollars where asked (see Member).
	Groups      []Group         `json:"groups"`
	Members     []MemberBalance `json:"members"`
	Alerts      []Alert         `json:"alerts"`
	ValuedTotal float64         `json:"valued_total"`
	// Wave names the closed survey wave partners' ratings come from, ""
	// when the initiative has none.
	Wave string `json:"wave"`
}

// Group is one kind in one unit, across the members: what was pledged and
// delivered, in all and per period (for the chart). For FTE the figures are
// averages over the periods each member pledged or delivered in, added up
// across members: an FTE is a rate, not an amount.
type Group struct {
	Kind        string        `json:"kind"`
	Unit        string        `json:"unit"`
	Label       string        `json:"label"`
	Pledged     float64       `json:"pledged"`
	Delivered   float64       `json:"delivered"`
	Unconfirmed float64       `json:"unconfirmed"` // of Delivered, what staff have not confirmed
	Givers      int           `json:"givers"`      // members that delivered some
	Periods     []PeriodTotal `json:"periods"`
}

// PeriodTotal is what all members pledged and delivered of a group in one
// period.
type PeriodTotal struct {
	Period    string  `json:"period"`
	Pledged   float64 `json:"pledged"`
	Delivered float64 `json:"delivered"`
}

// MemberBalance is one member's figures. Shares are fractions from 0 to 1.
type MemberBalance struct {
	OrganizationID   string  `json:"organization_id"`
	OrganizationName string  `json:"organization_name"`
	Role             string  `json:"role"`
	Status           string  `json:"status"`
	Votes            int     `json:"votes"`
	VoteShare        float64 `json:"vote_share"`
	Lines            []Line  `json:"lines"`
	// Valued is the dollar value of what it delivered, where a value is
	// known: money, hours at the initiative's rate, entries given a value.
	// Unvalued counts its deliveries left out of it for want of a value.
	Valued            float64  `json:"valued"`
	Unvalued          int      `json:"unvalued"`
	ContributionShare *float64 `json:"contribution_share"` // of the valued total; null when nothing is valued
	FundingReceived   float64  `json:"funding_received"`
	FundingShare      float64  `json:"funding_share"`
	ReferralsReceived float64  `json:"referrals_received"`
	ReferralShare     float64  `json:"referral_share"`
	Indicators        int      `json:"indicators"`
	IndicatorShare    float64  `json:"indicator_share"`
	// PerceivedValue is the mean of the value ratings (1–4: influence,
	// involvement, resources) partners gave it in the latest closed survey
	// wave, from Raters partners; null when none rated it.
	PerceivedValue *float64 `json:"perceived_value"`
	Raters         int      `json:"raters"`
}

// Line is what one member pledged and delivered of one group.
type Line struct {
	Kind        string  `json:"kind"`
	Unit        string  `json:"unit"`
	Pledged     float64 `json:"pledged"`
	Delivered   float64 `json:"delivered"`
	Unconfirmed float64 `json:"unconfirmed"`
	Share       float64 `json:"share"` // of the group's delivered
}

// PledgedWords writes the pledge with its unit: "0.5 FTE".
func (l Line) PledgedWords() string { return Amount(l.Pledged, l.Unit) }

// DeliveredWords writes what was delivered with its unit: "0.4 FTE".
func (l Line) DeliveredWords() string { return Amount(l.Delivered, l.Unit) }

// Alert kinds.
const (
	AlertLoad      = "load"
	AlertShortfall = "shortfall"
)

// Alert is one thing the balance asks people to look at, in plain words,
// naming the member and the numbers.
type Alert struct {
	Kind           string `json:"kind"`
	OrganizationID string `json:"organization_id"`
	Message        string `json:"message"`
}

// memberFacts is a member as the balance needs it.
type memberFacts struct {
	ID, Name, Role, Status string
	Voter                  bool
}

// rating is what partners said of a member's value.
type rating struct {
	Sum   float64
	Count int // ratings, each the mean of one partner's answers
}

// balanceInput is everything the balance is computed from.
type balanceInput struct {
	InitiativeID  int64
	Members       []memberFacts
	Contributions []ledgerEntry
	Benefits      []Benefit
	Indicators    map[string]int
	Ratings       map[string]rating
	Wave          string
	HourRate      float64
	Now           time.Time
}

type groupKey struct{ Kind, Unit string }

// ledgerEntry is an entry as the balance needs it: what, how much, whether
// confirmed; none of its words.
type ledgerEntry struct {
	OrganizationID, Entry, Kind, Period, Unit string
	Quantity                                  float64
	MoneyValue                                *float64
	Confirmed                                 bool
}

// sums is what one member pledged and delivered of one group, per period.
type sums struct {
	pledged, delivered, unconfirmed map[string]float64
}

func newSums() *sums {
	return &sums{pledged: map[string]float64{}, delivered: map[string]float64{}, unconfirmed: map[string]float64{}}
}

// totals adds a member's periods up; for FTE it averages over the periods
// it pledged or delivered in. Only periods ended by now count when ended.
func (s *sums) totals(unit string, now time.Time, ended bool) (pledged, delivered, unconfirmed float64) {
	periods := map[string]bool{}
	for p := range s.pledged {
		periods[p] = true
	}
	for p := range s.delivered {
		periods[p] = true
	}
	n := 0
	for p := range periods {
		if ended && !periodEnded(p, now) {
			continue
		}
		n++
		pledged += s.pledged[p]
		delivered += s.delivered[p]
		unconfirmed += s.unconfirmed[p]
	}
	if unit == UnitFTE && n > 0 {
		pledged, delivered, unconfirmed = pledged/float64(n), delivered/float64(n), unconfirmed/float64(n)
	}
	return pledged, delivered, unconfirmed
}

func periodEnded(key string, now time.Time) bool {
	p, err := measure.ParsePeriod(key)
	return err == nil && !p.End().After(now)
}

// computeBalance works the balance out; pure, so that its rules are tested
// with tables.
func computeBalance(in balanceInput) *Balance {
	b := &Balance{InitiativeID: in.InitiativeID, HourRate: in.HourRate, Wave: in.Wave,
		Groups: []Group{}, Members: []MemberBalance{}, Alerts: []Alert{}}
	for _, m := range in.Members {
		if m.Voter {
			b.Voters++
		}
	}
	bySums := map[string]map[groupKey]*sums{}
	groupPeriods := map[groupKey]map[string]*PeriodTotal{}
	valued, unvalued := map[string]float64{}, map[string]int{}
	for _, c := range in.Contributions {
		k := groupKey{c.Kind, c.Unit}
		if bySums[c.OrganizationID] == nil {
			bySums[c.OrganizationID] = map[groupKey]*sums{}
		}
		s := bySums[c.OrganizationID][k]
		if s == nil {
			s = newSums()
			bySums[c.OrganizationID][k] = s
		}
		if groupPeriods[k] == nil {
			groupPeriods[k] = map[string]*PeriodTotal{}
		}
		pt := groupPeriods[k][c.Period]
		if pt == nil {
			pt = &PeriodTotal{Period: c.Period}
			groupPeriods[k][c.Period] = pt
		}
		if c.Entry == EntryPledge {
			s.pledged[c.Period] += c.Quantity
			pt.Pledged += c.Quantity
			continue
		}
		s.delivered[c.Period] += c.Quantity
		pt.Delivered += c.Quantity
		if !c.Confirmed {
			s.unconfirmed[c.Period] += c.Quantity
		}
		if v, ok := moneyValue(c.Kind, c.Unit, c.Period, c.Quantity, c.MoneyValue, in.HourRate); ok {
			valued[c.OrganizationID] += v
		} else {
			unvalued[c.OrganizationID]++
		}
	}

	groups := map[groupKey]*Group{}
	var keys []groupKey
	for k := range groupPeriods {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Kind != keys[j].Kind {
			return kindIndex(keys[i].Kind) < kindIndex(keys[j].Kind)
		}
		return keys[i].Unit < keys[j].Unit
	})
	for _, k := range keys {
		g := &Group{Kind: k.Kind, Unit: k.Unit, Label: groupLabel(k), Periods: []PeriodTotal{}}
		for _, pt := range groupPeriods[k] {
			g.Periods = append(g.Periods, *pt)
		}
		sort.Slice(g.Periods, func(i, j int) bool { return periodBefore(g.Periods[i].Period, g.Periods[j].Period) })
		groups[k] = g
	}

	seen := map[string]bool{}
	members := in.Members
	known := map[string]bool{}
	for _, m := range members {
		known[m.ID] = true
	}
	var others []string
	for id := range bySums {
		if !known[id] {
			others = append(others, id)
		}
	}
	sort.Strings(others)
	for _, id := range others {
		members = append(members, memberFacts{ID: id, Name: id, Status: "not a member"})
	}
	for _, m := range members {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		mb := MemberBalance{OrganizationID: m.ID, OrganizationName: m.Name, Role: m.Role, Status: m.Status,
			Lines: []Line{}, Valued: valued[m.ID], Unvalued: unvalued[m.ID], Indicators: in.Indicators[m.ID]}
		if m.Voter {
			mb.Votes = 1
			mb.VoteShare = 1 / float64(b.Voters)
		}
		for _, k := range keys {
			s := bySums[m.ID][k]
			if s == nil {
				continue
			}
			p, d, u := s.totals(k.Unit, in.Now, false)
			mb.Lines = append(mb.Lines, Line{Kind: k.Kind, Unit: k.Unit, Pledged: p, Delivered: d, Unconfirmed: u})
			g := groups[k]
			g.Pledged += p
			g.Delivered += d
			g.Unconfirmed += u
			if d > 0 {
				g.Givers++
			}
		}
		if r, ok := in.Ratings[m.ID]; ok && r.Count > 0 {
			v := r.Sum / float64(r.Count)
			mb.PerceivedValue, mb.Raters = &v, r.Count
		}
		b.ValuedTotal += mb.Valued
		b.Members = append(b.Members, mb)
	}
	for _, k := range keys {
		b.Groups = append(b.Groups, *groups[k])
	}

	var funding, referrals float64
	totalIndicators := 0
	byOrg := map[string]int{}
	for i, m := range b.Members {
		byOrg[m.OrganizationID] = i
		totalIndicators += m.Indicators
	}
	for _, x := range in.Benefits {
		i, ok := byOrg[x.OrganizationID]
		if !ok {
			continue
		}
		if x.Kind == BenefitFunding {
			b.Members[i].FundingReceived += x.Amount
			funding += x.Amount
		} else {
			b.Members[i].ReferralsReceived += x.Amount
			referrals += x.Amount
		}
	}
	for i := range b.Members {
		m := &b.Members[i]
		m.FundingShare = share(m.FundingReceived, funding)
		m.ReferralShare = share(m.ReferralsReceived, referrals)
		m.IndicatorShare = share(float64(m.Indicators), float64(totalIndicators))
		if b.ValuedTotal > 0 {
			s := m.Valued / b.ValuedTotal
			m.ContributionShare = &s
		}
		for j := range m.Lines {
			m.Lines[j].Share = share(m.Lines[j].Delivered, groups[groupKey{m.Lines[j].Kind, m.Lines[j].Unit}].Delivered)
		}
	}
	b.Alerts = alerts(b, in, bySums, keys)
	return b
}

// alerts finds the members that carry most of a kind and those that
// delivered far less than they pledged in the periods that have ended.
func alerts(b *Balance, in balanceInput, bySums map[string]map[groupKey]*sums, keys []groupKey) []Alert {
	out := []Alert{}
	for _, g := range b.Groups {
		// A kind only one or two members give is their part, not a load
		// carried alone: the alert needs LoadMembers members taking part.
		if g.Delivered <= 0 || participants(b.Members, g) < LoadMembers {
			continue
		}
		for _, m := range b.Members {
			for _, l := range m.Lines {
				if l.Kind != g.Kind || l.Unit != g.Unit || l.Share <= LoadShare {
					continue
				}
				out = append(out, Alert{Kind: AlertLoad, OrganizationID: m.OrganizationID,
					Message: fmt.Sprintf("%s gave %s of %s and holds %s", m.OrganizationName, percent(l.Share),
						g.Label, votesWords(m.Votes, b.Voters))})
			}
		}
	}
	for _, m := range b.Members {
		for _, k := range keys {
			s := bySums[m.OrganizationID][k]
			if s == nil {
				continue
			}
			p, d, _ := s.totals(k.Unit, in.Now, true)
			if p <= 0 || d >= ShortfallShare*p {
				continue
			}
			out = append(out, Alert{Kind: AlertShortfall, OrganizationID: m.OrganizationID,
				Message: fmt.Sprintf("%s pledged %s and delivered %s (%s)", m.OrganizationName,
					Amount(p, k.Unit)+ofKind(k), Amount(d, k.Unit), percent(d/p))})
		}
	}
	return out
}

// participants counts the members that pledged or delivered some of g.
func participants(members []MemberBalance, g Group) int {
	n := 0
	for _, m := range members {
		for _, l := range m.Lines {
			if l.Kind == g.Kind && l.Unit == g.Unit && (l.Pledged > 0 || l.Delivered > 0) {
				n++
			}
		}
	}
	return n
}

// MoneyValue is the dollar value of a delivered entry, and whether one is
// known: money is its own value; an entry given a value has it; staff time
// is valued at the hour rate (an FTE at its period's share of
// HoursPerFTEYear hours); anything else has none.
func MoneyValue(c Contribution, hourRate float64) (float64, bool) {
	return moneyValue(c.Kind, c.Unit, c.Period, c.Quantity, c.MoneyValue, hourRate)
}

func moneyValue(kind, unit, period string, quantity float64, value *float64, hourRate float64) (float64, bool) {
	switch {
	case kind == KindMoney:
		return quantity, true
	case value != nil:
		return *value, true
	case kind == KindStaff && hourRate > 0 && unit == UnitHours:
		return quantity * hourRate, true
	case kind == KindStaff && hourRate > 0 && unit == UnitFTE:
		return quantity * FTEHours(period) * hourRate, true
	}
	return 0, false
}

// FTEHours is the hours one full-time equivalent gives in a period.
func FTEHours(period string) float64 {
	p, err := measure.ParsePeriod(period)
	if err != nil {
		return 0
	}
	months := p.End().Sub(p.Start()).Hours() / 24 / 365.25 * 12
	return HoursPerFTEYear * math.Round(months) / 12
}

func groupLabel(k groupKey) string {
	switch {
	case k.Kind == KindMoney:
		return "the money"
	case k.Unit == UnitFTE:
		return "staff time (FTE)"
	case k.Kind == KindStaff:
		return "staff hours"
	case k.Unit == "items" || k.Unit == UnitHours:
		return KindLabel(k.Kind) + " (" + k.Unit + ")"
	}
	return k.Unit
}

// ofKind says what an amount is of when its unit does not: "40 hours of
// space"; nothing for dollars, FTE and staff hours.
func ofKind(k groupKey) string {
	if k.Kind == KindMoney || k.Kind == KindStaff {
		return ""
	}
	return " of " + KindLabel(k.Kind)
}

func votesWords(votes, voters int) string {
	if votes == 0 {
		return fmt.Sprintf("no vote of %d", voters)
	}
	return fmt.Sprintf("%d vote in %d", votes, voters)
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", math.Round(f*100)) }

func share(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return part / whole
}

func kindIndex(kind string) int {
	for i, k := range Kinds {
		if k == kind {
			return i
		}
	}
	return len(Kinds)
}

func periodBefore(a, b string) bool {
	pa, ea := measure.ParsePeriod(a)
	pb, eb := measure.ParsePeriod(b)
	if ea != nil || eb != nil {
		return a < b
	}
	if !pa.Start().Equal(pb.Start()) {
		return pa.Start().Before(pb.Start())
	}
	return pa.End().Before(pb.End())
}

// Percent writes a share for people: "62%".
func Percent(f float64) string { return percent(f) }

// ValueWords says how partners rated the member's value: "3.5 of 4, from 2
// partners", or "not rated".
func (m MemberBalance) ValueWords() string {
	if m.PerceivedValue == nil {
		return "not rated"
	}
	return fmt.Sprintf("%s of 4, from %d %s", Number(*m.PerceivedValue), m.Raters, plural(m.Raters, "partner",
		"partners"))
}

// VoteWords says what the member holds of the votes: "1 in 7", "none".
func (m MemberBalance) VoteWords(voters int) string {
	if m.Votes == 0 {
		return "none"
	}
	return fmt.Sprintf("%d in %d", m.Votes, voters)
}

// ShareOfValued writes its share of what was given in dollars, "—" when
// nothing is valued.
func (m MemberBalance) ShareOfValued() string {
	if m.ContributionShare == nil {
		return "—"
	}
	return percent(*m.ContributionShare)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
