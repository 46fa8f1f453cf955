package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// analysisJobStart starts the exact analysis of the selection in the form
// (the analysis page's query, posted back) and returns to the page, which
// shows its progress.
func (h *handler) analysisJobStart(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), httpx.User(r.Context())
	if err := h.Accounts.Authorize(ctx, u, account.RunNetworkAnalysis, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &errs.ValidationError{Fields: map[string]string{"filter": "the form could not be read"}})
		return
	}
	q, err := url.ParseQuery(r.PostForm.Get("filter"))
	if err != nil {
		h.fail(w, r, &errs.ValidationError{Fields: map[string]string{"filter": "is not a selection of the map"}})
		return
	}
	r.URL.RawQuery = q.Encode()
	f, err := h.analysisFilter(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.Network.StartAnalysisJob(ctx, httpx.Actor(r), f); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "info", "The exact analysis has started. This page shows how far it has got.")
	redirect(w, r, "/network/analysis?"+network.FilterKey(f))
}

// analysisJobFor returns the job of the path when the user may see its
// selection.
func (h *handler) analysisJobFor(r *http.Request) (*network.AnalysisJob, error) {
	ctx, u := r.Context(), httpx.User(r.Context())
	if err := h.Accounts.Authorize(ctx, u, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	j, err := h.Network.AnalysisJob(ctx, id)
	if err != nil {
		return nil, err
	}
	q, _ := url.ParseQuery(j.Filter)
	if v := q.Get("initiative"); v != "" {
		iid, _ := strconv.ParseInt(v, 10, 64)
		if ok, err := h.Accounts.Can(ctx, u, account.ViewInitiative, account.Initiative(iid)); err != nil || !ok {
			return nil, errs.ErrNotFound
		}
	}
	return j, nil
}

// analysisJobStatus answers the page's script with the job's state as
// JSON (the same body as the API's).
func (h *handler) analysisJobStatus(w http.ResponseWriter, r *http.Request) {
	j, err := h.analysisJobFor(r)
	if err != nil {
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, errs.ErrNotFound):
			status = http.StatusNotFound
		case errors.Is(err, errs.ErrUnauthenticated):
			status = http.StatusUnauthorized
		case errors.Is(err, errs.ErrForbidden):
			status = http.StatusForbidden
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(j)
}

// analysisJobCancel cancels a job (its starter or a steward) and returns to
// the analysis page.
func (h *handler) analysisJobCancel(w http.ResponseWriter, r *http.Request) {
	j, err := h.analysisJobFor(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if j.Active() && !h.mayCancel(r, j) {
		h.fail(w, r, fmt.Errorf("cancel analysis %d: %w", j.ID, errs.ErrForbidden))
		return
	}
	if _, err := h.Network.CancelAnalysisJob(r.Context(), j.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "info", "The exact analysis was cancelled.")
	redirect(w, r, "/network/analysis?"+j.Filter)
}
