package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// Spare rows the forms offer, so that lists grow without JavaScript.
const (
	sparePhoneRows = 3 // phone rows at least; one blank beyond the phones there are
	spareHourRows  = 2 // "more hours" rows for a day with a second opening (split hours)
	maxFormRows    = 30
)

var dayNames = map[string]string{"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}

// hourRow is one row of the hours table: a weekday's row (Fixed) or a
// spare row whose day is chosen from a list.
type hourRow struct {
	Index  int // its place in the input's schedules, which names its messages
	Day    string
	Name   string
	Fixed  bool
	Opens  string
	Closes string
}

// serviceFormData is the add/edit form of a service: the values as typed,
// the choices to pick from, and a message per field.
type serviceFormData struct {
	Org             *directory.Organization
	Service         *directory.ServiceProfile // nil when adding
	Input           directory.ServiceInput
	MinAge, MaxAge  string
	Phones          []directory.PhoneInput
	Hours           []hourRow
	Weekdays        []string
	DayNames        map[string]string
	OtherLanguages  string
	Areas           string
	CommonLanguages []string
	// Terms are the categories to pick from, by taxonomy; Chosen names
	// those the service is filed under (as typed, on a form sent again).
	Terms      []group[directory.TermRef]
	Chosen     []string
	Locations  []directory.Location
	Statuses   []string
	PhoneTypes []string
	Errors     map[string]string
	Problem    string
}

// CommonChecked reports whether a common language is among the input's.
func (d serviceFormData) CommonChecked(lang string) bool {
	return slices.ContainsFunc(d.Input.Languages, func(l string) bool { return strings.EqualFold(l, lang) })
}

// fill sets the form's rows and text from the input.
func (d *serviceFormData) fill() {
	d.Weekdays, d.DayNames, d.Statuses, d.PhoneTypes = directory.Weekdays, dayNames, directory.ServiceStatuses, directory.PhoneTypes
	d.CommonLanguages = directory.CommonLanguages
	var other []string
	for _, l := range d.Input.Languages {
		if !slices.ContainsFunc(directory.CommonLanguages, func(c string) bool { return strings.EqualFold(c, l) }) {
			other = append(other, l)
		}
	}
	if d.OtherLanguages == "" {
		d.OtherLanguages = strings.Join(other, ", ")
	}
	if d.Areas == "" {
		d.Areas = strings.Join(d.Input.ServiceAreas, "\n")
	}
	d.Phones = padPhones(d.Input.Phones)
}

// padPhones adds blank rows to a list of phones for a form. Blank rows at
// the end (as posted) are dropped first, so the table does not grow each
// time the form is shown again; those in between stay, as the messages name
// rows by their place.
func padPhones(phones []directory.PhoneInput) []directory.PhoneInput {
	for len(phones) > 0 && strings.TrimSpace(phones[len(phones)-1].Number+phones[len(phones)-1].Extension+
		phones[len(phones)-1].Type+phones[len(phones)-1].Description) == "" {
		phones = phones[:len(phones)-1]
	}
	out := append([]directory.PhoneInput{}, phones...)
	for len(out) < sparePhoneRows || len(out) < len(phones)+1 {
		out = append(out, directory.PhoneInput{})
	}
	return out
}

// hourRows lays a service's schedules out as one row per weekday and spare
// rows for the openings a weekday row cannot hold.
func hourRows(schedules []directory.ScheduleInput) []hourRow {
	rows := make([]hourRow, len(directory.Weekdays))
	for i, code := range directory.Weekdays {
		rows[i] = hourRow{Index: i, Day: code, Name: dayNames[code], Fixed: true}
	}
	for _, s := range schedules {
		for _, day := range s.Days {
			i := slices.Index(directory.Weekdays, day)
			if i >= 0 && rows[i].Opens == "" && rows[i].Closes == "" {
				rows[i].Opens, rows[i].Closes = s.OpensAt, s.ClosesAt
				continue
			}
			rows = append(rows, hourRow{Index: len(rows), Day: day, Opens: s.OpensAt, Closes: s.ClosesAt})
		}
	}
	for range spareHourRows {
		rows = append(rows, hourRow{Index: len(rows)})
	}
	return rows
}

// parseServiceForm reads the form into an input, keeping what was typed
// even when it is not valid, and returns the messages of every field.
func parseServiceForm(r *http.Request) (serviceFormData, map[string]string) {
	f := func(name string) string { return r.PostFormValue(name) }
	in := directory.ServiceInput{
		Name: f("name"), AlternateName: f("alternate_name"), Description: f("description"), URL: f("url"), Email: f("email"),
		Status: f("status"), InterpretationServices: f("interpretation_services"), ApplicationProcess: f("application_process"),
		FeesDescription: f("fees_description"), WaitTime: f("wait_time"), EligibilityDescription: f("eligibility_description"),
		TaxonomyTermIDs: r.PostForm["taxonomy_term_ids"], LocationIDs: r.PostForm["location_ids"],
	}
	d := serviceFormData{MinAge: strings.TrimSpace(f("minimum_age")), MaxAge: strings.TrimSpace(f("maximum_age")),
		OtherLanguages: f("other_languages"), Areas: f("service_areas")}
	in.Languages = append(append([]string{}, r.PostForm["languages"]...), strings.Split(d.OtherLanguages, ",")...)
	in.ServiceAreas = strings.Split(d.Areas, "\n")
	in.Phones = parsePhoneRows(r)
	for i := 0; i < maxFormRows && (i < len(directory.Weekdays) || r.PostForm.Has("day_"+strconv.Itoa(i))); i++ {
		n := strconv.Itoa(i)
		day := f("day_" + n)
		if i < len(directory.Weekdays) {
			day = directory.Weekdays[i]
		}
		row := directory.ScheduleInput{OpensAt: f("opens_" + n), ClosesAt: f("closes_" + n)}
		// A weekday row with no times is a closed day, not a row to check.
		if day != "" && (i >= len(directory.Weekdays) || strings.TrimSpace(row.OpensAt+row.ClosesAt) != "") {
			row.Days = []string{day}
		}
		in.Schedules = append(in.Schedules, row)
	}
	problems := map[string]string{}
	var err error
	if in.MinimumAge, err = parseAge(d.MinAge); err != nil {
		problems["minimum_age"] = err.Error()
	}
	if in.MaximumAge, err = parseAge(d.MaxAge); err != nil {
		problems["maximum_age"] = err.Error()
	}
	hours := hourRows(nil)[:len(directory.Weekdays)]
	for i, s := range in.Schedules {
		if i < len(hours) {
			hours[i].Opens, hours[i].Closes = s.OpensAt, s.ClosesAt
			continue
		}
		hours = append(hours, hourRow{Index: i, Day: f("day_" + strconv.Itoa(i)), Opens: s.OpensAt, Closes: s.ClosesAt})
	}
	checked := in
	checked.Phones = append([]directory.PhoneInput{}, in.Phones...)
	checked.Schedules = append([]directory.ScheduleInput{}, in.Schedules...)
	addProblems(problems, checked.Normalize())
	d.Input = in
	d.fill()
	d.Hours = hours
	return d, problems
}

func parseAge(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, errors.New("must be a number of years, such as 18")
	}
	return &n, nil
}

