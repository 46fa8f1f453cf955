package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// orgPeopleData is an organization's people page: who works for it, as
// its admins or staff, the history of the changes, and (for its admins and
// the stewards) the forms that add, change and remove people.
type orgPeopleData struct {
	Org     *directory.Organization
	People  []account.OrganizationPerson
	History []account.AuditEvent
	CanEdit bool
	Roles   []string
	// Form names the form the problem belongs to: "add", or the email of
	// the row whose change was refused; Input keeps what was typed in the
	// add form.
	Form    string
	Errors  map[string]string
	Problem string
	Input   orgPersonInput
}

type orgPersonInput struct {
	Email string
	Role  string
}

// orgPeoplePage shows who works for an organization.
func (h *handler) orgPeoplePage(w http.ResponseWriter, r *http.Request) error {
	return h.showOrgPeople(w, r, http.StatusOK, &orgPeopleData{Input: orgPersonInput{Role: account.OrgStaff}})
}

func (h *handler) showOrgPeople(w http.ResponseWriter, r *http.Request, status int, d *orgPeopleData) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), r.PathValue("id")
	var err error
	if d.People, err = h.Accounts.OrganizationPeople(ctx, actor, id); err != nil {
		return err
	}
	if d.Org, err = h.Directory.Organization(ctx, id); err != nil {
		return err
	}
	if d.History, err = h.Accounts.OrganizationPeopleHistory(ctx, actor, id, 20); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.GrantOrganizationRole, account.Org(id)); err != nil {
		return err
	}
	d.Roles = account.OrganizationRoles
	h.render(w, r, status, "organization_people", "People · "+d.Org.Name, "organizations", d)
	return nil
}

// orgPersonSave adds someone with an account to the organization's people,
// or gives them the other role: the add form and each row's form.
func (h *handler) orgPersonSave(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	in := orgPersonInput{Email: strings.TrimSpace(r.PostFormValue("email")), Role: r.PostFormValue("role")}
	form := "add"
	if r.PostFormValue("row") != "" {
		form = in.Email
	}
	p, err := h.Accounts.SetOrganizationRole(r.Context(), httpx.Actor(r), id, in.Email, in.Role)
	if err != nil {
		return h.orgPeopleProblem(w, r, err, &orgPeopleData{Form: form, Input: in})
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s is now %s here.", p.Name, map[string]string{
		account.OrgAdmin: "an admin", account.OrgStaff: "staff"}[p.Role]))
	redirect(w, r, "/organizations/"+url.PathEscape(id)+"/people")
	return nil
}

// orgPersonRemove takes someone off the organization's people.
func (h *handler) orgPersonRemove(w http.ResponseWriter, r *http.Request) error {
	id, email := r.PathValue("id"), r.PostFormValue("email")
	if err := h.Accounts.RemoveFromOrganization(r.Context(), httpx.Actor(r), id, email); err != nil {
		return h.orgPeopleProblem(w, r, err, &orgPeopleData{Form: email, Input: orgPersonInput{Role: account.OrgStaff}})
	}
	h.setFlash(w, r, "success", email+" no longer works here. Their account is unchanged.")
	redirect(w, r, "/organizations/"+url.PathEscape(id)+"/people")
	return nil
}

// orgPeopleProblem shows the page again with the form's problem: field
// messages, or why the change clashes (the last admin). Anything else is
// the error page.
func (h *handler) orgPeopleProblem(w http.ResponseWriter, r *http.Request, err error, d *orgPeopleData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		if d.Form != "add" {
			d.Problem = "Role " + v.Fields["role"]
		}
		return h.showOrgPeople(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.showOrgPeople(w, r, http.StatusConflict, d)
	}
	return err
}
