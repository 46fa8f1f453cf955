package calendar

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/measure"
)

// Sources are the domain stores a calendar is read from, and the site's
// address for the links in its events.
type Sources struct {
	Accounts    *account.Store
	Initiatives *initiative.Store
	Measure     *measure.Store
	Meetings    MeetingSource // nil: no meetings
	SiteURL     string        // e.g. https://backbone.example.org, no trailing slash
}

// MeetingSource lists an initiative's meetings as events (the meeting
// package, which writes its invitations with this package).
type MeetingSource interface {
	CalendarEvents(ctx context.Context, actor account.Actor, initiativeID int64, invitedOnly bool,
		site string) ([]Event, error)
}

// uidDomain ends every event's UID: the UIDs stay the same whatever address
// the site is reached by.
const uidDomain = "@backbone"

// Person is the calendar of what concerns actor: in each initiative they
// take part in, the report due dates of the indicators the organizations
// they work for report (of every indicator, in one they run as backbone
// staff), the voting deadlines of its proposals and its
// agreements' end and renewal dates. Each domain lists only what actor may
// see now, so a person who loses access stops seeing those events.
func Person(ctx context.Context, src Sources, actor account.Actor) (Calendar, error) {
	c := Calendar{Name: "Backbone: " + actor.User.Name,
		Description: "Meetings, report due dates, voting deadlines and agreement renewals for " + actor.User.Name}
	ins, err := src.Initiatives.TakingPart(ctx, actor)
	if err != nil {
		return c, err
	}
	ms, err := src.Accounts.MembershipsOf(ctx, actor.User.ID)
	if err != nil {
		return c, err
	}
	orgs := []string{}
	for _, m := range ms {
		orgs = append(orgs, m.OrganizationID)
	}
	for _, in := range ins {
		// The backbone staff run the initiative: every report concerns them.
		reporters := orgs
		staff, err := src.Accounts.May(ctx, actor, account.EditInitiative, account.Initiative(in.ID))
		if err != nil {
			return c, err
		}
		if staff {
			reporters = nil
		}
		events, err := initiativeEvents(ctx, src, actor, in, reporters)
		if err != nil {
			return c, err
		}
		// Backbone staff see every meeting they run; others the ones
		// they are invited to.
		if src.Meetings != nil {
			meetings, err := src.Meetings.CalendarEvents(ctx, actor, in.ID, !staff, src.SiteURL)
			if err != nil && !refused(err) {
				return c, err
			}
			events = append(events, meetings...)
		}
		c.Events = append(c.Events, events...)
	}
	return c, nil
}

// Initiative is an initiative's calendar: every indicator's report due
// dates, its proposals' voting deadlines, its agreements' end and renewal
// dates, as actor may see them (account.ViewInitiative); errs.ErrNotFound
// when actor may no longer see the initiative.
func Initiative(ctx context.Context, src Sources, actor account.Actor, initiativeID int64) (Calendar, error) {
	in, err := src.Initiatives.View(ctx, actor, initiativeID)
	if err != nil {
		return Calendar{}, err
	}
	c := Calendar{Name: in.Name + " (Backbone)",
		Description: "Meetings, report due dates, voting deadlines and agreement renewals of " + in.Name}
	if c.Events, err = initiativeEvents(ctx, src, actor, in, nil); err != nil {
		return c, err
	}
	if src.Meetings != nil {
		meetings, err := src.Meetings.CalendarEvents(ctx, actor, in.ID, false, src.SiteURL)
		if err != nil && !refused(err) {
			return c, err
		}
		c.Events = append(c.Events, meetings...)
	}
	return c, nil
}

// initiativeEvents gathers one initiative's dates; with orgs not nil, only
// the reports of those organizations.
func initiativeEvents(ctx context.Context, src Sources, actor account.Actor, in *initiative.Initiative,
	orgs []string) ([]Event, error) {
	var out []Event
	link := func(path string) string { return src.SiteURL + fmt.Sprintf("/initiatives/%d", in.ID) + path }

	reports, err := src.Measure.ReportDates(ctx, actor, in.ID, orgs)
	if err != nil && !refused(err) {
		return nil, err
	}
	for _, d := range reports {
		lastDay := d.Due.AddDate(0, 0, -1)
		desc := fmt.Sprintf("%s: the value of %s for %s is due by the end of this day.\nAsked of: %s",
			in.Name, d.IndicatorName, measure.PeriodLabel(d.Period), strings.Join(d.Reporters, ", "))
		if len(d.Missing) > 0 && len(d.Missing) < len(d.Reporters) {
			desc += "\nNot reported yet: " + strings.Join(d.Missing, ", ")
		}
		summary := fmt.Sprintf("Report due: %s, %s", d.IndicatorName, measure.PeriodLabel(d.Period))
		if len(d.Missing) == 0 {
			summary = fmt.Sprintf("Reported: %s, %s", d.IndicatorName, measure.PeriodLabel(d.Period))
		}
		out = append(out, Event{
			UID:     fmt.Sprintf("report-%d-%s-%d%s", d.IndicatorID, d.Period, in.ID, uidDomain),
			Summary: summary, Description: desc, URL: link("/report"), On: lastDay,
			Categories: []string{"Report due"},
		})
	}

	proposals, err := src.Initiatives.Proposals(ctx, actor, in.ID)
	if err != nil && !refused(err) {
		return nil, err
	}
	for _, p := range proposals {
		if p.Status == initiative.ProposalWithdrawn {
			continue
		}
		summary := "Vote closes: " + p.Title
		if p.Status != initiative.ProposalOpen {
			summary = "Vote closed: " + p.Title
		}
		out = append(out, Event{
			UID:     fmt.Sprintf("proposal-%d%s", p.ID, uidDomain),
			Summary: summary, At: p.Deadline, URL: link(fmt.Sprintf("/decisions/%d", p.ID)),
			Description: fmt.Sprintf("%s: voting on %s, proposed by %s, closes.", in.Name,
				account.Quote(p.Title), p.ProposedByName),
			Categories: []string{"Voting deadline"},
		})
	}

	agreements, err := src.Initiatives.Agreements(ctx, actor, in.ID)
	if err != nil && !refused(err) {
		return nil, err
	}
	for _, a := range agreements {
		url := link(fmt.Sprintf("/agreements/%d", a.ID))
		if a.EndsOn != nil {
			out = append(out, Event{
				UID:     fmt.Sprintf("agreement-%d-end%s", a.ID, uidDomain),
				Summary: "Agreement ends: " + a.Title, On: *a.EndsOn, URL: url,
				Description: fmt.Sprintf("%s: the agreement %s ends on this day.", in.Name, account.Quote(a.Title)),
				Categories:  []string{"Agreement"},
			})
		}
		if a.RenewalDueOn != nil {
			out = append(out, Event{
				UID:     fmt.Sprintf("agreement-%d-renewal%s", a.ID, uidDomain),
				Summary: "Renewal due: " + a.Title, On: *a.RenewalDueOn, URL: url,
				Description: fmt.Sprintf("%s: time to renew the agreement %s, which ends on %s.", in.Name,
					account.Quote(a.Title), a.EndsOn.Format("2 January 2006")),
				Categories: []string{"Agreement"},
			})
		}
	}
	return out, nil
}

// refused tells an error of a part the person may not see: that part is
// left out, the rest of the calendar stays.
func refused(err error) bool {
	return errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrNotFound)
}
