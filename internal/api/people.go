package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// People and their roles: platform roles (platform admins), an
// organization's people (its admins and the stewards) and roles in an
// initiative (its backbone staff). The domain decides who may; a {person}
// in a path is a person's number or their email address.
func (h *handler) peopleRoutes() []route {
	read := []int{401, 404} // anyone signed in may ask; 404 for an organization or initiative they cannot see
	write := []int{400, 401, 403, 404, 409, 413, 415, 422}
	return []route{
		{Method: "GET", Pattern: prefix + "/users", OperationID: "listUsers", Tag: "people",
			Summary: "Everyone with an account, with their platform role and organizations (platform admins)",
			Status:  200, Response: "UserAccountList", Problems: []int{401, 403}, handle: (*handler).listUsers},
		{Method: "GET", Pattern: prefix + "/users/{person}", OperationID: "getUser", Tag: "people",
			Summary: "One person's account, platform role, organizations and roles in initiatives (platform admins)",
			Status:  200, Response: "UserAccount", Problems: []int{401, 403, 404}, handle: (*handler).getUser},
		{Method: "PATCH", Pattern: prefix + "/users/{person}", OperationID: "updateUser", Tag: "people",
			Summary: "Change a person's name or email, give them another platform role, or disable or enable their " +
				"account (platform admins); the last admin who can sign in stays one (409), an email someone else " +
				"has is refused (409)",
			Request: "UserPatch", Status: 200, Response: "UserAccount", Problems: write, handle: (*handler).updateUser},

		{
			Method:      "GET",
			Pattern:     prefix + "/organizations/{id}/people",
			OperationID: "listOrganizationPeople",
			Tag:         "people",
			Summary:     "Who works for an organization, its admins first (emails only for those who may change the list)",
			Status:      200,
			Response:    "OrganizationPersonList",
			Problems:    read,
			handle:      (*handler).listOrganizationPeople,
		},
		{
			Method:      "PUT",
			Pattern:     prefix + "/organizations/{id}/people/{person}",
			OperationID: "setOrganizationRole",
			Tag:         "people",
			Summary: "Add someone with an account to an organization's people as admin or staff, or change their role " +
				"(its admins and the stewards; only a steward takes away its last admin)",
			Request:  "OrganizationRoleInput",
			Status:   200,
			Response: "OrganizationPerson",
			Problems: write,
			handle:   (*handler).setOrganizationRole,
		},
		{
			Method:      "DELETE",
			Pattern:     prefix + "/organizations/{id}/people/{person}",
			OperationID: "removeOrganizationPerson",
			Tag:         "people",
			Summary:     "Take someone off an organization's people; their account stays (its admins and the stewards)",
			Status:      204,
			Problems:    []int{401, 403, 404, 409},
			handle:      (*handler).removeOrganizationPerson,
		},

		{Method: "GET", Pattern: prefix + "/initiatives/{id}/roles", OperationID: "listInitiativeRoles", Tag: "people",
			Summary: "Who has which role in an initiative (emails only for its backbone staff); the people of its " +
				"active member organizations take part as members without one",
			Status: 200, Response: "InitiativeRoleList", Problems: read, handle: (*handler).listInitiativeRoles},
		{
			Method:      "PUT",
			Pattern:     prefix + "/initiatives/{id}/roles/{person}",
			OperationID: "grantInitiativeRole",
			Tag:         "people",
			Summary: "Give someone with an account a role in an initiative, or another role (backbone staff); " +
				"it takes effect at their next request",
			Request:  "InitiativeRoleInput",
			Status:   200,
			Response: "InitiativeRole",
			Problems: write,
			handle:   (*handler).grantInitiativeRole,
		},
		{
			Method:      "DELETE",
			Pattern:     prefix + "/initiatives/{id}/roles/{person}",
			OperationID: "revokeInitiativeRole",
			Tag:         "people",
			Summary:     "Take away someone's role in an initiative (backbone staff); its last backbone staff stays (409)",
			Status:      204,
			Problems:    []int{401, 403, 404, 409},
			handle:      (*handler).revokeInitiativeRole,
		},
	}
}

// userAccount is how the API shows a person to platform admins.
type userAccount struct {
	ID            int64            `json:"id"`
	Email         string           `json:"email"`
	Name          string           `json:"name"`
	Role          string           `json:"role"`
	Disabled      bool             `json:"disabled"`
	DisabledAt    *time.Time       `json:"disabled_at"`
	LastLoginAt   *time.Time       `json:"last_login_at"`
	CreatedAt     time.Time        `json:"created_at"`
	Organizations []userMembership `json:"organizations"`
	// MustChangePassword says the person holds a temporary password.
	MustChangePassword bool `json:"must_change_password"`
	// InitiativeRoles are given for one person, not in the list.
	InitiativeRoles *[]account.InitiativeRoleOf `json:"initiative_roles,omitempty"`
}

// userMembership is an organization a person works for, and their role.
type userMembership struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	Role             string `json:"role"`
}