func ageString(a *float64) string {
	if a == nil {
		return ""
	}
	return strconv.FormatFloat(*a, 'f', -1, 64)
}

// serviceChoices loads what the form offers: the organization's locations
// and the taxonomy terms (with the service's own, even if rarely used).
func (h *handler) serviceChoices(r *http.Request, d *serviceFormData) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	var err error
	if d.Locations, err = h.Directory.LocationsOf(ctx, actor, d.Org.ID); err != nil {
		return err
	}
	terms, err := h.Directory.TaxonomyTerms(ctx, actor, maxFormTerms)
	if err != nil {
		return err
	}
	if d.Service != nil {
		for _, t := range d.Service.TaxonomyTerms {
			if !slices.ContainsFunc(terms, func(x directory.TermRef) bool { return x.ID == t.ID }) {
				terms = append(terms, t)
			}
		}
		directory.SortTerms(terms)
	}
	for _, t := range terms {
		if slices.Contains(d.Input.TaxonomyTermIDs, t.ID) {
			d.Chosen = append(d.Chosen, t.Name)
		}
	}
	d.Terms = groupRuns(terms, func(t directory.TermRef) string { return t.Taxonomy })
	return nil
}

// maxFormTerms is how many categories the service form offers: every one
// of a directory's usual taxonomies (the demo has 390 in three), those in
// use first when there are more. The form finds them by a filter.
const maxFormTerms = 5000

func (h *handler) serviceForm(w http.ResponseWriter, r *http.Request, status int, d serviceFormData) error {
	if err := h.serviceChoices(r, &d); err != nil {
		return err
	}
	title := "Add a service to " + d.Org.Name
	if d.Service != nil {
		title = "Edit " + d.Service.Name
	}
	h.render(w, r, status, "service_form", title, "organizations", d)
	return nil
}

func (h *handler) serviceNew(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditService)
	if err != nil {
		return err
	}
	d := serviceFormData{Org: o, Input: directory.ServiceInput{Status: "active"}}
	d.fill()
	d.Hours = hourRows(nil)
	return h.serviceForm(w, r, http.StatusOK, d)
}

