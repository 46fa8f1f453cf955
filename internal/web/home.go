package web

import (
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/workqueue"
)

type homeData struct {
	Queue         *workqueue.Queue // what the user owes and what waits for them
	KindWords     map[string]string
	Organizations int
	Services      int
	Memberships   []account.Membership
	Initiatives   []*initiative.Initiative
	Recent        []account.AuditEntry
}

// queueKindWords name each kind of work-queue item on the page.
var queueKindWords = map[string]string{
	workqueue.KindReport:       "Report",
	workqueue.KindVote:         "Vote",
	workqueue.KindSignature:    "Signature",
	workqueue.KindSurvey:       "Partner survey",
	workqueue.KindSurveyFollow: "Partner survey",
	workqueue.KindInvitation:   "Invitation",
	workqueue.KindVerification: "Verification",
	workqueue.KindProposals:    "Proposals",
	workqueue.KindReview:       "Review",
}

// home is the first page after sign-in: what the user owes and what waits
// for them, then the directory at a glance, the organizations the user
// works for, and what changed lately.
func (h *handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), httpx.User(r.Context())
	d := homeData{KindWords: queueKindWords}
	var err error
	if d.Queue, err = workqueue.For(ctx, h.queueSources(), httpx.Actor(r)); err != nil {
		return err
	}
	if d.Organizations, err = h.Directory.CountOrganizations(ctx); err != nil {
		return err
	}
	if d.Services, err = h.Directory.CountServices(ctx); err != nil {
		return err
	}
	if d.Memberships, err = h.Accounts.MembershipsOf(ctx, u.ID); err != nil {
		return err
	}
	if d.Initiatives, err = h.Initiatives.Visible(ctx, httpx.Actor(r)); err != nil {
		return err
	}
	if d.Recent, err = h.recentChanges(r); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "home", "Home", "home", d)
	return nil
}

// queueSources are the stores the work queue is read from.
func (h *handler) queueSources() workqueue.Sources {
	return workqueue.Sources{Accounts: h.Accounts, Directory: h.Directory, Initiatives: h.Initiatives,
		Network: h.Network, Measure: h.Measure, Reviews: h.Reviews}
}

// recentChanges are the latest changes to the directory's organizations,
// each naming its records. An organization's own goals are left out for
// those who may not see them (account.ViewOrganizationGoals).
func (h *handler) recentChanges(r *http.Request) ([]account.AuditEntry, error) {
	ctx, actor := r.Context(), httpx.Actor(r)
	events, err := h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "organization", Limit: 20})
	if err != nil {
		return nil, err
	}
	var shown []account.AuditEvent
	for _, ev := range events {
		if strings.HasPrefix(ev.Action, "goal_") || strings.HasPrefix(ev.Action, "milestone_") {
			ok, err := h.Accounts.May(ctx, actor, account.ViewOrganizationGoals, account.Org(ev.EntityID))
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		if shown = append(shown, ev); len(shown) == 8 {
			break
		}
	}
	return h.Accounts.DescribeAudit(ctx, shown)
}
