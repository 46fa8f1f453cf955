package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/store"
)

type errorPage struct {
	Heading string
	Message string
	Status  int
}

// renderError shows Backbone's error page. A page refused before its
// handler read the session (an unknown address, a wrong method, text no
// database can store, a form from another site) is still drawn for the
// person signed in, with their menu, rather than offering them to sign in;
// not after a server error, which may be the database's own.
func (h *handler) renderError(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	if status < 500 && httpx.User(r.Context()) == nil {
		if c, err := r.Cookie(sessionCookie); err == nil {
			if _, u, err := h.Accounts.SessionUser(r.Context(), c.Value, h.SessionTTL); err == nil {
				r = r.WithContext(httpx.WithUser(r.Context(), u))
			}
		}
	}
	h.render(w, r, status, "error", heading, "", errorPage{Heading: heading, Message: msg, Status: status})
}

// serverError logs err with the request id and shows a page that gives the
// id (so a user can quote it) and nothing of the internals.
func (h *handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.Logger.Error("server error", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	h.renderError(w, r, http.StatusInternalServerError, "Something went wrong",
		"Backbone could not finish this request. Nothing was changed. Please try again; if it keeps happening, tell your administrator the reference below.")
}

// fail maps a domain error to the page a person should see: the one place
// where errors become status codes in the HTML interface.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	err = store.Classify(err) // a busy database is 503 wherever the error came from
	var conflict *errs.ConflictError
	switch {
	case errors.Is(err, errs.ErrUnauthenticated):
		h.toLogin(w, r, "")
	case errors.Is(err, errs.ErrForbidden):
		h.Logger.Info("forbidden", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		h.renderError(w, r, http.StatusForbidden, "You do not have permission to do that",
			"Your account cannot see or change this. If you think it should, ask a directory steward or your administrator.")
	case errors.Is(err, errs.ErrNotFound):
		h.renderError(w, r, http.StatusNotFound, "Not found", "Backbone has no record at this address. It may have been removed, or the link may be mistyped.")
	case errors.As(err, &conflict):
		h.renderError(w, r, http.StatusConflict, "That change clashes with another", conflict.Message)
	case errors.Is(err, errs.ErrUnavailable):
		h.Logger.Error("database unavailable", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		h.renderError(w, r, http.StatusServiceUnavailable, "Backbone is busy",
			"The database did not answer in time. Nothing was changed. Please wait a moment and try again.")
	default:
		var v *errs.ValidationError
		if errors.As(err, &v) {
			h.renderError(w, r, http.StatusUnprocessableEntity, "Some of that is not right", v.Error())
			return
		}
		h.serverError(w, r, err)
	}
}

const flashCookie = "backbone_flash"

// setFlash leaves a one-time message for the next page (after a redirect).
func (h *handler) setFlash(w http.ResponseWriter, r *http.Request, kind, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: kind + ":" + base64.RawURLEncoding.EncodeToString([]byte(msg)),
		Path: "/", HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	kind, enc, ok := strings.Cut(c.Value, ":")
	msg, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || (kind != "success" && kind != "info" && kind != "error") || len(msg) > 500 {
		return nil
	}
	return &flash{Kind: kind, Message: string(msg)}
}

// redirect sends the browser on after a successful form (POST-redirect-GET).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}
