package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/health"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/svg"
)

// entriesShown bounds the entries the contributions page lists: the
// unconfirmed first, then the latest; the API lists them all.
const entriesShown = 50

// groupChart is one kind's pledged-against-delivered chart.
type groupChart struct {
	Group health.Group
	SVG   template.HTML
}

// balanceRow is one member's line of the balance table, written out once
// here so that a table of a thousand members renders fast.
type balanceRow struct {
	ID, Name, Status                   string
	Lines                              []balanceLine
	Dollars, Unvalued                  string
	Votes, Benefits, Indicators, Value string
}

// balanceLine is what a member pledged and delivered of one kind.
type balanceLine struct{ Text, Share string }

func balanceRows(b *health.Balance) []balanceRow {
	rows := make([]balanceRow, len(b.Members))
	for i, m := range b.Members {
		r := balanceRow{ID: m.OrganizationID, Name: m.OrganizationName, Votes: m.VoteWords(b.Voters),
			Value: m.ValueWords(), Indicators: strconv.Itoa(m.Indicators)}
		if m.Status != "active" {
			r.Status = m.Status
		}
		for _, l := range m.Lines {
			share := health.Percent(l.Share)
			if l.Unconfirmed > 0 {
				share += ", some unconfirmed"
			}
			r.Lines = append(r.Lines, balanceLine{Text: l.PledgedWords() + " → " + l.DeliveredWords(), Share: share})
		}
		if m.Valued > 0 {
			r.Dollars = health.Amount(m.Valued, health.UnitDollars) + " (" + m.ShareOfValued() + ")"
		}
		if m.Unvalued > 0 {
			r.Unvalued = fmt.Sprintf("%d without a value", m.Unvalued)
		}
		var got []string
		if m.FundingReceived > 0 {
			got = append(got, health.Amount(m.FundingReceived, health.UnitDollars)+" ("+
				health.Percent(m.FundingShare)+" of funding)")
		}
		if m.ReferralsReceived > 0 {
			got = append(got, health.Number(m.ReferralsReceived)+" referrals ("+health.Percent(m.ReferralShare)+")")
		}
		r.Benefits = strings.Join(got, "; ")
		if m.Indicators > 0 {
			r.Indicators += " (" + health.Percent(m.IndicatorShare) + ")"
		}
		rows[i] = r
	}
	return rows
}

type contributionsData struct {
	Initiative   *initiative.Initiative
	Balance      *health.Balance
	Rows         []balanceRow
	Charts       []groupChart
	Entries      []health.Contribution
	EntriesTotal int
	Benefits     []health.Benefit
	Orgs         []choice // the members the person may record for
	Kinds        []choice
	BenefitKinds []choice
	Entry        health.ContributionInput // the form, kept when refused
	Benefit      health.BenefitInput
	MoneyValue   string
	Errors       map[string]string
	BenefitErrs  map[string]string
	RateError    string
	CanConfirm   bool
	CanSetRate   bool
	InDollars    bool // the person asked to add kinds up in dollars
}

func (h *handler) contributionsPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := contributionsData{Initiative: in, Entry: health.ContributionInput{Entry: health.EntryPledge,
		Kind: health.KindStaff}, Benefit: health.BenefitInput{Kind: health.BenefitFunding}}
	return h.renderContributions(w, r, http.StatusOK, d)
}

