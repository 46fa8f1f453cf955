package web

import (
	"errors"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// passwordForgotData is the "forgot your password" page.
type passwordForgotData struct {
	Email string
	Sent  bool
	Error string
}

// siteURL is where people reach Backbone, for the links in e-mail: the
// --base-url, or else the address the request came to.
func (h *handler) siteURL(r *http.Request) string {
	if s := h.Mail.Site(); s != "" {
		return s
	}
	scheme := "http"
	if h.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// passwordForgotPage asks for the address of a forgotten password's account.
func (h *handler) passwordForgotPage(w http.ResponseWriter, r *http.Request) error {
	h.render(w, r, http.StatusOK, "password_forgot", "Forgot your password?", "", &passwordForgotData{})
	return nil
}

// passwordForgot sends a link if the address has an account, and says the
// same either way.
func (h *handler) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	d := &passwordForgotData{Email: strings.TrimSpace(r.PostFormValue("email"))}
	if !h.resets.Allow(httpx.ClientIP(r)) {
		w.Header().Set("Retry-After", "60")
		d.Error = "Too many requests from this address. Please wait a few minutes and try again."
		h.render(w, r, http.StatusTooManyRequests, "password_forgot", "Forgot your password?", "", d)
		return nil
	}
	err := h.Mail.RequestPasswordReset(r.Context(), d.Email, h.siteURL(r))
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d.Error = "Email " + v.Fields["email"] + "."
		h.render(w, r, http.StatusUnprocessableEntity, "password_forgot", "Forgot your password?", "", d)
		return nil
	}
	if err != nil {
		return err
	}
	d.Sent = true
	h.render(w, r, http.StatusOK, "password_forgot", "Forgot your password?", "", d)
	return nil
}

// passwordResetData is the page a password link opens.
type passwordResetData struct {
	Token   string
	Name    string
	Invited bool
	Invalid bool
	Errors  map[string]string
}

// passwordResetPage opens a password link: a form to choose a password, or
// why the link does not work.
func (h *handler) passwordResetPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	d := &passwordResetData{Token: token}
	u, purpose, err := h.Accounts.PasswordLinkUser(r.Context(), token)
	switch {
	case errors.Is(err, account.ErrLinkInvalid):
		d.Invalid = true
		h.render(w, r, http.StatusGone, "password_reset", "Choose a password", "", d)
		return nil
	case err != nil:
		return err
	}
	d.Name, d.Invited = u.Name, purpose == account.LinkInvite
	h.render(w, r, http.StatusOK, "password_reset", "Choose a password", "", d)
	return nil
}

// passwordReset sets the password a link allows, ends the person's
// sessions, and sends them to sign in with it.
func (h *handler) passwordReset(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	_, err := h.Accounts.UsePasswordLink(
		r.Context(),
		token,
		r.PostFormValue("new_password"),
		r.PostFormValue("confirm_password"),
	)
	var v *errs.ValidationError
	switch {
	case errors.Is(err, account.ErrLinkInvalid):
		h.render(w, r, http.StatusGone, "password_reset", "Choose a password", "", &passwordResetData{Invalid: true})
		return nil
	case errors.As(err, &v):
		d := &passwordResetData{Token: token, Errors: v.Fields}
		if u, purpose, err := h.Accounts.PasswordLinkUser(r.Context(), token); err == nil {
			d.Name, d.Invited = u.Name, purpose == account.LinkInvite
		}
		h.render(w, r, http.StatusUnprocessableEntity, "password_reset", "Choose a password", "", d)
		return nil
	case err != nil:
		return err
	}
	h.setFlash(w, r, "success", "Your password is set. Sign in with it.")
	redirect(w, r, "/login")
	return nil
}

// personPasswordLink sends a person a link to choose a new password, for
// platform admins.
func (h *handler) personPasswordLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	email, err := h.Mail.SendPasswordLink(r.Context(), httpx.Actor(r), id, false, h.siteURL(r))
	var c *errs.ConflictError
	if errors.As(err, &c) {
		h.setFlash(w, r, "error", c.Message+".")
		redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/password-link")])
		return nil
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "A link to choose a new password is in the outbox for "+email+". It works for 1 hour.")
	redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/password-link")])
	return nil
}
