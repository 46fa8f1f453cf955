package api

import (
	"fmt"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
)

// peopleAdminRoutes are what platform admins do to people beyond their
// roles: add them, give them a temporary password, and the instance's
// settings. An organization's people and roles in an initiative are
// changed with peopleRoutes' PUT and DELETE.
func (h *handler) peopleAdminRoutes() []route {
	write := []int{400, 401, 403, 404, 409, 413, 415, 422}
	return []route{
		{Method: "POST", Pattern: prefix + "/users", OperationID: "createUser", Tag: "people",
			Summary: "Add a person, optionally working for an organization (platform admins). With " +
				"must_change_password (the default) the password is temporary: Backbone makes one up when none is " +
				"given, answers with it once, and the person chooses their own at their first sign-in",
			Request: "UserCreate", Status: 201, Response: "UserCreated", Headers: []string{"Location"}, Problems: write,
			handle: (*handler).createUser},
		{Method: "POST", Pattern: prefix + "/users/{person}/temporary-password", OperationID: "setTemporaryPassword",
			Tag: "people",
			Summary: "Give a person a temporary password, the one sent or one Backbone makes up (platform admins); " +
				"their sessions end and they choose their own at their next sign-in",
			Request: "TemporaryPasswordInput", Status: 200, Response: "TemporaryPassword", Problems: write,
			handle: (*handler).setTemporaryPassword},
		{Method: "GET", Pattern: prefix + "/settings", OperationID: "getSettings", Tag: "people",
			Summary: "The instance's settings: who may start an initiative (platform admins)",
			Status:  200, Response: "Settings", Problems: []int{401, 403}, handle: (*handler).getSettings},
		{Method: "PUT", Pattern: prefix + "/settings", OperationID: "putSettings", Tag: "people",
			Summary: "Change the instance's settings (platform admins)",
			Request: "Settings", Status: 200, Response: "Settings", Problems: []int{400, 401, 403, 413, 415, 422},
			handle: (*handler).putSettings},
	}
}

// userCreate is the body of POST /users.
type userCreate struct {
	Name               string `json:"name"`
	Email              string `json:"email"`
	Role               string `json:"role"`
	Password           string `json:"password"`
	MustChangePassword *bool  `json:"must_change_password"`
	OrganizationID     string `json:"organization_id"`
	OrganizationRole   string `json:"organization_role"`
}

// userCreated is a person just added, with their temporary password.
type userCreated struct {
	userAccount
	TemporaryPassword string `json:"temporary_password,omitempty"`
}

func (h *handler) createUser(w http.ResponseWriter, r *http.Request) error {
	var body userCreate
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	in := account.NewUser{Name: body.Name, Email: body.Email, Role: body.Role, Password: body.Password,
		OrganizationID: body.OrganizationID, OrganizationRole: body.OrganizationRole, MustChangePassword: true}
	if body.MustChangePassword != nil {
		in.MustChangePassword = *body.MustChangePassword
	}
	if in.MustChangePassword && in.Password == "" {
		in.Password = account.NewTemporaryPassword()
	}
	u, err := h.Accounts.CreateUser(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	p, err := h.person(r, u.ID)
	if err != nil {
		return err
	}
	out := userCreated{userAccount: p}
	if in.MustChangePassword {
		out.TemporaryPassword = in.Password
	}
	w.Header().Set("Location", fmt.Sprintf("%s/users/%d", prefix, u.ID))
	h.writeJSON(w, r, http.StatusCreated, out)
	return nil
}

// temporaryPassword is the body of POST /users/{person}/temporary-password
// and its answer.
type temporaryPassword struct {
	Password string `json:"temporary_password"`
}

func (h *handler) setTemporaryPassword(w http.ResponseWriter, r *http.Request) error {
	var body temporaryPassword
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	id, err := h.personID(r)
	if err != nil {
		return err
	}
	password, err := h.Accounts.SetTemporaryPassword(r.Context(), httpx.Actor(r), id, body.Password)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, temporaryPassword{Password: password})
	return nil
}

func (h *handler) getSettings(w http.ResponseWriter, r *http.Request) error {
	s, err := h.Accounts.Settings(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, s)
	return nil
}

func (h *handler) putSettings(w http.ResponseWriter, r *http.Request) error {
	var body account.Settings
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	s, err := h.Accounts.SaveSettings(r.Context(), httpx.Actor(r), body)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, s)
	return nil
}
