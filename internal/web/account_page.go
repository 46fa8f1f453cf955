package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

type accountData struct {
	Memberships []account.Membership
	Errors      map[string]string
}

func (h *handler) accountPage(w http.ResponseWriter, r *http.Request) {
	h.showAccount(w, r, http.StatusOK, nil)
}

func (h *handler) showAccount(w http.ResponseWriter, r *http.Request, status int, problems map[string]string) {
	ms, err := h.Accounts.MembershipsOf(r.Context(), httpx.User(r.Context()).ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "account", "Your account", "account", accountData{Memberships: ms, Errors: problems})
}

// accountPassword changes the user's own password; the current one must be
// given, so that a session left open on a shared computer cannot take over
// the account.
func (h *handler) accountPassword(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r.Context())
	current, next, again := r.PostFormValue("current_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password")
	if _, err := h.Accounts.Authenticate(r.Context(), u.Email, current, httpx.ClientIP(r)); err != nil {
		if account.IsBadLogin(err) {
			h.showAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"current_password": "is not your current password"})
			return
		}
		h.fail(w, r, err)
		return
	}
	if next != again {
		h.showAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"confirm_password": "does not match the new password"})
		return
	}
	err := h.Accounts.SetPassword(r.Context(), httpx.Actor(r), u.Email, next)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		h.showAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"new_password": v.Fields["password"]})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// Changing the password ends every session, this one too.
	h.clearSession(w, r)
	h.setFlash(w, r, "success", "Your password was changed. Please sign in with the new one.")
	redirect(w, r, "/login")
}
