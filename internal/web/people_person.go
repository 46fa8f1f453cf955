package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// personPageData is one person's page, for platform admins: their details,
// platform role, organizations, roles in initiatives and account, each
// with the form that changes it.
type personPageData struct {
	Invited         string // the address an invitation just went to
	Person          *account.Person
	InitiativeRoles []account.InitiativeRoleOf
	Self            bool // the admin is looking at their own page

	PlatformRoles     []string
	OrganizationRoles []string
	RoleNames         []string // the roles of an initiative

	// OrgQuery narrows Organizations, the directory's organizations the
	// person may be attached to; Initiatives are the initiatives they may be
	// given a role in.
	OrgQuery      string
	Organizations []*directory.Organization
	Initiatives   []*initiative.Initiative

	// Name and Email are the details form's values.
	Name, Email string
	// Added says the person was just added; TemporaryPassword is the
	// password just set, shown this once.
	Added             bool
	TemporaryPassword string
	// Form names the form whose change was refused, Errors say why, field
	// by field.
	Form   string
	Errors map[string]string
}

// platformPersonPage shows one person to a platform admin.
func (h *handler) platformPersonPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	d := &personPageData{OrgQuery: strings.TrimSpace(r.URL.Query().Get("org_q"))}
	return h.showPerson(w, r, http.StatusOK, id, d)
}

func (h *handler) showPerson(w http.ResponseWriter, r *http.Request, status int, id int64, d *personPageData) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	p, err := h.Accounts.PersonByID(ctx, actor, id)
	if err != nil {
		return err
	}
	if d.InitiativeRoles, err = h.Accounts.InitiativeRolesOf(ctx, actor, id); err != nil {
		return err
	}
	if d.Initiatives, err = h.Initiatives.List(ctx); err != nil {
		return err
	}

	filter := directory.OrganizationFilter{Query: d.OrgQuery, Limit: directory.MaxPageSize}
	orgs, err := h.Directory.ListOrganizations(ctx, filter)
	if err != nil {
		return err
	}
	works := map[string]bool{}
	for _, m := range p.Memberships {
		works[m.OrganizationID] = true
	}
	for _, o := range orgs.Items {
		if !works[o.ID] {
			d.Organizations = append(d.Organizations, o)
		}
	}

	d.Person, d.Self = p, p.ID == httpx.User(ctx).ID
	d.PlatformRoles, d.OrganizationRoles, d.RoleNames = account.PlatformRoles, account.OrganizationRoles,
		initiative.InitiativeRoles
	if d.Form != "details" {
		d.Name, d.Email = p.Name, p.Email
	}
	h.render(w, r, status, "person", p.Name, "people", d)
	return nil
}

// personProblem shows the person's page again with why a form's change was
// refused, field by field; anything else is the error page.
func (h *handler) personProblem(w http.ResponseWriter, r *http.Request, id int64, d *personPageData, err error) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.showPerson(w, r, http.StatusUnprocessableEntity, id, d)
	case errors.As(err, &c):
		field := c.Field
		if field == "" {
			field = "form"
		}
		d.Errors = map[string]string{field: c.Message}
		return h.showPerson(w, r, http.StatusConflict, id, d)
	}
	return err
}

// platformPersonDetails changes a person's name and email.
func (h *handler) platformPersonDetails(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	name, email := r.PostFormValue("name"), r.PostFormValue("email")
	u, err := h.Accounts.ChangeUser(r.Context(), httpx.Actor(r), id, account.UserChange{Name: &name, Email: &email})
	if err != nil {
		return h.personProblem(w, r, id, &personPageData{Form: "details", Name: name, Email: email}, err)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Saved the name and email of %s.", u.Name))
	redirect(w, r, fmt.Sprintf("/people/%d", id))
	return nil
}

// platformPersonPassword gives a person a temporary password, the one the
// admin typed or one Backbone makes up, and shows it this once.
func (h *handler) platformPersonPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	password, err := h.Accounts.SetTemporaryPassword(r.Context(), httpx.Actor(r), id, r.PostFormValue("password"))
	if err != nil {
		return h.personProblem(w, r, id, &personPageData{Form: "password"}, err)
	}
	return h.showPerson(w, r, http.StatusOK, id, &personPageData{TemporaryPassword: password})
}

