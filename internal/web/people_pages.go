package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// platformPeopleData is the platform admins' list of everyone with an
// account, with the forms that change a platform role and disable or
// enable an account.
type platformPeopleData struct {
	People []account.Person
	Roles  []string
	// Form names the row whose change was refused ("role:ID" or
	// "disabled:ID"), and Problem says why.
	Form    string
	Problem string
}

// platformPeople lists everyone, for platform admins.
func (h *handler) platformPeople(w http.ResponseWriter, r *http.Request) error {
	return h.showPlatformPeople(w, r, http.StatusOK, &platformPeopleData{})
}

func (h *handler) showPlatformPeople(w http.ResponseWriter, r *http.Request, status int, d *platformPeopleData) error {
	people, err := h.Accounts.People(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	d.People, d.Roles = people, account.PlatformRoles
	h.render(w, r, status, "people", "People", "people", d)
	return nil
}

// platformRoleSave gives a person another platform role.
func (h *handler) platformRoleSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	role := r.PostFormValue("role")
	u, err := h.Accounts.ChangeUser(r.Context(), httpx.Actor(r), id, account.UserChange{Role: &role})
	if err != nil {
		return h.platformPeopleProblem(w, r, err, fmt.Sprintf("role:%d", id))
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s is now %s.", u.Name, platformRoleWords[u.Role]))
	redirect(w, r, peopleBack(r, id))
	return nil
}

// peopleBack is where a change made to a person from the list or from
// their own page goes back to.
func peopleBack(r *http.Request, id int64) string {
	if r.PostFormValue("back") == "person" {
		return fmt.Sprintf("/people/%d", id)
	}
	return fmt.Sprintf("/people#person-%d", id)
}

// platformRoleWords names the platform roles as a sentence does.
var platformRoleWords = map[string]string{account.RoleMember: "a member", account.RoleSteward: "a directory steward",
	account.RoleAdmin: "a platform admin"}

// platformDisable stops a person signing in; their sessions end.
func (h *handler) platformDisable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

// platformEnable lets a disabled person sign in again.
func (h *handler) platformEnable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	u, err := h.Accounts.ChangeUser(r.Context(), httpx.Actor(r), id, account.UserChange{Disabled: &disabled})
	if err != nil {
		return h.platformPeopleProblem(w, r, err, fmt.Sprintf("disabled:%d", id))
	}
	msg := u.Name + " can sign in again."
	if disabled {
		msg = u.Name + " can no longer sign in; their sessions were ended and their API tokens stop working."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, peopleBack(r, id))
	return nil
}

// platformPeopleProblem shows the list again with why a row's change was
// refused: the last admin, a role that does not exist. Anything else is
// the error page.
func (h *handler) platformPeopleProblem(w http.ResponseWriter, r *http.Request, err error, form string) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	if r.PostFormValue("back") == "person" {
		id, perr := pathInt(r, "user")
		if perr != nil {
			return perr
		}
		return h.personProblem(w, r, id, &personPageData{Form: strings.SplitN(form, ":", 2)[0]}, err)
	}
	switch {
	case errors.As(err, &v):
		d := &platformPeopleData{Form: form, Problem: "Platform role " + v.Fields["role"]}
		return h.showPlatformPeople(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		return h.showPlatformPeople(w, r, http.StatusConflict, &platformPeopleData{Form: form, Problem: c.Message})
	}
	return err
}
