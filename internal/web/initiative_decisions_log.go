package web

import (
	"fmt"
	"net/http"

	"backbone/internal/account"
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
func (h *handler) decisionLog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	d := decisionLogData{}
	if d.Decisions, d.Public, err = h.Initiatives.DecisionLog(ctx, httpx.Actor(r), id); err != nil {
		return err
	}
	if d.Member, err = h.may(r, account.ViewInitiative, account.Initiative(id)); err != nil {
		return err
	}
	// The log is readable, so the initiative's name is too.
	if d.Initiative, err = h.Initiatives.Get(ctx, id); err != nil {
		return err
	}
	if d.CanManage, err = h.may(r, account.PublishDecisionLog, account.Initiative(id)); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_decisions_log", "Decision log · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// decisionLogVisibility makes the decision log public or members-only.
func (h *handler) decisionLogVisibility(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	public := r.PostFormValue("public") == "true"
	if err := h.Initiatives.SetDecisionLogPublic(r.Context(), httpx.Actor(r), id, public); err != nil {
		return err
	}
	msg := "The decision log is now public: anyone signed in to Backbone can read it at this address."
	if !public {
		msg = "The decision log is now visible to the initiative's members only."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/decisions/log", id))
	return nil
}
