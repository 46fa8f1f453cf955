package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

type initiativeFormData struct {
	Initiative    *initiative.Initiative // nil when starting one
	Input         initiative.Input
	Errors        map[string]string
	Statuses      []string
	Organizations []*directory.Organization
}

func parseInitiativeForm(r *http.Request) initiative.Input {
	return initiative.Input{
		Name: r.PostFormValue("name"), ProblemStatement: r.PostFormValue("problem_statement"),
		Vision: r.PostFormValue("vision"), CommonAgenda: r.PostFormValue("common_agenda"),
		Geography: r.PostFormValue("geography"), BackboneOrganizationID: r.PostFormValue("backbone_organization_id"),
		Status: r.PostFormValue("status"), IsPublic: r.PostFormValue("is_public") == "on",
	}
}

// initiativeForm shows the form to start an initiative, with the directory's
// organizations to pick the backbone organization from.
func (h *handler) initiativeForm(w http.ResponseWriter, r *http.Request, status int, d initiativeFormData) {
	orgs, err := h.Directory.ListOrganizations(r.Context(), directory.OrganizationFilter{Limit: directory.MaxPageSize})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Organizations, d.Statuses = orgs.Items, initiative.Statuses
	title := "Start an initiative"
	if d.Initiative != nil {
		title = "Edit " + d.Initiative.Name
	}
	h.render(w, r, status, "initiative_form", title, "initiatives", d)
}

func (h *handler) initiativeNew(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.CreateInitiative, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	h.initiativeForm(w, r, http.StatusOK, initiativeFormData{Input: initiative.Input{Status: "forming"}})
}

func (h *handler) initiativeCreate(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r.Context())
	if err := h.Accounts.Authorize(r.Context(), u, account.CreateInitiative, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	in := parseInitiativeForm(r)
	created, err := h.Initiatives.Create(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.initiativeForm(w, r, http.StatusUnprocessableEntity, initiativeFormData{Input: in, Errors: v.Fields})
		return
	case errors.As(err, &c):
		field := c.Field
		if field == "" {
			field = "name"
		}
		h.initiativeForm(w, r, http.StatusUnprocessableEntity, initiativeFormData{Input: in, Errors: map[string]string{field: c.Message}})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	// The person who starts an initiative runs it, as its backbone staff.
	if err := h.Initiatives.SetUserRole(r.Context(), httpx.Actor(r), created.ID, u.ID, account.InitiativeBackboneStaff); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", created.Name+" was started. You are its backbone staff.")
	redirect(w, r, "/initiatives/"+itoa(created.ID))
}

func (h *handler) initiativeEdit(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	h.initiativeForm(w, r, http.StatusOK, initiativeFormData{Initiative: in, Input: initiative.InputOf(in)})
}

func (h *handler) initiativeSave(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	input := parseInitiativeForm(r)
	saved, err := h.Initiatives.Update(r.Context(), httpx.Actor(r), in.ID, input)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.initiativeForm(w, r, http.StatusUnprocessableEntity, initiativeFormData{Initiative: in, Input: input, Errors: v.Fields})
	case errors.As(err, &c):
		h.initiativeForm(w, r, http.StatusUnprocessableEntity, initiativeFormData{Initiative: in, Input: input, Errors: map[string]string{"name": c.Message}})
	case err != nil:
		h.fail(w, r, err)
	default:
		h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
		redirect(w, r, "/initiatives/"+itoa(saved.ID))
	}
}
