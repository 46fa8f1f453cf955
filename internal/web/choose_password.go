package web

import (
	"errors"
	"net/http"

	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// choosePasswordPath is the page a person with a temporary password is sent
// to, whatever they asked for, until they have chosen their own.
const choosePasswordPath = "/account/choose-password"

// choosePasswordData is the form that replaces a temporary password.
type choosePasswordData struct {
	Next   string
	Errors map[string]string
}

// choosePasswordPage asks a person who signed in with a temporary password
// for one of their own. Someone whose password is their own already has
// nothing to do here and goes home.
func (h *handler) choosePasswordPage(w http.ResponseWriter, r *http.Request) error {
	if !httpx.User(r.Context()).MustChangePassword {
		redirect(w, r, "/")
		return nil
	}
	d := &choosePasswordData{Next: safeNext(r.URL.Query().Get("next"))}
	h.render(w, r, http.StatusOK, "choose_password", "Choose your password", "", d)
	return nil
}

// choosePassword replaces the temporary password (the domain ends every
// session of the person's) and signs them in again with a new session, on
// to where they were going.
func (h *handler) choosePassword(w http.ResponseWriter, r *http.Request) error {
	d := &choosePasswordData{Next: safeNext(r.PostFormValue("next"))}
	err := h.Accounts.ChooseOwnPassword(r.Context(), httpx.Actor(r), r.PostFormValue("new_password"),
		r.PostFormValue("confirm_password"))
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.render(w, r, http.StatusUnprocessableEntity, "choose_password", "Choose your password", "", d)
		return nil
	case errors.As(err, &c):
		h.setFlash(w, r, "info", c.Message)
		redirect(w, r, "/account")
		return nil
	case err != nil:
		return err
	}

	u, err := h.Accounts.UserByID(r.Context(), httpx.User(r.Context()).ID)
	if err != nil {
		return err
	}
	if err := h.startSession(w, r, u); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "Your password is set. Welcome to Backbone, "+u.Name+".")
	redirect(w, r, safeNext(d.Next))
	return nil
}