func userAccountOf(p account.Person) userAccount {
	out := userAccount{ID: p.ID, Email: p.Email, Name: p.Name, Role: p.Role, Disabled: p.Disabled(),
		DisabledAt: p.DisabledAt, LastLoginAt: p.LastLoginAt, CreatedAt: p.CreatedAt, Organizations: []userMembership{},
		MustChangePassword: p.MustChangePassword}
	for _, m := range p.Memberships {
		out.Organizations = append(out.Organizations, userMembership{OrganizationID: m.OrganizationID,
			OrganizationName: m.OrganizationName, Role: m.Role})
	}
	return out
}

func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) error {
	people, err := h.Accounts.People(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	out := make([]userAccount, 0, len(people))
	for _, p := range people {
		out = append(out, userAccountOf(p))
	}
	h.writeJSON(w, r, http.StatusOK, list(out))
	return nil
}

func (h *handler) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := h.personID(r)
	if err != nil {
		return err
	}
	return h.writeUser(w, r, id)
}

// writeUser answers with one person as platform admins see them.
func (h *handler) writeUser(w http.ResponseWriter, r *http.Request, id int64) error {
	p, err := h.person(r, id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// person reads one person as platform admins see them, with their roles in
// initiatives.
func (h *handler) person(r *http.Request, id int64) (userAccount, error) {
	p, err := h.Accounts.PersonByID(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return userAccount{}, err
	}
	out := userAccountOf(*p)
	roles, err := h.Accounts.InitiativeRolesOf(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return userAccount{}, err
	}
	out.InitiativeRoles = &roles
	return out, nil
}

// userPatch is the body of PATCH /users/{person}.
type userPatch struct {
	Name     *string `json:"name"`
	Email    *string `json:"email"`
	Role     *string `json:"role"`
	Disabled *bool   `json:"disabled"`
}

func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) error {
	var body userPatch
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	id, err := h.personID(r)
	if err != nil {
		return err
	}
	change := account.UserChange{Name: body.Name, Email: body.Email, Role: body.Role, Disabled: body.Disabled}
	if _, err := h.Accounts.ChangeUser(r.Context(), httpx.Actor(r), id, change); err != nil {
		return err
	}
	return h.writeUser(w, r, id)
}

// personID reads the {person} of the path, a number or an email, as a
// user's number; 0 when the email is nobody's, which the domain finds
// after its check, so that a caller who may not read people cannot learn
// who has an account.
func (h *handler) personID(r *http.Request) (int64, error) {
	who := r.PathValue("person")
	if id, err := strconv.ParseInt(who, 10, 64); err == nil {
		return id, nil
	}
	u, err := h.Accounts.UserByEmail(r.Context(), who)
	if errors.Is(err, errs.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}

// personEmail reads the {person} of the path, a number or an email, as an
// email, which the domain looks up (and, when someone is being given a
// role, names as the field that is wrong when nobody has it).
func (h *handler) personEmail(r *http.Request) (string, error) {
	who := r.PathValue("person")
	id, err := strconv.ParseInt(who, 10, 64)
	if err != nil {
		return who, nil
	}
	if id <= 0 {
		return "", fmt.Errorf("person %q: %w", who, errs.ErrNotFound)
	}
	u, err := h.Accounts.UserByID(r.Context(), id)
	if err != nil {
		return "", err
	}
	return u.Email, nil
}

// roleInput is the body of PUT .../people/{person} and .../roles/{person}.
type roleInput struct {
	Role string `json:"role"`
}

func (h *handler) listOrganizationPeople(w http.ResponseWriter, r *http.Request) error {
	people, err := h.Accounts.OrganizationPeople(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(people))
	return nil
}

func (h *handler) setOrganizationRole(w http.ResponseWriter, r *http.Request) error {
	var body roleInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	email, err := h.personEmail(r)
	if err != nil {
		return err
	}
	p, err := h.Accounts.SetOrganizationRole(r.Context(), httpx.Actor(r), r.PathValue("id"), email, body.Role)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func (h *handler) removeOrganizationPerson(w http.ResponseWriter, r *http.Request) error {
	email, err := h.personEmail(r)
	if err != nil {
		return err
	}
	if err := h.Accounts.RemoveFromOrganization(r.Context(), httpx.Actor(r), r.PathValue("id"), email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) listInitiativeRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	roles, err := h.Initiatives.Roles(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(roles))
	return nil
}

func (h *handler) grantInitiativeRole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body roleInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	email, err := h.personEmail(r)
	if err != nil {
		return err
	}
	holder, err := h.Initiatives.GrantRole(r.Context(), httpx.Actor(r), id, email, body.Role)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, holder)
	return nil
}

func (h *handler) revokeInitiativeRole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	email, err := h.personEmail(r)
	if err != nil {
		return err
	}
	if err := h.Initiatives.RevokeRole(r.Context(), httpx.Actor(r), id, email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
