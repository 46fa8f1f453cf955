package web

import (
	"net/http"

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
	Recent        []account.AuditEvent
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
	if d.Recent, err = h.Accounts.ListAudit(ctx, account.AuditFilter{EntityType: "organization", Limit: 8}); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "home", "Home", "home", d)
	return nil
}

// queueSources are the stores the work queue is read from.
func (h *handler) queueSources() workqueue.Sources {
	return workqueue.Sources{Accounts: h.Accounts, Directory: h.Directory, Initiatives: h.Initiatives,
		Network: h.Network, Measure: h.Measure}
}
