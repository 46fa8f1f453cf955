// Package workqueue gathers what a person owes and what waits for them
// across Backbone: reports due or late, votes, signatures, partner surveys,
// invitations and, for the directory's stewards, verifications and
// proposals to review. Each domain
// lists its own part, deciding by the rule book what the person may see;
// this package only puts the parts in one order, for the home page and the
// API alike.
package workqueue

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/network"
	"backbone/internal/review"
)

// Kinds of item.
const (
	KindReport       = "report"        // a report due or late
	KindVote         = "vote"          // a proposal waiting for the organization's vote
	KindSignature    = "signature"     // an agreement waiting for the organization's signature
	KindSurvey       = "survey"        // a partner survey the organization has not answered
	KindSurveyFollow = "survey_follow" // a wave the person coordinates that some have not answered
	KindInvitation   = "invitation"    // an invitation to join an initiative
	KindVerification = "verification"  // directory records needing verification (stewards)
	KindProposals    = "proposals"     // proposed updates and organizations waiting for review (stewards)
	KindReview       = "review"        // a scheduled review due within two weeks or overdue
)

// Item is one thing a person owes or that waits for them, with the web
// page where it is done.
type Item struct {
	Kind             string `json:"kind"`
	Title            string `json:"title"` // what is asked, in a few words
	InitiativeID     int64  `json:"initiative_id,omitempty"`
	InitiativeName   string `json:"initiative_name,omitempty"`
	OrganizationID   string `json:"organization_id,omitempty"`
	OrganizationName string `json:"organization_name,omitempty"`
	// Deadline is the moment it is due (a vote's close), DueOn the last day
	// (a report's period, a survey's last day); at most one is set.
	Deadline *time.Time `json:"deadline,omitempty"`
	DueOn    string     `json:"due_on,omitempty"` // YYYY-MM-DD
	// TimeZone is the time zone the initiative keeps, in which Deadline is
	// shown; "" for the instance's.
	TimeZone string `json:"time_zone,omitempty"`
	Late     bool   `json:"late"`
	Note     string `json:"note,omitempty"`  // how it is done when the page cannot do it alone
	Link     string `json:"link"`            // the web page where it is done
	Action   string `json:"action"`          // the words of the link: "Vote", "Report it"
	Count    int    `json:"count,omitempty"` // how many records, for a verification item
}

// Queue is a person's work queue: the late first, then by deadline, then
// what has none.
type Queue struct {
	Items []Item `json:"items"`
}

// Sources are the domain stores the queue is read from.
type Sources struct {
	Accounts    *account.Store
	Directory   *directory.Store
	Initiatives *initiative.Store
	Network     *network.Store
	Measure     *measure.Store
	Reviews     *review.Store // nil leaves reviews out
}