func (h *handler) renderContributions(w http.ResponseWriter, r *http.Request, status int,
	d contributionsData) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), d.Initiative.ID
	var err error
	if d.Balance, err = h.Health.Balance(ctx, actor, id); err != nil {
		return err
	}
	d.Rows = balanceRows(d.Balance)
	if d.Entries, d.EntriesTotal, err = h.Health.RecentContributions(ctx, actor, id, entriesShown); err != nil {
		return err
	}
	if d.Benefits, err = h.Health.RecentBenefits(ctx, actor, id, entriesShown); err != nil {
		return err
	}
	for i, g := range d.Balance.Groups {
		bars := make([]svg.PledgeBar, len(g.Periods))
		for j, p := range g.Periods {
			bars[j] = svg.PledgeBar{Label: periodWords(p.Period), Pledged: p.Pledged, Delivered: p.Delivered}
		}
		unit := g.Unit
		if unit == health.UnitFTE {
			unit = "FTE"
		}
		d.Charts = append(d.Charts, groupChart{Group: g, SVG: template.HTML(svg.PledgeChart(
			"Pledged and delivered: "+g.Label, unit, bars, svg.ChartOptions{Width: 640, Height: 220,
				ID: strconv.Itoa(i)}))})
	}
	if d.CanConfirm, err = h.may(r, account.ConfirmContribution, account.Initiative(id)); err != nil {
		return err
	}
	d.CanSetRate = d.CanConfirm
	if d.Orgs, err = h.recordableMembers(r, id, d.CanConfirm, d.Entry.OrganizationID,
		d.Benefit.OrganizationID); err != nil {
		return err
	}
	for _, k := range health.Kinds {
		d.Kinds = append(d.Kinds, choice{k, capitalize(health.KindLabel(k)), k == d.Entry.Kind})
	}
	for _, k := range health.BenefitKinds {
		label := "Funding received (dollars)"
		if k == health.BenefitReferrals {
			label = "Referrals received (people)"
		}
		d.BenefitKinds = append(d.BenefitKinds, choice{k, label, k == d.Benefit.Kind})
	}
	d.InDollars = r.URL.Query().Get("add") == "dollars"
	h.render(w, r, status, "initiative_contributions", "Contributions · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// recordableMembers lists the active members the person may record for:
// every one for backbone staff, else those of their own organizations.
func (h *handler) recordableMembers(r *http.Request, initiativeID int64, all bool, picked ...string) ([]choice,
	error) {
	members, err := h.Health.ActiveMembers(r.Context(), httpx.Actor(r), initiativeID)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	if !all {
		u := httpx.User(r.Context())
		if u == nil {
			return nil, nil
		}
		ms, err := h.Accounts.MembershipsOf(r.Context(), u.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			mine[m.OrganizationID] = true
		}
	}
	var out []choice
	for _, m := range members {
		if !all && !mine[m.OrganizationID] {
			continue
		}
		if !all {
			ok, err := h.may(r, account.RecordContribution, account.OrgIn(m.OrganizationID, initiativeID))
			if err != nil || !ok {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		out = append(out, choice{m.OrganizationID, m.OrganizationName, oneOfStrings(m.OrganizationID, picked)})
	}
	return out, nil
}

func oneOfStrings(s string, set []string) bool {
	for _, x := range set {
		if s != "" && s == x {
			return true
		}
	}
	return false
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func periodWords(key string) string { return health.Contribution{Period: key}.PeriodWords() }

// formNumber reads a number field: 0 when empty, NaN (refused by the
// domain, naming the field) when it is not a number.
func formNumber(r *http.Request, name string) float64 {
	s := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(name), ",", ""))
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1
	}
	return f
}

func (h *handler) contributionRecord(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := contributionsData{Initiative: in, Benefit: health.BenefitInput{Kind: health.BenefitFunding},
		MoneyValue: strings.TrimSpace(r.PostFormValue("money_value"))}
	d.Entry = health.ContributionInput{OrganizationID: r.PostFormValue("organization_id"),
		Entry: r.PostFormValue("entry"), Kind: r.PostFormValue("kind"), Period: r.PostFormValue("period"),
		Quantity: formNumber(r, "quantity"), Unit: r.PostFormValue("unit"),
		Description: r.PostFormValue("description"), EvidenceNote: r.PostFormValue("evidence_note"),
		EvidenceURL: r.PostFormValue("evidence_url")}
	if d.MoneyValue != "" {
		v := formNumber(r, "money_value")
		d.Entry.MoneyValue = &v
	}
	c, err := h.Health.Record(r.Context(), httpx.Actor(r), in.ID, d.Entry)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d.Errors = v.Fields
		return h.renderContributions(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	verb := "pledge"
	if c.Entry == health.EntryDelivery {
		verb = "delivery"
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Recorded %s's %s of %s for %s. Backbone staff confirm it.",
		c.OrganizationName, verb, c.Amount(), c.PeriodWords()))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/contributions", in.ID))
	return nil
}

func (h *handler) contributionConfirm(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	entry, err := pathInt(r, "entry")
	if err != nil {
		return err
	}
	c, err := h.Health.Confirm(r.Context(), httpx.Actor(r), in.ID, entry)
	var conflict *errs.ConflictError
	if errors.As(err, &conflict) {
		h.setFlash(w, r, "error", conflict.Message)
	} else if err != nil {
		return err
	} else {
		h.setFlash(w, r, "success", fmt.Sprintf("Confirmed %s's %s of %s.", c.OrganizationName, c.Entry, c.Amount()))
	}
	redirect(w, r, fmt.Sprintf("/initiatives/%d/contributions#entries", in.ID))
	return nil
}

func (h *handler) hourRateSet(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	rate := formNumber(r, "hour_rate")
	err = h.Health.SetHourRate(r.Context(), httpx.Actor(r), in.ID, rate)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d := contributionsData{Initiative: in, Entry: health.ContributionInput{Entry: health.EntryPledge,
			Kind: health.KindStaff}, Benefit: health.BenefitInput{Kind: health.BenefitFunding},
			RateError: v.Fields["hour_rate"]}
		return h.renderContributions(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("An hour of staff time is now valued at %s.",
		health.Amount(rate, health.UnitDollars)))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/contributions", in.ID))
	return nil
}

func (h *handler) benefitRecord(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := contributionsData{Initiative: in, Entry: health.ContributionInput{Entry: health.EntryPledge,
		Kind: health.KindStaff}}
	d.Benefit = health.BenefitInput{OrganizationID: r.PostFormValue("organization_id"),
		Kind: r.PostFormValue("kind"), Period: r.PostFormValue("period"), Amount: formNumber(r, "amount"),
		Note: r.PostFormValue("note")}
	b, err := h.Health.RecordBenefit(r.Context(), httpx.Actor(r), in.ID, d.Benefit)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d.BenefitErrs = v.Fields
		return h.renderContributions(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Recorded that %s received %s for %s.", b.OrganizationName,
		b.AmountWords(), b.PeriodWords()))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/contributions#benefits", in.ID))
	return nil
}
