package web

import (
	"bytes"
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
	"backbone/internal/store"
)

type reportData struct {
	Initiative *initiative.Initiative
	Items      []measure.Reportable
	CanUpload  bool
	Input      map[string]string
	Errors     map[string]string
	Problem    string
	Done       string
}

// showReport shows the report page: what the person may report (the
// store says), and the upload form to those who may import.
func (h *handler) showReport(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, status int,
	d reportData) error {
	var err error
	d.Initiative = in
	if d.Items, err = h.Measure.Reportables(r.Context(), httpx.Actor(r), in.ID, h.now()); err != nil {
		return err
	}
	if d.CanUpload, err = h.may(r, account.ImportMeasurements, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.Input == nil {
		d.Input = map[string]string{}
	}
	h.render(w, r, status, "initiative_report", "Report numbers for "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) reportPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.showReport(w, r, in, http.StatusOK, reportData{})
}

// reportSave records one value for one indicator, period and organization.
// A second value for the same period is a correction; the first is kept.
func (h *handler) reportSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := map[string]string{"item": r.PostFormValue("item"), "period": strings.TrimSpace(r.PostFormValue("period")),
		"value": strings.TrimSpace(r.PostFormValue("value")), "weight": strings.TrimSpace(r.PostFormValue("weight")), "note": r.PostFormValue("note")}
	indID, org, _ := strings.Cut(input["item"], "|")
	id, _ := strconv.ParseInt(indID, 10, 64)
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
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: problems})
	}
	m, err := h.Measure.ReportWeighted(r.Context(), httpx.Actor(r), in.ID, org, id, input["period"], value,
		weight, input["note"])
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		problems := v.Fields
		if msg, ok := problems["indicator_id"]; ok {
			// The form names the indicator with the organization: "what".
			problems["item"] = msg
		}
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: problems})
	case errors.As(err, &c):
		return h.showReport(w, r, in, http.StatusConflict, reportData{Input: input, Problem: c.Message})
	case err != nil:
		return err
	}
	msg := fmt.Sprintf("Recorded %s for %s.", measure.FormatNumber(m.Value), m.Period)
	if m.Revision > 1 {
		msg = fmt.Sprintf("Corrected %s to %s; the earlier value is kept in the history.", m.Period, measure.FormatNumber(m.Value))
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/initiatives/"+itoa(in.ID)+"/report")
	return nil
}

// reportUpload imports a CSV or XLSX file of measurements, all or nothing;
// the store says who may (backbone staff).
func (h *handler) reportUpload(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	// The rule is asked before the upload is read; the store asks again.
	if err := h.offer(r, account.ImportMeasurements, account.Initiative(in.ID)); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.showReport(w, r, in, http.StatusUnprocessableEntity,
			reportData{Problem: "Choose a CSV or XLSX file to upload."})
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
	if importRefused(err) {
		return err
	}
	if err != nil {
		return h.showReport(w, r, in, http.StatusUnprocessableEntity,
			reportData{Problem: "Nothing was imported: " + err.Error()})
	}
	return h.showReport(w, r, in, http.StatusOK,
		reportData{Done: fmt.Sprintf("Imported %s: %s, %s (earlier values kept), %d unchanged.",
			hdr.Filename, plural(res.Created, "new value"), plural(res.Corrected, "correction"), res.Unchanged)})
}

// importRefused reports whether err is one the page cannot help with by showing
// the form again: not allowed, not found, the database unavailable.
func importRefused(err error) bool {
	return errors.Is(err, errs.ErrUnauthenticated) || errors.Is(err, errs.ErrForbidden) ||
		errors.Is(err, errs.ErrNotFound) || errors.Is(store.Classify(err), errs.ErrUnavailable)
}

// reportTemplate downloads a file to fill in: the indicators and reporters
// of the initiative, one row each for the last closed period. The file is
// made before the answer begins, so that a failure is an error page rather
// than half a file.
func (h *handler) reportTemplate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != measure.FormatXLSX {
		format = measure.FormatCSV
	}
	var file bytes.Buffer
	if err := h.Measure.Template(r.Context(), httpx.Actor(r), in.ID, format, h.now(), &file); err != nil {
		return err
	}
	ctype := "text/csv; charset=utf-8"
	if format == measure.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="measurements-%d.%s"`, in.ID, format))
	_, err = file.WriteTo(w)
	return err
}
