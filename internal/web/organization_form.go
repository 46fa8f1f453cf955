package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// organizationFormData is the add/edit form: the values as typed, and a
// message per field when something is not right.
type organizationFormData struct {
	Org     *directory.Organization // nil when adding
	Input   directory.OrganizationInput
	Year    string
	Version int
	Errors  map[string]string
	Problem string // a message for the whole form, e.g. an edit clash
	Sectors []string
}

// parseOrganizationForm reads the form fields into an input, keeping what
// was typed even when it is not valid, so the form can show it again.
func parseOrganizationForm(r *http.Request, now time.Time) (directory.OrganizationInput, string, int, map[string]string) {
	in := directory.OrganizationInput{
		Name: r.PostFormValue("name"), AlternateName: r.PostFormValue("alternate_name"),
		Description: r.PostFormValue("description"), Mission: r.PostFormValue("mission"),
		Email: r.PostFormValue("email"), Website: r.PostFormValue("website"),
		TaxStatus: r.PostFormValue("tax_status"), TaxID: r.PostFormValue("tax_id"),
		LegalStatus: r.PostFormValue("legal_status"), Sectors: r.PostForm["sectors"],
	}
	year := strings.TrimSpace(r.PostFormValue("year_incorporated"))
	y, yearErr := directory.ParseYear(year)
	in.YearIncorporated = y
	// Check the rest too, so that every mistake is shown at once.
	problems := map[string]string{}
	var v *errs.ValidationError
	if err := in.Normalize(now); errors.As(err, &v) {
		problems = v.Fields
	}
	if yearErr != nil {
		problems["year_incorporated"] = yearErr.Error()
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	return in, year, version, problems
}

func yearString(y *int) string {
	if y == nil {
		return ""
	}
	return strconv.Itoa(*y)
}

func (h *handler) organizationNew(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.CreateOrganization, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "organization_form", "Add an organization", "organizations",
		organizationFormData{Sectors: directory.Sectors})
}

func (h *handler) organizationCreate(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.CreateOrganization, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	in, year, _, problems := parseOrganizationForm(r, h.now())
	d := organizationFormData{Input: in, Year: year, Sectors: directory.Sectors}
	if len(problems) > 0 {
		d.Errors = problems
		h.formAgain(w, r, d, "Add an organization")
		return
	}
	o, err := h.Directory.CreateOrganization(r.Context(), httpx.Actor(r), "", in)
	if err != nil {
		if h.formProblem(w, r, err, d, "Add an organization") {
			return
		}
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", o.Name+" was added to the directory.")
	redirect(w, r, "/organizations/"+o.ID)
}

// editable loads the organization in the path if the user may edit it, and
// otherwise answers the request and returns nil.
func (h *handler) editable(w http.ResponseWriter, r *http.Request) *directory.Organization {
	return h.organizationFor(w, r, account.EditOrganization)
}

// organizationFor loads the organization in the path if the user may take
// action a on it, and otherwise answers the request and returns nil.
func (h *handler) organizationFor(w http.ResponseWriter, r *http.Request, a account.Action) *directory.Organization {
	id := r.PathValue("id")
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), a, account.Org(id)); err != nil {
		h.fail(w, r, err)
		return nil
	}
	o, err := h.Directory.Organization(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return o
}

func (h *handler) organizationEdit(w http.ResponseWriter, r *http.Request) {
	o := h.editable(w, r)
	if o == nil {
		return
	}
	h.render(w, r, http.StatusOK, "organization_form", "Edit "+o.Name, "organizations", organizationFormData{
		Org: o, Input: directory.InputOf(o), Year: yearString(o.YearIncorporated), Version: o.Version, Sectors: directory.Sectors})
}

func (h *handler) organizationSave(w http.ResponseWriter, r *http.Request) {
	o := h.editable(w, r)
	if o == nil {
		return
	}
	in, year, version, problems := parseOrganizationForm(r, h.now())
	d := organizationFormData{Org: o, Input: in, Year: year, Version: version, Sectors: directory.Sectors}
	if len(problems) > 0 {
		d.Errors = problems
		h.formAgain(w, r, d, "Edit "+o.Name)
		return
	}
	saved, err := h.Directory.UpdateOrganization(r.Context(), httpx.Actor(r), o.ID, version, in)
	if err != nil {
		if h.formProblem(w, r, err, d, "Edit "+o.Name) {
			return
		}
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
	redirect(w, r, "/organizations/"+saved.ID)
}

// formProblem shows the form again when err is about the input (invalid
// fields or a clash), and reports whether it did.
func (h *handler) formProblem(w http.ResponseWriter, r *http.Request, err error, d organizationFormData, title string) bool {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
	case errors.As(err, &c) && c.Field == "name":
		d.Errors = map[string]string{"name": c.Message}
	case errors.As(err, &c):
		d.Problem = c.Message
		h.render(w, r, http.StatusConflict, "organization_form", title, "organizations", d)
		return true
	default:
		return false
	}
	h.formAgain(w, r, d, title)
	return true
}

func (h *handler) formAgain(w http.ResponseWriter, r *http.Request, d organizationFormData, title string) {
	h.render(w, r, http.StatusUnprocessableEntity, "organization_form", title, "organizations", d)
}

func (h *handler) organizationArchive(w http.ResponseWriter, r *http.Request) {
	h.setArchived(w, r, true)
}

func (h *handler) organizationRestore(w http.ResponseWriter, r *http.Request) {
	h.setArchived(w, r, false)
}

func (h *handler) setArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ArchiveOrganization, account.Org(id)); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.Directory.SetArchived(r.Context(), httpx.Actor(r), id, archived)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	msg := o.Name + " was archived. It no longer appears in the directory; you can restore it from here."
	if !archived {
		msg = o.Name + " was restored to the directory."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/organizations/"+o.ID)
}
