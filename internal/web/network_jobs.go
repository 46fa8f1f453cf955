package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// analysisJobStart starts the exact analysis of the selection in the form
// (the analysis page's query, posted back) and returns to the page, which
// shows its progress.
func (h *handler) analysisJobStart(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &errs.ValidationError{Fields: map[string]string{"filter": "the form could not be read"}}
	}
	q, err := url.ParseQuery(r.PostForm.Get("filter"))
	if err != nil {
		return &errs.ValidationError{Fields: map[string]string{"filter": "is not a selection of the map"}}
	}
	f, err := parseMapFilter(q, h.now())
	if err != nil {
		return err
	}

	if _, err := h.Network.StartAnalysisJob(r.Context(), httpx.Actor(r), f); err != nil {
		return err
	}

	h.setFlash(w, r, "info", "The exact analysis has started. This page shows how far it has got.")
	redirect(w, r, "/network/analysis?"+network.FilterKey(f))
	return nil
}

// analysisJobStatus answers the page's script with the job's state as
// JSON (the same body as the API's).
func (h *handler) analysisJobStatus(w http.ResponseWriter, r *http.Request) error {
	j, err := h.analysisJobOf(r)
	if err != nil {
		// The script reads the status, not a page.
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, errs.ErrNotFound):
			status = http.StatusNotFound
		case errors.Is(err, errs.ErrUnauthenticated):
			status = http.StatusUnauthorized
		case errors.Is(err, errs.ErrForbidden):
			status = http.StatusForbidden
		default:
			h.Logger.Error("analysis job status", "request_id", httpx.RequestID(r.Context()), "err", err)
		}
		http.Error(w, http.StatusText(status), status)
		return nil
	}

	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := json.NewEncoder(w).Encode(j); err != nil {
		// Too late for another answer: the script asks again.
		h.Logger.Info("analysis job status not sent", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
	return nil
}

// analysisJobOf returns the job of the path, for someone who may see its
// selection (the network store decides).
func (h *handler) analysisJobOf(r *http.Request) (*network.AnalysisJob, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	return h.Network.AnalysisJob(r.Context(), httpx.Actor(r), id)
}

// analysisJobCancel cancels a job (its starter or a steward: the network
// store decides) and returns to the analysis page.
func (h *handler) analysisJobCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	j, err := h.Network.CancelAnalysisJob(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}

	h.setFlash(w, r, "info", "The exact analysis was cancelled.")
	redirect(w, r, "/network/analysis?"+j.Filter)
	return nil
}