func (h *handler) serviceCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := h.organizationOf(r, account.EditService)
	if err != nil {
		return err
	}
	d, problems := parseServiceForm(r)
	d.Org = o
	if len(problems) > 0 {
		d.Errors = problems
		return h.serviceForm(w, r, http.StatusUnprocessableEntity, d)
	}

	sv, err := h.Directory.CreateService(r.Context(), httpx.Actor(r), o.ID, d.Input)
	if err != nil {
		return h.serviceFormProblem(w, r, err, d)
	}
	h.setFlash(w, r, "success", sv.Name+" was added to "+o.Name+".")
	redirect(w, r, "/services/"+sv.ID)
	return nil
}

// editableService loads the service in the path and its organization for
// someone who may change it (the domain decides, account.EditService).
func (h *handler) editableService(r *http.Request) (*directory.ServiceProfile, *directory.Organization, error) {
	ctx, actor := r.Context(), httpx.Actor(r)
	sv, err := h.Directory.ServiceFor(ctx, actor, account.EditService, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	o, err := h.Directory.ViewOrganization(ctx, actor, sv.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	return sv, o, nil
}

func (h *handler) serviceEdit(w http.ResponseWriter, r *http.Request) error {
	sv, o, err := h.editableService(r)
	if err != nil {
		return err
	}
	d := serviceFormData{Org: o, Service: sv, Input: sv.ServiceInput, MinAge: ageString(sv.MinimumAge), MaxAge: ageString(sv.MaximumAge)}
	d.fill()
	d.Hours = hourRows(sv.Schedules)
	return h.serviceForm(w, r, http.StatusOK, d)
}

func (h *handler) serviceSave(w http.ResponseWriter, r *http.Request) error {
	sv, o, err := h.editableService(r)
	if err != nil {
		return err
	}
	d, problems := parseServiceForm(r)
	d.Org, d.Service = o, sv
	if len(problems) > 0 {
		d.Errors = problems
		return h.serviceForm(w, r, http.StatusUnprocessableEntity, d)
	}

	saved, err := h.Directory.UpdateService(r.Context(), httpx.Actor(r), sv.ID, d.Input)
	if err != nil {
		return h.serviceFormProblem(w, r, err, d)
	}
	h.setFlash(w, r, "success", "Your changes to "+saved.Name+" were saved.")
	redirect(w, r, "/services/"+saved.ID)
	return nil
}

// serviceFormProblem shows the form again when err is about the input;
// any other error is the page's.
func (h *handler) serviceFormProblem(w http.ResponseWriter, r *http.Request, err error, d serviceFormData) error {
	return formProblem(err, func(status int, fields map[string]string, problem string) error {
		d.Errors, d.Problem = fields, problem
		return h.serviceForm(w, r, status, d)
	})
}

// formProblem shows a form again through again when err is about the
// input (invalid fields, a clash); any other error is the page's.
func formProblem(err error, again func(status int, fields map[string]string, problem string) error) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return again(http.StatusUnprocessableEntity, v.Fields, "")
	case errors.As(err, &c):
		return again(http.StatusConflict, nil, c.Message)
	}
	return err
}

// serviceViewData is a service's own page.
type serviceViewData struct {
	Service *directory.ServiceProfile
	CanEdit bool
	// Terms are the service's taxonomy terms by taxonomy (its categories,
	// an import's keywords, its accepted payments), each shown apart.
	Terms []group[directory.TermRef]
	// LocationHours and LocationPhones say whether a location lists hours
	// or phones (shown with it), for a service that lists none of its own.
	LocationHours, LocationPhones bool
	// MergedInto is the service a steward merged this one into, if any.
	MergedInto *directory.ServiceOfOrganization
}

// group is the items of one group (Label: a taxonomy), in their order.
type group[T any] struct {
	Label string
	Items []T
}

// groupRuns groups items, sorted by key, by their key.
func groupRuns[T any](items []T, key func(T) string) []group[T] {
	var out []group[T]
	for _, it := range items {
		if n := len(out); n == 0 || out[n-1].Label != key(it) {
			out = append(out, group[T]{Label: key(it)})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

func (h *handler) serviceView(w http.ResponseWriter, r *http.Request) error {
	sv, err := h.Directory.Service(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := serviceViewData{Service: sv, Terms: groupRuns(sv.TaxonomyTerms, func(t directory.TermRef) string { return t.Taxonomy })}
	for _, l := range sv.Locations {
		d.LocationHours = d.LocationHours || len(l.Hours) > 0
		d.LocationPhones = d.LocationPhones || len(l.Phones) > 0
	}
	if d.CanEdit, err = h.may(r, account.EditService, account.Org(sv.OrganizationID)); err != nil {
		return err
	}
	if sv.Status == "defunct" {
		if d.MergedInto, err = h.Directory.ServiceMergedInto(r.Context(), httpx.Actor(r), sv.ID); err != nil {
			return err
		}
	}
	h.render(w, r, http.StatusOK, "service_view", sv.Name, "organizations", d)
	return nil
}
