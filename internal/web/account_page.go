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
	FeedLinks   []account.FeedLink // the person's calendar and feed links that work
	NewLink     *feedLinkShown     // a link just made, shown once
}

func (h *handler) accountPage(w http.ResponseWriter, r *http.Request) error {
	return h.showAccount(w, r, http.StatusOK, nil)
}

// showAccount shows the signed-in person's own account: the organizations
// they work for, and the form to change their password.
func (h *handler) showAccount(w http.ResponseWriter, r *http.Request, status int, problems map[string]string) error {
	return h.showAccountWith(w, r, status, problems, nil)
}

// showAccountWith is showAccount with a calendar link just made.
func (h *handler) showAccountWith(w http.ResponseWriter, r *http.Request, status int, problems map[string]string,
	shown *feedLinkShown) error {
	ms, err := h.Accounts.MembershipsOf(r.Context(), httpx.User(r.Context()).ID)
	if err != nil {
		return err
	}
	links, err := h.Accounts.FeedLinks(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.render(w, r, status, "account", "Your account", "account",
		accountData{Memberships: ms, Errors: problems, FeedLinks: links, NewLink: shown})
	return nil
}

// accountPassword changes the person's own password; the domain asks for
// the current one (account.Store.ChangeOwnPassword), and says field by field
// what is wrong.
func (h *handler) accountPassword(w http.ResponseWriter, r *http.Request) error {
	change := account.PasswordChange{Current: r.PostFormValue("current_password"),
		New: r.PostFormValue("new_password"), Confirm: r.PostFormValue("confirm_password")}
	err := h.Accounts.ChangeOwnPassword(r.Context(), httpx.Actor(r), change, httpx.ClientIP(r))
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.showAccount(w, r, http.StatusUnprocessableEntity, v.Fields)
	}
	if err != nil {
		return err
	}

	// Changing the password ends every session, this one too.
	h.clearSession(w, r)
	h.setFlash(w, r, "success", "Your password was changed. Please sign in with the new one.")
	redirect(w, r, "/login")
	return nil
}
