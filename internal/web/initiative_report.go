package web

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
)

// reportable is an indicator that one of the user's organizations reports.
type reportable struct {
	Indicator *measure.Indicator
	OrgID     string
	OrgName   string
	Period    string // the last closed period, the one usually due
}

type reportData struct {
	Initiative *initiative.Initiative
	Items      []reportable
	CanUpload  bool
	Input      map[string]string
	Errors     map[string]string
	Problem    string
	Done       string
}

// reportables lists what the user may report: each indicator of the
// initiative reported by an organization the user speaks for.
func (h *handler) reportables(r *http.Request, in *initiative.Initiative) ([]reportable, error) {
	u := httpx.User(r.Context())
	inds, err := h.Measure.Indicators(r.Context(), in.ID, false)
	if err != nil {
		return nil, err
	}
	ms, err := h.Accounts.MembershipsOf(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range ms {
		names[m.OrganizationID] = m.OrganizationName
	}
	now := h.now()
	var out []reportable
	for _, ind := range inds {
		for _, org := range ind.Reporters {
			name, mine := names[org]
			if !mine && !u.IsAdmin() {
				continue
			}
			if ok, _ := h.Accounts.Can(r.Context(), u, account.SpeakForOrganization, account.Org(org)); !ok {
				continue
			}
			out = append(out, reportable{Indicator: ind, OrgID: org, OrgName: name, Period: measure.LastClosed(ind.Frequency, now).String()})
		}
	}
	return out, nil
}

func (h *handler) showReport(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, status int, d reportData) {
	items, err := h.reportables(r, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Initiative, d.Items = in, items
	d.CanUpload, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.EditInitiative, account.Initiative(in.ID))
	if d.Input == nil {
		d.Input = map[string]string{}
	}
	h.render(w, r, status, "initiative_report", "Report numbers for "+in.Name, "initiatives", d)
}

func (h *handler) reportPage(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	h.showReport(w, r, in, http.StatusOK, reportData{})
}

// reportSave records one value for one indicator, period and organization.
// A second value for the same period is a correction; the first is kept.
func (h *handler) reportSave(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	input := map[string]string{"item": r.PostFormValue("item"), "period": strings.TrimSpace(r.PostFormValue("period")),
		"value": strings.TrimSpace(r.PostFormValue("value")), "weight": strings.TrimSpace(r.PostFormValue("weight")), "note": r.PostFormValue("note")}
	indID, org, _ := strings.Cut(input["item"], "|")
	id, _ := strconv.ParseInt(indID, 10, 64)
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.SpeakForOrganization, account.Org(org)); err != nil {
		h.fail(w, r, err)
		return
	}
	problems := map[string]string{}
	value, err := strconv.ParseFloat(strings.ReplaceAll(input["value"], ",", ""), 64)
	if err != nil {
		problems["value"] = fmt.Sprintf("%q is not a number", input["value"])
	}
	weight, werr := optionalNumber(input["weight"])
	if werr != nil {
		problems["weight"] = werr.Error()
	}
	if id == 0 {
		problems["item"] = "choose what you are reporting"
	}
	if len(problems) > 0 {
		h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: problems})
		return
	}
	m, err := h.Measure.ReportWeighted(r.Context(), httpx.Actor(r), org, id, input["period"], value, weight, input["note"])
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: v.Fields})
		return
	case errors.As(err, &c):
		h.showReport(w, r, in, http.StatusConflict, reportData{Input: input, Problem: c.Message})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("Recorded %s for %s.", measure.FormatNumber(m.Value), m.Period)
	if m.Revision > 1 {
		msg = fmt.Sprintf("Corrected %s to %s; the earlier value is kept in the history.", m.Period, measure.FormatNumber(m.Value))
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/initiatives/"+itoa(in.ID)+"/report")
}

// reportUpload imports a CSV or XLSX file of measurements, all or nothing.
func (h *handler) reportUpload(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.EditInitiative, account.Initiative(in.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Problem: "Choose a CSV or XLSX file to upload."})
		return
	}
	defer file.Close()
	var res measure.ImportResult
	switch strings.ToLower(filepath.Ext(hdr.Filename)) {
	case ".csv":
		res, err = h.Measure.ImportCSV(r.Context(), httpx.Actor(r), in.ID, file, hdr.Filename)
	case ".xlsx":
		res, err = h.Measure.ImportXLSX(r.Context(), httpx.Actor(r), in.ID, file, hdr.Filename)
	default:
		err = fmt.Errorf("%s: upload a .csv or .xlsx file (download the template below)", hdr.Filename)
	}
	if errors.Is(err, errs.ErrUnavailable) {
		h.fail(w, r, err)
		return
	}
	if err != nil {
		h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Problem: "Nothing was imported: " + err.Error()})
		return
	}
	h.showReport(w, r, in, http.StatusOK, reportData{Done: fmt.Sprintf("Imported %s: %d new values, %d corrections (earlier values kept), %d unchanged.",
		hdr.Filename, res.Created, res.Corrected, res.Unchanged)})
}

// reportTemplate downloads a file to fill in: the indicators and reporters
// of the initiative, one row each for the last closed period.
func (h *handler) reportTemplate(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	format := r.URL.Query().Get("format")
	if format != measure.FormatXLSX {
		format = measure.FormatCSV
	}
	ctype := "text/csv; charset=utf-8"
	if format == measure.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="measurements-%d.%s"`, in.ID, format))
	if err := h.Measure.Template(r.Context(), in.ID, format, h.now(), w); err != nil {
		h.Logger.Error("report template", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
}