// platformPersonOrganizationSave attaches a person to an organization, or
// gives them another role there.
func (h *handler) platformPersonOrganizationSave(w http.ResponseWriter, r *http.Request) error {
	u, err := h.personOf(r)
	if err != nil {
		return err
	}
	id := u.ID
	orgID := r.PostFormValue("organization_id")
	if orgID == "" {
		d := &personPageData{
			Form:   "organization",
			Errors: map[string]string{"organization_id": "is required: choose one"},
		}
		return h.showPerson(w, r, http.StatusUnprocessableEntity, id, d)
	}
	p, err := h.Accounts.SetOrganizationRole(r.Context(), httpx.Actor(r), orgID, u.Email, r.PostFormValue("role"))
	if errors.Is(err, errs.ErrNotFound) {
		err = &errs.ValidationError{
			Fields: map[string]string{"organization_id": "is not an organization in the directory"},
		}
	}
	if err != nil {
		form := "organization"
		if r.PostFormValue("from") == "row" {
			form += ":" + orgID
		}
		return h.personProblem(w, r, id, &personPageData{Form: form}, err)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s is now %s of %s.", p.Name, orgRoleWords[p.Role],
		h.organizationName(r, orgID)))
	redirect(w, r, fmt.Sprintf("/people/%d#organizations", id))
	return nil
}

// orgRoleWords names an organization role as a sentence does.
var orgRoleWords = map[string]string{account.OrgAdmin: "an admin", account.OrgStaff: "staff"}

// organizationName is an organization's name for a message, its record's
// number if it cannot be read.
func (h *handler) organizationName(r *http.Request, id string) string {
	o, err := h.Directory.Organization(r.Context(), id)
	if err != nil {
		return "the organization"
	}
	return o.Name
}

// platformPersonOrganizationRemove takes a person off an organization's
// people.
func (h *handler) platformPersonOrganizationRemove(w http.ResponseWriter, r *http.Request) error {
	u, err := h.personOf(r)
	if err != nil {
		return err
	}
	id := u.ID
	orgID := r.PostFormValue("organization_id")
	name := h.organizationName(r, orgID)
	if err := h.Accounts.RemoveFromOrganization(r.Context(), httpx.Actor(r), orgID, u.Email); err != nil {
		return h.personProblem(w, r, id, &personPageData{Form: "organization:" + orgID}, err)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s no longer works for %s.", u.Name, name))
	redirect(w, r, fmt.Sprintf("/people/%d#organizations", id))
	return nil
}

// platformPersonInitiativeSave gives a person a role in an initiative, as
// its Access tab does.
func (h *handler) platformPersonInitiativeSave(w http.ResponseWriter, r *http.Request) error {
	u, err := h.personOf(r)
	if err != nil {
		return err
	}
	id := u.ID
	form := "initiative"
	initiativeID, err := formInt(r, "initiative_id")
	if err != nil {
		d := &personPageData{Form: form, Errors: map[string]string{"initiative_id": "is required: choose one"}}
		return h.showPerson(w, r, http.StatusUnprocessableEntity, id, d)
	}
	holder, err := h.Initiatives.GrantRole(r.Context(), httpx.Actor(r), initiativeID, u.Email, r.PostFormValue("role"))
	if err != nil {
		return h.personProblem(w, r, id, &personPageData{Form: form}, err)
	}
	in, err := h.Initiatives.Get(r.Context(), initiativeID)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s now has the %s role in %s.", holder.Name,
		humanizeRole(holder.Role), in.Name))
	redirect(w, r, fmt.Sprintf("/people/%d#initiatives", id))
	return nil
}

// platformPersonInitiativeRemove takes a person's role in an initiative
// away.
func (h *handler) platformPersonInitiativeRemove(w http.ResponseWriter, r *http.Request) error {
	u, err := h.personOf(r)
	if err != nil {
		return err
	}
	id := u.ID
	initiativeID, err := formInt(r, "initiative_id")
	if err != nil {
		return err
	}
	form := fmt.Sprintf("initiative:%d", initiativeID)
	if err := h.Initiatives.RevokeRole(r.Context(), httpx.Actor(r), initiativeID, u.Email); err != nil {
		return h.personProblem(w, r, id, &personPageData{Form: form}, err)
	}
	in, err := h.Initiatives.Get(r.Context(), initiativeID)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s no longer has a role in %s.", u.Name, in.Name))
	redirect(w, r, fmt.Sprintf("/people/%d#initiatives", id))
	return nil
}

// humanizeRole writes a role's code as words: "backbone_staff" is
// "backbone staff".
func humanizeRole(role string) string { return strings.ReplaceAll(role, "_", " ") }

// formInt reads a posted whole number; one missing or not a number is not
// found, as a link with a wrong number is.
func formInt(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, r.PostFormValue(name), errs.ErrNotFound)
	}
	return n, nil
}

// personOf reads the person of the path ({user}) for the forms of their
// page, which are the platform admins' (account.ListUsers): the operation
// each form carries out checks its own rule too, but a person's page is not
// a back door to the organizations' and initiatives' own pages.
func (h *handler) personOf(r *http.Request) (*account.Person, error) {
	id, err := pathInt(r, "user")
	if err != nil {
		return nil, err
	}
	return h.Accounts.PersonByID(r.Context(), httpx.Actor(r), id)
}
