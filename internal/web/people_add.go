package web

import (
	"errors"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// personNewData is the form that adds a person: who they are, their
// platform role, optionally an organization they work for, and their
// temporary password.
type personNewData struct {
	Input             account.NewUser
	Invite            bool // send an invitation by e-mail, not a temporary password
	OrgQuery          string
	Organizations     []*directory.Organization
	PlatformRoles     []string
	OrganizationRoles []string
	Errors            map[string]string
}

// platformPersonNew shows the form that adds a person, for platform admins.
func (h *handler) platformPersonNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.offer(r, account.ManageUsers, account.Platform); err != nil {
		return err
	}
	d := &personNewData{Input: account.NewUser{Role: account.RoleMember, OrganizationRole: account.OrgStaff}}
	return h.showPersonNew(w, r, http.StatusOK, d)
}

func (h *handler) showPersonNew(w http.ResponseWriter, r *http.Request, status int, d *personNewData) error {
	filter := directory.OrganizationFilter{Query: d.OrgQuery, Limit: directory.MaxPageSize}
	orgs, err := h.Directory.ListOrganizations(r.Context(), filter)
	if err != nil {
		return err
	}
	d.Organizations = orgs.Items
	if id := d.Input.OrganizationID; id != "" && !containsOrganization(d.Organizations, id) {
		// Keep the one chosen before the list was narrowed another way.
		if o, err := h.Directory.Organization(r.Context(), id); err == nil {
			d.Organizations = append([]*directory.Organization{o}, d.Organizations...)
		}
	}
	d.PlatformRoles, d.OrganizationRoles = account.PlatformRoles, account.OrganizationRoles
	h.render(w, r, status, "person_new", "Add a person", "people", d)
	return nil
}

func containsOrganization(list []*directory.Organization, id string) bool {
	for _, o := range list {
		if o.ID == id {
			return true
		}
	}
	return false
}

// platformPersonCreate adds the person, with the temporary password the
// admin typed or one Backbone makes up, and shows it this once on their
// page. The form's "Find" button instead narrows its list of
// organizations, keeping what was typed (but not the password).
func (h *handler) platformPersonCreate(w http.ResponseWriter, r *http.Request) error {
	in := account.NewUser{
		Name:               r.PostFormValue("name"),
		Email:              r.PostFormValue("email"),
		Role:               r.PostFormValue("role"),
		OrganizationID:     r.PostFormValue("organization_id"),
		OrganizationRole:   r.PostFormValue("organization_role"),
		Password:           r.PostFormValue("password"),
		MustChangePassword: true,
	}
	d := &personNewData{Input: in, OrgQuery: strings.TrimSpace(r.PostFormValue("org_q"))}
	d.Input.Password = ""
	d.Invite = r.PostFormValue("invite") != ""
	if r.PostFormValue("find") != "" {
		if err := h.offer(r, account.ManageUsers, account.Platform); err != nil {
			return err
		}
		return h.showPersonNew(w, r, http.StatusOK, d)
	}

	invite := d.Invite
	if in.Password == "" || invite {
		// An invited person never sees this one: they choose their own
		// from the link.
		in.Password = account.NewTemporaryPassword()
	}
	u, err := h.Accounts.CreateUser(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.showPersonNew(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Errors = map[string]string{c.Field: c.Message}
		return h.showPersonNew(w, r, http.StatusConflict, d)
	case err != nil:
		return err
	}
	if invite {
		email, err := h.Mail.SendPasswordLink(r.Context(), httpx.Actor(r), u.ID, true, h.siteURL(r))
		if err != nil {
			return err
		}
		return h.showPerson(w, r, http.StatusOK, u.ID, &personPageData{Added: true, Invited: email})
	}
	return h.showPerson(w, r, http.StatusOK, u.ID, &personPageData{Added: true, TemporaryPassword: in.Password})
}
