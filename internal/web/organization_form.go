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
func parseOrganizationForm(
	r *http.Request,
	now time.Time,
) (directory.OrganizationInput, string, int, map[string]string) {
	in := directory.OrganizationInput{
		Name: r.PostFormValue("name"), AlternateName: r.PostFormValue("alternate_name"),
		Description: r.PostFormValue("description"), Mission: r.PostFormValue("mission"),
		Email: r.PostFormValue("email"), Website: r.PostFormValue("website"),
		TaxStatus: r.PostFormValue("tax_status"), TaxID: r.PostFormValue("tax_id"),
		LegalStatus: r.PostFormValue("legal_status"), Sectors: r.PostForm["sectors"],
		ParentOrganizationID: r.PostFormValue("parent_organization_id"),
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

func (h *handler) organizationNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.offerCreate(r); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "organization_form", "Add an organization", "organizations",
		organizationFormData{Sectors: directory.Sectors})
	return nil
}

func (h *handler) organizationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.offerCreate(r); err != nil {
		return err
	}
	in, year, _, problems := parseOrganizationForm(r, h.now())
	d := organizationFormData{Input: in, Year: year, Sectors: directory.Sectors}
	if len(problems) > 0 {
		d.Errors = problems
		h.formAgain(w, r, d, "Add an organization")
		return nil
	}

	o, err := h.Directory.CreateOrganization(r.Context(), httpx.Actor(r), "", in)
	if err != nil {
		return h.formProblem(w, r, err, d, "Add an organization")
	}
	h.setFlash(w, r, "success", o.Name+" was added to the directory.")
	redirect(w, r, "/organizations/"+o.ID)
	return nil
}

// offerCreate returns nil when the form to add an organization may be shown
// (account.CreateOrganization), and otherwise the error the page answers
// with; CreateOrganization checks again when it adds one.
func (h *handler) offerCreate(r *http.Request) error {
	return h.Accounts.Check(r.Context(), httpx.Actor(r), account.CreateOrganization, account.Platform)
}

// organizationOf loads the organization in the path for someone who may
// take action a on it (the domain decides), for a form to do so.
func (h *handler) organizationOf(r *http.Request, a account.Action) (*directory.Organization, error) {
	return h.Directory.OrganizationFor(r.Context(), httpx.Actor(r), a, r.PathValue("id"))
}

func (h *handler) organizationEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditOrganization)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "organization_form", "Edit "+o.Name, "organizations", organizationFormData{
		Org: o, Input: directory.InputOf(o), Year: yearString(o.YearIncorporated), Version: o.Version, Sectors: directory.Sectors})
	return nil
}

func (h *handler) organizationSave(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditOrganization)
	if err != nil {
		return err
	}
	in, year, version, problems := parseOrganizationForm(r, h.now())
	d := organizationFormData{Org: o, Input: in, Year: year, Version: version, Sectors: directory.Sectors}
	if len(problems) > 0 {
		d.Errors = problems
		h.formAgain(w, r, d, "Edit "+o.Name)
		return nil
	}

	saved, err := h.Directory.UpdateOrganization(r.Context(), httpx.Actor(r), o.ID, version, in)
	if err != nil {
		return h.formProblem(w, r, err, d, "Edit "+o.Name)
	}
	h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
	redirect(w, r, "/organizations/"+saved.ID)
	return nil
}

// formProblem shows the form again when err is about the input (invalid
// fields or a clash); any other error is the page's.
func (h *handler) formProblem(w http.ResponseWriter, r *http.Request, err error, d organizationFormData,
	title string) error {
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
		return nil
	default:
		return err
	}
	h.formAgain(w, r, d, title)
	return nil
}

func (h *handler) formAgain(w http.ResponseWriter, r *http.Request, d organizationFormData, title string) {
	h.render(w, r, http.StatusUnprocessableEntity, "organization_form", title, "organizations", d)
}

func (h *handler) organizationArchive(w http.ResponseWriter, r *http.Request) error {
	return h.setArchived(w, r, true)
}

func (h *handler) organizationRestore(w http.ResponseWriter, r *http.Request) error {
	return h.setArchived(w, r, false)
}

func (h *handler) setArchived(w http.ResponseWriter, r *http.Request, archived bool) error {
	o, err := h.Directory.SetArchived(r.Context(), httpx.Actor(r), r.PathValue("id"), archived)
	if err != nil {
		return err
	}
	msg := o.Name + " was archived. It no longer appears in the directory; you can restore it from here."
	if !archived {
		msg = o.Name + " was restored to the directory."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/organizations/"+o.ID)
	return nil
}
