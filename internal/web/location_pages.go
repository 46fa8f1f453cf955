package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// locationFormData is the add/edit form of a location.
type locationFormData struct {
	Org        *directory.Organization
	Location   *directory.LocationProfile // nil when adding
	Input      directory.LocationInput
	Lat, Lon   string
	Phones     []directory.PhoneInput
	PhoneTypes []string
	Errors     map[string]string
	Problem    string
}

// parseLocationForm reads the form into an input, keeping what was typed,
// and returns the messages of every field.
func parseLocationForm(r *http.Request) (locationFormData, map[string]string) {
	f := func(name string) string { return r.PostFormValue(name) }
	in := directory.LocationInput{Name: f("name"), Description: f("description"), Transportation: f("transportation"),
		Address: directory.AddressInput{Address1: f("address.address_1"), Address2: f("address.address_2"), City: f("address.city"),
			StateProvince: f("address.state_province"), PostalCode: f("address.postal_code"), Country: f("address.country")}}
	in.Phones = parsePhoneRows(r)
	d := locationFormData{Lat: strings.TrimSpace(f("latitude")), Lon: strings.TrimSpace(f("longitude"))}
	problems := map[string]string{}
	for _, c := range []struct {
		field, text string
		dst         **float64
	}{{"latitude", d.Lat, &in.Latitude}, {"longitude", d.Lon, &in.Longitude}} {
		if c.text == "" {
			continue
		}
		n, err := strconv.ParseFloat(c.text, 64)
		if err != nil {
			problems[c.field] = "must be a number in decimal degrees, such as 37.4852 or -122.2364"
			continue
		}
		*c.dst = &n
	}
	checked := in
	checked.Phones = append([]directory.PhoneInput{}, in.Phones...)
	addProblems(problems, checked.Normalize())
	d.Input, d.Phones, d.PhoneTypes = in, padPhones(in.Phones), directory.PhoneTypes
	return d, problems
}

// parsePhoneRows reads the rows of the phones table, blank ones included.
func parsePhoneRows(r *http.Request) []directory.PhoneInput {
	var out []directory.PhoneInput
	for i := 0; i < maxFormRows && r.PostForm.Has("phone_number_"+strconv.Itoa(i)); i++ {
		n := strconv.Itoa(i)
		out = append(out, directory.PhoneInput{Number: r.PostFormValue("phone_number_" + n), Extension: r.PostFormValue("phone_extension_" + n),
			Type: r.PostFormValue("phone_type_" + n), Description: r.PostFormValue("phone_description_" + n)})
	}
	return out
}

// addProblems adds the field messages of a validation error to problems,
// keeping the messages already there (those of the form's own parsing).
func addProblems(problems map[string]string, err error) {
	var v *errs.ValidationError
	if errors.As(err, &v) {
		for k, msg := range v.Fields {
			if _, ok := problems[k]; !ok {
				problems[k] = msg
			}
		}
	}
}

func coordString(c *float64) string {
	if c == nil {
		return ""
	}
	return strconv.FormatFloat(*c, 'f', -1, 64)
}

func (h *handler) locationForm(w http.ResponseWriter, r *http.Request, status int, d locationFormData) error {
	title := "Add a location to " + d.Org.Name
	if d.Location != nil {
		title = "Edit " + d.Location.Name
	}
	d.PhoneTypes = directory.PhoneTypes
	h.render(w, r, status, "location_form", title, "organizations", d)
	return nil
}

func (h *handler) locationNew(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditLocation)
	if err != nil {
		return err
	}
	return h.locationForm(w, r, http.StatusOK, locationFormData{Org: o, Phones: padPhones(nil)})
}

func (h *handler) locationCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditLocation)
	if err != nil {
		return err
	}
	d, problems := parseLocationForm(r)
	d.Org = o
	if len(problems) > 0 {
		d.Errors = problems
		return h.locationForm(w, r, http.StatusUnprocessableEntity, d)
	}

	l, err := h.Directory.CreateLocation(r.Context(), httpx.Actor(r), o.ID, d.Input)
	if err != nil {
		return h.locationFormProblem(w, r, err, d)
	}
	h.setFlash(w, r, "success", l.Name+" was added to "+o.Name+".")
	redirect(w, r, "/organizations/"+o.ID+"#locations")
	return nil
}

// editableLocation loads the location in the path and its organization for
// someone who may change it (the domain decides, account.EditLocation).
func (h *handler) editableLocation(r *http.Request) (*directory.LocationProfile, *directory.Organization, error) {
	ctx, actor := r.Context(), httpx.Actor(r)
	l, err := h.Directory.LocationFor(ctx, actor, account.EditLocation, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	o, err := h.Directory.ViewOrganization(ctx, actor, l.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	return l, o, nil
}

func (h *handler) locationEdit(w http.ResponseWriter, r *http.Request) error {
	l, o, err := h.editableLocation(r)
	if err != nil {
		return err
	}
	return h.locationForm(w, r, http.StatusOK, locationFormData{Org: o, Location: l, Input: l.LocationInput,
		Lat: coordString(l.Latitude), Lon: coordString(l.Longitude), Phones: padPhones(l.Phones)})
}

func (h *handler) locationSave(w http.ResponseWriter, r *http.Request) error {
	l, o, err := h.editableLocation(r)
	if err != nil {
		return err
	}
	d, problems := parseLocationForm(r)
	d.Org, d.Location = o, l
	if len(problems) > 0 {
		d.Errors = problems
		return h.locationForm(w, r, http.StatusUnprocessableEntity, d)
	}

	saved, err := h.Directory.UpdateLocation(r.Context(), httpx.Actor(r), l.ID, d.Input)
	if err != nil {
		return h.locationFormProblem(w, r, err, d)
	}
	h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
	redirect(w, r, "/organizations/"+o.ID+"#locations")
	return nil
}

// locationFormProblem shows the form again when err is about the input;
// any other error is the page's.
func (h *handler) locationFormProblem(w http.ResponseWriter, r *http.Request, err error, d locationFormData) error {
	return formProblem(err, func(status int, fields map[string]string, problem string) error {
		d.Errors, d.Problem = fields, problem
		return h.locationForm(w, r, status, d)
	})
}
