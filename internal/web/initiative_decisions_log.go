package web

import (
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type decisionLogData struct {
	Initiative *initiative.Initiative
	Decisions  []*initiative.Proposal
	Member     bool // the reader may view the initiative (else they read the public log)
	CanManage  bool
	Public     bool
}

// decisionLog shows the closed proposals with their outcomes and reasons:
// to those who may view the initiative, and, when the initiative has made
// its log public, to anyone signed in (without the initiative's pages).
func (h *handler) decisionLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := httpx.User(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, errs.ErrNotFound)
		return
	}
	d := decisionLogData{}
	if d.Member, err = h.Accounts.Can(ctx, u, account.ViewInitiative, account.Initiative(id)); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Public, err = h.Initiatives.DecisionLogPublic(ctx, id); err != nil {
		h.fail(w, r, err)
		return
	}
	if !d.Member && !d.Public {
		h.fail(w, r, errs.ErrNotFound)
		return
	}
	if d.Initiative, err = h.Initiatives.Get(ctx, id); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Decisions, err = h.Initiatives.DecisionLog(ctx, id); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanManage, err = h.Accounts.Can(ctx, u, account.ManageGovernance, account.Initiative(id)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "initiative_decisions_log", "Decision log · "+d.Initiative.Name, "initiatives", d)
}

// decisionLogVisibility makes the decision log public or members-only.
func (h *handler) decisionLogVisibility(w http.ResponseWriter, r *http.Request) {
	in := h.governedInitiative(w, r)
	if in == nil {
		return
	}
	public := r.PostFormValue("public") == "true"
	if err := h.Initiatives.SetDecisionLogPublic(r.Context(), httpx.Actor(r), in.ID, public); err != nil {
		h.fail(w, r, err)
		return
	}
	msg := "The decision log is now public: anyone signed in to Backbone can read it at this address."
	if !public {
		msg = "The decision log is now visible to the initiative's members only."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/decisions/log", in.ID))
}
