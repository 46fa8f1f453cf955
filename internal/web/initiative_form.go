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
	TimeZones     []string // suggested for the time zone field
	InstanceZone  string   // the instance's time zone, used when the field is empty
}

// commonTimeZones are the time zones the form suggests; any IANA name is
// accepted.
var commonTimeZones = []string{
	"America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago", "America/New_York",
	"America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "America/Toronto", "America/Vancouver",
	"America/Mexico_City", "America/Sao_Paulo", "Europe/London", "Europe/Dublin", "Europe/Berlin", "Europe/Paris",
	"Europe/Madrid", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
	"Australia/Sydney", "Pacific/Auckland", "UTC",
}

func parseInitiativeForm(r *http.Request) initiative.Input {
	return initiative.Input{
		Name: r.PostFormValue("name"), ProblemStatement: r.PostFormValue("problem_statement"),
		Vision: r.PostFormValue("vision"), CommonAgenda: r.PostFormValue("common_agenda"),
		Geography: r.PostFormValue("geography"), BackboneOrganizationID: r.PostFormValue("backbone_organization_id"),
		Status: r.PostFormValue("status"), IsPublic: r.PostFormValue("is_public") == "on",
		TimeZone: r.PostFormValue("time_zone"),
	}
}

// initiativeForm shows the form to start or edit an initiative, with the
// directory's organizations to pick the backbone organization from.
func (h *handler) initiativeForm(w http.ResponseWriter, r *http.Request, status int, d initiativeFormData) error {
	orgs, err := h.Directory.ListOrganizations(r.Context(), directory.OrganizationFilter{Limit: directory.MaxPageSize})
	if err != nil {
		return err
	}
	d.Organizations, d.Statuses = orgs.Items, initiative.Statuses
	d.TimeZones, d.InstanceZone = commonTimeZones, h.TimeZone.String()
	title := "Start an initiative"
	if d.Initiative != nil {
		title = "Edit " + d.Initiative.Name
	}
	h.render(w, r, status, "initiative_form", title, "initiatives", d)
	return nil
}

// initiativeFormProblem shows the form again with what is wrong in it; any
// other error is the page's.
func (h *handler) initiativeFormProblem(w http.ResponseWriter, r *http.Request, err error, d initiativeFormData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
	case errors.As(err, &c):
		field := c.Field
		if field == "" {
			field = "name"
		}
		d.Errors = map[string]string{field: c.Message}
	default:
		return err
	}
	return h.initiativeForm(w, r, http.StatusUnprocessableEntity, d)
}

func (h *handler) initiativeNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.offer(r, account.CreateInitiative, account.Platform); err != nil {
		return err
	}
	return h.initiativeForm(w, r, http.StatusOK, initiativeFormData{Input: initiative.Input{Status: "forming"}})
}

// initiativeCreate starts an initiative; the domain makes the person who
// starts it its backbone staff.
func (h *handler) initiativeCreate(w http.ResponseWriter, r *http.Request) error {
	in := parseInitiativeForm(r)
	created, err := h.Initiatives.Create(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return h.initiativeFormProblem(w, r, err, initiativeFormData{Input: in})
	}
	h.setFlash(w, r, "success", created.Name+" was started. You are its backbone staff.")
	redirect(w, r, "/initiatives/"+itoa(created.ID))
	return nil
}

func (h *handler) initiativeEdit(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offer(r, account.EditInitiative, account.Initiative(in.ID)); err != nil {
		return err
	}
	return h.initiativeForm(w, r, http.StatusOK, initiativeFormData{Initiative: in, Input: initiative.InputOf(in)})
}

func (h *handler) initiativeSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := parseInitiativeForm(r)
	saved, err := h.Initiatives.Update(r.Context(), httpx.Actor(r), in.ID, input)
	if err != nil {
		return h.initiativeFormProblem(w, r, err, initiativeFormData{Initiative: in, Input: input})
	}
	h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
	redirect(w, r, "/initiatives/"+itoa(saved.ID))
	return nil
}
