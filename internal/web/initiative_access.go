package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// accessData is an initiative's access page: who has which role, the
// member organizations whose people take part without one, and (for its
// backbone staff) the forms that give and take away roles.
type accessData struct {
	Initiative *initiative.Initiative
	Roles      []initiative.RoleHolder
	Members    []initiative.Member // active member organizations
	CanEdit    bool
	RoleNames  []string
	// Form names the form the problem belongs to: "grant", or the email of
	// the row whose change was refused; Input keeps what was typed in the
	// grant form.
	Form    string
	Errors  map[string]string
	Problem string
	Input   accessInput
}

type accessInput struct {
	Email string
	Role  string
}

// accessPage shows who has which role in the initiative, to everyone who
// may see it.
func (h *handler) accessPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := &accessData{Initiative: in, Input: accessInput{Role: account.InitiativeViewer}}
	return h.showAccess(w, r, http.StatusOK, d)
}

func (h *handler) showAccess(w http.ResponseWriter, r *http.Request, status int, d *accessData) error {
	ctx, id := r.Context(), d.Initiative.ID
	var err error
	if d.Roles, err = h.Initiatives.Roles(ctx, httpx.Actor(r), id); err != nil {
		return err
	}
	ms, err := h.Initiatives.Members(ctx, id)
	if err != nil {
		return err
	}
	d.Members = membersIn(ms, "active")
	if d.CanEdit, err = h.may(r, account.GrantInitiativeRole, account.Initiative(id)); err != nil {
		return err
	}
	d.RoleNames = initiative.InitiativeRoles
	h.render(w, r, status, "initiative_access", "Access · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// accessGrant gives someone a role, or another role: the grant form and
// each row's form. A partner lead who works for no member organization is
// given the role, with a warning.
func (h *handler) accessGrant(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	typed := accessInput{Email: strings.TrimSpace(r.PostFormValue("email")), Role: r.PostFormValue("role")}
	form := "grant"
	if r.PostFormValue("row") != "" {
		form = typed.Email
	}
	holder, err := h.Initiatives.GrantRole(r.Context(), httpx.Actor(r), in.ID, typed.Email, typed.Role)
	if err != nil {
		return h.accessProblem(w, r, err, &accessData{Initiative: in, Form: form, Input: typed})
	}
	role := strings.ReplaceAll(holder.Role, "_", " ")
	if holder.LeadsForNobody() {
		h.setFlash(w, r, "info", fmt.Sprintf("%s is now a partner lead of %s. Note: %s works for no active member "+
			"organization, so they have nobody to act for; a partner lead is normally someone from a member.",
			holder.Name, in.Name, holder.Name))
	} else {
		h.setFlash(w, r, "success", fmt.Sprintf("%s now has the %s role in %s.", holder.Name, role, in.Name))
	}
	redirect(w, r, initiativePath(in.ID, fmt.Sprintf("/access#role-%d", holder.UserID)))
	return nil
}

// accessRevoke takes someone's role away.
func (h *handler) accessRevoke(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	email := r.PostFormValue("email")
	if err := h.Initiatives.RevokeRole(r.Context(), httpx.Actor(r), in.ID, email); err != nil {
		d := &accessData{Initiative: in, Form: email, Input: accessInput{Role: account.InitiativeViewer}}
		return h.accessProblem(w, r, err, d)
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s no longer has a role in %s.", email, in.Name))
	redirect(w, r, initiativePath(in.ID, "/access"))
	return nil
}

// accessProblem shows the page again with the form's problem: field
// messages, or why the change clashes (the last backbone staff). Anything
// else is the error page.
func (h *handler) accessProblem(w http.ResponseWriter, r *http.Request, err error, d *accessData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		if d.Form != "grant" {
			d.Problem = "Role " + v.Fields["role"]
		}
		return h.showAccess(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.showAccess(w, r, http.StatusConflict, d)
	}
	return err
}