// For builds actor's queue. Each part is read by its domain, which lists
// only what actor may see and do.
func For(ctx context.Context, src Sources, actor account.Actor) (*Queue, error) {
	q := &Queue{Items: []Item{}}

	reports, err := src.Measure.ReportsOwed(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		lastDay := r.Due.AddDate(0, 0, -1).Format("2006-01-02")
		q.add(Item{Kind: KindReport, Title: fmt.Sprintf("Report %s for %s", r.IndicatorName, r.Period),
			InitiativeID: r.InitiativeID, InitiativeName: r.InitiativeName,
			OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName, DueOn: lastDay, Late: r.Late,
			Link: fmt.Sprintf("/initiatives/%d/report", r.InitiativeID), Action: "Report it"})
	}

	votes, err := src.Initiatives.VotesAwaited(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, v := range votes {
		deadline := v.Deadline
		q.add(Item{Kind: KindVote, Title: fmt.Sprintf("Vote on %s", account.Quote(v.Title)),
			InitiativeID: v.InitiativeID, InitiativeName: v.InitiativeName,
			OrganizationID: v.OrganizationID, OrganizationName: v.OrganizationName, Deadline: &deadline, TimeZone: v.TimeZone,
			Link: fmt.Sprintf("/initiatives/%d/decisions/%d", v.InitiativeID, v.ProposalID), Action: "Vote"})
	}

	signatures, err := src.Initiatives.SignaturesAwaited(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, s := range signatures {
		q.add(Item{Kind: KindSignature, Title: fmt.Sprintf("Sign %s", account.Quote(s.Title)),
			InitiativeID: s.InitiativeID, InitiativeName: s.InitiativeName,
			OrganizationID: s.OrganizationID, OrganizationName: s.OrganizationName,
			Link:   fmt.Sprintf("/initiatives/%d/agreements/%d", s.InitiativeID, s.AgreementID),
			Action: "Read and sign"})
	}

	if err := q.addSurveys(ctx, src.Network, actor); err != nil {
		return nil, err
	}

	invitations, err := src.Initiatives.Invitations(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, in := range invitations {
		q.add(Item{Kind: KindInvitation, Title: fmt.Sprintf("Join %s as %s", in.InitiativeName, words(in.Role)),
			InitiativeID: in.InitiativeID, InitiativeName: in.InitiativeName,
			OrganizationID: in.OrganizationID, OrganizationName: in.OrganizationName,
			Link: fmt.Sprintf("/initiatives/%d/members", in.InitiativeID), Action: "Answer the invitation"})
	}

	if err := q.addReviews(ctx, src.Reviews, actor); err != nil {
		return nil, err
	}
	if err := q.addProposals(ctx, src, actor); err != nil {
		return nil, err
	}
	if err := q.addVerifications(ctx, src, actor); err != nil {
		return nil, err
	}

	sort.SliceStable(q.Items, func(i, j int) bool { return q.Items[i].before(q.Items[j]) })
	return q, nil
}

func (q *Queue) add(it Item) { q.Items = append(q.Items, it) }

// addReviews adds the scheduled reviews the person may record that are due
// within two weeks or overdue.
func (q *Queue) addReviews(ctx context.Context, reviews *review.Store, actor account.Actor) error {
	if reviews == nil {
		return nil
	}
	due, err := reviews.Due(ctx, actor, review.DueFilter{Reviewer: true})
	if err != nil {
		return err
	}
	for _, d := range due {
		s := d.Subject
		q.add(Item{Kind: KindReview, Title: fmt.Sprintf("Review the %s %s", strings.ToLower(s.Label),
			account.Quote(s.Title)), InitiativeID: s.InitiativeID, InitiativeName: s.InitiativeName,
			OrganizationID: s.OrganizationID, DueOn: d.NextDueOn, Late: d.Overdue,
			Link: fmt.Sprintf("/subjects/%s/%d/reviews/new", s.Kind, s.ID), Action: "Record the review"})
	}
	return nil
}

// addSurveys adds the surveys the person's organizations have not answered
// and the waves they coordinate that wait for answers.
func (q *Queue) addSurveys(ctx context.Context, n *network.Store, actor account.Actor) error {
	answers, err := n.AnswersAwaited(ctx, actor)
	if err != nil {
		return err
	}
	for _, a := range answers {
		note := "Answer through the private link the survey's coordinator sent"
		if a.RespondentEmail != "" {
			note += " to " + a.RespondentEmail
		}
		note += "; if it is lost, ask them for a new one."
		q.add(Item{Kind: KindSurvey, Title: fmt.Sprintf("Answer the partner survey %s", account.Quote(a.WaveName)),
			InitiativeID: a.InitiativeID, InitiativeName: a.InitiativeName,
			OrganizationID: a.OrganizationID, OrganizationName: a.OrganizationName, DueOn: a.ClosesAt,
			Note: note})
	}

	waves, err := n.WavesToFollow(ctx, actor)
	if err != nil {
		return err
	}
	for _, w := range waves {
		q.add(Item{Kind: KindSurveyFollow,
			Title:        fmt.Sprintf("Follow up %s: %d of %d answered", account.Quote(w.Name), w.Responded, w.Participants),
			InitiativeID: w.InitiativeID, InitiativeName: w.InitiativeName, DueOn: w.ClosesAt,
			Link: fmt.Sprintf("/network/surveys/%d", w.ID), Action: "Remind or close"})
	}
	return nil
}

// addProposals adds, for those who review proposals, how many wait, and
// how many of them are new organizations.
func (q *Queue) addProposals(ctx context.Context, src Sources, actor account.Actor) error {
	ok, err := src.Accounts.May(ctx, actor, account.ReviewProposals, account.Platform)
	if err != nil || !ok {
		return err
	}
	all, err := src.Directory.ListProposals(ctx, actor, directory.ProposalFilter{Limit: 1})
	if err != nil || all.Total == 0 {
		return err
	}
	orgs, err := src.Directory.ListProposals(ctx, actor,
		directory.ProposalFilter{Kind: directory.KindNewOrganization, Limit: 1})
	if err != nil {
		return err
	}

	title := "1 proposal waits for your review"
	if all.Total != 1 {
		title = fmt.Sprintf("%d proposals wait for your review", all.Total)
	}
	switch {
	case orgs.Total == 1 && all.Total == 1:
		title += " (a new organization)"
	case orgs.Total == 1:
		title += " (1 is a new organization)"
	case orgs.Total > 1:
		title += fmt.Sprintf(" (%d are new organizations)", orgs.Total)
	}
	q.add(Item{Kind: KindProposals, Title: title, Count: all.Total, Link: "/proposals", Action: "Review them"})
	return nil
}

// addVerifications adds, for those who keep the directory, how many records
// need verifying.
func (q *Queue) addVerifications(ctx context.Context, src Sources, actor account.Actor) error {
	ok, err := src.Accounts.May(ctx, actor, account.ListStaleRecords, account.Platform)
	if err != nil || !ok {
		return err
	}
	page, err := src.Directory.NeedsVerification(ctx, actor, directory.DefaultVerificationAge, 1, 0)
	if err != nil {
		return err
	}
	if page.Total == 0 {
		return nil
	}
	title := "1 directory record needs verifying"
	if page.Total != 1 {
		title = fmt.Sprintf("%d directory records need verifying", page.Total)
	}
	q.add(Item{Kind: KindVerification, Title: title, Count: page.Total, Link: "/verification",
		Action: "Verify records"})
	return nil
}

// before orders the queue: late first, then what has a date (the nearest
// first), then the rest as they were added.
func (it Item) before(other Item) bool {
	if it.Late != other.Late {
		return it.Late
	}
	a, b := it.due(), other.due()
	switch {
	case a.IsZero() || b.IsZero():
		return !a.IsZero() && b.IsZero()
	default:
		return a.Before(b)
	}
}

// due is when the item is due, the end of its last day for a date.
func (it Item) due() time.Time {
	if it.Deadline != nil {
		return *it.Deadline
	}
	if d, err := time.Parse("2006-01-02", it.DueOn); err == nil {
		return d.AddDate(0, 0, 1)
	}
	return time.Time{}
}

// words writes a stored value (core_partner) as words (core partner).
func words(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r == '_' {
			out[i] = ' '
		}
	}
	return string(out)
}
